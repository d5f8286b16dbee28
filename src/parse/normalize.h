// The normalizer: the one place where desired SQL and catalog text become comparable.
// Both sides of every comparison go through these functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "parse/pg_tree.h"
#include "schemasync/model.h"
#include "schemasync/parse.h"
#include "schemasync/result.h"

namespace schemasync::parse {

// Rewrites an expression tree in place so that the user's spelling and ruleutils.c's output
// (pg_get_expr, pg_get_constraintdef, pg_get_indexdef) coincide. Each rule names the
// PostgreSQL behaviour it undoes; see normalize.cc.
void NormalizeTree(ProtobufCMessage* tree);

// Normalized text of an expression given as SQL text (catalog side).
Result<std::string> NormalizeExprText(std::string_view expr);

// Normalized text of an expression node of a desired-side tree.
Result<std::string> NormalizeExprNode(const PgQuery__Node* node);

// An expression as the model keeps it: executable text plus normalized key.
Result<Expr> MakeExpr(const PgQuery__Node* node);
Result<Expr> MakeExprFromText(std::string_view text);

// The key of `e` with its typed literals ('1 hour'::interval, and the expression itself when it
// is a bare literal, taken as `bare_type`) in the type's output spelling, as the catalog stores
// them ('01:00:00'); e.key itself when nothing changes.
Result<std::string> RespellLiterals(const Expr& e, const std::string& bare_type, const LiteralSpeller& spell);

// format_type() spelling of a type name: "integer", "character varying(20)",
// "timestamp with time zone", "other.my_enum", "text[]". Types of schema public print bare,
// as format_type does with search_path = public.
std::string CanonicalTypeName(const PgQuery__TypeName* type);

// The canonical spelling of a (schema, type) pair, as CanonicalTypeName prints it.
std::string CanonicalTypeName(std::string_view schema, std::string_view name,
                              const std::vector<int>& typmods, int array_dims);

}  // namespace schemasync::parse
