// CREATE TABLE and ALTER TABLE -> model Table.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "parse/builder.h"
#include "parse/naming.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {


// serial types: integer/bigint/smallint + an owned sequence + nextval default (CREATE TABLE
// docs, "Serial Types").
std::string SerialBaseType(const PgQuery__TypeName* t) {
  if (t->n_names == 0 || t->n_array_bounds) return "";
  std::string name = StringOf(t->names[t->n_names - 1]);
  std::string schema = t->n_names > 1 ? StringOf(t->names[0]) : "";
  if (!schema.empty() && schema != "pg_catalog") return "";
  if (name == "serial" || name == "serial4") return "integer";
  if (name == "bigserial" || name == "serial8") return "bigint";
  if (name == "smallserial" || name == "serial2") return "smallint";
  return "";
}

// Applies a CONSTR_ATTR_* node (DEFERRABLE, INITIALLY DEFERRED, ...) to the preceding
// constraint, as transformConstraintAttrs does.
bool ApplyAttr(const PgQuery__Constraint* c, Constraint* last) {
  if (!last) return false;
  switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE: last->deferrable = true; return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE: last->deferrable = false; return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED: last->deferred = true; last->deferrable = true; return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE: last->deferred = false; return true;
    default: return false;
  }
}

}  // namespace

Status Builder::AddColumn(Table& t, const PgQuery__ColumnDef* def, std::vector<Constraint>* pending) {
  Column col;
  col.name = def->colname;
  if (t.FindColumn(col.name)) {
    return MakeError(ErrorKind::kSyntax, "column \"" + col.name + "\" specified more than once");
  }
  std::string serial;
  if (!def->type_name) {
    // PARTITION OF parent (col WITH OPTIONS ...): options on a column the parent defines; the
    // grammar gives no type (MergeAttributes takes the parent's). Such columns are the parent's
    // (Table::columns of a partition are not compared), so only the options are kept here.
    if (!t.IsPartition()) {
      return MakeError(ErrorKind::kSyntax, "column \"" + col.name + "\" has no type; only a PARTITION OF table may name "
                                           "a column without one");
    }
    auto parent = schema_.tables.find(t.partition_of);
    const Column* from = parent == schema_.tables.end() ? nullptr : parent->second.FindColumn(col.name);
    if (from) col.type = from->type;
    col.inherited = true;
  } else {
    serial = SerialBaseType(def->type_name);
    col.type = serial.empty() ? CanonicalTypeName(def->type_name) : serial;
  }
  if (def->coll_clause) col.collation = CollationOf(def->coll_clause);
  if (def->compression && *def->compression) {
    return MakeError(ErrorKind::kUnsupported, "column COMPRESSION is not supported");
  }
  std::vector<Constraint> constraints;
  for (size_t i = 0; i < def->n_constraints; ++i) {
    const PgQuery__Constraint* c = def->constraints[i]->constraint;
    if (ApplyAttr(c, constraints.empty() ? nullptr : &constraints.back())) continue;
    switch (c->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        col.not_null = false;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        col.not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
        TRY_ASSIGN(col.default_expr, MakeExpr(c->raw_expr));
        // A NULL default is not stored (AddRelationNewConstraints skips null Consts).
        if (col.default_expr.key == "NULL") col.default_expr = {};
        break;
      }
      case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: {
        // transformColumnDefinition: "identity column type must be smallint, integer, or bigint".
        if (col.type != "smallint" && col.type != "integer" && col.type != "bigint") {
          return MakeError(ErrorKind::kSyntax, "identity column \"" + col.name + "\" has type " + col.type +
                                                   "; an identity column must be smallint, integer or bigint");
        }
        col.identity = c->generated_when && *c->generated_when ? c->generated_when[0] : 'a';
        col.not_null = true;  // identity columns are NOT NULL (attnotnull)
        // Its sequence takes a relation name, chosen like a serial column's (ChooseRelationName).
        std::string seq = ChooseName(t.name.name, col.name, "seq", Taken(t.name.schema));
        TRY_ASSIGN(col.identity_sequence, IdentitySequence(col.type, c->options, c->n_options, seq));
        CreatedIdentity(t.name.schema);
        break;
      }
      case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        TRY_ASSIGN(col.generated, MakeExpr(c->raw_expr));
        break;
      default: {
        Constraint m;
        TRY_ASSIGN(m, TransformConstraint(c, col.name));
        m.validated = true;  // CREATE TABLE validates (transformCreateStmt)
        constraints.push_back(std::move(m));
      }
    }
  }
  if (!serial.empty()) {
    col.not_null = true;
    col.serial_sequence = ChooseName(t.name.name, col.name, "seq", Taken(t.name.schema));
    std::string ref = t.name.schema == "public" ? QuoteIdent(col.serial_sequence)
                                                : QuoteIdent(t.name.schema) + "." + QuoteIdent(col.serial_sequence);
    TRY_ASSIGN(col.default_expr, MakeExprFromText("nextval(" + QuoteLiteral(ref) + "::regclass)"));
    // The implicit sequence: AS the column's type, owned by the column (transformColumnDefinition).
    Sequence seq;
    seq.name = {t.name.schema, col.serial_sequence};
    seq.type = serial;
    seq.increment = 1;
    seq.min = 1;
    seq.max = serial == "integer" ? 2147483647LL : serial == "smallint" ? 32767LL : 9223372036854775807LL;
    seq.start = 1;
    seq.owned_by = QuoteIdent(t.name.schema) + "." + QuoteIdent(t.name.name) + "." + QuoteIdent(col.name);
    seq.serial = true;
    schema_.sequences[seq.name] = seq;
    Created('S', seq.name);
  }
  Remember("column " + t.name.Display() + "." + col.name, def->location);
  NoteRename(ObjectRef::Of(ObjectKind::kColumn, t.name.schema, t.name.name, col.name), def->location);
  t.columns.push_back(col);
  for (auto& c : constraints) {
    if (pending) pending->push_back(std::move(c)); else TRY(AddConstraint(t, std::move(c)));
  }
  return Ok();
}

