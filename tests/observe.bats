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
  local args=(--perf-map -e "sys-getpid 0 .r newline flush-output")
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
  # a line for each primitive, interpreter routine, code word, trampoline
  [ "$(wc -l < "$map")" -gt 150 ]
  run grep -Ecv '^[0-9a-f]+ [0-9a-f]+ [^ ].*$' "$map"
  [ "$output" = 0 ]
  run grep -Ec '^[0-9a-f]+ 0+ ' "$map"           # no empty range
  [ "$output" = 0 ]
}

@test "--perf-map writes through no symbolic link and waits on no FIFO at /tmp/perf-PID.map" {
  # /tmp is everyone's: the map was opened O_TRUNC through a link another
  # user left there (truncating what it pointed at), and a FIFO blocked
  # the open.  exec keeps the shell's pid, so the name is known.
  in_tmp
  echo precious > victim
  run --separate-stderr timeout 10 bash -c "echo \$\$ > pid; ln -sf '$PWD/victim' /tmp/perf-\$\$.map
    exec '$INCANT' --perf-map -e '1 2 + . bye'"
  rm -f "/tmp/perf-$(cat pid).map"
  assert_status 0
  assert_output "3 "
  [ "$stderr" = "incant: --perf-map: cannot open /tmp/perf-$(cat pid).map: too many levels of symbolic links" ]
  [ "$(cat victim)" = precious ]
  run --separate-stderr timeout 10 bash -c "echo \$\$ > pid; mkfifo /tmp/perf-\$\$.map
    exec '$INCANT' --perf-map -e '1 2 + . bye'"
  rm -f "/tmp/perf-$(cat pid).map"
  assert_status 0
  assert_output "3 "
  [ "$stderr" = "incant: --perf-map: cannot open /tmp/perf-$(cat pid).map: no such device or address" ]
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
  run_mapped ": t ( n -- n ) ?dup if 1+ then ;" "bye"
  assert_status 0
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ dup$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ find$' "$map"        # a primitive that calls C
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ docol$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ docon$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ signal-return-trampoline$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ signal-handler:handle-fault$' "$map"
  grep -Eq '^[0-9a-f]+ [0-9a-f]+ super:t\+0 \{\?dup 0branch\}$' "$map"
  # each interpreter routine is its own range: docol's ends where dovar's
  # code starts
  run_e "docol h. dovar h."
  local docol=${output%% *} dovar=${output#* }
  dovar=${dovar% }
  [ "$(map_name_at "$map" "$docol")" = docol ]
  [ "$(map_name_at "$map" "$dovar")" = dovar ]
  grep -Eq "^$docol $(printf %x $((16#$dovar - 16#$docol))) docol$" "$map"
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
sys-getpid 0 .r newline"
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
SHOW_RIP=": show-rip ( signum siginfo ucontext -- ) uc-rip @ h. newline 2drop 0 sys-exit ;
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
    -e "sys-getpid 0 .r newline
        : spin ( n -- ) 0 begin 1+ 2dup = until 2drop ;  50000000 spin"
  assert_status 0
  note_pid "${lines[0]}"
  run perf report -i perf.data --stdio --sort symbol
  assert_status 0
  [[ "$output" == *"super:spin+2 {1+ 2dup = 0branch}"* ]]
}

# ---- the gdb extension -----------------------------------------------------

# inner faults in a superinstruction; middle and outer call it for real
# (inner reads its frame with rp@, so it is not inlined into middle)
CRASH=': inner ( a b -- ) over rp@ drop 0x10 @ ;
: middle ( -- ) 5 6 inner drop ;
: outer ( -- ) 3 middle ;
outer
'

@test "gdb: forth-bt at a fault names the running primitive and each caller with file:line" {
  need_gdb
  put crash.e "$CRASH"
  in_tmp
  run_gdb -ex run -ex forth-bt -- crash.e
  [[ "$output" == *"Program received signal SIGSEGV"* ]]
  [[ "$output" == *"#0  ADDR in @ [super:inner+0 {over rp@ drop 16 @}]
#1  ADDR in inner (crash.e:1)
#2  ADDR in middle (crash.e:2)
#3  ADDR in outer (crash.e:3)
#4  ADDR in interpret"* ]]
  [[ "$output" == *" in main (core/top.e:"* ]]
}

@test "gdb: forth-bt in a process that has defined nothing: the line table not mapped yet" {
  # the regions are mapped as incant fills them, and the prelude's line
  # table is loaded on the first error report: the extension reads the
  # image's copy where the memory is not there
  need_gdb
  run_gdb -ex 'break h_find' -ex run -ex forth-bt -- -e 's" dup" find drop drop'
  [[ "$output" != *"cannot read"* ]]
  [[ "$output" == *" in main (core/top.e:"* ]]
}

@test "gdb: forth-bt names a definition inlined into a superinstruction" {
  need_gdb
  put nest.e ': sq ( n -- n ) dup * ;
: peek ( -- x ) 0x10 @ ;
: mid ( -- ) 7 sq peek drop ;
: top ( -- ) 1 2 mid ;
top
'
  in_tmp
  run_gdb -ex run -ex forth-bt -ex forth-stack -- nest.e
  [[ "$output" == *"#0  ADDR in @ [super:mid+0 {7 sq peek drop}]
#1           (inlined) in peek (defined at nest.e:2)
#2  ADDR in mid (nest.e:3)
#3  ADDR in top (nest.e:4)"* ]]
  [ "${lines[-1]}" = "<4> 1 2 49 16" ]
}

@test "gdb: forth-stack prints the value stack deepest first, as .s does" {
  need_gdb
  put crash.e "$CRASH"
  put stack.e "-7 0x7fffffffffffffff -1 : f ( -- ) 0x10 @ ; f"
  in_tmp
  run_gdb -ex run -ex forth-stack -- crash.e
  [ "${lines[-1]}" = "<5> 3 5 6 5 16" ]
  run_gdb -ex run -ex forth-stack -- stack.e
  [ "${lines[-1]}" = "<4> -7 9223372036854775807 -1 16" ]
}

@test "gdb: forth-word names superinstructions, bodies, machine code and stacks" {
  need_gdb
  put crash.e "$CRASH"
  in_tmp
  run_gdb -ex run -ex 'forth-word $pc' -ex 'forth-word $rsi - 8' \
          -ex 'forth-word **(long **)($rsi + 40)' -ex 'forth-word 0x6001fff8' \
          -ex 'forth-word $rbp' -- crash.e
  [[ "$output" =~ "is in superinstruction super:inner+0 {over rp@ drop 16 @} (code 0x"[0-9a-f]+", +"[0-9]+"), in its copy of @; it belongs to inner, cell 0 of its body (crash.e:1)" ]]
  [[ "$output" == *"is in the body of inner, cell 0: its superinstruction super:inner+0 {over rp@ drop 16 @} (crash.e:1)"* ]]
  [[ "$output" == *"is in the machine code of exit (+0)"* ]]
  [[ "$output" == *"0x6001fff8 is in the guard region below the value stack (an overflow)"* ]]
  [[ "$output" =~ "is in the control stack, "[0-9]+" bytes below its top" ]]
}

# A SIGUSR1 handler that calls C (find, so h_find) with what BEFORE left
# on its value stack, then runs AFTER; BIND binds its xt.
handler_program() {
  printf '%s\n' \
    ': helper-call ( -- ) s" dup" find drop ;' \
    ': fill-up ( -- ) 1000 0 do i loop ;  : empty ( -- ) 1000 0 do drop loop ;' \
    ": on-usr1 ( -- ) $1 helper-call $2 ;" \
    "' on-usr1 entry-to-execution-token $3" \
    ': inner ( -- ) SIGUSR1 raise ;' \
    ': outer ( -- ) 5 6 inner 2drop ;' \
    'outer'
}

@test "gdb: bt inside a Forth signal handler shows <signal handler called> and the interrupted word below it" {
  need_gdb
  in_tmp
  # whatever the handler's value stack holds: nothing, a thousand cells
  # and the restorer's address (what a signal frame starts with), the
  # same on the alternate stack, the three siginfo arguments
  local cases=(
    "||wrap-signal-handler SIGUSR1 bind-signal"
    "fill-up ['] signal-return-trampoline @|drop empty|wrap-signal-handler SIGUSR1 bind-signal"
    "fill-up ['] signal-return-trampoline @|drop empty|wrap-signal-handler SIGUSR1 SA_ONSTACK bind-signal-with"
    "1 2 3|2drop drop 2drop drop|wrap-signal-handler-info SIGUSR1 bind-signal-info"
  )
  local c before after bind
  for c in "${cases[@]}"; do
    IFS='|' read -r before after bind <<<"$c"
    handler_program "$before" "$after" "$bind" > handler.e
    run "$INCANT" handler.e
    assert_status 0
    run_gdb -ex 'handle SIGUSR1 nostop noprint' -ex 'break h_find' -ex run \
            -ex bt -ex 'bt -no-filters' -ex forth-bt -- handler.e
    [[ "$output" == *"#0  ADDR in h_find ()
#1  ADDR in find ()
#2  ADDR in <signal handler called> ()
#3  ADDR in syscall-2 ()
#4  ADDR in start_c ()
#5  ADDR in _start ()"* ]] || { echo "case: $c"; echo "$output"; return 1; }
    [[ "$output" == *$'\n#2  <signal handler called>\n'* ]]
    [[ "$output" == *"in on-usr1 (handler.e:3)
    <signal handler called>
#"*" ADDR in syscall-2
#"*" ADDR in inner (handler.e:5)
#"*" ADDR in outer (handler.e:6)"* ]]
  done
}

@test "gdb: bt from C called by Forth outside a handler goes through the Forth frame to start_c" {
  need_gdb
  put plain.e ': look ( -- ) s" dup" find drop ;  : outer ( -- ) 1 look drop ;  outer'
  in_tmp
  run_gdb -ex 'break h_find' -ex run -ex bt -ex forth-bt -ex forth-stack -- plain.e
  [[ "$output" == *"#0  ADDR in h_find ()
#1  ADDR in find ()
#2  ADDR in start_c ()
#3  ADDR in _start ()"* ]]
  [[ "$output" != *"signal handler"* ]]
  [[ "$output" == *"#0  ADDR in find
#1  ADDR in look (plain.e:1)
#2  ADDR in outer (plain.e:1)"* ]]
  [[ "${lines[-1]}" =~ ^"<2> 1 "[0-9]+$ ]]      # 1, and the string find is given
}

# Faults caught on purpose, as a program using memory barriers takes them.
BARRIERS=': touch ( -- ) 0x10 @ drop ;
: probe ( -- ) 100 0 do [\x27] touch catch drop loop ;
probe ." survived" cr'

@test "gdb: forth-barriers (or \$incant_barriers) lets SIGSEGV through silently; by default gdb stops at it" {
  need_gdb
  put barriers.e "$(printf "$BARRIERS")"
  in_tmp
  run_gdb -ex forth-barriers -ex run -- barriers.e
  [[ "$output" == *"SIGSEGV passes to incant silently"* ]]
  [[ "$output" == *"survived"* ]]
  [[ "$output" != *"Program received signal SIGSEGV"* ]]
  run bash -c 'gdb -nx -batch -ex "set \$incant_barriers = 1" -x "$0" -ex run --args "$1" barriers.e 2>&1' \
    "$BATS_TEST_DIRNAME/../tools/incant-gdb.py" "$INCANT"
  [[ "$output" == *"survived"* ]]
  [[ "$output" != *"Program received signal SIGSEGV"* ]]
  run_gdb -ex run -- barriers.e
  [[ "$output" == *"Program received signal SIGSEGV"* ]]
}
