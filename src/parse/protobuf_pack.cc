// protobuf-c's wire format in one pass, and libpg_query's packing routed through it (see
// protobuf_pack.h). The encodings mirror protobuf-c 1.4's protobuf-c.c, which libpg_query
// carries: required_field_pack, oneof_field_pack, optional_field_pack, unlabeled_field_pack
// (field_is_zeroish), repeated_field_pack (packed and not), unknown_field_pack.
#include "parse/protobuf_pack.h"

#include <dlfcn.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parse/protobuf_wire.h"

namespace schemasync::parse {
namespace {

// Bytes written back to front: the data is buf_[pos_, buf_.size()).
class BackWriter {
 public:
  size_t Size() const { return buf_.size() - pos_; }
  void Bytes(const void* p, size_t n) {
    Room(n);
    pos_ -= n;
    if (n) std::memcpy(&buf_[pos_], p, n);
  }
  void Varint(uint64_t v) {
    uint8_t tmp[10];
    size_t n = 0;
    do {
      tmp[n] = static_cast<uint8_t>(v & 0x7F);
      v >>= 7;
      if (v) tmp[n] |= 0x80;
      ++n;
    } while (v);
    Bytes(tmp, n);
  }
  // protobuf-c's tag_pack, the wire type or'ed into the first byte: the varint of id << 3 | type.
  void Tag(uint32_t id, ProtobufCWireType type) { Varint((uint64_t{id} << 3) | type); }
  std::string Take() && { return buf_.substr(pos_); }

 private:
  void Room(size_t n) {
    if (pos_ >= n) return;
    size_t used = Size();
    size_t size = std::max<size_t>(std::max<size_t>(buf_.size() * 2, used + n), 256);
    std::string grown(size, '\0');
    std::memcpy(&grown[size - used], buf_.data() + pos_, used);
    buf_ = std::move(grown);
    pos_ = size - used;
  }
  std::string buf_;
  size_t pos_ = 0;
};

void Message(BackWriter& w, const ProtobufCMessage* m);

// int32 and enum: a negative value is ten bytes, sign-extended (protobuf-c's int32_pack).
uint64_t Int32Bits(int32_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); }
uint32_t ZigZag32(int32_t v) { return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31); }
uint64_t ZigZag64(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }

// The value at `member` (no tag), as required_field_pack writes it after the tag.
void Value(BackWriter& w, ProtobufCType type, const void* member) {
  switch (type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_ENUM:
      w.Varint(Int32Bits(*static_cast<const int32_t*>(member)));
      break;
    case PROTOBUF_C_TYPE_SINT32:
      w.Varint(ZigZag32(*static_cast<const int32_t*>(member)));
      break;
    case PROTOBUF_C_TYPE_UINT32:
      w.Varint(*static_cast<const uint32_t*>(member));
      break;
    case PROTOBUF_C_TYPE_SINT64:
      w.Varint(ZigZag64(*static_cast<const int64_t*>(member)));
      break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64:
      w.Varint(*static_cast<const uint64_t*>(member));
      break;
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_FIXED32:
    case PROTOBUF_C_TYPE_FLOAT:
      w.Bytes(member, 4);  // little-endian, as on the machines libpg_query builds for
      break;
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
      w.Bytes(member, 8);
      break;
    case PROTOBUF_C_TYPE_BOOL:
      w.Varint(*static_cast<const protobuf_c_boolean*>(member) ? 1 : 0);
      break;
    case PROTOBUF_C_TYPE_STRING: {
      const char* s = *static_cast<const char* const*>(member);
      size_t n = s ? std::strlen(s) : 0;  // a null string is packed empty
      w.Bytes(s, n);
      w.Varint(n);
      break;
    }
    case PROTOBUF_C_TYPE_BYTES: {
      const auto* b = static_cast<const ProtobufCBinaryData*>(member);
      w.Bytes(b->data, b->len);
      w.Varint(b->len);
      break;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
      const auto* sub = *static_cast<const ProtobufCMessage* const*>(member);
      size_t before = w.Size();
      if (sub) Message(w, sub);  // a null message is packed empty
      w.Varint(w.Size() - before);
      break;
    }
  }
}

void Required(BackWriter& w, const ProtobufCFieldDescriptor* f, const void* member) {
  Value(w, f->type, member);
  w.Tag(f->id, WireType(f->type));
}

