// Reads the desired SQL files and dispatches each statement to its transform; any statement that
// is not supported is an error naming file:line:col.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync {
namespace {

namespace fs = std::filesystem;
using parse::Builder;
using parse::ParseFailure;
using parse::ParseTree;

struct Source {
  std::string file;
  std::string text;
  ParseTree tree;
};

// "file:line:col" of a byte offset (0-based) in text.
std::string Where(const Source& src, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < src.text.size(); ++i) {
    if (src.text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return src.file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

// stmt_location points just past the previous ';': skip blanks and comments to the first token.
size_t FirstToken(const std::string& text, size_t pos) {
  while (pos < text.size()) {
    if (isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
    } else if (text.compare(pos, 2, "--") == 0) {
      while (pos < text.size() && text[pos] != '\n') ++pos;
    } else if (text.compare(pos, 2, "/*") == 0) {
      size_t end = text.find("*/", pos + 2);
      pos = end == std::string::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  return pos;
}

std::string NodeName(const PgQuery__Node* n) {
  const ProtobufCFieldDescriptor* f =
      protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, n->node_case);
  return f ? f->name : "unknown statement";
}

// Order of processing: containers first, then tables, then what attaches to tables. Files may
// hold statements in any order; PostgreSQL's default names still follow the written order.
int Pass(const PgQuery__Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      return 0;
    case PG_QUERY__NODE__NODE_CREATE_STMT:
    case PG_QUERY__NODE__NODE_VIEW_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return 1;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return 2;  // before ALTER TABLE: ADD CONSTRAINT ... USING INDEX takes an index over
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return 3;
    default:
      return 4;
  }
}

Status Dispatch(Builder& b, const PgQuery__Node* n, const std::string& text) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: return b.CreateSchema(n->create_schema_stmt);
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: return b.CreateExtension(n->create_extension_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: return b.CreateEnum(n->create_enum_stmt);
    case PG_QUERY__NODE__NODE_DEFINE_STMT: return b.Define(n->define_stmt);
    case PG_QUERY__NODE__NODE_CREATE_STMT: return b.CreateTable(n);
    case PG_QUERY__NODE__NODE_INDEX_STMT: return b.CreateIndex(n->index_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: return b.AlterTable(n->alter_table_stmt);
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: return b.CreatePolicy(n->create_policy_stmt);
    case PG_QUERY__NODE__NODE_COMMENT_STMT: return b.Comment(n->comment_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT: return b.CreateView(n->view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: return b.CreateFunction(n);
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: return b.CreateTrigger(n);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: return b.CreateSequence(n->create_seq_stmt);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: return b.AlterSequence(n->alter_seq_stmt);
    case PG_QUERY__NODE__NODE_GRANT_STMT: return b.Grant(n->grant_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      if (n->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
        return b.CreateMatView(n->create_table_as_stmt);
      }
      break;
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      return Ok();  // BEGIN/COMMIT around the files carry no schema
    default:
      break;
  }
  // Name it as written (its first line), and as the parser calls it.
  std::string head = text.substr(0, text.find('\n'));
  if (head.size() > 60) head = head.substr(0, 57) + "...";
  while (!head.empty() && (head.back() == ';' || isspace(static_cast<unsigned char>(head.back())))) head.pop_back();
  return MakeError(ErrorKind::kUnsupported, "unsupported statement: " + head + " (" + NodeName(n) +
                                                "); schemasync manages schemas, extensions, types, tables, indexes, views, "
                                                "functions, triggers, sequences, policies, grants and comments");
}

Result<std::vector<std::string>> ListFiles(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return std::vector<std::string>{path};
  if (!fs::is_directory(path, ec)) return MakeError(ErrorKind::kIo, path + ": no such file or folder");
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(path, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return MakeError(ErrorKind::kIo, path + ": " + ec.message());
    if (it->is_regular_file() && it->path().extension() == ".sql") files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<Schema> Build(std::vector<Source>& sources) {
  struct Item {
    const Source* src;
    const PgQuery__RawStmt* raw;
  };
  std::vector<Item> items;
  for (const auto& s : sources) {
    for (size_t i = 0; i < s.tree->n_stmts; ++i) items.push_back({&s, s.tree->stmts[i]});
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return Pass(a.raw->stmt) < Pass(b.raw->stmt); });
  Builder b;
  for (const auto& it : items) {
    size_t start = FirstToken(it.src->text, it.raw->stmt_location);
    size_t len = it.raw->stmt_len ? it.raw->stmt_location + it.raw->stmt_len - start : it.src->text.size() - start;
    Status st = Dispatch(b, it.raw->stmt, it.src->text.substr(start, len));
    if (!st.ok()) return MakeError(st.error().kind, Where(*it.src, start) + ": " + st.error().message);
  }
  return b.Finish();
}

Result<Source> ParseSource(std::string text, const std::string& file) {
  auto parsed = ParseTree::Parse(text);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) {
    Source tmp{file, text, {}};
    size_t offset = f->cursor > 0 ? static_cast<size_t>(f->cursor - 1) : 0;
    return MakeError(ErrorKind::kSyntax, Where(tmp, offset) + ": " + f->message);
  }
  return Source{file, std::move(text), std::move(std::get<ParseTree>(parsed))};
}

}  // namespace

Result<Schema> ParseDesired(std::string_view sql, const std::string& filename) {
  std::vector<Source> sources;
  Source s;
  TRY_ASSIGN(s, ParseSource(std::string(sql), filename));
  sources.push_back(std::move(s));
  return Build(sources);
}

Result<Schema> LoadDesired(const std::string& path) {
  std::vector<std::string> files;
  TRY_ASSIGN(files, ListFiles(path));
  std::vector<Source> sources;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return MakeError(ErrorKind::kIo, f + ": cannot read");
    std::stringstream ss;
    ss << in.rdbuf();
    Source s;
    TRY_ASSIGN(s, ParseSource(ss.str(), f));
    sources.push_back(std::move(s));
  }
  return Build(sources);
}

Result<Constraint> ParseConstraintDef(const QualifiedName& table, const std::string& name,
                                      const std::string& definition) {
  std::string sql = "ALTER TABLE " + table.Sql() + " ADD CONSTRAINT " + QuoteIdent(name) + " " + definition;
  auto parsed = ParseTree::Parse(sql);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + sql);
  auto& t = std::get<ParseTree>(parsed);
  const PgQuery__AlterTableCmd* cmd = t->stmts[0]->stmt->alter_table_stmt->cmds[0]->alter_table_cmd;
  auto c = parse::TransformConstraint(cmd->def->constraint, "");
  if (!c.ok()) return MakeError(ErrorKind::kCatalog, c.error().message + " in: " + sql);
  return c;
}

Result<Function> ParseFunctionDef(const std::string& def) {
  auto parsed = ParseTree::Parse(def);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + def);
  auto& t = std::get<ParseTree>(parsed);
  auto fn = parse::TransformCreateFunction(t->stmts[0]->stmt->create_function_stmt);
  if (!fn.ok()) return MakeError(ErrorKind::kCatalog, fn.error().message + " in: " + def);
  fn->create_sql = def;
  return fn;
}

Result<Trigger> ParseTriggerDef(const std::string& def) {
  auto parsed = ParseTree::Parse(def);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + def);
  auto& t = std::get<ParseTree>(parsed);
  auto tr = parse::TransformCreateTrigger(t->stmts[0]->stmt->create_trig_stmt, t->stmts[0]->stmt);
  if (!tr.ok()) return MakeError(ErrorKind::kCatalog, tr.error().message + " in: " + def);
  tr->create_sql = def;
  return tr;
}

Result<Index> ParseIndexDef(const std::string& indexdef) {
  auto parsed = ParseTree::Parse(indexdef);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + indexdef);
  auto& t = std::get<ParseTree>(parsed);
  auto ix = parse::TransformIndexStmt(t->stmts[0]->stmt->index_stmt);
  if (!ix.ok()) return MakeError(ErrorKind::kCatalog, ix.error().message + " in: " + indexdef);
  return ix;
}