namespace {
// The column a CHECK reads when it reads exactly one distinct column ("" otherwise): the name
// PostgreSQL gives an unnamed CHECK (ChooseConstraintName over the column). By normalized text:
// the same CHECK on 10,000 tables is parsed once.
std::string OnlyColumnOf(const std::string& check_key) {
  thread_local std::unordered_map<std::string, std::string> cache;
  if (auto hit = cache.find(check_key); hit != cache.end()) return hit->second;
  std::set<std::string> cols;
  auto parsed = ParseTree::Parse("SELECT " + check_key);
  if (auto* tree = std::get_if<ParseTree>(&parsed)) {
    WalkNodes(&(*tree)->base, [&](PgQuery__Node* n) {
      if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        auto* cr = n->column_ref;
        cols.insert(StringOf(cr->fields[cr->n_fields - 1]));
      }
    });
  }
  return cache.emplace(check_key, cols.size() == 1 ? *cols.begin() : "").first->second;
}
}  // namespace

Status Builder::AddConstraint(Table& t, Constraint c, std::string* chosen) {
  auto& taken = Taken(t.name.schema);
  if (c.name.empty()) {
    // ChooseConstraintName / ChooseIndexName, as DefineRelation and transformIndexConstraint do.
    switch (c.kind) {
      case ConstraintKind::kPrimaryKey:
        c.name = ChooseName(t.name.name, "", "pkey", taken);
        break;
      case ConstraintKind::kUnique: {
        auto cols = c.columns;
        cols.insert(cols.end(), c.include.begin(), c.include.end());
        c.name = ChooseName(t.name.name, NameAddition(cols), "key", taken);
        break;
      }
      case ConstraintKind::kExclude: {
        std::vector<std::string> cols;
        for (const auto& e : c.elements) {
          std::string first = e.key.substr(0, e.key.find(' '));
          cols.push_back(first.empty() || first[0] == '(' ? "expr" : first);
        }
        c.name = ChooseName(t.name.name, NameAddition(cols), "excl", taken);
        break;
      }
      case ConstraintKind::kForeignKey:
        c.name = ChooseName(t.name.name, NameAddition(c.columns), "fkey", taken);
        break;
      case ConstraintKind::kCheck: {
        c.name = ChooseName(t.name.name, OnlyColumnOf(c.expr.key), "check", taken);
        break;
      }
    }
  } else {
    taken.insert(c.name);
  }
  if (t.constraints.count(c.name)) {
    return MakeError(ErrorKind::kSyntax, "constraint \"" + c.name + "\" for relation \"" + t.name.name + "\" already exists");
  }
  RecordKey(t, c);
  if (chosen) *chosen = c.name;
  t.constraints[c.name] = std::move(c);
  return Ok();
}

