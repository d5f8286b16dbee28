// RAII over libpg_query's protobuf parse tree (see pg_tree.h).
#include "parse/pg_tree.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "parse/protobuf_pack.h"
#include "parse/protobuf_unpack.h"

namespace schemasync::parse {

size_t ParseFailure::ByteOffset(std::string_view text) const {
  size_t offset = 0;
  for (int chars = cursor > 0 ? cursor - 1 : 0; chars > 0 && offset < text.size(); --chars) {
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) ++offset;
  }
  return offset;
}

namespace {

// libpg_query's parse, its packed protobuf output copied out; or the parser's failure.
std::variant<std::string, ParseFailure> ParseToProtobuf(std::string_view sql) {
  std::string text(sql);
  PackedParseScope packing;  // packed in one pass (protobuf_pack.h)
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.c_str());
  if (r.error) {
    ParseFailure f{r.error->message ? r.error->message : "syntax error", r.error->cursorpos};
    pg_query_free_protobuf_parse_result(r);
    return f;
  }
  std::string bytes;
  if (!packing.Take(&bytes)) bytes.assign(r.parse_tree.data, r.parse_tree.len);
  pg_query_free_protobuf_parse_result(r);
  return bytes;
}

}  // namespace

std::variant<ParseTree, ParseFailure> ParseTree::Parse(std::string_view sql) {
  auto parsed = ParseToProtobuf(sql);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return *f;
  const std::string& bytes = std::get<std::string>(parsed);
  PgQuery__ParseResult* unpacked =
      pg_query__parse_result__unpack(nullptr, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  if (!unpacked) return ParseFailure{"cannot unpack the parse tree", 0};
  ParseTree t;
  t.tree_.reset(unpacked);
  return t;
}

namespace {

// A protobuf varint at bytes[*at]; false past the end or when longer than 10 bytes.
bool ReadVarint(const std::string& bytes, size_t* at, uint64_t* out) {
  *out = 0;
  for (int shift = 0; shift < 70 && *at < bytes.size(); shift += 7) {
    uint8_t b = static_cast<uint8_t>(bytes[(*at)++]);
    *out |= uint64_t(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

// The RawStmts of a packed ParseResult (pg_query.proto: `int32 version = 1; repeated RawStmt
// stmts = 2;`), read off the wire format without unpacking them.
bool SliceStatements(const std::string& bytes, std::vector<std::pair<size_t, size_t>>* out) {
  size_t at = 0;
  while (at < bytes.size()) {
    uint64_t tag = 0, value = 0;
    if (!ReadVarint(bytes, &at, &tag) || !ReadVarint(bytes, &at, &value)) return false;
    switch (tag & 7) {
      case 0:  // varint: version
        break;
      case 2:  // length-delimited: a RawStmt when field 2
        if (value > bytes.size() - at) return false;
        if ((tag >> 3) == 2) out->push_back({at, static_cast<size_t>(value)});
        at += value;
        break;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace

namespace {

// The whole text parsed at once: each statement's bytes, locations as they are.
std::variant<PackedParse, ParseFailure> ParseWhole(std::string_view sql) {
  auto parsed = ParseToProtobuf(sql);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return *f;
  const std::string& bytes = std::get<std::string>(parsed);
  std::vector<std::pair<size_t, size_t>> slices;
  if (!SliceStatements(bytes, &slices)) return ParseFailure{"cannot read the parse tree", 0};
  PackedParse p;
  p.stmts.reserve(slices.size());
  for (const auto& [at, len] : slices) p.stmts.emplace_back(bytes, at, len);
  p.pieces.resize(p.stmts.size());
  return p;
}

// A byte that continues an identifier (scan.l: ident_cont, `$` included).
bool IdentByte(unsigned char c) {
  // scan.l's ident_cont is [A-Za-z\200-\377_0-9\$]: ASCII letters and digits, whatever the locale
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

// The dollar-quote delimiter at text[at] ("$$", "$tag$"; scan.l: dolqdelim), or 0.
size_t DollarDelimiter(std::string_view text, size_t at) {
  size_t i = at + 1;
  if (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) {
    while (i < text.size() && text[i] != '$' && IdentByte(static_cast<unsigned char>(text[i]))) ++i;
  }
  return i < text.size() && text[i] == '$' ? i + 1 - at : 0;
}

}  // namespace

std::optional<std::vector<std::pair<size_t, size_t>>> SplitStatements(std::string_view text) {
  // PostgreSQL's scanner rules (scan.l) for what can hold a `;` that ends nothing: quoted
  // strings ('', and E'' with backslash escapes), quoted identifiers, dollar quotes, comments
  // (block comments nest), parentheses.
  std::vector<std::pair<size_t, size_t>> out;
  size_t from = 0, i = 0, n = text.size();
  int depth = 0;
  auto at = [&](size_t k) { return k < n ? text[k] : '\0'; };
  while (i < n) {
    char c = text[i];
    bool token_start = i == 0 || !IdentByte(static_cast<unsigned char>(text[i - 1]));
    if (c == '-' && at(i + 1) == '-') {
      while (i < n && text[i] != '\n' && text[i] != '\r') ++i;
    } else if (c == '/' && at(i + 1) == '*') {
      int nest = 0;
      for (; i < n; ++i) {
        if (text[i] == '/' && at(i + 1) == '*') ++nest, ++i;
        else if (text[i] == '*' && at(i + 1) == '/' && --nest == 0) break;
        else if (text[i] == '*' && at(i + 1) == '/') ++i;
      }
      if (i >= n) return std::nullopt;
      i += 2;
    } else if (c == '\'' || c == '"') {
      bool backslashes = c == '\'' && i > 0 && (text[i - 1] == 'E' || text[i - 1] == 'e') &&
                         (i == 1 || !IdentByte(static_cast<unsigned char>(text[i - 2])));
      for (++i;; ++i) {
        if (i >= n) return std::nullopt;
        if (backslashes && text[i] == '\\') ++i;
        else if (text[i] == c && at(i + 1) == c) ++i;
        else if (text[i] == c) break;
      }
      ++i;
    } else if (c == '$' && token_start && DollarDelimiter(text, i)) {
      size_t len = DollarDelimiter(text, i);
      size_t close = text.find(text.substr(i, len), i + len);
      if (close == std::string_view::npos) return std::nullopt;
      i = close + len;
    } else {
      if (c == '(') ++depth;
      if (c == ')' && --depth < 0) return std::nullopt;
      if (c == ';' && depth == 0) {
        out.push_back({from, i});
        from = i + 1;
      }
      ++i;
    }
  }
  if (depth != 0) return std::nullopt;
  out.push_back({from, n});
  return out;
}

namespace {

// PostgreSQL's scanner_yyerror says "at end of input" when the parser ran out of tokens.
bool EndedEarly(const ParseFailure& f) { return f.message.find("at end of input") != std::string::npos; }

}  // namespace

std::variant<PackedParse, ParseFailure> PackedParse::Parse(std::string_view sql) {
  std::string text(sql);
  auto split = SplitStatements(text);
  if (!split) return ParseWhole(sql);
  const std::vector<std::pair<size_t, size_t>>& ranges = *split;  // [from, to) of each piece
  // A BEGIN ATOMIC body is a few statements at most: past this many pieces joined, or on any
  // other error, the whole text decides.
  constexpr size_t kMaxJoined = 64;
  PackedParse p;
  p.stmts.reserve(ranges.size());
  p.pieces.reserve(ranges.size());
  for (size_t i = 0; i < ranges.size(); ++i) {
    size_t from = ranges[i].first, to = ranges[i].second;
    // blank (scan.l's space, which in PostgreSQL 15 has no \v): no statement
    if (text.find_first_not_of(" \t\r\n\f", from) >= to) continue;
    for (size_t joined = 0;; ++joined) {
      // A blank first: no token of the piece is then at offset 0, which in a tree means "none"
      // (PublicationObjSpec leaves it so), so every location > 0 is a place to move.
      auto parsed = ParseToProtobuf(" " + text.substr(from, to - from));
      if (auto* f = std::get_if<ParseFailure>(&parsed)) {
        if (!EndedEarly(*f) || i + 1 == ranges.size() || joined == kMaxJoined) return ParseWhole(sql);
        to = ranges[++i].second;  // the `;` between them and the next piece, together
        continue;
      }
      const std::string& bytes = std::get<std::string>(parsed);
      std::vector<std::pair<size_t, size_t>> slices;
      if (!SliceStatements(bytes, &slices)) return ParseFailure{"cannot read the parse tree", 0};
      for (const auto& [at, len] : slices) {
        p.stmts.emplace_back(bytes, at, len);
        p.pieces.push_back({static_cast<int>(from) - 1, static_cast<int>(to)});
      }
      break;
    }
  }
  return p;
}

bool PackedParse::ReadHeader(size_t i, Header* out) const {
  *out = Header{};
  const std::string& bytes = stmts[i];
  size_t at = 0, end = bytes.size();
  while (at < end) {
    uint64_t tag = 0, value = 0;
    if (!ReadVarint(bytes, &at, &tag) || !ReadVarint(bytes, &at, &value) || at > end) return false;
    switch (tag) {
      case (1 << 3) | 2: {  // stmt: a Node, whose first (only) field is its kind
        if (value > end - at) return false;
        size_t inner = at;
        uint64_t node_tag = 0;
        if (value == 0 || !ReadVarint(bytes, &inner, &node_tag) || (node_tag & 7) != 2) return false;
        out->node_case = static_cast<PgQuery__Node__NodeCase>(node_tag >> 3);
        at += value;
        break;
      }
      case (2 << 3) | 0:  // int32 varints: negative ones are ten bytes, two's complement
        out->location = static_cast<int>(static_cast<int64_t>(value));
        break;
      case (3 << 3) | 0:
        out->length = static_cast<int>(static_cast<int64_t>(value));
        break;
      default:
        return false;
    }
  }
  AddPiece(pieces[i], &out->location, &out->length);
  return out->node_case != PG_QUERY__NODE__NODE__NOT_SET;
}

void PackedParse::AddPiece(const Piece& piece, int* location, int* length) {
  if (!piece.end) return;  // of a whole-file parse: right as it is
  // stmt_location 0: the start of the text parsed, the blank before the piece; stmt_len 0: to
  // the end of it, as PostgreSQL's grammar leaves both for a first and a last statement.
  int start = *location == 0 ? piece.base + 1 : piece.base + *location;
  if (*length == 0) *length = piece.end - start;
  *location = start;
}

namespace {

// Offset of message type d's `location` field (an int32 byte offset into the text parsed), or -1.
// Cached by type: the messages of a tree are few types many times.
int LocationOffset(const ProtobufCMessageDescriptor* d) {
  thread_local std::unordered_map<const ProtobufCMessageDescriptor*, int> offsets;
  auto [it, fresh] = offsets.try_emplace(d, -1);
  if (fresh) {
    const ProtobufCFieldDescriptor* f = protobuf_c_message_descriptor_get_field_by_name(d, "location");
    if (f && f->type == PROTOBUF_C_TYPE_INT32 && f->label != PROTOBUF_C_LABEL_REPEATED) it->second = static_cast<int>(f->offset);
  }
  return it->second;
}

}  // namespace

void* StmtTree::Arena::Take(size_t n) {
  n = (n + 15) & ~size_t{15};  // malloc's alignment
  if (used + n > size) {
    size = std::max(n, size ? size * 2 : first);
    blocks.emplace_back(new char[size]);  // not zeroed: the unpacker sets every field
    used = 0;
  }
  void* at = blocks.back().get() + used;
  used += n;
  return at;
}

StmtTree::StmtTree(const PackedParse& p, size_t i, Memory memory) : tree_(nullptr, Free(memory == Memory::kArena)) {
  const std::string& bytes = p.stmts[i];
  if (bytes.empty()) return;  // released: no tree
  ProtobufCAllocator* allocator = nullptr;
  if (memory == Memory::kArena) {
    arena_ = std::make_unique<Arena>();
    // An unpacked tree takes several times its packed bytes (pointers, whole structs for
    // small values): the first block is sized to hold most trees whole. Function trees are
    // kept to the end of the read; a fixed big block each would hold a lot of nothing.
    arena_->first = std::max<size_t>(1024, bytes.size() * 8);
    arena_->allocator.alloc = [](void* data, size_t n) { return static_cast<Arena*>(data)->Take(n); };
    arena_->allocator.free = [](void*, void*) {};
    arena_->allocator.allocator_data = arena_.get();
    allocator = &arena_->allocator;
  }
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (allocator) {
    // Into the arena in one pass per level (protobuf_unpack.h); protobuf-c where that declines.
    tree_.reset(reinterpret_cast<PgQuery__RawStmt*>(
        UnpackMessage(&pg_query__raw_stmt__descriptor, data, bytes.size(), allocator->alloc, allocator->allocator_data)));
  }
  if (!tree_) tree_.reset(pg_query__raw_stmt__unpack(allocator, bytes.size(), data));
  const PackedParse::Piece& piece = p.pieces[i];
  if (!tree_ || !piece.end) return;
  // A piece's locations count from the blank before it: each is moved to where it stands in
  // the file (-1 and 0, "none", stay).
  PackedParse::AddPiece(piece, &tree_->stmt_location, &tree_->stmt_len);
  if (tree_->stmt) {
    WalkMessages(&tree_->stmt->base, [&](ProtobufCMessage* m) {
      int at = LocationOffset(m->descriptor);
      if (at < 0) return;
      int32_t& location = *reinterpret_cast<int32_t*>(reinterpret_cast<char*>(m) + at);
      if (location > 0) location += piece.base;
    });
  }
}

Result<std::string> Deparse(const PgQuery__ParseResult* tree) {
  std::vector<uint8_t> buf(pg_query__parse_result__get_packed_size(tree));
  pg_query__parse_result__pack(tree, buf.data());
  PgQueryProtobuf pb{buf.size(), reinterpret_cast<char*>(buf.data())};
  PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
  if (d.error) {
    std::string msg = d.error->message ? d.error->message : "deparse failed";
    pg_query_free_deparse_result(d);
    return MakeError(ErrorKind::kUnsupported, "cannot deparse: " + msg);
  }
  std::string out = d.query ? d.query : "";
  pg_query_free_deparse_result(d);
  return out;
}

namespace {

// "SELECT 1", parsed once per thread: DeparseStmt and DeparseExpr borrow a node into it for the
// length of one deparse (not reentrant: the deparser does not call back).
PgQuery__ParseResult* Template() {
  thread_local ParseTree t = std::get<ParseTree>(ParseTree::Parse("SELECT 1"));
  return t.get();
}

}  // namespace

Result<std::string> DeparseStmt(const PgQuery__Node* stmt) {
  PgQuery__ParseResult* t = Template();
  PgQuery__Node* saved = t->stmts[0]->stmt;
  t->stmts[0]->stmt = const_cast<PgQuery__Node*>(stmt);
  auto text = Deparse(t);
  t->stmts[0]->stmt = saved;
  return text;
}

namespace {

// A key for a parse tree that two trees share exactly when they differ at most in where their
// tokens stood: every field read through its protobuf-c descriptor, in order, except the
// `location` fields (byte offsets in the text parsed, which the deparser never reads).
// Bytes one value of a field of type `t` takes in a protobuf-c message (its in-memory layout):
// the stride of a repeated field, the width of a scalar one.
size_t SizeOf(ProtobufCType t) {
  switch (t) {
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
      return 8;
    case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void*);
    case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
    default: return 4;  // the 32-bit integers, enums, float
  }
}

void AppendShape(const ProtobufCMessage* msg, std::string* out) {
  const ProtobufCMessageDescriptor* d = msg->descriptor;
  const char* base = reinterpret_cast<const char*>(msg);
  out->push_back('{');
  out->append(d->name);
  auto raw = [out](const void* p, size_t n) { out->append(static_cast<const char*>(p), n); };
  auto value = [&](const ProtobufCFieldDescriptor& f, const char* at) {
    switch (f.type) {
      case PROTOBUF_C_TYPE_STRING: {
        const char* str = *reinterpret_cast<char* const*>(at);
        size_t n = str ? std::strlen(str) : 0;
        raw(&n, sizeof n);
        if (n) raw(str, n);
        break;
      }
      case PROTOBUF_C_TYPE_BYTES: {
        const auto* b = reinterpret_cast<const ProtobufCBinaryData*>(at);
        raw(&b->len, sizeof b->len);
        if (b->len) raw(b->data, b->len);
        break;
      }
      case PROTOBUF_C_TYPE_MESSAGE: {
        const auto* sub = *reinterpret_cast<const ProtobufCMessage* const*>(at);
        if (sub) AppendShape(sub, out);
        else out->push_back('0');
        break;
      }
      default:
        raw(at, SizeOf(f.type));
    }
  };
  for (auto [it, end] = FieldsToRead(msg); it != end; ++it) {
    const ProtobufCFieldDescriptor& f = *it;
    if (std::strcmp(f.name, "location") == 0) continue;
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      if (*reinterpret_cast<const uint32_t*>(base + f.quantifier_offset) != f.id) continue;
    }
    raw(&f.id, sizeof f.id);
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<const size_t*>(base + f.quantifier_offset);
      raw(&n, sizeof n);
      const char* arr = *reinterpret_cast<char* const*>(base + f.offset);
      for (size_t j = 0; j < n; ++j) value(f, arr + j * SizeOf(f.type));
      continue;
    }
    if (f.label == PROTOBUF_C_LABEL_OPTIONAL && f.type != PROTOBUF_C_TYPE_MESSAGE &&
        f.type != PROTOBUF_C_TYPE_STRING && !(f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && f.quantifier_offset) {
      bool has = *reinterpret_cast<const protobuf_c_boolean*>(base + f.quantifier_offset);
      out->push_back(has ? '1' : '0');
      if (!has) continue;
    }
    value(f, base + f.offset);
  }
  out->push_back('}');
}

}  // namespace

std::string ShapeKey(const ProtobufCMessage* msg) {
  std::string key;
  AppendShape(msg, &key);
  return key;
}

Result<std::string> DeparseExpr(const PgQuery__Node* node) {
  // The same expression written on 10,000 tables (DEFAULT now(), a CHECK) deparses once per
  // thread: packing it, libpg_query's unpacking and deparsing cost a tenth of reading a big
  // schema. Errors are not kept (they end the run).
  thread_local std::unordered_map<std::string, std::string> cache;
  std::string key = ShapeKey(&node->base);
  if (auto hit = cache.find(key); hit != cache.end()) return hit->second;
  auto text = DeparseExprUncached(node);
  if (text.ok()) cache.emplace(std::move(key), text.value());
  return text;
}

Result<std::string> DeparseExprUncached(const PgQuery__Node* node) {
  // Borrow the node into the "SELECT <expr>" template tree, deparse, give it back.
  PgQuery__ParseResult* t = Template();
  PgQuery__ResTarget* rt = t->stmts[0]->stmt->select_stmt->target_list[0]->res_target;
  PgQuery__Node* saved = rt->val;
  rt->val = const_cast<PgQuery__Node*>(node);
  auto text = Deparse(t);
  rt->val = saved;
  if (!text.ok()) return text;
  const std::string prefix = "SELECT ";
  std::string s = text.value();
  if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
  return s;
}

void WalkNodes(ProtobufCMessage* msg, const std::function<void(PgQuery__Node*)>& visit,
               const ProtobufCMessageDescriptor* skip) {
  const ProtobufCMessageDescriptor* d = msg->descriptor;
  if (d == skip) return;
  char* base = reinterpret_cast<char*>(msg);
  for (auto [it, end] = FieldsToRead(msg); it != end; ++it) {
    const ProtobufCFieldDescriptor& f = *it;
    if (f.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<size_t*>(base + f.quantifier_offset);
      auto** arr = *reinterpret_cast<ProtobufCMessage***>(base + f.offset);
      for (size_t j = 0; j < n; ++j) {
        if (arr[j]) WalkNodes(arr[j], visit, skip);
      }
      continue;
    }
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t which = *reinterpret_cast<uint32_t*>(base + f.quantifier_offset);
      if (which != f.id) continue;
    }
    auto* sub = *reinterpret_cast<ProtobufCMessage**>(base + f.offset);
    if (sub) WalkNodes(sub, visit, skip);
  }
  if (d == &pg_query__node__descriptor) visit(reinterpret_cast<PgQuery__Node*>(msg));
}

std::string StringOf(const PgQuery__Node* node) {
  if (node && node->node_case == PG_QUERY__NODE__NODE_STRING && node->string) return node->string->sval;
  return "";
}

char* DupString(std::string_view s) {
  char* p = static_cast<char*>(malloc(s.size() + 1));
  memcpy(p, s.data(), s.size());
  p[s.size()] = 0;
  return p;
}

void SetString(char*& field, const std::string& value) {
  if (field && field != protobuf_c_empty_string) free(field);
  field = DupString(value);
}

PgQuery__Node* MakeStringNode(std::string_view s) {
  auto* n = static_cast<PgQuery__Node*>(malloc(sizeof(PgQuery__Node)));
  pg_query__node__init(n);
  n->node_case = PG_QUERY__NODE__NODE_STRING;
  n->string = static_cast<PgQuery__String*>(malloc(sizeof(PgQuery__String)));
  pg_query__string__init(n->string);
  n->string->sval = DupString(s);
  return n;
}

void PrependName(size_t* n, PgQuery__Node*** names, const std::string& schema) {
  auto** grown = static_cast<PgQuery__Node**>(malloc(sizeof(PgQuery__Node*) * (*n + 1)));
  grown[0] = MakeStringNode(schema);
  for (size_t i = 0; i < *n; ++i) grown[i + 1] = (*names)[i];
  free(*names);
  *names = grown;
  ++*n;
}

void FreeNode(PgQuery__Node* node) { protobuf_c_message_free_unpacked(&node->base, nullptr); }

}  // namespace schemasync::parse
