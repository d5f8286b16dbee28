// Indexes and views (plain and materialized), with the rebuilds that changes beneath them force.
#include <algorithm>
#include <functional>
#include <map>

#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

std::string ViewKeyword(const View& v) { return v.materialized ? "MATERIALIZED VIEW " : "VIEW "; }

// Views ordered so that each comes after the views it reads.
std::vector<const View*> TopoOrder(const std::map<QualifiedName, View>& views) {
  std::vector<const View*> out;
  std::set<QualifiedName> done, visiting;
  std::function<void(const View&)> visit = [&](const View& v) {
    if (done.count(v.name) || visiting.count(v.name)) return;
    visiting.insert(v.name);
    for (const auto& d : v.depends_on) {
      auto it = views.find(d);
      if (it != views.end()) visit(it->second);
    }
    visiting.erase(v.name);
    done.insert(v.name);
    out.push_back(&v);
  };
  for (const auto& [n, v] : views) visit(v);
  return out;
}

}  // namespace

std::string CreateViewSql(const View& v) {
  std::string s = "CREATE " + ViewKeyword(v) + v.name.Sql();
  std::vector<std::string> columns;
  for (const auto& c : v.columns) columns.push_back(QuoteIdent(c));
  if (!columns.empty()) s += " (" + Join(columns, ", ") + ")";
  s += WithOptions(v.options) + " AS\n" + SquashSpace(v.query);
  if (v.materialized && !v.populated) s += "\nWITH NO DATA";
  return s;
}
std::string DropViewSql(const View& v) { return "DROP " + ViewKeyword(v) + v.name.Sql(); }

std::set<QualifiedName> Differ::ViewsToRebuild() const {
  // Which live views must go: removed, changed, reading a changed relation, forced out by an
  // object they use that goes, or reading a view that goes (transitively).
  std::set<QualifiedName> rebuilt;
  for (const View* v : TopoOrder(live_.views)) {
    auto it = desired_.views.find(v->name);
    bool gone = it == desired_.views.end() || it->second.materialized != v->materialized ||
                SquashSpace(it->second.query) != SquashSpace(v->query) || forced_.count(RefOf(*v)) ||
                // A "live" view read from SQL (plan --from) keeps its column list apart from the
                // query; the catalog's has it in the query's aliases.
                (!v->canonical && it->second.columns != v->columns);
    for (const auto& d : v->depends_on) {
      if (changed_relations_.count(d) || rebuilt.count(d)) gone = true;
    }
    if (gone) rebuilt.insert(v->name);
  }
  return rebuilt;
}

void Differ::DiffViews() {
  const std::set<QualifiedName>& rebuilt = rebuilt_views_;
  std::vector<const View*> live_order = TopoOrder(live_.views);
  for (auto it = live_order.rbegin(); it != live_order.rend(); ++it) {
    const View& v = **it;
    if (!rebuilt.count(v.name)) continue;
    std::string restore = CreateViewSql(v);
    restore += RestoreCommentSql(ViewKeyword(v) + v.name.Sql(), v.comment);
    for (const auto& [col, text] : v.column_comments) restore += RestoreCommentSql("COLUMN " + v.name.Sql() + "." + QuoteIdent(col), text);
    if (auto on = IndexOf(live_).indexes.find(v.name); on != IndexOf(live_).indexes.end()) {
      for (const Index* ix : on->second) {
        restore += "; " + ix->CreateSql();
        restore += RestoreCommentSql("INDEX " + ix->name.Sql(), ix->comment);
      }
    }
    Emit(Action::kDrop, RefOf(v), StepKind::kDropView, "view " + v.name.Display(), DropViewSql(v), restore).releases =
        Releases(UsesOf(v));
  }
  for (const View* v : TopoOrder(desired_.views)) {
    auto lv = live_.views.find(v->name);
    bool kept = lv != live_.views.end() && !rebuilt.count(v->name);
    DiffComment(RefOf(*v), ViewKeyword(*v) + v->name.Sql(), "view " + v->name.Display(), kept ? lv->second.comment : std::nullopt,
                v->comment);
    // Its columns' comments: changed in place on a kept view, set anew on a created one.
    std::set<std::string> cols;
    for (const auto& [c, _] : v->column_comments) cols.insert(c);
    if (kept) {
      for (const auto& [c, _] : lv->second.column_comments) cols.insert(c);
    }
    for (const auto& c : cols) {
      auto opt = [&](const View* x) -> std::optional<std::string> {
        if (!x) return std::nullopt;
        auto it = x->column_comments.find(c);
        return it == x->column_comments.end() ? std::nullopt : std::optional<std::string>(it->second);
      };
      DiffComment(ColumnRef(v->name, c), "COLUMN " + v->name.Sql() + "." + QuoteIdent(c), "column " + v->name.Display() + "." + c,
                  opt(kept ? &lv->second : nullptr), opt(v));
    }
    if (kept) {
      DiffViewState(lv->second, *v);
      continue;
    }
    Emit(Action::kCreate, RefOf(*v), StepKind::kCreateView, "view " + v->name.Display(), CreateViewSql(*v), DropViewSql(*v))
        .needs = Needs(UsesOf(*v));
    // Indexes of a re-created materialized view come back with it.
    if (auto on = IndexOf(desired_).indexes.find(v->name); on != IndexOf(desired_).indexes.end()) {
      for (const Index* ix : on->second) {
        Emit(Action::kCreate, IndexRef(*ix), StepKind::kCreateIndex, "index " + ix->name.Display(), ix->CreateSql(),
             "DROP INDEX " + ix->name.Sql())
            .needs = Needs(IndexUses(*ix, desired_));
      }
    }
  }
}

