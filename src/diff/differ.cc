// Differ driver, and the containers: schemas, extensions, enum types.
#include "diff/differ.h"

#include <algorithm>

#include "util/quote.h"

namespace schemasync::diff {

void Differ::Emit(int phase, std::string kind, std::string object, std::string sql, std::string reverse,
                  std::vector<std::string> hazards) {
  Step s;
  s.phase = phase;
  s.kind = std::move(kind);
  s.object = std::move(object);
  s.sql = std::move(sql) + ";";
  s.reverse_sql = reverse.empty() ? "" : reverse + ";";
  s.hazards = std::move(hazards);
  if (reverse.empty() && std::find(s.hazards.begin(), s.hazards.end(), "irreversible") == s.hazards.end()) {
    s.hazards.push_back("irreversible");
  }
  steps_.push_back(std::move(s));
}

Result<std::vector<Step>> Differ::Run() {
  DiffSchemas();
  DiffExtensions();
  TRY(DiffEnums());
  DiffTables();
  DiffViews();
  DiffIndexes();
  return steps_;
}

void Differ::DiffSchemas() {
  for (const auto& [name, _] : desired_.schemas) {
    if (!live_.schemas.count(name)) {
      Emit(kCreateSchema, "create_schema", "schema " + name, "CREATE SCHEMA " + QuoteIdent(name),
           "DROP SCHEMA " + QuoteIdent(name));
    }
  }
  for (const auto& [name, _] : live_.schemas) {
    if (!desired_.schemas.count(name)) {
      Emit(kDropSchema, "drop_schema", "schema " + name, "DROP SCHEMA " + QuoteIdent(name),
           "CREATE SCHEMA " + QuoteIdent(name));
    }
  }
}

namespace {
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
      Emit(kCreateExtension, "create_extension", "extension " + name, CreateExtensionSql(want),
           "DROP EXTENSION " + QuoteIdent(name));
      continue;
    }
    const Extension& have = it->second;
    if (!want.schema.empty() && want.schema != have.schema) {
      Emit(kCreateExtension, "alter_extension", "extension " + name,
           "ALTER EXTENSION " + QuoteIdent(name) + " SET SCHEMA " + QuoteIdent(want.schema),
           "ALTER EXTENSION " + QuoteIdent(name) + " SET SCHEMA " + QuoteIdent(have.schema));
    }
    if (!want.version.empty() && want.version != have.version) {
      // Extension scripts rarely provide a downgrade path: the inverse reinstalls the old version.
      Extension old = have;
      Emit(kCreateExtension, "alter_extension", "extension " + name,
           "ALTER EXTENSION " + QuoteIdent(name) + " UPDATE TO " + QuoteLiteral(want.version),
           "DROP EXTENSION " + QuoteIdent(name) + "; " + CreateExtensionSql(old));
    }
  }
  for (const auto& [name, have] : live_.extensions) {
    if (!desired_.extensions.count(name)) {
      Emit(kDropExtension, "drop_extension", "extension " + name, "DROP EXTENSION " + QuoteIdent(name),
           CreateExtensionSql(have));
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
    if (it == live_.enums.end()) {
      Emit(kCreateType, "create_type", "type " + name.Display(), CreateEnumSql(want), "DROP TYPE " + name.Sql());
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
      return MakeError(ErrorKind::kPlan, "enum type " + name.Display() +
                                              ": removing or reordering values is not supported in place "
                                              "(PostgreSQL cannot drop an enum value); rebuild the type under a new name");
    }
    for (size_t i = 0; i < want.values.size(); ++i) {
      const std::string& v = want.values[i];
      if (std::find(have.values.begin(), have.values.end(), v) != have.values.end()) continue;
      // Values are added in order, so the previous one exists by now; the first goes BEFORE the
      // first existing value.
      std::string pos = i > 0 ? " AFTER " + QuoteLiteral(want.values[i - 1])
                              : (kept.empty() ? "" : " BEFORE " + QuoteLiteral(kept.front()));
      // No ALTER TYPE ... DROP VALUE exists; the inverse is a manual type rebuild.
      Emit(kCreateType, "add_enum_value", "type " + name.Display(),
           "ALTER TYPE " + name.Sql() + " ADD VALUE " + QuoteLiteral(v) + pos, "",
           {"irreversible"});
    }
  }
  for (const auto& [name, have] : live_.enums) {
    if (!desired_.enums.count(name)) {
      Emit(kDropType, "drop_type", "type " + name.Display(), "DROP TYPE " + name.Sql(), CreateEnumSql(have));
    }
  }
  return Ok();
}

}  // namespace schemasync::diff
