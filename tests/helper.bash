# tests/helper.bash - shared set-up for the bats suite.
#
# Every test file starts with `load helper`.  Tests run the built binary
# the way a user does: as a command, with -e, a script file, or stdin.

bats_require_minimum_version 1.5.0

# The binary under test: $INCANT if set, else the one `make` builds.
INCANT="${INCANT:-$BATS_TEST_DIRNAME/../incant}"
INCANT="$(cd "$(dirname "$INCANT")" && pwd)/$(basename "$INCANT")"
export INCANT

# incant ARGS...: the binary itself, so `run incant ...` reads naturally.
incant() { "$INCANT" "$@"; }

# incant_in INPUT ARGS...: run incant ARGS with INPUT (printf %s) on stdin.
incant_in() {
  local input=$1
  shift
  printf '%s' "$input" | "$INCANT" "$@"
}

# run_e CODE...: run incant with each CODE as one -e option, stdout and
# stderr together in $output.
run_e() {
  local args=()
  local code
  for code in "$@"; do args+=(-e "$code"); done
  run "$INCANT" "${args[@]}"
}

# put PATH CONTENT: write CONTENT (printf %s) to PATH under the test's
# temporary directory, creating directories; prints nothing.
put() {
  mkdir -p "$(dirname "$BATS_TEST_TMPDIR/$1")"
  printf '%s' "$2" > "$BATS_TEST_TMPDIR/$1"
}

# in_tmp: work in the test's temporary directory, so that file names in
# messages are short and stable.
in_tmp() { cd "$BATS_TEST_TMPDIR" || return 1; }

# core_lines: replace the line numbers of prelude words in a backtrace
# (`in / (core/core.e:67)`) with N, so tests do not break when core.e grows.
core_lines() { sed -E 's/\((core|asm|lib)\/([a-z0-9_-]+)\.e:[0-9]+\)/(\1\/\2.e:N)/g'; }

# need_tool TOOL WHY: skip the test, saying WHY, unless TOOL is on PATH.
# For the editors, man and shell tools, which `make test` does not install.
need_tool() {
  command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed: $2"
}

# Assertions that show expected and actual side by side on failure.
assert_status() {
  if [ "$status" -ne "$1" ]; then
    printf 'expected status %s, got %s\noutput: %s\n' "$1" "$status" "$output" >&2
    return 1
  fi
}

assert_output() {
  if [ "$output" != "$1" ]; then
    printf 'expected output:\n%s\nactual output:\n%s\n' "$1" "$output" >&2
    return 1
  fi
}

assert_stderr() {
  if [ "$stderr" != "$1" ]; then
    printf 'expected stderr:\n%s\nactual stderr:\n%s\n' "$1" "$stderr" >&2
    return 1
  fi
}

# ok_output EXPECTED: status 0 and exactly EXPECTED on stdout+stderr.
ok_output() {
  assert_status 0 && assert_output "$1"
}

# ---- perf maps (tests/observe.bats) ----

# perf_map PID: the path of the map incant --perf-map writes
perf_map() { printf '/tmp/perf-%s.map' "$1"; }

# map_ranges FILE: each line as "START END name", START and END zero-padded
# hex so that a plain sort orders them by address
map_ranges() {
  local start size name
  while read -r start size name; do
    printf '%016x %016x %s\n' $((16#$start)) $((16#$start + 16#$size)) "$name"
  done < "$1"
}

# map_name_at FILE ADDR: the name of the range holding ADDR (hex, with or
# without 0x), or nothing
map_name_at() {
  local a=$((16#${2#0x})) start size name
  while read -r start size name; do
    if (( a >= 16#$start && a < 16#$start + 16#$size )); then
      printf '%s\n' "$name"
      return 0
    fi
  done < "$1"
}

# ---- gdb (tests/observe.bats) ----

# need_gdb: skip unless gdb with Python is installed and may run programs
need_gdb() {
  command -v gdb >/dev/null 2>&1 || skip "gdb is not installed"
  gdb -nx -batch -ex 'python import gdb.unwinder' >/dev/null 2>&1 ||
    skip "this gdb has no Python"
  gdb -nx -batch -ex run --args true 2>&1 | grep -q 'exited normally' ||
    skip "gdb cannot run programs here (ptrace not allowed?)"
}

# run_gdb GDB-ARGS... -- INCANT-ARGS...: gdb in batch mode with
# tools/incant-gdb.py loaded, on incant; hex addresses of 16 digits in
# $output become ADDR
run_gdb() {
  local gdb_args=()
  while [ "$1" != "--" ]; do gdb_args+=("$1"); shift; done
  shift
  run bash -c 'gdb -nx -batch -x "$0" "${@}" 2>&1 | sed -E "s/0x[0-9a-f]{16}/ADDR/g"' \
    "$BATS_TEST_DIRNAME/../tools/incant-gdb.py" "${gdb_args[@]}" --args "$INCANT" "$@"
}

# put_proc_printer FILE NAME [FIRST-LINE]: a standard-mode (.fs) program
# FILE that prints /proc/self/NAME of the incant running it; FIRST-LINE
# (a #! line) goes before it
put_proc_printer() {
  put "$1" "${3:+$3
}create buf 512 allot
    : show ( -- ) s\" /proc/self/$2\" r/o open-file throw >r
      begin buf 512 r@ read-line throw while buf swap type cr repeat
      drop r> close-file throw ;
    show"
}

# mapped_files BINARY: the files BINARY has mapped besides itself, from its
# /proc/self/maps
mapped_files() {
  put_proc_printer maps.fs maps
  "$1" "$BATS_TEST_TMPDIR/maps.fs" | awk '$6 ~ /^\// { print $6 }' | sort -u | grep -vx "$(readlink -f "$1")"
}

# paused_proc NAME: /proc/PID/NAME of an incant that has started and
# entered level 1 to run -e code, and defined nothing: one waiting in that
# code for a key, once level 1's control stack is mapped.  Run in a
# scratch directory (in_tmp).
paused_proc() {
  rm -f hold && mkfifo hold
  "$INCANT" -e 'key drop' <hold &
  local pid=$! tries=0
  exec 7>hold
  until grep -q '^67e10000-' "/proc/$pid/maps" 2>/dev/null || [ $((tries += 1)) -gt 200 ]; do
    sleep 0.01
  done
  cat "/proc/$pid/$1"
  exec 7>&-
  wait "$pid" || true
}

# level1_vmsize: the VmSize (KB) of such an incant (status.fs-like
# printers define words, and the regions are mapped as definitions need
# them)
level1_vmsize() {
  paused_proc status | awk '$1 == "VmSize:" { print $2 }'
}