namespace {
// transformIndexConstraints: a UNIQUE key identical to the primary key or to an earlier key of
// the same CREATE TABLE is not created; the kept one inherits its name if it had none.
std::vector<Constraint> DropRedundantKeys(std::vector<Constraint> in) {
  auto is_key = [](const Constraint& c) {
    return c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique;
  };
  std::stable_partition(in.begin(), in.end(), [&](const Constraint& c) { return c.kind == ConstraintKind::kPrimaryKey; });
  std::vector<Constraint> out;
  for (auto& c : in) {
    bool redundant = false;
    if (is_key(c)) {
      for (auto& prior : out) {
        if (is_key(prior) && prior.columns == c.columns && prior.include == c.include &&
            prior.nulls_not_distinct == c.nulls_not_distinct && prior.deferrable == c.deferrable &&
            prior.deferred == c.deferred) {
          if (prior.name.empty()) prior.name = c.name;
          redundant = true;
          break;
        }
      }
    }
    if (!redundant) out.push_back(std::move(c));
  }
  return out;
}
}  // namespace

Status Builder::CreateTable(const PgQuery__Node* stmt) {
  const PgQuery__CreateStmt* s = stmt->create_stmt;
  Table t;
  t.name = NameOf(s->relation);
  std::string persistence = s->relation->relpersistence ? s->relation->relpersistence : "p";
  if (persistence == "t") return MakeError(ErrorKind::kUnsupported, "TEMPORARY tables are not part of a schema: the session that uses one creates it");
  t.unlogged = persistence == "u";
  if (s->partbound || s->partspec) {
    // The clauses in the deparser's spelling, canonicalized like the catalog's text.
    std::string text;
    TRY_ASSIGN(text, DeparseStmt(stmt));
    if (s->partspec) {
      size_t at = text.rfind(" PARTITION BY ");
      TRY_ASSIGN(t.partition_by, CanonicalPartitionKey(text.substr(at + 14)));
    }
    if (s->partbound) {
      size_t from = text.find(" FOR VALUES ");
      if (from == std::string::npos) from = text.find(" DEFAULT");
      size_t to = text.find(" PARTITION BY ", from);
      TRY_ASSIGN(t.partition_bound, CanonicalPartitionBound(text.substr(from + 1, to == std::string::npos ? std::string::npos : to - from - 1)));
      t.partition_of = NameOf(s->inh_relations[0]->range_var);
    }
  }
  if (!s->partbound) {
    for (size_t i = 0; i < s->n_inh_relations; ++i) t.inherits.push_back(NameOf(s->inh_relations[i]->range_var));
  }
  if (s->of_typename || (s->tablespacename && *s->tablespacename) || (s->access_method && *s->access_method)) {
    return MakeError(ErrorKind::kUnsupported, "CREATE TABLE OF / TABLESPACE / USING are not supported");
  }
  TRY_ASSIGN(t.options, RelOptions(s->options, s->n_options));
  if (schema_.tables.count(t.name)) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + t.name.Display() + "\" already exists");
  }
  Taken(t.name.schema).insert(t.name.name);
  Remember("table " + t.name.Display());
  NoteRename(ObjectRef::Of(ObjectKind::kTable, t.name.schema, t.name.name));
  // Column constraints first, then table constraints, the order transformCreateStmt sees them.
  std::vector<Constraint> constraints;
  std::vector<const PgQuery__Constraint*> table_constraints;
  for (size_t i = 0; i < s->n_table_elts; ++i) {
    const PgQuery__Node* e = s->table_elts[i];
    if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      TRY(AddColumn(t, e->column_def, &constraints));
    } else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      table_constraints.push_back(e->constraint);
    } else if (e->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
      TRY(AddLike(t, e->table_like_clause, &constraints));
    } else {
      return MakeError(ErrorKind::kUnsupported, "this CREATE TABLE element is not supported");
    }
  }
  for (const auto* c : table_constraints) {
    if (c->conname && *c->conname) {
      NoteRename(ObjectRef::Of(ObjectKind::kConstraint, t.name.schema, t.name.name, c->conname), c->location);
    }
    Constraint m;
    TRY_ASSIGN(m, TransformConstraint(c, ""));
    m.validated = true;  // CREATE TABLE validates (transformCreateStmt)
    constraints.push_back(std::move(m));
  }
  // A partition gets its parent's indexes first (DefineRelation), then its own keys.
  if (t.IsPartition()) AddPartEvent(PartEvent::kPartition, t.name, {}, false);
  for (auto& c : DropRedundantKeys(std::move(constraints))) TRY(AddConstraint(t, std::move(c)));
  Created('r', t.name);
  schema_.tables[t.name] = std::move(t);
  return Ok();
}

