#!/usr/bin/env bats
# Fault tolerance: faults become exceptions, the REPL recovers, scripts exit.

load helper

# repl INPUT: the piped REPL, stderr and stdout together
repl() { run bash -c "printf '%s' \"\$1\" | '$INCANT' 2>&1" _ "$1"; }

@test "REPL: a bad address is error -9 with the address, and the REPL goes on" {
  repl $'0x10 @\n1 2 + .\n'
  ok_output "<stdin>:1:6: error -9: invalid memory address: SIGSEGV at 0x10
  in @
3 "
}

@test "REPL: runaway recursion is a control stack overflow" {
  repl $': f recurse ; f\n7 .\n'
  ok_output "<stdin>:1:15: error -5: control stack overflow
  in f
  in f (<stdin>:1)
  in f (<stdin>:1)
  ... the same 131070 more times
7 "
}

@test "REPL: runaway pushes are a value stack overflow" {
  repl $': g begin 1 again ; g\n.s\n'
  ok_output "<stdin>:1:21: error -3: value stack overflow
  in lit
  in g (<stdin>:1)
<0> "
}

@test "REPL: deep underflow is a value stack underflow" {
  repl $': u begin drop again ; 1 2 3 u\n.s\n'
  ok_output "<stdin>:1:30: error -4: value stack underflow
  in drop
  in u (<stdin>:1)
<0> "
}

@test "REPL: control stack underflow is -6" {
  repl $': v begin r> drop again ; v\n5 .\n'
  assert_status 0
  [ "${lines[0]}" = "<stdin>:1:27: error -6: control stack underflow" ]
  [ "${lines[-1]}" = "5 " ]
}

@test "REPL: a word that pops its own return address is -6, at once, and the REPL goes on" {
  repl $': t r> ; t\n: u r> drop r> drop r> drop r> drop r> drop ; u\n: w r@ rdrop rdrop ; w\n5 .\n'
  assert_status 0
  assert_output "<stdin>:1:10: error -6: control stack underflow
  in exit
<stdin>:2:47: error -6: control stack underflow
  in r>
  in u (<stdin>:2)
<stdin>:3:22: error -6: control stack underflow
  in rdrop
  in w (<stdin>:3)
5 "
}

@test "script and -e: control stack underflow is -6 and exits 1" {
  put t.e $'1 . : t r> ; t\n2 .\n'
  in_tmp
  run "$INCANT" t.e
  assert_status 1
  assert_output "1 t.e:1:14: error -6: control stack underflow
  in exit"
  run "$INCANT" -e ': t r> drop r> drop ; t'
  assert_status 1
  assert_output "-e:1:23: error -6: control stack underflow
  in r>
  in t (-e:1)"
}

@test "control stack underflow in an included file and in evaluate is -6 too" {
  put inc.e $': t r> ; t\n'
  in_tmp
  repl $'include inc.e\ns" : u r> drop r> drop ; u" dup strlen evaluate\n7 .\n'
  assert_status 0
  assert_output "inc.e:1:10: error -6: control stack underflow
  included from <stdin>:1
  in exit
<evaluate>:1:23: error -6: control stack underflow
  evaluated from <stdin>:2
  in r>
  in u (<evaluate>:1)
7 "
}

@test "the stacks' guards are holes in the address space, not mappings, and still fault" {
  # start.c maps each stack where nothing is; a reservation cut into
  # pieces by mprotect cost every start-up eleven more mappings to make
  # and to undo.  The levels' control stacks ((interpret-enter)) too.
  put_proc_printer maps.fs maps
  in_tmp
  run bash -c "'$INCANT' maps.fs | grep -E '^(5f|6[0-9a-d])[0-9a-f]{6}-[0-9a-f]+ ---p'"
  assert_output ""
  run "$INCANT" -e ': deep 1 >r recurse ; deep'
  assert_status 1
  [[ "$output" == *"error -5: control stack overflow"* ]]
  run "$INCANT" -e ': flood begin 1 again ; flood'
  [[ "$output" == *"error -3: value stack overflow"* ]]
}

