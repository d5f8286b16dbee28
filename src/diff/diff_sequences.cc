// Sequences (free-standing and serial-owned) and privileges on relations.
#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {

std::string SequenceParams(const Sequence& s) {
  return " AS " + s.type + " INCREMENT BY " + std::to_string(s.increment) + " MINVALUE " + std::to_string(s.min) +
         " MAXVALUE " + std::to_string(s.max) + " START WITH " + std::to_string(s.start) + " CACHE " +
         std::to_string(s.cache) + (s.cycle ? " CYCLE" : " NO CYCLE");
}

std::string SequenceOwnerSql(const Sequence& s) {
  return "ALTER SEQUENCE " + s.name.Sql() + " OWNED BY " + (s.owned_by.empty() ? "NONE" : s.owned_by);
}

namespace {
std::string Obj(const Sequence& s) { return "sequence " + s.name.Display(); }

// Whether "schema.table.column" (quoted parts) names a column of `schema`.
bool HasColumn(const Schema& schema, const std::string& owned_by) {
  for (const auto& [tn, t] : schema.tables) {
    for (const auto& c : t.columns) {
      if (QuoteIdent(tn.schema) + "." + QuoteIdent(tn.name) + "." + QuoteIdent(c.name) == owned_by) return true;
    }
  }
  return false;
}

}  // namespace

void Differ::DiffSequences() {
  for (const auto& [name, want] : desired_.sequences) {
    auto it = live_.sequences.find(name);
    if (it == live_.sequences.end()) {
      // A serial column's sequence comes with the column (ADD COLUMN ... serial).
      if (want.serial && !HasColumn(live_, want.owned_by)) continue;
      Emit(Action::kCreate, SequenceRef(name), StepKind::kCreateSequence, Obj(want),
           "CREATE SEQUENCE " + name.Sql() + SequenceParams(want), "DROP SEQUENCE " + name.Sql());
      if (!want.owned_by.empty()) {
        Sequence none = want;
        none.owned_by.clear();
        Emit(Action::kAlter, SequenceRef(name), StepKind::kAlterSequence, Obj(want), SequenceOwnerSql(want),
             SequenceOwnerSql(none))
            .needs = Needs(UsesOf(want));
      }
      continue;
    }
    const Sequence& have = it->second;
    if (SequenceParams(have) != SequenceParams(want)) {
      Emit(Action::kAlter, SequenceRef(name), StepKind::kAlterSequence, Obj(want),
           "ALTER SEQUENCE " + name.Sql() + SequenceParams(want), "ALTER SEQUENCE " + name.Sql() + SequenceParams(have));
    }
    if (have.owned_by != want.owned_by) {
      Step& step = Emit(Action::kAlter, SequenceRef(name), StepKind::kAlterSequence, Obj(want), SequenceOwnerSql(want),
                        SequenceOwnerSql(have));
      step.needs = Needs(UsesOf(want));
      step.releases = Releases(UsesOf(have));
    }
  }
  for (const auto& [name, have] : live_.sequences) {
    if (desired_.sequences.count(name) || dropped_sequences_.count(name)) continue;
    // Dropping the owning column (or its table) drops the sequence with it.
    if (!have.owned_by.empty() && !HasColumn(desired_, have.owned_by)) continue;
    std::string restore = "CREATE SEQUENCE " + name.Sql() + SequenceParams(have);
    if (!have.owned_by.empty()) restore += "; " + SequenceOwnerSql(have);
    restore += RestoreCommentSql("SEQUENCE " + name.Sql(), have.comment);
    Emit(Action::kDrop, SequenceRef(name), StepKind::kDropSequence, Obj(have), "DROP SEQUENCE " + name.Sql(), restore,
         {Hazard::kDataLoss});
  }
}