Status Builder::AddLike(Table& t, const PgQuery__TableLikeClause* like, std::vector<Constraint>* constraints) {
  // transformTableLikeClause: columns with their types, collations and NOT NULL always; the
  // rest by INCLUDING option (CreateStmtLikeOption bits). Foreign keys are never copied.
  enum : uint32_t { kComments = 1u << 0, kConstraints = 1u << 2, kDefaults = 1u << 3, kGenerated = 1u << 4,
                    kIdentity = 1u << 5, kIndexes = 1u << 6 };
  if (!like->relation) return MakeError(ErrorKind::kSyntax, "LIKE needs a table");
  QualifiedName from = NameOf(like->relation);
  auto src = schema_.tables.find(from);
  if (src == schema_.tables.end()) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + from.Display() + "\" does not exist (LIKE reads a table defined before it)");
  }
  const Table& s = src->second;
  if (s.IsPartition() || !s.inherits.empty()) {
    return MakeError(ErrorKind::kUnsupported, "LIKE of a partition or of an inheriting table is not supported: list its columns");
  }
  const uint32_t o = like->options;
  for (const auto& c : s.columns) {
    if (t.FindColumn(c.name)) return MakeError(ErrorKind::kSyntax, "column \"" + c.name + "\" specified more than once");
    Column copy = c;
    copy.serial_sequence.clear();  // a serial's default is copied as is: the sequence stays the source's
    copy.inherited = false;
    if (!(o & kDefaults)) copy.default_expr = {};
    if (!(o & kGenerated)) copy.generated = {};
    if (!(o & kComments)) copy.comment.reset();
    if (!(o & kIdentity) || !c.identity) {
      copy.identity = 0;
      copy.identity_sequence = {};
    } else {
      Taken(t.name.schema).insert(ChooseName(t.name.name, c.name, "seq", Taken(t.name.schema)));
      CreatedIdentity(t.name.schema);
    }
    t.columns.push_back(std::move(copy));
  }
  for (const auto& [cn, c] : s.constraints) {
    bool check = c.kind == ConstraintKind::kCheck && (o & kConstraints);
    bool key = (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique ||
                c.kind == ConstraintKind::kExclude) && (o & kIndexes);
    if (!check && !key) continue;
    Constraint copy = c;
    if (key) copy.name.clear();  // named for the new table, like an unnamed key
    constraints->push_back(std::move(copy));
    if (check && (o & kComments)) {
      auto comment = s.constraint_comments.find(cn);
      if (comment != s.constraint_comments.end()) t.constraint_comments[cn] = comment->second;
    }
  }
  // CREATE INDEX and COMMENT statements are read after every CREATE TABLE (desired.cc's
  // passes), so which of them came before this LIKE is not known here: Finish() refuses a LIKE
  // that would copy some.
  if (o & (kIndexes | kComments)) likes_.push_back({t.name, from, (o & kIndexes) != 0, (o & kComments) != 0, Where()});
  return Ok();
}

