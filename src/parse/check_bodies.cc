// Offline checks of function bodies (see check_bodies.h).
#include "parse/check_bodies.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <regex>

#include "util/quote.h"

namespace schemasync::parse {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// What the checker needs of one function: its language, and where its string body starts in
// the file ("" language: nothing to check).
struct Body {
  std::string language;
  std::string text;
  size_t offset = 0;  // byte offset of the body's first character in the file
};

// The body of `AS <string>`: the option's location is the AS keyword (createfunc_opt_item's
// @1); the string follows, dollar-quoted ($tag$...$tag$, exact offsets) or quoted ('...' or
// E'...', where doubled quotes make later columns approximate; lines stay exact).
Body FindBody(const FunctionSource& f) {
  Body b;
  const PgQuery__CreateFunctionStmt* s = f.stmt;
  if (s->sql_body) return b;  // BEGIN ATOMIC / RETURN: parsed with the statement itself
  const PgQuery__DefElem* as = nullptr;
  for (size_t i = 0; i < s->n_options; ++i) {
    const PgQuery__Node* o = s->options[i];
    if (!o || o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* d = o->def_elem;
    std::string name = d->defname ? d->defname : "";
    if (name == "language") b.language = Lower(StringOf(d->arg));
    if (name == "as") as = d;
  }
  // AS 'obj_file', 'link_symbol' (C) has two strings: nothing to parse.
  if (!as || !as->arg || as->arg->node_case != PG_QUERY__NODE__NODE_LIST || as->arg->list->n_items != 1) {
    b.language.clear();
    return b;
  }
  b.text = StringOf(as->arg->list->items[0]);
  const std::string& t = *f.text;
  size_t pos = as->location >= 0 ? static_cast<size_t>(as->location) : f.stmt_start;
  size_t end = f.stmt_len ? std::min(t.size(), f.stmt_start + f.stmt_len) : t.size();
  if (pos < f.stmt_start || pos >= end) pos = f.stmt_start;
  // Past AS (when the location is the keyword), blanks and comments, to the opening quote.
  if (pos + 2 <= end && Lower(t.substr(pos, 2)) == "as") pos += 2;
  while (pos < end) {
    if (std::isspace(static_cast<unsigned char>(t[pos]))) {
      ++pos;
    } else if (t.compare(pos, 2, "--") == 0) {
      while (pos < end && t[pos] != '\n') ++pos;
    } else if (t.compare(pos, 2, "/*") == 0) {
      size_t close = t.find("*/", pos + 2);
      pos = close == std::string::npos ? end : close + 2;
    } else {
      break;
    }
  }
  if (pos < end && t[pos] == '$') {
    size_t close = t.find('$', pos + 1);
    b.offset = close == std::string::npos ? pos : close + 1;
  } else if (pos < end && (t[pos] == 'E' || t[pos] == 'e') && pos + 1 < end && t[pos + 1] == '\'') {
    b.offset = pos + 2;
  } else if (pos < end && t[pos] == '\'') {
    b.offset = pos + 1;
  } else {
    b.offset = pos;
  }
  return b;
}

std::string FunctionName(const PgQuery__CreateFunctionStmt* s) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < s->n_funcname; ++i) parts.push_back(QuoteIdent(StringOf(s->funcname[i])));
  return Join(parts, ".");
}

Error BodyError(const FunctionSource& f, Locator where, size_t offset, const std::string& language,
                const std::string& message) {
  return MakeError(ErrorKind::kSyntax, where(f.file, *f.text, offset) + ": " + language + " body of " +
                                           (f.stmt->is_procedure ? "procedure " : "function ") + FunctionName(f.stmt) +
                                           ": " + message +
                                           " (function bodies are checked before anything is applied; fix the body)");
}

