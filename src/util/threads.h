// Threads with the CLI's reserved 1 GiB stack (src/cli/main.cc): parse trees are walked
// recursively, one level per operator of a chained expression, on every thread that parses.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <functional>
#include <memory>

namespace schemasync::util {

class BigStackThread {
 public:
  // Starts `fn` on a new thread; when none can be started, started() is false and `fn` has not
  // run (the caller runs it itself).
  explicit BigStackThread(std::function<void()> fn);
  ~BigStackThread();  // joins
  BigStackThread(const BigStackThread&) = delete;
  BigStackThread& operator=(const BigStackThread&) = delete;
  bool started() const { return started_; }
  void Join();

 private:
  std::unique_ptr<std::function<void()>> fn_;  // stable address for the thread
  pthread_t thread_{};
  bool started_ = false;
};

// Calls fn(0) .. fn(n - 1), each once, on up to `threads` threads (the caller's among them),
// and returns when all are done. fn must be safe to run concurrently for different indexes.
void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn);

// The threads worth starting for CPU-bound work: the cores this process may run on.
unsigned UsableCores();

}  // namespace schemasync::util
