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

// Totals, shared by every thread (the desired files are read beside the catalog).
struct Totals {
  std::mutex mu;
  std::array<double, static_cast<size_t>(Phase::kCount)> seconds{};
  long statements = 0;
  double server_seconds = 0;
};

Totals& Shared() {
  static Totals t;
  return t;
}

// The phases a thread is in, innermost last, and when its innermost one last started counting.
struct Stack {
  std::vector<Phase> phases;
  Clock::time_point since = Clock::now();
};

Stack& Mine() {
  thread_local Stack s;
  return s;
}

// Charges the time since the last switch to the phase on top of this thread's stack.
void Charge(Stack& s) {
  auto now = Clock::now();
  if (!s.phases.empty()) {
    double d = std::chrono::duration<double>(now - s.since).count();
    Totals& t = Shared();
    std::lock_guard<std::mutex> lock(t.mu);
    t.seconds[static_cast<size_t>(s.phases.back())] += d;
  }
  s.since = now;
}

// When the process started its static objects: --timing's wall time counts from here.
const Clock::time_point kStarted = Clock::now();

constexpr const char* kNames[] = {"parse", "introspect", "canonicalize", "normalize", "diff", "plan"};

}  // namespace

Scope::Scope(Phase phase) {
  Stack& s = Mine();
  Charge(s);
  s.phases.push_back(phase);
}

Scope::~Scope() {
  Stack& s = Mine();
  Charge(s);
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
  std::string out;
  char line[160];
  double total = 0;
  for (size_t i = 0; i < static_cast<size_t>(Phase::kCount); ++i) {
    std::snprintf(line, sizeof line, "timing: %-13s %8.3f s\n", kNames[i], t.seconds[i]);
    out += line;
    total += t.seconds[i];
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