// The errors of libpg_query's PL/pgSQL parser that PostgreSQL's own validator raises too. It
// cannot see the catalog, so it fails on fields of row types it cannot resolve ("r.id" is not a
// known variable); those, and anything else it cannot decide, are not errors here.
bool IsSurePlpgsqlError(const std::string& message) {
  static const std::regex unknown_plain_variable(R"re(^"[^".]+" is not a known variable$)re");
  return message.rfind("syntax error", 0) == 0 || message.find("unterminated") != std::string::npos ||
         std::regex_match(message, unknown_plain_variable);
}

// One PL/pgSQL result, as the checking child reports it.
struct PlResult {
  bool done = false;  // the child got through this function
  std::string message;  // "" = fine (or not a sure error)
  int line = 0;         // body line from the error context ("near line N"), 0 when unknown
};

void WriteAll(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\t', ' ');
  return s;
}

// Runs pg_query_parse_plpgsql over statements[from..] in a child process: libpg_query asserts
// (aborts) on some inputs, and no input may take schemasync down. Lines on the pipe:
// "B i" before statement i, "R i\t<line>\t<message>" after it.
void RunPlpgsqlChild(const std::vector<std::string>& statements, size_t from, std::map<size_t, PlResult>& out) {
  int fds[2];
  if (pipe(fds) != 0) return;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    close(fds[0]);
    static const std::regex near_line(R"(near line (\d+))");
    for (size_t i = from; i < statements.size(); ++i) {
      WriteAll(fds[1], "B " + std::to_string(i) + "\n");
      PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(statements[i].c_str());
      std::string msg, line = "0";
      if (r.error) {
        msg = r.error->message ? r.error->message : "syntax error";
        std::smatch m;
        std::string ctx = r.error->context ? r.error->context : "";
        if (std::regex_search(ctx, m, near_line)) line = m[1].str();
      }
      pg_query_free_plpgsql_parse_result(r);
      WriteAll(fds[1], "R " + std::to_string(i) + "\t" + line + "\t" + OneLine(msg) + "\n");
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string data;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    data.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  size_t start = 0;
  while (start < data.size()) {
    size_t nl = data.find('\n', start);
    if (nl == std::string::npos) break;
    std::string line = data.substr(start, nl - start);
    start = nl + 1;
    if (line.size() < 3) continue;
    if (line[0] == 'B') {
      out[std::stoul(line.substr(2))];  // started; done stays false unless a result follows
    } else if (line[0] == 'R') {
      size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
      if (t1 == std::string::npos || t2 == std::string::npos) continue;
      PlResult& r = out[std::stoul(line.substr(2, t1 - 2))];
      r.done = true;
      r.line = std::stoi(line.substr(t1 + 1, t2 - t1 - 1));
      r.message = line.substr(t2 + 1);
    }
  }
}

}  // namespace

Result<std::vector<PlpgsqlBody>> CheckFunctionBodies(const std::vector<FunctionSource>& functions, Locator where) {
  std::vector<PlpgsqlBody> plpgsql;
  for (const FunctionSource& f : functions) {
    Body b = FindBody(f);
    if (b.language == "sql") {
      auto parsed = ParseTree::Parse(b.text);
      if (auto* e = std::get_if<ParseFailure>(&parsed)) {
        size_t at = b.offset + e->ByteOffset(b.text);
        return BodyError(f, where, at, "SQL", e->message);
      }
    } else if (b.language == "plpgsql") {
      size_t len = f.stmt_len ? f.stmt_len : f.text->size() - f.stmt_start;
      PlpgsqlBody p;
      p.file = f.file;
      p.statement = f.text->substr(f.stmt_start, len);
      p.line = f.line;
      p.column = f.column;
      p.body_offset = b.offset >= f.stmt_start ? std::min(b.offset - f.stmt_start, p.statement.size()) : 0;
      p.what = std::string(f.stmt->is_procedure ? "procedure " : "function ") + FunctionName(f.stmt);
      plpgsql.push_back(std::move(p));
    }
  }
  return plpgsql;
}

Status CheckPlpgsqlBodies(const std::vector<PlpgsqlBody>& bodies) {
  if (bodies.empty()) return Ok();
  std::vector<std::string> statements;
  statements.reserve(bodies.size());
  for (const auto& b : bodies) statements.push_back(b.statement);
  std::map<size_t, PlResult> results;
  for (size_t from = 0; from < statements.size();) {
    RunPlpgsqlChild(statements, from, results);
    // Resume after the statement the child died on (or stop if it got nowhere at all).
    size_t next = from;
    while (next < statements.size() && results.count(next) && results[next].done) ++next;
    if (next < statements.size() && results.count(next)) ++next;  // started, never finished: skip it
    if (next == from) break;
    from = next;
  }
  for (size_t k = 0; k < statements.size(); ++k) {
    auto it = results.find(k);
    if (it == results.end() || !it->second.done || it->second.message.empty()) continue;
    if (!IsSurePlpgsqlError(it->second.message)) continue;
    const PlpgsqlBody& b = bodies[k];
    const std::string& t = b.statement;
    // "near line N" counts from the body's first line; point at that line's first character.
    // For an unknown variable libpg_query's line is where parsing stood, not the use: point at
    // the body.
    if (it->second.message.find("is not a known variable") != std::string::npos) it->second.line = 0;
    size_t at = b.body_offset;
    for (int line = 1; line < it->second.line && at < t.size(); ++line) {
      size_t nl = t.find('\n', at);
      if (nl == std::string::npos) break;
      at = nl + 1;
    }
    if (it->second.line > 1) {
      while (at < t.size() && (t[at] == ' ' || t[at] == '\t')) ++at;
    }
    // The place in the file from the statement's own: lines counted, columns in characters.
    int line = b.line, column = b.column;
    for (size_t i = 0; i < at && i < t.size(); ++i) {
      if (t[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return MakeError(ErrorKind::kSyntax, b.file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                             ": PL/pgSQL body of " + b.what + ": " + it->second.message +
                                             " (function bodies are checked before anything is applied; fix the body)");
  }
  return Ok();
}

}  // namespace schemasync::parse
