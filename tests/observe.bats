#!/usr/bin/env bats
# Seeing inside a running program: the perf map (--perf-map), the gdb
# extension (tools/incant-gdb.py), and gdb's own bt through Forth signal
# handlers.  The gdb and perf tests skip when the tool is missing.

load helper

# Maps are named by pid, so they outlive the test: remove the ones made.
teardown() {
  local pid
  if [ -f "$BATS_TEST_TMPDIR/pids" ]; then
    while read -r pid; do rm -f "$(perf_map "$pid")"; done < "$BATS_TEST_TMPDIR/pids"
  fi
  return 0
}

# note_pid PID: remember a process whose map teardown removes; sets $map
note_pid() {
  echo "$1" >> "$BATS_TEST_TMPDIR/pids"
  map=$(perf_map "$1")
}

# run_mapped CODE...: run incant --perf-map with each CODE as an -e, after
# one that prints the pid as the first line; $map is the map's path and
# $lines[0] the pid
run_mapped() {
  local args=(--perf-map -e "sys-getpid (.) newline flush-output")
  local code
  for code in "$@"; do args+=(-e "$code"); done
  run "$INCANT" "${args[@]}"
  note_pid "${lines[0]}"
}

# ---- the perf map ----------------------------------------------------------

@test "--perf-map writes /tmp/perf-PID.map: START SIZE name, hex without 0x, one range a line" {
  run_mapped "bye"
  assert_status 0
  [ -f "$map" ]
  [ "$(wc -l < "$map")" -gt 500 ]
  run grep -Ecv '^[0-9a-f]+ [0-9a-f]+ [^ ].*$' "$map"
  [ "$output" = 0 ]
  run grep -Ec '^[0-9a-f]+ 0+ ' "$map"           # no empty range
  [ "$output" = 0 ]
}

@test "the ranges of the perf map do not overlap" {
  run_mapped ": sq ( n -- n ) dup * ;  : t ( -- ) 3 sq 5 + drop ;  t" \
             "code x3 ( n -- ) :rax pop-reg64 end-code" "bye"
  assert_status 0
  map_ranges "$map" | sort > "$BATS_TEST_TMPDIR/sorted"
  run awk '("" prev_end) > ("" $1) { print "overlap: " prev " | " $0 }
           { prev = $0; prev_end = $2 }' "$BATS_TEST_TMPDIR/sorted"
  assert_output ""
}

@test "the perf map names primitives, interpreter routines, code words and trampolines by their words" {
  run_mapped "bye"
  assert_status 0
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ dup$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ find$' "$map"        # a primitive that calls C
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ docol$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ docon$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ signal-return-trampoline$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ signal-handler:handle-fault$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ super:throw\+0 \{\?dup 0branch\}$' "$map"
  # each interpreter routine is its own range: docol's is exactly its
  # code (lea, mov, lea, NEXT: 4+4+4+4 bytes)
  run_e "docol h. dovar h."
  [ "$(map_name_at "$map" "${output%% *}")" = docol ]
  grep -Eq "^${output%% *} 10 docol$" "$map"
}

@test "the perf map gets a line for each code word and superinstruction as it is made, even if the process is killed" {
  run_mapped "code add3 ( a b c -- n ) :rax pop-reg64 :rax :rsp 0 add-mem64-reg64
                :rax pop-reg64 :rax :rsp 0 add-mem64-reg64 end-code" \
             ": sq ( n -- n ) dup * ;  : poly ( n -- n ) dup sq swap 3 * + 1 + ;" \
             "variable seen  : on-usr1 ( -- ) 1 seen +! ;
              ' on-usr1 entry-to-execution-token wrap-signal-handler drop" \
             "sys-getpid SIGKILL sys-kill"
  [ "$status" -eq 137 ]
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ add3$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ super:sq\+0 \{dup \*\}$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ super:poly\+0 \{dup sq swap 3 \* \+ 1 \+\}$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ signal-handler:on-usr1$' "$map"
}

@test "INCANT_PERF_MAP=1 turns the map on for a #! script; without it no map is written" {
  put hello.e "#!/usr/bin/env incant
sys-getpid (.) newline"
  chmod +x "$BATS_TEST_TMPDIR/hello.e"
  in_tmp
  PATH="$(dirname "$INCANT"):$PATH" INCANT_PERF_MAP=1 run ./hello.e
  assert_status 0
  note_pid "$output"
  [ -f "$map" ]
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ dup$' "$map"
  for setting in "-u INCANT_PERF_MAP" "INCANT_PERF_MAP=0"; do
    run env $setting "$INCANT" hello.e
    note_pid "$output"
    [ ! -e "$map" ]
  done
}

# A SIGSEGV handler that prints the interrupted rip and leaves.
SHOW_RIP=": show-rip ( signum siginfo ucontext -- ) uc-rip @ 16 (u.) newline 2drop 0 sys-exit ;
  ' show-rip entry-to-execution-token wrap-signal-handler-info SIGSEGV bind-signal-info"

@test "the rip of a fault inside a primitive lies in the range named after it" {
  run_mapped "$SHOW_RIP" "0x10 @"
  assert_status 0
  [ "$(map_name_at "$map" "${lines[1]}")" = "@" ]
}

@test "the rip of a fault inside a superinstruction lies in the range named after it and its definition" {
  run_mapped "$SHOW_RIP" ": peek ( -- x ) 0x10 @ ;  : outer ( -- ) 1 2 peek ;  outer"
  assert_status 0
  [ "$(map_name_at "$map" "${lines[1]}")" = "super:outer+0 {1 2 peek}" ]
}

@test "the address in a SIGILL crash report lies in the code word that holds it" {
  run_mapped "s\" bad\" create self-codeword here @ 0x90 pack8 0x0f pack8 0x0b pack8 here ! ;asm" \
             "bad"
  assert_status 1
  [[ "${lines[1]}" =~ "illegal instruction: SIGILL at 0x"([0-9a-f]+)$ ]]
  [ "$(map_name_at "$map" "${BASH_REMATCH[1]}")" = "bad" ]
}

@test "perf record and perf report name Forth primitives and superinstructions" {
  perf record -q -e cpu-clock -o "$BATS_TEST_TMPDIR/probe.data" true >/dev/null 2>&1 ||
    skip "perf cannot record on this machine"
  in_tmp
  run perf record -q -e cpu-clock -o perf.data -- "$INCANT" --perf-map \
    -e "sys-getpid (.) newline
        : spin ( n -- ) 0 begin 1+ 2dup = until 2drop ;  50000000 spin"
  assert_status 0
  note_pid "${lines[0]}"
  run perf report -i perf.data --stdio --sort symbol
  assert_status 0
  [[ "$output" == *"super:spin+2 {1+ 2dup = 0branch}"* ]]
}
