// Identifier and literal quoting.
#include "util/quote.h"

#include <gtest/gtest.h>

namespace schemasync {

TEST(QuoteIdentTest, BareWhenPostgresWould) {
  EXPECT_EQ(QuoteIdent("users"), "users");
  EXPECT_EQ(QuoteIdent("_x1$"), "_x1$");
}

TEST(QuoteIdentTest, QuotesCaseSpacesKeywordsAndQuotes) {
  EXPECT_EQ(QuoteIdent("Users"), "\"Users\"");
  EXPECT_EQ(QuoteIdent("strange_name(((yo?)))"), "\"strange_name(((yo?)))\"");
  EXPECT_EQ(QuoteIdent("user"), "\"user\"");
  EXPECT_EQ(QuoteIdent("select"), "\"select\"");
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdent("1abc"), "\"1abc\"");
  EXPECT_EQ(QuoteIdent("name"), "name");  // unreserved keyword: bare
}

TEST(QuoteLiteralTest, DoublesQuotesAndEscapesBackslashes) {
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(QuoteLiteral("a\\b"), "E'a\\\\b'");
}

}  // namespace schemasync
