// Partitioned indexes on the desired side: which index of each partition is attached to which
// index of its parent (Table::attached_indexes), replayed the way PostgreSQL makes them.
//
// - CREATE INDEX on a partitioned table (without ONLY), and ADD PRIMARY KEY / UNIQUE (without
//   ONLY) on one, go through its partitions: each adopts its first matching index that is not
//   attached yet (for a key: only a key's index), or gets a copy named like an unnamed index
//   (DefineIndex; ChooseIndexName). A copy on a partitioned partition goes on down.
// - CREATE TABLE ... PARTITION OF and ALTER TABLE ... ATTACH PARTITION do the same for every
//   index of the parent (DefineRelation, AttachPartitionEnsureIndexes).
// - CREATE INDEX ... ON ONLY, ALTER TABLE ONLY ... ADD key: the parent's index alone (invalid
//   until every partition has one attached); ALTER INDEX ... ATTACH PARTITION attaches one by
//   name (ATExecAttachPartitionIdx), after checking that it matches.
// Matching is CompareIndexInfo's: same columns, expressions, operator classes, collations,
// predicate, method, uniqueness and INCLUDE columns; the name does not matter.
// Statements are built in passes (desired.cc), but which index is adopted depends on the order
// they were written in: each statement records an event (PartEvent) at its place as written, and
// ReplayPartitionIndexes plays them in that order once every statement is built.
#include <algorithm>

#include "parse/builder.h"
#include "parse/naming.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {


bool IsKey(const Constraint& c) { return c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique; }

}  // namespace

Index KeyIndexShape(const QualifiedName& table, const Constraint& c) {
  Index ix;
  ix.name = {table.schema, c.name};
  ix.table = table;
  ix.unique = true;
  ix.nulls_not_distinct = c.nulls_not_distinct;
  for (const auto& col : c.columns) ix.elements.push_back({QuoteIdent(col), QuoteIdent(col)});
  for (const auto& col : c.include) ix.include.push_back(QuoteIdent(col));
  return ix;
}

void Builder::AddPartEvent(PartEvent::Kind kind, const QualifiedName& a, const QualifiedName& b, bool cascade) {
  if (!partitions_possible_) return;
  part_events_.push_back({ordinal_, static_cast<int>(part_events_.size()), kind, a, b, cascade, Where()});
}

void Builder::RecordIndex(const Index& ix, std::vector<std::string> name_columns, bool cascade) {
  if (!partitions_possible_) return;
  index_defs_[ix.name] = {ix, false, ConstraintKind::kCheck, std::move(name_columns), 0};
  AddPartEvent(PartEvent::kIndex, ix.name, {}, cascade);
}

void Builder::RecordKey(const Table& t, const Constraint& c) {
  if (!IsKey(c) || !partitions_possible_) return;
  std::vector<std::string> cols = c.columns;
  cols.insert(cols.end(), c.include.begin(), c.include.end());
  index_defs_[{t.name.schema, c.name}] = {KeyIndexShape(t.name, c), true, c.kind, std::move(cols), 0};
  AddPartEvent(PartEvent::kIndex, {t.name.schema, c.name}, {}, false);
}

// Desired files may come in any order: an ALTER INDEX ... ATTACH PARTITION written (in a file
// read earlier) before its table becomes a partition (in a file read later; a dump per schema
// does this) is played right after it does, as a script run in dependency order would have it.
std::vector<Builder::PartEvent> Builder::AttachesAfterTheirPartitions(std::vector<PartEvent> events) const {
  std::map<QualifiedName, size_t> becomes;  // table -> position of its (last) kPartition event
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind == PartEvent::kPartition) becomes[events[i].a] = i;
  }
  std::map<QualifiedName, std::vector<PartEvent>> deferred;
  std::vector<PartEvent> out;
  out.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    PartEvent& e = events[i];
    if (e.kind == PartEvent::kAttachIndex) {
      auto child = index_defs_.find(e.b);
      auto later = child == index_defs_.end() ? becomes.end() : becomes.find(child->second.shape.table);
      if (later != becomes.end() && later->second > i) {
        deferred[later->first].push_back(std::move(e));
        continue;
      }
    }
    bool partition = e.kind == PartEvent::kPartition;
    QualifiedName table = e.a;
    out.push_back(std::move(e));
    if (!partition) continue;
    auto d = deferred.find(table);
    if (d == deferred.end()) continue;
    for (auto& attach : d->second) out.push_back(std::move(attach));
    deferred.erase(d);
  }
  for (auto& [table, rest] : deferred) {
    for (auto& attach : rest) out.push_back(std::move(attach));
  }
  return out;
}

