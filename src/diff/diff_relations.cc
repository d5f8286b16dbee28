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
  return "CREATE " + ViewKeyword(v) + v.name.Sql() + " AS\n" + SquashSpace(v.query);
}
std::string DropViewSql(const View& v) { return "DROP " + ViewKeyword(v) + v.name.Sql(); }

void Differ::DiffViews() {
  // Which live views must go: removed, changed, reading a changed relation, or reading a view
  // that goes (transitively).
  std::set<QualifiedName> rebuilt;
  std::vector<const View*> live_order = TopoOrder(live_.views);
  for (const View* v : live_order) {
    auto it = desired_.views.find(v->name);
    bool gone = it == desired_.views.end() || it->second.materialized != v->materialized ||
                SquashSpace(it->second.query) != SquashSpace(v->query);
    for (const auto& d : v->depends_on) {
      if (changed_relations_.count(d) || rebuilt.count(d)) gone = true;
    }
    if (gone) rebuilt.insert(v->name);
  }
  for (auto it = live_order.rbegin(); it != live_order.rend(); ++it) {
    const View& v = **it;
    if (!rebuilt.count(v.name)) continue;
    std::string restore = CreateViewSql(v);
    restore += RestoreCommentSql(ViewKeyword(v) + v.name.Sql(), v.comment);
    for (const auto& [in, ix] : live_.indexes) {
      if (ix.table == v.name) {
        restore += "; " + ix.CreateSql();
        restore += RestoreCommentSql("INDEX " + in.Sql(), ix.comment);
      }
    }
    Emit(kDropView, "drop_view", "view " + v.name.Display(), DropViewSql(v), restore);
  }
  for (const View* v : TopoOrder(desired_.views)) {
    auto lv = live_.views.find(v->name);
    bool kept = lv != live_.views.end() && !rebuilt.count(v->name);
    DiffComment(ViewKeyword(*v) + v->name.Sql(), "view " + v->name.Display(), kept ? lv->second.comment : std::nullopt,
                v->comment);
    if (kept) continue;
    Emit(kCreateView, "create_view", "view " + v->name.Display(), CreateViewSql(*v), DropViewSql(*v));
    // Indexes of a re-created materialized view come back with it.
    for (const auto& [in, ix] : desired_.indexes) {
      if (ix.table == v->name) {
        Emit(kCreateView, "create_index", "index " + in.Display(), ix.CreateSql(), "DROP INDEX " + in.Sql());
      }
    }
  }
  rebuilt_views_ = rebuilt;
}

void Differ::DiffIndexes() {
  auto on_view = [&](const Index& ix) { return desired_.views.count(ix.table) || live_.views.count(ix.table); };
  // A table replaced by a materialized view of the same name: its index goes with the table as
  // a step of its own (so that the way back builds it again), whatever the view's indexes are.
  auto table_goes = [&](const QualifiedName& rel) { return live_.tables.count(rel) && !desired_.tables.count(rel); };
  for (const auto& [name, have] : live_.indexes) {
    auto it = desired_.indexes.find(name);
    // An invalid index (a CREATE INDEX CONCURRENTLY that failed) is dropped and built again.
    if (it != desired_.indexes.end() && it->second == have && have.valid && !rebuilt_tables_.count(have.table) &&
        !table_goes(have.table)) {
      continue;
    }
    if (rebuilt_views_.count(have.table)) continue;  // dropped with its view, which restores it
    Emit(kDropIndex, "drop_index", "index " + name.Display(), "DROP INDEX " + name.Sql(),
         have.CreateSql() + RestoreCommentSql("INDEX " + name.Sql(), have.comment));
  }
  for (const auto& [name, want] : desired_.indexes) {
    auto it = live_.indexes.find(name);
    bool kept = it != live_.indexes.end() && it->second == want && it->second.valid && !Rebuilt(want.table) &&
                !table_goes(want.table);
    DiffComment("INDEX " + name.Sql(), "index " + name.Display(), kept ? it->second.comment : std::nullopt, want.comment);
    if (it != live_.indexes.end() && it->second == want && it->second.valid && !rebuilt_tables_.count(want.table)) continue;
    if (rebuilt_views_.count(want.table) || (on_view(want) && !live_.views.count(want.table))) continue;
    // On a table that already holds rows, build without blocking writes. Unique indexes stay in
    // the transaction: a foreign key later in the plan may need one.
    auto desired_table = desired_.tables.find(want.table);  // absent: the index is on a materialized view
    if (options_.concurrent_indexes && live_.tables.count(want.table) && !rebuilt_tables_.count(want.table) &&
        !want.unique && desired_table != desired_.tables.end() && !desired_table->second.IsPartition() &&
        desired_table->second.partition_by.empty()) {
      Emit(kOutsideTransaction, "create_index", "index " + name.Display(), want.CreateSql(true),
           "DROP INDEX " + name.Sql());
      steps_.back().transactional = false;
      continue;
    }
    Emit(on_view(want) ? kCreateView : kCreateIndex, "create_index", "index " + name.Display(), want.CreateSql(),
         "DROP INDEX " + name.Sql());
  }
}

}  // namespace schemasync::diff
