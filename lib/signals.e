~ lib/signals.e - signals handled in the language.
~
~ A signal handler is an ordinary Forth word.  `wrap-signal-handler` builds
~ a small machine-code trampoline around it that the kernel can call:
~
~     mov rsi, <second half>   ~ threaded code to run when the word ends
~     cld
~     mov rax, <xt>            ~ enter the word the Forth way
~     jmp [rax]
~   second half (8-aligned):
~     A: .quad B               ~ a threaded cell: the xt B
~     B: .quad B+8             ~ B is a self-codeword ...
~        ret                   ~ ... whose code returns to the kernel's
~                              ~ restorer, which calls rt_sigreturn
~
~ rbp needs no care: the bootstrap reserves it for the control stack even
~ inside C (gcc -ffixed-rbp), so whatever was interrupted, rbp is the live
~ control stack and the handler's frames go below it.  (The siginfo
~ variants also apply DESIGN §5's rule, rbp from the saved block when the
~ interrupted rip is in C, which matters only for C that uses rbp.)  rsp needs none
~ either: the kernel's frame sits on the value stack like a C frame.  So a
~ handler must leave the value stack as it found it: ( -- ), or for the
~ siginfo variant ( signum siginfo ucontext -- ).

~ ---- signal numbers (asm-generic/signal.h) ----------------------------
1 constant SIGHUP   2 constant SIGINT   3 constant SIGQUIT  4 constant SIGILL
5 constant SIGTRAP  6 constant SIGABRT  7 constant SIGBUS   8 constant SIGFPE
9 constant SIGKILL 10 constant SIGUSR1 11 constant SIGSEGV 12 constant SIGUSR2
13 constant SIGPIPE 14 constant SIGALRM 15 constant SIGTERM 17 constant SIGCHLD
18 constant SIGCONT 19 constant SIGSTOP 20 constant SIGTSTP 26 constant SIGVTALRM
27 constant SIGPROF 28 constant SIGWINCH


: signal-name ( n -- str )
  dup 1 = if drop s" SIGHUP" exit then     dup 2 = if drop s" SIGINT" exit then
  dup 3 = if drop s" SIGQUIT" exit then    dup 4 = if drop s" SIGILL" exit then
  dup 5 = if drop s" SIGTRAP" exit then    dup 6 = if drop s" SIGABRT" exit then
  dup 7 = if drop s" SIGBUS" exit then     dup 8 = if drop s" SIGFPE" exit then
  dup 9 = if drop s" SIGKILL" exit then    dup 10 = if drop s" SIGUSR1" exit then
  dup 11 = if drop s" SIGSEGV" exit then   dup 12 = if drop s" SIGUSR2" exit then
  dup 13 = if drop s" SIGPIPE" exit then   dup 14 = if drop s" SIGALRM" exit then
  dup 15 = if drop s" SIGTERM" exit then   dup 17 = if drop s" SIGCHLD" exit then
  dup 18 = if drop s" SIGCONT" exit then   dup 19 = if drop s" SIGSTOP" exit then
  dup 20 = if drop s" SIGTSTP" exit then   dup 26 = if drop s" SIGVTALRM" exit then
  dup 27 = if drop s" SIGPROF" exit then   dup 28 = if drop s" SIGWINCH" exit then
  drop s" signal?" ;

~ ---- flags (asm/signal.h) ---------------------------------------------
0x00000004 constant SA_SIGINFO
0x04000000 constant SA_RESTORER
0x08000000 constant SA_ONSTACK
0 constant SIG_DFL
1 constant SIG_IGN

: sys-sigaction ( signum new old -- result ) 8 SYS_rt_sigaction syscall-4 ;
: sys-sigaltstack ( new old -- result ) SYS_sigaltstack syscall-2 ;

~ ---- the alternate signal stack ----------------------------------------
~ Fault handlers run on it, so an overflowed value stack can be reported.
~ The bootstrap maps it at a fixed address with a guard region below
~ (signal-stack, signal-stack-size: 128 KiB; see boot/vm.h for why), and
~ the size declared to the kernel is the size mapped.
: prepare-signal-stack ( -- )
  allocate-sigaltstack
  signal-stack over sigaltstack-pointer !
  0 over sigaltstack-flags !
  signal-stack-size over sigaltstack-size !
  0 sys-sigaltstack drop ;

~ ---- the restorer --------------------------------------------------------
~ mov rax, 15 (rt_sigreturn) ; syscall.  Exactly these 9 bytes, 48 c7 c0 0f
~ 00 00 00 0f 05, the sequence gdb recognises as a signal frame.  The kernel
~ "returns" into it when a handler is done.
code signal-return-trampoline
  SYS_rt_sigreturn :rax mov-reg64-imm32  syscall
end-code

