#!/usr/bin/env bats
# Signal handlers beyond the happy path (lib/signals.e): what list-callers
# shows from a handler, chaining as if the previous handler were still
# there, masks, throws out of handlers, handlers that allocate, nesting.

load helper

setup_file() {
  SIGSEND="$BATS_FILE_TMPDIR/sigsend"
  gcc -O2 -o "$SIGSEND" "$BATS_TEST_DIRNAME/progs/sigsend.c"
  export SIGSEND
}

CRASH=': handle-crash2 ( -- ) list-callers 1 sys-exit ;
  '"'"' handle-crash2 entry-to-execution-token wrap-signal-handler SIGSEGV bind-signal
  : inner ( -- ) 0 @ ;
  : middle ( -- ) inner 1 drop ;
  : outer ( -- ) middle 1 drop ;
  outer'

@test "list-callers from a plain SIGSEGV handler shows the faulting word and every caller, optimizer on" {
  run_e "$CRASH"
  assert_status 1
  assert_output "  in @
  in inner (-e:3)
  in middle (-e:4)
  in outer (-e:5)"
}

@test "list-callers from a plain SIGSEGV handler shows the same with the optimizer off" {
  run_e "0 superinstructions !" "$CRASH"
  assert_status 1
  assert_output "  in @
  in inner (-e:3)
  in middle (-e:4)
  in outer (-e:5)"
}

@test "list-callers names a definition inlined into a superinstruction" {
  run_e ": handle-crash2 ( -- ) list-callers 1 sys-exit ;
         ' handle-crash2 entry-to-execution-token wrap-signal-handler SIGSEGV bind-signal
         : peek ( -- x ) 0x20 @ ;
         : outer ( -- ) 1 2 peek ;
         outer"
  assert_status 1
  assert_output "  in @
  in peek (-e:3)
  in outer (-e:4)"
}

@test "a user's SIGSEGV handler does not hide a value stack overflow or runaway recursion, and output is flushed" {
  run_e ": mine ( signum info uc -- ) 2drop drop .\" mine\" 1 sys-exit ;
         ' mine entry-to-execution-token wrap-signal-handler-info SIGSEGV bind-signal-info
         .\" before \" : g begin 1 again ; g"
  assert_status 1
  assert_output "before -e:3:42: error -3: value stack overflow
  in lit
  in g (-e:3)"
  run_e ": mine ( signum info uc -- ) 2drop drop .\" mine\" 1 sys-exit ;
         ' mine entry-to-execution-token wrap-signal-handler-info SIGSEGV bind-signal-info
         .\" before \" : f recurse ; f"
  assert_status 1
  [ "${lines[0]}" = "before -e:3:36: error -5: control stack overflow" ]
}

@test "a user's SIGSEGV handler still gets the faults that are not the stacks" {
  run_e ": mine ( signum info uc -- ) drop siginfo-addr@ h. 2 sys-exit ;
         ' mine entry-to-execution-token wrap-signal-handler-info SIGSEGV bind-signal-info
         0x1234 @"
  assert_status 2
  assert_output "1234 "
}

@test "a plain handler passing to a siginfo predecessor hands over the real siginfo and ucontext" {
  run_e ": first ( signum info uc -- ) uc-rip @ 0<> . siginfo-addr@ h. drop 2 sys-exit ;
         ' first entry-to-execution-token wrap-signal-handler-info SIGSEGV bind-signal-info
         : second ( -- ) SIGSEGV pass-signal ;
         ' second entry-to-execution-token wrap-signal-handler SIGSEGV bind-signal
         0x4321 @"
  assert_status 2
  assert_output "-1 4321 "
}

@test "passing to the default action of SIGWINCH ignores it, and the handler stays bound" {
  run_e "variable hits
         : on-winch ( -- ) 1 hits +! SIGWINCH pass-signal ;
         ' on-winch entry-to-execution-token wrap-signal-handler SIGWINCH bind-signal
         SIGWINCH raise SIGWINCH raise SIGWINCH raise hits @ ."
  ok_output "3 "
}

@test "passing to the default action of a terminating signal flushes output and ends with its status" {
  run_e ": on-term ( -- ) SIGTERM pass-signal ;
         ' on-term entry-to-execution-token wrap-signal-handler SIGTERM bind-signal
         .\" flushed\" SIGTERM raise .\" not reached\""
  assert_status 143
  assert_output "flushed"
  run_e ": on-quit ( -- ) SIGQUIT pass-signal ;
         ' on-quit entry-to-execution-token wrap-signal-handler SIGQUIT bind-signal
         SIGQUIT raise"
  assert_status 131
}

