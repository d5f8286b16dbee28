// Publications. ALTER PUBLICATION changes in place what a publication lists (ADD / DROP TABLE,
// ADD / DROP TABLES IN SCHEMA) and its options (SET (publish = ..., publish_via_partition_root
// = ...)); a table whose column list or row filter changes is dropped from the publication and
// added again in one step (SET TABLE would replace the whole list). Nothing turns a publication
// into FOR ALL TABLES or back: that is a drop and a create. DROP TABLE takes a table out of
// every publication (pg_publication_rel depends on it), so a table the plan rebuilds is added
// again after.
#include "diff/differ.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

ObjectRef PubRef(const Publication& p) { return ObjectRef::Of(ObjectKind::kPublication, "", p.name); }
std::string PubObj(const Publication& p) { return "publication " + p.name; }
std::string PubOn(const Publication& p) { return "PUBLICATION " + QuoteIdent(p.name); }

// "TABLE ONLY t (a, b) WHERE (...)": ONLY, as pg_dump writes it, so that an inheritance
// child is never added (or dropped) with its parent behind the model's back.
std::string TableSpec(const QualifiedName& t, const Publication::Member& m) {
  std::string s = "TABLE ONLY " + t.Sql();
  if (!m.columns.empty()) {
    std::vector<std::string> cols;
    for (const auto& c : m.columns) cols.push_back(QuoteIdent(c));
    s += " (" + Join(cols, ", ") + ")";
  }
  if (!m.where.empty()) s += " WHERE (" + m.where.text + ")";
  return s;
}

std::string OptionsSql(const Publication& p) {
  return "(publish = " + QuoteLiteral(p.PublishList()) + ", publish_via_partition_root = " + (p.via_root ? "true" : "false") + ")";
}

std::string CreatePublicationSql(const Publication& p) {
  std::string s = "CREATE " + PubOn(p);
  std::vector<std::string> objects;
  for (const auto& [t, m] : p.tables) objects.push_back(TableSpec(t, m));
  for (const auto& sc : p.schemas) objects.push_back("TABLES IN SCHEMA " + QuoteIdent(sc));
  if (p.all_tables) s += " FOR ALL TABLES";
  else if (!objects.empty()) s += " FOR " + Join(objects, ", ");
  return s + " WITH " + OptionsSql(p);
}

std::string AlterSql(const Publication& p, const std::string& what) { return "ALTER " + PubOn(p) + " " + what; }

// What one listed table uses: the table, the columns of its column list and of its row filter.
std::vector<ObjectRef> MemberUses(const QualifiedName& t, const Publication::Member& m) {
  std::vector<ObjectRef> out{ObjectRef::Of(ObjectKind::kTable, t.schema, t.name)};
  for (const auto& c : m.columns) out.push_back(ColumnRef(t, c));
  if (!m.where.empty()) {
    for (const auto& c : parse::ColumnsOfExpr(m.where.text)) out.push_back(ColumnRef(t, c));
    Append(out, parse::UsesOfExpr(m.where.text));
  }
  return out;
}

std::vector<ObjectRef> PublicationUses(const Publication& p) {
  std::vector<ObjectRef> out;
  for (const auto& [t, m] : p.tables) Append(out, MemberUses(t, m));
  for (const auto& s : p.schemas) out.push_back(ObjectRef::Schema(s));
  return out;
}

// Whether live member `m` of table `t` must leave the publication while a column it names
// changes type or collation: PostgreSQL refuses ALTER COLUMN TYPE of a column in a column list
// or row filter ("cannot alter type of a column used by a publication WHERE clause").
bool Displaced(const Schema& live, const Schema& desired, const QualifiedName& t, const Publication::Member& m) {
  if (m.columns.empty() && m.where.empty()) return false;
  auto lt = live.tables.find(t);
  auto dt = desired.tables.find(t);
  if (lt == live.tables.end() || dt == desired.tables.end()) return false;
  std::vector<std::string> cols = m.columns;
  if (!m.where.empty()) {
    for (const auto& c : parse::ColumnsOfExpr(m.where.text)) cols.push_back(c);
  }
  for (const auto& c : cols) {
    const Column* h = lt->second.FindColumn(c);
    const Column* w = dt->second.FindColumn(c);
    if (h && w && (h->type != w->type || h->collation != w->collation)) return true;
  }
  return false;
}

}  // namespace

