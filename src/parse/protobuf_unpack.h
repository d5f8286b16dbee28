// protobuf-c's unpacked tree of a message, made in one pass per level over its bytes, for trees
// that are only read and freed all at once (StmtTree's arena).
//
// protobuf_c_message_unpack scans each message's fields into a list first (growing it on the
// heap past 16), checks required fields with a bitmap, then parses the list, calling the
// allocator through function pointers for every string and sub-message; for the desired files
// of 10,000 tables that was a fifth of the reading thread's time. UnpackMessage counts the
// repeated fields of a level in a first walk over its tags and fills everything in a second,
// taking memory from an Arena-like allocator given as a function.
//
// The tree is protobuf_c_message_unpack's for every input this accepts: the message's own
// initializer first (its descriptor's message_init: defaults, "" for unset strings), then each
// field as protobuf-c parses it (varints, zigzag, fixed, packed and unpacked repeated fields,
// oneof cases, strings NUL-terminated). It gives up (nullptr) on anything it does not handle
// as protobuf-c would: an unknown field, a wire type that is not the field's, a singular
// sub-message given twice (protobuf-c merges them), a truncated or overlong value. The caller
// then unpacks with protobuf-c. The tests compare the two trees field by field on every
// statement of our own SQL, and the fuzzer on whatever it makes.
#pragma once

#include <protobuf-c/protobuf-c.h>

#include <cstddef>
#include <cstdint>

namespace schemasync::parse {

// `take(n)` returns n bytes aligned for any field, never null, all given back at once by its
// owner; nothing of the tree is freed alone.
using TakeMemory = void* (*)(void* owner, size_t n);

ProtobufCMessage* UnpackMessage(const ProtobufCMessageDescriptor* d, const uint8_t* data, size_t len, TakeMemory take,
                                void* owner);

}  // namespace schemasync::parse
