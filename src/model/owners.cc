// Owners as the desired SQL leaves them (see ResolveOwners in model.h).
#include "schemasync/model.h"
#include "util/quote.h"

namespace schemasync {

void ResolveOwners(Schema& desired, const std::string& role) {
  std::map<ObjectRef, std::string> out;
  auto own = [&](const ObjectRef& ref) {
    auto it = desired.owners.find(ref);
    std::string who = it == desired.owners.end() ? role : it->second;
    out[ref] = who == kCurrentRole ? role : who;
  };
  for (const auto& [n, present] : desired.schemas) own(ObjectRef::Schema(n));
  // public exists before any CREATE: its owner is compared only when the SQL gives one.
  if (auto p = desired.owners.find(ObjectRef::Schema("public")); p != desired.owners.end()) own(p->first);
  for (const auto& [n, t] : desired.tables) own(ObjectRef::Of(ObjectKind::kTable, n.schema, n.name));
  for (const auto& [n, v] : desired.views) own(ObjectRef::Of(ObjectKind::kView, n.schema, n.name));
  for (const auto& [n, f] : desired.functions) own(ObjectRef::Of(ObjectKind::kFunction, f.name.schema, f.name.name, f.identity));
  for (const auto& [n, e] : desired.enums) own(ObjectRef::Of(ObjectKind::kType, n.schema, n.name));
  for (const auto& [n, d] : desired.domains) own(ObjectRef::Of(ObjectKind::kType, n.schema, n.name));
  for (const auto& [n, c] : desired.composites) own(ObjectRef::Of(ObjectKind::kType, n.schema, n.name));
  for (const auto& [n, r] : desired.ranges) own(ObjectRef::Of(ObjectKind::kType, n.schema, n.name));
  for (const auto& [n, c] : desired.collations) own(ObjectRef::Of(ObjectKind::kCollation, n.schema, n.name));
  for (const auto& [n, a] : desired.aggregates) own(ObjectRef::Of(ObjectKind::kFunction, a.name.schema, a.name.name, a.Identity()));
  for (const auto& [n, t] : desired.foreign_tables) own(ObjectRef::Of(ObjectKind::kForeignTable, n.schema, n.name));
  for (const auto& [n, v] : desired.foreign_servers) own(ObjectRef::Of(ObjectKind::kForeignServer, "", n));
  for (const auto& [n, w] : desired.foreign_data_wrappers) own(ObjectRef::Of(ObjectKind::kForeignDataWrapper, "", n));
  for (const auto& [n, p] : desired.publications) own(ObjectRef::Of(ObjectKind::kPublication, "", n));
  for (const auto& [n, q] : desired.sequences) {
    ObjectRef ref = ObjectRef::Of(ObjectKind::kSequence, n.schema, n.name);
    std::vector<std::string> parts = SplitQuotedName(q.owned_by);
    if (parts.size() == 3) {
      // An owned sequence has its table's owner (ALTER TABLE ... OWNER TO moves it along).
      auto t = out.find(ObjectRef::Of(ObjectKind::kTable, parts[0], parts[1]));
      if (t != out.end()) {
        out[ref] = t->second;
        continue;
      }
    }
    own(ref);
  }
  desired.owners = std::move(out);
}

}  // namespace schemasync
