// Typed identities of schema objects: what a plan step acts on and what it needs or gives up.
// The planner (plan/graph.h) orders steps by these, never by kind-specific rules.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <tuple>

namespace schemasync {

enum class ObjectKind : unsigned char {
  kSchema,
  kExtension,
  kType,        // enum, domain, composite (and any type named in SQL: a table's row type matches)
  kCollation,
  kTable,
  kView,        // plain or materialized
  kSequence,
  kFunction,    // function or procedure; `sub` holds the argument types ("" = any overload)
  kColumn,      // of a table or view: name = the relation, sub = the column
  kConstraint,  // name = the table, sub = the constraint ("" = any constraint of the table)
  kIndex,       // name = the table, sub = the index ("" = any index of the table)
  kPolicy,      // name = the table, sub = the policy
  kTrigger,     // name = the table or view, sub = the trigger
  kRule,        // name = the table or view, sub = the rule
  kEventTrigger,  // database-wide: no schema, name = the event trigger
  kPublication,   // database-wide: no schema, name = the publication
  kForeignDataWrapper,  // database-wide: name = the wrapper
  kForeignServer,       // database-wide: name = the server
  kUserMapping,         // database-wide: name = the server, sub = the role
  kForeignTable,        // a relation (shares the name space of tables)
  kDefaultAcl,  // a pg_default_acl entry: schema ("" for all), name = the role, sub = the object type
};

struct ObjectRef {
  ObjectKind kind = ObjectKind::kSchema;
  std::string schema;  // empty for schemas and extensions
  std::string name;    // the schema's own name for kSchema
  std::string sub;     // see ObjectKind

  static ObjectRef Schema(std::string name) { return {ObjectKind::kSchema, "", std::move(name), ""}; }
  static ObjectRef Of(ObjectKind k, std::string schema, std::string name, std::string sub = "") {
    return {k, std::move(schema), std::move(name), std::move(sub)};
  }

  // The object this one lives in: a column's relation, a relation's schema; none for a schema
  // or an extension.
  std::optional<ObjectRef> Parent() const;
  // Kinds that share one name space in a schema (pg_class and pg_type: a table, a view, a
  // sequence and a type cannot have the same name) compare under one group, so that "needs type
  // s.users" is met by CREATE TABLE s.users and a view dropped frees its name for a table.
  char Group() const;
  bool IsRelationLike() const { return Group() == 'r'; }
  // "table public.users", "column public.users.email", ... (for messages).
  std::string Display() const;

  // Identity for matching: group, schema, name, sub.
  std::tuple<char, const std::string&, const std::string&, const std::string&> Key() const {
    return {Group(), schema, name, sub};
  }
  bool operator==(const ObjectRef& o) const { return Key() == o.Key(); }
  bool operator<(const ObjectRef& o) const { return Key() < o.Key(); }
};

}  // namespace schemasync
