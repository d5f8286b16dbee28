// CREATE SEQUENCE / ALTER SEQUENCE and GRANT / REVOKE on relations -> model.
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

namespace {
// Applies GRANT or REVOKE of `privs` for the statement's grantees to `g`.
Status ApplyGrant(const PgQuery__GrantStmt* s, const std::vector<std::string>& privs,
                  std::map<std::string, std::set<std::string>>& g) {
  for (size_t j = 0; j < s->n_grantees; ++j) {
    const PgQuery__RoleSpec* r = s->grantees[j]->role_spec;
    std::string grantee;
    if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) grantee = "PUBLIC";
    else if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) grantee = r->rolename;
    else return MakeError(ErrorKind::kUnsupported, "CURRENT_USER / SESSION_USER grantees are not supported");
    if (s->is_grant && s->grant_option && grantee == "PUBLIC") {
      // ExecuteGrantStmt: "grant options can only be granted to roles".
      return MakeError(ErrorKind::kSyntax, "grant options can only be granted to roles, not to PUBLIC");
    }
    for (const auto& p : privs) {
      if (s->is_grant) {
        g[grantee].insert(s->grant_option ? p + " WITH GRANT OPTION" : p);
        if (s->grant_option) g[grantee].erase(p);
      } else {
        g[grantee].erase(p);
        g[grantee].erase(p + " WITH GRANT OPTION");
        // Revoking a table privilege revokes it on every column too (ExecGrant_Relation).
        std::erase_if(g[grantee], [&](const std::string& held) { return held.rfind(p + " (", 0) == 0; });
      }
    }
    if (g[grantee].empty()) g.erase(grantee);
  }
  return Ok();
}
}  // namespace

Status Builder::Grant(const PgQuery__GrantStmt* s) {
  using Kind = PgQuery__ObjectType;
  const Kind kind = s->objtype;
  if (s->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT ||
      (kind != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && kind != PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE &&
       kind != PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA && kind != PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION &&
       kind != PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE)) {
    return MakeError(ErrorKind::kUnsupported,
                     "GRANT/REVOKE is supported on tables, views, sequences, schemas and functions (not ALL ... IN SCHEMA or DEFAULT PRIVILEGES)");
  }
  std::vector<std::string> privs;
  std::vector<std::string> column_privs;  // "SELECT (col)": privileges on columns (pg_attribute.attacl)
  for (size_t i = 0; i < s->n_privileges; ++i) {
    const PgQuery__AccessPriv* p = s->privileges[i]->access_priv;
    std::string name = p->priv_name ? p->priv_name : "";
    for (auto& ch : name) ch = static_cast<char>(toupper(ch));
    if (p->n_cols) {
      if (kind != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        return MakeError(ErrorKind::kSyntax, "column privileges exist on tables and views only");
      }
      // ALL (cols) is every privilege a column can have (ACL_ALL_RIGHTS_COLUMN).
      std::vector<std::string> names = name.empty() ? std::vector<std::string>{"SELECT", "INSERT", "UPDATE", "REFERENCES"}
                                                    : std::vector<std::string>{name};
      for (const auto& col : StringList(p->cols, p->n_cols)) {
        for (const auto& n : names) column_privs.push_back(n + " (" + QuoteIdent(col) + ")");
      }
      continue;
    }
    if (name.empty()) continue;  // ALL [PRIVILEGES] among others: expanded below
    privs.push_back(name);
  }
  if (privs.empty() && column_privs.empty()) {  // ALL [PRIVILEGES]
    if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) privs = {"SELECT", "UPDATE", "USAGE"};
    else if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) privs = {"USAGE", "CREATE"};
    else if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) privs = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"};
    else privs = {"EXECUTE"};
  }
  for (size_t j = 0; j < s->n_grantees; ++j) {
    const PgQuery__RoleSpec* r = s->grantees[j]->role_spec;
    if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) Remember(std::string("role ") + r->rolename, r->location);
  }
  for (size_t i = 0; i < s->n_objects; ++i) {
    const PgQuery__Node* o = s->objects[i];
    if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
      std::string n = StringOf(o);
      if (!schema_.schemas.count(n)) {
        return MakeError(ErrorKind::kSyntax, "schema \"" + n + "\" is not created by the desired SQL (privileges on public are not managed)");
      }
      TRY(ApplyGrant(s, privs, schema_.schema_grants[n]));
      if (schema_.schema_grants[n].empty()) schema_.schema_grants.erase(n);
      continue;
    }
    if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION || kind == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE) {
      Function* f;
      TRY_ASSIGN(f, FindFunction(o->object_with_args));
      TRY(ApplyGrant(s, privs, f->grants));
      continue;
    }
    bool sequence = kind == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE;
    QualifiedName rel = NameOf(o->range_var);
    bool exists = sequence ? schema_.sequences.count(rel) > 0 : (schema_.tables.count(rel) || schema_.views.count(rel));
    if (!exists) return MakeError(ErrorKind::kSyntax, "relation \"" + rel.Display() + "\" does not exist");
    if (!column_privs.empty()) {
      auto table = schema_.tables.find(rel);
      for (size_t k = 0; k < s->n_privileges && table != schema_.tables.end(); ++k) {
        const PgQuery__AccessPriv* p = s->privileges[k]->access_priv;
        for (const auto& col : StringList(p->cols, p->n_cols)) {
          if (!table->second.FindColumn(col)) {
            return MakeError(ErrorKind::kSyntax, "column \"" + col + "\" of relation \"" + rel.Display() + "\" does not exist");
          }
        }
      }
    }
    std::vector<std::string> all = privs;  // GRANT SELECT, UPDATE (body): table and column privileges at once
    all.insert(all.end(), column_privs.begin(), column_privs.end());
    TRY(ApplyGrant(s, all, schema_.grants[rel]));
    if (schema_.grants[rel].empty()) schema_.grants.erase(rel);
  }
  return Ok();
}

}  // namespace schemasync::parse
