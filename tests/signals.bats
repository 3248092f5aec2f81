#!/usr/bin/env bats
# Signals handled in the language: lib/linux.e and lib/signals.e.

load helper

setup_file() {
  SIGSEND="$BATS_FILE_TMPDIR/sigsend"
  gcc -O2 -o "$SIGSEND" "$BATS_TEST_DIRNAME/progs/sigsend.c"
  export SIGSEND
}

@test "the restorer is exactly mov rax, 15 ; syscall" {
  run_e ": bytes. ( addr n -- ) 0 do dup i + c@ h. loop drop ;
         ' signal-return-trampoline entry-to-execution-token @ 9 bytes."
  ok_output "48 c7 c0 f 0 0 0 f 5 "
}

@test "a wrapper notes the frame, then is mov rsi, A ; cld ; mov rax, xt ; jmp [rax] ; with A: B, B: B+8" {
  run_e ": h ( -- ) ;
         ' h entry-to-execution-token constant xt
         xt wrap-signal-handler @ constant tcode
         ~ the design's sequence follows the prologue that notes the frame
         : design? ( a -- flag ) dup c@ 0x48 = over 1+ c@ 0xbe = and swap 10 + c@ 0xfc = and ;
         : find-design ( -- a ) tcode begin dup design? 0= while 1+ repeat ;
         find-design constant p
         p tcode - 128 < .
         p 11 + c@ h. p 12 + c@ h. p 13 + @ xt = . p 21 + c@ h. p 22 + c@ h.
         p 2 + @ constant A
         A 7 and . A @ A 8 + = . A 8 + @ A 16 + = ."
  ok_output "-1 48 b8 -1 ff 20 0 -1 -1 "
}

@test "binding takes one record of the log; the sigactions go to the kernel from the value stack" {
  # they were allocated with the binding, 128-aligned, two a bind (and
  # one for each unbind's reinstall), and never given back
  run_e ": h ( -- ) ;
         ' h entry-to-execution-token wrap-signal-handler constant t
         here @  t SIGUSR1 bind-signal  here @ swap - .
         here @  SIGUSR1 unbind-signal  here @ swap - .
         here @  t SIGUSR1 bind-signal  t SIGUSR2 bind-signal  here @ swap - .
         SIGUSR1 unbind-signal SIGUSR2 unbind-signal"
  ok_output "64 0 128 "
}

@test "a SIGUSR1 handler counts 10,000 self-sent signals exactly" {
  run_e "variable hits
         : on-usr1 ( -- ) 1 hits +! ;
         ' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         : send ( n -- ) 0 do SIGUSR1 raise loop ; 10000 send
         hits @ ."
  ok_output "10000 "
}

@test "a 50 ms nanosleep lasts at least 50 ms" {
  run_e "allocate-timespec constant t0  allocate-timespec constant t1
         : now ( ts -- ) 1 swap 228 syscall-2 drop ;   ~ clock_gettime(MONOTONIC)
         : ns ( ts -- n ) dup timespec-seconds @ 1000000000 * swap timespec-nanoseconds @ + ;
         t0 now 50000000 nanosleep t1 now
         t1 ns t0 ns - 50000000 >= ."
  ok_output "-1 "
}

@test "a handler runs on kill -USR1 during nanosleep, and the sleep completes" {
  put sleeper.e "variable hits
    : on-usr1 ( -- ) 1 hits +! ;
    ' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
    .\" ready\" newline flush-output
    600000000 nanosleep
    .\" hits \" hits @ . newline"
  in_tmp
  "$INCANT" sleeper.e > out.txt &
  pid=$!
  for _ in $(seq 100); do grep -q ready out.txt 2>/dev/null && break; sleep 0.01; done
  start=$(date +%s%N)
  kill -USR1 $pid
  wait $pid
  end=$(date +%s%N)
  run cat out.txt
  ok_output "ready
hits 1 "
}

# Real-time signals are queued, so every one sent must be counted.
@test "100,000 signals from another process while running C helpers in a loop" {
  put busy.e "variable hits
    : on-signal ( -- ) 1 hits +! ;
    ' on-signal entry-to-execution-token wrap-signal-handler 40 bind-signal
    .\" ready \" sys-getpid . newline flush-output
    : work ( -- ) s\" dup\" find drop  s\" 12345\" dup strlen evaluate drop ;
    : spin ( -- ) begin work hits @ 100000 = until ;
    spin .\" hits \" hits @ . newline"
  in_tmp
  timeout 60 "$INCANT" busy.e > out.txt &
  job=$!
  for _ in $(seq 200); do grep -q ready out.txt 2>/dev/null && break; sleep 0.01; done
  pid=$(awk '/ready/ { print $2 }' out.txt)
  "$SIGSEND" $pid 40 100000
  wait $job
  run sed 1d out.txt
  ok_output "hits 100000 "
}

