// RAII over libpg_query's protobuf parse tree, and the deparse helpers built on it.
// libpg_query stays inside src/parse/.
#pragma once

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "schemasync/result.h"

namespace schemasync::parse {

// A parse error with the 1-based byte offset PostgreSQL's parser reported (0: unknown).
struct ParseFailure {
  std::string message;
  int cursor = 0;
  // The byte offset in `text` (the text parsed) where the cursor points, 0 when unknown.
  // PostgreSQL reports the cursor in characters (scanner_errposition: pg_mbstrlen_with_len).
  size_t ByteOffset(std::string_view text) const;
};

// Owns an unpacked PgQuery__ParseResult; freed exactly once.
class ParseTree {
 public:
  // Parses SQL text; on failure returns the parser's message and cursor position.
  static std::variant<ParseTree, ParseFailure> Parse(std::string_view sql);
  PgQuery__ParseResult* get() const { return tree_.get(); }
  PgQuery__ParseResult* operator->() const { return tree_.get(); }

 private:
  struct Free {
    void operator()(PgQuery__ParseResult* r) const { pg_query__parse_result__free_unpacked(r, nullptr); }
  };
  std::unique_ptr<PgQuery__ParseResult, Free> tree_;
};

// A file parsed, kept as libpg_query hands it over: each statement's packed protobuf RawStmt, a
// few bytes a node. A statement's tree is unpacked when it is needed (StmtTree) and freed after:
// the unpacked trees of 10,000 tables were 150 MB. A statement built is released (its packed
// bytes were 17 MB at 10,000 tables, held while every later statement was built).
//
// Statements are parsed one at a time, each its own text as SplitStatements cuts the file (at
// each `;` outside parentheses, quotes and comments). One parse of a whole file took 2.5 times
// as long: libpg_query builds the protobuf of all its statements at once, tens of megabytes of
// fresh memory, and packs it, where one statement's stays in the cache. (libpg_query's own
// split runs its scanner over the file: as long as parsing it.) A BEGIN ATOMIC body is cut at
// its inner `;`s: a piece that ends before its statement does ("at end of input") is parsed
// again with the next one. Where a piece is bad otherwise, or the cut is unsure, the whole
// file is parsed as before: the trees, and an error, are the same either way.
struct PackedParse {
  std::vector<std::string> stmts;  // each RawStmt's bytes; empty once released
  // Statement i's piece, when parsed as one: its text parsed was a blank and then the file's
  // [base + 1, end), so every location in its tree is relative to `base` (StmtTree adds it
  // back). end 0: a statement of a whole-file parse, whose tree has them right.
  struct Piece {
    int base = 0;
    int end = 0;
  };
  std::vector<Piece> pieces;
  void Release(size_t i) { std::string().swap(stmts[i]); }
  // Parses SQL text; on failure the parser's message and cursor position.
  static std::variant<PackedParse, ParseFailure> Parse(std::string_view sql);
  // What statement `i` is and where it stands, read off its bytes without unpacking it
  // (pg_query.proto: RawStmt {Node stmt = 1; int32 stmt_location = 2; int32 stmt_len = 3},
  // Node {oneof node: field number = node case}). False when the bytes are not that shape.
  struct Header {
    PgQuery__Node__NodeCase node_case = PG_QUERY__NODE__NODE__NOT_SET;
    int location = 0, length = 0;
  };
  bool ReadHeader(size_t i, Header* out) const;
  // A statement's location and length in its piece -> in the file.
  static void AddPiece(const Piece& piece, int* location, int* length);
};

// The pieces of `text` between the `;`s that end statements, as [from, to) byte ranges (the
// `;` in neither), as PostgreSQL's scanner reads quotes, comments and parentheses; none when
// the text ends inside one of them, or closes a parenthesis it did not open. A BEGIN ATOMIC
// body is split at its inner `;`s (PackedParse joins the pieces again).
std::optional<std::vector<std::pair<size_t, size_t>>> SplitStatements(std::string_view text);

// Owns one unpacked RawStmt; freed exactly once.
class StmtTree {
 public:
  // How the tree's memory is had. kArena: from blocks of its own, given back all at once (no
  // node is freed alone: unpacking and freeing node by node with malloc was a sixth of reading
  // the files); the tree is then read-only as far as memory goes: nothing in it may be freed
  // or replaced by a malloc'd one (SetString, PrependName, FreeNode). kMalloc: for a tree that
  // is changed (a statement qualified for its search path).
  enum class Memory { kArena, kMalloc };
  // Unpacks statement `i` of `p`; null tree when the bytes do not unpack.
  StmtTree(const PackedParse& p, size_t i, Memory memory = Memory::kMalloc);
  PgQuery__RawStmt* get() const { return tree_.get(); }
  PgQuery__RawStmt* operator->() const { return tree_.get(); }
  explicit operator bool() const { return tree_ != nullptr; }

