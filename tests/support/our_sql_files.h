// Every .sql file this repository holds (tests/, examples/, desired/): the files users write, as
// far as we have them, for the checks that a fast path reads them as the slow one does.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

namespace schemasync::testing_support {

// Calls fn(text, path) for each file; returns how many there were.
inline size_t ForEachSqlFileOfOurOwn(const std::function<void(const std::string& sql, const std::string& path)>& fn) {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const char* dir : {"tests", "examples", "desired"}) {
    fs::path root = fs::path(SCHEMASYNC_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (!e.is_regular_file() || e.path().extension() != ".sql") continue;
      std::ifstream f(e.path(), std::ios::binary);
      std::string sql((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      fn(sql, e.path().string());
      ++files;
    }
  }
  return files;
}

}  // namespace schemasync::testing_support
