// Differ driver, and the containers: schemas, extensions, enum types.
#include "diff/differ.h"

#include <algorithm>

#include "util/quote.h"

namespace schemasync::diff {

Step& Differ::Emit(Action action, ObjectRef target, StepKind kind, std::string object, std::string sql,
                   std::string reverse, std::vector<Hazard> hazards) {
  Step s;
  s.action = action;
  s.target = std::move(target);
  s.kind = Name(kind);
  s.object = std::move(object);
  s.sql = std::move(sql) + ";";
  s.reverse_sql = reverse.empty() ? "" : reverse + ";";
  if (reverse.empty() && std::find(hazards.begin(), hazards.end(), Hazard::kIrreversible) == hazards.end()) {
    hazards.push_back(Hazard::kIrreversible);
  }
  for (Hazard h : hazards) s.hazards.emplace_back(Name(h));
  // The inverse loses data when it drops what the forward step made (a column, a table, a
  // sequence's position): what the reverse plan and revert must ask --allow-destructive for.
  for (const char* drop : {"DROP TABLE ", "DROP COLUMN ", "DROP SEQUENCE ", "DROP MATERIALIZED VIEW "}) {
    if (s.reverse_sql.find(drop) != std::string::npos) {
      s.reverse_hazards = {std::string(Name(Hazard::kDataLoss))};
      break;
    }
  }
  steps_.push_back(std::move(s));
  return steps_.back();
}

std::vector<ObjectRef> Differ::Resolve(const std::vector<ObjectRef>& uses, const Schema& side) const {
  std::vector<ObjectRef> out;
  bool extensions = false;
  for (const auto& r : uses) {
    bool known = true, multirange = false;
    QualifiedName n{r.schema, r.name};
    if (r.kind == ObjectKind::kType || (r.IsRelationLike() && r.kind != ObjectKind::kSequence)) {
      known = side.tables.count(n) || side.views.count(n) || side.enums.count(n) || side.domains.count(n) || side.composites.count(n) ||
              side.sequences.count(n) || side.ranges.count(n) || side.foreign_tables.count(n);
      // A multirange type is made and dropped with its range: the edge goes to the range.
      for (const auto& [rn, range] : side.ranges) {
        if (known || r.kind != ObjectKind::kType || range.multirange != n) continue;
        out.push_back(TypeRef(rn));
        known = true;
        multirange = true;
      }
    } else if (r.kind == ObjectKind::kFunction) {
      known = !FunctionsNamed(side, r.schema, r.name).empty() ||
              std::any_of(side.aggregates.begin(), side.aggregates.end(),
                          [&](const auto& kv) { return kv.second.name == n; });
    } else if (r.kind == ObjectKind::kCollation) {
      known = side.collations.count(n);
    }
    if (multirange) continue;
    if (known) {
      out.push_back(r);
      // An owned sequence (serial, OWNED BY) comes and goes with its column: edges to it too.
      auto seq = r.kind == ObjectKind::kSequence ? side.sequences.find(n) : side.sequences.end();
      if (seq != side.sequences.end()) {
        for (const auto& u : UsesOf(seq->second)) {
          if (u.kind == ObjectKind::kColumn) out.push_back(u);
        }
      }
    } else {
      extensions = true;
    }
  }
  if (extensions) {
    for (const auto& [name, e] : side.extensions) out.push_back(ObjectRef::Of(ObjectKind::kExtension, "", name));
  }
  return out;
}

Result<std::vector<Step>> Differ::Run() {
  // Each pass emits the steps; objects using what a pass drops are forced out and back in the
  // next, until no new one appears (the set only grows, so this ends).
  for (;;) {
    steps_.clear();
    dropped_constraints_.clear();
    Prepare();
    TRY(RunPass());
    std::set<ObjectRef> more = DependentsOfDrops();
    size_t before = forced_.size();
    forced_.insert(more.begin(), more.end());
    if (forced_.size() == before) return std::move(steps_);
  }
}

void Differ::Prepare() {
  rebuilt_tables_.clear();
  changed_relations_.clear();
  dropped_sequences_.clear();
  for (const auto& [name, have] : live_.tables) {
    auto it = desired_.tables.find(name);
    if (it == desired_.tables.end()) {
      changed_relations_.insert(name);
      continue;
    }
    const Table& want = it->second;
    if (have.partition_by != want.partition_by) {
      rebuilt_tables_.insert(name);
      changed_relations_.insert(name);
      continue;
    }
    // Columns added, dropped, retyped or regenerated: views reading the table are rebuilt. As
    // in DiffTable: a partition's columns are its parent's, inherited ones their parent's.
    bool changed = false;
    bool detaching = have.IsPartition() && !want.IsPartition();
    // A serial column giving up its sequence drops it with its default (DiffColumn).
    const std::string& schema = name.schema;  // a structured binding: not capturable before C++20's P1091 in clang
    auto gives_up_sequence = [&](const Column& h, const Column& c) {
      if (h.serial_sequence.empty() || h.default_expr.empty()) return;
      if (h.default_expr == c.default_expr && h.type == c.type && h.collation == c.collation) return;
      QualifiedName seq{schema, h.serial_sequence};
      if (!desired_.sequences.count(seq) && live_.sequences.count(seq)) dropped_sequences_.insert(seq);
    };
    for (const auto& c : want.columns) {
      if (want.IsPartition()) break;
      const Column* h = have.FindColumn(c.name);
      if (h && h->inherited && !detaching) continue;
      if (!h || h->type != c.type || h->collation != c.collation || h->generated != c.generated) changed = true;
      if (h) gives_up_sequence(*h, c);
    }
    for (const auto& h : have.columns) {  // a partition's defaults (DiffTable)
      if (!want.IsPartition()) break;
      gives_up_sequence(h, PartitionColumn(want, h));
    }
    for (const auto& c : have.columns) {
      if (!want.IsPartition() && !(c.inherited && !detaching) && !want.FindColumn(c.name)) changed = true;
    }
    if (changed) changed_relations_.insert(name);
  }
  // DROP TABLE of a partitioned table drops its partitions (they depend on it): those that stay
  // its partitions are built anew with it, at every level.
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [name, have] : live_.tables) {
      auto it = desired_.tables.find(name);
      if (rebuilt_tables_.count(name) || !have.IsPartition() || !rebuilt_tables_.count(have.partition_of) ||
          it == desired_.tables.end() || it->second.partition_of != have.partition_of) {
        continue;
      }
      rebuilt_tables_.insert(name);
      changed_relations_.insert(name);
      grew = true;
    }
  }
  MarkChangedForeignTables();
  rebuilt_views_ = ViewsToRebuild();
}

