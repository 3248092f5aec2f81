#!/usr/bin/env bash
# tests/bench/run.sh - incant against gforth-fast, gforth-itc and C, in one run;
# and incant's standard mode against its dialect.
#
#   tests/bench/run.sh            (what `make bench` runs)
#
# Environment:
#   BENCH_RUNS=N          runs per benchmark and system; the median is shown (5)
#   BENCH_STARTUP_RUNS=N  runs for the start-up row (200)
#   BENCH_SIG_ROUNDS=N    signal round trips per run (200000)
#   BENCH_SAFE_ROUNDS=N   reads per run for the @ and safe@ rows (20000000)
#   INCANT=path           the binary under test (./incant)
#   CC=compiler           for the C programs (gcc; -O2 -fno-inline)
#   BENCH_TABLE=path      where the table also goes (docs/bench.txt), and
#                         README.md's copy of it (between its "bench
#                         table" markers) too, unless set; empty: nowhere
#   GFORTH_FAST=, GFORTH_ITC=  the gforths (found on PATH); empty leaves one out
#
# Every program checks its own answer; the runner also compares the first
# word it prints with the expected value.  A wrong answer, a non-zero exit
# or a crash shows as FAIL in the table and makes this script exit 1.
# gforth missing: its columns show "-".  Ratios are incant / other, so a
# ratio below 1 means incant is faster.
#
# The column "incant --std" runs the standard Forth programs gforth runs
# (tests/bench/*.fs, the generated load.fs) on incant in standard mode,
# and "std/i" divides by the dialect's figure: standard mode is the same
# compiler, so it should stay at 1.  The two are timed a run each in
# turn (measure_pair), so that a busy machine slows both alike; so is the
# C program of each compute benchmark, whose ratio to incant is a target.
#
# Rows:
#   sieve, bubble, matrix, fib   median wall seconds of the whole program
#                                (start-up included)
#   start-up                     `-e bye`, median ms; C is exit0.c, static,
#                                no libc, _start does exit_group(0)
#   start-up, no .image          the same for a copy of the binary alone,
#                                which decompresses its own image instead
#                                of mapping incant.image
#   load 10k lines               a generated 10,000-line file (gen-load.sh),
#                                median ms, start-up included
#   40k error lines              the REPL (stdin a file, no -i) on 40,000
#                                lines that each define a word and hit an
#                                error (gen-errors.sh), reports to
#                                /dev/null: how an error report scales
#                                with the dictionary; median s
#   signal round trip            µs per raise + Forth handler + return:
#                                (median(R rounds) - median(0 rounds)) / R;
#                                C is sigrt.c (libc sigaction + raise)
#   cell read: @, safe@          ns per read of a cell in a loop (safe.e),
#                                computed as the signal round trip is: a
#                                successful safe@ should cost what @ does
# Progress goes to stderr: on a terminal one line rewritten in place with
# the benchmark and the system being timed, elsewhere a line per benchmark
# (tests/progress.bash).  The table and the summary go to stdout.
#
# Timing is tests/bench/timeit.c: posix_spawn + wait4, CLOCK_MONOTONIC.
# Peak RSS is ru_maxrss of a forked child (timeit -f); the timer is linked
# statically so the forked child starts small, but its few hundred KB are a
# floor under every figure (the exit0 figure shows that floor).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
. "$root/tests/progress.bash"

