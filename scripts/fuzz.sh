#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan into build-fuzz/, seeds their
# corpora from the test cases, the example schema and ../shared/corpus, and runs each target for
# SECONDS (default 60). Exits non-zero on any crash, leak, sanitizer report or timeout; the
# reproducer is left in build-fuzz/artifacts/<target>/.
#
#   scripts/fuzz.sh [SECONDS]          all targets, one after the other
#   FUZZ_TARGETS=fuzz_desired scripts/fuzz.sh 1800
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-60}
targets=${FUZZ_TARGETS:-fuzz_desired fuzz_plan_file fuzz_diff}

# clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev).
need=()
command -v clang++ >/dev/null || need+=(clang)
if ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  need+=(libclang-rt-14-dev)
fi
if ((${#need[@]})); then
  sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends \
    clang "${need[@]}"
fi

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCHEMASYNC_FUZZ=ON \
  -DSCHEMASYNC_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target fuzz_desired fuzz_plan_file fuzz_diff

# Seeds: every .sql we have for the SQL front end; saved plans for the plan-file decoder.
corpus=build-fuzz/corpus
mkdir -p "$corpus/fuzz_desired" "$corpus/fuzz_plan_file" "$corpus/fuzz_diff"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$corpus/fuzz_desired/seed-$((i++)).sql"
done < <(find tests/cases desired examples ../shared/corpus -name '*.sql' -print0 2>/dev/null)
cp fuzz/seeds/plan_file/*.json "$corpus/fuzz_plan_file/"
# Pairs for the differ: each case's live and desired SQL, joined by the separator fuzz_diff expects.
i=0
for dir in tests/cases/*/ ../shared/corpus/*/*/; do
  live=$dir/current.sql want=$dir/desired.sql
  [[ -f $live ]] || live=$dir/old.sql
  [[ -f $want ]] || want=$dir/new.sql
  [[ -f $live && -f $want ]] || continue
  { cat "$live"; printf '\n-- desired --\n'; cat "$want"; } >"$corpus/fuzz_diff/pair-$((i++)).sql"
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for t in $targets; do
  mkdir -p "build-fuzz/artifacts/$t"
  dict=()
  [[ $t == fuzz_desired || $t == fuzz_diff ]] && dict=(-dict=fuzz/sql.dict)
  echo "== fuzzing $t for ${seconds}s"
  log=build-fuzz/$t.log
  if ! build-fuzz/fuzz/$t "$corpus/$t" "${dict[@]}" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
      -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t/" >"$log" 2>&1; then
    echo "fuzz: $t found a problem; reproducer in build-fuzz/artifacts/$t/:" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
done
exit "$status"
