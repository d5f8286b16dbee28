// CREATE SEQUENCE / ALTER SEQUENCE -> model.
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

// A sequence option's value as defGetInt64 reads it: an integer, or a Float node holding one too
// big for int4 (int8in refuses anything else: "0.5", "1e3", out of range).
Result<long long> NumberOf(const PgQuery__Node* n, const std::string& option) {
  if (!n) return MakeError(ErrorKind::kSyntax, option + " requires a numeric value");
  if (n->node_case == PG_QUERY__NODE__NODE_INTEGER) return static_cast<long long>(n->integer->ival);
  if (n->node_case == PG_QUERY__NODE__NODE_FLOAT && n->float_->fval) {
    const char* text = n->float_->fval;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text, &end, 10);
    if (errno == 0 && end && *end == '\0' && end != text) return v;
    return MakeError(ErrorKind::kSyntax, option + " must be an integer within bigint's range, not " + text);
  }
  return MakeError(ErrorKind::kSyntax, option + " requires a numeric value");
}

struct SeqOptions {
  std::optional<std::string> type;
  std::optional<long long> increment, min, max, start, cache;
  std::optional<bool> cycle;
  std::optional<std::string> owned_by;
};

Result<SeqOptions> ReadOptions(PgQuery__Node* const* options, size_t n, const std::string& schema) {
  SeqOptions o;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__DefElem* d = options[i]->def_elem;
    std::string opt = d->defname;
    if (opt == "as") o.type = CanonicalTypeName(d->arg->type_name);
    else if (opt == "increment") {
      TRY_ASSIGN(o.increment, NumberOf(d->arg, "INCREMENT"));
      // init_params: "INCREMENT must not be zero".
      if (*o.increment == 0) return MakeError(ErrorKind::kSyntax, "INCREMENT must not be zero");
    } else if (opt == "minvalue") {
      o.min = LLONG_MIN;  // NO MINVALUE
      if (d->arg) TRY_ASSIGN(o.min, NumberOf(d->arg, "MINVALUE"));
    } else if (opt == "maxvalue") {
      o.max = LLONG_MIN;  // NO MAXVALUE
      if (d->arg) TRY_ASSIGN(o.max, NumberOf(d->arg, "MAXVALUE"));
    } else if (opt == "start") {
      TRY_ASSIGN(o.start, NumberOf(d->arg, "START"));
    } else if (opt == "cache") {
      TRY_ASSIGN(o.cache, NumberOf(d->arg, "CACHE"));
      if (*o.cache <= 0) return MakeError(ErrorKind::kSyntax, "CACHE must be greater than zero");
    }
    else if (opt == "cycle") o.cycle = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && d->arg->boolean->boolval;
    else if (opt == "owned_by") {
      auto names = StringList(d->arg->list->items, d->arg->list->n_items);
      if (names.size() == 1 && names[0] == "none") {
        o.owned_by = "";
      } else if (names.size() >= 2) {
        std::string col = names.back();
        std::string table = names[names.size() - 2];
        std::string sch = names.size() >= 3 ? names[names.size() - 3] : schema;
        o.owned_by = QuoteIdent(sch) + "." + QuoteIdent(table) + "." + QuoteIdent(col);
      }
    } else {
      return MakeError(ErrorKind::kUnsupported, "sequence option " + opt + " is not supported");
    }
  }
  return o;
}

// Resolves defaults the way DefineSequence / init_params do.
void Resolve(Sequence& s, const SeqOptions& o) {
  if (o.type) s.type = *o.type;
  if (o.increment) s.increment = *o.increment;
  const Sequence d = Sequence::Defaults(s.type, s.increment);
  s.max = o.max && *o.max != LLONG_MIN ? *o.max : d.max;
  s.min = o.min && *o.min != LLONG_MIN ? *o.min : d.min;
  s.start = o.start ? *o.start : (s.increment > 0 ? s.min : s.max);
  if (o.cache) s.cache = *o.cache;
  if (o.cycle) s.cycle = *o.cycle;
  if (o.owned_by) s.owned_by = *o.owned_by;
}

}  // namespace

