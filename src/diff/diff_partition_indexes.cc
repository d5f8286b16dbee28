// Partitioned indexes: which index of each partition is attached to which index (or key) of its
// parent (Table::attached_indexes), on both sides.
//
// PostgreSQL attaches, and never detaches: ALTER INDEX ... ATTACH PARTITION exists, DETACH does
// not (an attached index goes only with its parent's, DROP INDEX / DROP CONSTRAINT). So:
// - a parent index the plan creates is created ON ONLY, each partition's index created (or an
//   existing one of the partition's kept) and attached by name: the result is the desired one
//   whatever indexes the partitions have (CREATE INDEX without ONLY would adopt the first match);
// - a kept parent index gains attachments in place (ATTACH), its partitions' index names change
//   in place (ALTER INDEX ... RENAME); when it would lose one, it is rebuilt;
// - the way back from an attachment rebuilds the parent as it was.
#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

std::string OnOnly(std::string create_sql, const QualifiedName& table) {
  const std::string on = " ON " + table.Sql() + " ";
  size_t at = create_sql.find(on);
  if (at != std::string::npos) create_sql.replace(at, on.size(), " ON ONLY " + table.Sql() + " ");
  return create_sql;
}

std::string AttachSql(const QualifiedName& parent, const QualifiedName& child) {
  return "ALTER INDEX " + parent.Sql() + " ATTACH PARTITION " + child.Sql();
}


bool SameKey(Constraint a, Constraint b) {
  a.name = b.name;
  return a == b;
}

}  // namespace

Differ::PartIndex Differ::FindPartIndex(const Schema& side, const QualifiedName& name) const {
  PartIndex out;
  QualifiedName n = name;
  for (size_t depth = 0; depth <= side.tables.size(); ++depth) {
    auto ix = side.indexes.find(n);
    if (ix != side.indexes.end()) {
      out.index = &ix->second;
      if (depth == 0) out.table = ix->second.table;
      return out;
    }
    bool next = false;
    for (const auto& [tn, t] : side.tables) {
      if (tn.schema != n.schema) continue;
      auto k = t.constraints.find(n.name);
      if (k != t.constraints.end() && (k->second.kind == ConstraintKind::kPrimaryKey || k->second.kind == ConstraintKind::kUnique)) {
        out.key = &k->second;
        if (depth == 0) out.table = tn;
        return out;
      }
      auto a = t.attached_indexes.find(n.name);
      if (a != t.attached_indexes.end()) {
        if (depth == 0) out.table = tn;
        n = a->second;
        next = true;
        break;
      }
    }
    if (!next) break;
  }
  return {};
}

std::string Differ::ChildSql(const PartIndex& parent, const QualifiedName& partition, const std::string& child) const {
  if (parent.key) return "ALTER TABLE " + partition.Sql() + " ADD CONSTRAINT " + QuoteIdent(child) + " " + parent.key->Definition();
  Index copy = *parent.index;
  copy.name = {partition.schema, child};
  copy.table = partition;
  return copy.CreateSql();
}

std::vector<std::pair<const Table*, std::string>> Differ::ChildrenOf(const Schema& side, const QualifiedName& parent) const {
  const auto& attached = IndexOf(side).attached;
  auto it = attached.find(parent);
  return it == attached.end() ? std::vector<std::pair<const Table*, std::string>>{} : it->second;
}

bool Differ::StandaloneInLive(const QualifiedName& partition, const std::string& child, const PartIndex& parent) const {
  auto t = live_.tables.find(partition);
  if (t == live_.tables.end() || t->second.attached_indexes.count(child)) return false;
  if (parent.key) {
    auto k = t->second.constraints.find(child);
    return k != t->second.constraints.end() && SameKey(k->second, *parent.key);
  }
  auto ix = live_.indexes.find({partition.schema, child});
  return ix != live_.indexes.end() && ix->second.table == partition && ix->second.SameShape(*parent.index);
}

bool Differ::AttachedByDesired(const QualifiedName& partition, const std::string& name) const {
  auto t = desired_.tables.find(partition);
  auto lt = live_.tables.find(partition);
  if (t == desired_.tables.end() || lt == live_.tables.end() || Rebuilt(partition)) return false;
  auto a = t->second.attached_indexes.find(name);
  if (a == t->second.attached_indexes.end()) return false;
  PartIndex parent = FindPartIndex(desired_, a->second);
  if (!parent.index && !parent.key) return false;
  return StandaloneInLive(partition, name, parent);
}

