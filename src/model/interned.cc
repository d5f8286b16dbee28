// The pool behind Interned (see interned.h): a set of strings, never shrunk (a run interns the
// texts of two schemas), guarded for the two threads that build models at once. Its nodes do
// not move, so a pointer to one stays valid for the process.
#include "schemasync/interned.h"

#include <limits>
#include <mutex>
#include <unordered_set>

namespace schemasync {
namespace {

struct Hash {  // looks a string_view up without making a string of it
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Pool {
  std::mutex mu;
  std::unordered_set<std::string, Hash, std::equal_to<>> texts;
};

// The set in shards by hash, each with its own lock: with one, the thread reading the catalog
// and the one building the desired model waited on each other thousands of times a run (futex
// calls were most of the system time of a drift at 10,000 tables).
constexpr int kShardBits = 6;

Pool& Shared(std::string_view s) {
  static Pool* pools = new Pool[size_t{1} << kShardBits];  // never destroyed: an Interned may outlive static destructors
  // The high bits: the set's buckets are picked by the low ones of the same hash.
  return pools[Hash{}(s) >> (std::numeric_limits<size_t>::digits - kShardBits)];
}

}  // namespace

Interned::Interned(std::string_view s) {
  if (s.empty()) return;
  Pool& pool = Shared(s);
  std::lock_guard<std::mutex> lock(pool.mu);
  auto it = pool.texts.find(s);
  if (it == pool.texts.end()) it = pool.texts.emplace(s).first;
  p_ = &*it;
}

const std::string& Interned::Empty() {
  static const std::string empty;
  return empty;
}

}  // namespace schemasync