void Differ::DiffViewState(const View& live, const View& want) {
  const std::string on = "ALTER " + ViewKeyword(want) + want.name.Sql() + " ";
  // Options in place (ALTER VIEW / ALTER MATERIALIZED VIEW SET / RESET): a catalog update.
  if (!SameOptions(live.options, want.options)) {
    Emit(Action::kAlter, RefOf(want), StepKind::kSetStorageParameters, "view " + want.name.Display(),
         OptionsChangeSql(on, live.options, want.options), OptionsChangeSql(on, want.options, live.options));
  }
  // WITH [NO] DATA says how a materialized view is created: WITH DATA (the default) wants it
  // filled, and REFRESH fills one that is not (relispopulated false); WITH NO DATA leaves an
  // existing one's rows alone. Its rows are data, not schema: pg_dump -s writes WITH NO DATA for
  // every materialized view (its REFRESH belongs to the data section), so a dump read back
  // empties none.
  if (want.materialized && want.populated && !live.populated) {
    std::string empty = "REFRESH MATERIALIZED VIEW " + want.name.Sql() + " WITH NO DATA";
    std::string fill = "REFRESH MATERIALIZED VIEW " + want.name.Sql();
    Emit(Action::kAlter, RefOf(want), StepKind::kRefreshView, "view " + want.name.Display(), fill, empty);
  }
}

std::vector<ObjectRef> Differ::IndexUses(const Index& ix, const Schema& side) const {
  // An index reads its table's columns as they will be (new columns first); on a partition,
  // its parents' too (a column dropped from the parent goes from the partition, and its index
  // with it).
  std::vector<ObjectRef> out = UsesOf(ix);
  QualifiedName rel = ix.table;
  for (size_t depth = 0; depth < side.tables.size() + 1; ++depth) {
    out.push_back(ObjectRef::Of(ObjectKind::kTable, rel.schema, rel.name));
    auto it = side.tables.find(rel);
    if (it == side.tables.end() || !it->second.IsPartition()) break;
    rel = it->second.partition_of;
  }
  return out;
}

bool Differ::IndexGoes(const Index& have) const {
  if (rebuilt_views_.count(have.table)) return false;  // dropped with its view, which restores it
  if (AttachedByDesired(have.table, have.name.name)) return false;  // attached to a parent's index instead
  auto it = desired_.indexes.find(have.name);
  auto table = live_.tables.find(have.table);
  bool table_goes = table != live_.tables.end() && !desired_.tables.count(have.table);
  // An invalid index (a CREATE INDEX CONCURRENTLY that failed) is dropped and built again; on a
  // partitioned table, invalid means only that a partition has none attached yet (ON ONLY).
  bool partitioned = table != live_.tables.end() && !table->second.partition_by.empty();
  // A partitioned index takes no ALTER INDEX ... SET (its partitions got the options when they
  // were built): other options are a new index.
  return it == desired_.indexes.end() || !(it->second == have) ||
         (partitioned && !SameOptions(it->second.options, have.options)) || (!have.valid && !partitioned) ||
         rebuilt_tables_.count(have.table) || table_goes || Forced(IndexRef(have)) ||
         (partitioned && AttachmentsDiverge(have.name));
}