@test "with no address space left for a nested level's control stack, entering it is -5" {
  # ulimit -v a little above what incant has mapped: the nested levels of
  # evaluate find no room for their control stacks.  The failed mapping
  # was taken for a mapped one, and the first push was a bare SIGSEGV;
  # run on the stack it was on instead, a level would lose the guard
  # that makes `r>` one too many -6.
  put_proc_printer status.fs status
  put nest.e 'variable n
    : nest ( -- ) n @ 6 < if 1 n +! s" nest" dup strlen evaluate else n @ . then ;
    nest'
  in_tmp
  local size   # with level 1's control stack, where status.fs runs
  size=$("$INCANT" status.fs | awk '$1 == "VmSize:" { print $2 }')
  [ -n "$size" ]
  run bash -c "ulimit -v $((size + 1500)); '$INCANT' nest.e"
  assert_status 1
  [[ "$output" == "<evaluate>:1:1: error -5: control stack overflow"* ]]
  # no room for level 1's: the -e code is -5, and the next -e is not run
  size=$(level1_vmsize)
  [ -n "$size" ]
  run bash -c "ulimit -v $((size - 500)); '$INCANT' -e ': t r> ; t' -e '.( after )'"
  assert_status 1
  assert_output "-e:1:1: error -5: control stack overflow"
}

@test "with no address space left for a region to grow, a variable is error -8 saying so, and backtraces keep their words" {
  # the regions other than the log are mapped as definitions need them
  # (boot/log.c log_need): under ulimit -v that can fail where nothing
  # failed at start
  in_tmp
  size=$(level1_vmsize)
  [ -n "$size" ]
  run bash -c "ulimit -v $((size + 100)); '$INCANT' -e '600000 buffer: b'"
  assert_status 1
  [ "${lines[0]}" = "-e:1:8: error -8: the log is full: no address space left to map 600000 bytes of variables" ]
  # the line table cannot be loaded, nor superinstructions made: the
  # words are still named
  run bash -c "ulimit -v $((size + 100)); '$INCANT' -e ': t 1 0 / ; : u t ; u'"
  assert_status 1
  [[ "$output" == *"error -10: division by zero"*"in /"*"in t"*"in u"* ]]
}

@test "too little address space to start says which mapping failed and why" {
  run bash -c "ulimit -v 100000; '$INCANT' -e bye"
  assert_status 2
  assert_output "incant: cannot map the log and its regions at 0xa000000: ENOMEM (out of memory)"
}

@test "REPL: division by zero is -10" {
  repl $'1 0 /\n1 0 mod\n2 .\n'
  output=$(core_lines <<<"$output")
  ok_output "<stdin>:1:5: error -10: division by zero
  in /%
  in / (core/core.e:N)
<stdin>:2:5: error -10: division by zero
  in /%
  in mod (core/core.e:N)
2 "
}

@test "REPL: an illegal instruction is -256 naming the address" {
  repl $'s" bad" create self-codeword here @ 0x0f pack8 0x0b pack8 here ! ;asm\nbad\n3 .\n'
  assert_status 0
  [[ "${lines[0]}" =~ ^"<stdin>:2:1: error -256: illegal instruction: SIGILL at 0x"[0-9a-f]+$ ]]
  [ "${lines[1]}" = "  in bad" ]
  [ "${lines[2]}" = "3 " ]
}

@test "REPL: ten overflow recoveries in one session, the guards still work" {
  local input=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    input+=$': f recurse ; f\n: g begin 1 again ; g\n'
  done
  input+=$'1 2 + .\n'
  repl "$input"
  assert_status 0
  [ "$(grep -c 'error -5: control stack overflow' <<<"$output")" -eq 10 ]
  [ "$(grep -c 'error -3: value stack overflow' <<<"$output")" -eq 10 ]
  [ "${lines[-1]}" = "3 " ]
}

@test "catch returns the code of each fault and execution goes on" {
  run_e ": bad-address ( -- ) 0x10 @ drop ;
         : deep ( -- ) recurse ;
         : pushes ( -- ) begin 0 again ;
         : pops ( -- ) begin drop again ;
         : divide ( -- ) 1 0 / drop ;
         1 2
         ' bad-address entry-to-execution-token catch .
         ' deep entry-to-execution-token catch .
         ' pushes entry-to-execution-token catch .
         ' pops entry-to-execution-token catch .
         ' divide entry-to-execution-token catch .
         + ."
  ok_output "-9 -5 -3 -4 -10 3 "
}

