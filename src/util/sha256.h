// SHA-256 (FIPS 180-4), for stable schema fingerprints.
#pragma once

#include <string>
#include <string_view>

namespace schemasync {

// Lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace schemasync