std::set<ObjectRef> Differ::DependentsOfDrops() const {
  std::set<ObjectRef> dropped;
  for (const auto& s : steps_) {
    if (s.action == Action::kDrop && (s.target.kind == ObjectKind::kFunction || s.target.kind == ObjectKind::kType)) {
      dropped.insert(s.target);
    }
  }
  if (dropped.empty()) return {};
  auto hit = [&](const std::vector<ObjectRef>& uses) {
    for (const auto& u : uses) {
      for (auto it = dropped.lower_bound(ObjectRef::Of(u.kind, u.schema, u.name)); it != dropped.end(); ++it) {
        if (it->Group() != u.Group() || it->schema != u.schema || it->name != u.name) break;
        if (u.sub.empty() || it->sub == u.sub) return true;
      }
    }
    return false;
  };
  std::set<ObjectRef> out;
  for (const auto& [n, v] : live_.views) {
    if (hit(UsesOf(v))) out.insert(RefOf(v));
  }
  for (const auto& [n, t] : live_.tables) {
    if (!desired_.tables.count(n)) continue;
    for (const auto& [pn, p] : t.policies) {
      if (hit(UsesOf(p))) out.insert(ObjectRef::Of(ObjectKind::kPolicy, n.schema, n.name, pn));
    }
    for (const auto& [cn, c] : t.constraints) {
      if (hit(UsesOf(c))) out.insert(ConstraintRef(n, cn));
    }
    for (const auto& c : t.columns) {
      if (hit(DefaultUses(c))) out.insert(ColumnRef(n, c.name));
    }
  }
  for (const auto& [n, ix] : live_.indexes) {
    if (hit(UsesOf(ix))) out.insert(IndexRef(ix));
  }
  for (const auto& [k, t] : live_.triggers) {
    if (hit(UsesOf(t))) out.insert(ObjectRef::Of(ObjectKind::kTrigger, t.table.schema, t.table.name, t.name));
  }
  for (const auto& [k, r] : live_.rules) {
    if (hit(UsesOf(r))) out.insert(ObjectRef::Of(ObjectKind::kRule, r.table.schema, r.table.name, r.name));
  }
  for (const auto& [n, a] : live_.aggregates) {
    if (hit(UsesOf(a))) out.insert(RefOf(a));  // a support function or type replaced
  }
  for (const auto& [n, e] : live_.event_triggers) {
    if (hit({ObjectRef::Of(ObjectKind::kFunction, e.function.schema, e.function.name)})) {
      out.insert(ObjectRef::Of(ObjectKind::kEventTrigger, "", e.name));
    }
  }
  return out;
}