Result<Sequence> IdentitySequence(const std::string& type, PgQuery__Node* const* options, size_t n,
                                  const std::string& default_name) {
  // GENERATED ... AS IDENTITY (options): CREATE SEQUENCE's, plus SEQUENCE NAME
  // (generateSerialOrIdentity); the sequence takes the column's type.
  std::vector<PgQuery__Node*> rest;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__DefElem* d = options[i]->def_elem;
    if (std::string(d->defname) == "as") return MakeError(ErrorKind::kSyntax, "an identity sequence takes the column's type: remove AS");
    if (std::string(d->defname) != "sequence_name") {
      rest.push_back(options[i]);
      continue;
    }
    auto names = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST
                     ? StringList(d->arg->list->items, d->arg->list->n_items) : std::vector<std::string>{};
    if (names.empty() || names.back() != default_name) {
      return MakeError(ErrorKind::kUnsupported, "identity SEQUENCE NAME other than PostgreSQL's own choice (\"" + default_name +
                                                    "\") is not supported; remove SEQUENCE NAME");
    }
  }
  SeqOptions o;
  TRY_ASSIGN(o, ReadOptions(rest.data(), rest.size(), ""));
  if (o.owned_by) return MakeError(ErrorKind::kSyntax, "an identity sequence is owned by its column: remove OWNED BY");
  Sequence s;
  s.type = type;
  Resolve(s, o);
  return s;
}

Status AlterIdentitySequence(Sequence& s, const std::vector<PgQuery__Node*>& options) {
  // ALTER COLUMN ... SET option: only the options given change (AlterSequence's init_params
  // with isInit false); NO MINVALUE / NO MAXVALUE go back to the type's bound.
  SeqOptions o;
  TRY_ASSIGN(o, ReadOptions(options.data(), options.size(), ""));
  if (o.type || o.owned_by) return MakeError(ErrorKind::kSyntax, "an identity sequence's type and owner are its column's");
  if (o.increment) s.increment = *o.increment;
  const Sequence d = Sequence::Defaults(s.type, s.increment);
  if (o.min) s.min = *o.min == LLONG_MIN ? d.min : *o.min;
  if (o.max) s.max = *o.max == LLONG_MIN ? d.max : *o.max;
  if (o.start) s.start = *o.start;
  if (o.cache) s.cache = *o.cache;
  if (o.cycle) s.cycle = *o.cycle;
  return Ok();
}

Status Builder::CreateSequence(const PgQuery__CreateSeqStmt* s) {
  Sequence seq;
  seq.name = NameOf(s->sequence);
  SeqOptions o;
  TRY_ASSIGN(o, ReadOptions(s->options, s->n_options, seq.name.schema));
  Resolve(seq, o);
  if (schema_.sequences.count(seq.name) || Taken(seq.name.schema).count(seq.name.name)) {
    if (s->if_not_exists) return Ok();
    return MakeError(ErrorKind::kSyntax, "relation \"" + seq.name.Display() + "\" already exists");
  }
  Taken(seq.name.schema).insert(seq.name.name);
  schema_.sequences[seq.name] = seq;
  Created('S', seq.name);
  return Ok();
}

Status Builder::AlterSequence(const PgQuery__AlterSeqStmt* s) {
  QualifiedName name = NameOf(s->sequence);
  auto it = schema_.sequences.find(name);
  if (it == schema_.sequences.end()) return MakeError(ErrorKind::kSyntax, "relation \"" + name.Display() + "\" does not exist");
  SeqOptions o;
  TRY_ASSIGN(o, ReadOptions(s->options, s->n_options, name.schema));
  if (o.type || o.increment || o.min || o.max || o.start || o.cache || o.cycle) {
    return MakeError(ErrorKind::kUnsupported, "ALTER SEQUENCE supports OWNED BY only; put the parameters in CREATE SEQUENCE");
  }
  if (o.owned_by) it->second.owned_by = *o.owned_by;
  return Ok();
}

}  // namespace schemasync::parse
