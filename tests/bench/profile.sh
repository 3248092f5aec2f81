#!/usr/bin/env bash
# tests/bench/profile.sh - what the sampling profiler costs.
#
#   tests/bench/profile.sh        (what `make bench-profile` runs)
#
# Environment:
#   BENCH_RUNS=N   runs of each program, with and without --profile (7)
#   INCANT=path    the binary under test (./incant)
#   CC=compiler    for the timer (gcc)
#
# Each compute benchmark of `make bench` (tests/bench/*.e) runs with and
# without `--profile` at the default rate, the two alternating so that a
# change in the machine's load falls on both.  The times are CPU time
# (user + system, from wait4), the least of the runs: other processes on
# the machine only ever add to it.  The profiled runs include writing the
# table, profile.folded and profile.svg (in a temporary directory).  The
# overhead is the median over the pairs of runs, one right after the
# other, of profiled / plain - 1.  On a loaded 2-core machine it still
# moves by several percent from one run of this script to the next, far
# more than sampling costs: the next column is steadier.  The
# columns after it are medians over the profiled runs of what the profile
# says of itself: the samples taken, and the share of the CPU time the
# SIGPROF handler took (it times itself with the thread's CPU clock; the
# kernel's delivery of the signal, about 2 us a sample, is not in it):
# the cost of sampling alone, which a loaded machine cannot hide.  Every
# run must print the expected answer first, as in run.sh.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

INCANT=${INCANT:-./incant}
RUNS=${BENCH_RUNS:-7}
CC=${CC:-gcc}

die() { echo "bench-profile: $*" >&2; exit 2; }
[ -x "$INCANT" ] || die "$INCANT not built (run make)"
case $INCANT in /*) ;; *) INCANT=$root/${INCANT#./} ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/incant-bench-profile.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
$CC -O2 -static -o "$tmp/timeit" "$here/timeit.c" 2>/dev/null ||
  $CC -O2 -o "$tmp/timeit" "$here/timeit.c" || die "cannot build timeit.c"
cd "$tmp"

declare -A EXPECT=([sieve]=1899 [bubble]=2727952424164 [matrix]=-280871 [fib]=24157817)

# cpu_us EXPECT CMD...: one run's CPU time in µs; the answer is checked
cpu_us() {
  local expect=$1 res
  shift
  res=$("$tmp/timeit" -c -n 1 -o "$tmp/out" -- "$@") || die "$* failed"
  [ "$(awk 'NR == 1 { print $1 }' "$tmp/out")" = "$expect" ] ||
    die "$* printed $(head -c 200 "$tmp/out" | tr '\n' ' '), expected $expect"
  echo "${res%% *}"
}
least() { sort -n | head -n 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-10s %9s %11s %9s %8s %9s\n' benchmark "plain s" "profiled s" overhead samples handler
printf '%.0s-' {1..61}; echo
overheads=""
for b in sieve bubble matrix fib; do
  echo "bench-profile: $b" >&2
  plain=() profiled=() samples=() shares=()
  for ((r = 0; r < RUNS; r++)); do
    plain+=("$(cpu_us "${EXPECT[$b]}" "$INCANT" "$here/$b.e")")
    profiled+=("$(cpu_us "${EXPECT[$b]}" "$INCANT" --profile "$here/$b.e")")
    samples+=("$(sed -n 's/^profile: \([0-9]*\) samples.*/\1/p' "$tmp/out")")
    shares+=("$(sed -n 's/^sampling took \([0-9.]*\)% .*/\1/p' "$tmp/out")")
  done
  p=$(printf '%s\n' "${plain[@]}" | least)
  q=$(printf '%s\n' "${profiled[@]}" | least)
  s=$(printf '%s\n' "${samples[@]}" | median)
  h=$(printf '%s\n' "${shares[@]}" | median)
  ratio=$(for ((r = 0; r < RUNS; r++)); do
      awk -v p="${plain[r]}" -v q="${profiled[r]}" 'BEGIN { print q / p }'
    done | median)
  o=$(awk -v r="$ratio" 'BEGIN { printf "%+.1f%%", (r - 1) * 100 }')
  overheads+="$ratio "
  printf '%-10s %9.3f %11.3f %9s %8s %8.2f%%\n' "$b" "$(awk -v v="$p" 'BEGIN { print v / 1e6 }')" \
    "$(awk -v v="$q" 'BEGIN { print v / 1e6 }')" "$o" "$s" "$h"
done
printf '%.0s-' {1..61}; echo
echo "$overheads" | awk '{ s = 0; for (k = 1; k <= NF; k++) s += log($k)
  printf "overhead of --profile at 997 Hz, geometric mean of the four: %+.1f%%\n", (exp(s / NF) - 1) * 100 }'
echo "least CPU time of $RUNS runs each, alternating; $(nproc) cpus; load average $(cut -d' ' -f1-3 /proc/loadavg)"
