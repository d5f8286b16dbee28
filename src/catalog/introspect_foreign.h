// Introspection of foreign data (introspect_foreign.cc), called by Introspect in its snapshot.
#pragma once

#include <string>

#include "schemasync/database.h"
#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync {

// Foreign tables of the schemas in `cte` (ScopeCte); with `whole_database`, also wrappers,
// servers and user mappings (database-wide). Extension members are skipped. A user mapping's
// secret options (IsSecretOption) are filtered out on the server: only their names are read.
// A foreign table that is a partition or an inheritance child is listed in `unmanaged`.
Status ReadForeignData(Database& db, const std::string& cte, bool whole_database, Schema& out);

}  // namespace schemasync
