// Renames by annotation (see renames.h). Each rename is applied to a copy of the live schema the
// way PostgreSQL applies it to the catalog: a table's name changes for everything that refers to
// it by OID (its indexes, foreign keys to it, its triggers, rules, privileges and owner, its
// partitions and children); a column's name changes inside every expression stored as a tree
// (CHECKs, index elements and predicates, policies, generated columns) and in key and foreign
// key column lists; a key's index is renamed with its constraint (RenameConstraint). What keeps
// SQL text (views, trigger and rule definitions, function bodies) is compared as written: the
// plan rebuilds it if the desired text differs.
#include "diff/renames.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "diff/dependencies.h"
#include "parse/normalize.h"
#include "parse/rename.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

// The live views that read `rel` (by the name their text uses): rebuilt by the plan, dropped
// before a rename of what they read, so that the way back makes them again after it.
std::vector<ObjectRef> ViewsReading(const Schema& s, const QualifiedName& rel) {
  std::vector<ObjectRef> out;
  for (const auto& [n, v] : s.views) {
    if (std::find(v.depends_on.begin(), v.depends_on.end(), rel) != v.depends_on.end()) {
      out.push_back(ObjectRef::Of(ObjectKind::kView, n.schema, n.name));
    }
  }
  return out;
}

bool RelationNameTaken(const Schema& s, const QualifiedName& n) {
  return s.tables.count(n) || s.views.count(n) || s.sequences.count(n) || s.indexes.count(n) || s.foreign_tables.count(n);
}

Step RenameStep(StepKind kind, ObjectRef target, std::string object, std::string sql, std::string reverse) {
  Step s;
  s.sql = std::move(sql) + ";";
  s.reverse_sql = std::move(reverse) + ";";
  s.object = std::move(object);
  s.kind = std::string(Name(kind));
  s.target = std::move(target);
  s.action = Action::kCreate;  // the new name comes into being: what alters it comes after
  return s;
}

template <typename Map, typename Key, typename F>
void Rekey(Map& m, const F& change) {
  Map out;
  for (auto& [k, v] : m) {
    Key nk = k;
    change(nk, v);
    out.emplace(std::move(nk), std::move(v));
  }
  m = std::move(out);
}

Status RenameRelation(Schema& s, const QualifiedName& from, const QualifiedName& to) {
  auto fix = [&](QualifiedName& n) {
    if (n == from) n = to;
  };
  if (auto t = s.tables.extract(from)) {
    t.key() = to;
    t.mapped().name = to;
    s.tables.insert(std::move(t));
  }
  if (auto v = s.views.extract(from)) {
    v.key() = to;
    v.mapped().name = to;
    s.views.insert(std::move(v));
  }
  for (auto& [n, t] : s.tables) {
    for (auto& [cn, c] : t.constraints) fix(c.ref_table);
    for (auto& p : t.inherits) fix(p);
    fix(t.partition_of);
  }
  // Views keep the old name in what they read: their text names it, so they are rebuilt, and
  // their drop must come before the rename (Step::retires) so that the way back makes them again
  // after the name is back.
  for (auto& [n, ix] : s.indexes) fix(ix.table);
  // Triggers and rules are printed with the relation's current name (pg_get_triggerdef,
  // pg_get_ruledef): their text is respelled and read again as the catalog's would be.
  Status status = Ok();
  Rekey<decltype(s.triggers), std::pair<QualifiedName, std::string>>(s.triggers, [&](auto& k, Trigger& t) {
    fix(k.first);
    if (t.table != from || !status.ok()) return;
    auto sql = parse::RenameRelationInStatement(t.create_sql, from, to);
    auto again = sql.ok() ? ParseTriggerDef(*sql) : Result<Trigger>(sql.error());
    if (!again.ok()) {
      status = again.error();
      return;
    }
    again->enabled = t.enabled;
    again->comment = t.comment;
    t = std::move(*again);
  });
  Rekey<decltype(s.rules), std::pair<QualifiedName, std::string>>(s.rules, [&](auto& k, Rule& r) {
    fix(k.first);
    if (!status.ok()) return;
    auto sql = parse::RenameRelationInStatement(r.create_sql, from, to);
    if (!sql.ok()) {
      status = sql.error();
      return;
    }
    if (*sql == r.create_sql) return;
    const QualifiedName on = r.table == from ? to : r.table;
    auto again = ParseRuleDef(*sql, &on);
    if (!again.ok()) {
      status = again.error();
      return;
    }
    again->enabled = r.enabled;
    again->comment = r.comment;
    r = std::move(*again);
  });
  TRY(status);
  if (auto g = s.grants.extract(from)) {
    g.key() = to;
    s.grants.insert(std::move(g));
  }
  Rekey<decltype(s.owners), ObjectRef>(s.owners, [&](ObjectRef& r, std::string&) {
    if ((r.kind == ObjectKind::kTable || r.kind == ObjectKind::kView) && r.schema == from.schema && r.name == from.name) r.name = to.name;
  });
  for (auto& [n, p] : s.publications) {
    if (auto m = p.tables.extract(from)) {
      m.key() = to;
      p.tables.insert(std::move(m));
    }
  }
  // OWNED BY "schema.table.column" of sequences.
  const std::string prefix = QuoteIdent(from.schema) + "." + QuoteIdent(from.name) + ".";
  for (auto& [n, seq] : s.sequences) {
    if (seq.owned_by.rfind(prefix, 0) == 0) {
      seq.owned_by = QuoteIdent(to.schema) + "." + QuoteIdent(to.name) + "." + seq.owned_by.substr(prefix.size());
    }
  }
  return Ok();
}

