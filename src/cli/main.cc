// schemasync entry point: the CLI runs on a thread with a 1 GiB stack. Parse trees are walked
// recursively (libpg_query's own output and deparse functions, protobuf-c, the normalizer), one
// level per operator of a chained expression; the desired-SQL reader refuses statements deep
// enough to exhaust even this stack (kMaxStatementTokens in src/parse/desired.cc), and the
// default 8 MiB would give out after a few thousand levels.
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "cli/cli.h"

namespace {

struct Args {
  int argc;
  char** argv;
  int status = 1;
};

void* Run(void* p) {
  auto* a = static_cast<Args*>(p);
  a->status = schemasync::RunCli(a->argc, a->argv);
  return nullptr;
}

// Backs the heap with 2 MiB pages where the kernel allows it. With transparent huge pages in
// "madvise" mode (/sys/kernel/mm/transparent_hugepage/enabled; Debian's default), the kernel
// uses them only in memory marked with madvise(MADV_HUGEPAGE), which glibc's malloc does only
// when the process starts with GLIBC_TUNABLES=glibc.malloc.hugetlb=1. Without them a run at
// 10,000 tables touched 29,000 fresh 4 KiB pages, and its page faults were a tenth of its CPU
// time (more under a hypervisor); with them, 1,300. So: grow the heap now by a reserve of
// address space (the top pad of one allocation: brk moves, nothing is touched), and mark it.
// The main arena is the only one (M_ARENA_MAX 1 below) and grows by brk, so the model and
// every library's allocations land there. Where brk cannot grow, or malloc is not glibc's (a
// sanitizer's), nothing moves and nothing is marked.
void MarkHeapForHugePages() {
  constexpr uintptr_t kReserve = uintptr_t{256} << 20, kHuge = uintptr_t{2} << 20;
  auto from = reinterpret_cast<uintptr_t>(sbrk(0));
  mallopt(M_TOP_PAD, kReserve);
  void* volatile grow = malloc(1 << 20);  // volatile: a malloc/free pair may be elided
  free(grow);
  auto to = reinterpret_cast<uintptr_t>(sbrk(0));
  uintptr_t start = (from + kHuge - 1) & ~(kHuge - 1);
  if (from != uintptr_t(-1) && to > start) (void)madvise(reinterpret_cast<void*>(start), to - start, MADV_HUGEPAGE);
}

}  // namespace

int main(int argc, char** argv) {
  // A run allocates and frees parse trees and their protobuf copies by the million: keep freed
  // memory in the process instead of returning it to the kernel and faulting it back in page by
  // page (a fifth of the parse time at 2,000 tables). Peak memory is unchanged.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // One heap for both threads (the desired files' reader and the catalog's): what one frees the
  // other reuses. Per-thread arenas left the reader's freed records unusable to the catalog
  // read that went on allocating: 161 MB of memory for 117 MB in use at 10,000 tables, 149 MB
  // with one. The two threads allocate in turns more than at once (the reader mostly parses).
  mallopt(M_ARENA_MAX, 1);
  MarkHeapForHugePages();
  mallopt(M_TOP_PAD, 16 << 20);  // past the reserve, the heap grows 16 MiB at a time
  Args args{argc, argv};
  pthread_attr_t attr;
  pthread_t thread;
  // Reserved address space: only the pages a deep parse touches are ever backed by memory.
  if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, size_t{1} << 30) == 0 &&
      pthread_create(&thread, &attr, Run, &args) == 0) {
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    return args.status;
  }
  std::fprintf(stderr, "schemasync: cannot start (no thread with a large stack); running on the main thread\n");
  return schemasync::RunCli(argc, argv);
}