// field_is_zeroish: proto3 leaves a field at its zero value out.
bool Zeroish(const ProtobufCFieldDescriptor* f, const void* member) {
  switch (f->type) {
    case PROTOBUF_C_TYPE_BOOL:
      return *static_cast<const protobuf_c_boolean*>(member) == 0;
    case PROTOBUF_C_TYPE_ENUM:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_FIXED32:
      return *static_cast<const uint32_t*>(member) == 0;
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_FIXED64:
      return *static_cast<const uint64_t*>(member) == 0;
    case PROTOBUF_C_TYPE_FLOAT:
      return *static_cast<const float*>(member) == 0;
    case PROTOBUF_C_TYPE_DOUBLE:
      return *static_cast<const double*>(member) == 0;
    case PROTOBUF_C_TYPE_STRING: {
      const char* s = *static_cast<const char* const*>(member);
      return s == nullptr || *s == '\0';
    }
    case PROTOBUF_C_TYPE_BYTES:
    case PROTOBUF_C_TYPE_MESSAGE:
      return *static_cast<const void* const*>(member) == nullptr;
  }
  return true;
}

void Repeated(BackWriter& w, const ProtobufCFieldDescriptor* f, size_t count, const void* member) {
  if (count == 0) return;
  const char* array = *static_cast<const char* const*>(member);
  size_t step = ElementSize(f->type);
  if (f->flags & PROTOBUF_C_FIELD_FLAG_PACKED) {
    size_t before = w.Size();
    for (size_t i = count; i-- > 0;) Value(w, f->type, array + i * step);
    w.Varint(w.Size() - before);
    w.Tag(f->id, PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED);
    return;
  }
  for (size_t i = count; i-- > 0;) Required(w, f, array + i * step);
}

void Field(BackWriter& w, const ProtobufCMessage* m, const ProtobufCFieldDescriptor* f) {
  const char* base = reinterpret_cast<const char*>(m);
  const void* member = base + f->offset;
  const void* quantifier = base + f->quantifier_offset;
  bool pointer = f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_STRING;
  // A oneof member or an optional message or string is left out when unset or at its default.
  auto absent = [&] {
    const void* p = *static_cast<const void* const*>(member);
    return p == nullptr || p == f->default_value;
  };
  switch (f->label) {
    case PROTOBUF_C_LABEL_REQUIRED:
      Required(w, f, member);
      return;
    case PROTOBUF_C_LABEL_OPTIONAL:
    case PROTOBUF_C_LABEL_NONE:
      if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
        if (*static_cast<const uint32_t*>(quantifier) != f->id || (pointer && absent())) return;
      } else if (f->label == PROTOBUF_C_LABEL_OPTIONAL) {
        if (pointer ? absent() : !*static_cast<const protobuf_c_boolean*>(quantifier)) return;
      } else if (Zeroish(f, member)) {
        return;
      }
      Required(w, f, member);
      return;
    case PROTOBUF_C_LABEL_REPEATED:
      Repeated(w, f, *static_cast<const size_t*>(quantifier), member);
      return;
  }
}

// A message type's fields as packing visits them: those outside any oneof, and each oneof by
// the offset of its case. pg_query's Node is one oneof of some 250 messages: protobuf-c looks at
// every one of them for every node of a tree; here the case names the one to pack.
struct Layout {
  std::vector<unsigned> plain;       // field indexes, ascending
  std::vector<unsigned> oneof_cases;  // quantifier offsets, one per oneof
};