Status Differ::RunPass() {
  DiffSchemas();
  DiffExtensions();
  TRY(DiffEnums());
  TRY(DiffDomains());
  TRY(DiffComposites());
  TRY(DiffRanges());
  DiffCollations();
  DiffTables();
  DiffFunctions();
  DiffAggregates();
  DiffSequences();
  DiffViews();
  DiffIndexes();
  DiffAttachedIndexes();
  DiffTriggers();
  DiffRules();
  DiffEventTriggers();
  DiffPublications();
  TRY(DiffForeignData());
  DiffGrants();
  DiffDefaultPrivileges();
  DiffObjectComments();
  DiffOwners();
  return Ok();
}

void Differ::DiffSchemas() {
  auto comment = [](const Schema& s, const std::string& n) -> std::optional<std::string> {
    auto it = s.schema_comments.find(n);
    return it == s.schema_comments.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  for (const auto& [name, _] : desired_.schemas) {
    bool exists = live_.schemas.count(name);
    if (!exists) {
      Emit(Action::kCreate, ObjectRef::Schema(name), StepKind::kCreateSchema, "schema " + name, "CREATE SCHEMA " + QuoteIdent(name),
           "DROP SCHEMA " + QuoteIdent(name));
    }
    DiffComment(ObjectRef::Schema(name), "SCHEMA " + QuoteIdent(name), "schema " + name, exists ? comment(live_, name) : std::nullopt,
                comment(desired_, name));
  }
  for (const auto& [name, _] : live_.schemas) {
    if (!desired_.schemas.count(name)) {
      auto c = comment(live_, name);
      Emit(Action::kDrop, ObjectRef::Schema(name), StepKind::kDropSchema, "schema " + name, "DROP SCHEMA " + QuoteIdent(name),
           "CREATE SCHEMA " + QuoteIdent(name) + RestoreCommentSql("SCHEMA " + QuoteIdent(name), c));
    }
  }
}

namespace {
ObjectRef ExtRef(const std::string& name) { return ObjectRef::Of(ObjectKind::kExtension, "", name); }

std::string CreateExtensionSql(const Extension& e) {
  std::string s = "CREATE EXTENSION " + QuoteIdent(e.name);
  if (!e.schema.empty()) s += " SCHEMA " + QuoteIdent(e.schema);
  if (!e.version.empty()) s += " VERSION " + QuoteLiteral(e.version);
  return s;
}
}  // namespace

void Differ::DiffExtensions() {
  for (const auto& [name, want] : desired_.extensions) {
    auto it = live_.extensions.find(name);
    if (it == live_.extensions.end()) {
      Step& step = Emit(Action::kCreate, ExtRef(name), StepKind::kCreateExtension, "extension " + name,
                        CreateExtensionSql(want) +
                            (want.comment_managed ? "; " + CommentSql("EXTENSION " + QuoteIdent(name), want.comment) : ""),
                        "DROP EXTENSION " + QuoteIdent(name));
      if (!want.schema.empty()) step.needs.push_back(ObjectRef::Schema(want.schema));
      continue;
    }
    const Extension& have = it->second;
    if (want.comment_managed) {
      DiffComment(ExtRef(name), "EXTENSION " + QuoteIdent(name), "extension " + name, have.comment, want.comment);
    }
    if (!want.schema.empty() && want.schema != have.schema) {
      Emit(Action::kAlter, ExtRef(name), StepKind::kAlterExtension, "extension " + name,
           "ALTER EXTENSION " + QuoteIdent(name) + " SET SCHEMA " + QuoteIdent(want.schema),
           "ALTER EXTENSION " + QuoteIdent(name) + " SET SCHEMA " + QuoteIdent(have.schema));
    }
    if (!want.version.empty() && want.version != have.version) {
      // Extension scripts rarely provide a downgrade path: the inverse reinstalls the old version.
      Extension old = have;
      Emit(Action::kAlter, ExtRef(name), StepKind::kAlterExtension, "extension " + name,
           "ALTER EXTENSION " + QuoteIdent(name) + " UPDATE TO " + QuoteLiteral(want.version),
           "DROP EXTENSION " + QuoteIdent(name) + "; " + CreateExtensionSql(old));
    }
  }
  for (const auto& [name, have] : live_.extensions) {
    if (!desired_.extensions.count(name)) {
      Step& step = Emit(Action::kDrop, ExtRef(name), StepKind::kDropExtension, "extension " + name,
                        "DROP EXTENSION " + QuoteIdent(name),
                        CreateExtensionSql(have) + "; " + CommentSql("EXTENSION " + QuoteIdent(name), have.comment));
      if (!have.schema.empty()) step.releases.push_back(ObjectRef::Schema(have.schema));
    }
  }
}

namespace {
std::string CreateEnumSql(const EnumType& e) {
  std::vector<std::string> vals;
  for (const auto& v : e.values) vals.push_back(QuoteLiteral(v));
  return "CREATE TYPE " + e.name.Sql() + " AS ENUM (" + Join(vals, ", ") + ")";
}
}  // namespace

Status Differ::DiffEnums() {
  for (const auto& [name, want] : desired_.enums) {
    auto it = live_.enums.find(name);
    DiffComment(TypeRef(name), "TYPE " + name.Sql(), "type " + name.Display(), it == live_.enums.end() ? std::nullopt : it->second.comment,
                want.comment);
    if (it == live_.enums.end()) {
      Emit(Action::kCreate, TypeRef(name), StepKind::kCreateType, "type " + name.Display(), CreateEnumSql(want), "DROP TYPE " + name.Sql());
      continue;
    }
    const EnumType& have = it->second;
    if (have.values == want.values) continue;
    // Values can only be added in place (ALTER TYPE ... ADD VALUE); the existing ones must keep
    // their relative order.
    std::vector<std::string> kept;
    for (const auto& v : want.values) {
      if (std::find(have.values.begin(), have.values.end(), v) != have.values.end()) kept.push_back(v);
    }
    if (kept != have.values) {
      // Values removed or reordered: PostgreSQL has no ALTER TYPE ... DROP VALUE, so the type is
      // built anew and its columns converted through text, in one step each way. A row holding
      // a removed value makes the conversion fail, and the apply with it: nothing is lost.
      Emit(Action::kAlter, TypeRef(name), StepKind::kRebuildType, "type " + name.Display(),
           EnumRebuildSql(name, want.values, want.grants), EnumRebuildSql(name, have.values, have.grants), {Hazard::kTableRewrite});
      continue;
    }
    for (size_t i = 0; i < want.values.size(); ++i) {
      const std::string& v = want.values[i];
      if (std::find(have.values.begin(), have.values.end(), v) != have.values.end()) continue;
      // Values are added in order, so the previous one exists by now; the first goes BEFORE the
      // first existing value.
      std::string pos = i > 0 ? " AFTER " + QuoteLiteral(want.values[i - 1])
                              : (kept.empty() ? "" : " BEFORE " + QuoteLiteral(kept.front()));
      // No ALTER TYPE ... DROP VALUE exists: the inverse rebuilds the type with the old values
      // (on the first added value's step, which the reverse plan runs last).
      bool first_added = true;
      for (size_t j = 0; j < i; ++j) {
        if (std::find(have.values.begin(), have.values.end(), want.values[j]) == have.values.end()) first_added = false;
      }
      // A new value cannot be used in the transaction that adds it ("unsafe use of new value"):
      // the step runs and commits before the plan's transaction.
      Step& step = Emit(Action::kAlter, TypeRef(name), StepKind::kAddEnumValue, "type " + name.Display(),
           "ALTER TYPE " + name.Sql() + " ADD VALUE " + QuoteLiteral(v) + pos,
           first_added ? EnumRebuildSql(name, have.values, have.grants) : "-- undone by the type rebuild of the first added value",
           {Hazard::kTypeRebuildOnRevert});
      step.transactional = false;
      step.before_transaction = true;
    }
  }
  for (const auto& [name, have] : live_.enums) {
    if (!desired_.enums.count(name)) {
      Emit(Action::kDrop, TypeRef(name), StepKind::kDropType, "type " + name.Display(), "DROP TYPE " + name.Sql(),
           CreateEnumSql(have) + RestoreCommentSql("TYPE " + name.Sql(), have.comment) +
               AclRestoreSql("TYPE " + name.Sql(), InitialAcl('T', name.schema), have.grants));
    }
  }
  return Ok();
}

namespace {
ObjectRef CollRef(const QualifiedName& n) { return ObjectRef::Of(ObjectKind::kCollation, n.schema, n.name); }

std::string CreateCollationSql(const Collation& c) {
  std::string s = "CREATE COLLATION " + c.name.Sql() + " (provider = " + (c.provider == 'i' ? "icu" : "libc");
  if (c.provider == 'i') {
    s += ", locale = " + QuoteLiteral(c.icu_locale);
  } else {
    s += ", lc_collate = " + QuoteLiteral(c.lc_collate) + ", lc_ctype = " + QuoteLiteral(c.lc_ctype);
  }
  if (!c.deterministic) s += ", deterministic = false";
  return s + ")";
}
}  // namespace

void Differ::DiffCollations() {
  for (const auto& [name, want] : desired_.collations) {
    auto it = live_.collations.find(name);
    if (it != live_.collations.end() && it->second == want) continue;
    if (it != live_.collations.end()) {
      // No ALTER COLLATION changes the locale: replace it (columns using it block this).
      Emit(Action::kDrop, CollRef(name), StepKind::kDropCollation, "collation " + name.Display(), "DROP COLLATION " + name.Sql(),
           CreateCollationSql(it->second));
    }
    Emit(Action::kCreate, CollRef(name), StepKind::kCreateCollation, "collation " + name.Display(), CreateCollationSql(want),
         "DROP COLLATION " + name.Sql());
  }
  for (const auto& [name, have] : live_.collations) {
    if (!desired_.collations.count(name)) {
      Emit(Action::kDrop, CollRef(name), StepKind::kDropCollation, "collation " + name.Display(), "DROP COLLATION " + name.Sql(),
           CreateCollationSql(have));
    }
  }
}

bool Differ::DroppedInPlan(const ObjectRef& ref) const {
  for (const auto& s : steps_) {
    if (s.action != Action::kDrop) continue;
    if (s.target == ref) return true;
    for (auto p = ref.Parent(); p; p = p->Parent()) {
      if (s.target == *p) return true;
    }
  }
  return false;
}

void Differ::DiffObjectComments() {
  // After every other step is known: an object dropped and created again lost its comment.
  // The statements are spelled only where the comments differ (40,000 constraints and policies
  // at 10,000 tables, nearly all with none on either side).
  auto find = [](const std::map<std::string, std::string>& m, const std::string& k) -> const std::string* {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
  };
  auto same = [](const std::string* have, const std::string* want) {
    return have == want || (have && want && *have == *want);
  };
  auto opt = [](const std::string* s) { return s ? std::optional<std::string>(*s) : std::nullopt; };
  for (const auto& [tn, want] : desired_.tables) {
    auto lt = live_.tables.find(tn);
    const Table* live = lt == live_.tables.end() ? nullptr : &lt->second;
    for (const auto& [cn, c] : want.constraints) {
      const std::string* wanted = find(want.constraint_comments, cn);
      const std::string* had = live && live->constraints.count(cn) ? find(live->constraint_comments, cn) : nullptr;
      if (!wanted && !had) continue;
      ObjectRef ref = ConstraintRef(tn, cn);
      if (DroppedInPlan(ref)) had = nullptr;
      if (same(had, wanted)) continue;
      DiffComment(ref, "CONSTRAINT " + QuoteIdent(cn) + " ON " + tn.Sql(), "constraint " + tn.Display() + "." + cn,
                  opt(had), opt(wanted));
    }
    for (const auto& [pn, p] : want.policies) {
      const std::string* wanted = find(want.policy_comments, pn);
      const std::string* had = live && live->policies.count(pn) ? find(live->policy_comments, pn) : nullptr;
      if (!wanted && !had) continue;
      ObjectRef ref = ObjectRef::Of(ObjectKind::kPolicy, tn.schema, tn.name, pn);
      if (DroppedInPlan(ref)) had = nullptr;
      if (same(had, wanted)) continue;
      DiffComment(ref, "POLICY " + QuoteIdent(pn) + " ON " + tn.Sql(), "policy " + tn.Display() + "." + pn, opt(had),
                  opt(wanted));
    }
  }
  for (const auto& [key, want] : desired_.triggers) {
    ObjectRef ref = ObjectRef::Of(ObjectKind::kTrigger, want.table.schema, want.table.name, want.name);
    auto it = live_.triggers.find(key);
    bool kept = it != live_.triggers.end() && !DroppedInPlan(ref);
    DiffComment(ref, "TRIGGER " + QuoteIdent(want.name) + " ON " + want.table.Sql(), "trigger " + want.table.Display() + "." + want.name,
                kept ? it->second.comment : std::nullopt, want.comment);
  }
  for (const auto& [name, want] : desired_.sequences) {
    auto it = live_.sequences.find(name);
    bool kept = it != live_.sequences.end() && !DroppedInPlan(SequenceRef(name));
    DiffComment(SequenceRef(name), "SEQUENCE " + name.Sql(), "sequence " + name.Display(), kept ? it->second.comment : std::nullopt,
                want.comment);
  }
}

void Differ::DiffComment(const ObjectRef& ref, const std::string& target, const std::string& object,
                         const std::optional<std::string>& have, const std::optional<std::string>& want) {
  if (have == want) return;
  Emit(Action::kAlter, ref, StepKind::kComment, object, CommentSql(target, want), CommentSql(target, have));
}

std::string CommentSql(const std::string& target, const std::optional<std::string>& comment) {
  return "COMMENT ON " + target + " IS " + (comment ? QuoteLiteral(*comment) : std::string("NULL"));
}

std::string RestoreCommentSql(const std::string& target, const std::optional<std::string>& comment) {
  return comment ? "; " + CommentSql(target, comment) : "";
}

bool Differ::IsEnumType(const std::string& type) const {
  for (const auto* m : {&live_.enums, &desired_.enums}) {
    for (const auto& [n, e] : *m) {
      if (type == TypeSpelling(n) || type == TypeSpelling(n) + "[]") return true;
    }
  }
  return false;
}

std::string TypeSpelling(const QualifiedName& type) {
  return type.schema == "public" ? QuoteIdent(type.name) : QuoteIdent(type.schema) + "." + QuoteIdent(type.name);
}

std::string Differ::EnumRebuildSql(const QualifiedName& name, const std::vector<std::string>& values,
                                   const Grants& grants) const {
  const std::string canon = TypeSpelling(name);
  std::string old_name = name.name + "__schemasync_old";
  std::vector<std::string> sql;
  std::vector<std::string> vals;
  for (const auto& v : values) vals.push_back(QuoteLiteral(v));
  // Views reading the converted tables block ALTER COLUMN TYPE: drop them, re-create after.
  std::set<QualifiedName> tables;
  for (const auto& [tn, t] : live_.tables) {
    for (const auto& c : t.columns) {
      if (c.type == canon || c.type == canon + "[]") tables.insert(tn);
    }
  }
  std::vector<const View*> views;
  std::set<QualifiedName> reached = tables;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [vn, v] : live_.views) {
      if (reached.count(vn)) continue;
      for (const auto& d : v.depends_on) {
        if (reached.count(d)) {
          reached.insert(vn);
          views.push_back(&v);
          grew = true;
          break;
        }
      }
    }
  }
  for (auto it = views.rbegin(); it != views.rend(); ++it) {
    sql.push_back(DropViewSql(**it));
  }
  sql.push_back("ALTER TYPE " + name.Sql() + " RENAME TO " + QuoteIdent(old_name));
  sql.push_back("CREATE TYPE " + name.Sql() + " AS ENUM (" + Join(vals, ", ") + ")");
  // The new type has the privileges of a new one: put the type's own back.
  std::string acl = AclRestoreSql("TYPE " + name.Sql(), InitialAcl('T', name.schema), grants);
  if (!acl.empty()) sql.push_back(acl.substr(2));
  for (const auto& tn : tables) {
    const Table& t = live_.tables.at(tn);
    for (const auto& c : t.columns) {
      bool array = c.type == canon + "[]";
      if (c.type != canon && !array) continue;
      std::string alter = "ALTER TABLE " + tn.Sql() + " ALTER COLUMN " + QuoteIdent(c.name) + " ";
      if (!c.default_expr.empty()) sql.push_back(alter + "DROP DEFAULT");
      sql.push_back(alter + "TYPE " + name.Sql() + (array ? "[]" : "") + " USING " + QuoteIdent(c.name) +
                    "::text" + (array ? "[]" : "") + "::" + name.Sql() + (array ? "[]" : ""));
      if (!c.default_expr.empty()) sql.push_back(alter + "SET DEFAULT " + c.default_expr.text);
    }
  }
  sql.push_back("DROP TYPE " + QualifiedName{name.schema, old_name}.Sql());
  for (const View* v : views) {
    sql.push_back(CreateViewSql(*v));
  }
  return Join(sql, ";\n");
}

}  // namespace schemasync::diff
