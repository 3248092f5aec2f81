#!/usr/bin/env bats
# Deferred signal handlers and call-after-return (lib/signals.e): the
# handler's word runs at a safe point on the normal stacks, with the whole
# language usable, and the interrupted code resumes exactly as it was.

load helper

# ITIMER_REAL, one shot after n microseconds: ( us -- )
TIMER='4 cells allocate constant itv
       : alarm-in ( us -- ) 0 itv ! 0 itv cell+ ! 0 itv 2 cells + ! itv 3 cells + !
         0 itv 0 sys-setitimer drop ;'

@test "a deferred handler can define a word and throw; the throw lands where the program was" {
  run_e ": late ( -- ) s\" : made ( -- n ) 42 ;\" dup strlen evaluate  -77 throw ;
         ' late entry-to-execution-token SIGUSR1 bind-signal-deferred
         : main-loop ( -- ) SIGUSR1 raise begin again ;
         ' main-loop entry-to-execution-token catch . made ."
  ok_output "-77 42 "
}

@test "a deferred handler gets a loop that calls nothing out of it" {
  run_e "$TIMER" ": stop ( -- ) -99 throw ;
         ' stop entry-to-execution-token SIGALRM bind-signal-deferred
         : spin ( -- ) begin again ;
         5000 alarm-in ' spin entry-to-execution-token catch ."
  ok_output "-99 "
}

@test "a deferred handler prints and allocates; the program goes on as before" {
  run_e "$TIMER" "variable hits
         : note ( -- ) 1 hits +! 7 , .\" [handled]\" ;
         ' note entry-to-execution-token SIGALRM bind-signal-deferred
         : work ( -- n ) 0 begin 1+ hits @ until ;
         2000 alarm-in work 0> . hits @ ."
  ok_output "[handled]-1 1 "
}

@test "while a definition is compiled, a deferred handler waits until it is done" {
  run_e ": make-word ( -- ) s\" : other 1 ;\" dup strlen evaluate ;
         ' make-word entry-to-execution-token SIGUSR1 bind-signal-deferred
         : defining ( -- ) [ SIGUSR1 raise ] 5 ;
         defining . other ."
  ok_output "5 1 "
}

@test "every register and the flags are as they were after a deferred handler ran in the middle" {
  run_e "$TIMER" "variable flag
         16 cells buffer: regs  variable flags-before  variable flags-after
         2 cells buffer: exits
         : clobber ( -- ) 1 flag !  1 2 3 4 5 6 7 8 9 + + + + + + + + drop ;
         ' clobber entry-to-execution-token SIGALRM bind-signal-deferred
         ~ known values in every register but rsi, rbp, rsp, rcx, r11; flags from
         ~ cmp 1, 2 (CF, SF); spin on flag with an indexed jump, which leaves the
         ~ flags alone; then keep the flags and the registers
         code check-regs ( -- )
           :rsi push-reg64
           101 :rax mov-reg64-imm32  102 :rbx mov-reg64-imm32  103 :rdx mov-reg64-imm32
           104 :rdi mov-reg64-imm32  108 :r8 mov-reg64-imm32   109 :r9 mov-reg64-imm32
           110 :r10 mov-reg64-imm32  112 :r12 mov-reg64-imm32  113 :r13 mov-reg64-imm32
           114 :r14 mov-reg64-imm32  115 :r15 mov-reg64-imm32  106 :rsi mov-reg64-imm32
           :rbx :rax cmp-reg64-reg64
           pushfq  flags-before :r11 mov-reg64-imm32  :r11 0 pop-mem64
           exits :r11 mov-reg64-imm32
           dup exits !
           flag :rcx mov-reg64-imm32  :rcx 0 :rcx mov-reg64-mem64
           :r11 :rcx 8 indexed 0 jmp-mem64
           dup exits cell+ !
           pushfq  flags-after :r11 mov-reg64-imm32  :r11 0 pop-mem64
           regs :r11 mov-reg64-imm32
           :rax :r11 0 mov-mem64-reg64  :rbx :r11 8 mov-mem64-reg64  :rdx :r11 16 mov-mem64-reg64
           :rdi :r11 24 mov-mem64-reg64 :r8 :r11 32 mov-mem64-reg64  :r9 :r11 40 mov-mem64-reg64
           :r10 :r11 48 mov-mem64-reg64 :r12 :r11 56 mov-mem64-reg64 :r13 :r11 64 mov-mem64-reg64
           :r14 :r11 72 mov-mem64-reg64 :r15 :r11 80 mov-mem64-reg64 :rsi :r11 88 mov-mem64-reg64
           :rsi pop-reg64
         end-code
         2000 alarm-in check-regs
         : show ( n -- ) 0 do regs i cells + @ . loop ;
         12 show flags-before @ flags-after @ = . flag @ ."
  ok_output "101 102 103 104 108 109 110 112 113 114 115 106 -1 1 "
}

@test "call-after-return: the interrupted code first runs the word, then goes on" {
  run_e "variable seq
         : later ( -- ) seq @ 10 * 2 + seq ! ;
         : on-usr1 ( signum info uc -- ) nip nip ['] later call-after-return
           seq @ 10 * 1 + seq ! ;
         ' on-usr1 entry-to-execution-token wrap-signal-handler-info SIGUSR1 bind-signal-info
         : go ( -- ) SIGUSR1 raise  seq @ 10 * 3 + seq ! ; go seq @ ."
  ok_output "123 "
}

@test "call-after-return refuses a ucontext that is not a handler's" {
  run_e "64 allocate ' dup entry-to-execution-token call-after-return"
  assert_status 1
  output=$(core_lines <<<"$output")
  assert_output "-e:1:44: error: call-after-return: not a handler's ucontext
  in call-after-return (lib/signals.e:N)"
}

@test "a deferred signal that comes while another handler runs waits for it to end, then runs" {
  run_e "variable seq
         : note ( n -- ) seq @ 10 * + seq ! ;
         : later ( -- ) 3 note ;
         ' later entry-to-execution-token SIGUSR1 bind-signal-deferred
         : on-usr2 ( -- ) 1 note SIGUSR1 raise 2 note ;
         ' on-usr2 entry-to-execution-token wrap-signal-handler SIGUSR2 bind-signal
         : go ( -- ) SIGUSR2 raise begin seq @ 100 > until ; go seq @ ."
  ok_output "123 "
}

@test "a deferred signal that comes again while its word runs waits for the word to end" {
  run_e 'variable inside  variable deepest  variable runs
    : usr1-again ( -- )
      1 runs +!  1 inside +!  inside @ deepest @ max deepest !
      runs @ 3 < if SIGUSR1 raise then  -1 inside +! ;
    '"'"' usr1-again entry-to-execution-token SIGUSR1 bind-signal-deferred
    SIGUSR1 raise  deepest @ . runs @ . bye'
  ok_output "1 3 "
}
