#!/usr/bin/env bats
# The standard Forth test suites gforth ships (John Hayes' tester.fs and
# the suites built on it), run on incant in standard mode by
# tests/std/run.sh, which is what `make test-std` runs.  coretest.fs must
# pass whole; the other suites' figures are pinned, so that a change in
# them, better or worse, shows here first.

load helper

RUN="$BATS_TEST_DIRNAME/std/run.sh"
export HAYES_DIR="${HAYES_DIR:-/usr/share/gforth/0.7.3/test}"

setup_file() {
  [ -f "$HAYES_DIR/tester.fs" ] || return 0
  "$RUN" > "$BATS_FILE_TMPDIR/suites.txt" 2>&1
}

setup() {
  [ -f "$HAYES_DIR/tester.fs" ] ||
    skip "no $HAYES_DIR (Debian package gforth-common; make test installs it)"
}

# suite NAME: the line run.sh printed for it
suite() { grep "^$1 " "$BATS_FILE_TMPDIR/suites.txt"; }

@test "coretest.fs: all 639 tests pass" {
  run suite coretest.fs
  assert_output "coretest.fs       639       0"
}

@test "the suites of CORE EXT, DOUBLE, STRING, postpone and deferred words pass" {
  run suite coreext.fs;  assert_output "coreext.fs          4       0"
  run suite coremore.fs; assert_output "coremore.fs         8       0"
  run suite dbltest.fs;  assert_output "dbltest.fs         77       0"
  run suite string.fs;   assert_output "string.fs           7       0"
  run suite postpone.fs; assert_output "postpone.fs       185       0"
  run suite deferred.fs; assert_output "deferred.fs        18       0"
}

@test "search.fs stops at its floating-point literal, the one thing it needs that incant lacks" {
  run suite search.fs
  assert_output "search.fs           2       1   stopped: search.fs:36:39: error -13: undefined word: 5e"
}

@test "no failure lines from tester.fs in any suite" {
  run grep -E '^ +(INCORRECT|WRONG)' "$BATS_FILE_TMPDIR/suites.txt"
  assert_status 1
}

@test "checkans.fs finds the CORE, DOUBLE, EXCEPTION, FILE, MEMORY, SEARCH and STRING word sets complete" {
  for ws in CORE DOUBLE DOUBLE-EXT EXEPTION EXEPTION-EXT FILE FILE-EXT MEMORY TOOLKIT SEARCH SEARCH-EXT STRING; do
    grep -qE "^  $ws +complete" "$BATS_FILE_TMPDIR/suites.txt" ||
      { echo "$ws is not complete:"; cat "$BATS_FILE_TMPDIR/suites.txt"; return 1; }
  done
}

@test "the figures count what tester.fs reports: wrong results, wrong depths, and a test an error stopped" {
  # a suite of our own beside gforth's tester.fs: 2 pass, 3 fail, 1 never runs
  mkdir -p "$BATS_TEST_TMPDIR/suites"
  ln -s "$HAYES_DIR/tester.fs" "$HAYES_DIR/ttester.fs" "$BATS_TEST_TMPDIR/suites/"
  printf '%s\n' 'require ./tester.fs' '{ 1 2 + -> 3 }' '{ 1 2 + -> 4 }' '{ 1 2 -> 1 }' \
    'T{ 2 3 swap -> 3 2 }T' '{ 5 nosuchword -> 5 }' '{ 1 -> 1 }' > "$BATS_TEST_TMPDIR/suites/mine.fs"
  HAYES_DIR="$BATS_TEST_TMPDIR/suites" run "$RUN" mine.fs
  assert_status 0
  assert_output "suite           tests  failed
mine.fs             5       3   stopped: mine.fs:6:5: error -13: undefined word: nosuchword
    INCORRECT RESULT: { 1 2 + -> 4 }
    WRONG NUMBER OF RESULTS: { 1 2 -> 1 }"
}

@test "without the suites, test-std says where it looked" {
  HAYES_DIR="$BATS_TEST_TMPDIR/none" run "$RUN"
  assert_status 2
  assert_output "test-std: no $BATS_TEST_TMPDIR/none/tester.fs (Debian package gforth-common)"
}
