// The dependency edges of model objects: what each one uses (types, functions, relations,
// sequences), read from its SQL by parse/uses.h. The differ attaches them to its steps: the
// desired object's as `needs` of a step that makes or changes it, the live object's as
// `releases` of a step that removes it.
#pragma once

#include <vector>

#include "schemasync/model.h"
#include "schemasync/object_ref.h"

namespace schemasync::diff {

ObjectRef RefOf(const Table& t);
ObjectRef RefOf(const View& v);
ObjectRef RefOf(const Function& f);
// An aggregate is a function to PostgreSQL (pg_proc): a call to it in a view needs it.
ObjectRef RefOf(const Aggregate& a);
ObjectRef ColumnRef(const QualifiedName& rel, const std::string& column);
ObjectRef ConstraintRef(const QualifiedName& table, const std::string& name);
ObjectRef IndexRef(const Index& ix);
ObjectRef TypeRef(const QualifiedName& n);
ObjectRef SequenceRef(const QualifiedName& n);
// A name in a schema's relation namespace (pg_class: tables, views, sequences, indexes, the
// index a key constraint owns), for Step::names.
ObjectRef RelationName(const QualifiedName& n);

std::vector<ObjectRef> UsesOf(const Column& c);
// What a column's default alone reads (functions, sequences).
std::vector<ObjectRef> DefaultUses(const Column& c);
// The functions of `side` named schema.name, every overload.
std::vector<const Function*> FunctionsNamed(const Schema& side, const std::string& schema, const std::string& name);
std::vector<ObjectRef> UsesOf(const Constraint& c);
std::vector<ObjectRef> UsesOf(const Index& ix);
std::vector<ObjectRef> UsesOf(const Policy& p);
std::vector<ObjectRef> UsesOf(const View& v);
std::vector<ObjectRef> UsesOf(const Function& f);
// What a LANGUAGE sql function's string body names: soft edges (Step::needs_soft).
std::vector<ObjectRef> BodyUsesOf(const Function& f);
std::vector<ObjectRef> UsesOf(const Trigger& t);
// A rule: its relation and what its condition and actions name (diff_rules.cc).
std::vector<ObjectRef> UsesOf(const Rule& r);
std::vector<ObjectRef> UsesOf(const Sequence& s);
// An aggregate: its argument and state types, its support functions (diff_aggregates.cc).
std::vector<ObjectRef> UsesOf(const Aggregate& a);
// CREATE TABLE: its columns, its constraints but foreign keys (added as steps of their own),
// its parents (INHERITS, PARTITION OF).
std::vector<ObjectRef> UsesOf(const Table& t);

// `a` followed by `b`.
void Append(std::vector<ObjectRef>& a, const std::vector<ObjectRef>& b);

}  // namespace schemasync::diff