@test "SIG_IGN and SIG_DFL bind like handlers: ignore a signal, then restore its default" {
  run_e "SIG_IGN SIGUSR1 bind-signal SIGUSR1 raise .\" still here \" flush-output
         SIG_DFL SIGUSR1 bind-signal SIGUSR1 raise .\" not reached\""
  assert_status 138
  assert_output "still here "
  run_e "SIG_IGN SIGUSR1 bind-signal SIGUSR1 unbind-signal SIGUSR1 raise"
  assert_status 138
}

# A handler incant did not make: machine code that follows the C calling
# convention, installed with a raw sigaction before incant binds its own.
@test "passing on to a handler incant did not make calls it with the C convention and the kernel's arguments" {
  run_e "variable c-hits  variable c-signum
         code c-handler  ~ void h(int sig, siginfo_t *, void *): count, keep sig, ret
           c-hits :rax mov-reg64-imm32  :rax 0 inc-mem64
           c-signum :rax mov-reg64-imm32  :rdi :rax 0 mov-mem64-reg64
           ret
         end-code
         allocate-sigaction constant sa
         ' c-handler entry-to-execution-token @ sa sigaction-action !
         SA_RESTORER SA_SIGINFO or sa sigaction-flags !
         ' signal-return-trampoline entry-to-execution-token @ sa sigaction-restorer !
         SIGUSR2 sa 0 sys-sigaction drop
         : mine ( -- ) SIGUSR2 pass-signal ;
         ' mine entry-to-execution-token wrap-signal-handler SIGUSR2 bind-signal
         SIGUSR2 raise SIGUSR2 raise c-hits @ . c-signum @ ."
  ok_output "2 12 "
}

@test "a throw out of a plain handler gives back the signal mask: the signal comes again" {
  run_e "variable hits
         : on-usr1 ( -- ) 1 hits +! -1 throw ;
         ' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         : send ( -- ) SIGUSR1 raise ;
         ' send entry-to-execution-token catch .  ' send entry-to-execution-token catch .
         hits @ .  signal-mask@ SIGUSR1 signal-bit and ."
  ok_output "-1 -1 2 0 "
}

@test "signal-mask blocks other signals while a handler runs; with-signals-blocked around a section" {
  run_e "variable seq
         : note ( n -- ) seq @ 10 * + seq ! ;
         : on-usr2 ( -- ) 2 note ;
         : on-usr1 ( -- ) 1 note  SIGUSR2 raise  3 note ;
         ' on-usr2 entry-to-execution-token wrap-signal-handler SIGUSR2 bind-signal
         SIGUSR2 1 signal-mask
         ' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         0 signal-mask
         SIGUSR1 raise seq @ .
         0 seq !
         : section ( -- ) SIGUSR2 raise 5 note ;
         ' section entry-to-execution-token with-signals-blocked seq @ .
         signal-mask@ ."
  ok_output "132 52 0 "
}

@test "with-signals-blocked gives the mask back when the section throws" {
  run_e ": section ( -- ) -7 throw ;
         ' section entry-to-execution-token ' with-signals-blocked entry-to-execution-token catch .
         signal-mask@ ."
  ok_output "-7 0 "
}

@test "2,000 allocations in a handler during an allocation loop: none lost, none shared" {
  run_e "variable hits
         : on-alrm ( -- ) hits @ 2000 < if 1 hits +! -2 , then ;
         ' on-alrm entry-to-execution-token wrap-signal-handler SIGALRM bind-signal
         ~ ITIMER_REAL every 20 us
         4 cells allocate constant it  0 it ! 20 it cell+ ! 0 it 2 cells + ! 20 it 3 cells + !
         : fill-loop ( -- ) begin 1 , hits @ 2000 = until ;
         variable start  variable end
         : tally ( x -- n ) 0 end @ start @ do i @ 2 pick = if 1+ then 8 +loop nip ;
         here @ start !
         0 it 0 sys-setitimer drop fill-loop here @ end !
         0 it ! 0 it cell+ ! 0 it 2 cells + ! 0 it 3 cells + ! 0 it 0 sys-setitimer drop
         -2 tally .  end @ start @ - 8 / -2 tally - 1 tally = ."
  ok_output "2000 -1 "
}

