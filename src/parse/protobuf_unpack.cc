// protobuf-c's unpacking, for read-only trees in an arena (see protobuf_unpack.h). Mirrors
// protobuf-c 1.4's protobuf-c.c: message_init_generic (the start of every message),
// parse_required_member / parse_oneof_member / parse_optional_member (a singular field),
// parse_packed_repeated_member and the unpacked repeated case, parse_uint32 / parse_uint64 /
// parse_boolean / unzigzag32 / unzigzag64 (the values).
#include "parse/protobuf_unpack.h"

#include <cstring>
#include <memory>
#include <unordered_map>

#include "parse/protobuf_wire.h"

namespace schemasync::parse {
namespace {

// The reader of one message's bytes.
struct Cursor {
  const uint8_t* p;
  const uint8_t* end;

  // A varint of at most 10 bytes; false when it runs past the end or is longer.
  bool Varint(uint64_t* v) {
    uint64_t out = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (p == end) return false;
      uint8_t b = *p++;
      out |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) {
        *v = out;
        return true;
      }
    }
    return false;
  }
  bool Skip(size_t n) {
    if (static_cast<size_t>(end - p) < n) return false;
    p += n;
    return true;
  }
};

// A scalar type that a repeated field may hold packed (every type but strings, bytes and
// messages).
bool Packable(ProtobufCType t) { return WireType(t) != PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED; }

class Unpacker {
 public:
  Unpacker(TakeMemory take, void* owner) : take_(take), owner_(owner) {}

