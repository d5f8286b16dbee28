// PackMessage writes protobuf-c's bytes, and libpg_query's parse packed through it gives the
// bytes libpg_query's own packing gives: compared on every statement of our own files and on
// messages made by hand for the encodings no parse tree holds (packed repeated integers,
// doubles, unknown fields).
#include <gtest/gtest.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <string>

#include "parse/protobuf_pack.h"
#include "support/our_sql_files.h"

namespace schemasync::parse {
namespace {

// protobuf-c's own packing (not interposed: only the ParseResult entry points are).
std::string ProtobufC(const ProtobufCMessage* m) {
  std::string out(protobuf_c_message_get_packed_size(m), '\0');
  size_t n = protobuf_c_message_pack(m, reinterpret_cast<uint8_t*>(out.data()));
  out.resize(n);
  return out;
}

// libpg_query's parse, packed by libpg_query itself (no PackedParseScope on this thread).
std::string LibpgQueryBytes(const std::string& sql, bool* ok) {
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql.c_str());
  *ok = r.error == nullptr;
  std::string out = *ok ? std::string(r.parse_tree.data, r.parse_tree.len) : "";
  pg_query_free_protobuf_parse_result(r);
  return out;
}

// The same parse under a scope: the bytes PackMessage made, as taken from the scope.
std::string ScopedBytes(const std::string& sql, bool* taken) {
  PackedParseScope scope;
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql.c_str());
  std::string in_buffer = r.error ? "" : std::string(r.parse_tree.data, r.parse_tree.len);
  pg_query_free_protobuf_parse_result(r);
  std::string out;
  *taken = scope.Take(&out);
  EXPECT_TRUE(!*taken || out == in_buffer) << "the buffer libpg_query returns holds other bytes than the scope";
  return out;
}

size_t routed = 0;  // parses whose packing went through PackMessage

void ExpectSameBytes(const std::string& sql, const std::string& what) {
  bool ok = false;
  std::string theirs = LibpgQueryBytes(sql, &ok);
  if (!ok) return;  // a file of bad input: nothing is packed
  PgQuery__ParseResult* tree =
      pg_query__parse_result__unpack(nullptr, theirs.size(), reinterpret_cast<const uint8_t*>(theirs.data()));
  ASSERT_NE(tree, nullptr) << what;
  EXPECT_EQ(PackMessage(&tree->base), theirs) << what;
  EXPECT_EQ(PackMessage(&tree->base), ProtobufC(&tree->base)) << what;
  pg_query__parse_result__free_unpacked(tree, nullptr);
  bool taken = false;
  std::string ours = ScopedBytes(sql, &taken);
  // Where the dynamic linker did not route libpg_query's call here, the scope holds nothing
  // and libpg_query's bytes are used: slower, the same.
  if (taken) EXPECT_EQ(ours, theirs) << what;
  routed += taken;
}

TEST(ProtobufPackTest, EveryFileOfOurOwnPacksAsLibpgQueryPacksIt) {
  size_t files = testing_support::ForEachSqlFileOfOurOwn(ExpectSameBytes);
  EXPECT_GT(files, 200u);
  // On the platform we build for (Debian's libpg_query), the parse's packing is ours.
  EXPECT_GT(routed, 200u) << "libpg_query packs its parse results itself here (its calls are bound inside the "
                             "library): reading big schemas is slower, the bytes are the same";
}

TEST(ProtobufPackTest, DeepAndWideTreesPackTheSame) {
  // Sub-messages past 127 and 16,383 bytes (two- and three-byte lengths), negative locations
  // (int32 -1 is ten bytes), empty and non-empty strings, a deep chain of operators.
  std::string deep = "SELECT 1";
  for (int i = 0; i < 300; ++i) deep += " + " + std::to_string(i);
  std::string wide = "CREATE TABLE t (";
  for (int i = 0; i < 400; ++i) wide += (i ? ", c" : "c") + std::to_string(i) + " text DEFAULT '' CHECK (c" + std::to_string(i) + " <> 'x')";
  wide += ")";
  for (const std::string& sql : {deep, wide, std::string("SELECT -1, 'a', '', NULL, true, 1.5e300, $1")}) {
    ExpectSameBytes(sql, sql.substr(0, 40));
  }
}

TEST(ProtobufPackTest, EncodingsNoParseTreeHoldsPackTheSame) {
  // RangeTblEntry (of an analyzed query) has packed repeated uint64s and a double; a message
  // may carry unknown fields.
  PgQuery__RangeTblEntry rte = PG_QUERY__RANGE_TBL_ENTRY__INIT;
  uint64_t cols[] = {0, 1, 127, 128, 300, uint64_t{1} << 63};
  rte.n_selected_cols = 6;
  rte.selected_cols = cols;
  rte.enrtuples = 12.5;
  rte.relid = 4294967295u;
  rte.inh = true;
  char relkind[] = "r";
  rte.relkind = relkind;
  uint8_t unknown_data[] = {0x2a};
  ProtobufCMessageUnknownField unknown{9999, PROTOBUF_C_WIRE_TYPE_VARINT, 1, unknown_data};
  rte.base.n_unknown_fields = 1;
  rte.base.unknown_fields = &unknown;
  EXPECT_EQ(PackMessage(&rte.base), ProtobufC(&rte.base));
  // All zero: proto3 writes nothing.
  PgQuery__RangeTblEntry empty = PG_QUERY__RANGE_TBL_ENTRY__INIT;
  EXPECT_EQ(PackMessage(&empty.base), "");
  EXPECT_EQ(ProtobufC(&empty.base), "");
  // A Node whose oneof case is set but whose message is not: left out, as protobuf-c does.
  PgQuery__Node node = PG_QUERY__NODE__INIT;
  node.node_case = PG_QUERY__NODE__NODE_A_CONST;
  EXPECT_EQ(PackMessage(&node.base), ProtobufC(&node.base));
}

TEST(ProtobufPackTest, AScopeInsideAnotherGivesTheThreadBackToIt) {
  auto parse = [](const char* sql) {
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
    std::string bytes(r.parse_tree.data, r.parse_tree.len);
    pg_query_free_protobuf_parse_result(r);
    return bytes;
  };
  PackedParseScope outer;
  bool routed = false;  // libpg_query's packing comes here on this platform
  {
    PackedParseScope inner;
    std::string returned = parse("SELECT 1");
    std::string taken;
    routed = inner.Take(&taken);
    if (routed) EXPECT_EQ(taken, returned);
  }
  std::string returned = parse("SELECT 2");
  std::string taken;
  EXPECT_EQ(outer.Take(&taken), routed);  // the outer scope packs again
  if (routed) EXPECT_EQ(taken, returned);
  EXPECT_FALSE(outer.Take(&taken));  // and hands its bytes over once
}

}  // namespace
}  // namespace schemasync::parse