@test "100,000 signals from another process while blocked in read" {
  put reader.e "variable hits
    : on-signal ( -- ) 1 hits +! ;
    ' on-signal entry-to-execution-token wrap-signal-handler 40 bind-signal
    .\" ready \" sys-getpid . newline flush-output
    8 buffer: byte
    : read-one ( -- ) begin 0 byte 1 sys-read 1 = until ;
    read-one .\" hits \" hits @ . newline"
  in_tmp
  mkfifo in.fifo
  timeout 60 "$INCANT" reader.e < in.fifo > out.txt &
  job=$!
  exec 8> in.fifo
  for _ in $(seq 200); do grep -q ready out.txt 2>/dev/null && break; sleep 0.01; done
  pid=$(awk '/ready/ { print $2 }' out.txt)
  "$SIGSEND" $pid 40 100000
  # let the last signals be handled before read returns
  sleep 0.3
  echo x >&8
  exec 8>&-
  wait $job
  run sed 1d out.txt
  ok_output "hits 100000 "
}

@test "a SIGSEGV handler fixes the faulting register and execution resumes" {
  run_e "variable answer 42 answer !
         ~ @ is mov rax, [rsp] ; mov rax, [rax]: the fault is on rax
         : fix ( signum info uc -- ) answer over uc-rax ! drop drop drop ;
         ' fix entry-to-execution-token wrap-signal-handler-info SIGSEGV bind-signal-info
         0 @ . 0 @ 1+ ."
  ok_output "42 43 "
}

@test "siginfo and ucontext are readable: si_addr and the signal number" {
  run_e "variable seen-addr variable seen-signo
         variable safe
         : fix ( signum info uc -- )
           safe over uc-rax !  drop
           dup siginfo-addr @ seen-addr !  siginfo-signo l@ seen-signo !  drop ;
         ' fix entry-to-execution-token wrap-signal-handler-info SIGSEGV bind-signal-info
         0x1234 @ drop seen-addr @ h. seen-signo @ ."
  ok_output "1234 11 "
}

@test "a handler passes a signal it does not want to the previous Forth handler" {
  run_e "variable first variable second
         : on-first ( -- ) 1 first +! ;
         : on-second ( -- ) 1 second +! SIGUSR1 pass-signal ;
         ' on-first entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         ' on-second entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         SIGUSR1 raise SIGUSR1 raise first @ . second @ ."
  ok_output "2 2 "
}

@test "unbind-signal restores the previous action" {
  run_e "variable first variable second
         : on-first ( -- ) 1 first +! ;
         : on-second ( -- ) 1 second +! ;
         ' on-first entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         ' on-second entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         SIGUSR1 raise SIGUSR1 unbind-signal SIGUSR1 raise first @ . second @ ."
  ok_output "1 1 "
}

@test "unbind-signal restores the default: SIGUSR1 then ends the process" {
  run_e "variable hits : on-usr1 ( -- ) 1 hits +! ;
         ' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         SIGUSR1 unbind-signal SIGUSR1 raise .\" not reached\""
  assert_status 138
  assert_output ""
}

@test "passing a signal whose previous action is the default applies the default" {
  run_e ": on-usr1 ( -- ) SIGUSR1 pass-signal ;
         ' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         SIGUSR1 raise .\" not reached\""
  assert_status 138
}

@test "signal-name names signals" {
  run_e "SIGINT signal-name emitstring space SIGSEGV signal-name emitstring space 10 signal-name emitstring"
  ok_output "SIGINT SIGSEGV SIGUSR1"
}

@test "errno-name names kernel errors" {
  run_e "s\" /nonexistent\" 0 0 sys-open errno-name emitstring"
  ok_output "ENOENT"
}

@test "signal-name and errno-name: each name at its number, a placeholder past the tables" {
  run_e ": .n ( str -- ) emitstring space ;
         1 signal-name .n  SIGRTMAX signal-name .n  SIGRTMAX 1+ signal-name .n
         0 signal-name .n  -1 signal-name .n  33 signal-name .n
         -1 errno-name .n  -38 errno-name .n  -28 errno-name .n  -122 errno-name .n
         -200 errno-name .n  0 errno-name .n  5 errno-name .n"
  ok_output "SIGHUP SIGRTMAX signal? signal? signal? signal? EPERM ENOSYS ENOSPC EDQUOT E? E? E? "
}

@test "a fault three calls deep reports the signal, address, running word and callers" {
  put crash.e ": inner ( -- ) 0x10 @ drop ;
: middle ( -- ) inner ;
: outer ( -- ) middle ;
.\" before\" newline
outer
.\" not reached\" newline
"
  in_tmp
  run -1 "$INCANT" crash.e
  assert_output "before
crash.e:5:1: error -9: invalid memory address: SIGSEGV at 0x10
  in @
  in inner (crash.e:1)
  in middle (crash.e:2)
  in outer (crash.e:3)"
}