bool Differ::AttachmentsDiverge(const QualifiedName& parent) const {
  // A live attachment the desired schema does not have (another index of the partition, or
  // none) cannot be undone but by rebuilding the parent.
  for (const auto& [t, child] : ChildrenOf(live_, parent)) {
    auto want = desired_.tables.find(t->name);
    if (want == desired_.tables.end() || Rebuilt(t->name) || want->second.partition_of != t->partition_of) continue;
    std::string desired_child;
    for (const auto& [c, p] : want->second.attached_indexes) {
      if (p == parent) desired_child = c;
    }
    if (desired_child.empty()) return true;
    if (desired_child != child && StandaloneInLive(t->name, desired_child, FindPartIndex(live_, parent))) return true;
  }
  return false;
}

std::string Differ::CreatePartitionedSql(const Schema& side, const QualifiedName& parent, bool adopt_live,
                                         std::string* reverse) const {
  PartIndex p = FindPartIndex(side, parent);
  std::string sql, children, restore;
  for (const auto& [t, child] : ChildrenOf(side, parent)) {
    QualifiedName c{t->name.schema, child};
    if (!p.key && t->attached_keys.count(child)) {
      // A key of the partition's own: made (or kept) by its table's steps, attached here.
    } else if (adopt_live && StandaloneInLive(t->name, child, p)) {
      // Dropped with the parent on the way back: made again as it was.
      auto lt = live_.tables.find(t->name);
      if (p.key) {
        restore += "; ALTER TABLE " + t->name.Sql() + " ADD CONSTRAINT " + QuoteIdent(child) + " " +
                   lt->second.constraints.at(child).Definition();
      } else {
        restore += "; " + live_.indexes.at(c).CreateSql();
      }
    } else {
      children += "; " + ChildSql(p, t->name, child);
    }
    children += "; " + AttachSql(parent, c);
  }
  if (p.key) {
    sql = "ALTER TABLE ONLY " + p.table.Sql() + " ADD CONSTRAINT " + QuoteIdent(parent.name) + " " + p.key->Definition();
    if (reverse) *reverse = "ALTER TABLE " + p.table.Sql() + " DROP CONSTRAINT " + QuoteIdent(parent.name) + restore;
  } else {
    Index ix = *p.index;
    ix.name = parent;
    ix.table = p.table;
    sql = OnOnly(ix.CreateSql(), p.table);
    // Partitions' own keys attached to it depend on it: DROP INDEX ... CASCADE takes them, and
    // they are added back at once.
    std::string keys;
    for (const auto& [t, child] : ChildrenOf(side, parent)) {
      auto k = t->constraints.find(child);
      if (t->attached_keys.count(child) && k != t->constraints.end()) {
        keys += "; ALTER TABLE " + t->name.Sql() + " ADD CONSTRAINT " + QuoteIdent(child) + " " + k->second.Definition();
      }
    }
    if (reverse) *reverse = "DROP INDEX " + parent.Sql() + (keys.empty() ? "" : " CASCADE") + keys + restore;
  }
  return sql + children;
}

bool Differ::ParentKept(const QualifiedName& parent, PartIndex* live, PartIndex* want) const {
  PartIndex lp = FindPartIndex(live_, parent), dp = FindPartIndex(desired_, parent);
  if ((!lp.index && !lp.key) || (!dp.index && !dp.key) || lp.table != dp.table || Rebuilt(lp.table)) return false;
  if (dp.index && (!lp.index || IndexGoes(*lp.index))) return false;
  if (dp.key && (!lp.key || !SameKey(*lp.key, *dp.key) || Forced(ConstraintRef(dp.table, parent.name)) ||
                 AttachmentsDiverge(parent))) {
    return false;
  }
  if (live) *live = lp;
  if (want) *want = dp;
  return true;
}

std::string Differ::PrepareAttachSql(const Table& want, std::string* after) const {
  // ATTACH PARTITION adopts, for each index of the parent, the partition's first matching index
  // (AttachPartitionEnsureIndexes), or makes a copy: the desired ones are made beforehand, and
  // a matching one the desired schema keeps apart is set aside meanwhile.
  std::string pre;
  for (const auto& [child, parent] : want.attached_indexes) {
    PartIndex lp, dp;
    if (!ParentKept(parent, &lp, &dp) || want.attached_keys.count(child)) continue;
    if (!StandaloneInLive(want.name, child, lp)) pre += ChildSql(dp, want.name, child) + "; ";
    if (!lp.index) continue;
    for (const auto& [n, ix] : live_.indexes) {
      if (ix.table != want.name || n.name == child || !ix.SameShape(*lp.index) || !desired_.indexes.count(n)) continue;
      pre += "DROP INDEX " + n.Sql() + "; ";
      *after += "; " + ix.CreateSql();
    }
  }
  return pre;
}

bool Differ::CopySurvivesDetach(const QualifiedName& parent) const {
  if (ParentKept(parent, nullptr, nullptr)) return true;
  // A parent's key goes by a step of its own (before the detach) unless its table goes whole
  // (after it); a parent's plain index always by a step of its own (DropIndexStep).
  PartIndex lp = FindPartIndex(live_, parent);
  return lp.key && (Rebuilt(lp.table) || !desired_.tables.count(lp.table));
}

