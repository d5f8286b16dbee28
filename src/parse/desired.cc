// Reads the desired SQL files and dispatches each statement to its transform; any statement that
// is not supported is an error naming file:line:col.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "parse/builder.h"
#include "parse/check_bodies.h"
#include "parse/normalize.h"
#include "parse/psql_meta.h"
#include "parse/search_path.h"
#include "parse/transform.h"
#include "schemasync/parse.h"
#include "schemasync/timing.h"
#include "util/quote.h"
#include "util/threads.h"

namespace schemasync {
struct PendingBodyChecks::Impl {
  std::vector<parse::PlpgsqlBody> plpgsql;
};

namespace {

namespace fs = std::filesystem;
using parse::Builder;
using parse::ParseFailure;
using parse::ParseTree;

struct Source {
  std::string file;
  std::string text;
  parse::PackedParse parsed;        // statements unpacked one at a time (Build)
  std::vector<size_t> line_starts;  // byte offset of each line's start: Where in O(log n), not O(n)
};

std::vector<size_t> LineStarts(const std::string& text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// The column of `offset` on the line starting at byte `line_start`: columns count characters,
// as editors show them, not UTF-8 continuation bytes.
int ColumnAt(const std::string& text, size_t line_start, size_t offset) {
  int col = 1;
  for (size_t i = line_start; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

// "file:line:col" of `offset` on line `line`, which starts at byte `line_start`.
std::string Place(const std::string& file, const std::string& text, size_t line, size_t line_start, size_t offset) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(ColumnAt(text, line_start, offset));
}

// "file:line:col" of a byte offset (0-based) in text; parse-node locations are byte offsets.
std::string WhereIn(const std::string& file, const std::string& text, size_t offset) {
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return Place(file, text, line, line_start, offset);
}

// The same place through the source's line index: the builder asks for every object's place,
// and scanning from the start of the file each time made a file of N tables cost O(N^2).
// (line, column) through the source's line index (which a parsed Source always has).
std::pair<int, int> LineColumn(const Source& src, size_t offset) {
  offset = std::min(offset, src.text.size());
  auto next = std::upper_bound(src.line_starts.begin(), src.line_starts.end(), offset);
  return {static_cast<int>(next - src.line_starts.begin()), ColumnAt(src.text, *(next - 1), offset)};
}

// The start of the line holding byte `offset`.
size_t LineStart(const std::string& text, size_t offset) {
  if (offset == 0 || offset > text.size()) return 0;
  size_t nl = text.rfind('\n', offset - 1);
  return nl == std::string::npos ? 0 : nl + 1;
}

// `-- schemasync:renamed-from name`, alone on the line before the one holding `offset`: the name
// read as PostgreSQL reads an identifier (unquoted: folded to lower case; "quoted": as written,
// "" for a quote), or "". None for a part of a statement written on the statement's first line.
std::string RenamedFromAnnotation(const std::string& text, size_t offset, size_t statement) {
  const size_t start = LineStart(text, offset);
  if (start == 0 || (offset != statement && start == LineStart(text, statement))) return "";
  const size_t prev = LineStart(text, start - 1);
  std::string line = text.substr(prev, start - 1 - prev);
  auto trim = [](std::string& s) {
    size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
    s = a == std::string::npos ? "" : s.substr(a, b - a + 1);
  };
  trim(line);
  if (line.rfind("--", 0) != 0) return "";
  line = line.substr(2);
  trim(line);
  static const std::string kTag = "schemasync:renamed-from";
  if (line.rfind(kTag, 0) != 0 || line.size() == kTag.size() || (line[kTag.size()] != ' ' && line[kTag.size()] != '\t')) return "";
  line = line.substr(kTag.size());
  trim(line);
  std::string name;
  if (!line.empty() && line[0] == '"') {
    for (size_t i = 1; i < line.size(); ++i) {
      if (line[i] != '"') {
        name += line[i];
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        name += '"';
        ++i;
      } else {
        return i + 1 == line.size() ? name : "";  // nothing may follow the closing quote
      }
    }
    return "";  // unterminated
  }
  for (char c : line) {
    if (c == ' ' || c == '\t') return "";  // one name, nothing after it
    name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return name;
}

std::string Where(const Source& src, size_t offset) {
  if (src.line_starts.empty()) return WhereIn(src.file, src.text, offset);
  auto [line, col] = LineColumn(src, offset);
  return src.file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

// Whether `text` holds the word PARTITION in any case (anywhere: a comment or a name counts too,
// which errs on the safe side).
bool MentionsPartition(std::string_view text) {
  static constexpr std::string_view kWord = "partition";
  for (size_t i = text.find_first_of("pP"); i != std::string_view::npos; i = text.find_first_of("pP", i + 1)) {
    if (text.size() - i < kWord.size()) return false;
    size_t k = 0;
    while (k < kWord.size() && std::tolower(static_cast<unsigned char>(text[i + k])) == kWord[k]) ++k;
    if (k == kWord.size()) return true;
  }
  return false;
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
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
      return 0;
    case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT:
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_STMT:
    case PG_QUERY__NODE__NODE_VIEW_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return 1;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return 2;
    case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:
      return 5;  // after CREATE EVENT TRIGGER  // before ALTER TABLE: ADD CONSTRAINT ... USING INDEX takes an index over
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
      // ENABLE / DISABLE TRIGGER needs the trigger: after CREATE TRIGGER.
      const PgQuery__AlterTableStmt* a = n->alter_table_stmt;
      for (size_t i = 0; i < a->n_cmds; ++i) {
        switch (a->cmds[i]->alter_table_cmd->subtype) {
          case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
          case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
            return 5;
          case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
            // A table becomes a partition with the CREATE TABLEs (as PARTITION OF would): the
            // indexes created after it reach it (pg_dump writes ATTACH before CREATE INDEX).
            if (a->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && a->n_cmds == 1) return 1;
            break;
          default:
            break;
        }
      }
      return 3;
    }
    default:
      return 4;
  }
}

// What to do with a statement that is not part of a desired schema.
std::string Instead(const PgQuery__Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_COPY_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_DO_STMT:
      return "the desired files describe the schema, not data or scripts: keep this in a seed or data migration";
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return "to drop an object, remove its CREATE statement from the desired files";
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      return "settings do not apply to the desired files: qualify names with their schema instead";
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
      return "roles and databases are cluster-wide and not managed by schemasync: create them beforehand";
    default:
      return "schemasync manages schemas, extensions, types (enum, composite, range, domains), collations, tables, "
             "indexes, views, functions, aggregates, triggers, rules, event triggers, publications, sequences, policies, "
             "grants, default privileges, foreign-data wrappers, servers, user mappings, foreign tables, owners and "
             "comments; keep this "
             "statement in a hand-written migration";
  }
}

// PostgreSQL-style messages say what is wrong; these say what to do about it.
std::string WithHint(const std::string& message) {
  auto ends = [&](const std::string& tail) {
    return message.size() >= tail.size() && message.compare(message.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (ends("already exists")) return message + "; each object is defined once in the desired SQL: remove or rename one";
  bool hinted = message.find("; ") != std::string::npos;
  if (!hinted && message.find("does not exist") != std::string::npos) {
    return message + "; define it in the desired SQL, or correct the name";
  }
  if (ends("specified more than once")) return message + "; remove or rename one of them";
  return message;
}

// The value of a SET argument (a constant), lower-cased for a keyword-like value.
std::string SetValue(const PgQuery__Node* arg) {
  if (!arg || arg->node_case != PG_QUERY__NODE__NODE_A_CONST) return "?";
  const PgQuery__AConst* c = arg->a_const;
  if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && c->sval) return c->sval->sval ? c->sval->sval : "";
  if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL && c->ival) return std::to_string(c->ival->ival);
  if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL && c->boolval) return c->boolval->boolval ? "on" : "off";
  return "?";
}

// SET lines at the top of a file (pg_dump writes them): those that change nothing in the schema
// are accepted; so is search_path (SearchPaths has qualified what follows it); anything
// else is an error.
Status Setting(const PgQuery__VariableSetStmt* s) {
  static const std::set<std::string> kHarmless = {
      "client_encoding", "check_function_bodies", "client_min_messages", "statement_timeout", "lock_timeout",
      "idle_in_transaction_session_timeout", "xmloption", "row_security", "default_tablespace",
      "default_table_access_method", "default_with_oids", "timezone", "application_name", "work_mem",
      "maintenance_work_mem", "synchronous_commit"};
  std::string name = s->name ? s->name : "";
  if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET || s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT) {
    if (kHarmless.count(name) || name == "search_path" || name == "standard_conforming_strings") return Ok();
  }
  if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) {
    if (kHarmless.count(name)) return Ok();
    if (name == "standard_conforming_strings" && s->n_args == 1 && SetValue(s->args[0]) == "on") return Ok();
    // search_path: SearchPaths has already qualified the statements that follow it.
    if (name == "search_path") return Ok();
  }
  return MakeError(ErrorKind::kUnsupported, "SET " + name + " is not supported in the desired files (settings other than "
                                            "search_path and those that change nothing in the schema)");
}

