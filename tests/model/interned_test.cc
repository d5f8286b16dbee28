// Interned text (include/schemasync/interned.h): reads as the string it holds, one address per
// content whichever thread interned it, and the model values built on it compare by content.
#include "schemasync/interned.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <vector>

#include "schemasync/model.h"

namespace schemasync {
namespace {

TEST(InternedTest, ReadsAsTheStringItHolds) {
  Interned a = std::string("tenant_id = current_setting('app.tenant')::uuid");
  EXPECT_EQ(a.str(), "tenant_id = current_setting('app.tenant')::uuid");
  EXPECT_EQ(a.size(), a.str().size());
  EXPECT_EQ(a.find("current_setting"), 12u);
  EXPECT_EQ("(" + a + ")", "(" + a.str() + ")");
  EXPECT_TRUE(a.starts_with("tenant_id"));
  Interned b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.str(), "");
  EXPECT_TRUE(Interned("").empty()) << "the empty string is the empty value";
  b += "x";
  EXPECT_EQ(b, "x");
  b.clear();
  EXPECT_TRUE(b.empty());
}

TEST(InternedTest, OneAddressPerContentAcrossThreads) {
  std::vector<const std::string*> seen(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      std::string text = "CHECK (length(name) > ";
      text += "0)";  // built at run time on each thread, not a shared literal
      seen[i] = &Interned(text).str();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto* p : seen) EXPECT_EQ(p, seen[0]);
  EXPECT_NE(&Interned("CHECK (length(name) > 1)").str(), seen[0]);
}

TEST(InternedTest, OrdersAndComparesByContent) {
  std::map<Interned, int> m{{Interned("b"), 2}, {Interned("a"), 1}, {Interned("c"), 3}};
  std::vector<std::string> keys;
  for (const auto& [k, v] : m) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c"}));
  QualifiedName x{"public", "t"}, y{std::string("pub") + "lic", std::string("t")};
  EXPECT_EQ(x, y);
  EXPECT_LT((QualifiedName{"public", "a"}), (QualifiedName{"public", "b"}));
  Expr e1{"lower(email)", "lower(email)"}, e2{"LOWER(email)", "lower(email)"};
  EXPECT_EQ(e1, e2) << "an expression compares by its normalized key";
}

TEST(PlaceTest, KeepsFileLineAndColumnApartAndSpellsThemAsGiven) {
  Place p = Place::Of("desired/01 tables.sql:12:7");
  EXPECT_EQ(p.file, "desired/01 tables.sql");
  EXPECT_EQ(p.line, 12);
  EXPECT_EQ(p.column, 7);
  EXPECT_EQ(p.Text(), "desired/01 tables.sql:12:7");
  EXPECT_EQ(Place::Of("c:/odd:name.sql:3:1").Text(), "c:/odd:name.sql:3:1");
  EXPECT_EQ(Place::Of("not a place").Text(), "not a place");
  EXPECT_EQ(Place::Of("").Text(), "");
}

}  // namespace
}  // namespace schemasync
