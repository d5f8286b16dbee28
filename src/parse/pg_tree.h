// RAII over libpg_query's protobuf parse tree, and the deparse helpers built on it.
// libpg_query stays inside src/parse/.
#pragma once

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <functional>
#include <memory>
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
struct PackedParse {
  std::vector<std::string> stmts;  // each RawStmt's bytes; empty once released
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
};

// Owns one unpacked RawStmt; freed exactly once.
class StmtTree {
 public:
  // Unpacks statement `i` of `p`; null tree when the bytes do not unpack.
  StmtTree(const PackedParse& p, size_t i);
  PgQuery__RawStmt* get() const { return tree_.get(); }
  PgQuery__RawStmt* operator->() const { return tree_.get(); }
  explicit operator bool() const { return tree_ != nullptr; }

 private:
  struct Free {
    void operator()(PgQuery__RawStmt* r) const { pg_query__raw_stmt__free_unpacked(r, nullptr); }
  };
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
