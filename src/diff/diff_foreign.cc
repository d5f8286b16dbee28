// Foreign-data wrappers, servers, user mappings and foreign tables. In place where PostgreSQL has
// an ALTER: a wrapper's HANDLER, VALIDATOR and OPTIONS (ALTER FOREIGN DATA WRAPPER), a server's
// VERSION and OPTIONS (ALTER SERVER), a mapping's OPTIONS (ALTER USER MAPPING), a foreign table's
// OPTIONS, columns (ADD / DROP, TYPE, DEFAULT, NOT NULL, OPTIONS) and CHECKs (ALTER FOREIGN
// TABLE). A server's wrapper and TYPE cannot change (ALTER SERVER has no clause for them), nor a
// foreign table's server: a drop and a create, with what lives on the server. A user mapping's
// secret options are not in the model (IsSecretOption): no step ever names one; a step that
// would lose one is refused, or marked data_loss and irreversible.
#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

ObjectRef WrapperRef(const std::string& n) { return ObjectRef::Of(ObjectKind::kForeignDataWrapper, "", n); }
ObjectRef ServerRef(const std::string& n) { return ObjectRef::Of(ObjectKind::kForeignServer, "", n); }
ObjectRef MappingRef(const UserMapping& m) { return ObjectRef::Of(ObjectKind::kUserMapping, "", m.server, m.role); }
ObjectRef ForeignRef(const QualifiedName& n) { return ObjectRef::Of(ObjectKind::kForeignTable, n.schema, n.name); }

// " OPTIONS (name 'value', ...)", or "" for none.
std::string OptionsClause(const FdwOptions& o) {
  if (o.empty()) return "";
  std::vector<std::string> parts;
  for (const auto& [k, v] : o) parts.push_back(QuoteIdent(k) + " " + QuoteLiteral(v));
  return " OPTIONS (" + Join(parts, ", ") + ")";
}

// "OPTIONS (DROP a, SET b 'x', ADD c 'y')" taking `from` to `to`; "" when they are the same.
std::string OptionsChange(const FdwOptions& from, const FdwOptions& to) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : from) {
    if (!to.count(k)) parts.push_back("DROP " + QuoteIdent(k));
  }
  for (const auto& [k, v] : to) {
    auto it = from.find(k);
    if (it == from.end()) parts.push_back("ADD " + QuoteIdent(k) + " " + QuoteLiteral(v));
    else if (it->second != v) parts.push_back("SET " + QuoteIdent(k) + " " + QuoteLiteral(v));
  }
  return parts.empty() ? "" : "OPTIONS (" + Join(parts, ", ") + ")";
}

// What a server needs of its wrapper: the wrapper, or (an extension's: postgres_fdw) the extensions.
std::vector<ObjectRef> WrapperUses(const std::string& wrapper, const Schema& side) {
  if (side.foreign_data_wrappers.count(wrapper)) return {WrapperRef(wrapper)};
  std::vector<ObjectRef> out;
  for (const auto& [name, e] : side.extensions) out.push_back(ObjectRef::Of(ObjectKind::kExtension, "", name));
  return out;
}

std::string WrapperOn(const std::string& n) { return "FOREIGN DATA WRAPPER " + QuoteIdent(n); }
// A function as written: unqualified when the desired SQL wrote it so (search_path finds it).
std::string FunctionSql(const QualifiedName& f) { return f.schema.empty() ? QuoteIdent(f.name) : f.Sql(); }
std::string HandlerSql(const ForeignDataWrapper& w) { return w.handler.name.empty() ? "NO HANDLER" : "HANDLER " + FunctionSql(w.handler); }
std::string ValidatorSql(const ForeignDataWrapper& w) {
  return w.validator.name.empty() ? "NO VALIDATOR" : "VALIDATOR " + FunctionSql(w.validator);
}
std::string CreateWrapperSql(const ForeignDataWrapper& w) {
  return "CREATE " + WrapperOn(w.name) + (w.handler.name.empty() ? "" : " " + HandlerSql(w)) +
         (w.validator.name.empty() ? "" : " " + ValidatorSql(w)) + OptionsClause(w.options);
}
std::vector<ObjectRef> WrapperFunctions(const ForeignDataWrapper& w) {
  std::vector<ObjectRef> out;
  for (const auto* f : {&w.handler, &w.validator}) {
    if (!f->name.empty()) out.push_back(ObjectRef::Of(ObjectKind::kFunction, f->schema.empty() ? "public" : f->schema, f->name));
  }
  return out;
}

