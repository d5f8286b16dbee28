// Transforms of single parse-tree nodes into model values, shared by the desired-SQL driver and
// the catalog (which feeds pg_get_constraintdef / pg_get_indexdef text through them).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "parse/pg_tree.h"
#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync::parse {

// Schema of a RangeVar, "public" when unqualified (the default search_path's creation schema).
QualifiedName NameOf(const PgQuery__RangeVar* rv);
// A dotted name list (CREATE TYPE a.b, COMMENT ON ...) as a qualified name.
QualifiedName NameOfList(PgQuery__Node* const* names, size_t n);
std::vector<std::string> StringList(PgQuery__Node* const* items, size_t n);
// The name parts of a DefElem's value (defGetQualifiedName: a type-like name, a list, a string).
std::vector<std::string> NameParts(const PgQuery__Node* arg);
// A function, operator or operator class named in an option, as the catalog readers spell it:
// bare in pg_catalog (or unqualified: search_path puts pg_catalog first), else schema.name.
std::string CatalogName(const std::vector<std::string>& parts);
// The collation a COLLATE clause names (its last name part, as format_type's callers compare
// it); "" for none.
std::string CollationOf(const PgQuery__CollateClause* c);

// A table constraint (or a column constraint, with `column` its column) as a model value;
// the name is left empty when the SQL gave none.
Result<Constraint> TransformConstraint(const PgQuery__Constraint* c, const std::string& column);

// An index element as pg_get_indexdef prints it: col | (expr), COLLATE, opclass, DESC, NULLS.
Result<Expr> TransformIndexElem(const PgQuery__IndexElem* e);

// CREATE INDEX as a model value; the name is left empty when the SQL gave none.
Result<Index> TransformIndexStmt(const PgQuery__IndexStmt* stmt);

// CREATE FUNCTION / PROCEDURE as a model value (create_sql is left to the caller).
Result<Function> TransformCreateFunction(const PgQuery__CreateFunctionStmt* s);

// CREATE TRIGGER as a model value; `stmt` is the statement node holding `s`.
Result<Trigger> TransformCreateTrigger(const PgQuery__CreateTrigStmt* s, const PgQuery__Node* stmt);

// CREATE RULE as a model value: create_sql is the statement deparsed without OR REPLACE, key the
// same with the tree normalized and the table unqualified in public. With `on`, the rule is
// taken as written on that table (CanonicalizeRules compiles the desired rule on a copy). ON
// SELECT (a view's own rule) is an error.
Result<Rule> TransformRuleStmt(const PgQuery__Node* stmt, const QualifiedName* on = nullptr);

// Storage parameters (WITH (...), SET (...)) as PostgreSQL stores them in reloptions: "name=value"
// with the value as written (transformRelOptions: defGetString), "name=true" for a bare name.
// With `names_only` (RESET (...)), just the names. toast.* parameters are refused.
Result<std::vector<std::string>> RelOptions(PgQuery__Node* const* items, size_t n, bool names_only = false);

// The column names PostgreSQL derives for default index names (ChooseIndexColumnNames).
std::vector<std::string> IndexColumnNames(const PgQuery__IndexStmt* stmt);

}  // namespace schemasync::parse