// pg_dump's SELECT pg_catalog.set_config('search_path', '', false): every name after it is
// qualified.
bool EmptySearchPath(const PgQuery__SelectStmt* s) {
  if (!s || s->n_target_list != 1 || s->n_from_clause || s->where_clause) return false;
  const PgQuery__Node* t = s->target_list[0];
  if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target->val) return false;
  const PgQuery__Node* v = t->res_target->val;
  if (v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return false;
  const PgQuery__FuncCall* f = v->func_call;
  std::vector<std::string> fname = parse::StringList(f->funcname, f->n_funcname);
  if (fname.empty() || fname.back() != "set_config" || f->n_args != 3) return false;
  return SetValue(f->args[0]) == "search_path" && SetValue(f->args[1]).empty();
}

Status Dispatch(Builder& b, const PgQuery__Node* n, const std::string& text) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: return b.CreateSchema(n->create_schema_stmt);
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: return b.CreateExtension(n->create_extension_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: return b.CreateEnum(n->create_enum_stmt);
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: return b.CreateDomain(n->create_domain_stmt);
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: return b.AlterEnum(n->alter_enum_stmt);
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: return b.CreateComposite(n->composite_type_stmt);
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: return b.CreateRange(n->create_range_stmt);
    case PG_QUERY__NODE__NODE_RULE_STMT: return b.CreateRule(n);
    case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT: return b.CreateEventTrigger(n->create_event_trig_stmt);
    case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT: return b.AlterEventTrigger(n->alter_event_trig_stmt);
    case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT: return b.CreatePublication(n->create_publication_stmt);
    case PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT: return b.AlterPublication(n->alter_publication_stmt);
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: return b.AlterDomain(n->alter_domain_stmt);
    case PG_QUERY__NODE__NODE_DEFINE_STMT: return b.Define(n->define_stmt);
    case PG_QUERY__NODE__NODE_CREATE_STMT: return b.CreateTable(n);
    case PG_QUERY__NODE__NODE_INDEX_STMT: return b.CreateIndex(n->index_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      if (n->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE && !parse::OwnerOnly(n->alter_table_stmt)) {
        return b.AlterForeignTable(n->alter_table_stmt);
      }
      return b.AlterTable(n->alter_table_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FDW_STMT: return b.CreateForeignDataWrapper(n->create_fdw_stmt);
    case PG_QUERY__NODE__NODE_ALTER_FDW_STMT: return b.AlterForeignDataWrapper(n->alter_fdw_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT: return b.CreateForeignServer(n->create_foreign_server_stmt);
    case PG_QUERY__NODE__NODE_ALTER_FOREIGN_SERVER_STMT: return b.AlterForeignServer(n->alter_foreign_server_stmt);
    case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT: return b.CreateUserMapping(n->create_user_mapping_stmt);
    case PG_QUERY__NODE__NODE_ALTER_USER_MAPPING_STMT: return b.AlterUserMapping(n->alter_user_mapping_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT: return b.CreateForeignTable(n->create_foreign_table_stmt);
    case PG_QUERY__NODE__NODE_IMPORT_FOREIGN_SCHEMA_STMT:
      return MakeError(ErrorKind::kUnsupported, "IMPORT FOREIGN SCHEMA asks the remote server which tables it has, which "
                                                "schemasync cannot know offline: write a CREATE FOREIGN TABLE for each "
                                                "table instead (pg_dump prints them after an import)");
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: return b.CreatePolicy(n->create_policy_stmt);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      if (b.IsForeignComment(n->comment_stmt)) return b.CommentForeign(n->comment_stmt);
      return b.Comment(n->comment_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT: return b.CreateView(n->view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: return b.CreateFunction(n, text);
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: return b.CreateTrigger(n);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: return b.CreateSequence(n->create_seq_stmt);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: return b.AlterSequence(n->alter_seq_stmt);
    case PG_QUERY__NODE__NODE_GRANT_STMT: return b.Grant(n->grant_stmt);
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT: return b.AlterDefaultPrivileges(n->alter_default_privileges_stmt);
    case PG_QUERY__NODE__NODE_DROP_STMT: return b.Drop(n->drop_stmt);
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: return b.AlterOwner(n->alter_owner_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: return Setting(n->variable_set_stmt);
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      if (EmptySearchPath(n->select_stmt)) return Ok();
      break;
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
  // Name it as written (its first line), and as the parser calls it; say what to do instead.
  std::string head = text.substr(0, text.find('\n'));
  if (head.size() > 60) head = head.substr(0, 57) + "...";
  while (!head.empty() && (head.back() == ';' || isspace(static_cast<unsigned char>(head.back())))) head.pop_back();
  return MakeError(ErrorKind::kUnsupported, "unsupported statement: " + head + " (" + NodeName(n) + "); " + Instead(n));
}

Result<std::vector<std::string>> ListFiles(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return std::vector<std::string>{path};
  if (!fs::exists(path, ec)) {
    return MakeError(ErrorKind::kIo, path + ": no such file or folder; give the folder of desired .sql files with --desired");
  }
  if (!fs::is_directory(path, ec)) return MakeError(ErrorKind::kIo, path + ": not a regular file or a folder");
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(path, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return MakeError(ErrorKind::kIo, path + ": " + ec.message());
    if (it->path().extension() != ".sql") continue;
    if (it->is_directory(ec)) continue;  // a folder named x.sql is walked into, not read
    if (!it->is_regular_file(ec)) {
      return MakeError(ErrorKind::kIo, it->path().string() + ": not a regular file; desired .sql files must be plain files");
    }
    files.push_back(it->path().string());
  }
  if (ec) return MakeError(ErrorKind::kIo, path + ": " + ec.message());
  // A folder without SQL is a wrong path or a failed checkout far more often than a wish to drop
  // everything: planning it would DROP every object. An empty .sql file says "nothing" on purpose.
  if (files.empty()) {
    return MakeError(ErrorKind::kIo, path + ": no *.sql file in this folder (a wrong --desired path, or a failed "
                                            "checkout?); to drop every object on purpose, give an empty .sql file");
  }
  std::sort(files.begin(), files.end());
  return files;
}

// PostgreSQL reads the files as UTF-8 (the server's encoding decides what the bytes mean): any
// other encoding would be stored wrongly or fail at apply time without a file name. Returns the
// byte offset of the first byte that does not belong to a well-formed UTF-8 sequence, or npos.
size_t InvalidUtf8At(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    unsigned cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 (RFC 3629),
    // and PostgreSQL's pg_utf8_islegal refuses them too; so is a NUL byte in SQL text.
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || cp == 0) return i;
    i += len;
  }
  return std::string::npos;
}

// Statements that change only rows (LoadSchemaScript leaves them out).
bool ChangesOnlyData(PgQuery__Node__NodeCase kind) {
  return kind == PG_QUERY__NODE__NODE_INSERT_STMT || kind == PG_QUERY__NODE__NODE_UPDATE_STMT ||
         kind == PG_QUERY__NODE__NODE_DELETE_STMT || kind == PG_QUERY__NODE__NODE_TRUNCATE_STMT;
}

Result<DesiredRead> Build(std::vector<Source>& sources, std::vector<std::string>* data_skipped = nullptr) {
  // First every statement in the order written, file after file, one unpacked tree at a time:
  // what the search path makes of it, and its pass.
  struct Item {
    Source* src;
    size_t index;  // in src->parsed
    int ordinal;   // in the SQL as written (Builder::SetOrdinal)
    int pass;
    size_t location, length;  // RawStmt stmt_location, stmt_len
    std::optional<std::vector<std::string>> path;  // written under another search path
  };
  // Most statements need no unpacking here: their kind and place are read off their bytes. The
  // search path needs every tree only where some file sets it (SearchPaths::See records what
  // each statement creates, for the statements under another path); ALTER TABLE's pass depends
  // on its commands.
  std::vector<std::vector<parse::PackedParse::Header>> headers(sources.size());
  bool sets_path = false;
  for (size_t f = 0; f < sources.size(); ++f) {
    const Source& s = sources[f];
    headers[f].resize(s.parsed.stmts.size());
    for (size_t i = 0; i < s.parsed.stmts.size(); ++i) {
      if (!s.parsed.ReadHeader(i, &headers[f][i])) {
        return MakeError(ErrorKind::kSyntax, s.file + ": cannot read the parse tree");
      }
      sets_path |= headers[f][i].node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT;
    }
  }
  parse::SearchPaths paths;
  std::vector<Item> items;
  for (size_t f = 0; f < sources.size(); ++f) {
    Source& s = sources[f];
    paths.StartFile();
    for (size_t i = 0; i < s.parsed.stmts.size(); ++i) {
      const parse::PackedParse::Header& h = headers[f][i];
      Item it{&s, i, static_cast<int>(items.size()), 0, static_cast<size_t>(std::max(0, h.location)),
              static_cast<size_t>(std::max(0, h.length)), std::nullopt};
      if (sets_path || h.node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
        parse::StmtTree t(s.parsed, i);
        if (!t || !t->stmt) return MakeError(ErrorKind::kSyntax, s.file + ": cannot read the parse tree");
        if (sets_path) it.path = paths.See(t->stmt);
        it.pass = Pass(t->stmt);
      } else {
        PgQuery__Node n = PG_QUERY__NODE__INIT;
        n.node_case = h.node_case;  // Pass reads only the kind of anything but ALTER TABLE
        it.pass = Pass(&n);
      }
      items.push_back(std::move(it));
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.pass < b.pass; });
  // Then each statement in its pass, unpacked again, built, and freed: the trees of all files
  // are never held at once.
  Builder b;
  // Every statement that makes or attaches a partition says PARTITION (PARTITION BY, PARTITION
  // OF, ATTACH PARTITION): without the word in any file, in any case, none does.
  b.SetPartitionsPossible(std::any_of(sources.begin(), sources.end(), [](const Source& s) {
    return MentionsPartition(s.text);
  }));
  std::vector<parse::FunctionSource> functions;
  std::vector<parse::StmtTree> function_trees;  // CheckFunctionBodies reads them at the end
  for (const auto& it : items) {
    parse::StmtTree t(it.src->parsed, it.index, it.path ? parse::StmtTree::Memory::kMalloc : parse::StmtTree::Memory::kArena);
    it.src->parsed.Release(it.index);  // built once: its bytes are done with
    if (!t || !t->stmt) return MakeError(ErrorKind::kSyntax, it.src->file + ": cannot read the parse tree");
    if (it.path) paths.Qualify(t->stmt, *it.path);
    size_t start = FirstToken(it.src->text, it.location);
    size_t len = it.length ? it.location + it.length - start : it.src->text.size() - start;
    const Source* src = it.src;
    b.SetLocator([src](int offset) { return Where(*src, offset < 0 ? 0 : static_cast<size_t>(offset)); },
                 static_cast<int>(start));
    b.SetAnnotations([src](int offset, int statement) {
      return RenamedFromAnnotation(src->text, static_cast<size_t>(std::max(offset, 0)), static_cast<size_t>(std::max(statement, 0)));
    });
    b.SetOrdinal(it.ordinal);
    // A function is created by its text as written; one written under another search path is
    // created by its qualified statement instead (CreateFunction deparses it when given no text).
    bool function = t->stmt->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT;
    if (data_skipped && ChangesOnlyData(t->stmt->node_case)) {
      data_skipped->push_back(Where(*it.src, start));
      continue;
    }
    Status st = Dispatch(b, t->stmt, it.path && function ? "" : it.src->text.substr(start, len));
    if (!st.ok()) return MakeError(st.error().kind, Where(*it.src, start) + ": " + WithHint(st.error().message));
    if (function) {
      auto [line, column] = LineColumn(*it.src, start);
      functions.push_back({it.src->file, &it.src->text, start, len, line, column, t->stmt->create_function_stmt});
      function_trees.push_back(std::move(t));
    }
  }
  items = {};
  headers = {};
  std::vector<parse::PlpgsqlBody> plpgsql;
  TRY_ASSIGN(plpgsql, parse::CheckFunctionBodies(functions, &WhereIn));
  // The files' text is done with: Finish's messages carry places found while building, and
  // the bodies checked later are copies. It goes before the rest of the model is finished.
  functions = {};
  b.SetLocator(nullptr, 0);
  b.SetAnnotations(nullptr);
  for (Source& s : sources) {
    s.text = {};
    s.line_starts = {};
  }
  Schema schema;
  TRY_ASSIGN(schema, b.Finish());
  return DesiredRead{std::move(schema),
                     PendingBodyChecks(std::make_unique<PendingBodyChecks::Impl>(PendingBodyChecks::Impl{std::move(plpgsql)}))};
}

// The most tokens one statement may hold. Parse trees are walked recursively, one level per
// operator of a chained expression (a + a + ... is left-deep); the CLI's 1 GiB stack holds a few
// hundred thousand levels, and no schema statement comes near this.
constexpr size_t kMaxStatementTokens = 200000;

// Refuses a statement of more than kMaxStatementTokens tokens, with its place; the scanner is not
// recursive, so this is safe on any input. `base` is the offset of `text` in the file.
Status CheckTokenCount(const std::string& text, size_t base, const std::string& file, const std::string& whole) {
  PgQueryScanResult scan = pg_query_scan(text.c_str());
  Status st = Ok();
  if (!scan.error && scan.pbuf.data) {
    PgQuery__ScanResult* tokens = pg_query__scan_result__unpack(nullptr, scan.pbuf.len,
                                                                 reinterpret_cast<const uint8_t*>(scan.pbuf.data));
    if (tokens) {
      size_t count = 0, start = 0;
      for (size_t i = 0; i < tokens->n_tokens; ++i) {
        const PgQuery__ScanToken* t = tokens->tokens[i];
        if (count == 0) start = static_cast<size_t>(std::max(0, t->start));
        if (t->token == PG_QUERY__TOKEN__ASCII_59) {  // ';' ends the statement
          count = 0;
          continue;
        }
        if (++count > kMaxStatementTokens) {
          Source tmp{file, whole, {}, {}};
          st = MakeError(ErrorKind::kUnsupported, Where(tmp, base + start) + ": this statement holds more than " +
                                                      std::to_string(kMaxStatementTokens) +
                                                      " tokens, more than schemasync reads in one statement; split it");
          break;
        }
      }
      pg_query__scan_result__free_unpacked(tokens, nullptr);
    }
  }
  pg_query_free_scan_result(scan);  // a scan error is reported by the parser, with its place
  return st;
}

// A token is at least one byte, so a statement of more than kMaxStatementTokens tokens is longer
// than that many bytes: only such statements are counted token by token (scanning every file
// into tokens cost a tenth of the parse). The cut is SplitStatements', the one the parse makes.
Status CheckStatementSizes(const std::string& text, const std::string& file) {
  if (text.size() <= kMaxStatementTokens) return Ok();
  auto split = parse::SplitStatements(text);
  if (!split) return CheckTokenCount(text, 0, file, text);  // let the token count find it, if any
  for (const auto& [from, to] : *split) {
    if (to - from <= kMaxStatementTokens) continue;
    TRY(CheckTokenCount(text.substr(from, to - from), from, file, text));
  }
  return Ok();
}

Result<Source> ParseSource(std::string text, const std::string& file) {
  // A UTF-8 byte-order mark is not SQL; editors on Windows write one. Positions then count
  // from the first character after it, as the editor shows them.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  if (size_t bad = InvalidUtf8At(text); bad != std::string::npos) {
    Source tmp{file, text, {}, {}};
    if (text[bad] == '\0') {
      return MakeError(ErrorKind::kIo, Where(tmp, bad) + ": a NUL byte at offset " + std::to_string(bad) +
                                           " (a binary file?); desired files are UTF-8 SQL text");
    }
    // A UTF-16 byte-order mark (FF FE / FE FF): what some Windows editors save by default.
    bool utf16 = text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'));
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    return MakeError(ErrorKind::kIo, Where(tmp, bad) + ": not valid UTF-8 (byte " + byte + " at offset " +
                                         std::to_string(bad) + "); desired files must be UTF-8: convert it, e.g. " +
                                         (utf16 ? "iconv -f UTF-16 -t UTF-8" : "iconv -f LATIN1 -t UTF-8"));
  }
  // pg_dump's \restrict lines are blanked; a meta-command that changes what psql does next is refused.
  if (auto meta = parse::BlankPsqlMetaCommands(text); meta.offset != std::string::npos) {
    Source tmp{file, text, {}, {}};
    return MakeError(ErrorKind::kUnsupported, Where(tmp, meta.offset) + ": " + meta.message);
  }
  TRY(CheckStatementSizes(text, file));
  auto parsed = parse::PackedParse::Parse(text);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) {
    Source tmp{file, text, {}, {}};
    return MakeError(ErrorKind::kSyntax, Where(tmp, f->ByteOffset(text)) + ": " + f->message);
  }
  std::vector<size_t> starts = LineStarts(text);
  return Source{file, std::move(text), std::move(std::get<parse::PackedParse>(parsed)), std::move(starts)};
}

}  // namespace

PendingBodyChecks::PendingBodyChecks() = default;
PendingBodyChecks::~PendingBodyChecks() = default;
PendingBodyChecks::PendingBodyChecks(PendingBodyChecks&&) noexcept = default;
PendingBodyChecks& PendingBodyChecks::operator=(PendingBodyChecks&&) noexcept = default;
PendingBodyChecks::PendingBodyChecks(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Status PendingBodyChecks::Run() const { return impl_ ? parse::CheckPlpgsqlBodies(impl_->plpgsql) : Ok(); }

Result<Schema> Checked(Result<DesiredRead> read) {
  if (!read.ok()) return read.error();
  DesiredRead r = std::move(read.value());
  TRY(r.bodies.Run());
  return std::move(r.schema);
}

Result<Schema> ParseDesired(std::string_view sql, const std::string& filename) {
  std::vector<Source> sources;
  Source s;
  TRY_ASSIGN(s, ParseSource(std::string(sql), filename));
  sources.push_back(std::move(s));
  return Checked(Build(sources));
}

Result<Schema> LoadDesired(const std::string& path) { return Checked(ReadDesired(path)); }


namespace {
// A file read and parsed; its error names the file.
Result<Source> ReadSource(const std::string& f) {
  std::ifstream in(f, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kIo, f + ": cannot read (" + std::strerror(errno) + ")");
  std::string text;  // read in blocks into its own string (a stringstream copied it twice more)
  std::error_code size_unknown;
  if (auto size = std::filesystem::file_size(f, size_unknown); !size_unknown) text.reserve(size);
  char block[1 << 16];
  while (in.read(block, sizeof block) || in.gcount() > 0) text.append(block, static_cast<size_t>(in.gcount()));
  if (in.bad()) return MakeError(ErrorKind::kIo, f + ": cannot read (" + std::strerror(errno) + ")");
  return ParseSource(std::move(text), f);
}
}  // namespace

Result<Schema> LoadSchemaScript(const std::string& path, std::vector<std::string>* data_skipped) {
  std::vector<std::string> files;
  TRY_ASSIGN(files, ListFiles(path));
  std::vector<Source> sources;
  for (const auto& f : files) {
    Source src;
    TRY_ASSIGN(src, ReadSource(f));
    sources.push_back(std::move(src));
  }
  return Checked(Build(sources, data_skipped));
}

struct DesiredFiles::State {
  std::optional<Error> listing;  // the folder could not be listed
  std::vector<std::string> files;
  std::vector<std::optional<Result<Source>>> read;  // by file; each written by one thread
  std::atomic<size_t> next{0};                      // the next file to take
  std::mutex mu;
  std::condition_variable all_read;
  size_t done = 0;  // files parsed (under mu)
};

DesiredFiles::DesiredFiles(std::string path) : state_(std::make_shared<State>()) {
  auto files = ListFiles(path);
  if (!files.ok()) {
    state_->listing = files.error();
    return;
  }
  state_->files = std::move(files.value());
  state_->read.resize(state_->files.size());
}

void DesiredFiles::Parse() {
  State& s = *state_;
  timing::Scope phase(timing::Phase::kParse);
  for (size_t i; (i = s.next.fetch_add(1)) < s.files.size();) {
    s.read[i].emplace(ReadSource(s.files[i]));
    std::lock_guard<std::mutex> lock(s.mu);
    if (++s.done == s.files.size()) s.all_read.notify_all();
  }
}

Result<DesiredRead> DesiredFiles::Build() {
  State& s = *state_;
  if (s.listing) return *s.listing;
  Parse();  // whatever is left
  {
    std::unique_lock<std::mutex> lock(s.mu);
    s.all_read.wait(lock, [&] { return s.done == s.files.size(); });
  }
  timing::Scope phase(timing::Phase::kParse);
  // Errors in file order, as one thread would have met them.
  std::vector<Source> sources;
  sources.reserve(s.files.size());
  for (auto& r : s.read) {
    if (!r->ok()) return r->error();
    sources.push_back(std::move(r->value()));
    r.reset();
  }
  return ::schemasync::Build(sources);
}

Result<DesiredRead> ReadDesired(const std::string& path) {
  DesiredFiles files(path);
  // Files are parsed independently, on every core: the parser is most of the reading time of a
  // big schema.
  util::ParallelFor(util::UsableCores(), util::UsableCores(), [&](size_t) { files.Parse(); });
  return files.Build();
}

namespace {
// The one statement of catalog text, when it is of the kind expected; null otherwise (the text
// comes from the server, but nothing here may trust its shape blindly).
const PgQuery__Node* OnlyStatement(const ParseTree& t, PgQuery__Node__NodeCase kind) {
  if (t->n_stmts != 1 || !t->stmts[0] || !t->stmts[0]->stmt || t->stmts[0]->stmt->node_case != kind) return nullptr;
  return t->stmts[0]->stmt;
}

Error NotA(const char* what, const std::string& text) {
  return MakeError(ErrorKind::kCatalog, std::string("expected one ") + what + " in: " + text);
}
}  // namespace

namespace {
Result<Constraint> ParseConstraintDefUncached(const QualifiedName& table, const std::string& name,
                                              const std::string& definition);
}  // namespace

Result<Constraint> ParseConstraintDef(const QualifiedName& table, const std::string& name,
                                      const std::string& definition) {
  // The model of a constraint depends on its definition text alone, its name aside (the table
  // only makes the text a statement to parse): the same CHECK or foreign key on 10,000 tables
  // is parsed and normalized once. Errors are not kept; they are made again with their table.
  thread_local std::unordered_map<std::string, Constraint> cache;
  auto hit = cache.find(definition);
  if (hit == cache.end()) {
    auto c = ParseConstraintDefUncached(table, "c", definition);
    if (!c.ok()) return ParseConstraintDefUncached(table, name, definition);
    hit = cache.emplace(definition, std::move(c).value()).first;
  }
  Constraint c = hit->second;
  c.name = name;
  return c;
}

namespace {
Result<Constraint> ParseConstraintDefUncached(const QualifiedName& table, const std::string& name,
                                              const std::string& definition) {
  std::string sql = "ALTER TABLE " + table.Sql() + " ADD CONSTRAINT " + QuoteIdent(name) + " " + definition;
  auto parsed = ParseTree::Parse(sql);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + sql);
  auto& t = std::get<ParseTree>(parsed);
  const PgQuery__Node* stmt = OnlyStatement(t, PG_QUERY__NODE__NODE_ALTER_TABLE_STMT);
  const PgQuery__AlterTableStmt* alter = stmt ? stmt->alter_table_stmt : nullptr;
  const PgQuery__Node* first = alter && alter->n_cmds == 1 ? alter->cmds[0] : nullptr;
  const PgQuery__AlterTableCmd* cmd =
      first && first->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ? first->alter_table_cmd : nullptr;
  if (!cmd || cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint || !cmd->def ||
      cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) {
    return NotA("constraint definition", definition);
  }
  auto c = parse::TransformConstraint(cmd->def->constraint, "");
  if (!c.ok()) return MakeError(ErrorKind::kCatalog, c.error().message + " in: " + sql);
  return c;
}
}  // namespace

Result<Function> ParseFunctionDef(const std::string& def) {
  auto parsed = ParseTree::Parse(def);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + def);
  auto& t = std::get<ParseTree>(parsed);
  const PgQuery__Node* stmt = OnlyStatement(t, PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT);
  if (!stmt) return NotA("CREATE FUNCTION", def);
  auto fn = parse::TransformCreateFunction(stmt->create_function_stmt);
  if (!fn.ok()) return MakeError(ErrorKind::kCatalog, fn.error().message + " in: " + def);
  fn->create_sql = def;
  return fn;
}

Result<Trigger> ParseTriggerDef(const std::string& def) {
  auto parsed = ParseTree::Parse(def);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + def);
  auto& t = std::get<ParseTree>(parsed);
  const PgQuery__Node* stmt = OnlyStatement(t, PG_QUERY__NODE__NODE_CREATE_TRIG_STMT);
  if (!stmt) return NotA("CREATE TRIGGER", def);
  auto tr = parse::TransformCreateTrigger(stmt->create_trig_stmt, stmt);
  if (!tr.ok()) return MakeError(ErrorKind::kCatalog, tr.error().message + " in: " + def);
  tr->create_sql = def;
  return tr;
}