@test "catch of a fault keeps the stack below the catch intact" {
  run_e ": pushes ( -- ) begin 7 again ;
         : try ( -- n ) 10 20 ['] pushes catch ;
         try . . ."
  ok_output "-3 20 10 "
}

@test "script: a fault reports and exits 1, output before it is kept" {
  put f.e $'." start" newline\n: inner ( -- ) 0x20 @ ;\n: outer ( -- ) inner ;\nouter\n." never"\n'
  in_tmp
  run -1 "$INCANT" f.e
  assert_output "start
f.e:4:1: error -9: invalid memory address: SIGSEGV at 0x20
  in @
  in inner (f.e:2)
  in outer (f.e:3)"
}

@test "script: a stack overflow reports and exits 1" {
  put f.e $': f ( -- ) recurse ;\nf\n'
  in_tmp
  run -1 "$INCANT" f.e
  [ "${lines[0]}" = "f.e:2:1: error -5: control stack overflow" ]
}

@test "script: SIGINT during a tight loop exits 130" {
  put spin.e $'." spinning" newline flush-output\n: spin ( -- ) begin again ;\nspin\n'
  in_tmp
  "$INCANT" spin.e > out.txt &
  pid=$!
  for _ in $(seq 200); do grep -q spinning out.txt 2>/dev/null && break; sleep 0.01; done
  kill -INT $pid
  status=0
  wait $pid || status=$?
  assert_status 130
}

@test "script: SIGTERM flushes output and exits 143, SIGHUP 129" {
  put spin.e $': lots ( -- ) 100 0 do i . loop ; lots\n: spin ( -- ) begin again ;\nspin\n'
  in_tmp
  for sig in TERM HUP; do
    "$INCANT" spin.e > out.txt &
    pid=$!
    sleep 0.2
    kill -$sig $pid
    status=0
    wait $pid || status=$?
    if [ $sig = TERM ]; then assert_status 143; else assert_status 129; fi
    grep -q "98 99 " out.txt
  done
}

@test "REPL: Ctrl-C interrupts a tight loop with -28 and the REPL keeps working" {
  in_tmp
  mkfifo in.fifo
  "$INCANT" -i < in.fifo > out.txt 2>&1 &
  pid=$!
  exec 8> in.fifo
  echo ': spin ( -- ) begin again ; spin' >&8
  sleep 0.3
  kill -INT $pid
  sleep 0.1
  echo '6 7 * .' >&8
  exec 8>&-
  status=0
  wait $pid || status=$?
  assert_status 0
  run cat out.txt
  [[ "$output" == *"error -28: interrupted: SIGINT"* ]]
  [[ "$output" == *"  in spin (<stdin>:1)"* ]]
  [[ "$output" == *"42  ok"* ]]
}

@test "REPL: Ctrl-C interrupts a blocking read with -28" {
  in_tmp
  mkfifo in.fifo
  "$INCANT" -i < in.fifo > out.txt 2>&1 &
  pid=$!
  exec 8> in.fifo
  echo '8 buffer: b : wait-key ( -- ) 0 b 1 sys-read drop ; wait-key' >&8
  sleep 0.3
  kill -INT $pid
  sleep 0.1
  echo '1 2 + .' >&8
  exec 8>&-
  wait $pid
  run cat out.txt
  [[ "$output" == *"error -28: interrupted: SIGINT"* ]]
  [[ "$output" == *"3  ok"* ]]
}

@test "a script writing into a closed pipe ends quietly" {
  put loud.e $': loud ( -- ) 1000000 0 do i . newline loop ; loud\n'
  in_tmp
  run bash -c "'$INCANT' loud.e 2>err.txt | head -1; cat err.txt"
  ok_output "0 "
}

@test "a fault inside a signal handler is an ordinary error, with both stacks of calls" {
  run_e ": boom ( signum info uc -- ) 0 @ ;
         ' boom entry-to-execution-token wrap-fault-handler SIGUSR1 bind-fault
         : send ( -- ) SIGUSR1 raise ; send"
  assert_status 1
  output=$(core_lines <<<"$output")
  assert_output "-e:3:40: error -9: invalid memory address: SIGSEGV at 0x0
  in @
  in boom (-e:1)
  in syscall-2
  in raise (lib/linux.e:N)
  in send (-e:3)"
}

@test "after a fault inside a signal handler, that signal is handled again" {
  run_e "variable hits
         : count-or-crash ( signum info uc -- ) 2drop drop 1 hits +! hits @ 1 = if 0 @ drop then ;
         ' count-or-crash entry-to-execution-token wrap-fault-handler SIGUSR1 bind-fault
         ' raise entry-to-execution-token SIGUSR1 swap catch drop
         SIGUSR1 raise hits @ ."
  ok_output "2 "
}

@test "a fault with fewer than 64 free value stack cells under the catch is still an error" {
  repl $': f ( n -- ) 0 ?do 0 loop ; 131000 f\n0 @\ndepth .\n'
  assert_status 0
  assert_output "<stdin>:2:3: error -9: invalid memory address: SIGSEGV at 0x0
  in @
0 "
}

@test "a stray store into the fault path's own cells does not make a fault fatal" {
  run_e "also core-internals  5 fault-busy !  0 @"
  assert_status 1
  assert_output "-e:1:40: error -9: invalid memory address: SIGSEGV at 0x0
  in @"
  run_e "also core-internals  1 fault-busy !  ' @ entry-to-execution-token 0 swap catch . 0 @"
  assert_status 1
  [ "${lines[0]}" = "-9 -e:1:84: error -9: invalid memory address: SIGSEGV at 0x0" ]
}

# The log ends at 0x50000000 (README: 1 GiB from 0x10000000).
@test "a store that runs off the end of the log faults (-9) instead of writing on" {
  run_e '0x50000000 8 - 16 0 fill'
  assert_status 1
  assert_output "-e:1:21: error -9: invalid memory address: SIGSEGV at 0x50000000
  in fill"
  run_e 'here @ 0x50000000 16 - 32 move'
  assert_output "-e:1:27: error -9: invalid memory address: SIGSEGV at 0x50000000
  in move"
  # backward (the blocks overlap): the first byte written is already past
  run_e '0x50000000 64 - dup 8 + 64 move'
  assert_output "-e:1:28: error -9: invalid memory address: SIGSEGV at 0x50000007
  in move"
  run_e '0x50000000 8 - here ! 1 , 2 ,'
  assert_output "-e:1:29: error -9: invalid memory address: SIGSEGV at 0x50000000
  in ,"
  run_e '0x50000000 1- here ! 1 c, 2 c,'
  assert_output "-e:1:29: error -9: invalid memory address: SIGSEGV at 0x50000000
  in c,"
}

@test "REPL: after a store off the end of the log, backtraces still name their lines" {
  repl $': inner ( -- ) 0x20 @ ;\n0x50000000 8 - 4096 0 fill\ninner\n'
  assert_output "<stdin>:2:23: error -9: invalid memory address: SIGSEGV at 0x50000000
  in fill
<stdin>:3:1: error -9: invalid memory address: SIGSEGV at 0x20
  in @
  in inner (<stdin>:1)"
}

@test "allot backwards stops at the newest word's body and at the prelude" {
  run_e 's" buf" create 100 allot -100 allot  latest @ entry-to-execution-token here @ = .  -1 allot'
  assert_status 1
  [[ "$output" =~ ^"-1 -e:1:87: error -24: invalid numeric argument: allot -1 would take here below 0x"[0-9a-f]+", the body of the newest word"$ ]]
  run_e '-100000000 allot'
  assert_status 1
  [[ "$output" =~ ^"-e:1:12: error -24: invalid numeric argument: allot -100000000 would take here below 0x"[0-9a-f]+", the end of the prelude"$ ]]
}

@test "allocate and data-allot refuse a negative size, and a huge one with the room left" {
  run_e '-5 allocate'
  assert_output "-e:1:4: error -24: invalid numeric argument: allocate -5: a size cannot be negative"
  run_e '-1 buffer: b'
  output=$(core_lines <<<"$output")
  assert_output "-e:1:4: error -24: invalid numeric argument: data-allot -1: a size cannot be negative
  in buffer: (core/core.e:N)"
  run_e '0x7fffffffffffffff allocate'
  [[ "$output" =~ ^"-e:1:20: error -8: the log is full: allocate 9223372036854775807: "[0-9]+" bytes left"$ ]]
}

@test "a store that runs off the last buffer of the data region faults (-9) instead of writing into the names of sources" {
  # a buffer that takes what the data region has left (it ends at
  # 0x0eff0000), then a fill 16 bytes past its end
  run_e '0x0eff0000 0 data-allot - dup constant room buffer: last
         last room + 8 - 8 0 fill  1 .
         last room 16 + 0 fill'
  assert_status 1
  assert_output "1 -e:3:27: error -9: invalid memory address: SIGSEGV at 0xeff0000
  in fill"
}

# `here` is a variable in the dialect: `here 5000 erase`, a standard
# programmer's reflex, runs over the interpreter's own variables.  They
# lie last in the global block, so the store faults at the sealed prelude
# before it reaches the state the fault path needs, and the REPL puts them
# back as they were when the line began.
@test "REPL: a runaway fill from an interpreter variable is an error, and the REPL goes on" {
  for n in 100 5000 2000000000; do
    repl "here $n erase"$'\n1 2 + .\n: seven 7 ;\nseven .\nbase @ .\n'
    [ "$status" -eq 0 ]
    [[ "$output" == *"<stdin>:1:"*"error -9: invalid memory address"* ]]
    [[ "$output" == *"3 7 10 " ]]
  done
}

@test "REPL: a wiped base comes back to 10 after the next error" {
  repl $'base 64 erase\n2 3 + .\n'
  [ "$status" -eq 0 ]
  [[ "$output" == *"5 " ]]
  repl $'0 base !\n2\n2 3 + .\n'
  [[ "$output" == *"<stdin>:2:1: error -13: undefined word: 2"* ]]
  [[ "$output" == *"5 " ]]
}

@test "fill, erase and move with a negative count are error -24, before a byte is written" {
  local prog=$'variable v 7 v !\nv -5 0 fill\nv @ .\nv -1 erase\nv @ .\npad v -8 move\nv @ .\npad pad 8 + -5 move\n: t v -3 0 fill ; t\n1 .\n'
  repl "$prog"
  [ "$status" -eq 0 ]
  [ "$(grep -c 'error -24: invalid numeric argument' <<<"$output")" -eq 5 ]
  run bash -c "printf '%s' \"\$1\" | '$INCANT' 2>/dev/null" _ "$prog"
  ok_output "7 7 7 1 "
}

@test "a store into the sealed prelude says so" {
  run --separate-stderr incant -e "immediate"
  assert_status 1
  [[ "$stderr" == "-e:1:1: error -9: invalid memory address: SIGSEGV at 0x"*": a store into the prelude, which is read-only"* ]]
  run --separate-stderr incant -e "' dup 0 swap !"
  [[ "$stderr" == *": a store into the prelude, which is read-only"* ]]
  run --separate-stderr incant -e "0 @"
  assert_stderr $'-e:1:3: error -9: invalid memory address: SIGSEGV at 0x0\n  in @'
}

@test "type with a negative length is error -24, and prints nothing" {
  run --separate-stderr incant -e 'pad -3 type'
  assert_status 1
  assert_output ""
  assert_stderr "-e:1:8: error -24: invalid numeric argument: type -3: a length cannot be negative"
}

@test "cmove and cmove> with a negative count are error -24, before a byte is written" {
  run --separate-stderr incant -e 'pad 8 + pad 8 + -1 cmove'
  assert_status 1
  assert_stderr $'-e:1:20: error -24: invalid numeric argument\n  in cmove'
  run --separate-stderr incant -e 'pad 8 + pad 8 + -1 cmove>'
  assert_stderr $'-e:1:20: error -24: invalid numeric argument\n  in cmove>'
  run incant -e 'variable v 7 v !  : t1 pad v -1 cmove ;  : t2 pad v 8 + -1 cmove> ;
: t ['"'"'] t1 catch . ['"'"'] t2 catch . ; t v @ .'
  ok_output "-24 -24 7 "
}