~ ---- trampolines ---------------------------------------------------------
~ ( outp -- outp' ) the second half: A: .quad B ; B: .quad B+8 ; ret
: emit-second-half ( outp -- outp' )
  dup 8 + pack64  dup 8 + pack64  ret ;

~ Every trampoline made is remembered with the word it runs, so that a
~ handler can pass a signal on to the Forth word behind another one.
~ Pairs: the trampoline's code address, the word's xt (+1 for the
~ siginfo kind).
1024 constant trampoline-room
trampoline-room 2 * cells buffer: trampolines
variable #trampolines
: note-trampoline ( xt' word kind -- xt' )
  + #trampolines @ trampoline-room < if
    #trampolines @ 2 * cells trampolines +      ( xt' tagged slot )
    2 pick @ over !  cell+ !  1 #trampolines +!
  else drop then ;
: trampoline-word ( code -- tagged | 0 )
  #trampolines @ 0 ?do
    i 2 * cells trampolines +  2dup @ = if nip cell+ @ unloop exit then drop
  loop drop 0 ;

~ ( xt outp -- xt' ) the common tail: mov rsi, A (patched) ; cld ;
~ mov rax, xt ; jmp [rax] ; the second half.  Ends the hidden entry.
: emit-trampoline ( xt outp -- xt' )
  dup >r  0 :rsi mov-reg64-imm64  cld
  swap :rax mov-reg64-imm64  :rax jmp-abs-indirect-reg64
  8 packalign
  dup r> 2 + !                ~ the second half's address into mov rsi
  emit-second-half here !
  latest @ entry-to-execution-token  dup note-code ;

: begin-trampoline ( -- outp )
  s" signal-handler" create make-hidden self-codeword here @ ;

~ wrap-signal-handler ( xt -- xt' ): a hidden machine-code word that runs
~ the word xt ( -- ) as a signal handler.
: wrap-signal-handler ( xt -- xt' )
  dup begin-trampoline emit-trampoline  swap 0 note-trampoline ;

~ ( outp -- outp' ) DESIGN §5, in a trampoline that has the ucontext (rdx):
~ when the interrupted rip lies in the C text, take the control stack from
~ the block the C boundary saved.  With C built with -ffixed-rbp this
~ changes nothing (rbp is the control stack there too); it keeps handlers
~ right for C that does use rbp.  Uses rax and rcx, which the kernel
~ restores on return.
: emit-c-text-check ( outp -- outp' )
  :rdx 168 :rax mov-reg64-mem64                 ~ uc_mcontext.rip
  c-text-start-cell :rcx mov-reg64-imm64  :rcx 0 :rcx mov-reg64-mem64
  :rcx :rax cmp-reg64-reg64  0 :b jcc-label     ~ below the C text
  c-text-end-cell :rcx mov-reg64-imm64  :rcx 0 :rcx mov-reg64-mem64
  :rcx :rax cmp-reg64-reg64  0 :ae jcc-label    ~ at or past its end
  saved-rbp-cell :rcx mov-reg64-imm64  :rcx 0 :rbp mov-reg64-mem64
  0 label ;

~ wrap-signal-handler-info ( xt -- xt' ): the same for a handler bound with
~ SA_SIGINFO; the word gets ( signum siginfo ucontext -- ), the kernel's
~ three arguments, pushed before rsi is reused.
: wrap-signal-handler-info ( xt -- xt' )
  dup begin-trampoline  reset-labels  emit-c-text-check
  :rdi push-reg64  :rsi push-reg64  :rdx push-reg64
  check-labels emit-trampoline  swap 1 note-trampoline ;

~ ---- binding -------------------------------------------------------------
~ Each binding is remembered, newest first per signal, with the action it
~ replaced: [link][wrapper xt][old sigaction].
65 cells buffer: signal-bindings
: check-signum ( signum -- signum )
  dup 1 65 within 0= if s" not a signal number (1 to 64)" fail then ;
: bindings-of ( signum -- addr ) cells signal-bindings + ;
: binding-wrapper ( binding -- addr ) cell+ ;
: binding-old ( binding -- sa ) 2 cells + @ ;

: new-binding ( xt' signum -- binding )
  3 cells allocate >r
  dup bindings-of @ r@ !  r@ swap bindings-of !
  r@ binding-wrapper !
  allocate-sigaction r@ 2 cells + !  r> ;

: check-sigaction ( result -- )
  dup 0< if s" sigaction failed: " errno-name fail then drop ;

~ bind-signal-with ( xt' signum flags -- ): install the trampoline xt' for
~ signum with flags (SA_RESTORER always), an empty mask, remembering the
~ previous action.
: check-code-word ( xt -- xt )   ~ a word whose codeword runs its body
  dup execution-token-to-entry 0= over @ 2 pick cell+ <> or
  if s" bind-signal: not a machine-code word (wrap the handler first)" fail then ;
: bind-signal-with ( xt' signum flags -- )
  rot check-code-word -rot
  >r check-signum 2dup new-binding                ( xt' signum binding )
  swap rot allocate-sigaction        ( binding signum xt' sa )
  swap @ over sigaction-action !
  r> SA_RESTORER or over sigaction-flags !
  ['] signal-return-trampoline @ over sigaction-restorer !
  0 over sigaction-mask !
  rot binding-old sys-sigaction check-sigaction ;

~ bind-signal ( xt signum -- ): the design's: xt is a wrapped handler
: bind-signal ( xt signum -- ) 0 bind-signal-with ;
~ bind-signal-info ( xt signum -- ): for wrap-signal-handler-info
: bind-signal-info ( xt signum -- ) SA_SIGINFO bind-signal-with ;

~ unbind-signal ( signum -- ): put back the action the last bind replaced
: unbind-signal ( signum -- )
  check-signum
  dup bindings-of @ ?dup 0= if drop exit then
  2dup @ swap bindings-of !
  binding-old 0 sys-sigaction check-sigaction ;

~ ---- chaining ------------------------------------------------------------
~ ( signum -- tagged | 0 ) the Forth word behind the action the newest
~ binding of signum replaced (+1 when it takes siginfo), or 0 when there is
~ none to call: a default action is then put back and the signal raised
~ again, to take effect when this handler returns; an ignored signal, or
~ a handler not made by incant, is left alone.
: previous-handler ( signum -- tagged | 0 )
  check-signum
  dup bindings-of @ ?dup 0= if drop 0 exit then
  binding-old sigaction-action @
  dup SIG_IGN = if 2drop 0 exit then
  dup SIG_DFL = if drop dup unbind-signal raise 0 exit then
  nip trampoline-word ;

~ pass-signal ( signum -- ): from a plain handler, hand the signal on to
~ the action its binding replaced (a siginfo handler gets 0 for siginfo
~ and ucontext: it has none to read).
: pass-signal ( signum -- )
  dup previous-handler ?dup 0= if drop exit then
  dup 1 and if 1- >r 0 0 r> execute else nip execute then ;

~ pass-signal-info ( signum siginfo ucontext -- ): the same from a siginfo
~ handler, passing its arguments on.
: pass-signal-info ( signum siginfo ucontext -- )
  2 pick previous-handler ?dup 0= if 2drop drop exit then
  dup 1 and if 1- execute else nip nip nip execute then ;

~ ---- reading and changing what was interrupted -----------------------
~ siginfo: si_signo +0, si_errno +4, si_code +8, si_addr / si_pid +16
: siginfo-signo ( info -- addr ) ;
: siginfo-code ( info -- addr ) 8 + ;
: siginfo-addr ( info -- addr ) 16 + ;
: siginfo-pid ( info -- addr ) 16 + ;
~ ucontext: uc_mcontext (struct sigcontext) at +40, uc_sigmask at +296;
~ registers in sigcontext order (asm/sigcontext.h)
: uc-reg ( ucontext n -- addr ) cells 40 + + ;
: uc-r8 0 uc-reg ;   : uc-r9 1 uc-reg ;   : uc-r10 2 uc-reg ;  : uc-r11 3 uc-reg ;
: uc-r12 4 uc-reg ;  : uc-r13 5 uc-reg ;  : uc-r14 6 uc-reg ;  : uc-r15 7 uc-reg ;
: uc-rdi 8 uc-reg ;  : uc-rsi 9 uc-reg ;  : uc-rbp 10 uc-reg ; : uc-rbx 11 uc-reg ;
: uc-rdx 12 uc-reg ; : uc-rax 13 uc-reg ; : uc-rcx 14 uc-reg ; : uc-rsp 15 uc-reg ;
: uc-rip 16 uc-reg ; : uc-eflags 17 uc-reg ;
: uc-sigmask ( ucontext -- addr ) 296 + ;

~ ---- crashes -------------------------------------------------------------
~ handle-crash ( -- ): the design's simple handler
: handle-crash ( -- ) >error list-callers >output 1 sys-exit ;

: .hex ( u -- ) ." 0x" 16 (u.) ;
~ While a C helper runs, rsi is C's; the Forth rsi is in the saved block.
: in-c? ( rip -- flag ) c-text-start-cell @ c-text-end-cell @ within ;
: interrupted-rsi ( ucontext -- rsi )
  dup uc-rip @ in-c? if drop saved-rsi-cell @ else uc-rsi @ then ;
~ ( ucontext -- rip ) the interrupted rip; in C, the code of the primitive
~ whose helper was running, so that a report names `emit`, not C
: interrupted-rip ( ucontext -- rip )
  uc-rip @ dup in-c? if drop c-caller-cell @ @ then ;

~ report-crash ( signum siginfo ucontext -- ): the signal, the address,
~ the word that was running and its callers, to stderr; then exit 1.
: report-crash ( signum siginfo ucontext -- )
  dup interrupted-rip >r  dup interrupted-rsi >r   ~ first: a C call overwrites the saved block
  >error
  ." incant: " 2 pick signal-name emitstring
  ."  at address " over siginfo-addr @ .hex newline
  r> r> swap .running
  dup uc-rbp @ .callers
  >output  1 sys-exit ;

: install-crash-handler ( -- )
  prepare-signal-stack
  ['] report-crash wrap-signal-handler-info
  dup SIGSEGV SA_SIGINFO SA_ONSTACK or bind-signal-with
  dup SIGBUS SA_SIGINFO SA_ONSTACK or bind-signal-with
  dup SIGILL SA_SIGINFO SA_ONSTACK or bind-signal-with
  SIGFPE SA_SIGINFO SA_ONSTACK or bind-signal-with ;