Status RenameColumn(Schema& s, Table& t, const std::string& from, const std::string& to) {
  auto names = [&](std::vector<std::string>& v) {
    for (auto& n : v) {
      if (n == from) n = to;
    }
  };
  auto quoted = [&](std::vector<std::string>& v) {
    for (auto& n : v) {
      if (n == QuoteIdent(from)) n = QuoteIdent(to);
    }
  };
  auto expr = [&](Expr& e) -> Status {
    TRY_ASSIGN(e, parse::RenameColumn(e, from, to));
    return Ok();
  };
  for (auto& c : t.columns) {
    if (c.name == from) c.name = to;
    TRY(expr(c.generated));
  }
  for (auto& [n, c] : t.constraints) {
    names(c.columns);
    names(c.include);
    TRY(expr(c.expr));
    TRY(expr(c.where));
    for (auto& e : c.elements) TRY(expr(e));
  }
  for (auto& [n, p] : t.policies) {
    TRY(expr(p.using_expr));
    TRY(expr(p.check_expr));
  }
  for (auto& [n, other] : s.tables) {
    for (auto& [cn, c] : other.constraints) {
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == t.name) names(c.ref_columns);
    }
  }
  for (auto& [n, ix] : s.indexes) {
    if (ix.table != t.name) continue;
    for (auto& e : ix.elements) TRY_ASSIGN(e, parse::RenameColumnInIndexElement(e, from, to));
    quoted(ix.include);
    TRY(expr(ix.where));
  }
  const std::string owner = QuoteIdent(t.name.schema) + "." + QuoteIdent(t.name.name) + "." + QuoteIdent(from);
  for (auto& [n, seq] : s.sequences) {
    if (seq.owned_by == owner) seq.owned_by = QuoteIdent(t.name.schema) + "." + QuoteIdent(t.name.name) + "." + QuoteIdent(to);
  }
  return Ok();
}

void RenameConstraint(Table& t, const std::string& from, const std::string& to) {
  if (auto c = t.constraints.extract(from)) {
    c.key() = to;
    c.mapped().name = to;
    t.constraints.insert(std::move(c));
  }
  if (auto c = t.constraint_comments.extract(from)) {
    c.key() = to;
    t.constraint_comments.insert(std::move(c));
  }
  if (t.replica_index == from) t.replica_index = to;
}

void RenameIndex(Schema& s, const QualifiedName& from, const std::string& to) {
  auto ix = s.indexes.extract(from);
  if (!ix) return;
  ix.key().name = to;
  ix.mapped().name.name = to;
  auto t = s.tables.find(ix.mapped().table);
  if (t != s.tables.end() && t->second.replica_index == from.name) t->second.replica_index = to;
  s.indexes.insert(std::move(ix));
}