Status Builder::CheckLikes() const {
  for (const auto& l : likes_) {
    bool indexes = l.indexes && std::any_of(schema_.indexes.begin(), schema_.indexes.end(),
                                            [&](const auto& kv) { return kv.second.table == l.source; });
    auto src = schema_.tables.find(l.source);
    bool comments = l.comments && src != schema_.tables.end() &&
                    (src->second.comment || !src->second.constraint_comments.empty() ||
                     std::any_of(src->second.columns.begin(), src->second.columns.end(), [](const Column& c) { return c.comment.has_value(); }));
    if (indexes || comments) {
      return MakeError(ErrorKind::kUnsupported, (l.where.empty() ? "" : l.where + ": ") + "LIKE " + l.source.Display() +
                                                    " INCLUDING " + (indexes ? "INDEXES" : "COMMENTS") + " (or ALL) of a table with " +
                                                    (indexes ? "CREATE INDEX" : "COMMENT") + " statements is not supported: "
                                                    "write those for " + l.table.Display() + " too, and list the INCLUDING options you want");
    }
  }
  return Ok();
}

// A column an inheritance child takes from a parent (INHERITS), found up the chain: the child
// has no local copy of it (MergeAttributes), and schemasync compares it on the parent.
const Column* Builder::InheritedColumn(const Table& t, const std::string& column) const {
  for (const auto& p : t.inherits) {
    auto it = schema_.tables.find(p);
    if (it == schema_.tables.end()) continue;
    if (const Column* c = it->second.FindColumn(column)) return c;
    if (const Column* c = InheritedColumn(it->second, column)) return c;
  }
  return nullptr;
}

// ALTER TABLE [ONLY] child ALTER COLUMN c SET DEFAULT / SET NOT NULL on an inherited column:
// pg_dump writes the child's copy of a parent's default (a serial's nextval) this way. What the
// child inherits anyway changes nothing; a child-only default or NOT NULL on an inherited column
// is not modelled (the catalog side compares inherited columns on their parent), so it is
// refused rather than lost.
Status Builder::SameAsInherited(const Table& t, const Column& parent, const PgQuery__AlterTableCmd* cmd) {
  bool same = true;
  if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull) {
    same = parent.not_null;
  } else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull) {
    same = !parent.not_null;
  } else if (!cmd->def) {
    same = parent.default_expr.empty();
  } else {
    Expr e;
    TRY_ASSIGN(e, MakeExpr(cmd->def));
    same = e == parent.default_expr;
  }
  if (same) return Ok();
  return MakeError(ErrorKind::kUnsupported, "column \"" + std::string(cmd->name) + "\" of \"" + t.name.Display() +
                                                "\" is inherited: a default or NOT NULL of its own on an inheritance "
                                                "child is not supported; set it on the parent, or declare the column "
                                                "in the child's CREATE TABLE");
}