@test "install-crash-handler: a fault prints the crash report and exits 1" {
  put crash.e "install-crash-handler
: inner ( -- ) 0x10 @ drop ;
: outer ( -- ) inner ;
outer
"
  in_tmp
  run -1 "$INCANT" crash.e
  assert_output "incant: SIGSEGV at address 0x10
  in @
  in inner (crash.e:2)
  in outer (crash.e:3)"
}

@test "a fault inside a C helper names the primitive and the Forth callers" {
  run -1 "$INCANT" -e ": show ( -- ) 8 emitstring ;" -e ": caller ( -- ) show ;" -e "caller"
  assert_output "-e:1:1: error -9: invalid memory address: SIGSEGV at 0x8
  in emitstring
  in show (-e:1)
  in caller (-e:1)"
}

@test "the crash report comes after all pending output" {
  put crash.e ": lots ( -- ) 3000 0 do i . loop ; lots newline 0 @"
  in_tmp
  run bash -c "'$INCANT' crash.e 2>/dev/null | tail -c 11"
  assert_output "2998 2999 "
}

@test "sys-exit-now leaves at once with the status, buffered output unwritten" {
  run_e ".\" lost\" 3 sys-exit-now"
  assert_status 3
  assert_output ""
}

@test "sys-write writes through the kernel, ahead of buffered output" {
  run_e ".\" buffered \" 1 s\" direct \" 7 sys-write drop"
  ok_output "direct buffered "
}

@test "pass-signal-info hands the signal and its siginfo to the previous siginfo handler" {
  run_e "variable seen variable second
         : first-handler ( signum info uc -- ) drop siginfo-signo l@ seen ! drop ;
         : second-handler ( signum info uc -- ) 1 second +! pass-signal-info ;
         ' first-handler entry-to-execution-token wrap-signal-handler-info SIGUSR2 bind-signal-info
         ' second-handler entry-to-execution-token wrap-signal-handler-info SIGUSR2 bind-signal-info
         SIGUSR2 raise second @ . seen @ ."
  ok_output "1 12 "
}

@test "pass-signal from a plain handler reaches a previous siginfo handler" {
  run_e "variable first variable second
         : first-handler ( signum info uc -- ) 2drop first ! ;
         : second-handler ( -- ) 1 second +! SIGUSR1 pass-signal ;
         ' first-handler entry-to-execution-token wrap-signal-handler-info SIGUSR1 bind-signal-info
         ' second-handler entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
         SIGUSR1 raise second @ . first @ ."
  ok_output "1 10 "
}

# Handlers trust rbp whatever they interrupt because the C bootstrap is
# built with rbp reserved (-ffixed-rbp): only the entry point may set it.
# incant carries no symbols (incant.debug has them); incant-stage1 is
# linked from the same objects, with its names.
@test "no C function touches rbp, so a handler can trust it even inside C" {
  local stage1=${INCANT_STAGE1:-$(dirname "$INCANT")/incant-stage1}
  run bash -c "objdump -d --no-show-raw-insn '$stage1' | awk '/^[0-9a-f]+ <.*>:/ { fn = \$2 } /%rbp|%ebp|%bpl/ { print fn }' | sort -u"
  assert_status 0
  assert_output "<_start>:"
}

@test "a failed system call's error names the call and its errno (fail-errno)" {
  run --separate-stderr incant -e ": h ( -- ) ;
    ' h entry-to-execution-token wrap-signal-handler SIGKILL bind-signal"
  assert_status 1
  [[ "$stderr" == *"error: sigaction failed: EINVAL"* ]]
  run --separate-stderr incant -e '1 50 lshift map-pages'
  assert_status 1
  [[ "$stderr" == *"error: map-pages: mmap failed: ENOMEM"* ]]
  run_e '-2 s" open: " fail-errno'
  [[ "$stderr$output" == *"error: open: ENOENT"* ]]
}

@test "raise of a number that is no signal is an error, not silence" {
  run --separate-stderr incant -e '99 raise'
  assert_status 1
  [[ "$stderr" == "-e:1:4: error: raise: EINVAL"* ]]
  run_e 'SIG_IGN SIGUSR1 bind-signal SIGUSR1 raise 7 .'
  ok_output "7 "
}

@test "signal-bit and signal-set of a number no signal has are an error, not an empty set" {
  # 1 (n-1) lshift gave 0 for 0 and 65 (shifts of 64 or more are 0), so
  # a set meant to block a signal blocked none
  for n in 0 65 -1; do
    run --separate-stderr "$INCANT" -e "$n signal-bit ."
    assert_status 1
    [[ "$stderr" == "-e:1:"*": error: not a signal number (1 to 64)"* ]] || return 1
  done
  run --separate-stderr "$INCANT" -e "2 65 2 signal-set ."
  assert_status 1
  run_e "1 signal-bit . 64 signal-bit . SIGINT SIGTERM 2 signal-set ."
  ok_output "1 -9223372036854775808 16386 "
}