const Layout& LayoutOf(const ProtobufCMessageDescriptor* d) {
  thread_local std::unordered_map<const ProtobufCMessageDescriptor*, Layout> layouts;
  auto [it, fresh] = layouts.try_emplace(d);
  if (fresh) {
    for (unsigned i = 0; i < d->n_fields; ++i) {
      const ProtobufCFieldDescriptor& f = d->fields[i];
      bool oneof = (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
                   (f.label == PROTOBUF_C_LABEL_OPTIONAL || f.label == PROTOBUF_C_LABEL_NONE);
      if (!oneof) {
        it->second.plain.push_back(i);
      } else if (std::find(it->second.oneof_cases.begin(), it->second.oneof_cases.end(), f.quantifier_offset) ==
                 it->second.oneof_cases.end()) {
        it->second.oneof_cases.push_back(f.quantifier_offset);
      }
    }
  }
  return it->second;
}

void Message(BackWriter& w, const ProtobufCMessage* m) {
  // Written last to first: unknown fields (packed after the known ones), then the fields in
  // descending order of their index (protobuf-c packs them ascending).
  for (size_t i = m->n_unknown_fields; i-- > 0;) {
    const ProtobufCMessageUnknownField& u = m->unknown_fields[i];
    w.Bytes(u.data, u.len);
    w.Tag(u.tag, u.wire_type);
  }
  const ProtobufCMessageDescriptor* d = m->descriptor;
  const Layout& layout = LayoutOf(d);
  // The set member of each oneof (its case is the member's field number; 0: none), ascending.
  constexpr size_t kMaxOneofs = 8;
  if (layout.oneof_cases.size() > kMaxOneofs) {  // no such message in pg_query: every field, as protobuf-c does
    for (size_t i = d->n_fields; i-- > 0;) Field(w, m, d->fields + i);
    return;
  }
  unsigned chosen[kMaxOneofs];
  size_t n_chosen = 0;
  for (unsigned offset : layout.oneof_cases) {
    uint32_t id = *reinterpret_cast<const uint32_t*>(reinterpret_cast<const char*>(m) + offset);
    const ProtobufCFieldDescriptor* f = id ? protobuf_c_message_descriptor_get_field(d, id) : nullptr;
    if (!f || f->quantifier_offset != offset) continue;  // unset, or a number of no member
    chosen[n_chosen++] = static_cast<unsigned>(f - d->fields);
  }
  std::sort(chosen, chosen + n_chosen);
  // The two ascending lists merged, walked from their ends.
  size_t p = layout.plain.size(), q = n_chosen;
  while (p > 0 || q > 0) {
    unsigned index = (q == 0 || (p > 0 && layout.plain[p - 1] > chosen[q - 1])) ? layout.plain[--p] : chosen[--q];
    Field(w, m, d->fields + index);
  }
}

// The packing of this thread's PackedParseScope.
struct Capture {
  const void* message = nullptr;  // the parse result whose bytes these are
  std::string bytes;
  bool taken = false;
};
thread_local Capture* t_capture = nullptr;

using SizeFn = size_t (*)(const PgQuery__ParseResult*);
using PackFn = size_t (*)(const PgQuery__ParseResult*, uint8_t*);

// libpg_query's own definitions, behind this program's.
template <typename Fn>
Fn Next(const char* name) {
  static_assert(sizeof(Fn) == sizeof(void*));
  void* p = dlsym(RTLD_NEXT, name);
  Fn f;
  std::memcpy(&f, &p, sizeof f);
  return f;
}

}  // namespace

std::string PackMessage(const ProtobufCMessage* m) {
  BackWriter w;
  Message(w, m);
  return std::move(w).Take();
}

PackedParseScope::PackedParseScope() : outer_(t_capture) { t_capture = new Capture; }
PackedParseScope::~PackedParseScope() {
  delete t_capture;
  t_capture = static_cast<Capture*>(outer_);  // a scope inside another gives the thread back to it
}

bool PackedParseScope::Take(std::string* bytes) {
  if (!t_capture || !t_capture->taken) return false;
  *bytes = std::move(t_capture->bytes);
  t_capture->taken = false;
  t_capture->message = nullptr;
  return true;
}

}  // namespace schemasync::parse

// libpg_query's pg_query_nodes_to_protobuf: get_packed_size, malloc that many bytes, pack.
// Under a PackedParseScope the bytes are made once, by the first; the second copies them out
// (and the scope keeps them, for a caller that takes them without a second copy).
extern "C" size_t pg_query__parse_result__get_packed_size(const PgQuery__ParseResult* message) {
  using namespace schemasync::parse;
  if (Capture* c = t_capture) {
    c->bytes = PackMessage(&message->base);
    c->message = message;
    c->taken = false;
    return c->bytes.size();
  }
  static const SizeFn next = Next<SizeFn>("pg_query__parse_result__get_packed_size");
  if (next) return next(message);
  return protobuf_c_message_get_packed_size(&message->base);
}

extern "C" size_t pg_query__parse_result__pack(const PgQuery__ParseResult* message, uint8_t* out) {
  using namespace schemasync::parse;
  if (Capture* c = t_capture; c && c->message == message) {
    std::memcpy(out, c->bytes.data(), c->bytes.size());
    c->taken = true;
    return c->bytes.size();
  }
  static const PackFn next = Next<PackFn>("pg_query__parse_result__pack");
  if (next) return next(message, out);
  return protobuf_c_message_pack(&message->base, out);
}