Status Builder::AlterTable(const PgQuery__AlterTableStmt* s) {
  if (OwnerOnly(s) && s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX && s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
    return AlterRelationOwner(s);
  }
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) return AlterComposite(s);
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) return AlterIndex(s);
  if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
    return MakeError(ErrorKind::kUnsupported, "only ALTER TABLE is supported among ALTER statements on relations");
  }
  Table* t;
  TRY_ASSIGN(t, FindTable(NameOf(s->relation)));
  for (size_t i = 0; i < s->n_cmds; ++i) {
    const PgQuery__AlterTableCmd* cmd = s->cmds[i]->alter_table_cmd;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
        const PgQuery__Constraint* pc = cmd->def->constraint;
        if (pc->indexname && *pc->indexname) {
          TRY(AddConstraintUsingIndex(*t, pc));
          break;
        }
        if (pc->conname && *pc->conname) {  // the line before the statement, or before the subcommand
          NoteRename(ObjectRef::Of(ObjectKind::kConstraint, t->name.schema, t->name.name, pc->conname),
                     s->n_cmds == 1 ? -1 : pc->location);
        }
        Constraint m;
        TRY_ASSIGN(m, TransformConstraint(cmd->def->constraint, ""));
        bool cascades = !t->partition_by.empty() && s->relation->inh &&
                        (m.kind == ConstraintKind::kPrimaryKey || m.kind == ConstraintKind::kUnique);
        std::string name;
        TRY(AddConstraint(*t, std::move(m), &name));
        // Without ONLY, a key of a partitioned table reaches its partitions (DefineIndex).
        if (cascades && !part_events_.empty() && part_events_.back().a == QualifiedName{t->name.schema, name}) {
          part_events_.back().cascade = true;
        }
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: {
        if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD) {
          return MakeError(ErrorKind::kSyntax, "ATTACH PARTITION needs a table");
        }
        PgQuery__Node node = PG_QUERY__NODE__INIT;
        node.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_STMT;
        node.alter_table_stmt = const_cast<PgQuery__AlterTableStmt*>(s);
        TRY(AttachPartition(*t, &node, cmd->def->partition_cmd));
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        TRY(AddColumn(*t, cmd->def->column_def));
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: {
        // Declarative files may still carry a history of ALTERs: the column simply is not there.
        auto& cols = t->columns;
        auto it = std::find_if(cols.begin(), cols.end(), [&](const Column& c) { return c.name == cmd->name; });
        if (it == cols.end()) {
          if (cmd->missing_ok) break;
          return MakeError(ErrorKind::kSyntax, "column \"" + std::string(cmd->name) + "\" of relation \"" + t->name.name + "\" does not exist");
        }
        cols.erase(it);
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity: t->rls_enabled = true; break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity: t->rls_enabled = false; break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity: t->rls_forced = true; break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity: t->rls_forced = false; break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
        Column* c = t->FindColumn(cmd->name);
        if (!c) {
          const Column* inherited = InheritedColumn(*t, cmd->name);
          if (!inherited) return MakeError(ErrorKind::kSyntax, "column \"" + std::string(cmd->name) + "\" does not exist");
          TRY(SameAsInherited(*t, *inherited, cmd));
          break;
        }
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull) c->not_null = true;
        else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull) c->not_null = false;
        else if (!cmd->def) c->default_expr = {};
        else TRY_ASSIGN(c->default_expr, MakeExpr(cmd->def));
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: {
        Column* c = t->FindColumn(cmd->name);
        if (!c) return MakeError(ErrorKind::kSyntax, "column \"" + std::string(cmd->name) + "\" of relation \"" + t->name.Display() + "\" does not exist");
        TRY(AlterIdentity(*t, *c, cmd));
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        TRY(SetOwner(ObjectRef::Of(ObjectKind::kTable, t->name.schema, t->name.name), cmd->newowner));
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: {
        const PgQuery__Node* list = cmd->def;
        if (!list || list->node_case != PG_QUERY__NODE__NODE_LIST) return MakeError(ErrorKind::kSyntax, "storage parameters expected");
        bool reset = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions;
        std::vector<std::string> given;
        TRY_ASSIGN(given, RelOptions(list->list->items, list->list->n_items, reset));
        for (const auto& g : given) {
          std::string name = g.substr(0, g.find('='));
          std::erase_if(t->options, [&](const std::string& o) { return o.substr(0, o.find('=')) == name; });
          if (!reset) t->options.push_back(g);  // transformRelOptions: kept ones first, then the new
        }
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity: {
        const PgQuery__Node* d = cmd->def;
        if (!d || d->node_case != PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT) return MakeError(ErrorKind::kSyntax, "replica identity expected");
        const PgQuery__ReplicaIdentityStmt* ri = d->replica_identity_stmt;
        t->replica_identity = ri->identity_type && *ri->identity_type ? ri->identity_type[0] : 'd';
        t->replica_index.clear();
        if (t->replica_identity == 'i') {
          // USING INDEX names a unique index of the table, or a key constraint's (named alike).
          std::string idx = ri->name ? ri->name : "";
          auto ix = schema_.indexes.find({t->name.schema, idx});
          bool is_index = ix != schema_.indexes.end() && ix->second.table == t->name;
          auto con = t->constraints.find(idx);
          bool is_key = con != t->constraints.end() && (con->second.kind == ConstraintKind::kPrimaryKey ||
                                                         con->second.kind == ConstraintKind::kUnique);
          if (!is_index && !is_key) {
            return MakeError(ErrorKind::kSyntax, "index \"" + idx + "\" for table \"" + t->name.Display() +
                                                     "\" does not exist; REPLICA IDENTITY USING INDEX needs a unique index of the table");
          }
          t->replica_index = idx;
        }
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig: {
        // Processed after CREATE TRIGGER (desired.cc's Pass), so the trigger is known by now.
        auto trig = schema_.triggers.find({t->name, cmd->name});
        if (trig == schema_.triggers.end()) {
          return MakeError(ErrorKind::kSyntax, "trigger \"" + std::string(cmd->name) + "\" for table \"" + t->name.Display() +
                                                   "\" does not exist; create it with CREATE TRIGGER first");
        }
        trig->second.enabled = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig          ? 'D'
                               : cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig ? 'R'
                               : cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig  ? 'A'
                                                                                                   : 'O';
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule: {
        // Processed after CREATE RULE (desired.cc's Pass); pg_rewrite.ev_enabled as tgenabled.
        auto rule = schema_.rules.find({t->name, cmd->name});
        if (rule == schema_.rules.end()) {
          return MakeError(ErrorKind::kSyntax, "rule \"" + std::string(cmd->name) + "\" for table \"" + t->name.Display() +
                                                   "\" does not exist; create it with CREATE RULE first");
        }
        rule->second.enabled = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule          ? 'D'
                               : cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule ? 'R'
                               : cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule  ? 'A'
                                                                                                   : 'O';
        break;
      }
      default:
        return MakeError(ErrorKind::kUnsupported, "this ALTER TABLE action is not supported (supported: ADD COLUMN, ADD CONSTRAINT, ALTER COLUMN SET/DROP DEFAULT and NOT NULL, ALTER COLUMN ADD/SET/DROP identity, ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL SECURITY, ENABLE/DISABLE [REPLICA | ALWAYS] TRIGGER / RULE name)");
    }
  }
  return Ok();
}

Status Builder::AlterIdentity(Table& t, Column& c, const PgQuery__AlterTableCmd* cmd) {
  const std::string where = "column \"" + c.name + "\" of relation \"" + t.name.Display() + "\"";
  if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity) {
    if (!c.identity) {
      if (cmd->missing_ok) return Ok();
      return MakeError(ErrorKind::kSyntax, where + " is not an identity column");
    }
    c.identity = 0;  // DROP IDENTITY keeps NOT NULL
    c.identity_sequence = {};
    return Ok();
  }
  if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity) {
    // ATExecAddIdentity: NOT NULL first, no default, not already an identity.
    if (c.identity) return MakeError(ErrorKind::kSyntax, where + " is already an identity column");
    if (!c.not_null) return MakeError(ErrorKind::kSyntax, where + " must be declared NOT NULL before identity can be added");
    if (!c.default_expr.empty()) return MakeError(ErrorKind::kSyntax, where + " already has a default value");
    const PgQuery__Constraint* k = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT ? cmd->def->constraint : nullptr;
    if (!k) return MakeError(ErrorKind::kSyntax, "identity specification expected");
    if (c.type != "smallint" && c.type != "integer" && c.type != "bigint") {
      return MakeError(ErrorKind::kSyntax, where + " has type " + c.type + "; an identity column must be smallint, integer or bigint");
    }
    c.identity = k->generated_when && *k->generated_when ? k->generated_when[0] : 'a';
    std::string seq = ChooseName(t.name.name, c.name, "seq", Taken(t.name.schema));
    TRY_ASSIGN(c.identity_sequence, IdentitySequence(c.type, k->options, k->n_options, seq));
    CreatedIdentity(t.name.schema);
    return Ok();
  }
  // SET GENERATED { ALWAYS | BY DEFAULT } / SET sequence option / RESTART (ATExecSetIdentity).
  if (!c.identity) return MakeError(ErrorKind::kSyntax, where + " is not an identity column");
  std::vector<PgQuery__Node*> options;
  const PgQuery__Node* list = cmd->def;
  for (size_t i = 0; list && list->node_case == PG_QUERY__NODE__NODE_LIST && i < list->list->n_items; ++i) {
    PgQuery__Node* n = list->list->items[i];
    if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    std::string name = n->def_elem->defname;
    if (name == "generated") {
      const PgQuery__Node* a = n->def_elem->arg;
      if (a && a->node_case == PG_QUERY__NODE__NODE_INTEGER) c.identity = static_cast<char>(a->integer->ival);
    } else if (name != "restart") {  // RESTART moves the current value: not schema
      options.push_back(n);
    }
  }
  return AlterIdentitySequence(c.identity_sequence.mut(), options);
}