Result<Expr> ParseExpression(std::string_view expr) { return parse::MakeExprFromText(expr); }

namespace {
// Parses `prefix + text`, normalizes, deparses, and returns what follows `marker`.
Result<std::string> CanonicalTail(const std::string& prefix, std::string_view text, const std::string& marker) {
  std::string sql = prefix + std::string(text);
  auto parsed = ParseTree::Parse(sql);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kSyntax, f->message + " in: " + sql);
  auto& t = std::get<ParseTree>(parsed);
  parse::NormalizeTree(&t->base);
  std::string out;
  TRY_ASSIGN(out, parse::Deparse(t.get()));
  size_t at = out.find(marker);
  if (at == std::string::npos) return MakeError(ErrorKind::kSyntax, "cannot read partition clause: " + out);
  return out.substr(at + marker.size());
}
}  // namespace

Result<std::string> RespellLiterals(const Expr& e, const std::string& bare_type, const LiteralSpeller& spell) {
  return parse::RespellLiterals(e, bare_type, spell);
}

Result<std::string> CanonicalPartitionKey(std::string_view key) {
  return CanonicalTail("CREATE TABLE x () PARTITION BY ", key, " PARTITION BY ");
}

Result<std::string> CanonicalPartitionBound(std::string_view bound) {
  return CanonicalTail("CREATE TABLE x PARTITION OF y ", bound, "PARTITION OF y ");
}

}  // namespace schemasync