bool OwnsIndex(ConstraintKind k) {
  return k == ConstraintKind::kPrimaryKey || k == ConstraintKind::kUnique || k == ConstraintKind::kExclude;
}

// A renamed table keeps the names PostgreSQL gave its constraints and indexes from its old name
// (accounts_pkey), where the desired SQL, read fresh, has the new one's (users_pkey). Each live
// one the desired table lacks is renamed to the desired one of the same definition that the
// live table lacks, instead of dropped and made again (which would rebuild a key's index and
// drop the foreign keys on it).
void FollowTableRename(Schema& s, const Schema& desired, const QualifiedName& rel, std::vector<Step>& steps) {
  Table& t = s.tables.at(rel);
  const Table& want = desired.tables.at(rel);
  // What an annotation of its own renames is left to it.
  std::set<std::string> taken, annotated_old;
  for (const auto& [ref, old] : desired.renamed_from) {
    if ((ref.kind == ObjectKind::kConstraint || ref.kind == ObjectKind::kIndex) && ref.schema == rel.schema && ref.name == rel.name) {
      taken.insert(ref.sub);
      annotated_old.insert(old);
    }
  }
  std::vector<std::pair<std::string, std::string>> constraints;  // from, to
  for (const auto& [name, c] : t.constraints) {
    if (want.constraints.count(name) || annotated_old.count(name)) continue;
    for (const auto& [wname, wc] : want.constraints) {
      if (t.constraints.count(wname) || taken.count(wname)) continue;
      Constraint same = c;
      same.name = wname;
      if (same == wc) {
        constraints.push_back({name, wname});
        taken.insert(wname);
        break;
      }
    }
  }
  for (const auto& [from, to] : constraints) {
    Step step = RenameStep(StepKind::kRename, ObjectRef::Of(ObjectKind::kConstraint, rel.schema, rel.name, to),
                           "constraint " + rel.Display() + "." + to,
                           "ALTER TABLE " + rel.Sql() + " RENAME CONSTRAINT " + QuoteIdent(from) + " TO " + QuoteIdent(to),
                           "ALTER TABLE " + rel.Sql() + " RENAME CONSTRAINT " + QuoteIdent(to) + " TO " + QuoteIdent(from));
    if (OwnsIndex(t.constraints.at(from).kind)) step.names = {RelationName({rel.schema, to})};
    steps.push_back(std::move(step));
    RenameConstraint(t, from, to);
  }
  std::vector<std::pair<QualifiedName, std::string>> indexes;
  for (const auto& [name, ix] : s.indexes) {
    if (ix.table != rel || desired.indexes.count(name) || annotated_old.count(name.name)) continue;
    for (const auto& [wname, wix] : desired.indexes) {
      if (wix.table != rel || RelationNameTaken(s, wname) || taken.count(wname.name) || !ix.SameShape(wix)) continue;
      indexes.push_back({name, wname.name});
      taken.insert(wname.name);
      break;
    }
  }
  for (const auto& [from, to] : indexes) {
    Step step = RenameStep(StepKind::kRenameIndex, ObjectRef::Of(ObjectKind::kIndex, rel.schema, rel.name, to),
                           "index " + rel.schema + "." + to, "ALTER INDEX " + from.Sql() + " RENAME TO " + QuoteIdent(to),
                           "ALTER INDEX " + QualifiedName{from.schema, to}.Sql() + " RENAME TO " + QuoteIdent(from.name));
    step.names = {RelationName({from.schema, to})};
    steps.push_back(std::move(step));
    RenameIndex(s, from, to);
  }
}

