// Inputs the fuzzers (fuzz/) found crashing schemasync, kept as tests: each is now an error.
#include <gtest/gtest.h>

#include "schemasync/parse.h"
#include "schemasync/plan_file.h"

namespace schemasync {
namespace {

TEST(FuzzRegressionsTest, SequenceOptionThatIsNotAnIntegerIsAnError) {
  // fuzz_desired: std::stoll(".0") threw out of the parser (std::terminate).
  for (const std::string sql : {"CREATE SEQUENCE s INCREMENT BY .0;", "CREATE SEQUENCE s START 99999999999999999999;",
                                "CREATE SEQUENCE s MAXVALUE 1e3;"}) {
    auto r = ParseDesired(sql, "f.sql");
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_NE(r.error().message.find("must be an integer within bigint's range"), std::string::npos) << r.error().message;
  }
  auto zero = ParseDesired("CREATE SEQUENCE s INCREMENT BY 0;", "f.sql");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().message, "f.sql:1:1: INCREMENT must not be zero");
  EXPECT_TRUE(ParseDesired("CREATE SEQUENCE s INCREMENT BY 5000000000 START 1;", "f.sql").ok());
}

TEST(FuzzRegressionsTest, PlanFileNumbersOfTheWrongKindAreErrors) {
  // fuzz_plan_file: "phase": 1.3e+117 was converted to int (undefined behaviour).
  const std::string head = R"({"format_version": 1, "source_fingerprint": "a", "target_fingerprint": "b", "steps": [)";
  for (const std::string step : {R"({"sql": "x;", "reverse_sql": "", "object": "o", "kind": "k", "hazards": [],
                                    "transactional": true, "phase": 1.3e117})",
                                 R"({"sql": "x;", "reverse_sql": "", "object": "o", "kind": "k", "hazards": [],
                                    "transactional": true, "phase": 99999999999})",
                                 R"({"sql": "x;", "reverse_sql": "", "object": "o", "kind": "k", "hazards": [],
                                    "transactional": true, "phase": "1"})"}) {
    auto r = DecodePlanFile(head + step + "]}");
    ASSERT_FALSE(r.ok()) << step;
    EXPECT_NE(r.error().message.find("malformed plan file: phase"), std::string::npos) << r.error().message;
  }
  auto version = DecodePlanFile(R"({"format_version": 1e300, "source_fingerprint": "a", "target_fingerprint": "b", "steps": []})");
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.error().message.find("format_version is not an integer"), std::string::npos) << version.error().message;
}

}  // namespace
}  // namespace schemasync
