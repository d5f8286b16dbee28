// CREATE TYPE ... AS RANGE -> model (DefineRange's options, as pg_range holds them).
#include <algorithm>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {

Status Builder::CreateRange(const PgQuery__CreateRangeStmt* s) {
  RangeType r;
  r.name = NameOfList(s->type_name, s->n_type_name);
  bool multirange_given = false;
  for (size_t i = 0; i < s->n_params; ++i) {
    if (s->params[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) return MakeError(ErrorKind::kSyntax, "range option expected");
    const PgQuery__DefElem* d = s->params[i]->def_elem;
    std::string opt = d->defname ? d->defname : "";
    std::transform(opt.begin(), opt.end(), opt.begin(), ::tolower);
    std::vector<std::string> parts = NameParts(d->arg);
    if (parts.empty() || parts.size() > 2) {
      return MakeError(ErrorKind::kSyntax, "range option " + opt + " needs a name (schema-qualified at most)");
    }
    if (opt == "subtype") {
      if (d->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) return MakeError(ErrorKind::kSyntax, "subtype needs a type name");
      // typenameTypeId: a type modifier is dropped (pg_range has none; varchar(10) is varchar).
      PgQuery__TypeName* tn = d->arg->type_name;
      size_t typmods = tn->n_typmods;
      tn->n_typmods = 0;
      r.subtype = CanonicalTypeName(tn);
      tn->n_typmods = typmods;
    } else if (opt == "subtype_opclass") {
      r.opclass = CatalogName(parts);  // a default one is cleared by the pipeline (CanonicalizeRanges)
    } else if (opt == "collation") {
      r.collation = parts.back();  // by its name, as format_type's callers compare collations
    } else if (opt == "canonical") {
      r.canonical = CatalogName(parts);
    } else if (opt == "subtype_diff") {
      r.subtype_diff = CatalogName(parts);
    } else if (opt == "multirange_type_name") {
      // QualifiedNameGetCreationNamespace: an unqualified name goes to public, not the range's schema.
      r.multirange = parts.size() == 2 ? QualifiedName{parts[0], parts[1]} : QualifiedName{"public", parts[0]};
      multirange_given = true;
    } else {
      return MakeError(ErrorKind::kSyntax, "type attribute \"" + opt + "\" not recognized (a range takes SUBTYPE, "
                                           "SUBTYPE_OPCLASS, COLLATION, CANONICAL, SUBTYPE_DIFF and MULTIRANGE_TYPE_NAME)");
    }
  }
  if (r.subtype.empty()) return MakeError(ErrorKind::kSyntax, "type attribute \"subtype\" is required");
  if (!multirange_given) r.multirange = RangeType::DefaultMultirangeName(r.name);
  auto type_exists = [&](const QualifiedName& n) {
    if (schema_.enums.count(n) || schema_.domains.count(n) || schema_.composites.count(n) || schema_.ranges.count(n)) return true;
    return std::any_of(schema_.ranges.begin(), schema_.ranges.end(), [&](const auto& kv) { return kv.second.multirange == n; });
  };
  if (type_exists(r.name)) return MakeError(ErrorKind::kSyntax, "type \"" + r.name.Display() + "\" already exists");
  if (type_exists(r.multirange) || r.multirange == r.name) {
    return MakeError(ErrorKind::kSyntax, "type \"" + r.multirange.Display() + "\" already exists (the multirange type of range \"" +
                                             r.name.Display() + "\"); name another with MULTIRANGE_TYPE_NAME");
  }
  Remember("type " + r.name.Display());
  Created('T', r.name);
  schema_.ranges[r.name] = std::move(r);
  return Ok();
}

void Builder::ResolveRangeFunctions() {
  for (auto& [n, r] : schema_.ranges) {
    for (std::string* f : {&r.canonical, &r.subtype_diff}) {
      if (f->empty() || f->find('.') != std::string::npos) continue;
      // Unquoted again to compare with the model's function names.
      std::string bare = *f;
      if (bare.size() >= 2 && bare.front() == '"') {
        bare = bare.substr(1, bare.size() - 2);
        for (size_t at = bare.find("\"\""); at != std::string::npos; at = bare.find("\"\"", at + 1)) bare.erase(at, 1);
      }
      bool in_public = std::any_of(schema_.functions.begin(), schema_.functions.end(), [&](const auto& kv) {
        return kv.second.name.schema == "public" && kv.second.name.name == bare;
      });
      if (in_public) *f = "public." + QuoteIdent(bare);
    }
  }
}

}  // namespace schemasync::parse
