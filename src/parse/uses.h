// What an SQL text names: the relations it reads, the functions it calls, the types it names.
// These are the desired side's dependency edges (and the live side's, from the server's own
// spelling of views, defaults, checks, policies, indexes and function signatures).
#pragma once

#include <string>
#include <vector>

#include "schemasync/object_ref.h"

namespace schemasync::parse {

// Objects named by one statement (CREATE VIEW, CREATE FUNCTION, CREATE TRIGGER, SELECT, ...):
// relations in FROM (kTable: also met by a view or a sequence, see ObjectRef::Group), functions
// called (kFunction with no argument types: any overload), types in casts, column definitions,
// arguments and results (kType: also met by a table's row type), sequences in
// nextval('s') and 'r'::regclass. Unqualified names resolve to "public" (the default
// search_path's first schema); pg_catalog names are left out. Text that does not parse names
// nothing. Results are cached by text.
std::vector<ObjectRef> UsesOfSql(const std::string& sql);

// What the string bodies of LANGUAGE sql functions in `sql` name. PostgreSQL records no
// dependency for them and, with check_function_bodies off, creates the function without them;
// they must exist only when the function runs (a CHECK or an index calling it, during the plan).
std::vector<ObjectRef> UsesOfBodies(const std::string& sql);

// The same for an expression (a default, a CHECK, a policy's USING, an index element).
std::vector<ObjectRef> UsesOfExpr(const std::string& expr);

// The same for a type as format_type() spells it ("public.mood[]", "character varying(20)").
std::vector<ObjectRef> UsesOfType(const std::string& type);

// The column names an expression reads (the last part of each column reference): the columns
// of its own table that a CHECK, an index, a policy or a generated column needs.
std::vector<std::string> ColumnsOfExpr(const std::string& expr);

}  // namespace schemasync::parse
