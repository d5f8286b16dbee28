// Object identities (object_ref.h).
#include "schemasync/object_ref.h"

namespace schemasync {

std::optional<ObjectRef> ObjectRef::Parent() const {
  switch (kind) {
    case ObjectKind::kSchema:
    case ObjectKind::kExtension:
    case ObjectKind::kEventTrigger:
    case ObjectKind::kPublication:
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
      return std::nullopt;
    case ObjectKind::kUserMapping:
      return ObjectRef::Of(ObjectKind::kForeignServer, "", name);
    case ObjectKind::kColumn:
    case ObjectKind::kConstraint:
    case ObjectKind::kIndex:
    case ObjectKind::kPolicy:
    case ObjectKind::kTrigger:
    case ObjectKind::kRule:
      return ObjectRef::Of(ObjectKind::kTable, schema, name);
    default:
      if (schema.empty()) return std::nullopt;
      return ObjectRef::Schema(schema);
  }
}

char ObjectRef::Group() const {
  switch (kind) {
    case ObjectKind::kSchema: return 's';
    case ObjectKind::kExtension: return 'e';
    case ObjectKind::kCollation: return 'c';
    case ObjectKind::kFunction: return 'f';
    case ObjectKind::kColumn: return 'a';
    case ObjectKind::kConstraint: return 'k';
    case ObjectKind::kIndex: return 'i';
    case ObjectKind::kPolicy: return 'p';
    case ObjectKind::kTrigger: return 't';
    case ObjectKind::kRule: return 'u';
    case ObjectKind::kEventTrigger: return 'v';
    case ObjectKind::kPublication: return 'b';
    case ObjectKind::kDefaultAcl: return 'd';
    case ObjectKind::kForeignDataWrapper: return 'w';
    case ObjectKind::kForeignServer: return 'x';
    case ObjectKind::kUserMapping: return 'm';
    default: return 'r';  // type, table, view, sequence
  }
}

std::string ObjectRef::Display() const {
  auto dotted = [&] { return schema + "." + name + (sub.empty() ? "" : "." + sub); };
  switch (kind) {
    case ObjectKind::kSchema: return "schema " + name;
    case ObjectKind::kExtension: return "extension " + name;
    case ObjectKind::kType: return "type " + dotted();
    case ObjectKind::kCollation: return "collation " + dotted();
    case ObjectKind::kTable: return "table " + dotted();
    case ObjectKind::kView: return "view " + dotted();
    case ObjectKind::kSequence: return "sequence " + dotted();
    case ObjectKind::kFunction: return "function " + schema + "." + name + "(" + sub + ")";
    case ObjectKind::kColumn: return "column " + dotted();
    case ObjectKind::kConstraint: return "constraint " + dotted();
    case ObjectKind::kIndex: return "index " + dotted();
    case ObjectKind::kPolicy: return "policy " + dotted();
    case ObjectKind::kTrigger: return "trigger " + dotted();
    case ObjectKind::kRule: return "rule " + dotted();
    case ObjectKind::kEventTrigger: return "event trigger " + name;
    case ObjectKind::kPublication: return "publication " + name;
    case ObjectKind::kForeignDataWrapper: return "foreign-data wrapper " + name;
    case ObjectKind::kForeignServer: return "server " + name;
    case ObjectKind::kUserMapping: return "user mapping for " + sub + " server " + name;
    case ObjectKind::kForeignTable: return "foreign table " + dotted();
    case ObjectKind::kDefaultAcl:
      return "default privileges of " + name + (schema.empty() ? "" : " in schema " + schema) + " on " + sub;
  }
  return dotted();
}

}  // namespace schemasync
