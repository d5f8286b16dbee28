// Expressions of the live schema as they read after ALTER TABLE ... RENAME COLUMN. PostgreSQL
// stores expressions as trees that name columns by number (pg_node_tree), so a CHECK, an index,
// a policy or a generated column follows the rename; the model keeps their text, which this
// rewrites the same way.
#pragma once

#include <string>

#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync::parse {

// `e` with every reference to column `from` naming `to`. An expression with a subquery is left
// as it is (a column of that name may be another table's): the plan then rebuilds what holds it.
Result<Expr> RenameColumn(const Expr& e, const std::string& from, const std::string& to);

// The same for an index element as the model keeps it: "col DESC", "(expr) opclass".
Result<Expr> RenameColumnInIndexElement(const Expr& e, const std::string& from, const std::string& to);

// A statement (CREATE TRIGGER, CREATE RULE as pg_get_*def prints them) with every reference to
// relation `from` naming `to`, as PostgreSQL prints it once the relation is renamed (the catalog
// refers to it by OID).
Result<std::string> RenameRelationInStatement(const std::string& sql, const QualifiedName& from, const QualifiedName& to);

// `e` (an expression), or a statement (CREATE TRIGGER ... EXECUTE FUNCTION), with every call of
// function `from` calling `to` (its bare name; a call without a schema is taken as public's).
Result<Expr> RenameFunction(const Expr& e, const QualifiedName& from, const std::string& to);
Result<Expr> RenameFunctionInIndexElement(const Expr& e, const QualifiedName& from, const std::string& to);
Result<std::string> RenameFunctionInStatement(const std::string& sql, const QualifiedName& from, const std::string& to);

// `e`, or a statement (CREATE FUNCTION), with every type name `from` (a cast, an argument, a
// result) naming `to` instead; a name without a schema is taken as public's.
Result<Expr> RenameType(const Expr& e, const QualifiedName& from, const std::string& to);
Result<Expr> RenameTypeInIndexElement(const Expr& e, const QualifiedName& from, const std::string& to);
Result<std::string> RenameTypeInStatement(const std::string& sql, const QualifiedName& from, const std::string& to);

}  // namespace schemasync::parse
