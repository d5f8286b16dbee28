// psql meta-command lines (see psql_meta.h).
#include "parse/psql_meta.h"

#include <cctype>
#include <vector>

namespace schemasync::parse {
namespace {

bool IdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80); }

// The dollar-quote tag starting at i ("$$" or "$tag$"), or "" if there is none: a tag is
// `$` [letters, digits, _; not starting with a digit] `$`, as in the SQL lexer (scan.l).
std::string DollarTag(const std::string& t, size_t i) {
  size_t j = i + 1;
  if (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) return "";
  while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_' || (t[j] & 0x80))) ++j;
  if (j < t.size() && t[j] == '$') return t.substr(i, j - i + 1);
  return "";
}

// Just past the string or quoted identifier opening at t[open] (its quote character).
size_t PastQuoted(const std::string& t, size_t open, bool escapes) {
  const char q = t[open];
  size_t i = open + 1;
  while (i < t.size()) {
    if (escapes && t[i] == '\\') {
      i += 2;
    } else if (t[i] != q) {
      ++i;
    } else if (i + 1 < t.size() && t[i + 1] == q) {
      i += 2;
    } else {
      return i + 1;
    }
  }
  return t.size();
}

std::string Word(const std::string& t, size_t from) {
  size_t end = from;
  while (end < t.size() && !std::isspace(static_cast<unsigned char>(t[end]))) ++end;
  return t.substr(from, end - from);
}

}  // namespace

MetaCommandError BlankPsqlMetaCommands(std::string& text) {
  struct Line {
    size_t begin, end;
  };
  std::vector<Line> blank;
  const std::string& t = text;
  size_t i = 0;
  bool line_start = true;  // only blanks since the last newline, outside any token
  while (i < t.size()) {
    char c = t[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      ++i;
      continue;
    }
    if (c == '\\' && line_start) {
      size_t end = t.find('\n', i);
      if (end == std::string::npos) end = t.size();
      std::string cmd = Word(t, i);
      if (cmd == "\\restrict" || cmd == "\\unrestrict") {
        blank.push_back({i, end});
        i = end;
        continue;
      }
      std::string why = cmd == "\\connect" || cmd == "\\c"
                            ? "a desired folder describes one database: dump each database into a folder of its own "
                              "(pg_dump -s DBNAME), or remove the line"
                            : "psql meta-commands are not SQL and schemasync does not run psql: write the statements "
                              "they would produce instead, or remove the line";
      return {i, "psql meta-command " + cmd + " is not supported in the desired files; " + why};
    }
    line_start = false;
    if (c == '-' && i + 1 < t.size() && t[i + 1] == '-') {
      size_t end = t.find('\n', i);
      i = end == std::string::npos ? t.size() : end;
      continue;
    }
    if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      // Comments nest in PostgreSQL.
      int depth = 1;
      i += 2;
      while (i < t.size() && depth > 0) {
        if (t.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (t.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      // E'...' takes backslash escapes; a doubled quote is one in any of them.
      bool escapes = c == '\'' && i > 0 && (t[i - 1] == 'E' || t[i - 1] == 'e') && (i < 2 || !IdentChar(t[i - 2]));
      i = PastQuoted(t, i, escapes);
      continue;
    }
    if (c == '$' && (i == 0 || !IdentChar(t[i - 1]))) {
      std::string tag = DollarTag(t, i);
      if (!tag.empty()) {
        size_t end = t.find(tag, i + tag.size());
        i = end == std::string::npos ? t.size() : end + tag.size();
        continue;
      }
    }
    ++i;
  }
  for (const auto& l : blank) {
    for (size_t k = l.begin; k < l.end; ++k) {
      if (text[k] != '\r') text[k] = ' ';
    }
  }
  return {};
}

}  // namespace schemasync::parse