// Calls `expr` on every expression the live schema keeps as a tree (column defaults and
// generation expressions, CHECK / exclusion expressions, policies, index predicates) and
// `element` on every index element: what follows a renamed function or type.
Status ForEachStoredExpression(Schema& s, const std::function<Status(Expr&)>& expr, const std::function<Status(Expr&)>& element) {
  for (auto& [n, t] : s.tables) {
    for (auto& c : t.columns) {
      TRY(expr(c.default_expr));
      TRY(expr(c.generated));
    }
    for (auto& [cn, c] : t.constraints) {
      TRY(expr(c.expr));
      TRY(expr(c.where));
      for (auto& e : c.elements) TRY(expr(e));
    }
    for (auto& [pn, p] : t.policies) {
      TRY(expr(p.using_expr));
      TRY(expr(p.check_expr));
    }
  }
  for (auto& [n, ix] : s.indexes) {
    for (auto& e : ix.elements) TRY(element(e));
    TRY(expr(ix.where));
  }
  return Ok();
}

// One pass over the annotations, renaming the copy of the live schema as it goes.
class Renamer {
 public:
  Renamer(const Schema& live, const Schema& desired) : desired_(desired) { r_.live = live; }

  Status Run() {
    // Relations first, so that a column, constraint or index of a renamed table is found under
    // its new name; what follows a table's name last, once its columns have theirs.
    for (const auto& [ref, old] : desired_.renamed_from) {
      if (ref.kind == ObjectKind::kTable || ref.kind == ObjectKind::kView) TRY(Relation(ref, old));
    }
    for (const auto& [ref, old] : desired_.renamed_from) {
      if (ref.kind == ObjectKind::kColumn) TRY(ColumnOf(ref, old));
      if (ref.kind == ObjectKind::kConstraint) ConstraintOf(ref, old);
      if (ref.kind == ObjectKind::kIndex) IndexOf(ref, old);
      if (ref.kind == ObjectKind::kFunction) TRY(FunctionOf(ref, old));
      if (ref.kind == ObjectKind::kType) TRY(TypeOf(ref, old));
    }
    for (const auto& [rel, from] : original_) {
      if (r_.live.tables.count(rel) && desired_.tables.count(rel)) FollowTableRename(r_.live, desired_, rel, r_.steps);
    }
    return Ok();
  }
  Renamed Take() { return std::move(r_); }

 private:
  void Skip(const std::string& what, const std::string& old, const std::string& why) {
    r_.warnings.push_back("schemasync:renamed-from " + old + " on " + what + ": " + why);
  }
  // A renamed relation's name in the live schema as read: what the live objects' SQL names.
  QualifiedName Was(const QualifiedName& rel) const {
    auto it = original_.find(rel);
    return it == original_.end() ? rel : it->second;
  }

  Status Relation(const ObjectRef& ref, const std::string& old) {
    Schema& s = r_.live;
    const bool table = ref.kind == ObjectKind::kTable;
    const QualifiedName rel{ref.schema, ref.name}, from{ref.schema, old};
    const std::string what = (table ? "table " : "view ") + rel.Display();
    const bool has_old = table ? s.tables.count(from) > 0 : s.views.count(from) > 0;
    if (has_old && RelationNameTaken(s, rel)) {
      Skip(what, old, "the database has both; nothing is renamed");
      return Ok();
    }
    if (!has_old) {
      if (!RelationNameTaken(s, rel)) Skip(what, old, "the database has no " + from.Display() + "; " + rel.Display() + " is created");
      return Ok();
    }
    if (table ? desired_.tables.count(from) > 0 : desired_.views.count(from) > 0) {
      Skip(what, old, "the desired schema still has " + from.Display() + "; nothing is renamed");
      return Ok();
    }
    const bool materialized = !table && s.views.at(from).materialized;
    const std::string alter = table ? "ALTER TABLE " : materialized ? "ALTER MATERIALIZED VIEW " : "ALTER VIEW ";
    Step step = RenameStep(StepKind::kRename, ObjectRef::Of(ref.kind, ref.schema, ref.name), what,
                           alter + from.Sql() + " RENAME TO " + QuoteIdent(rel.name),
                           alter + rel.Sql() + " RENAME TO " + QuoteIdent(old));
    step.names = {RelationName(rel)};
    step.retires = {ObjectRef::Of(ref.kind, from.schema, from.name)};
    step.after_drops = ViewsReading(s, from);
    r_.steps.push_back(std::move(step));
    original_[rel] = from;
    return RenameRelation(s, from, rel);
  }

