// Big-stack threads and a parallel loop (see threads.h).
#include "util/threads.h"

#include <sched.h>

#include <atomic>
#include <thread>
#include <vector>

namespace schemasync::util {
namespace {

void* Trampoline(void* p) {
  (*static_cast<std::function<void()>*>(p))();
  return nullptr;
}

}  // namespace

BigStackThread::BigStackThread(std::function<void()> fn) : fn_(std::make_unique<std::function<void()>>(std::move(fn))) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return;
  // Reserved address space: only the pages a deep walk touches are ever backed by memory.
  if (pthread_attr_setstacksize(&attr, size_t{1} << 30) == 0) {
    started_ = pthread_create(&thread_, &attr, Trampoline, fn_.get()) == 0;
  }
  pthread_attr_destroy(&attr);
}

BigStackThread::~BigStackThread() { Join(); }

void BigStackThread::Join() {
  if (started_) pthread_join(thread_, nullptr);
  started_ = false;
}

unsigned UsableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::unique_ptr<BigStackThread>> helpers;
  for (unsigned t = 1; t < threads && t < n; ++t) {
    helpers.push_back(std::make_unique<BigStackThread>(work));
    if (!helpers.back()->started()) break;  // the others (and this thread) take its share
  }
  work();
  for (auto& h : helpers) h->Join();
}

}  // namespace schemasync::util
