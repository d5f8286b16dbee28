// CREATE [OR REPLACE] AGGREGATE -> model: DefineAggregate's options resolved to what
// pg_aggregate and pg_proc hold, in both syntaxes (name (args) (...), and the old one with
// BASETYPE), ordered-set and hypothetical-set aggregates included.
#include <algorithm>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

// format_type() of the type a TypeName names: a type modifier is dropped (pg_proc and
// pg_aggregate hold type OIDs only: typenameTypeId).
std::string TypeOf(PgQuery__TypeName* tn) {
  size_t typmods = tn->n_typmods;
  tn->n_typmods = 0;
  std::string out = CanonicalTypeName(tn);
  tn->n_typmods = typmods;
  return out;
}

// defGetString: the text of a number, a string, a keyword or a name.
std::string OptionText(const PgQuery__Node* arg) {
  if (!arg) return "";
  switch (arg->node_case) {
    case PG_QUERY__NODE__NODE_INTEGER: return std::to_string(arg->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT: return arg->float_->fval;
    case PG_QUERY__NODE__NODE_BOOLEAN: return arg->boolean->boolval ? "true" : "false";
    default: return Join(NameParts(arg), ".");
  }
}

}  // namespace

Status Builder::CreateAggregate(const PgQuery__DefineStmt* s) {
  Aggregate a;
  a.name = NameOfList(s->defnames, s->n_defnames);
  const std::string what = "aggregate " + a.name.Display();
  auto bad = [&](const std::string& message) { return MakeError(ErrorKind::kSyntax, what + ": " + message); };
  int direct = -1;  // aggr_args' second item: -1 for a normal aggregate
  if (!s->oldstyle) {
    if (s->n_args != 2) return bad("argument list expected");
    const PgQuery__Node* list = s->args[0];
    if (s->args[1]->node_case == PG_QUERY__NODE__NODE_INTEGER) direct = s->args[1]->integer->ival;
    size_t n = list && list->node_case == PG_QUERY__NODE__NODE_LIST ? list->list->n_items : 0;
    for (size_t i = 0; i < n; ++i) {
      const PgQuery__Node* item = list->list->items[i];
      if (item->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER) return bad("argument expected");
      const PgQuery__FunctionParameter* p = item->function_parameter;
      if (p->mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_IN &&
          p->mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_DEFAULT &&
          p->mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC) {
        return bad("aggregates cannot have output arguments");
      }
      if (p->defexpr) return bad("aggregates cannot have argument defaults");
      a.args.push_back({p->name ? p->name : "", TypeOf(p->arg_type),
                        p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC});
    }
  }
  bool hypothetical = false, have_modify = false, have_mmodify = false;
  for (size_t i = 0; i < s->n_definition; ++i) {
    if (s->definition[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) return bad("option expected");
    const PgQuery__DefElem* d = s->definition[i]->def_elem;
    const std::string opt = d->defname ? d->defname : "";
    const PgQuery__Node* arg = d->arg;
    auto name = [&](std::string& field) -> Status {
      std::vector<std::string> parts = NameParts(arg);
      if (parts.empty() || parts.size() > 2) return bad(opt + " needs a function name (schema-qualified at most)");
      field = CatalogName(parts);
      return Ok();
    };
    auto type = [&](std::string& field) -> Status {
      if (arg && arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) field = TypeOf(arg->type_name);
      else if (arg && arg->node_case == PG_QUERY__NODE__NODE_STRING) field = CanonicalTypeName("", StringOf(arg), {}, 0);
      else return bad(opt + " needs a type");
      return Ok();
    };
    auto integer = [&](int& field) -> Status {
      if (!arg || arg->node_case != PG_QUERY__NODE__NODE_INTEGER) return bad(opt + " needs an integer");
      field = arg->integer->ival;
      return Ok();
    };
    // defGetBoolean: no value is true; true/false/on/off/1/0.
    auto boolean = [&](bool& field) -> Status {
      std::string v = Lower(OptionText(arg));
      if (!arg || v == "true" || v == "on" || v == "1") field = true;
      else if (v == "false" || v == "off" || v == "0") field = false;
      else return bad(opt + " requires a Boolean value");
      return Ok();
    };
    auto modify = [&](char& field, bool& given) -> Status {
      std::string v = Lower(OptionText(arg));
      field = v == "read_only" ? 'r' : v == "shareable" ? 's' : v == "read_write" ? 'w' : 0;
      if (!field) return bad(opt + " must be READ_ONLY, SHAREABLE, or READ_WRITE");
      given = true;
      return Ok();
    };
    if (opt == "sfunc" || opt == "sfunc1") TRY(name(a.sfunc));
    else if (opt == "stype" || opt == "stype1") TRY(type(a.stype));
    else if (opt == "sspace") TRY(integer(a.sspace));
    else if (opt == "finalfunc") TRY(name(a.finalfunc));
    else if (opt == "finalfunc_extra") TRY(boolean(a.finalfunc_extra));
    else if (opt == "finalfunc_modify") TRY(modify(a.finalfunc_modify, have_modify));
    else if (opt == "combinefunc") TRY(name(a.combinefunc));
    else if (opt == "serialfunc") TRY(name(a.serialfunc));
    else if (opt == "deserialfunc") TRY(name(a.deserialfunc));
    else if (opt == "initcond" || opt == "initcond1") a.initcond = OptionText(arg);
    else if (opt == "msfunc") TRY(name(a.msfunc));
    else if (opt == "minvfunc") TRY(name(a.minvfunc));
    else if (opt == "mstype") TRY(type(a.mstype));
    else if (opt == "msspace") TRY(integer(a.msspace));
    else if (opt == "mfinalfunc") TRY(name(a.mfinalfunc));
    else if (opt == "mfinalfunc_extra") TRY(boolean(a.mfinalfunc_extra));
    else if (opt == "mfinalfunc_modify") TRY(modify(a.mfinalfunc_modify, have_mmodify));
    else if (opt == "minitcond") a.minitcond = OptionText(arg);
    else if (opt == "hypothetical") TRY(boolean(hypothetical));
    else if (opt == "sortop") {
      std::vector<std::string> parts = NameParts(arg);
      if (parts.empty() || parts.size() > 2) return bad("sortop needs an operator");
      a.sortop = parts.size() == 1 || parts[0] == "pg_catalog" ? parts.back() : QuoteIdent(parts[0]) + "." + parts[1];
    } else if (opt == "parallel") {
      std::string v = Lower(OptionText(arg));
      a.parallel = v == "safe" ? 's' : v == "restricted" ? 'r' : v == "unsafe" ? 'u' : 0;
      if (!a.parallel) return bad("parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");
    } else if (opt == "basetype") {
      if (!s->oldstyle) return bad("basetype is redundant with aggregate input type specification");
      // Old syntax: one argument, or none for BASETYPE = ANY (compared without case).
      std::string t = OptionText(arg);
      if (Lower(t) != "any") {
        std::string spelled;
        TRY(type(spelled));
        a.args.push_back({"", spelled, false});
      }
    } else {
      // PostgreSQL only warns ("aggregate attribute not recognized") and ignores it.
      return bad("aggregate attribute \"" + opt + "\" not recognized (PostgreSQL would ignore it with a warning); remove it");
    }
  }
  if (s->oldstyle && a.args.empty()) {
    bool given = false;
    for (size_t i = 0; i < s->n_definition; ++i) given |= std::string(s->definition[i]->def_elem->defname) == "basetype";
    if (!given) return bad("aggregate input type must be specified (BASETYPE)");
  }
  if (a.sfunc.empty()) return bad("aggregate sfunc must be specified");
  if (a.stype.empty()) return bad("aggregate stype must be specified");
  if (direct >= 0) {
    a.kind = hypothetical ? 'h' : 'o';
    a.direct_args = direct;
  } else if (hypothetical) {
    return bad("only ordered-set aggregates can be hypothetical");
  }
  // DefineAggregate: a normal aggregate's final functions default to READ_ONLY, an ordered-set
  // one's to READ_WRITE.
  if (!have_modify) a.finalfunc_modify = a.kind == 'n' ? 'r' : 'w';
  if (!have_mmodify) a.mfinalfunc_modify = a.kind == 'n' ? 'r' : 'w';
  if (a.mstype.empty() && (!a.msfunc.empty() || !a.minvfunc.empty() || !a.mfinalfunc.empty() || a.minitcond)) {
    return bad("aggregate mstype must be specified when msfunc, minvfunc, mfinalfunc or minitcond is");
  }
  if (!a.mstype.empty() && (a.msfunc.empty() || a.minvfunc.empty())) {
    return bad("aggregate msfunc and minvfunc must be specified when mstype is specified");
  }
  QualifiedName key{a.name.schema, a.name.name + "(" + a.Identity() + ")"};
  if (schema_.functions.count(key)) return bad("a function with the same argument types already exists");
  if (schema_.aggregates.count(key) && !s->replace) return bad("a function with the same argument types already exists");
  auto old = schema_.aggregates.find(key);
  if (old != schema_.aggregates.end()) {  // OR REPLACE keeps the comment and privileges
    a.comment = old->second.comment;
    a.grants = old->second.grants;
  }
  Remember("aggregate " + key.Display());
  schema_.aggregates[key] = std::move(a);
  Created('f', key);
  return Ok();
}

void Builder::ResolveAggregateNames() {
  for (auto& [key, a] : schema_.aggregates) {
    for (std::string* f : {&a.sfunc, &a.finalfunc, &a.combinefunc, &a.serialfunc, &a.deserialfunc, &a.msfunc, &a.minvfunc,
                           &a.mfinalfunc}) {
      if (f->empty() || SplitQuotedName(*f).size() != 1) continue;
      const std::string bare = SplitQuotedName(*f)[0];
      bool in_public = std::any_of(schema_.functions.begin(), schema_.functions.end(), [&](const auto& kv) {
        return kv.second.name.schema == "public" && kv.second.name.name == bare;
      });
      if (in_public) *f = "public." + QuoteIdent(bare);
    }
  }
}

Result<Aggregate*> Builder::FindAggregate(const PgQuery__ObjectWithArgs* f) {
  // aggregate_with_argtypes: every argument type, direct and aggregated, in one list.
  QualifiedName n = NameOfList(f->objname, f->n_objname);
  std::vector<std::string> args;
  for (size_t i = 0; i < f->n_objargs; ++i) args.push_back(TypeOf(f->objargs[i]->type_name));
  for (auto& [key, a] : schema_.aggregates) {
    if (a.name != n) continue;
    std::vector<std::string> types;
    for (const auto& arg : a.args) types.push_back(arg.type);
    if (types == args || f->args_unspecified) return &a;
  }
  return MakeError(ErrorKind::kSyntax, "aggregate " + n.Display() + "(" + (args.empty() ? "*" : Join(args, ", ")) +
                                           ") does not exist");
}

}  // namespace schemasync::parse
