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
  const PgQuery__CreateFunctionStmt* stmt = nullptr;  // its parse tree (borrowed)
};

// "file:line:col" of a byte offset in a file's text (columns count characters).
using Locator = std::string (*)(const std::string& file, const std::string& text, size_t offset);

// Checks every body it can read: LANGUAGE plpgsql and LANGUAGE sql bodies given as a string.
// The first error names file:line:col inside the body, the function and the parser's message.
// Other languages, and what the offline PL/pgSQL parser cannot decide (the fields of a row type
// it cannot see), pass: the check refuses only what PostgreSQL would refuse too.
Status CheckFunctionBodies(const std::vector<FunctionSource>& functions, Locator where);

}  // namespace schemasync::parse