std::string ServerOn(const std::string& n) { return "SERVER " + QuoteIdent(n); }
std::string CreateServerSql(const ForeignServer& v) {
  return "CREATE " + ServerOn(v.name) + (v.type ? " TYPE " + QuoteLiteral(*v.type) : "") +
         (v.version ? " VERSION " + QuoteLiteral(*v.version) : "") + " FOREIGN DATA WRAPPER " + QuoteIdent(v.wrapper) +
         OptionsClause(v.options);
}
std::string VersionSql(const ForeignServer& v) {
  return "ALTER " + ServerOn(v.name) + " VERSION " + (v.version ? QuoteLiteral(*v.version) : "NULL");
}

std::string MappingOn(const UserMapping& m) {
  return "USER MAPPING FOR " + (m.role == "PUBLIC" ? std::string("PUBLIC") : QuoteIdent(m.role)) + " SERVER " + QuoteIdent(m.server);
}
std::string MappingObj(const UserMapping& m) { return "user mapping for " + m.role + " server " + m.server; }

std::string FtOn(const QualifiedName& n) { return "FOREIGN TABLE " + n.Sql(); }
std::string FtObj(const QualifiedName& n) { return "foreign table " + n.Display(); }
std::string ColObj(const QualifiedName& n, const std::string& c) { return "column " + n.Display() + "." + c; }

std::string ColumnOptions(const ForeignTable& t, const std::string& column) {
  auto it = t.column_options.find(column);
  return it == t.column_options.end() ? "" : OptionsClause(it->second);
}
const FdwOptions& ColumnOptionsOf(const ForeignTable& t, const std::string& column) {
  static const FdwOptions kNone;
  auto it = t.column_options.find(column);
  return it == t.column_options.end() ? kNone : it->second;
}

// name type [OPTIONS (...)] [COLLATE c] [DEFAULT e] [NOT NULL]: the grammar's order.
std::string ForeignColumnSpec(const ForeignTable& t, const Column& c) {
  std::string s = QuoteIdent(c.name) + " " + c.type + ColumnOptions(t, c.name);
  if (!c.collation.empty()) s += " COLLATE " + QuoteIdent(c.collation);
  if (!c.default_expr.empty()) s += " DEFAULT " + c.default_expr.text;
  if (c.not_null) s += " NOT NULL";
  return s;
}

std::string CreateForeignTableSql(const ForeignTable& t) {
  std::vector<std::string> elements;
  for (const auto& c : t.columns) elements.push_back(ForeignColumnSpec(t, c));
  for (const auto& [n, c] : t.checks) elements.push_back("CONSTRAINT " + QuoteIdent(n) + " " + c.Definition());
  return "CREATE " + FtOn(t.name) + " (" + Join(elements, ", ") + ") SERVER " + QuoteIdent(t.server) + OptionsClause(t.options);
}

// CREATE FOREIGN TABLE with its comments: what puts a dropped one back.
std::string RestoreForeignTableSql(const ForeignTable& t) {
  std::string s = CreateForeignTableSql(t) + RestoreCommentSql(FtOn(t.name), t.comment);
  for (const auto& c : t.columns) s += RestoreCommentSql("COLUMN " + t.name.Sql() + "." + QuoteIdent(c.name), c.comment);
  return s;
}

std::vector<ObjectRef> ForeignTableUses(const ForeignTable& t) {
  std::vector<ObjectRef> out = {ServerRef(t.server)};
  for (const auto& c : t.columns) Append(out, UsesOf(c));
  for (const auto& [n, c] : t.checks) Append(out, UsesOf(c));
  return out;
}

}  // namespace

std::set<std::string> Differ::RebuiltServers() const {
  std::set<std::string> out;
  for (const auto& [name, have] : live_.foreign_servers) {
    auto it = desired_.foreign_servers.find(name);
    if (it != desired_.foreign_servers.end() && (it->second.wrapper != have.wrapper || it->second.type != have.type)) {
      out.insert(name);
    }
  }
  return out;
}

