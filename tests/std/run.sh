#!/usr/bin/env bash
# tests/std/run.sh - run the standard Forth test suites that gforth ships
# (John Hayes' tester.fs and the suites built on it) on incant, in
# standard mode, and say per suite how many tests ran and how many failed.
#
#   tests/std/run.sh [SUITE.fs ...]     (what `make test-std` runs)
#
# Environment:
#   INCANT=path      the binary under test (./incant)
#   HAYES_DIR=dir    where the suites are (/usr/share/gforth/0.7.3/test,
#                    from the Debian package gforth-common)
#
# The suites are read where they are; nothing of them is copied.  Each
# runs in a fresh incant, through a driver that loads tester.fs, then
# tests/std/count.fs (which counts the tests: see there), then the suite
# inside `catch`, so that an error that stops it is reported with the
# counts so far.  A test that was running when the error came counts as
# failed; the tests after it did not run.
#
# Output, one line a suite:  SUITE  TESTS  FAILED  [stopped: the error]
# then the lines tester.fs printed for the failures (at most 10 a suite),
# then the word sets checkans.fs (in the same directory) finds complete.
# Exit status 0 when every suite ran (failures or not), 2 when the suites
# are missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
INCANT=${INCANT:-$root/incant}
case $INCANT in /*) ;; *) INCANT=$PWD/$INCANT ;; esac
HAYES_DIR=${HAYES_DIR:-/usr/share/gforth/0.7.3/test}

if [ ! -f "$HAYES_DIR/tester.fs" ]; then
  echo "test-std: no $HAYES_DIR/tester.fs (Debian package gforth-common)" >&2
  exit 2
fi

# The suites, in the order they are shown, and what each needs loaded
# before it (postpone.fs uses coretest.fs's definitions; dbltest.fs
# requires coretest.fs itself).
suites=(coretest.fs coreext.fs coremore.fs dbltest.fs string.fs search.fs
        postpone.fs deferred.fs)
[ $# -gt 0 ] && suites=("$@")
declare -A before=([postpone.fs]=coretest.fs)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/incant-std.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# driver SUITE: the standard Forth program that runs it
driver() {
  local suite=$1 pre=${before[$1]:-}
  cat <<EOF
\\ ttester.fs compiles COMPUTE-CELLS-PER-FP and FTESTER even where there
\\ is no floating point (the first runs once, the second never does in
\\ these suites): stand-ins for the float words they use
: 0E 0 ;  : FDROP DROP ;  : F@ @ ;  : FCONF= = ;
0 warnings !
s" $HAYES_DIR/tester.fs" included
s" $here/count.fs" included
: run-suite ( -- code )
EOF
  [ -n "$pre" ] && echo "  s\" $HAYES_DIR/$pre\" ['] included catch ?dup if exit then"
  cat <<EOF
  s" $HAYES_DIR/$suite" ['] included catch ;
run-suite  0 state !  count-report
also core-internals  dup [if] report-error [else] drop [then]
bye
EOF
}

printf '%-14s %6s %7s\n' suite tests failed
for suite in "${suites[@]}"; do
  driver "$suite" > "$tmp/driver.fs"
  "$INCANT" "$tmp/driver.fs" > "$tmp/out" 2> "$tmp/err" < /dev/null
  line=$(grep -a "^hayes: .*/$suite: " "$tmp/out")
  tests=$(echo "$line" | sed -nE 's/.*: ([0-9]+) tests, ([0-9]+) failed$/\1/p')
  failed=$(echo "$line" | sed -nE 's/.*: ([0-9]+) tests, ([0-9]+) failed$/\2/p')
  stopped=$(grep -a -m1 'error' "$tmp/err" | sed "s|$HAYES_DIR/||")
  printf '%-14s %6s %7s' "$suite" "${tests:-0}" "${failed:-0}"
  [ -n "$stopped" ] && printf '   stopped: %s' "$stopped"
  echo
  grep -a -E '^(INCORRECT|WRONG|NUMBER OF)' "$tmp/out" | head -n 10 | sed 's/^/    /'
done

# checkans.fs: which Forth-94 word sets are complete
if [ -f "$HAYES_DIR/checkans.fs" ]; then
  echo
  echo "word sets (checkans.fs, Forth-94's lists):"
  (cd "$tmp" && "$INCANT" --std -e "s\" $HAYES_DIR/checkans.fs\" included" -e bye \
     < /dev/null 2>&1) | sed -n '/^Wordset:/,$p' | sed 's/^/  /'
fi
exit 0
