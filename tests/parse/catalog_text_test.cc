// The catalog helpers take the server's DDL text; text of the wrong shape is an error, never a
// crash (found by fuzz_desired: ParseIndexDef("") read a statement that was not there).
#include <gtest/gtest.h>

#include "schemasync/parse.h"

namespace schemasync {
namespace {

TEST(CatalogTextTest, WrongShapesAreErrors) {
  for (const std::string text : {"", ";", "SELECT 1", "CREATE INDEX a ON t (x); CREATE INDEX b ON t (y)"}) {
    auto ix = ParseIndexDef(text);
    ASSERT_FALSE(ix.ok()) << text;
    if (!text.empty() && text != ";") {
      EXPECT_NE(ix.error().message.find("expected one CREATE INDEX in: "), std::string::npos) << ix.error().message;
    }
    EXPECT_FALSE(ParseFunctionDef(text).ok()) << text;
    EXPECT_FALSE(ParseTriggerDef(text).ok()) << text;
  }
  EXPECT_FALSE(ParseFunctionDef("CREATE TABLE t ()").ok());
  EXPECT_FALSE(ParseTriggerDef("CREATE TABLE t ()").ok());
  auto c = ParseConstraintDef({"public", "t"}, "c", "CHECK (x > 0), DROP COLUMN y");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("expected one constraint definition"), std::string::npos) << c.error().message;
  EXPECT_FALSE(ParseConstraintDef({"public", "t"}, "c", "").ok());
  EXPECT_TRUE(ParseConstraintDef({"public", "t"}, "c", "CHECK (x > 0)").ok());
  EXPECT_TRUE(ParseIndexDef("CREATE INDEX a ON public.t USING btree (x)").ok());
}

TEST(CatalogTextTest, AnIndexFromItsTailIsTheIndexFromItsWholeText) {
  // What introspection reads: the text after "CREATE [UNIQUE] INDEX name ON [ONLY] table ",
  // shared by many indexes, parsed once; the name and table are the caller's to set.
  const std::string tail = "USING btree (lower(email), created_at DESC) INCLUDE (id) WHERE (deleted_at IS NULL)";
  for (bool unique : {false, true}) {
    auto whole = ParseIndexDef(std::string("CREATE ") + (unique ? "UNIQUE " : "") + "INDEX ix ON app.t " + tail);
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    for (int pass = 0; pass < 2; ++pass) {  // the second from the cache
      auto from_tail = ParseIndexTail(unique, tail);
      ASSERT_TRUE(from_tail.ok()) << from_tail.error().message;
      Index ix = from_tail.value();
      EXPECT_TRUE(ix.SameShape(*whole));
      EXPECT_EQ(ix.unique, unique);
      ix.name = whole->name;
      ix.table = whole->table;
      EXPECT_TRUE(ix == *whole);
    }
  }
  EXPECT_FALSE(ParseIndexTail(false, "USING btree (").ok());
  EXPECT_FALSE(ParseIndexTail(false, "; DROP TABLE t").ok());
}

}  // namespace
}  // namespace schemasync