void Differ::MarkChangedForeignTables() {
  const std::set<std::string> servers = RebuiltServers();
  for (const auto& [name, have] : live_.foreign_tables) {
    auto it = desired_.foreign_tables.find(name);
    bool changed = it == desired_.foreign_tables.end() || it->second.server != have.server || servers.count(have.server);
    for (const auto& c : have.columns) {
      const Column* w = changed ? nullptr : it->second.FindColumn(c.name);
      if (!w || w->type != c.type || w->collation != c.collation) changed = true;
    }
    if (!changed && it->second.columns.size() != have.columns.size()) changed = true;  // columns added
    if (changed) changed_relations_.insert(name);
  }
}

Status Differ::DiffForeignData() {
  const std::set<std::string> rebuilt = RebuiltServers();
  // Wrappers: everything changes in place; only a removed one goes.
  for (const auto& [name, have] : live_.foreign_data_wrappers) {
    if (desired_.foreign_data_wrappers.count(name)) continue;
    Emit(Action::kDrop, WrapperRef(name), StepKind::kDropForeignDataWrapper, "foreign-data wrapper " + name, "DROP " + WrapperOn(name),
         CreateWrapperSql(have) + RestoreCommentSql(WrapperOn(name), have.comment))
        .releases = Releases(WrapperFunctions(have));
  }
  for (const auto& [name, want] : desired_.foreign_data_wrappers) {
    auto it = live_.foreign_data_wrappers.find(name);
    const std::string obj = "foreign-data wrapper " + name;
    DiffComment(WrapperRef(name), WrapperOn(name), obj, it == live_.foreign_data_wrappers.end() ? std::nullopt : it->second.comment,
                want.comment);
    if (it == live_.foreign_data_wrappers.end()) {
      Emit(Action::kCreate, WrapperRef(name), StepKind::kCreateForeignDataWrapper, obj, CreateWrapperSql(want), "DROP " + WrapperOn(name))
          .needs = Needs(WrapperFunctions(want));
      continue;
    }
    const ForeignDataWrapper& have = it->second;
    std::vector<std::string> to, back;
    if (!ForeignDataWrapper::SameFunction(have.handler, want.handler)) to.push_back(HandlerSql(want)), back.push_back(HandlerSql(have));
    if (!ForeignDataWrapper::SameFunction(have.validator, want.validator)) to.push_back(ValidatorSql(want)), back.push_back(ValidatorSql(have));
    std::string opts = OptionsChange(have.options, want.options);
    if (!opts.empty()) to.push_back(opts), back.push_back(OptionsChange(want.options, have.options));
    if (to.empty()) continue;
    Step& s = Emit(Action::kAlter, WrapperRef(name), StepKind::kAlterForeignDataWrapper, obj, "ALTER " + WrapperOn(name) + " " + Join(to, " "),
                   "ALTER " + WrapperOn(name) + " " + Join(back, " "));
    s.needs = Needs(WrapperFunctions(want));
    s.releases = Releases(WrapperFunctions(have));
  }

  // Servers.
  for (const auto& [name, have] : live_.foreign_servers) {
    if (desired_.foreign_servers.count(name) && !rebuilt.count(name)) continue;
    Emit(Action::kDrop, ServerRef(name), StepKind::kDropServer, "server " + name, "DROP " + ServerOn(name),
         CreateServerSql(have) + RestoreCommentSql(ServerOn(name), have.comment))
        .releases = WrapperUses(have.wrapper, live_);
  }
  for (const auto& [name, want] : desired_.foreign_servers) {
    auto it = live_.foreign_servers.find(name);
    bool kept = it != live_.foreign_servers.end() && !rebuilt.count(name);
    const std::string obj = "server " + name;
    DiffComment(ServerRef(name), ServerOn(name), obj, kept ? it->second.comment : std::nullopt, want.comment);
    if (!kept) {
      Emit(Action::kCreate, ServerRef(name), StepKind::kCreateServer, obj, CreateServerSql(want), "DROP " + ServerOn(name)).needs =
          WrapperUses(want.wrapper, desired_);
      continue;
    }
    const ForeignServer& have = it->second;
    if (have.version != want.version) {
      Emit(Action::kAlter, ServerRef(name), StepKind::kAlterServer, obj, VersionSql(want), VersionSql(have));
    }
    std::string opts = OptionsChange(have.options, want.options);
    if (!opts.empty()) {
      Emit(Action::kAlter, ServerRef(name), StepKind::kAlterServer, obj, "ALTER " + ServerOn(name) + " " + opts,
           "ALTER " + ServerOn(name) + " " + OptionsChange(want.options, have.options));
    }
  }

  // User mappings: rebuilt with their server.
  for (const auto& [key, have] : live_.user_mappings) {
    bool gone = !desired_.user_mappings.count(key);
    if (!gone && !rebuilt.count(have.server)) continue;
    if (!gone && !have.secret_options.empty()) {
      return MakeError(ErrorKind::kUnsupported,
                       "server " + QuoteIdent(have.server) + " must be dropped and created again (its foreign-data wrapper "
                       "or TYPE changes), and with it the " + MappingObj(have) + ", whose secret options (" +
                       Join(have.secret_options, ", ") + ") schemasync cannot restore: change the server by hand, or "
                       "drop the mapping first");
    }
    // A secret option is lost with the mapping: the way back cannot bring it (nor name it).
    std::string back = have.secret_options.empty() ? "CREATE " + MappingOn(have) + OptionsClause(have.options) : "";
    std::vector<Hazard> hazards;
    if (!have.secret_options.empty()) hazards.push_back(Hazard::kDataLoss);
    Emit(Action::kDrop, MappingRef(have), StepKind::kDropUserMapping, MappingObj(have), "DROP " + MappingOn(have), back, hazards);
  }
  for (const auto& [key, want] : desired_.user_mappings) {
    auto it = live_.user_mappings.find(key);
    if (it == live_.user_mappings.end() || rebuilt.count(want.server)) {
      Emit(Action::kCreate, MappingRef(want), StepKind::kCreateUserMapping, MappingObj(want),
           "CREATE " + MappingOn(want) + OptionsClause(want.options), "DROP " + MappingOn(want));
      continue;
    }
    // Only options that are not secret are compared and changed: a secret one stays as it is.
    std::string opts = OptionsChange(it->second.options, want.options);
    if (opts.empty()) continue;
    Emit(Action::kAlter, MappingRef(want), StepKind::kAlterUserMapping, MappingObj(want), "ALTER " + MappingOn(want) + " " + opts,
         "ALTER " + MappingOn(want) + " " + OptionsChange(want.options, it->second.options));
  }

  // Foreign tables: rebuilt when their server changes or is rebuilt.
  auto rebuild = [&](const ForeignTable& have) {
    auto it = desired_.foreign_tables.find(have.name);
    return it == desired_.foreign_tables.end() || it->second.server != have.server || rebuilt.count(have.server) ||
           Forced(ForeignRef(have.name));
  };
  for (const auto& [name, have] : live_.foreign_tables) {
    if (!rebuild(have)) continue;
    Emit(Action::kDrop, ForeignRef(name), StepKind::kDropForeignTable, FtObj(name), "DROP " + FtOn(name), RestoreForeignTableSql(have))
        .releases = Releases(ForeignTableUses(have));
  }
  for (const auto& [name, want] : desired_.foreign_tables) {
    auto it = live_.foreign_tables.find(name);
    if (it != live_.foreign_tables.end() && !rebuild(it->second)) {
      DiffForeignTable(it->second, want);
      continue;
    }
    Emit(Action::kCreate, ForeignRef(name), StepKind::kCreateForeignTable, FtObj(name), CreateForeignTableSql(want), "DROP " + FtOn(name))
        .needs = Needs(ForeignTableUses(want));
    DiffComment(ForeignRef(name), FtOn(name), FtObj(name), std::nullopt, want.comment);
    for (const auto& c : want.columns) {
      DiffComment(ColumnRef(name, c.name), "COLUMN " + name.Sql() + "." + QuoteIdent(c.name), ColObj(name, c.name), std::nullopt, c.comment);
    }
  }
  return Ok();
}

