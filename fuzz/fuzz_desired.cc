// libFuzzer target: the desired-SQL front end (parse, build, normalize, function-body checks)
// and the differ over what it builds. No input may crash any of them; and the file read as
// statements one by one must be the file parsed whole (CheckPiecesAreTheWhole), and our packing
// of a parse tree libpg_query's (CheckPackedAsLibpgQueryPacks).
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "parse/pg_tree.h"
#include "parse/protobuf_pack.h"
#include "schemasync/model.h"
#include "schemasync/parse.h"
#include "schemasync/plan.h"

namespace {

std::string Packed(const PgQuery__Node* n) {
  std::string out(pg_query__node__get_packed_size(n), '\0');
  pg_query__node__pack(n, reinterpret_cast<uint8_t*>(out.data()));
  return out;
}

// Statements parsed one by one (PackedParse) must be the whole text's, locations and all, and
// fail where it fails. Text with a NUL or a non-ASCII byte is left out: the desired-file reader
// refuses NULs and invalid UTF-8 before either parse.
void CheckPiecesAreTheWhole(const std::string& text) {
  using namespace schemasync::parse;
  for (unsigned char c : text) {
    if (c == 0 || c >= 0x80) return;
  }
  auto pieces = PackedParse::Parse(text);
  auto whole = ParseTree::Parse(text);
  if (std::holds_alternative<PackedParse>(pieces) != std::holds_alternative<ParseTree>(whole)) __builtin_trap();
  if (!std::holds_alternative<ParseTree>(whole)) return;
  const PackedParse& p = std::get<PackedParse>(pieces);
  const ParseTree& w = std::get<ParseTree>(whole);
  if (p.stmts.size() != w->n_stmts) __builtin_trap();
  for (size_t i = 0; i < p.stmts.size(); ++i) {
    StmtTree t(p, i, StmtTree::Memory::kArena);
    if (!t || !t->stmt || t->stmt_location != w->stmts[i]->stmt_location) __builtin_trap();
    if (Packed(t->stmt) != Packed(w->stmts[i]->stmt)) __builtin_trap();
  }
}

// The bytes of a parse packed by libpg_query itself (no PackedParseScope here) are those that
// PackMessage makes of the same tree.
void CheckPackedAsLibpgQueryPacks(const std::string& text) {
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.c_str());
  if (!r.error) {
    PgQuery__ParseResult* tree =
        pg_query__parse_result__unpack(nullptr, r.parse_tree.len, reinterpret_cast<const uint8_t*>(r.parse_tree.data));
    if (!tree) __builtin_trap();
    if (schemasync::parse::PackMessage(&tree->base) != std::string(r.parse_tree.data, r.parse_tree.len)) __builtin_trap();
    pg_query__parse_result__free_unpacked(tree, nullptr);
  }
  pg_query_free_protobuf_parse_result(r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (size < 65536) {
    CheckPiecesAreTheWhole(text);
    CheckPackedAsLibpgQueryPacks(text);
  }
  auto desired = schemasync::ParseDesired(text, "fuzz.sql");
  if (desired.ok()) {
    const schemasync::Schema empty;
    (void)schemasync::Fingerprint(*desired);
    (void)schemasync::BuildPlan(empty, *desired);     // create everything
    (void)schemasync::BuildPlan(*desired, empty);     // drop everything
    (void)schemasync::BuildPlan(*desired, *desired);  // nothing to do
  }
  // The catalog helpers take the server's DDL text through the same normalizer.
  if (size < 4096) {
    (void)schemasync::ParseExpression(text);
    (void)schemasync::ParseIndexDef(text);
    (void)schemasync::ParseConstraintDef({"public", "t"}, "c", text);
    (void)schemasync::ParseTriggerDef(text);
    (void)schemasync::CanonicalPartitionKey(text);
    (void)schemasync::CanonicalPartitionBound(text);
  }
  return 0;
}