namespace {
// An index element that is a plain column: its name; "" otherwise.
std::string PlainColumn(const Expr& e) {
  const std::string& k = e.key;
  if (k.empty() || k[0] == '(' || k.find(' ') != std::string::npos) {
    if (k.size() < 2 || k[0] != '"') return "";
  }
  if (k[0] != '"') return k;
  std::string out;
  for (size_t i = 1; i + 1 < k.size(); ++i) {
    out += k[i];
    if (k[i] == '"') ++i;
  }
  return out;
}
}  // namespace

Status Builder::AddConstraintUsingIndex(Table& t, const PgQuery__Constraint* c) {
  // ADD CONSTRAINT ... USING INDEX turns an existing unique index into the constraint's index;
  // the index takes the constraint's name (index_constraint_create renames it).
  QualifiedName iname{t.name.schema, c->indexname};
  auto it = schema_.indexes.find(iname);
  if (it == schema_.indexes.end()) return MakeError(ErrorKind::kSyntax, "index \"" + iname.name + "\" does not exist");
  const Index& ix = it->second;
  if (ix.table != t.name || !ix.unique || ix.method != "btree" || !ix.where.empty()) {
    return MakeError(ErrorKind::kSyntax, "index \"" + iname.name + "\" is not a plain unique btree index of \"" + t.name.name + "\"");
  }
  Constraint m;
  m.kind = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? ConstraintKind::kPrimaryKey : ConstraintKind::kUnique;
  m.name = c->conname && *c->conname ? c->conname : iname.name;
  m.deferrable = c->deferrable;
  m.deferred = c->initdeferred;
  m.nulls_not_distinct = ix.nulls_not_distinct;
  for (const auto& e : ix.elements) {
    std::string col = PlainColumn(e);
    if (col.empty()) return MakeError(ErrorKind::kSyntax, "index \"" + iname.name + "\" contains expressions");
    m.columns.push_back(col);
  }
  for (const auto& inc : ix.include) m.include.push_back(PlainColumn(Expr{inc, inc}));
  schema_.indexes.erase(it);
  index_defs_.erase(iname);  // the key's index now (AddConstraint records it as such)
  Taken(t.name.schema).erase(iname.name);
  return AddConstraint(t, std::move(m));
}

