// Dependency edges of model objects (dependencies.h).
#include "diff/dependencies.h"

#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {

ObjectRef RefOf(const Table& t) { return ObjectRef::Of(ObjectKind::kTable, t.name.schema, t.name.name); }
ObjectRef RefOf(const View& v) { return ObjectRef::Of(ObjectKind::kView, v.name.schema, v.name.name); }
ObjectRef RefOf(const Function& f) { return ObjectRef::Of(ObjectKind::kFunction, f.name.schema, f.name.name, f.identity); }
ObjectRef RefOf(const Aggregate& a) {
  return ObjectRef::Of(ObjectKind::kFunction, a.name.schema, a.name.name, a.Identity());
}
ObjectRef ColumnRef(const QualifiedName& rel, const std::string& column) {
  return ObjectRef::Of(ObjectKind::kColumn, rel.schema, rel.name, column);
}
ObjectRef ConstraintRef(const QualifiedName& table, const std::string& name) {
  return ObjectRef::Of(ObjectKind::kConstraint, table.schema, table.name, name);
}
ObjectRef IndexRef(const Index& ix) { return ObjectRef::Of(ObjectKind::kIndex, ix.table.schema, ix.table.name, ix.name.name); }
ObjectRef TypeRef(const QualifiedName& n) { return ObjectRef::Of(ObjectKind::kType, n.schema, n.name); }
ObjectRef SequenceRef(const QualifiedName& n) { return ObjectRef::Of(ObjectKind::kSequence, n.schema, n.name); }

ObjectRef RelationName(const QualifiedName& n) { return ObjectRef::Of(ObjectKind::kTable, n.schema, n.name); }

void Append(std::vector<ObjectRef>& a, const std::vector<ObjectRef>& b) { a.insert(a.end(), b.begin(), b.end()); }

std::vector<ObjectRef> UsesOf(const Column& c) {
  std::vector<ObjectRef> out = parse::UsesOfType(c.type);
  if (!c.collation.empty()) out.push_back(ObjectRef::Of(ObjectKind::kCollation, "public", c.collation));
  Append(out, parse::UsesOfExpr(c.default_expr.text));
  Append(out, parse::UsesOfExpr(c.generated.text));
  return out;
}

std::vector<ObjectRef> DefaultUses(const Column& c) { return parse::UsesOfExpr(c.default_expr.text); }

std::vector<const Function*> FunctionsNamed(const Schema& side, const std::string& schema, const std::string& name) {
  // Keys are "name(identity arguments)": every overload of `name` sorts among the keys that
  // start with it, from {schema, name} on (a look-up, not a scan of the schema's functions).
  std::vector<const Function*> out;
  for (auto it = side.functions.lower_bound(QualifiedName{schema, name});
       it != side.functions.end() && it->first.schema == schema && it->first.name.compare(0, name.size(), name) == 0; ++it) {
    if (it->second.name.name == name) out.push_back(&it->second);
  }
  return out;
}

std::vector<ObjectRef> UsesOf(const Constraint& c) {
  std::vector<ObjectRef> out = parse::UsesOfExpr(c.expr.text);
  for (const auto& e : c.elements) Append(out, parse::UsesOfExpr(e.text));
  Append(out, parse::UsesOfExpr(c.where.text));
  // A foreign key: the referenced table (its unique keys: Differ::KeysOf).
  if (c.kind == ConstraintKind::kForeignKey) {
    out.push_back(ObjectRef::Of(ObjectKind::kTable, c.ref_table.schema, c.ref_table.name));
  }
  return out;
}

std::vector<ObjectRef> UsesOf(const Index& ix) {
  std::vector<ObjectRef> out;
  for (const auto& e : ix.elements) Append(out, parse::UsesOfExpr(e.text));
  Append(out, parse::UsesOfExpr(ix.where.text));
  return out;
}

std::vector<ObjectRef> UsesOf(const Policy& p) {
  std::vector<ObjectRef> out = parse::UsesOfExpr(p.using_expr.text);
  Append(out, parse::UsesOfExpr(p.check_expr.text));
  return out;
}

std::vector<ObjectRef> UsesOf(const View& v) {
  std::vector<ObjectRef> out;
  for (const auto& d : v.depends_on) out.push_back(ObjectRef::Of(ObjectKind::kTable, d.schema, d.name));
  Append(out, parse::UsesOfSql(v.query));
  std::erase_if(out, [&](const ObjectRef& r) { return r == RefOf(v); });
  return out;
}

std::vector<ObjectRef> UsesOf(const Function& f) {
  std::vector<ObjectRef> out = parse::UsesOfSql(f.create_sql);
  // A recursive function calls itself: not an edge.
  std::erase_if(out, [&](const ObjectRef& r) {
    return r.kind == ObjectKind::kFunction && r.schema == f.name.schema && r.name == f.name.name;
  });
  return out;
}

std::vector<ObjectRef> BodyUsesOf(const Function& f) {
  std::vector<ObjectRef> out = parse::UsesOfBodies(f.create_sql);
  std::erase_if(out, [&](const ObjectRef& r) {
    return r.kind == ObjectKind::kFunction && r.schema == f.name.schema && r.name == f.name.name;
  });
  return out;
}

std::vector<ObjectRef> UsesOf(const Trigger& t) { return parse::UsesOfSql(t.create_sql); }

std::vector<ObjectRef> UsesOf(const Sequence& s) {
  std::vector<ObjectRef> out = parse::UsesOfType(s.type);
  // OWNED BY schema.table.column (each part quoted where needed): the column.
  std::vector<std::string> parts = SplitQuotedName(s.owned_by);
  if (parts.size() == 3) out.push_back(ColumnRef({parts[0], parts[1]}, parts[2]));
  return out;
}

std::vector<ObjectRef> UsesOf(const Table& t) {
  std::vector<ObjectRef> out;
  for (const auto& c : t.columns) Append(out, UsesOf(c));
  for (const auto& [n, c] : t.constraints) {
    if (c.kind != ConstraintKind::kForeignKey) Append(out, UsesOf(c));
  }
  for (const auto& p : t.inherits) out.push_back(ObjectRef::Of(ObjectKind::kTable, p.schema, p.name));
  if (t.IsPartition()) out.push_back(ObjectRef::Of(ObjectKind::kTable, t.partition_of.schema, t.partition_of.name));
  return out;
}

}  // namespace schemasync::diff
