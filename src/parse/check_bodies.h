// Function bodies checked offline, before anything is applied: PL/pgSQL through libpg_query's
// PL/pgSQL parser, SQL through the SQL parser. The plan creates functions with
// check_function_bodies = off (bodies may name tables created later in the same plan), so
// without this a broken body would be installed and fail only when called.
#pragma once

#include <string>
#include <vector>

#include "parse/pg_tree.h"
#include "schemasync/result.h"

namespace schemasync::parse {

// One CREATE FUNCTION / PROCEDURE statement as written.
struct FunctionSource {
  std::string file;       // for messages
  const std::string* text = nullptr;  // the whole file
  size_t stmt_start = 0;  // byte offsets of the statement in `text`
  size_t stmt_len = 0;
  int line = 1, column = 1;  // of stmt_start in the file
  const PgQuery__CreateFunctionStmt* stmt = nullptr;  // its parse tree (borrowed)
};

// "file:line:col" of a byte offset in a file's text (columns count characters).
using Locator = std::string (*)(const std::string& file, const std::string& text, size_t offset);

// A PL/pgSQL function still to check, self-contained (the file's text and parse tree may be
// gone by then): its statement as written and where that starts in its file.
struct PlpgsqlBody {
  std::string file;
  std::string statement;     // from its first token
  int line = 1, column = 1;  // of the statement's first character in the file
  size_t body_offset = 0;    // of the body's first character in `statement`
  std::string what;          // "function public.total"
};

// Checks every body it can read: LANGUAGE sql bodies given as a string here and now, through
// the SQL parser; LANGUAGE plpgsql bodies are returned for CheckPlpgsqlBodies. Other languages
// pass. The first error names file:line:col inside the body, the function and the parser's
// message.
Result<std::vector<PlpgsqlBody>> CheckFunctionBodies(const std::vector<FunctionSource>& functions, Locator where);

// The PL/pgSQL bodies through libpg_query's PL/pgSQL parser, in a child process (it aborts on
// some inputs, and no input may take schemasync down). The child is forked, so this runs only
// while no other thread of the process works: a thread holding a lock (an allocator's, a
// library's) at the fork leaves that lock held forever in the child, which then hangs. What the
// offline parser cannot decide (the fields of a row type it cannot see) passes: the check
// refuses only what PostgreSQL would refuse too.
Status CheckPlpgsqlBodies(const std::vector<PlpgsqlBody>& bodies);

}  // namespace schemasync::parse