namespace {

// One GRANT or REVOKE of a privilege ("SELECT", or "SELECT WITH GRANT OPTION") on `on`.
struct AclChange {
  bool grant;
  std::string grantee;
  std::string privilege;
  std::string Sql(const std::string& on) const {
    const std::string suffix = " WITH GRANT OPTION";
    bool option = privilege.size() > suffix.size() &&
                  privilege.compare(privilege.size() - suffix.size(), suffix.size(), suffix) == 0;
    std::string priv = option ? privilege.substr(0, privilege.size() - suffix.size()) : privilege;
    return grant ? "GRANT " + priv + " ON " + on + " TO " + QuoteRole(grantee) + (option ? suffix : "")
                 : "REVOKE " + priv + " ON " + on + " FROM " + QuoteRole(grantee);
  }
  AclChange Inverse() const { return {!grant, grantee, privilege}; }
};

bool Holds(const Grants& g, const std::string& grantee, const std::string& privilege) {
  auto it = g.find(grantee);
  return it != g.end() && it->second.count(privilege);
}

// The revokes, then the grants, that take `from` to `to`; with `all`, every privilege of `from`
// is revoked and every one of `to` granted (an object created again). `self` is skipped.
std::vector<AclChange> AclChanges(const Grants& from, const Grants& to, const std::string& self, bool all) {
  std::vector<AclChange> out;
  for (const auto& [g, privs] : from) {
    for (const auto& p : privs) {
      if (g != self && (all || !Holds(to, g, p))) out.push_back({false, g, p});
    }
  }
  for (const auto& [g, privs] : to) {
    for (const auto& p : privs) {
      if (g != self && (all || !Holds(from, g, p))) out.push_back({true, g, p});
    }
  }
  return out;
}

}  // namespace

void Differ::DiffAcl(const ObjectRef& ref, const std::string& on, const std::string& object, const Grants& have,
                     const Grants& want, bool rebuilt) {
  // The role that applies owns what it creates; its own privileges are implicit on both sides.
  // An object dropped and created again loses its grants: revoke first, so the inverse grants
  // them back, and grant again after.
  for (const auto& c : AclChanges(have, want, live_.current_role, rebuilt)) {
    // A revoke before a rebuild acts on the live object, before it goes.
    Emit(!c.grant && rebuilt ? Action::kRetire : Action::kAlter, ref, c.grant ? StepKind::kGrant : StepKind::kRevoke, object, c.Sql(on),
         c.Inverse().Sql(on));
  }
}

void Differ::DiffGrants() {
  static const Grants kNone;
  auto find = [](const auto& m, const auto& k) -> const Grants& {
    auto it = m.find(k);
    return it == m.end() ? kNone : it->second;
  };
  std::set<QualifiedName> rels;
  for (const auto& [r, _] : live_.grants) rels.insert(r);
  for (const auto& [r, _] : desired_.grants) rels.insert(r);
  for (const auto& rel : rels) {
    bool seq = desired_.sequences.count(rel) || live_.sequences.count(rel);
    DiffAcl(seq ? SequenceRef(rel) : ObjectRef::Of(ObjectKind::kTable, rel.schema, rel.name),
            std::string(seq ? "SEQUENCE " : "TABLE ") + rel.Sql(), "privilege " + rel.Display(),
            find(live_.grants, rel), find(desired_.grants, rel), Rebuilt(rel));
  }
  std::set<std::string> schemas;
  for (const auto& [n, _] : live_.schema_grants) schemas.insert(n);
  for (const auto& [n, _] : desired_.schema_grants) schemas.insert(n);
  for (const auto& n : schemas) {
    DiffAcl(ObjectRef::Schema(n), "SCHEMA " + QuoteIdent(n), "privilege schema " + n, find(live_.schema_grants, n),
            find(desired_.schema_grants, n), false);
  }
  // Functions: a new one (or one created again) starts with the default, EXECUTE for PUBLIC. A
  // dropped function's grants go with it; its inverse restores them (AclRestoreSql).
  const Function kDefault;
  for (const auto& [key, want] : desired_.functions) {
    auto it = live_.functions.find(key);
    bool kept = it != live_.functions.end() && it->second.interface_key == want.interface_key &&
                it->second.procedure == want.procedure;
    std::string kind = want.procedure ? "PROCEDURE " : "FUNCTION ";
    DiffAcl(RefOf(want), kind + want.SignatureSql(), "privilege " + key.Display(), kept ? it->second.grants : kDefault.grants,
            want.grants, false);
  }
}

std::string AclRestoreSql(const std::string& on, const Grants& from, const Grants& to) {
  std::string sql;
  for (const auto& c : AclChanges(from, to, "", false)) sql += "; " + c.Sql(on);
  return sql;
}

}  // namespace schemasync::diff