  Status ColumnOf(const ObjectRef& ref, const std::string& old) {
    const QualifiedName rel{ref.schema, ref.name};
    auto t = r_.live.tables.find(rel);
    auto want = desired_.tables.find(rel);
    const std::string what = "column " + rel.Display() + "." + ref.sub;
    if (t == r_.live.tables.end() || want == desired_.tables.end() || !t->second.FindColumn(old)) {
      // Renamed already (a later run): the annotation has nothing left to do.
      if (t == r_.live.tables.end() || !t->second.FindColumn(ref.sub)) Skip(what, old, "the database has no such column; " + ref.sub + " is added");
      return Ok();
    }
    if (t->second.FindColumn(ref.sub) || want->second.FindColumn(old)) {
      Skip(what, old, "both columns exist on one side; nothing is renamed");
      return Ok();
    }
    Step step = RenameStep(StepKind::kRename, ref, what,
                           "ALTER TABLE " + rel.Sql() + " RENAME COLUMN " + QuoteIdent(old) + " TO " + QuoteIdent(ref.sub),
                           "ALTER TABLE " + rel.Sql() + " RENAME COLUMN " + QuoteIdent(ref.sub) + " TO " + QuoteIdent(old));
    step.retires = {ObjectRef::Of(ObjectKind::kColumn, Was(rel).schema, Was(rel).name, old)};
    step.after_drops = ViewsReading(r_.live, Was(rel));
    // A trigger's or rule's text names columns (UPDATE OF, WHEN, actions): rebuilt if it
    // changes, dropped before the rename so that the way back makes it after.
    step.after_drops.push_back(ObjectRef::Of(ObjectKind::kTrigger, rel.schema, rel.name));
    step.after_drops.push_back(ObjectRef::Of(ObjectKind::kRule, rel.schema, rel.name));
    r_.steps.push_back(std::move(step));
    return RenameColumn(r_.live, t->second, old, ref.sub);
  }

  void ConstraintOf(const ObjectRef& ref, const std::string& old) {
    const QualifiedName rel{ref.schema, ref.name};
    auto t = r_.live.tables.find(rel);
    auto want = desired_.tables.find(rel);
    const std::string what = "constraint " + rel.Display() + "." + ref.sub;
    if (t == r_.live.tables.end() || want == desired_.tables.end() || !t->second.constraints.count(old)) {
      if (t == r_.live.tables.end() || !t->second.constraints.count(ref.sub)) Skip(what, old, "the database has no such constraint; " + ref.sub + " is added");
      return;
    }
    if (t->second.constraints.count(ref.sub) || want->second.constraints.count(old)) {
      Skip(what, old, "both constraints exist on one side; nothing is renamed");
      return;
    }
    Step step = RenameStep(StepKind::kRename, ref, what,
                           "ALTER TABLE " + rel.Sql() + " RENAME CONSTRAINT " + QuoteIdent(old) + " TO " + QuoteIdent(ref.sub),
                           "ALTER TABLE " + rel.Sql() + " RENAME CONSTRAINT " + QuoteIdent(ref.sub) + " TO " + QuoteIdent(old));
    if (OwnsIndex(t->second.constraints.at(old).kind)) step.names = {RelationName({rel.schema, ref.sub})};  // its index is renamed with it
    step.retires = {ObjectRef::Of(ObjectKind::kConstraint, Was(rel).schema, Was(rel).name, old)};
    r_.steps.push_back(std::move(step));
    RenameConstraint(t->second, old, ref.sub);
  }