Result<Rule> ParseRuleDef(const std::string& def, const QualifiedName* on) {
  auto parsed = ParseTree::Parse(def);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + def);
  auto& t = std::get<ParseTree>(parsed);
  const PgQuery__Node* stmt = OnlyStatement(t, PG_QUERY__NODE__NODE_RULE_STMT);
  if (!stmt) return NotA("CREATE RULE", def);
  auto rule = parse::TransformRuleStmt(stmt, on);
  if (!rule.ok()) return MakeError(ErrorKind::kCatalog, rule.error().message + " in: " + def);
  // The server's text when it is the rule's own, as the plan runs it again (trailing ';' off).
  if (!on) {
    rule->create_sql = def;
    while (!rule->create_sql.empty() && (rule->create_sql.back() == ';' || isspace(static_cast<unsigned char>(rule->create_sql.back())))) {
      rule->create_sql.pop_back();
    }
  }
  return rule;
}

Result<Index> ParseIndexDef(const std::string& indexdef) {
  auto parsed = ParseTree::Parse(indexdef);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kCatalog, f->message + " in: " + indexdef);
  auto& t = std::get<ParseTree>(parsed);
  const PgQuery__Node* stmt = OnlyStatement(t, PG_QUERY__NODE__NODE_INDEX_STMT);
  if (!stmt) return NotA("CREATE INDEX", indexdef);
  // pg_get_indexdef names a tablespace other than the database's default: placement, not
  // schema; not compared (as pg_dump --no-tablespaces).
  if (char*& ts = stmt->index_stmt->table_space; ts && *ts) ts[0] = '\0';
  auto ix = parse::TransformIndexStmt(stmt->index_stmt);
  if (!ix.ok()) return MakeError(ErrorKind::kCatalog, ix.error().message + " in: " + indexdef);
  return ix;
}

Result<Index> ParseIndexTail(bool unique, const std::string& tail) {
  // Errors are not kept (they end the run).
  thread_local std::unordered_map<std::string, Index> cache;
  std::string key = (unique ? "u" : "-") + tail;
  auto hit = cache.find(key);
  if (hit == cache.end()) {
    Index ix;
    TRY_ASSIGN(ix, ParseIndexDef(std::string("CREATE ") + (unique ? "UNIQUE " : "") + "INDEX i ON s.t " + tail));
    hit = cache.emplace(std::move(key), std::move(ix)).first;
  }
  return hit->second;
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
