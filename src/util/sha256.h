// SHA-256 (FIPS 180-4), for stable schema fingerprints.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace schemasync {

// Incremental: Update with the data in pieces, then HexDigest once. The digest of the pieces is
// that of their concatenation, which is never built (a fingerprint's text is tens of MB at
// 10,000 tables).
class Sha256 {
 public:
  void Update(std::string_view data);
  std::string HexDigest();  // lower-case hex; the hasher is spent after it

 private:
  void Block(const uint8_t* p);
  std::array<uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<uint8_t, 64> buf_{};
  size_t used_ = 0;      // bytes in buf_
  uint64_t length_ = 0;  // bytes hashed so far
};

// Lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace schemasync
