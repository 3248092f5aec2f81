#!/usr/bin/env bats
# `make bench` (tests/bench/run.sh) shows its progress on stderr and keeps
# its table and summary on stdout.  Run with one run per benchmark and
# gforth left out, so each test takes seconds, not minutes.

load helper

RUN="$BATS_TEST_DIRNAME/bench/run.sh"

setup() {
  in_tmp
  export BENCH_RUNS=1 BENCH_STARTUP_RUNS=3 BENCH_SIG_ROUNDS=100 BENCH_SAFE_ROUNDS=1000 \
    GFORTH_FAST= GFORTH_ITC= \
    BENCH_TABLE=$PWD/table.txt
}

# assert_summary FILE: FILE ends with the table's summary lines, as
# `make bench` has always printed them.
assert_summary() {
  run tail -n 6 "$1"
  [[ "${lines[0]}" == "geometric mean incant/gforth-fast (sieve bubble matrix fib): -" ]]
  [[ "${lines[1]}" == "geometric mean incant/gforth-itc  (sieve bubble matrix fib): -" ]]
  [[ "${lines[2]}" == "geometric mean incant/C           (sieve bubble matrix fib): "[0-9]* ]]
  [[ "${lines[3]}" == "peak RSS of -e bye (KB): incant "[0-9]*" ("[0-9]*" with no .image), gforth-fast -, gforth-itc -, C exit0 "[0-9]*" (floor: the forked timer)" ]]
  [[ "${lines[4]}" == "binary size of incant: "[0-9]*" bytes ("*" KB)" ]]
  [[ "${lines[5]}" == "medians of 1 runs (3 for start-up, 11 for load); gforth absent; "*"; ratio < 1: incant faster" ]]
}

@test "bench off a terminal: a progress line per benchmark on stderr, the table on stdout" {
  "$RUN" > out.txt 2> err.txt
  run sed 1d err.txt
  assert_output "bench: gforth not found; its columns show -
bench: [1/10] sieve
bench: [2/10] bubble
bench: [3/10] matrix
bench: [4/10] fib
bench: [5/10] start-up (3 runs each)
bench: [6/10] load 10k lines
bench: [7/10] 40k error lines
bench: [8/10] signal round trip (100 rounds)
bench: [9/10] safe@ and @ (1000 reads)
bench: [10/10] peak RSS"
  [[ "$(head -n 1 err.txt)" == "bench: building the C programs in "* ]]
  run grep -c '^sieve  *s  ' out.txt
  assert_output 1
  # the guarded read beside the plain one, each in ns
  run grep -cE '^cell read: (@|safe@) +ns +[0-9.-]+ ' out.txt
  assert_output 2
  # standard mode runs the .fs programs, beside the dialect's figures
  run grep -c '^benchmark  *unit  *incant  *incant --std  *gforth-fast .* std/i ' out.txt
  assert_output 1
  run grep -E '^geometric mean incant --std/incant \(sieve bubble matrix fib\): [0-9.]+$' out.txt
  assert_status 0
  run grep -Ec '^40k error lines +s +[0-9]+\.[0-9]{3} +- +- +- +- \|' out.txt
  assert_output 1
  # start-up with the image file mapped, and with the binary alone
  run grep -Ec '^start-up( \(-e bye\)|, no \.image) +ms +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} ' out.txt
  assert_output 2
  assert_summary out.txt
}

@test "bench writes its table, dated and naming the CPU, to BENCH_TABLE as well" {
  "$RUN" > out.txt 2> /dev/null
  # stdout: a blank line, then the table exactly as the file holds it
  run diff <(sed 1d out.txt) table.txt
  assert_status 0
  run head -n 1 table.txt
  [[ "$output" == 20[0-9][0-9]-[01][0-9]-[0-3][0-9]" "[0-2][0-9]:[0-5][0-9]" UTC; CPU: $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)" ]]
  # the C programs are built with inlining off, and the summary says so
  run grep -c ' -O2 -fno-inline; ' table.txt
  assert_output 1
}

@test "bench on a terminal: one progress line naming the benchmark and the system, then cleared" {
  need_tool script "a terminal is made with script (util-linux)"
  script -qec "'$RUN' > out.txt" /dev/null < /dev/null > tty.txt
  # two plain lines (building the C programs, gforth missing), then the
  # in-place line: carriage return, erase, text, and never a newline
  [ "$(wc -l < tty.txt)" = 2 ]
  run bash -c "tail -n +3 tty.txt | sed 's/\r\x1b\[K/\n/g'"
  [[ "${lines[0]}" == "bench: [1/10] sieve" ]]
  [[ "${lines[1]}" == "bench: [1/10] sieve: incant, incant --std, C in turn" ]]
  [[ "${lines[2]}" == "bench: [2/10] bubble" ]]
  [[ "${lines[-1]}" == "bench: [10/10] peak RSS: C" ]]
  # and the last thing written clears it
  [ "$(tail -c 4 tty.txt | od -An -c | tr -d ' ')" = '\r033[K' ]
  assert_summary out.txt
}
