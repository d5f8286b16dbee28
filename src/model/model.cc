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

Place Place::Of(const std::string& where) {
  // "file:line:col": the two numbers after the last two colons (a file name may hold colons).
  size_t c2 = where.rfind(':');
  size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : where.rfind(':', c2 - 1);
  auto number = [&](size_t from, size_t to, int* out) {
    if (from >= to || to - from > 9) return false;
    int v = 0;
    for (size_t i = from; i < to; ++i) {
      if (where[i] < '0' || where[i] > '9') return false;
      v = v * 10 + (where[i] - '0');
    }
    *out = v;
    return v > 0;
  };
  Place p;
  if (c1 != std::string::npos && number(c1 + 1, c2, &p.line) && number(c2 + 1, where.size(), &p.column)) {
    p.file = where.substr(0, c1);
    return p;
  }
  return Place{where, 0, 0};
}

std::string Place::Text() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Schema::At(const std::string& key) const {
  auto it = locations.find(key);
  if (it == locations.end()) return "";
  std::string where = it->second.Text();
  return where.empty() ? "" : where + ": ";
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
      s += WithOptions(keys ? options.Sorted() : std::vector<std::string>(options));
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
      s += WithOptions(keys ? options.Sorted() : std::vector<std::string>(options));
      if (!where.empty()) s += " WHERE (" + pick(where) + ")";
      break;
  }
  if (deferrable) s += deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  if (!validated) s += " NOT VALID";
  return s;
}

std::string OptionList(const std::vector<std::string>& options) {
  std::vector<std::string> parts;
  for (const auto& o : options) {
    size_t eq = o.find('=');
    parts.push_back(QuoteIdent(o.substr(0, eq)) + " = " + QuoteLiteral(eq == std::string::npos ? "" : o.substr(eq + 1)));
  }
  return Join(parts, ", ");
}

std::string WithOptions(const std::vector<std::string>& options) {
  return options.empty() ? "" : " WITH (" + OptionList(options) + ")";
}

std::string Index::CreateSql(bool concurrently, bool keys) const {
  std::string s = unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  if (concurrently) s += "CONCURRENTLY ";
  s += QuoteIdent(name.name) + " ON " + table.Sql() + " USING " + method + " (" + Texts(elements, keys) + ")";
  if (!include.empty()) s += " INCLUDE (" + Join(include, ", ") + ")";
  if (nulls_not_distinct) s += " NULLS NOT DISTINCT";
  s += WithOptions(keys ? options.Sorted() : std::vector<std::string>(options));
  if (!where.empty()) s += " WHERE (" + (keys ? where.key : where.text) + ")";
  return s;
}

std::string Function::SignatureSql() const { return name.Sql() + "(" + identity + ")"; }

std::string Aggregate::ArgsSql(bool names) const {
  if (args.empty()) return "*";
  // print_function_arguments: ORDER BY before the first aggregated argument of an ordered-set
  // aggregate; when all are direct (a VARIADIC one stands for both lists), the last twice.
  bool ordered = kind != 'n';
  std::string out;
  for (size_t i = 0, printed = 0; i < args.size(); ++i) {
    if (ordered && printed == static_cast<size_t>(direct_args)) {
      out += printed ? " ORDER BY " : "ORDER BY ";
    } else if (printed) {
      out += ", ";
    }
    const Arg& a = args[i];
    out += std::string(a.variadic ? "VARIADIC " : "") + (names && !a.name.empty() ? QuoteIdent(a.name) + " " : "") + a.type;
    ++printed;
    if (ordered && printed == static_cast<size_t>(direct_args) && i == args.size() - 1) --i;
  }
  return out;
}

std::string Aggregate::SignatureSql() const { return name.Sql() + "(" + Identity() + ")"; }

std::string Aggregate::OptionsSql() const {
  auto modify = [](char m) { return m == 's' ? "SHAREABLE" : m == 'w' ? "READ_WRITE" : "READ_ONLY"; };
  const char default_modify = kind == 'n' ? 'r' : 'w';
  std::vector<std::string> o = {"SFUNC = " + sfunc, "STYPE = " + stype};
  if (sspace) o.push_back("SSPACE = " + std::to_string(sspace));
  if (!finalfunc.empty()) o.push_back("FINALFUNC = " + finalfunc);
  if (finalfunc_extra) o.push_back("FINALFUNC_EXTRA");
  if (finalfunc_modify != default_modify) o.push_back(std::string("FINALFUNC_MODIFY = ") + modify(finalfunc_modify));
  if (!combinefunc.empty()) o.push_back("COMBINEFUNC = " + combinefunc);
  if (!serialfunc.empty()) o.push_back("SERIALFUNC = " + serialfunc);
  if (!deserialfunc.empty()) o.push_back("DESERIALFUNC = " + deserialfunc);
  if (initcond) o.push_back("INITCOND = " + QuoteLiteral(*initcond));
  if (!msfunc.empty()) o.push_back("MSFUNC = " + msfunc);
  if (!minvfunc.empty()) o.push_back("MINVFUNC = " + minvfunc);
  if (!mstype.empty()) o.push_back("MSTYPE = " + mstype);
  if (msspace) o.push_back("MSSPACE = " + std::to_string(msspace));
  if (!mfinalfunc.empty()) o.push_back("MFINALFUNC = " + mfinalfunc);
  if (mfinalfunc_extra) o.push_back("MFINALFUNC_EXTRA");
  if (mfinalfunc_modify != default_modify) o.push_back(std::string("MFINALFUNC_MODIFY = ") + modify(mfinalfunc_modify));
  if (minitcond) o.push_back("MINITCOND = " + QuoteLiteral(*minitcond));
  // A bare operator is pg_catalog's (see Aggregate): qualified, so search_path cannot matter.
  if (!sortop.empty()) o.push_back(std::string("SORTOP = OPERATOR(") + (sortop.find('.') == std::string::npos ? "pg_catalog." : "") + sortop + ")");
  if (parallel != 'u') o.push_back(std::string("PARALLEL = ") + (parallel == 's' ? "SAFE" : "RESTRICTED"));
  if (kind == 'h') o.push_back("HYPOTHETICAL");
  return Join(o, ", ");
}

std::string Publication::PublishList() const {
  std::vector<std::string> parts;
  if (insert) parts.push_back("insert");
  if (update) parts.push_back("update");
  if (del) parts.push_back("delete");
  if (truncate) parts.push_back("truncate");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

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