Status Builder::ReplayPartitionIndexes() {
  // Without a partition, an ATTACH or an index reaching down to partitions, nothing attaches:
  // every index and key stays its table's own. The records go (a copy of every index and key).
  bool attaching = std::any_of(part_events_.begin(), part_events_.end(), [](const PartEvent& e) {
    return e.kind == PartEvent::kPartition || e.kind == PartEvent::kAttachIndex || e.cascade;
  });
  std::vector<PartEvent> events = std::move(part_events_);
  part_events_ = {};
  size_t recorded = events.size();
  if (!attaching) {
    index_defs_.clear();
    return Ok();
  }
  // A partition written (in a file read earlier) before its parent's CREATE TABLE becomes one
  // right after that statement, with the keys and indexes it made: no partition exists before
  // its parent, whichever file is read first.
  for (auto& e : events) {
    if (e.kind != PartEvent::kPartition) continue;
    auto t = schema_.tables.find(e.a);
    if (t == schema_.tables.end() || !t->second.IsPartition()) continue;
    auto parent = created_.find({'r', t->second.partition_of});
    if (parent == created_.end() || parent->second <= e.ordinal) continue;
    e.ordinal = parent->second;
    e.order += static_cast<int>(recorded);  // after the parent's own events
  }
  std::stable_sort(events.begin(), events.end(), [](const PartEvent& a, const PartEvent& b) {
    return a.ordinal != b.ordinal ? a.ordinal < b.ordinal : a.order < b.order;
  });
  events = AttachesAfterTheirPartitions(std::move(events));
  int clock = 0;
  for (const auto& e : events) {
    ++clock;
    auto located = [&](Status st) -> Status {
      if (st.ok() || e.where.empty()) return st;
      return MakeError(st.error().kind, e.where + ": " + st.error().message);
    };
    switch (e.kind) {
      case PartEvent::kIndex: {
        auto d = index_defs_.find(e.a);
        if (d == index_defs_.end()) break;  // made into a key's index, or dropped
        d->second.seq = clock;
        alive_.insert(e.a);
        if (e.cascade) TRY(located(CascadeIndex(e.a, d->second.shape.table)));
        break;
      }
      case PartEvent::kPartition: {
        auto t = schema_.tables.find(e.a);
        if (t == schema_.tables.end()) break;
        partitions_alive_.insert(e.a);
        TRY(located(CloneParentIndexes(t->second)));
        break;
      }
      case PartEvent::kAttachIndex:
        TRY(located(AttachIndexByName(e.a, e.b)));
        break;
      case PartEvent::kForget:
        ForgetIndex(e.a);
        break;
    }
  }
  return Ok();
}

void Builder::ForgetIndex(const QualifiedName& n) {
  index_defs_.erase(n);
  // Its partitions' indexes go with it (DROP INDEX of a partitioned index).
  for (auto& [tn, t] : schema_.tables) {
    for (auto it = t.attached_indexes.begin(); it != t.attached_indexes.end();) {
      if (it->second != n) {
        ++it;
        continue;
      }
      QualifiedName child{tn.schema, it->first};
      t.attached_keys.erase(it->first);
      if (index_defs_.count(child) && index_defs_[child].key) t.constraints.erase(it->first);
      it = t.attached_indexes.erase(it);
      Taken(child.schema).erase(child.name);
      ForgetIndex(child);
    }
  }
}

Status Builder::AttachIndex(Table& p, const QualifiedName& child, const QualifiedName& parent) {
  const IndexDef& pd = index_defs_.at(parent);
  const IndexDef& cd = index_defs_.at(child);
  p.attached_indexes[child.name] = parent;
  if (!cd.key) {
    schema_.indexes.erase(child);
  } else if (pd.key) {
    p.constraints.erase(child.name);  // the parent's key now (conparentid), named as before
  } else {
    p.attached_keys[child.name] = parent;
  }
  return Ok();
}