  ProtobufCMessage* Message(const ProtobufCMessageDescriptor* d, const uint8_t* data, size_t len, int depth) {
    if (depth > kMaxDepth) return nullptr;
    auto* m = static_cast<ProtobufCMessage*>(take_(owner_, d->sizeof_message));
    std::memcpy(m, InitImage(d), d->sizeof_message);
    char* base = reinterpret_cast<char*>(m);
    // First walk: the wire types checked, and each repeated field's count kept where protobuf-c
    // keeps it (its n_ member) until its array is taken.
    bool repeated = false;
    Cursor c{data, data + len};
    while (c.p != c.end) {
      uint64_t key;
      if (!c.Varint(&key)) return nullptr;
      const ProtobufCFieldDescriptor* f = Field(d, key);
      if (!f) return nullptr;
      auto wire = static_cast<ProtobufCWireType>(key & 7);
      const uint8_t* payload = nullptr;
      size_t payload_len = 0;
      if (!SkipValue(c, wire, &payload, &payload_len)) return nullptr;
      if (f->label != PROTOBUF_C_LABEL_REPEATED) {
        if (wire != WireType(f->type)) return nullptr;
        continue;
      }
      repeated = true;
      size_t& n = *reinterpret_cast<size_t*>(base + f->quantifier_offset);
      if (wire == WireType(f->type)) {
        ++n;
      } else if (wire == PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED && Packable(f->type)) {
        size_t count = 0;
        if (!CountPacked(f->type, payload, payload_len, &count)) return nullptr;
        n += count;
      } else {
        return nullptr;
      }
    }
    if (repeated) {
      for (unsigned i = 0; i < d->n_fields; ++i) {
        const ProtobufCFieldDescriptor& f = d->fields[i];
        if (f.label != PROTOBUF_C_LABEL_REPEATED) continue;
        size_t& n = *reinterpret_cast<size_t*>(base + f.quantifier_offset);
        if (!n) continue;
        *reinterpret_cast<void**>(base + f.offset) = take_(owner_, ElementSize(f.type) * n);
        n = 0;  // counted again as the values are put in
      }
    }
    // Second walk: the values.
    c = Cursor{data, data + len};
    while (c.p != c.end) {
      uint64_t key;
      c.Varint(&key);
      const ProtobufCFieldDescriptor* f = Field(d, key);
      auto wire = static_cast<ProtobufCWireType>(key & 7);
      if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t& n = *reinterpret_cast<size_t*>(base + f->quantifier_offset);
        char* array = *reinterpret_cast<char**>(base + f->offset);
        const size_t size = ElementSize(f->type);
        if (wire == PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED && Packable(f->type)) {
          uint64_t packed_len;
          c.Varint(&packed_len);
          Cursor packed{c.p, c.p + packed_len};
          c.p += packed_len;
          while (packed.p != packed.end) {
            if (!Value(*f, packed, array + size * n++, depth)) return nullptr;
          }
        } else if (!Value(*f, c, array + size * n++, depth)) {
          return nullptr;
        }
        continue;
      }
      const bool oneof = f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF;
      // protobuf-c merges a sub-message given twice, and frees a oneof's member when another
      // follows: neither is in the trees libpg_query writes, so neither is done here.
      if (oneof && *reinterpret_cast<uint32_t*>(base + f->quantifier_offset) != 0) return nullptr;
      if (f->type == PROTOBUF_C_TYPE_MESSAGE && *reinterpret_cast<void**>(base + f->offset) != nullptr) return nullptr;
      if (!Value(*f, c, base + f->offset, depth)) return nullptr;
      if (oneof) {
        *reinterpret_cast<uint32_t*>(base + f->quantifier_offset) = f->id;
      } else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->quantifier_offset) {
        *reinterpret_cast<protobuf_c_boolean*>(base + f->quantifier_offset) = 1;
      }
    }
    return m;
  }

 private:
  // Deeper trees go to protobuf-c (whose recursion is as deep): the reader's limit on a
  // statement's size keeps ours far shallower.
  static constexpr int kMaxDepth = 100000;

  static const ProtobufCFieldDescriptor* Field(const ProtobufCMessageDescriptor* d, uint64_t key) {
    uint64_t id = key >> 3;
    if (id == 0 || id > UINT32_MAX) return nullptr;
    const ProtobufCFieldDescriptor* f = protobuf_c_message_descriptor_get_field(d, static_cast<unsigned>(id));
    // Required fields (proto2) are checked by protobuf-c for presence: not ours to judge.
    if (!f || f->label == PROTOBUF_C_LABEL_REQUIRED || f->type == PROTOBUF_C_TYPE_BYTES) return nullptr;
    return f;
  }

  // A message of type `d` as Init leaves it, made once per thread: Init looks at every field,
  // and pg_query's Node, a oneof of some 250 message types, is half of all the messages of a
  // tree (the walk over its fields took as long as protobuf-c's whole unpack).
  static const void* InitImage(const ProtobufCMessageDescriptor* d) {
    thread_local std::unordered_map<const ProtobufCMessageDescriptor*, std::unique_ptr<char[]>> images;
    auto& image = images[d];
    if (!image) {
      image.reset(new char[d->sizeof_message]);
      Init(d, reinterpret_cast<ProtobufCMessage*>(image.get()));
    }
    return image.get();
  }

  // message_init_generic: zeroes, the descriptor, and each singular field's default.
  static void Init(const ProtobufCMessageDescriptor* d, ProtobufCMessage* m) {
    std::memset(m, 0, d->sizeof_message);
    m->descriptor = d;
    char* base = reinterpret_cast<char*>(m);
    for (unsigned i = 0; i < d->n_fields; ++i) {
      const ProtobufCFieldDescriptor& f = d->fields[i];
      if (!f.default_value || f.label == PROTOBUF_C_LABEL_REPEATED) continue;
      void* field = base + f.offset;
      switch (f.type) {
        case PROTOBUF_C_TYPE_STRING:
        case PROTOBUF_C_TYPE_MESSAGE:
          *static_cast<const void**>(field) = f.default_value;
          break;
        case PROTOBUF_C_TYPE_BYTES:
          std::memcpy(field, f.default_value, sizeof(ProtobufCBinaryData));
          break;
        default:
          std::memcpy(field, f.default_value, ElementSize(f.type));
          break;
      }
    }
  }

  // Past one value of wire type `wire`; a length-prefixed one's bytes in [payload, + len).
  static bool SkipValue(Cursor& c, ProtobufCWireType wire, const uint8_t** payload, size_t* len) {
    uint64_t v;
    switch (wire) {
      case PROTOBUF_C_WIRE_TYPE_VARINT:
        return c.Varint(&v);
      case PROTOBUF_C_WIRE_TYPE_64BIT:
        return c.Skip(8);
      case PROTOBUF_C_WIRE_TYPE_32BIT:
        return c.Skip(4);
      case PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED:
        if (!c.Varint(&v) || v > static_cast<uint64_t>(c.end - c.p)) return false;
        *payload = c.p;
        *len = static_cast<size_t>(v);
        return c.Skip(*len);
      default:
        return false;
    }
  }

  // The elements of a packed repeated field (parse_packed_repeated_member's count).
  static bool CountPacked(ProtobufCType type, const uint8_t* data, size_t len, size_t* n) {
    if (WireType(type) != PROTOBUF_C_WIRE_TYPE_VARINT) {
      size_t size = WireType(type) == PROTOBUF_C_WIRE_TYPE_32BIT ? 4 : 8;
      if (len % size) return false;
      *n = len / size;
      return true;
    }
    if (len && (data[len - 1] & 0x80)) return false;  // a varint cut short
    size_t count = 0;
    for (size_t i = 0; i < len; ++i) count += !(data[i] & 0x80);
    *n = count;
    return true;
  }

  // One value of field `f` from `c` into `out` (the field, or an element of its array).
  bool Value(const ProtobufCFieldDescriptor& f, Cursor& c, void* out, int depth) {
    uint64_t v;
    switch (f.type) {
      case PROTOBUF_C_TYPE_INT32:
      case PROTOBUF_C_TYPE_ENUM:
      case PROTOBUF_C_TYPE_UINT32:
        if (!c.Varint(&v)) return false;
        *static_cast<uint32_t*>(out) = static_cast<uint32_t>(v);  // parse_uint32: the low 32 bits
        return true;
      case PROTOBUF_C_TYPE_SINT32: {
        if (!c.Varint(&v)) return false;
        auto u = static_cast<uint32_t>(v);
        *static_cast<int32_t*>(out) = static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));  // unzigzag32
        return true;
      }
      case PROTOBUF_C_TYPE_INT64:
      case PROTOBUF_C_TYPE_UINT64:
        if (!c.Varint(&v)) return false;
        *static_cast<uint64_t*>(out) = v;
        return true;
      case PROTOBUF_C_TYPE_SINT64:
        if (!c.Varint(&v)) return false;
        *static_cast<int64_t*>(out) = static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));  // unzigzag64
        return true;
      case PROTOBUF_C_TYPE_BOOL:
        if (!c.Varint(&v)) return false;
        *static_cast<protobuf_c_boolean*>(out) = v != 0;  // parse_boolean: any bit set
        return true;
      case PROTOBUF_C_TYPE_FIXED32:
      case PROTOBUF_C_TYPE_SFIXED32:
      case PROTOBUF_C_TYPE_FLOAT:
        if (static_cast<size_t>(c.end - c.p) < 4) return false;
        std::memcpy(out, c.p, 4);  // little-endian, as every platform we build on
        c.p += 4;
        return true;
      case PROTOBUF_C_TYPE_FIXED64:
      case PROTOBUF_C_TYPE_SFIXED64:
      case PROTOBUF_C_TYPE_DOUBLE:
        if (static_cast<size_t>(c.end - c.p) < 8) return false;
        std::memcpy(out, c.p, 8);
        c.p += 8;
        return true;
      case PROTOBUF_C_TYPE_STRING: {
        if (!c.Varint(&v) || v > static_cast<uint64_t>(c.end - c.p)) return false;
        auto n = static_cast<size_t>(v);
        auto* s = static_cast<char*>(take_(owner_, n + 1));
        std::memcpy(s, c.p, n);
        s[n] = '\0';
        c.p += n;
        *static_cast<char**>(out) = s;
        return true;
      }
      case PROTOBUF_C_TYPE_MESSAGE: {
        if (!c.Varint(&v) || v > static_cast<uint64_t>(c.end - c.p)) return false;
        auto n = static_cast<size_t>(v);
        ProtobufCMessage* sub =
            Message(static_cast<const ProtobufCMessageDescriptor*>(f.descriptor), c.p, n, depth + 1);
        if (!sub) return false;
        c.p += n;
        *static_cast<ProtobufCMessage**>(out) = sub;
        return true;
      }
      default:
        return false;
    }
  }

  TakeMemory take_;
  void* owner_;
};

}  // namespace

ProtobufCMessage* UnpackMessage(const ProtobufCMessageDescriptor* d, const uint8_t* data, size_t len, TakeMemory take,
                                void* owner) {
  return Unpacker(take, owner).Message(d, data, len, 0);
}

}  // namespace schemasync::parse
