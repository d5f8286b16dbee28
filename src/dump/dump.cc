// schemasync dump (see dump.h).
#include "schemasync/dump.h"

#include <algorithm>
#include <map>

#include "parse/naming.h"
#include "schemasync/plan.h"
#include "util/quote.h"

namespace schemasync {
namespace {

// The file a step of the creation plan belongs to: its object's, and a sub-object's (column,
// constraint, index, policy, trigger, rule) that of the relation it is on.
std::string FileOf(const ObjectRef& target, const Schema& live) {
  auto in = [&](const std::string& schema, const std::string& file) { return schema + "/" + file; };
  switch (target.kind) {
    case ObjectKind::kSchema: return "schemas.sql";
    case ObjectKind::kExtension: return "extensions.sql";
    case ObjectKind::kEventTrigger:
    case ObjectKind::kPublication:
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
    case ObjectKind::kUserMapping: return "database.sql";
    // Read last: ALTER DEFAULT PRIVILEGES governs the objects created after it (in the order
    // the desired files are read), and the objects above carry their privileges already.
    case ObjectKind::kDefaultAcl: return "zz_default_privileges.sql";
    case ObjectKind::kType:
    case ObjectKind::kCollation: return in(target.schema, "types.sql");
    case ObjectKind::kSequence: return in(target.schema, "sequences.sql");
    case ObjectKind::kFunction: return in(target.schema, "functions.sql");
    case ObjectKind::kView: return in(target.schema, "views.sql");
    case ObjectKind::kTable:
    case ObjectKind::kForeignTable: return in(target.schema, "tables.sql");
    case ObjectKind::kColumn:
    case ObjectKind::kConstraint:
    case ObjectKind::kIndex:
    case ObjectKind::kPolicy:
    case ObjectKind::kTrigger:
    case ObjectKind::kRule: {
      bool view = live.views.count(QualifiedName{target.schema, target.name}) > 0;
      return in(target.schema, view ? "views.sql" : "tables.sql");
    }
  }
  return in(target.schema, "other.sql");
}

// A step's SQL as a person would write it: a function is created as written, without the
// `SET check_function_bodies = off` a plan runs before it (the desired reader does not check
// bodies against the server either).
std::string AsWritten(std::string sql) {
  static const std::string kOff = "SET check_function_bodies = off; ";
  for (size_t at; (at = sql.find(kOff)) != std::string::npos;) sql.erase(at, kOff.size());
  while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ')) sql.pop_back();
  if (!sql.empty() && sql.back() != ';') sql += ';';
  return sql;
}

std::string Header(const std::string& path) {
  return "-- " + path + ": written by schemasync dump, the desired state of the database as it was.\n"
         "-- Edit it as the source of truth: schemasync plan shows what a change would do.\n";
}

// A column the catalog shows as serial (a nextval default of the sequence it owns) is written
// `serial` when that says everything: the sequence has the name and the parameters the serial
// pseudo-type gives it (transformColumnDefinition: <table>_<column>_seq, CREATE SEQUENCE's
// defaults for the column's type), so its CREATE SEQUENCE goes. Otherwise the column is written
// as pg_dump writes it: its type, the nextval default, and the sequence on its own.
void PreferSerials(Schema& s) {
  for (auto& [tn, t] : s.tables) {
    for (auto& c : t.columns) {
      if (c.serial_sequence.empty()) continue;
      auto seq = s.sequences.find(QualifiedName{tn.schema, c.serial_sequence});
      bool as_serial = seq != s.sequences.end() && c.serial_sequence == tn.name + "_" + c.name + "_seq" &&
                       c.serial_sequence.size() < 64;
      if (as_serial) {
        Sequence plain = Sequence::Defaults(seq->second.type);
        plain.name = seq->second.name;
        plain.owned_by = seq->second.owned_by;
        as_serial = plain == seq->second && seq->second.type == c.type && !seq->second.comment;
      }
      if (as_serial) {
        seq->second.serial = true;
      } else {
        c.serial_sequence.clear();
      }
    }
  }
}

// CREATE SEQUENCE with only what differs from CREATE SEQUENCE's defaults for its type and
// increment (init_params): `CREATE SEQUENCE s` rather than every parameter spelled out.
std::string CreateSequenceAsWritten(const Sequence& q) {
  Sequence d = Sequence::Defaults(q.type, q.increment);
  std::string sql = "CREATE SEQUENCE " + q.name.Sql();
  if (q.type != "bigint") sql += " AS " + q.type;
  if (q.increment != 1) sql += " INCREMENT BY " + std::to_string(q.increment);
  if (q.min != d.min) sql += " MINVALUE " + std::to_string(q.min);
  if (q.max != d.max) sql += " MAXVALUE " + std::to_string(q.max);
  // START defaults to MINVALUE (ascending) or MAXVALUE (descending) as given.
  if (q.start != (q.increment > 0 ? q.min : q.max)) sql += " START WITH " + std::to_string(q.start);
  if (q.cache != 1) sql += " CACHE " + std::to_string(q.cache);
  if (q.cycle) sql += " CYCLE";
  return sql + ";";
}

// The name PostgreSQL gives a key or foreign key written without one (ChooseConstraintName with
// the labels of transformIndexConstraint / transformFKConstraints), or "" where it depends on
// more than the model says (a CHECK names the one column its expression reads, if one).
std::string DerivedName(const Table& t, const Constraint& c) {
  switch (c.kind) {
    case ConstraintKind::kPrimaryKey: return parse::MakeObjectName(t.name.name, "", "pkey");
    case ConstraintKind::kUnique: return parse::MakeObjectName(t.name.name, parse::NameAddition(c.columns), "key");
    case ConstraintKind::kForeignKey: return parse::MakeObjectName(t.name.name, parse::NameAddition(c.columns), "fkey");
    default: return "";
  }
}

// `CONSTRAINT name ` left out of a step's SQL where name is the one PostgreSQL would choose.
std::string WithoutDerivedNames(std::string sql, const Table& t) {
  for (const auto& [name, c] : t.constraints) {
    if (DerivedName(t, c) != name) continue;
    const std::string spelled = "CONSTRAINT " + QuoteIdent(name) + " ";
    for (size_t at; (at = sql.find(spelled)) != std::string::npos;) sql.erase(at, spelled.size());
  }
  return sql;
}

}  // namespace

Result<std::vector<DumpFile>> DumpSchema(const Schema& database, const Schema& fresh, const DumpOptions& options) {
  Schema live = database;
  PreferSerials(live);
  PlanOptions plain;
  plain.online = false;
  plain.concurrent_indexes = false;
  plain.manage_owners = !live.owners.empty();
  Plan plan;
  TRY_ASSIGN(plan, BuildPlan(fresh, live, plain));
  std::vector<std::string> order;  // files in the order their first statement comes
  std::map<std::string, std::string> text;
  std::vector<std::string> dropped;
  // Default privileges last (see FileOf), in one file too.
  std::stable_partition(plan.steps.begin(), plan.steps.end(),
                        [](const Step& s) { return s.target.kind != ObjectKind::kDefaultAcl; });
  for (const auto& s : plan.steps) {
    if (s.action == Action::kDrop) {
      // What a new database has and this one does not (schema public dropped): the desired SQL
      // has no way to say so.
      dropped.push_back(s.object);
      continue;
    }
    std::string file = options.single_file ? "schema.sql" : FileOf(s.target, live);
    auto [it, added] = text.try_emplace(file);
    if (added) order.push_back(file);
    std::string sql = s.sql;
    if (options.as_written) {
      const QualifiedName on{s.target.schema, s.target.name};
      auto q = live.sequences.find(on);
      if (s.kind == "create_sequence" && s.target.kind == ObjectKind::kSequence && q != live.sequences.end()) {
        sql = CreateSequenceAsWritten(q->second);
      }
      auto t = live.tables.find(on);
      bool on_table = s.target.kind == ObjectKind::kTable || s.target.kind == ObjectKind::kConstraint;
      if (on_table && t != live.tables.end()) sql = WithoutDerivedNames(std::move(sql), t->second);
    }
    it->second += '\n';
    it->second += AsWritten(sql);
    it->second += '\n';
  }
  if (!dropped.empty()) {
    return MakeError(ErrorKind::kUnsupported, "the database lacks what every new database has (" + Join(dropped, ", ") +
                                                  "), which desired SQL cannot express: create it again, or manage the "
                                                  "database with hand-written migrations");
  }
  std::vector<DumpFile> files;
  if (order.empty()) order.push_back(options.single_file ? "schema.sql" : "schemas.sql");  // an empty database
  for (const auto& f : order) files.push_back({f, Header(f) + text[f]});
  return files;
}

}  // namespace schemasync
