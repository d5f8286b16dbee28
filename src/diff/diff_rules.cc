// Rules and event triggers. A rule changes in place with CREATE OR REPLACE RULE (InsertRule
// keeps the row: its comment and ev_enabled stay); one whose table is rebuilt, or that reads a
// relation whose columns change (ALTER COLUMN TYPE refuses a column a rule uses), goes and comes
// back around it, as views do. An event trigger has no ALTER but ENABLE / DISABLE and owner and
// name: anything else is a drop and a create.
#include "diff/differ.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

ObjectRef RuleRef(const Rule& r) { return ObjectRef::Of(ObjectKind::kRule, r.table.schema, r.table.name, r.name); }
std::string RuleObj(const Rule& r) { return "rule " + r.table.Display() + "." + r.name; }
std::string RuleOn(const Rule& r) { return "RULE " + QuoteIdent(r.name) + " ON " + r.table.Sql(); }
std::string DropRuleSql(const Rule& r) { return "DROP " + RuleOn(r); }

// ALTER TABLE ... {ENABLE | DISABLE | ENABLE REPLICA | ENABLE ALWAYS} RULE (pg_rewrite.ev_enabled).
std::string EnableRuleSql(const Rule& r, char state) {
  const char* how = state == 'D' ? "DISABLE" : state == 'R' ? "ENABLE REPLICA" : state == 'A' ? "ENABLE ALWAYS" : "ENABLE";
  return "ALTER TABLE " + r.table.Sql() + " " + how + " RULE " + QuoteIdent(r.name);
}

// CREATE [OR REPLACE] RULE (both spellings of create_sql start with "CREATE RULE").
std::string RuleSql(const Rule& r, bool replace) {
  std::string s = r.create_sql;
  if (replace && s.rfind("CREATE ", 0) == 0) s.insert(6, " OR REPLACE");
  return s;
}

// CREATE RULE, and the state it must be left in when that is not the default (fires).
std::string CreateRuleSql(const Rule& r) { return RuleSql(r, false) + (r.enabled == 'O' ? "" : "; " + EnableRuleSql(r, r.enabled)); }

ObjectRef EventRef(const EventTrigger& e) { return ObjectRef::Of(ObjectKind::kEventTrigger, "", e.name); }
std::string EventObj(const EventTrigger& e) { return "event trigger " + e.name; }
std::string EventOn(const EventTrigger& e) { return "EVENT TRIGGER " + QuoteIdent(e.name); }

std::string EnableEventSql(const EventTrigger& e, char state) {
  const char* how = state == 'D' ? "DISABLE" : state == 'R' ? "ENABLE REPLICA" : state == 'A' ? "ENABLE ALWAYS" : "ENABLE";
  return "ALTER " + EventOn(e) + " " + how;
}

std::string CreateEventSql(const EventTrigger& e) {
  std::string s = "CREATE " + EventOn(e) + " ON " + QuoteIdent(e.event);
  if (!e.tags.empty()) {
    std::vector<std::string> tags;
    for (const auto& t : e.tags) tags.push_back(QuoteLiteral(t));
    s += " WHEN TAG IN (" + Join(tags, ", ") + ")";
  }
  s += " EXECUTE FUNCTION " + e.function.Sql() + "()";
  return s + (e.enabled == 'O' ? "" : "; " + EnableEventSql(e, e.enabled));
}

std::vector<ObjectRef> EventUses(const EventTrigger& e) {
  return {ObjectRef::Of(ObjectKind::kFunction, e.function.schema, e.function.name)};
}

}  // namespace

std::vector<ObjectRef> UsesOf(const Rule& r) { return parse::UsesOfSql(r.create_sql); }

bool Differ::RuleRebuilt(const Rule& r) const {
  if (Rebuilt(r.table) || Forced(RuleRef(r))) return true;
  // Columns changing under it: the rule goes first (ALTER COLUMN TYPE / DROP COLUMN refuse it).
  if (changed_relations_.count(r.table)) return true;
  for (const auto& u : UsesOf(r)) {
    if (u.IsRelationLike() && changed_relations_.count({u.schema, u.name})) return true;
  }
  return false;
}

void Differ::DiffRules() {
  for (const auto& [key, have] : live_.rules) {
    auto it = desired_.rules.find(key);
    if (it != desired_.rules.end() && !RuleRebuilt(have)) continue;  // kept or replaced in place
    Emit(Action::kDrop, RuleRef(have), StepKind::kDropRule, RuleObj(have), DropRuleSql(have),
         CreateRuleSql(have) + RestoreCommentSql(RuleOn(have), have.comment))
        .releases = Releases(UsesOf(have));
  }
  for (const auto& [key, want] : desired_.rules) {
    auto it = live_.rules.find(key);
    bool kept = it != live_.rules.end() && !RuleRebuilt(it->second);
    DiffComment(RuleRef(want), RuleOn(want), RuleObj(want), kept ? it->second.comment : std::nullopt, want.comment);
    if (!kept) {
      Emit(Action::kCreate, RuleRef(want), StepKind::kCreateRule, RuleObj(want), CreateRuleSql(want), DropRuleSql(want)).needs =
          Needs(UsesOf(want));
      continue;
    }
    const Rule& have = it->second;
    if (!(have == want)) {
      // CREATE OR REPLACE RULE: the inverse puts the live definition back the same way.
      Step& step = Emit(Action::kAlter, RuleRef(want), StepKind::kReplaceRule, RuleObj(want), RuleSql(want, true),
                        RuleSql(have, true));
      step.needs = Needs(UsesOf(want));
      step.releases = Releases(UsesOf(have));
    }
    if (have.enabled != want.enabled) {
      Emit(Action::kAlter, RuleRef(want), StepKind::kAlterRule, RuleObj(want), EnableRuleSql(want, want.enabled),
           EnableRuleSql(want, have.enabled));
    }
  }
}

void Differ::DiffEventTriggers() {
  for (const auto& [name, have] : live_.event_triggers) {
    auto it = desired_.event_triggers.find(name);
    if (it != desired_.event_triggers.end() && it->second == have && !Forced(EventRef(have))) continue;
    Emit(Action::kDrop, EventRef(have), StepKind::kDropEventTrigger, EventObj(have), "DROP " + EventOn(have),
         CreateEventSql(have) + RestoreCommentSql(EventOn(have), have.comment))
        .releases = Releases(EventUses(have));
  }
  for (const auto& [name, want] : desired_.event_triggers) {
    auto it = live_.event_triggers.find(name);
    bool kept = it != live_.event_triggers.end() && it->second == want && !Forced(EventRef(want));
    DiffComment(EventRef(want), EventOn(want), EventObj(want), kept ? it->second.comment : std::nullopt, want.comment);
    if (!kept) {
      // CREATE EVENT TRIGGER needs a superuser (PostgreSQL 15); the server says so if not.
      Emit(Action::kCreate, EventRef(want), StepKind::kCreateEventTrigger, EventObj(want), CreateEventSql(want),
           "DROP " + EventOn(want))
          .needs = Needs(EventUses(want));
    } else if (it->second.enabled != want.enabled) {
      Emit(Action::kAlter, EventRef(want), StepKind::kAlterEventTrigger, EventObj(want), EnableEventSql(want, want.enabled),
           EnableEventSql(want, it->second.enabled));
    }
  }
}

}  // namespace schemasync::diff