  void IndexOf(const ObjectRef& ref, const std::string& old) {
    const QualifiedName rel{ref.schema, ref.name}, from{rel.schema, old}, to{rel.schema, ref.sub};
    const std::string what = "index " + to.Display();
    auto have = r_.live.indexes.find(from);
    if (have == r_.live.indexes.end() || have->second.table != rel) {
      if (!r_.live.indexes.count(to)) Skip(what, old, "the database has no such index on " + rel.Display() + "; " + ref.sub + " is built");
      return;
    }
    if (RelationNameTaken(r_.live, to) || desired_.indexes.count(from)) {
      Skip(what, old, "both names are taken on one side; nothing is renamed");
      return;
    }
    Step step = RenameStep(StepKind::kRenameIndex, ref, what, "ALTER INDEX " + from.Sql() + " RENAME TO " + QuoteIdent(ref.sub),
                           "ALTER INDEX " + to.Sql() + " RENAME TO " + QuoteIdent(old));
    step.names = {RelationName(to)};
    step.retires = {ObjectRef::Of(ObjectKind::kIndex, Was(rel).schema, Was(rel).name, old)};
    r_.steps.push_back(std::move(step));
    RenameIndex(r_.live, from, ref.sub);
  }

  // A function or procedure (ALTER ROUTINE). What calls it by name in an expression or a
  // trigger follows it, as the catalog refers to it by OID; a view calling it is rebuilt (its
  // text), dropped before the rename so that the way back makes it after. A function body
  // naming it does not follow (PostgreSQL keeps bodies as text): the desired body says.
  Status FunctionOf(const ObjectRef& ref, const std::string& old) {
    Schema& s = r_.live;
    const QualifiedName from{ref.schema, old + "(" + ref.sub + ")"}, to{ref.schema, ref.name + "(" + ref.sub + ")"};
    const std::string what = "function " + ref.schema + "." + ref.name + "(" + ref.sub + ")";
    auto have = s.functions.find(from);
    if (have == s.functions.end()) {
      if (!s.functions.count(to)) Skip(what, old, "the database has no " + ref.schema + "." + old + "(" + ref.sub + "); it is created");
      return Ok();
    }
    if (s.functions.count(to) || desired_.functions.count(from)) {
      Skip(what, old, "both exist on one side; nothing is renamed");
      return Ok();
    }
    const QualifiedName old_name{ref.schema, old};
    Step step = RenameStep(StepKind::kRename, ref, what, "ALTER ROUTINE " + have->second.SignatureSql() + " RENAME TO " + QuoteIdent(ref.name),
                           "ALTER ROUTINE " + QualifiedName{ref.schema, ref.name}.Sql() + "(" + ref.sub + ") RENAME TO " + QuoteIdent(old));
    step.retires = {ObjectRef::Of(ObjectKind::kFunction, ref.schema, old, ref.sub)};
    for (const auto& [n, v] : s.views) {
      if (v.query.find(old) != std::string::npos) step.after_drops.push_back(ObjectRef::Of(ObjectKind::kView, n.schema, n.name));
    }
    r_.steps.push_back(std::move(step));
    // The function itself, as pg_get_functiondef prints it under its new name.
    Function f = std::move(have->second);
    s.functions.erase(have);
    const std::string header = " " + old_name.Sql() + "(";
    const size_t at = f.create_sql.find(header);
    if (at == std::string::npos) return MakeError(ErrorKind::kPlan, "cannot find the name in: " + f.create_sql.substr(0, 200));
    std::string sql = f.create_sql;
    sql.replace(at, header.size(), " " + QualifiedName{ref.schema, ref.name}.Sql() + "(");
    Function renamed;
    TRY_ASSIGN(renamed, ParseFunctionDef(sql));
    renamed.comment = f.comment;
    renamed.grants = f.grants;
    s.functions[to] = std::move(renamed);
    Rekey<decltype(s.owners), ObjectRef>(s.owners, [&](ObjectRef& r, std::string&) {
      if (r.kind == ObjectKind::kFunction && r.schema == ref.schema && r.name == old && r.sub == ref.sub) r.name = ref.name;
    });
    // What calls it.
    TRY(ForEachStoredExpression(
        s,
        [&](Expr& e) -> Status {
          TRY_ASSIGN(e, parse::RenameFunction(e, old_name, ref.name));
          return Ok();
        },
        [&](Expr& e) -> Status {
          TRY_ASSIGN(e, parse::RenameFunctionInIndexElement(e, old_name, ref.name));
          return Ok();
        }));
    for (auto& [k, tr] : s.triggers) {
      std::string respelled;
      TRY_ASSIGN(respelled, parse::RenameFunctionInStatement(tr.create_sql, old_name, ref.name));
      if (respelled == tr.create_sql) continue;
      Trigger again;
      TRY_ASSIGN(again, ParseTriggerDef(respelled));
      again.enabled = tr.enabled;
      again.comment = tr.comment;
      tr = std::move(again);
    }
    return Ok();
  }