Status Builder::AttachOrCopy(Table& p, const QualifiedName& parent) {
  const IndexDef pd = index_defs_.at(parent);
  if (p.attached_indexes.count(parent.name) || std::any_of(p.attached_indexes.begin(), p.attached_indexes.end(),
                                                          [&](const auto& kv) { return kv.second == parent; })) {
    return Ok();
  }
  const IndexDef* found = nullptr;
  QualifiedName found_name;
  for (const auto& [n, d] : index_defs_) {
    if (d.shape.table != p.name || !alive_.count(n) || p.attached_indexes.count(n.name) || (pd.key && !d.key)) continue;
    if (!d.shape.SameShape(pd.shape)) continue;
    if (!found || d.seq < found->seq) {
      found = &d;
      found_name = n;
    }
  }
  if (found) return AttachIndex(p, found_name, parent);
  // A copy, named as an unnamed index of the partition would be.
  auto& taken = Taken(p.name.schema);
  std::string name = !pd.key ? ChooseName(p.name.name, NameAddition(pd.name_columns), "idx", taken)
                     : pd.kind == ConstraintKind::kPrimaryKey ? ChooseName(p.name.name, "", "pkey", taken)
                                                              : ChooseName(p.name.name, NameAddition(pd.name_columns), "key", taken);
  IndexDef copy = pd;
  copy.shape.name = {p.name.schema, name};
  copy.shape.table = p.name;
  copy.shape.comment.reset();
  copy.seq = pd.seq;
  index_defs_[copy.shape.name] = copy;
  alive_.insert(copy.shape.name);
  p.attached_indexes[name] = parent;
  if (!p.partition_by.empty()) return CascadeIndex(copy.shape.name, p.name);
  return Ok();
}

Status Builder::CascadeIndex(const QualifiedName& index, const QualifiedName& table) {
  for (auto& [tn, t] : schema_.tables) {
    if (t.partition_of == table && partitions_alive_.count(tn)) TRY(AttachOrCopy(t, index));
  }
  return Ok();
}

Status Builder::CloneParentIndexes(Table& p) {
  std::vector<std::pair<int, QualifiedName>> parents;
  for (const auto& [n, d] : index_defs_) {
    if (d.shape.table == p.partition_of && alive_.count(n)) parents.push_back({d.seq, n});
  }
  std::sort(parents.begin(), parents.end());
  for (const auto& [seq, n] : parents) TRY(AttachOrCopy(p, n));
  return Ok();
}

Status Builder::AlterIndex(const PgQuery__AlterTableStmt* s) {
  QualifiedName parent = NameOf(s->relation);
  for (size_t i = 0; i < s->n_cmds; ++i) {
    const PgQuery__AlterTableCmd* cmd = s->cmds[i]->alter_table_cmd;
    if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition || !cmd->def ||
        cmd->def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD || !cmd->def->partition_cmd->name) {
      return MakeError(ErrorKind::kUnsupported, "ALTER INDEX supports ATTACH PARTITION only; write the index as it should be "
                                                "in its CREATE INDEX");
    }
    AddPartEvent(PartEvent::kAttachIndex, parent, NameOf(cmd->def->partition_cmd->name), false);
  }
  return Ok();
}

