// SET search_path in the desired files (see search_path.cc).
#pragma once

#include <pg_query/pg_query.pb-c.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace schemasync::parse {

// SET search_path naming another schema than public in a desired file: the object a statement
// creates unqualified is named in the path's first schema, and an unqualified reference to a
// relation, type or function that the desired SQL defines is qualified with the first schema of
// the path defining it. Each file starts with the default path (public), as a new psql session
// would. A statement written under another path is rewritten: its text as written no longer says
// what it means.
//
// Statements are unpacked one at a time (PackedParse): See every statement in the order written,
// file after file (StartFile before each file), then Qualify a fresh copy of each statement that
// See said was written under another path.
class SearchPaths {
 public:
  SearchPaths();
  ~SearchPaths();
  SearchPaths(const SearchPaths&) = delete;
  SearchPaths& operator=(const SearchPaths&) = delete;

  void StartFile();  // a new file starts with the default path (public)
  // Records what `n` defines (and, for SET search_path, the new path); the path `n` was written
  // under when it is not the default, to give to Qualify once every file has been seen.
  std::optional<std::vector<std::string>> See(PgQuery__Node* n);
  // Rewrites `n` into the qualified statement it means under `path` (the name it creates in the
  // path's first schema, references to what the desired SQL defines in their schema).
  void Qualify(PgQuery__Node* n, const std::vector<std::string>& path) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace schemasync::parse
