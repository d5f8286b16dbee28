// SHA-256 against the FIPS 180-4 examples, and the incremental hasher against the one-shot one
// for every way of cutting the input (the fingerprint hashes its lines as they come).
#include "util/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace schemasync {
namespace {

TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, PiecesHashAsTheirConcatenation) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  for (size_t len : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 300}) {
    std::string whole = text.substr(0, len);
    for (size_t cut = 0; cut <= len; cut += (len > 70 ? 7 : 1)) {
      Sha256 h;
      h.Update(whole.substr(0, cut));
      h.Update("");
      h.Update(whole.substr(cut));
      EXPECT_EQ(h.HexDigest(), Sha256Hex(whole)) << "length " << len << " cut at " << cut;
    }
  }
}

}  // namespace
}  // namespace schemasync
