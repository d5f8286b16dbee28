// Rendering of model values as the SQL PostgreSQL accepts for them.
#include "schemasync/model.h"

#include <algorithm>
#include <climits>

#include "util/quote.h"

namespace schemasync {
namespace {

std::string QuotedList(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const auto& n : names) q.push_back(QuoteIdent(n));
  return "(" + Join(q, ", ") + ")";
}

std::string FkAction(char code) {
  switch (code) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return "NO ACTION";
  }
}

std::string Texts(const std::vector<Expr>& exprs, bool keys) {
  std::vector<std::string> t;
  for (const auto& e : exprs) t.push_back(keys ? e.key : e.text);
  return Join(t, ", ");
}

}  // namespace

std::string Schema::At(const std::string& key) const {
  auto it = locations.find(key);
  return it == locations.end() || it->second.empty() ? "" : it->second + ": ";
}

std::string QualifiedName::Sql() const { return QuoteIdent(schema) + "." + QuoteIdent(name); }

std::string Constraint::Definition(bool keys) const {
  auto pick = [keys](const Expr& e) { return keys ? e.key : e.text; };
  std::string s;
  switch (kind) {
    case ConstraintKind::kPrimaryKey:
    case ConstraintKind::kUnique:
      s = kind == ConstraintKind::kPrimaryKey ? "PRIMARY KEY " : "UNIQUE ";
      if (nulls_not_distinct) s += "NULLS NOT DISTINCT ";
      s += QuotedList(columns);
      if (!include.empty()) s += " INCLUDE " + QuotedList(include);
      break;
    case ConstraintKind::kCheck:
      s = "CHECK (" + pick(expr) + ")";
      if (no_inherit) s += " NO INHERIT";
      break;
    case ConstraintKind::kForeignKey:
      s = "FOREIGN KEY " + QuotedList(columns) + " REFERENCES " + ref_table.Sql() + QuotedList(ref_columns);
      if (match == 'f') s += " MATCH FULL";
      if (on_update != 'a') s += " ON UPDATE " + FkAction(on_update);
      if (on_delete != 'a') s += " ON DELETE " + FkAction(on_delete);
      break;
    case ConstraintKind::kExclude:
      s = "EXCLUDE USING " + method + " (" + Texts(elements, keys) + ")";
      if (!include.empty()) s += " INCLUDE " + QuotedList(include);
      if (!where.empty()) s += " WHERE (" + pick(where) + ")";
      break;
  }
  if (deferrable) s += deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  if (!validated) s += " NOT VALID";
  return s;
}

std::string Index::CreateSql(bool concurrently, bool keys) const {
  std::string s = unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  if (concurrently) s += "CONCURRENTLY ";
  s += QuoteIdent(name.name) + " ON " + table.Sql() + " USING " + method + " (" + Texts(elements, keys) + ")";
  if (!include.empty()) s += " INCLUDE (" + Join(include, ", ") + ")";
  if (nulls_not_distinct) s += " NULLS NOT DISTINCT";
  if (!where.empty()) s += " WHERE (" + (keys ? where.key : where.text) + ")";
  return s;
}

std::string Function::SignatureSql() const { return name.Sql() + "(" + identity + ")"; }

const Column* Table::FindColumn(const std::string& n) const {
  for (const auto& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

Column* Table::FindColumn(const std::string& n) {
  for (auto& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

}  // namespace schemasync

namespace schemasync {

// init_params: an ascending sequence runs from 1 to the type's maximum, a descending one from
// -1 down to the type's minimum, and starts at the end it counts from.
Sequence Sequence::Defaults(const std::string& type, long long increment) {
  Sequence s;
  s.type = type;
  s.increment = increment;
  long long type_max = type == "integer" ? INT_MAX : type == "smallint" ? SHRT_MAX : LLONG_MAX;
  long long type_min = type == "integer" ? INT_MIN : type == "smallint" ? SHRT_MIN : LLONG_MIN;
  bool asc = increment > 0;
  s.max = asc ? type_max : -1;
  s.min = asc ? 1 : type_min;
  s.start = asc ? s.min : s.max;
  return s;
}

}  // namespace schemasync

namespace schemasync {

QualifiedName RangeType::DefaultMultirangeName(const QualifiedName& range) {
  // NAMEDATALEN is 64: a name holds 63 bytes; a longer one is cut (truncate_identifier).
  auto cut = [](std::string s, size_t max) {
    if (s.size() <= max) return s;
    while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;  // whole characters
    s.resize(max);
    return s;
  };
  size_t at = range.name.find("range");
  if (at != std::string::npos) return {range.schema, cut(range.name.substr(0, at) + "multi" + range.name.substr(at), 63)};
  return {range.schema, cut(range.name, 64 - 12) + "_multirange"};
}

}  // namespace schemasync

namespace schemasync {

bool IsSecretOption(const std::string& name) {
  std::string n = name;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n == "password_required") return false;  // postgres_fdw's boolean: not a secret
  std::string pattern = kSecretOptionPattern;
  for (size_t from = 0; from <= pattern.size();) {
    size_t bar = pattern.find('|', from);
    if (bar == std::string::npos) bar = pattern.size();
    if (n.find(pattern.substr(from, bar - from)) != std::string::npos) return true;
    from = bar + 1;
  }
  return false;
}

}  // namespace schemasync
