// Phase timers and the statement counter behind --timing (see timing.h).
#include "schemasync/timing.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <vector>

namespace schemasync::timing {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::array<double, static_cast<size_t>(Phase::kCount)>;

// What the threads that have ended counted, and the statements of all threads.
struct Totals {
  std::mutex mu;
  Seconds seconds{};
  long statements = 0;
  double server_seconds = 0;
};

Totals& Shared() {
  static Totals t;
  return t;
}

// A thread's phases, innermost last, each marked where it repeats the one around it; when the
// innermost one last started counting; and what it counted so far, given to Shared() when the
// thread ends. Per thread, no lock: a scope is entered per expression normalized (tens of
// thousands at 10,000 tables), and a lock shared with the other threads showed in the profile.
struct Stack {
  struct Entry {
    Phase phase;
    bool repeated;  // same phase as the one around it: nothing to charge on entry or exit
  };
  std::vector<Entry> phases;
  Clock::time_point since = Clock::now();
  Seconds seconds{};
  ~Stack() {
    Totals& t = Shared();
    std::lock_guard<std::mutex> lock(t.mu);
    for (size_t i = 0; i < seconds.size(); ++i) t.seconds[i] += seconds[i];
  }
};

Stack& Mine() {
  thread_local Stack s;
  return s;
}

// Charges the time since the last switch to the phase on top of this thread's stack.
void Charge(Stack& s) {
  auto now = Clock::now();
  if (!s.phases.empty()) s.seconds[static_cast<size_t>(s.phases.back().phase)] += std::chrono::duration<double>(now - s.since).count();
  s.since = now;
}

// When the process started its static objects: --timing's wall time counts from here.
const Clock::time_point kStarted = Clock::now();

constexpr const char* kNames[] = {"parse", "introspect", "canonicalize", "normalize", "diff", "plan"};

}  // namespace

Scope::Scope(Phase phase) {
  Stack& s = Mine();
  if (!s.phases.empty() && s.phases.back().phase == phase) {
    s.phases.push_back({phase, true});
    return;
  }
  Charge(s);
  s.phases.push_back({phase, false});
}

Scope::~Scope() {
  Stack& s = Mine();
  if (!s.phases.back().repeated) Charge(s);
  s.phases.pop_back();
}

void CountStatement(double seconds) {
  Totals& t = Shared();
  std::lock_guard<std::mutex> lock(t.mu);
  ++t.statements;
  t.server_seconds += seconds;
}

std::string Report() {
  Totals& t = Shared();
  std::lock_guard<std::mutex> lock(t.mu);
  // The threads that ended, and this one's own so far (the others are joined before a report).
  Seconds seconds = t.seconds;
  {
    Stack& mine = Mine();
    Charge(mine);
    for (size_t i = 0; i < seconds.size(); ++i) seconds[i] += mine.seconds[i];
  }
  std::string out;
  char line[160];
  double total = 0;
  for (size_t i = 0; i < static_cast<size_t>(Phase::kCount); ++i) {
    std::snprintf(line, sizeof line, "timing: %-13s %8.3f s\n", kNames[i], seconds[i]);
    out += line;
    total += seconds[i];
  }
  std::snprintf(line, sizeof line, "timing: %-13s %8.3f s (phases on two threads overlap: the desired files are read "
                "while the catalog is)\n", "sum", total);
  out += line;
  std::snprintf(line, sizeof line, "timing: statements    %8ld (the server took %.3f s to answer them)\n", t.statements,
                t.server_seconds);
  out += line;
  std::snprintf(line, sizeof line, "timing: %-13s %8.3f s (the run so far, from start to this report)\n", "wall",
                std::chrono::duration<double>(Clock::now() - kStarted).count());
  out += line;
  return out;
}

}  // namespace schemasync::timing
