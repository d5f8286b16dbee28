// UnpackMessage makes protobuf-c's tree: compared field by field (strings by content and by
// being the field's default, sub-messages, arrays, oneof cases, has_ flags) with
// protobuf_c_message_unpack's, on every statement of our own files, and made to give up where
// protobuf-c would do more than it does.
#include <gtest/gtest.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "parse/pg_tree.h"
#include "parse/protobuf_pack.h"
#include "parse/protobuf_unpack.h"
#include "parse/protobuf_wire.h"
#include "support/our_sql_files.h"

namespace schemasync::parse {
namespace {

// Memory for UnpackMessage, given back when the test ends.
struct Pool {
  std::vector<std::unique_ptr<char[]>> blocks;
  static void* Take(void* owner, size_t n) {
    auto* p = static_cast<Pool*>(owner);
    p->blocks.emplace_back(new char[n ? n : 1]);
    return p->blocks.back().get();
  }
};

// "" when equal, else where they differ.
std::string Differ(const ProtobufCMessage* a, const ProtobufCMessage* b, const std::string& at);

std::string DifferValue(const ProtobufCFieldDescriptor& f, const void* x, const void* y, const std::string& at) {
  switch (f.type) {
    case PROTOBUF_C_TYPE_STRING: {
      const char* s = *static_cast<const char* const*>(x);
      const char* t = *static_cast<const char* const*>(y);
      if (!s || !t) return s == t ? "" : at + ": null on one side only";
      if ((s == f.default_value) != (t == f.default_value)) return at + ": the default string on one side only";
      return std::strcmp(s, t) == 0 ? "" : at + ": '" + s + "' vs '" + t + "'";
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
      auto* m = *static_cast<const ProtobufCMessage* const*>(x);
      auto* n = *static_cast<const ProtobufCMessage* const*>(y);
      if (!m || !n) return m == n ? "" : at + ": null on one side only";
      return Differ(m, n, at);
    }
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
      return std::memcmp(x, y, 8) == 0 ? "" : at + ": 64-bit values differ";
    case PROTOBUF_C_TYPE_BOOL:
      return *static_cast<const protobuf_c_boolean*>(x) == *static_cast<const protobuf_c_boolean*>(y) ? "" : at + ": bools differ";
    case PROTOBUF_C_TYPE_BYTES:
      return at + ": bytes (not in pg_query's trees)";
    default:
      return std::memcmp(x, y, 4) == 0 ? "" : at + ": 32-bit values differ";
  }
}

std::string Differ(const ProtobufCMessage* a, const ProtobufCMessage* b, const std::string& at) {
  if (a->descriptor != b->descriptor) return at + ": other message types";
  if (a->n_unknown_fields != b->n_unknown_fields) return at + ": unknown fields differ";
  const ProtobufCMessageDescriptor* d = a->descriptor;
  const char* x = reinterpret_cast<const char*>(a);
  const char* y = reinterpret_cast<const char*>(b);
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    std::string here = at + "." + f.name;
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<const size_t*>(x + f.quantifier_offset);
      size_t m = *reinterpret_cast<const size_t*>(y + f.quantifier_offset);
      if (n != m) return here + ": " + std::to_string(n) + " vs " + std::to_string(m) + " elements";
      const char* xs = *reinterpret_cast<const char* const*>(x + f.offset);
      const char* ys = *reinterpret_cast<const char* const*>(y + f.offset);
      for (size_t j = 0; j < n; ++j) {
        std::string d2 = DifferValue(f, xs + j * ElementSize(f.type), ys + j * ElementSize(f.type), here + "[" + std::to_string(j) + "]");
        if (!d2.empty()) return d2;
      }
      continue;
    }
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t p = *reinterpret_cast<const uint32_t*>(x + f.quantifier_offset);
      uint32_t q = *reinterpret_cast<const uint32_t*>(y + f.quantifier_offset);
      if (p != q) return here + ": oneof cases differ";
      if (p != f.id) continue;  // another member of the union
    } else if (f.label == PROTOBUF_C_LABEL_OPTIONAL && f.quantifier_offset) {
      if (*reinterpret_cast<const protobuf_c_boolean*>(x + f.quantifier_offset) !=
          *reinterpret_cast<const protobuf_c_boolean*>(y + f.quantifier_offset)) {
        return here + ": has_ differs";
      }
    }
    std::string d2 = DifferValue(f, x + f.offset, y + f.offset, here);
    if (!d2.empty()) return d2;
  }
  return "";
}

