// Functions, procedures and triggers.
#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

std::string Kind(const Function& f) { return f.procedure ? "PROCEDURE " : "FUNCTION "; }
std::string Obj(const Function& f) { return Kind(f) == "PROCEDURE " ? "procedure " + f.name.Display() + "(" + f.identity + ")"
                                                                  : "function " + f.name.Display() + "(" + f.identity + ")"; }
// pg_get_functiondef's text ends in a newline and no ';'.
std::string Trim(std::string s) {
  while (!s.empty() && (isspace(static_cast<unsigned char>(s.back())) || s.back() == ';')) s.pop_back();
  return s;
}
// Bodies are not checked at creation (check_function_bodies = off, as pg_dump does): a SQL
// function may read tables that later steps create.
std::string Create(const Function& f) { return "SET check_function_bodies = off; " + Trim(f.create_sql); }
std::string Drop(const Function& f) { return "DROP " + Kind(f) + f.SignatureSql(); }

}  // namespace

void Differ::DiffFunctions() {
  for (const auto& [key, want] : desired_.functions) {
    auto it = live_.functions.find(key);
    // CREATE OR REPLACE keeps a comment; DROP and CREATE does not.
    bool kept = it != live_.functions.end() && it->second.interface_key == want.interface_key &&
                it->second.procedure == want.procedure;
    DiffComment(RefOf(want), Kind(want) + want.SignatureSql(), Obj(want), kept ? it->second.comment : std::nullopt, want.comment);
    if (it == live_.functions.end()) {
      Step& step = Emit(Action::kCreate, RefOf(want), StepKind::kCreateFunction, Obj(want), Create(want), Drop(want));
      step.needs = Needs(UsesOf(want));
      step.needs_soft = Needs(BodyUsesOf(want));
      continue;
    }
    const Function& have = it->second;
    if (have == want) continue;
    if (have.interface_key == want.interface_key && have.procedure == want.procedure) {
      Step& step = Emit(Action::kAlter, RefOf(want), StepKind::kReplaceFunction, Obj(want), Create(want), Create(have));
      step.needs = Needs(UsesOf(want));
      step.needs_soft = Needs(BodyUsesOf(want));
      step.releases = Releases(UsesOf(have));
    } else {
      Emit(Action::kDrop, RefOf(have), StepKind::kDropFunction, Obj(have), Drop(have),
           Create(have) + RestoreCommentSql(Kind(have) + have.SignatureSql(), have.comment) +
               AclRestoreSql(Kind(have) + have.SignatureSql(), InitialAcl('f', have.name.schema), have.grants))
          .releases = Releases(UsesOf(have));
      Step& created = Emit(Action::kCreate, RefOf(want), StepKind::kCreateFunction, Obj(want), Create(want), Drop(want));
      created.needs = Needs(UsesOf(want));
      created.needs_soft = Needs(BodyUsesOf(want));
    }
  }
  for (const auto& [key, have] : live_.functions) {
    if (!desired_.functions.count(key)) {
      Emit(Action::kDrop, RefOf(have), StepKind::kDropFunction, Obj(have), Drop(have),
           Create(have) + RestoreCommentSql(Kind(have) + have.SignatureSql(), have.comment) +
               AclRestoreSql(Kind(have) + have.SignatureSql(), InitialAcl('f', have.name.schema), have.grants))
          .releases = Releases(UsesOf(have));
    }
  }
}

namespace {

// ALTER TABLE ... {ENABLE | DISABLE | ENABLE REPLICA | ENABLE ALWAYS} TRIGGER (pg_trigger.tgenabled).
std::string EnableSql(const Trigger& t, char state) {
  const char* how = state == 'D' ? "DISABLE" : state == 'R' ? "ENABLE REPLICA" : state == 'A' ? "ENABLE ALWAYS" : "ENABLE";
  return "ALTER TABLE " + t.table.Sql() + " " + how + " TRIGGER " + QuoteIdent(t.name);
}

// CREATE TRIGGER, and the state it must be left in when that is not the default (fires).
std::string CreateTriggerSql(const Trigger& t) {
  return Trim(t.create_sql) + (t.enabled == 'O' ? "" : "; " + EnableSql(t, t.enabled));
}

}  // namespace

void Differ::DiffTriggers() {
  auto drop = [](const Trigger& t) { return "DROP TRIGGER " + QuoteIdent(t.name) + " ON " + t.table.Sql(); };
  auto obj = [](const Trigger& t) { return "trigger " + t.table.Display() + "." + t.name; };
  auto ref = [](const Trigger& t) { return ObjectRef::Of(ObjectKind::kTrigger, t.table.schema, t.table.name, t.name); };
  for (const auto& [key, have] : live_.triggers) {
    auto it = desired_.triggers.find(key);
    // A trigger on a view that is rebuilt goes explicitly first, so the inverse restores it.
    if (it != desired_.triggers.end() && it->second == have && !Rebuilt(have.table) && !Forced(ref(have))) continue;
    Emit(Action::kDrop, ref(have), StepKind::kDropTrigger, obj(have), drop(have),
         CreateTriggerSql(have) + RestoreCommentSql("TRIGGER " + QuoteIdent(have.name) + " ON " + have.table.Sql(), have.comment))
        .releases =
        Releases(UsesOf(have));
  }
  for (const auto& [key, want] : desired_.triggers) {
    auto it = live_.triggers.find(key);
    if (it != live_.triggers.end() && it->second == want && !Rebuilt(want.table) && !Forced(ref(want))) {
      // Only whether it fires differs (a hand-made DISABLE TRIGGER): put it back in place.
      if (it->second.enabled != want.enabled) {
        Emit(Action::kAlter, ref(want), StepKind::kAlterTrigger, obj(want), EnableSql(want, want.enabled),
             EnableSql(want, it->second.enabled));
      }
      continue;
    }
    Emit(Action::kCreate, ref(want), StepKind::kCreateTrigger, obj(want), CreateTriggerSql(want), drop(want)).needs =
        Needs(UsesOf(want));
  }
}

}  // namespace schemasync::diff
