// Introspection of foreign data (introspect_foreign.cc), called by Introspect in its snapshot.
#pragma once

#include <string>

#include "schemasync/database.h"
#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync {

// " NOT EXISTS (...) ": the object `oid` of `catalog` is not an extension's member (pg_depend
// deptype 'e'); defined in introspect.cc, shared by every catalog reader.
std::string NotExtensionMember(const std::string& catalog, const std::string& oid);

// obj_description(oid, 'catalog') (col_description with `subid`) as a subquery on
// pg_description's index: those functions are SQL functions that PostgreSQL cannot inline (their
// body has a FROM), so each row paid a function call through the SQL-function executor; 3,000
// indexes cost 0.2 s that way. Defined in introspect.cc.
std::string Description(const std::string& oid, const std::string& catalog, const std::string& subid = "0");

// Foreign tables of the schemas in `cte` (ScopeCte); with `whole_database`, also wrappers,
// servers and user mappings (database-wide). Extension members are skipped. A user mapping's
// secret options (IsSecretOption) are filtered out on the server: only their names are read.
// A foreign table that is a partition or an inheritance child is listed in `unmanaged`.
Status ReadForeignData(Database& db, const std::string& cte, bool whole_database, Schema& out);

}  // namespace schemasync