@test "a flood of alarms whose printing handlers let each other in (SA_NODEFER) leaves the program running" {
  # an alarm every 50 us and a handler about as slow, printing: they
  # nest, each on the alternate signal stack, calling C there
  run_e "variable hits  variable deepest
         also core-internals
         : slow-alarm ( signum info uc -- ) 2drop drop  1 hits +!
           sig-depth-cell @ deepest @ max deepest !  120 emit  3000 0 do loop ;
         previous
         ' slow-alarm entry-to-execution-token wrap-fault-handler SIGALRM bind-fault
         4 cells allocate constant it  0 it ! 50 it cell+ ! 0 it 2 cells + ! 50 it 3 cells + !
         0 it 0 sys-setitimer drop
         : wait-hits ( -- ) begin hits @ 3000 >= until ; wait-hits
         0 it ! 0 it cell+ ! 0 it 2 cells + ! 0 it 3 cells + ! 0 it 0 sys-setitimer drop
         newline deepest @ 1 17 within ."
  assert_status 0
  [ "${lines[-1]}" = "-1 " ]
}

@test "signals from outside past the nesting bound skip their handler and come again once the handlers are done" {
  # each handler kill(2)s its own process (SI_USER: from outside, as far
  # as the kernel says) until 40 ran: 16 nest, the 17th is noted, raised
  # again when the outermost ends, and so on
  run_e "variable hits  variable deepest
    also core-internals
    : again-usr1 ( signum info uc -- ) 2drop drop  1 hits +!
      sig-depth-cell @ deepest @ max deepest !
      hits @ 40 < if sys-getpid SIGUSR1 sys-kill drop then ;
    previous
    ' again-usr1 entry-to-execution-token wrap-fault-handler SIGUSR1 bind-fault
    sys-getpid SIGUSR1 sys-kill drop  hits @ . deepest @ . bye"
  ok_output "40 16 "
}

@test "handlers nested past the bound end with a clear message and the signal's status, output flushed" {
  run_e ": re-raise ( signum info uc -- ) 2drop raise ;
         ' re-raise entry-to-execution-token wrap-fault-handler SIGUSR1 bind-fault
         .\" flushed \" SIGUSR1 raise"
  assert_status 138
  assert_output "flushed incant: signal handlers nested too deeply (SIGUSR1, 16 levels)"
}

@test "a burst of SIGTERM ends with 143 and flushed output" {
  put spin.e $'." ready" newline flush-output\n: lots ( -- ) 100 0 do i . loop ; lots\n: spin ( -- ) begin again ;\nspin\n'
  in_tmp
  "$INCANT" spin.e > out.txt &
  local pid=$!
  for _ in $(seq 200); do grep -q ready out.txt 2>/dev/null && break; sleep 0.01; done
  "$SIGSEND" $pid 15 500 || true
  local status=0
  wait $pid || status=$?
  assert_status 143
  grep -q "98 99 " out.txt
}

@test "int3 is error -258 with a report, and the REPL goes on" {
  run bash -c "printf '%s\n' 'code trap int3 end-code' ': t trap ;' 't' '3 .' | '$INCANT' 2>&1"
  assert_status 0
  assert_output "<stdin>:3:1: error -258: breakpoint: SIGTRAP at 0x0
  in trap
  in t (<stdin>:2)
3 "
}

@test "a fault signal sent with kill is reported as sent, by whom, not as a fault" {
  put spin.e $'." ready" newline flush-output\n: spin ( -- ) begin again ;\nspin\n'
  in_tmp
  "$INCANT" spin.e > out.txt 2> err.txt &
  local pid=$!
  for _ in $(seq 200); do grep -q ready out.txt 2>/dev/null && break; sleep 0.01; done
  kill -SEGV $pid
  local status=0
  wait $pid || status=$?
  assert_status 1
  run cat err.txt
  [[ "${lines[0]}" == "spin.e:3:1: error -28: interrupted: SIGSEGV sent by pid "[0-9]* ]]
}

@test "raise in a forked child signals the child, not its parent" {
  run_e "variable hits
         : on-usr1 ( -- ) 1 hits +! ;
         ' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         SIGUSR1 raise
         : child ( -- ) SIGUSR1 raise hits @ 10 + sys-exit ;
         : fork ( -- pid ) 57 syscall-0 dup 0= if drop child then ;
         ~ the parent waits for the child and gives its status
         : wait-child ( -- status ) 0 sp@ >r -1 r> 0 0 61 syscall-4 drop 8 rshift 255 and ;
         fork drop wait-child . hits @ ."
  ok_output "12 1 "
}

