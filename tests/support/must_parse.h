// Desired SQL parsed for a unit test: the schema, or a test failure (and an empty schema).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "schemasync/parse.h"

namespace schemasync::testing_support {

inline Schema MustParse(const std::string& sql) {
  auto r = ParseDesired(sql, "f.sql");
  EXPECT_TRUE(r.ok()) << r.error().message << "\n in: " << sql;
  return r.ok() ? *r : Schema{};
}

}  // namespace schemasync::testing_support