void Differ::DiffForeignTable(const ForeignTable& have, const ForeignTable& want) {
  const QualifiedName& n = want.name;
  const std::string alter = "ALTER " + FtOn(n) + " ";
  DiffComment(ForeignRef(n), FtOn(n), FtObj(n), have.comment, want.comment);
  std::string opts = OptionsChange(have.options, want.options);
  if (!opts.empty()) {
    Emit(Action::kAlter, ForeignRef(n), StepKind::kAlterForeignTable, FtObj(n), alter + opts, alter + OptionsChange(want.options, have.options));
  }
  // CHECKs that change or go first (a column they read may go).
  for (const auto& [cn, c] : have.checks) {
    auto it = want.checks.find(cn);
    if (it != want.checks.end() && it->second == c) continue;
    Emit(Action::kDrop, ConstraintRef(n, cn), StepKind::kDropConstraint, "constraint " + n.Display() + "." + cn,
         alter + "DROP CONSTRAINT " + QuoteIdent(cn), alter + "ADD CONSTRAINT " + QuoteIdent(cn) + " " + c.Definition())
        .releases = Releases(UsesOf(c));
  }
  for (const auto& h : have.columns) {
    if (want.FindColumn(h.name)) continue;
    // A foreign table holds no data: dropping its column loses none.
    std::string back = alter + "ADD COLUMN " + ForeignColumnSpec(have, h) +
                       RestoreCommentSql("COLUMN " + n.Sql() + "." + QuoteIdent(h.name), h.comment);
    Emit(Action::kDrop, ColumnRef(n, h.name), StepKind::kDropColumn, ColObj(n, h.name), alter + "DROP COLUMN " + QuoteIdent(h.name), back)
        .releases = Releases(UsesOf(h));
  }
  for (const auto& c : want.columns) {
    const Column* h = have.FindColumn(c.name);
    const ObjectRef ref = ColumnRef(n, c.name);
    const std::string obj = ColObj(n, c.name), col = "ALTER COLUMN " + QuoteIdent(c.name) + " ";
    if (!h) {
      Emit(Action::kCreate, ref, StepKind::kAddColumn, obj, alter + "ADD COLUMN " + ForeignColumnSpec(want, c),
           alter + "DROP COLUMN " + QuoteIdent(c.name))
          .needs = Needs(UsesOf(c));
      DiffComment(ref, "COLUMN " + n.Sql() + "." + QuoteIdent(c.name), obj, std::nullopt, c.comment);
      continue;
    }
    if (h->type != c.type || h->collation != c.collation) {
      auto type = [](const Column& x) { return x.type + (x.collation.empty() ? "" : " COLLATE " + QuoteIdent(x.collation)); };
      Step& s = Emit(Action::kAlter, ref, StepKind::kAlterColumnType, obj, alter + col + "TYPE " + type(c), alter + col + "TYPE " + type(*h));
      s.needs = Needs(UsesOf(c));
      s.releases = Releases(UsesOf(*h));
      s.displaces = true;
    }
    if (!(h->default_expr == c.default_expr)) {
      auto set = [&](const Column& x) { return alter + col + (x.default_expr.empty() ? "DROP DEFAULT" : "SET DEFAULT " + x.default_expr.text); };
      Emit(Action::kAlter, ref, c.default_expr.empty() ? StepKind::kDropDefault : StepKind::kSetDefault, obj, set(c), set(*h)).needs =
          Needs(DefaultUses(c));
    }
    if (h->not_null != c.not_null) {
      auto set = [&](bool on) { return alter + col + (on ? "SET NOT NULL" : "DROP NOT NULL"); };
      Emit(Action::kAlter, ref, c.not_null ? StepKind::kSetNotNull : StepKind::kDropNotNull, obj, set(c.not_null), set(h->not_null));
    }
    std::string copts = OptionsChange(ColumnOptionsOf(have, c.name), ColumnOptionsOf(want, c.name));
    if (!copts.empty()) {
      Emit(Action::kAlter, ref, StepKind::kAlterForeignTable, obj, alter + col + copts,
           alter + col + OptionsChange(ColumnOptionsOf(want, c.name), ColumnOptionsOf(have, c.name)));
    }
    DiffComment(ref, "COLUMN " + n.Sql() + "." + QuoteIdent(c.name), obj, h->comment, c.comment);
  }
  for (const auto& [cn, c] : want.checks) {
    auto it = have.checks.find(cn);
    if (it != have.checks.end() && it->second == c) continue;
    Emit(Action::kCreate, ConstraintRef(n, cn), StepKind::kAddConstraint, "constraint " + n.Display() + "." + cn,
         alter + "ADD CONSTRAINT " + QuoteIdent(cn) + " " + c.Definition(), alter + "DROP CONSTRAINT " + QuoteIdent(cn))
        .needs = Needs(UsesOf(c));
  }
}

}  // namespace schemasync::diff