  // An enum, domain or composite type. Its name is spelled wherever it is used: column and
  // attribute types and a domain's base type (format_type), casts in expressions, function
  // arguments and results (which are part of a function's identity); PostgreSQL refers to it
  // by OID, so all of those follow it.
  Status TypeOf(const ObjectRef& ref, const std::string& old) {
    Schema& s = r_.live;
    const QualifiedName from{ref.schema, old}, to{ref.schema, ref.name};
    const std::string what = "type " + to.Display();
    const bool is_enum = s.enums.count(from), is_domain = s.domains.count(from), is_composite = s.composites.count(from);
    auto taken = [&](const Schema& x, const QualifiedName& n) {
      return x.enums.count(n) || x.domains.count(n) || x.composites.count(n) || x.ranges.count(n) || RelationNameTaken(x, n);
    };
    if (!is_enum && !is_domain && !is_composite) {
      if (!taken(s, to)) Skip(what, old, "the database has no type " + from.Display() + "; " + to.Display() + " is created");
      return Ok();
    }
    if (taken(s, to) || taken(desired_, from)) {
      Skip(what, old, "both names are taken on one side; nothing is renamed");
      return Ok();
    }
    const std::string alter = is_domain ? "ALTER DOMAIN " : "ALTER TYPE ";
    Step step = RenameStep(StepKind::kRename, ObjectRef::Of(ObjectKind::kType, ref.schema, ref.name), what,
                           alter + from.Sql() + " RENAME TO " + QuoteIdent(ref.name), alter + to.Sql() + " RENAME TO " + QuoteIdent(old));
    step.retires = {ObjectRef::Of(ObjectKind::kType, ref.schema, old)};
    for (const auto& [n, v] : s.views) {
      if (v.query.find(old) != std::string::npos) step.after_drops.push_back(ObjectRef::Of(ObjectKind::kView, n.schema, n.name));
    }
    r_.steps.push_back(std::move(step));
    auto move = [&](auto& map) {
      if (auto node = map.extract(from)) {
        node.key() = to;
        node.mapped().name = to;
        map.insert(std::move(node));
      }
    };
    move(s.enums);
    move(s.domains);
    move(s.composites);
    if (is_domain && desired_.domains.count(to)) FollowDomainRename(s.domains.at(to), desired_.domains.at(to));
    Rekey<decltype(s.owners), ObjectRef>(s.owners, [&](ObjectRef& r, std::string&) {
      if (r.kind == ObjectKind::kType && r.schema == from.schema && r.name == old) r.name = ref.name;
    });
    // Spelled as format_type prints it: bare in public, with one [] for an array.
    const std::string was = parse::CanonicalTypeName(from.schema, from.name, {}, 0), now = parse::CanonicalTypeName(to.schema, to.name, {}, 0);
    auto type = [&](auto& t) {
      if (t == was) t = now;
      else if (t == was + "[]") t = now + "[]";
    };
    auto expr = [&](Expr& e) -> Status {
      TRY_ASSIGN(e, parse::RenameType(e, from, ref.name));
      return Ok();
    };
    for (auto& [n, t] : s.tables) {
      for (auto& c : t.columns) type(c.type);
    }
    TRY(ForEachStoredExpression(s, expr, [&](Expr& e) -> Status {
      TRY_ASSIGN(e, parse::RenameTypeInIndexElement(e, from, ref.name));
      return Ok();
    }));
    for (auto& [n, c] : s.composites) {
      for (auto& a : c.attributes) type(a.type);
    }
    for (auto& [n, d] : s.domains) {
      type(d.base_type);
      TRY(expr(d.default_expr));
      for (auto& [cn, c] : d.checks) TRY(expr(c.expr));
    }
    // Functions taking or returning it: their identity changes with it.
    std::vector<QualifiedName> respelled;
    for (const auto& [n, f] : s.functions) {
      if (f.create_sql.find(old) != std::string::npos) respelled.push_back(n);
    }
    for (const auto& n : respelled) {
      Function f = std::move(s.functions.at(n));
      s.functions.erase(n);
      std::string sql;
      TRY_ASSIGN(sql, parse::RenameTypeInStatement(f.create_sql, from, ref.name));
      Function again = f;
      if (sql != f.create_sql) {
        TRY_ASSIGN(again, ParseFunctionDef(sql));
        again.comment = f.comment;
        again.grants = f.grants;
        Rekey<decltype(s.owners), ObjectRef>(s.owners, [&](ObjectRef& r, std::string&) {
          if (r.kind == ObjectKind::kFunction && r.schema == f.name.schema && r.name == f.name.name && r.sub == f.identity) r.sub = again.identity;
        });
      }
      s.functions[{again.name.schema, again.name.name + "(" + again.identity + ")"}] = std::move(again);
    }
    return Ok();
  }