 private:
  // Blocks that the unpacker takes memory from; freed with the tree.
  struct Arena {
    ProtobufCAllocator allocator{};
    std::vector<std::unique_ptr<char[]>> blocks;
    size_t used = 0, size = 0, first = 0;
    void* Take(size_t n);
  };
  struct Free {
    explicit Free(bool from_arena = false) : arena(from_arena) {}
    bool arena;
    void operator()(PgQuery__RawStmt* r) const {
      if (!arena) pg_query__raw_stmt__free_unpacked(r, nullptr);
    }
  };
  std::unique_ptr<Arena> arena_;  // declared first: freed after the tree that points into it
  std::unique_ptr<PgQuery__RawStmt, Free> tree_;
};

// Deparses a whole tree back to SQL text (libpg_query's deparser).
Result<std::string> Deparse(const PgQuery__ParseResult* tree);

// Deparses a single statement node (borrowed from any tree) as SQL text.
Result<std::string> DeparseStmt(const PgQuery__Node* stmt);

// Deparses a single expression node (borrowed from any tree) as text.
Result<std::string> DeparseExpr(const PgQuery__Node* node);        // memoized by ShapeKey
Result<std::string> DeparseExprUncached(const PgQuery__Node* node);
// Equal for two trees exactly when they differ at most in their `location` fields.
std::string ShapeKey(const ProtobufCMessage* msg);

// Visits every Node in a message, children before parents; does not descend into messages of
// type `skip` (their Node wrappers are still visited).
void WalkNodes(ProtobufCMessage* msg, const std::function<void(PgQuery__Node*)>& visit,
               const ProtobufCMessageDescriptor* skip = nullptr);

// The fields of a message a walk need read, as [first, last): for a Node, a oneof of some 250
// kinds, only the one it holds (reading all of them cost more than the rest of a walk); for any
// other message, all.
struct FieldRange {
  const ProtobufCFieldDescriptor* first;
  const ProtobufCFieldDescriptor* last;
};
inline FieldRange FieldsToRead(const ProtobufCMessage* msg) {
  const ProtobufCMessageDescriptor* d = msg->descriptor;
  if (d == &pg_query__node__descriptor) {
    const auto* n = reinterpret_cast<const PgQuery__Node*>(msg);
    const ProtobufCFieldDescriptor* f =
        n->node_case ? protobuf_c_message_descriptor_get_field(d, static_cast<unsigned>(n->node_case)) : nullptr;
    return f ? FieldRange{f, f + 1} : FieldRange{d->fields, d->fields};
  }
  return {d->fields, d->fields + d->n_fields};
}

// Calls `visit` on every message of the tree (Nodes and the messages they wrap, RangeVars,
// TypeNames, ...), parents before children.
template <typename F>
void WalkMessages(ProtobufCMessage* msg, const F& visit) {
  visit(msg);
  char* base = reinterpret_cast<char*>(msg);
  for (auto [it, end] = FieldsToRead(msg); it != end; ++it) {
    const ProtobufCFieldDescriptor& f = *it;
    if (f.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<size_t*>(base + f.quantifier_offset);
      auto** arr = *reinterpret_cast<ProtobufCMessage***>(base + f.offset);
      for (size_t j = 0; j < n; ++j) {
        if (arr[j]) WalkMessages(arr[j], visit);
      }
      continue;
    }
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t which = *reinterpret_cast<uint32_t*>(base + f.quantifier_offset);
      if (which != f.id) continue;
    }
    auto* sub = *reinterpret_cast<ProtobufCMessage**>(base + f.offset);
    if (sub) WalkMessages(sub, visit);
  }
}

// Text of a String node ("" if the node is not one).
std::string StringOf(const PgQuery__Node* node);

// Editing an unpacked tree (protobuf-c frees it with free(): what is put in is malloc'ed):
// a copy of `s`; `field` replaced by `value`; a new String node; `schema` put in front of a
// dotted name list.
char* DupString(std::string_view s);
void SetString(char*& field, const std::string& value);
PgQuery__Node* MakeStringNode(std::string_view s);
void PrependName(size_t* n, PgQuery__Node*** names, const std::string& schema);

// Frees a node built by hand or detached from a tree.
void FreeNode(PgQuery__Node* node);

}  // namespace schemasync::parse
