// The --timing totals: phases nest, a phase nested in itself is counted once, and a thread's
// count joins the totals when it ends.
#include "schemasync/timing.h"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

namespace schemasync::timing {
namespace {

// The seconds `--timing` reports for `phase` ("diff", "plan", ...).
double Reported(const std::string& phase) {
  std::smatch m;
  std::string report = Report();
  if (!std::regex_search(report, m, std::regex("timing: " + phase + R"(\s+([0-9.]+) s)"))) {
    ADD_FAILURE() << "no line for " << phase << " in:\n" << report;
    return -1;
  }
  return std::stod(m[1]);
}

void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

TEST(TimingTest, APhaseNestedInItselfCountsItsTimeOnce) {
  double before = Reported("plan");
  auto start = std::chrono::steady_clock::now();
  {
    Scope outer(Phase::kPlan);
    Sleep(30);
    {
      Scope inner(Phase::kPlan);
      Sleep(30);
    }
    Sleep(30);
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double counted = Reported("plan") - before;
  EXPECT_GE(counted, 0.089);
  EXPECT_LE(counted, wall + 0.002);  // the report prints milliseconds
}

TEST(TimingTest, AnInnerPhasePausesTheOuterOne) {
  double diff_before = Reported("diff"), canon_before = Reported("canonicalize");
  {
    Scope outer(Phase::kDiff);
    Sleep(20);
    {
      Scope inner(Phase::kCanonicalize);
      Sleep(60);
    }
  }
  double diff = Reported("diff") - diff_before, canon = Reported("canonicalize") - canon_before;
  EXPECT_GE(canon, 0.059);
  EXPECT_GE(diff, 0.019);
  EXPECT_LT(diff, canon) << "the inner phase's time was charged to the outer one too";
}

TEST(TimingTest, AThreadsPhasesJoinTheTotalsWhenItEnds) {
  double before = Reported("parse");
  std::thread reader([] {
    Scope phase(Phase::kParse);
    Sleep(50);
  });
  reader.join();
  EXPECT_GE(Reported("parse") - before, 0.049);
}

}  // namespace
}  // namespace schemasync::timing
