// Where a run spends its time (`--timing`): wall time per pipeline phase and the statements sent
// to the server. Phases nest exclusively within a thread: entering one pauses the phase around
// it (normalizing an expression while reading the catalog counts as normalize, not introspect).
// Thread-safe: the desired files are read on a thread of their own while the catalog is read, so
// the phases of the two threads overlap and their sum exceeds the wall time. Each thread counts
// its own phases; a thread's count joins the totals when it ends.
#pragma once

#include <string>

namespace schemasync::timing {

// kPlan: ordering the steps and the fingerprints of both sides.
enum class Phase { kParse, kIntrospect, kCanonicalize, kNormalize, kDiff, kPlan, kCount };

// Charges the time until it goes out of scope to `phase`.
class Scope {
 public:
  explicit Scope(Phase phase);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

// Called by Database for each round trip; `seconds` is the time spent waiting for the server.
void CountStatement(double seconds);

// One line per phase (the threads that have ended and the caller), then the statements sent and
// the time the server took to answer them.
std::string Report();

}  // namespace schemasync::timing
