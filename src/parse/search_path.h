// SET search_path in the desired files (see search_path.cc).
#pragma once

#include <pg_query/pg_query.pb-c.h>

#include <set>
#include <vector>

namespace schemasync::parse {

// Rewrites, in place, the statements of each file (in the order written) that follow a SET
// search_path naming another schema than public: the object a statement creates unqualified is
// named in the path's first schema, and an unqualified reference to a relation, type or function
// that the desired SQL defines is qualified with the first schema of the path defining it. Each
// file starts with the default path (public), as a new psql session would. Returns the
// statements written under another path: their text as written no longer says what they mean.
std::set<const PgQuery__Node*> ApplySearchPaths(const std::vector<PgQuery__ParseResult*>& files);

}  // namespace schemasync::parse