Result<std::vector<std::string>> RelOptions(PgQuery__Node* const* items, size_t n, bool names_only) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    if (!items[i] || items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) {
      return MakeError(ErrorKind::kSyntax, "storage parameter expected");
    }
    const PgQuery__DefElem* d = items[i]->def_elem;
    if (d->defnamespace && *d->defnamespace) {
      return MakeError(ErrorKind::kUnsupported, std::string(d->defnamespace) + ".* storage parameters are not supported");
    }
    std::string name = d->defname ? d->defname : "";
    if (names_only) {
      out.push_back(name);
      continue;
    }
    std::string value = "true";  // WITH (autovacuum_enabled): a bare boolean parameter
    if (const PgQuery__Node* a = d->arg) {
      switch (a->node_case) {
        case PG_QUERY__NODE__NODE_INTEGER: value = std::to_string(a->integer->ival); break;
        case PG_QUERY__NODE__NODE_FLOAT: value = a->float_->fval; break;
        case PG_QUERY__NODE__NODE_BOOLEAN: value = a->boolean->boolval ? "true" : "false"; break;
        case PG_QUERY__NODE__NODE_STRING: value = a->string->sval; break;
        case PG_QUERY__NODE__NODE_TYPE_NAME: value = Join(StringList(a->type_name->names, a->type_name->n_names), "."); break;
        default: return MakeError(ErrorKind::kSyntax, "storage parameter " + name + ": a constant value is expected");
      }
    }
    out.push_back(name + "=" + value);
  }
  return out;
}

Result<Table*> Builder::FindTable(const QualifiedName& name) {
  auto it = schema_.tables.find(name);
  if (it == schema_.tables.end()) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + name.Display() + "\" does not exist");
  }
  return &it->second;
}

}  // namespace schemasync::parse
