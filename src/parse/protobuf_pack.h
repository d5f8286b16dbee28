// protobuf-c's wire format of a message, written in one pass.
//
// protobuf_c_message_pack needs a buffer of the exact size, so every caller walks the tree
// twice: protobuf_c_message_get_packed_size first, then the pack, which writes each
// sub-message after a one-byte length and moves it when the length takes more (a tree of depth
// d is moved d times over). For libpg_query's parse of 10,000 tables that was a quarter of all
// the time spent reading the desired files. PackMessage writes from the end of the buffer back
// to the start instead, last field first: a sub-message is done, and so its length known, when
// its length prefix is written. The bytes are protobuf_c_message_pack's, byte for byte (same
// fields in the same order, same encodings; the tests compare the two on every statement of
// our own cases).
//
// libpg_query's parse (pg_query_parse_protobuf -> pg_query_nodes_to_protobuf) calls
// pg_query__parse_result__get_packed_size and then __pack through the dynamic linker, so this
// program's definitions of the two are the ones it calls. They pack with PackMessage while a
// PackedParseScope is alive on the thread, and hand over to libpg_query's own otherwise. Where
// a build of libpg_query binds the calls inside itself (no interposition), nothing changes but
// the speed: ParsedBytes() then says so and the bytes come from libpg_query's packing.
#pragma once

#include <protobuf-c/protobuf-c.h>

#include <string>

namespace schemasync::parse {

// protobuf_c_message_pack(m) as a string.
std::string PackMessage(const ProtobufCMessage* m);

// While alive, libpg_query's packing of a parse result on this thread goes through
// PackMessage, and the bytes stay here to be taken (no copy out of libpg_query's buffer).
class PackedParseScope {
 public:
  PackedParseScope();
  ~PackedParseScope();
  PackedParseScope(const PackedParseScope&) = delete;
  PackedParseScope& operator=(const PackedParseScope&) = delete;
  // The bytes of the last parse result packed in this scope, moved out; false when none was
  // (libpg_query packed it itself: take its buffer).
  bool Take(std::string* bytes);

 private:
  void* outer_;  // the scope this one is inside of, if any
};

}  // namespace schemasync::parse