@test "blocking every signal leaves the fault signals alone: a fault is still an error" {
  run_e "-1 block-signals drop  signal-mask@ SIGSEGV signal-bit and .  0 @"
  assert_status 1
  assert_output "0 -e:1:65: error -9: invalid memory address: SIGSEGV at 0x0
  in @"
}

# A SIGALRM handler throws at random moments (0.1 to 1.1 ms apart) while the
# REPL defines words and includes a file: 1,000 throws land wherever they
# land (in C helpers, in the REPL's own words, in throw and catch).
@test "1,000 random-timed throws during definitions and includes: the REPL goes on and finds every word" {
  in_tmp
  for i in $(seq 1 20); do echo ": inc-word-$i ( -- n ) $i dup * 1+ ;"; done > inc.e
  {
    echo "0 warnings !  also core-internals"
    echo "variable throws   variable seed 12345 seed !"
    echo ": rand ( -- n ) seed @ 6364136223846793005 * 1442695040888963407 + dup seed ! 33 rshift ;"
    echo "4 cells allocate constant itv"
    echo ": arm ( -- ) 0 itv ! 0 itv cell+ ! 0 itv 2 cells + ! rand 1000 mod 100 + itv 3 cells + ! 0 itv 0 sys-setitimer drop ;"
    echo ": on-alarm ( signum info uc -- ) 2drop drop 1 throws +! throws @ 1000 < if arm then -28 throw ;"
    echo "' on-alarm entry-to-execution-token wrap-fault-handler SIGALRM bind-fault"
    echo "arm"
    for i in $(seq 0 40000); do
      echo ": storm-$i ( -- n ) $i dup * 1+ ;"
      ((i % 20 == 0)) && echo "include inc.e"
    done
    echo ": idle ( -- ) begin throws @ 1000 >= until ;"
    # A throw that lands while an earlier one unwinds goes on to the
    # outer catch, the REPL's (core/core.e: throw): on a loaded machine the
    # next alarm, armed 100 us ahead, can come then and end a spin line.
    # The next line spins on.
    echo ": spin ( -- ) begin ['] idle catch drop throws @ 1000 >= until ;"
    for i in $(seq 1 50); do echo "spin"; done
    echo "include inc.e"
    echo ": lost? ( entry -- flag ) dup entry-flags c@ 2 and over 10 + w@ 1 <> or if drop 0 exit then entry-name find 0= ;"
    echo ": count-lost ( -- n ) 0 latest @ begin ?dup while dup lost? if swap 1+ swap then @ repeat ;"
    echo '." throws " throws @ . ." lost " count-lost . inc-word-20 . storm-0 . sig-depth-cell @ . newline'
    echo ": u 1 2 + ; u ."
  } > storm.txt
  run bash -c "timeout 120 '$INCANT' < storm.txt 2>/dev/null | tail -2"
  assert_status 0
  assert_output "throws 1000 lost 0 401 1 0 
3 "
}

# wait_count FILE PATTERN N: poll until FILE holds PATTERN N times (at
# most 20 s), so signals are sent one at a time, each into a handler
# that has begun
wait_count() {
  local i
  for i in $(seq 400); do
    [ "$(grep -o "$2" "$1" | wc -l)" -ge "$3" ] && return 0
    sleep 0.05
  done
  return 1
}

@test "handlers nested 16 deep (vm.h MAX_SIG_DEPTH), each waiting in a C helper, all run" {
  # each handler calls C (key) from inside the C call it interrupted, and
  # takes the next C_RESERVE bytes of the C stack: the program's own call
  # and max-sig-depth handlers' need one more than vm.h gave, so the
  # deepest handler faulted ("nested too deeply (SIGSEGV)")
  in_tmp
  cat > nest.e <<'E'
: h ( -- ) ." in " flush-output key drop ;
: bind-all ( -- ) ['] h wrap-signal-handler  16 0 do dup SIGRTMIN i + bind-signal loop drop ;
bind-all  ." ready " flush-output key drop ." end" newline
E
  mkfifo in.fifo
  exec {w}<>in.fifo
  "$INCANT" nest.e < in.fifo > out.txt 2> err.txt {w}>&- &
  local pid=$! k
  wait_count out.txt ready 1
  for k in $(seq 0 15); do
    kill -$((34 + k)) $pid
    wait_count out.txt 'in ' $((k + 1)) || break
  done
  exec {w}>&-   # standard input ends: each key gives -1, each handler returns
  wait $pid || true
  run cat out.txt err.txt
  assert_output "ready $(printf 'in %.0s' {1..16})end"
}