void Differ::DiffIndexes() {
  auto on_view = [&](const Index& ix) { return desired_.views.count(ix.table) || live_.views.count(ix.table); };
  // A table replaced by a materialized view of the same name: its index goes with the table as
  // a step of its own (so that the way back builds it again), whatever the view's indexes are.
  auto table_goes = [&](const QualifiedName& rel) { return live_.tables.count(rel) && !desired_.tables.count(rel); };
  // A changed index on a table kept online is built beside the old one and swapped (SwapIndex).
  auto swapped = [&](const Index& have) {
    auto want = desired_.indexes.find(have.name);
    return want != desired_.indexes.end() && want->second.table == have.table && have.valid && IndexChangesOnline(have);
  };
  for (const auto& [name, have] : live_.indexes) {
    if (IndexGoes(have) && !swapped(have)) DropIndexStep(have);
  }
  for (const auto& [name, want] : desired_.indexes) {
    auto it = live_.indexes.find(name);
    bool kept = it != live_.indexes.end() && !IndexGoes(it->second) && !Rebuilt(want.table) && !table_goes(want.table);
    DiffComment(IndexRef(want), "INDEX " + name.Sql(), "index " + name.Display(), kept ? it->second.comment : std::nullopt, want.comment);
    if (it != live_.indexes.end() && !IndexGoes(it->second)) {
      if (kept && !SameOptions(it->second.options, want.options)) {
        // ALTER INDEX ... SET / RESET: a catalog update; pages written later follow them.
        std::string on = "ALTER INDEX " + name.Sql() + " ";
        Emit(Action::kAlter, IndexRef(want), StepKind::kSetStorageParameters, "index " + name.Display(),
             OptionsChangeSql(on, it->second.options, want.options), OptionsChangeSql(on, want.options, it->second.options));
      }
      continue;
    }
    if (it != live_.indexes.end() && swapped(it->second)) {
      SwapIndex(it->second, want);
      continue;
    }
    if (KeptByDetach(want)) continue;
    if (rebuilt_views_.count(want.table) || (on_view(want) && !live_.views.count(want.table))) continue;
    // On a table that already holds rows, build without blocking writes. Without online changes,
    // unique indexes stay in the transaction (a foreign key later in it may need one); online,
    // the graph puts what needs one after the build.
    auto desired_table = desired_.tables.find(want.table);  // absent: the index is on a materialized view
    if (options_.concurrent_indexes && live_.tables.count(want.table) && !rebuilt_tables_.count(want.table) &&
        (!want.unique || options_.online) && desired_table != desired_.tables.end() &&
        !desired_table->second.IsPartition() && desired_table->second.partition_by.empty()) {
      Step& step = Emit(Action::kCreate, IndexRef(want), StepKind::kCreateIndex, "index " + name.Display(),
                        want.CreateSql(true), std::string(options_.online ? "DROP INDEX CONCURRENTLY " : "DROP INDEX ") + name.Sql());
      step.needs = Needs(IndexUses(want, desired_));
      step.names = {RelationName(name)};
      step.transactional = false;
      continue;
    }
    if (HasPartitions(desired_, want.table)) {
      // ON ONLY, then each partition's index made or kept, and attached (diff_partition_indexes.cc).
      std::string reverse;
      std::string sql = CreatePartitionedSql(desired_, name, true, &reverse);
      Step& step = Emit(Action::kCreate, IndexRef(want), StepKind::kCreateIndex, "index " + name.Display(), sql, reverse);
      step.needs = Needs(IndexUses(want, desired_));
      step.names = {RelationName(name)};
      for (const auto& [t, child] : ChildrenOf(desired_, name)) {
        step.needs.push_back(ObjectRef::Of(ObjectKind::kTable, (t->name).schema, (t->name).name));
        step.needs_final.push_back(ObjectRef::Of(ObjectKind::kTable, (t->name).schema, (t->name).name));  // attached first
        if (t->attached_keys.count(child)) step.needs.push_back(ConstraintRef(t->name, child));
        else if (!StandaloneInLive(t->name, child, FindPartIndex(desired_, name))) step.names.push_back(RelationName({t->name.schema, child}));
      }
      continue;
    }
    Step& step = Emit(Action::kCreate, IndexRef(want), StepKind::kCreateIndex, "index " + name.Display(), want.CreateSql(),
                      "DROP INDEX " + name.Sql());
    step.needs = Needs(IndexUses(want, desired_));
    step.names = {RelationName(name)};
  }
}

}  // namespace schemasync::diff