Status Builder::AttachIndexByName(const QualifiedName& parent, const QualifiedName& child) {
  auto pd = index_defs_.find(parent);
  auto cd = index_defs_.find(child);
  if (pd == index_defs_.end() || !alive_.count(parent)) return MakeError(ErrorKind::kSyntax, "index \"" + parent.Display() + "\" does not exist");
  if (cd == index_defs_.end() || !alive_.count(child)) return MakeError(ErrorKind::kSyntax, "index \"" + child.Display() + "\" does not exist");
  auto table = schema_.tables.find(cd->second.shape.table);
  if (table == schema_.tables.end() || table->second.partition_of != pd->second.shape.table ||
      !partitions_alive_.count(table->first)) {
    return MakeError(ErrorKind::kSyntax, "cannot attach index \"" + child.Display() + "\" as a partition of index \"" +
                                             parent.Display() + "\": its table is not a partition of " +
                                             pd->second.shape.table.Display());
  }
  Table& p = table->second;
  auto at = p.attached_indexes.find(child.name);
  if (at != p.attached_indexes.end()) {
    if (at->second == parent) return Ok();  // already attached there: nothing to do (as PostgreSQL)
    return MakeError(ErrorKind::kSyntax, "index \"" + child.Display() + "\" is already attached to another index");
  }
  for (const auto& [cn, pn] : p.attached_indexes) {
    if (pn == parent) {
      return MakeError(ErrorKind::kSyntax, "another index of \"" + p.name.Display() + "\" (" + cn + ") is already attached to \"" +
                                               parent.Display() + "\"");
    }
  }
  if (!cd->second.shape.SameShape(pd->second.shape) || (pd->second.key && !cd->second.key)) {
    return MakeError(ErrorKind::kSyntax, "index \"" + child.Display() + "\" does not match index \"" + parent.Display() +
                                             "\"" + (pd->second.key && !cd->second.key ? " (the parent's is a constraint's index: the "
                                                                                         "partition's must be one too)"
                                                                                       : " (attach one with the same columns, expressions, "
                                                                                         "operator classes, predicate and uniqueness)"));
  }
  return AttachIndex(p, child, parent);
}

Status Builder::AttachPartition(Table& parent, const PgQuery__Node* stmt, const PgQuery__PartitionCmd* cmd) {
  if (parent.partition_by.empty()) {
    return MakeError(ErrorKind::kSyntax, "table \"" + parent.name.Display() + "\" is not partitioned");
  }
  if (!cmd->bound) return MakeError(ErrorKind::kSyntax, "ATTACH PARTITION needs FOR VALUES or DEFAULT");
  Table* p;
  TRY_ASSIGN(p, FindTable(NameOf(cmd->name)));
  if (p->IsPartition()) return MakeError(ErrorKind::kSyntax, "\"" + p->name.Display() + "\" is already a partition");
  // Not itself nor one of its own ancestors (ATTACH PARTITION refuses a cycle).
  const Table* up = &parent;
  for (size_t depth = 0; up && depth <= schema_.tables.size(); ++depth) {
    if (up->name == p->name) {
      return MakeError(ErrorKind::kSyntax, "cannot attach \"" + p->name.Display() + "\" as a partition of itself or of its own partition");
    }
    auto next = up->IsPartition() ? schema_.tables.find(up->partition_of) : schema_.tables.end();
    up = next == schema_.tables.end() ? nullptr : &next->second;
  }
  if (!p->inherits.empty()) return MakeError(ErrorKind::kSyntax, "cannot attach inheritance child as partition");
  // The bound in the deparser's spelling, canonicalized like CREATE TABLE ... PARTITION OF's.
  std::string text;
  TRY_ASSIGN(text, DeparseStmt(stmt));
  size_t from = text.find(" FOR VALUES ");
  if (from == std::string::npos) from = text.rfind(" DEFAULT");
  if (from == std::string::npos) return MakeError(ErrorKind::kSyntax, "ATTACH PARTITION needs FOR VALUES or DEFAULT");
  TRY_ASSIGN(p->partition_bound, CanonicalPartitionBound(text.substr(from + 1)));
  p->partition_of = parent.name;
  // Its columns are now (also) its parent's (MergeAttributesIntoExisting).
  for (auto& c : p->columns) c.inherited = parent.FindColumn(c.name) != nullptr;
  // And a CHECK of the same name is the parent's (MergeConstraintsIntoExisting: pg_dump writes
  // each partition with its copies of the parent's CHECKs, then attaches it). A different
  // expression under that name is refused, as ATTACH refuses it.
  for (const auto& [name, pc] : parent.constraints) {
    if (pc.kind != ConstraintKind::kCheck || pc.no_inherit) continue;
    auto own = p->constraints.find(name);
    if (own == p->constraints.end() || own->second.kind != ConstraintKind::kCheck) continue;
    if (!(own->second.expr == pc.expr)) {
      return MakeError(ErrorKind::kSyntax, "child table \"" + p->name.Display() + "\" has different definition for check "
                                           "constraint \"" + name + "\"; make it the parent's, or rename one");
    }
    p->constraints.erase(own);
    p->constraint_comments.erase(name);
  }
  AddPartEvent(PartEvent::kPartition, p->name, {}, false);
  return Ok();
}

}  // namespace schemasync::parse