INCANT=${INCANT:-./incant}
RUNS=${BENCH_RUNS:-5}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-200}
SIG_ROUNDS=${BENCH_SIG_ROUNDS:-200000}
SAFE_ROUNDS=${BENCH_SAFE_ROUNDS:-20000000}
CC=${CC:-gcc}
TABLE=${BENCH_TABLE-$root/docs/bench.txt}

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$INCANT" ] || die "$INCANT not built (run make)"
case $INCANT in /*) ;; *) INCANT=$root/${INCANT#./} ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/incant-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# --- build the C side ----------------------------------------------------
echo "bench: building the C programs in $tmp" >&2
$CC -O2 -static -o "$tmp/timeit" "$here/timeit.c" 2>/dev/null ||
  $CC -O2 -o "$tmp/timeit" "$here/timeit.c" || die "cannot build timeit.c"
$CC -O2 -static -nostdlib -o "$tmp/exit0" "$here/exit0.c" || die "cannot build exit0.c"
# -fno-inline: fib's recursion and the benchmarks' small functions stay
# calls, as incant's words stay words (the issue's yardstick).
for p in sieve bubble matrix fib sigrt; do
  $CC -O2 -fno-inline -o "$tmp/$p" "$here/$p.c" || die "cannot build $p.c"
done
TIMEIT=$tmp/timeit

GF_FAST=${GFORTH_FAST-$(command -v gforth-fast || true)}
GF_ITC=${GFORTH_ITC-$(command -v gforth-itc || true)}
[ -n "$GF_FAST$GF_ITC" ] || echo "bench: gforth not found; its columns show -" >&2

failures=()

# phase NAME: start the next of the rows below (the four compute
# benchmarks, start-up, load, error lines, signal round trip, @ and safe@,
# peak RSS): a line in a log, the status line on a terminal.
phase_total=10 phase_done=0 phase_name=
phase() {
  phase_done=$((phase_done + 1)) phase_name=$1
  progress_milestone "bench: [$phase_done/$phase_total] $phase_name"
}
# system CMD...: the system a command runs, as the table names it
system() {
  local who=${1##*/}
  case $1 in "$tmp"/*) who=C ;; esac
  [ "${2-}" = --std ] && who="$who --std"
  echo "$who"
}
# timing CMD...: on a terminal, which system the current phase is timing
timing() {
  progress "bench: [$phase_done/$phase_total] $phase_name: $(system "$@")"
}

# measure RUNS EXPECT CMD...: time CMD RUNS times; sets $us (median µs) or
# "FAIL".  EXPECT is what the program's first word of output must be
# ("" = do not check).  timeit_io, when set, holds more timeit options
# (-i FILE for stdin, -e FILE for stderr).
timeit_io=()
measure() {
  local runs=$1 expect=$2
  shift 2
  local res got
  us=FAIL
  timing "$@"
  if ! res=$("$TIMEIT" -n "$runs" -o "$tmp/out" "${timeit_io[@]}" -- "$@"); then
    failures+=("$* : exited badly: $(head -c 200 "$tmp/out" | tr '\n' ' ')")
    return
  fi
  got=$(awk 'NR == 1 { print $1 }' "$tmp/out")
  if grep -q FAIL "$tmp/out" || { [ -n "$expect" ] && [ "$got" != "$expect" ]; }; then
    failures+=("$* : printed '$(head -c 200 "$tmp/out" | tr '\n' ' ')', expected '$expect'")
    return
  fi
  us=${res%% *}
}

# measure_pair RUNS EXPECT-A CMD-A... -- EXPECT-B CMD-B... [-- EXPECT-C
# CMD-C...]: time A and B (and C) one run each in turn, RUNS times, so
# that whatever else the machine does weighs on them alike; sets $us_a,
# $us_b (and $us_c): medians, or FAIL.  For the dialect against standard
# mode, whose difference is the point, and both against C, whose ratio
# is a target: timed apart, minutes from each other on a shared machine,
# the two sides of a ratio saw different loads.  One timer runs them all
# (timeit with several commands), so no process of the runner's starts
# between two runs, and each command's last output is checked.
measure_pair() {
  local runs=$1 cmds=() exp=() res k=0 got line who=
  shift
  while [ $# -gt 0 ]; do
    exp+=("$1"); shift
    [ ${#cmds[@]} -gt 0 ] && cmds+=(--)
    who+="${who:+, }$(system "$@")"
    while [ $# -gt 0 ] && [ "$1" != -- ]; do cmds+=("$1"); shift; done
    [ $# -gt 0 ] && shift
  done
  us_a=FAIL us_b=FAIL us_c=-
  [ ${#exp[@]} -gt 2 ] && us_c=FAIL
  progress "bench: [$phase_done/$phase_total] $phase_name: $who in turn"
  if ! res=$("$TIMEIT" -n "$runs" -o "$tmp/out" -- "${cmds[@]}"); then
    failures+=("${cmds[*]} : exited badly")
    return
  fi
  while read -r line; do
    got=$(awk 'NR == 1 { print $1 }' "$tmp/out.$((k + 1))")
    if grep -q FAIL "$tmp/out.$((k + 1))" || { [ -n "${exp[k]}" ] && [ "$got" != "${exp[k]}" ]; }; then
      failures+=("${cmds[*]} : command $((k + 1)) printed '$(head -c 200 "$tmp/out.$((k + 1))" | tr '\n' ' ')', expected '${exp[k]}'")
    else
      case $k in 0) us_a=${line%% *} ;; 1) us_b=${line%% *} ;; 2) us_c=${line%% *} ;; esac
    fi
    k=$((k + 1))
  done <<<"$res"
}
# median VALUE...: the median, FAIL if any is
median() {
  case " $* " in *" FAIL "*) echo FAIL; return ;; esac
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# fmt VALUE_US DIVISOR DECIMALS: a cell for the table
fmt() {
  case $1 in
    FAIL|-) echo "$1" ;;
    *) awk -v v="$1" -v d="$2" -v p="$3" 'BEGIN { printf "%.*f", p, v / d }' ;;
  esac
}
# ratio A B: A / B with 2 decimals, "-" if either is missing
ratio() {
  case "$1$2" in
    *FAIL*|*-*) echo "-" ;;
    *) awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }' ;;
  esac
}

rows=()
declare -A R          # R[row,system] = value in the row's unit
add_row() {           # add_row NAME UNIT INCANT INCANT-STD GFFAST GFITC C
  rows+=("$1")
  R[$1,unit]=$2 R[$1,i]=$3 R[$1,s]=$4 R[$1,gf]=$5 R[$1,gi]=$6 R[$1,c]=$7
}

# --- the compute benchmarks ---------------------------------------------
declare -A EXPECT=([sieve]=1899 [bubble]=2727952424164 [matrix]=-280871 [fib]=24157817)
for b in sieve bubble matrix fib; do
  e=${EXPECT[$b]}
  phase "$b"
  measure_pair "$RUNS" "$e" "$INCANT" "$here/$b.e" -- "$e" "$INCANT" --std "$here/$b.fs" \
    -- "$e" "$tmp/$b"
  vi=$(fmt "$us_a" 1e6 3) vs=$(fmt "$us_b" 1e6 3) vc=$(fmt "$us_c" 1e6 3)
  vf=- vt=-
  if [ -n "$GF_FAST" ]; then measure "$RUNS" "$e" "$GF_FAST" "$here/$b.fs"; vf=$(fmt "$us" 1e6 3); fi
  if [ -n "$GF_ITC" ];  then measure "$RUNS" "$e" "$GF_ITC" "$here/$b.fs";  vt=$(fmt "$us" 1e6 3); fi
  add_row "$b" s "$vi" "$vs" "$vf" "$vt" "$vc"
done

# --- start-up ---------------------------------------------------------
phase "start-up ($STARTUP_RUNS runs each)"
# the C program that only exits in turn with incant too: the ratio to it
# is the cost of incant's own start, and a burst of load between the two
# would otherwise land on one side of it
measure_pair "$STARTUP_RUNS" "" "$INCANT" -e bye -- "" "$INCANT" --std -e bye -- "" "$tmp/exit0"
vi=$(fmt "$us_a" 1e3 3) vs=$(fmt "$us_b" 1e3 3) vc=$(fmt "$us_c" 1e3 3)
vf=- vt=-
if [ -n "$GF_FAST" ]; then measure "$STARTUP_RUNS" "" "$GF_FAST" -e bye; vf=$(fmt "$us" 1e3 3); fi
if [ -n "$GF_ITC" ];  then measure "$STARTUP_RUNS" "" "$GF_ITC" -e bye;  vt=$(fmt "$us" 1e3 3); fi
add_row "start-up (-e bye)" ms "$vi" "$vs" "$vf" "$vt" "$vc"
# the binary alone, without the image file beside it: it decompresses
# its own copy of the image (boot/snapshot.c)
mkdir -p "$tmp/alone" && cp "$INCANT" "$tmp/alone/incant" || die "cannot copy $INCANT"
measure_pair "$STARTUP_RUNS" "" "$tmp/alone/incant" -e bye -- "" "$tmp/alone/incant" --std -e bye
add_row "start-up, no .image" ms "$(fmt "$us_a" 1e3 3)" "$(fmt "$us_b" 1e3 3)" - - "$vc"

# --- loading a 10,000-line file ----------------------------------------
phase "load 10k lines"
load_expect=$("$here/gen-load.sh" "$tmp") || die "gen-load.sh failed"
lruns=$(( RUNS < 11 ? 11 : RUNS ))
measure_pair "$lruns" "$load_expect" "$INCANT" "$tmp/load.e" -- "$load_expect" "$INCANT" --std "$tmp/load.fs"
vi=$(fmt "$us_a" 1e3 2) vs=$(fmt "$us_b" 1e3 2)
vf=- vt=-
if [ -n "$GF_FAST" ]; then measure "$lruns" "$load_expect" "$GF_FAST" "$tmp/load.fs"; vf=$(fmt "$us" 1e3 2); fi
if [ -n "$GF_ITC" ];  then measure "$lruns" "$load_expect" "$GF_ITC" "$tmp/load.fs";  vt=$(fmt "$us" 1e3 2); fi
add_row "load 10k lines" ms "$vi" "$vs" "$vf" "$vt" -

# --- 40,000 error reports -----------------------------------------------
phase "40k error lines"
errors_expect=$("$here/gen-errors.sh" "$tmp") || die "gen-errors.sh failed"
timeit_io=(-i "$tmp/errors.txt" -e /dev/null)
measure "$RUNS" "$errors_expect" "$INCANT";   vi=$(fmt "$us" 1e6 3)
timeit_io=()
add_row "40k error lines" s "$vi" - - - -

# --- signal round trip ---------------------------------------------------
phase "signal round trip ($SIG_ROUNDS rounds)"
# per_trip FULL_US EMPTY_US: µs per round trip
per_trip() {
  case "$1$2" in
    *FAIL*) echo FAIL ;;
    *) awk -v a="$1" -v b="$2" -v n="$SIG_ROUNDS" 'BEGIN { printf "%.3f", (a - b) / n }' ;;
  esac
}
measure "$RUNS" "$SIG_ROUNDS" "$INCANT" -e "$SIG_ROUNDS constant rounds" "$here/sigrt.e"; full=$us
measure "$RUNS" 0 "$INCANT" -e "0 constant rounds" "$here/sigrt.e";                    empty=$us
vi=$(per_trip "$full" "$empty")
measure "$RUNS" "$SIG_ROUNDS" "$tmp/sigrt" "$SIG_ROUNDS"; full=$us
measure "$RUNS" 0 "$tmp/sigrt" 0;                         empty=$us
vc=$(per_trip "$full" "$empty")
add_row "signal round trip" "us/rt" "$vi" - - - "$vc"

# --- a guarded read against a plain one ------------------------------------
phase "safe@ and @ ($SAFE_ROUNDS reads)"
# per_read FULL_US EMPTY_US: ns per read
per_read() {
  case "$1$2" in
    *FAIL*) echo FAIL ;;
    *) awk -v a="$1" -v b="$2" -v n="$SAFE_ROUNDS" 'BEGIN { printf "%.2f", (a - b) * 1000 / n }' ;;
  esac
}
safe_expect=$((SAFE_ROUNDS * 3))
for g in 0 1; do
  measure "$RUNS" "$safe_expect" "$INCANT" -e "$SAFE_ROUNDS constant rounds $g constant guarded" "$here/safe.e"; full=$us
  measure "$RUNS" 0 "$INCANT" -e "0 constant rounds $g constant guarded" "$here/safe.e"; empty=$us
  read_ns[$g]=$(per_read "$full" "$empty")
done
add_row "cell read: @" "ns" "${read_ns[0]}" - - - -
add_row "cell read: safe@" "ns" "${read_ns[1]}" - - - -

# --- peak RSS and size ---------------------------------------------------
phase "peak RSS"
# rss CMD...: sets $kb, the largest ru_maxrss (KB) over a few forked runs
rss() {
  local res
  kb=FAIL
  timing "$@"
  if res=$("$TIMEIT" -f -n 5 -- "$@"); then kb=${res##* }; else failures+=("$* : exited badly"); fi
}
rss "$INCANT" -e bye; rss_i=$kb
rss "$tmp/alone/incant" -e bye; rss_alone=$kb
rss_f=- rss_t=-
if [ -n "$GF_FAST" ]; then rss "$GF_FAST" -e bye; rss_f=$kb; fi
if [ -n "$GF_ITC" ]; then rss "$GF_ITC" -e bye; rss_t=$kb; fi
rss "$tmp/exit0"; rss_c=$kb
size_i=$(stat -c %s "$INCANT")

# --- the table -----------------------------------------------------------
# geometric mean of incant / X over the four compute benchmarks (with
# a second argument: of X / incant)
geomean() {
  local col=$1 list=""
  for b in sieve bubble matrix fib; do
    if [ $# -gt 1 ]; then list+="$(ratio "${R[$b,$col]}" "${R[$b,i]}") "
    else list+="$(ratio "${R[$b,i]}" "${R[$b,$col]}") "; fi
  done
  case $list in *-*) echo "-" ;; *)
    echo "$list" | awk '{ s = 0; for (k = 1; k <= NF; k++) s += log($k); printf "%.2f", exp(s / NF) }' ;;
  esac
}
# when, and on what: a table compares with another only on the same CPU
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
gfv=$({ [ -n "$GF_FAST" ] && "$GF_FAST" --version 2>&1; } | head -1)
# table: the table and its summary, as stdout and $TABLE show them
table() {
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); CPU: ${cpu:-unknown}"
  printf '%-19s %-5s %10s %12s %11s %10s %9s | %5s %9s %9s %7s\n' \
    benchmark unit incant "incant --std" gforth-fast gforth-itc C "std/i" "i/gf-fast" "i/gf-itc" "i/C"
  printf '%.0s-' {1..120}; echo
  for r in "${rows[@]}"; do
    printf '%-19s %-5s %10s %12s %11s %10s %9s | %5s %9s %9s %7s\n' "$r" "${R[$r,unit]}" \
      "${R[$r,i]}" "${R[$r,s]}" "${R[$r,gf]}" "${R[$r,gi]}" "${R[$r,c]}" \
      "$(ratio "${R[$r,s]}" "${R[$r,i]}")" \
      "$(ratio "${R[$r,i]}" "${R[$r,gf]}")" "$(ratio "${R[$r,i]}" "${R[$r,gi]}")" \
      "$(ratio "${R[$r,i]}" "${R[$r,c]}")"
  done
  printf '%.0s-' {1..120}; echo
  echo "geometric mean incant --std/incant (sieve bubble matrix fib): $(geomean s inverse)"
  echo "geometric mean incant/gforth-fast (sieve bubble matrix fib): $(geomean gf)"
  echo "geometric mean incant/gforth-itc  (sieve bubble matrix fib): $(geomean gi)"
  echo "geometric mean incant/C           (sieve bubble matrix fib): $(geomean c)"
  echo "peak RSS of -e bye (KB): incant $rss_i ($rss_alone with no .image), gforth-fast $rss_f, gforth-itc $rss_t, C exit0 $rss_c (floor: the forked timer)"
  echo "binary size of $(basename "$INCANT"): $size_i bytes ($(awk -v s="$size_i" 'BEGIN { printf "%.1f", s / 1024 }') KB)"
  echo "medians of $RUNS runs ($STARTUP_RUNS for start-up, $lruns for load); ${gfv:-gforth absent}; $($CC --version | head -1) -O2 -fno-inline; $(nproc) cpus; ratio < 1: incant faster"
}
progress_clear
echo
table
if [ -n "$TABLE" ]; then
  table > "$TABLE" || die "cannot write $TABLE"
fi
# README.md shows the table of the last full run, indented as code
if [ -z "${BENCH_TABLE+set}" ] && [ ${#failures[@]} -eq 0 ]; then
  awk -v table="$TABLE" '
    /^<!-- bench table begin/ { print; print ""; while ((getline l < table) > 0) print "    " l; print ""; skip = 1; next }
    /^<!-- bench table end/ { skip = 0 }
    !skip' README.md > "$tmp/README.md" && cat "$tmp/README.md" > README.md
fi

if [ ${#failures[@]} -gt 0 ]; then
  echo >&2
  echo "bench: FAILED: ${#failures[@]} program(s) gave a wrong answer or failed:" >&2
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