void Differ::DiffPublications() {
  for (const auto& [name, have] : live_.publications) {
    auto it = desired_.publications.find(name);
    if (it != desired_.publications.end() && it->second.all_tables == have.all_tables && !Forced(PubRef(have))) continue;
    Emit(Action::kDrop, PubRef(have), StepKind::kDropPublication, PubObj(have), "DROP " + PubOn(have),
         CreatePublicationSql(have) + RestoreCommentSql(PubOn(have), have.comment))
        .releases = Releases(PublicationUses(have));
  }
  for (const auto& [name, want] : desired_.publications) {
    auto it = live_.publications.find(name);
    bool kept = it != live_.publications.end() && it->second.all_tables == want.all_tables && !Forced(PubRef(want));
    DiffComment(PubRef(want), PubOn(want), PubObj(want), kept ? it->second.comment : std::nullopt, want.comment);
    if (!kept) {
      // FOR ALL TABLES and TABLES IN SCHEMA need a superuser (PostgreSQL 15); the server says so.
      Emit(Action::kCreate, PubRef(want), StepKind::kCreatePublication, PubObj(want), CreatePublicationSql(want), "DROP " + PubOn(want))
          .needs = Needs(PublicationUses(want));
      continue;
    }
    const Publication& have = it->second;
    // A live member that leaves the publication and comes back around a change of its table.
    auto around = [&](const QualifiedName& t) {
      auto h = have.tables.find(t);
      return Rebuilt(t) || (h != have.tables.end() && Displaced(live_, desired_, t, h->second));
    };
    if (have.PublishList() != want.PublishList() || have.via_root != want.via_root) {
      Emit(Action::kAlter, PubRef(want), StepKind::kAlterPublication, PubObj(want), AlterSql(want, "SET " + OptionsSql(want)),
           AlterSql(want, "SET " + OptionsSql(have)));
    }
    // In this order: what goes first (a column list cannot join TABLES IN SCHEMA in PostgreSQL 15,
    // so schemas are added last), then changed tables, then what comes.
    for (const auto& [t, m] : have.tables) {
      auto w = want.tables.find(t);
      if (w != want.tables.end() && !around(t)) continue;
      // A table the plan drops and creates again leaves the publication with its DROP TABLE:
      // this step goes before it, the ADD TABLE below after the CREATE TABLE (and the same
      // around an ALTER COLUMN TYPE, see Displaced).
      Emit(Action::kAlter, PubRef(want), StepKind::kAlterPublication, PubObj(want), AlterSql(want, "DROP TABLE ONLY " + t.Sql()),
           AlterSql(want, "ADD " + TableSpec(t, m)))
          .releases = Releases(MemberUses(t, m));
    }
    for (const auto& s : have.schemas) {
      if (want.schemas.count(s)) continue;
      Emit(Action::kAlter, PubRef(want), StepKind::kAlterPublication, PubObj(want), AlterSql(want, "DROP TABLES IN SCHEMA " + QuoteIdent(s)),
           AlterSql(want, "ADD TABLES IN SCHEMA " + QuoteIdent(s)))
          .releases = Releases({ObjectRef::Schema(s)});
    }
    for (const auto& [t, m] : want.tables) {
      auto h = have.tables.find(t);
      if (h == have.tables.end() || around(t) || h->second == m) continue;
      Step& step = Emit(Action::kAlter, PubRef(want), StepKind::kAlterPublication, PubObj(want),
                        AlterSql(want, "DROP TABLE ONLY " + t.Sql()) + "; " + AlterSql(want, "ADD " + TableSpec(t, m)),
                        AlterSql(want, "DROP TABLE ONLY " + t.Sql()) + "; " + AlterSql(want, "ADD " + TableSpec(t, h->second)));
      step.needs = Needs(MemberUses(t, m));
      step.releases = Releases(MemberUses(t, h->second));
    }
    for (const auto& [t, m] : want.tables) {
      if (have.tables.count(t) && !around(t)) continue;
      Emit(Action::kAlter, PubRef(want), StepKind::kAlterPublication, PubObj(want), AlterSql(want, "ADD " + TableSpec(t, m)),
           AlterSql(want, "DROP TABLE ONLY " + t.Sql()))
          .needs = Needs(MemberUses(t, m));
    }
    for (const auto& s : want.schemas) {
      if (have.schemas.count(s)) continue;
      Emit(Action::kAlter, PubRef(want), StepKind::kAlterPublication, PubObj(want), AlterSql(want, "ADD TABLES IN SCHEMA " + QuoteIdent(s)),
           AlterSql(want, "DROP TABLES IN SCHEMA " + QuoteIdent(s)))
          .needs = Needs({ObjectRef::Schema(s)});
    }
  }
}

}  // namespace schemasync::diff
