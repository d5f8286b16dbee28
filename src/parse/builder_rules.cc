// CREATE RULE and CREATE / ALTER EVENT TRIGGER -> model.
#include <algorithm>

#include "parse/builder.h"
#include "parse/transform.h"

namespace schemasync::parse {

Status Builder::CreateRule(const PgQuery__Node* stmt) {
  Rule r;
  TRY_ASSIGN(r, TransformRuleStmt(stmt));
  if (!schema_.tables.count(r.table) && !schema_.views.count(r.table)) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + r.table.Display() + "\" does not exist");
  }
  // Until the pipeline has the server compile it (CanonicalizeRules), the key is the desired
  // text's own spelling.
  r.canonical = false;
  auto key = std::make_pair(r.table, r.name);
  auto old = schema_.rules.find(key);
  if (old != schema_.rules.end()) {
    if (!stmt->rule_stmt->replace) {
      return MakeError(ErrorKind::kSyntax, "rule \"" + r.name + "\" for relation \"" + r.table.Display() + "\" already exists");
    }
    r.comment = old->second.comment;  // CREATE OR REPLACE RULE keeps the rule's row, its comment
    r.enabled = old->second.enabled;  // and ev_enabled (DefineQueryRewrite updates the rule)
  }
  schema_.rules[key] = std::move(r);
  return Ok();
}

Status Builder::CreateEventTrigger(const PgQuery__CreateEventTrigStmt* s) {
  EventTrigger e;
  e.name = s->trigname ? s->trigname : "";
  e.event = s->eventname ? s->eventname : "";
  for (size_t i = 0; i < s->n_whenclause; ++i) {
    const PgQuery__Node* n = s->whenclause[i];
    const PgQuery__DefElem* d = n->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? n->def_elem : nullptr;
    std::string var = d && d->defname ? d->defname : "";
    if (var != "tag") return MakeError(ErrorKind::kSyntax, "unrecognized filter variable \"" + var + "\"; event triggers filter on TAG only");
    if (!e.tags.empty()) return MakeError(ErrorKind::kSyntax, "filter variable \"tag\" specified more than once");
    if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST) return MakeError(ErrorKind::kSyntax, "TAG IN (...) expected");
    // filter_list_to_array stores the tags upper-cased, in order (which means nothing).
    for (std::string tag : StringList(d->arg->list->items, d->arg->list->n_items)) {
      std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return c < 0x80 ? ::toupper(c) : c; });
      e.tags.push_back(tag);
    }
  }
  e.function = NameOfList(s->funcname, s->n_funcname);
  if (schema_.event_triggers.count(e.name)) return MakeError(ErrorKind::kSyntax, "event trigger \"" + e.name + "\" already exists");
  schema_.event_triggers[e.name] = std::move(e);
  return Ok();
}

Status Builder::AlterEventTrigger(const PgQuery__AlterEventTrigStmt* s) {
  std::string name = s->trigname ? s->trigname : "";
  auto it = schema_.event_triggers.find(name);
  if (it == schema_.event_triggers.end()) {
    return MakeError(ErrorKind::kSyntax, "event trigger \"" + name + "\" does not exist; create it with CREATE EVENT TRIGGER first");
  }
  // tgenabled: 'O' ENABLE, 'D' DISABLE, 'R' ENABLE REPLICA, 'A' ENABLE ALWAYS.
  char state = s->tgenabled && *s->tgenabled ? s->tgenabled[0] : 'O';
  if (state != 'O' && state != 'D' && state != 'R' && state != 'A') {
    return MakeError(ErrorKind::kUnsupported, "this ALTER EVENT TRIGGER action is not supported (supported: ENABLE, DISABLE, "
                                              "ENABLE REPLICA, ENABLE ALWAYS)");
  }
  it->second.enabled = state;
  return Ok();
}

}  // namespace schemasync::parse