  // A renamed domain keeps the CHECK names PostgreSQL derived from its old name (posint_check),
  // where the desired SQL, read fresh, has the new one's: renamed, not dropped and re-validated.
  void FollowDomainRename(Domain& d, const Domain& want) {
    std::vector<std::pair<std::string, std::string>> renames;
    std::set<std::string> taken;
    for (const auto& [name, c] : d.checks) {
      if (want.checks.count(name)) continue;
      for (const auto& [wname, wc] : want.checks) {
        if (d.checks.count(wname) || taken.count(wname)) continue;
        Constraint same = c;
        same.name = wname;
        if (same == wc) {
          renames.push_back({name, wname});
          taken.insert(wname);
          break;
        }
      }
    }
    for (const auto& [from, to] : renames) {
      r_.steps.push_back(RenameStep(StepKind::kRename, ObjectRef::Of(ObjectKind::kType, d.name.schema, d.name.name), "domain " + d.name.Display(),
                                    "ALTER DOMAIN " + d.name.Sql() + " RENAME CONSTRAINT " + QuoteIdent(from) + " TO " + QuoteIdent(to),
                                    "ALTER DOMAIN " + d.name.Sql() + " RENAME CONSTRAINT " + QuoteIdent(to) + " TO " + QuoteIdent(from)));
      r_.steps.back().action = Action::kAlter;  // after the domain's own rename
      auto node = d.checks.extract(from);
      node.key() = to;
      node.mapped().name = to;
      d.checks.insert(std::move(node));
    }
  }

  const Schema& desired_;
  Renamed r_;
  std::map<QualifiedName, QualifiedName> original_;  // renamed relation -> its name as read
};

}  // namespace

Result<std::optional<Renamed>> PendingRenames(const Schema& live, const Schema& desired) {
  if (desired.renamed_from.empty()) return std::optional<Renamed>();
  Renamer renamer(live, desired);
  TRY(renamer.Run());
  return std::optional<Renamed>(renamer.Take());
}

std::vector<std::string> RenameHints(const Schema& live, const Schema& desired) {
  std::vector<std::string> out;
  for (const auto& [name, want] : desired.tables) {
    auto have = live.tables.find(name);
    if (have == live.tables.end()) continue;
    std::vector<const Column*> dropped, added;
    for (const auto& c : have->second.columns) {
      if (!want.FindColumn(c.name) && !c.inherited) dropped.push_back(&c);
    }
    for (const auto& c : want.columns) {
      if (!have->second.FindColumn(c.name) && !c.inherited) added.push_back(&c);
    }
    std::set<const Column*> used;
    for (const Column* d : dropped) {
      for (const Column* a : added) {
        if (used.count(a) || a->type != d->type) continue;
        used.insert(a);
        out.push_back("column " + name.Display() + "." + d->name + " is dropped and column " + name.Display() + "." + a->name +
                      " added, both " + d->type + ": if this is a rename, write `-- schemasync:renamed-from " +
                      QuoteIdent(d->name) + "` on the line before the column " + QuoteIdent(a->name) +
                      " in the desired SQL, and its data is kept");
        break;
      }
    }
  }
  return out;
}

}  // namespace schemasync::diff