bool Differ::KeptByDetach(const Index& want) const {
  auto lt = live_.tables.find(want.table);
  auto dt = desired_.tables.find(want.table);
  if (lt == live_.tables.end() || dt == desired_.tables.end() || !lt->second.IsPartition() ||
      lt->second.partition_of == dt->second.partition_of) {
    return false;
  }
  auto a = lt->second.attached_indexes.find(want.name.name);
  if (a == lt->second.attached_indexes.end() || !ParentKept(a->second, nullptr, nullptr)) return false;
  PartIndex p = FindPartIndex(live_, a->second);
  return p.index && p.index->SameShape(want);
}

bool Differ::AdoptsOwnKeys(const Table& want) const {
  for (const auto& [child, parent] : want.attached_keys) {
    if (ParentKept(parent, nullptr, nullptr)) return true;
  }
  return false;
}

const Differ::SideIndex& Differ::IndexOf(const Schema& side) const {
  auto [it, made] = side_index_.try_emplace(&side);
  if (!made) return it->second;
  SideIndex& x = it->second;
  for (const auto& [tn, t] : side.tables) {
    if (t.IsPartition()) x.partitions[t.partition_of].push_back(&t);
    for (const auto& [child, parent] : t.attached_indexes) x.attached[parent].push_back({&t, child});
  }
  for (const auto& [n, ix] : side.indexes) x.indexes[ix.table].push_back(&ix);
  return x;
}

bool Differ::HasPartitions(const Schema& side, const QualifiedName& table) const {
  return IndexOf(side).partitions.count(table) > 0;
}

void Differ::DiffAttachedIndexes() {
  for (const auto& [tn, want] : desired_.tables) {
    auto lt = live_.tables.find(tn);
    if (lt == live_.tables.end() || Rebuilt(tn) || !want.IsPartition() || lt->second.partition_of != want.partition_of) continue;
    const Table& live = lt->second;
    for (const auto& [child, parent] : want.attached_indexes) {
      // Only under a parent both sides have and the plan keeps: a parent created or rebuilt
      // brings its attachments along (CreatePartitionedSql).
      PartIndex lp, dp;
      if (!ParentKept(parent, &lp, &dp)) continue;
      std::string have;
      for (const auto& [c, p] : live.attached_indexes) {
        if (p == parent) have = c;
      }
      QualifiedName want_name{tn.schema, child}, have_name{tn.schema, have};
      const std::string obj = "index " + want_name.Display();
      if (have == child) continue;
      if (!have.empty()) {
        Step& step = Emit(Action::kAlter, ObjectRef::Of(ObjectKind::kIndex, tn.schema, tn.name, have), StepKind::kRenameIndex, obj,
                          "ALTER INDEX " + have_name.Sql() + " RENAME TO " + QuoteIdent(child),
                          "ALTER INDEX " + want_name.Sql() + " RENAME TO " + QuoteIdent(have));
        step.names = {RelationName(want_name)};
        // After the parent's attachments in place: their way back rebuilds the parent with the
        // partitions' indexes named as they were, so this one's must come first.
        step.needs_final = {lp.key ? ConstraintRef(lp.table, parent.name)
                                   : ObjectRef::Of(ObjectKind::kIndex, lp.table.schema, lp.table.name, parent.name)};
        continue;
      }
      // Attached in place; the way back rebuilds the parent as it was (there is no DETACH).
      bool standalone = StandaloneInLive(tn, child, lp);
      std::string sql = standalone ? "" : ChildSql(dp, tn, child) + "; ";
      sql += AttachSql(parent, want_name);
      std::string back = (lp.key ? "ALTER TABLE " + lp.table.Sql() + " DROP CONSTRAINT " + QuoteIdent(parent.name)
                                 : "DROP INDEX " + parent.Sql()) +
                         "; " + CreatePartitionedSql(live_, parent, false, nullptr);
      if (standalone) {
        back += "; " + (lp.key ? "ALTER TABLE " + tn.Sql() + " ADD CONSTRAINT " + QuoteIdent(child) + " " + live.constraints.at(child).Definition()
                               : live_.indexes.at(want_name).CreateSql());
      }
      Step& step = Emit(Action::kAlter, lp.key ? ConstraintRef(lp.table, parent.name) : ObjectRef::Of(ObjectKind::kIndex, lp.table.schema, lp.table.name, parent.name), StepKind::kAttachIndex, obj,
                        sql, back);
      step.needs = Needs({ObjectRef::Of(ObjectKind::kTable, (tn).schema, (tn).name)});
      if (!standalone) step.names = {RelationName(want_name)};
    }
  }
}

}  // namespace schemasync::diff