// Both unpackings of `bytes` as a RawStmt: "" when the trees are the same, "gave up" when
// UnpackMessage declined.
std::string CompareUnpackings(const std::string& bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  PgQuery__RawStmt* theirs = pg_query__raw_stmt__unpack(nullptr, bytes.size(), data);
  Pool pool;
  ProtobufCMessage* ours = UnpackMessage(&pg_query__raw_stmt__descriptor, data, bytes.size(), &Pool::Take, &pool);
  std::string out;
  if (!theirs) out = ours ? "protobuf-c refused bytes UnpackMessage took" : "";
  else if (!ours) out = "gave up";
  else out = Differ(&theirs->base, ours, "RawStmt");
  if (theirs) pg_query__raw_stmt__free_unpacked(theirs, nullptr);
  return out;
}

TEST(ProtobufUnpackTest, EveryStatementOfOurOwnUnpacksAsProtobufCUnpacksIt) {
  size_t statements = 0;
  size_t files = testing_support::ForEachSqlFileOfOurOwn([&](const std::string& sql, const std::string& path) {
    auto parsed = PackedParse::Parse(sql);
    if (!std::holds_alternative<PackedParse>(parsed)) return;
    const auto& p = std::get<PackedParse>(parsed);
    for (size_t i = 0; i < p.stmts.size(); ++i) {
      ++statements;
      EXPECT_EQ(CompareUnpackings(p.stmts[i]), "") << path << " statement " << i;
    }
  });
  EXPECT_GT(files, 100u);
  EXPECT_GT(statements, 1000u);
}

TEST(ProtobufUnpackTest, DeepAndOddTreesUnpackTheSame) {
  std::string chain = "SELECT 1";
  for (int i = 0; i < 300; ++i) chain += " + " + std::to_string(i);
  const char* cases[] = {
      "SELECT -2147483648, 9223372036854775807, -1.5e300, 'x''y', E'\\\\n', NULL, true",
      "CREATE TABLE t (a int[] DEFAULT '{1,2}', b numeric(10, 2), c text COLLATE \"C\") PARTITION BY RANGE (a)",
      "CREATE INDEX ON t USING gin (b jsonb_path_ops) WITH (fastupdate = off) WHERE c IS NOT NULL",
      "SELECT $1, $2::int, ARRAY[1, 2, 3], ROW(1, 'a'), (SELECT 1) FROM generate_series(1, 3) WITH ORDINALITY",
  };
  std::vector<std::string> all(std::begin(cases), std::end(cases));
  all.push_back(chain);
  for (const auto& sql : all) {
    auto parsed = PackedParse::Parse(sql);
    ASSERT_TRUE(std::holds_alternative<PackedParse>(parsed)) << sql;
    for (const auto& stmt : std::get<PackedParse>(parsed).stmts) EXPECT_EQ(CompareUnpackings(stmt), "") << sql;
  }
}

TEST(ProtobufUnpackTest, GivesUpWhereProtobufCWouldDoMore) {
  auto parsed = PackedParse::Parse("SELECT a FROM t WHERE b = 1");
  ASSERT_TRUE(std::holds_alternative<PackedParse>(parsed));
  const std::string good = std::get<PackedParse>(parsed).stmts[0];
  ASSERT_EQ(CompareUnpackings(good), "");
  // An unknown field (number 15, varint) at the end of the RawStmt: protobuf-c keeps it.
  EXPECT_EQ(CompareUnpackings(good + std::string("\x78\x01", 2)), "gave up");
  // The statement's Node given twice: protobuf-c merges the two.
  size_t node_len = static_cast<unsigned char>(good[1]);
  ASSERT_LT(node_len, 128u) << "a one-byte length, for this test";
  EXPECT_EQ(CompareUnpackings(good + good.substr(0, 2 + node_len)), "gave up");
  // Cut short: both refuse.
  EXPECT_EQ(CompareUnpackings(good.substr(0, good.size() - 1)), "");
  Pool pool;
  EXPECT_EQ(UnpackMessage(&pg_query__raw_stmt__descriptor, reinterpret_cast<const uint8_t*>(good.data()), good.size() - 1,
                          &Pool::Take, &pool),
            nullptr);
}

}  // namespace
}  // namespace schemasync::parse
