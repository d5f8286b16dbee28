// Phase timers and the statement counter behind --timing (see timing.h).
#include "schemasync/timing.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

namespace schemasync::timing {
namespace {

using Clock = std::chrono::steady_clock;

struct State {
  std::array<double, static_cast<size_t>(Phase::kCount)> seconds{};
  std::vector<Phase> stack;
  Clock::time_point since = Clock::now();
  long statements = 0;
  double server_seconds = 0;
};

State& Get() {
  static State s;
  return s;
}

// Charges the time since the last switch to the phase on top of the stack.
void Charge(State& s) {
  auto now = Clock::now();
  if (!s.stack.empty()) {
    s.seconds[static_cast<size_t>(s.stack.back())] += std::chrono::duration<double>(now - s.since).count();
  }
  s.since = now;
}

constexpr const char* kNames[] = {"parse", "introspect", "canonicalize", "normalize", "diff", "order"};

}  // namespace

Scope::Scope(Phase phase) {
  State& s = Get();
  Charge(s);
  s.stack.push_back(phase);
}

Scope::~Scope() {
  State& s = Get();
  Charge(s);
  s.stack.pop_back();
}

void CountStatement(double seconds) {
  State& s = Get();
  ++s.statements;
  s.server_seconds += seconds;
}

std::string Report() {
  State& s = Get();
  std::string out;
  char line[160];
  double total = 0;
  for (size_t i = 0; i < static_cast<size_t>(Phase::kCount); ++i) {
    std::snprintf(line, sizeof line, "timing: %-13s %8.3f s\n", kNames[i], s.seconds[i]);
    out += line;
    total += s.seconds[i];
  }
  std::snprintf(line, sizeof line, "timing: %-13s %8.3f s\n", "total", total);
  out += line;
  std::snprintf(line, sizeof line, "timing: statements    %8ld (the server took %.3f s to answer them)\n",
                s.statements, s.server_seconds);
  out += line;
  return out;
}

}  // namespace schemasync::timing
