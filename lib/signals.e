~ lib/signals.e - signals handled in the language.
~
~ A signal handler is an ordinary Forth word.  `wrap-signal-handler` builds
~ a small machine-code trampoline around it that the kernel can call:
~
~     (note the signal frame)  ~ see "signal frames" below
~     mov rsi, <second half>   ~ threaded code to run when the word ends
~     cld
~     mov rax, <xt>            ~ enter the word the Forth way
~     jmp [rax]
~   second half (8-aligned):
~     A: .quad B               ~ a threaded cell: the xt B
~     B: .quad B+8             ~ B is a self-codeword ...
~        (drop the frame)      ~ ... whose code drops the frame and
~        ret                   ~ returns to the kernel's restorer, which
~                              ~ calls rt_sigreturn
~
~ rbp needs no care: the bootstrap reserves it for the control stack even
~ inside C (gcc -ffixed-rbp), so whatever was interrupted, rbp is the live
~ control stack and the handler's frames go below it.  rsp needs none
~ either: the kernel's frame sits on the value stack like a C frame.  So a
~ handler must leave the value stack as it found it: ( -- ), or for the
~ siginfo variant ( signum siginfo ucontext -- ).
~
~ Beyond the trampolines: bindings that remember what they replaced and
~ pass signals on as if it were still there (a default action, a Forth
~ handler, or a handler incant did not make), masks, deferred handlers
~ that run at a safe point with the whole language usable, and
~ `call-after-return`.  The fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
~ SIGTRAP) stay with incant's fault handler (lib/faults.e), which calls
~ the handlers bound to them after it has ruled out a stack overflow.

~ ---- signal numbers (asm-generic/signal.h) ----------------------------
~ Each is a constant and a row of the table signal-name reads.
65 name-table signal-names
: signal: ( n "name" -- )
  parse-name dup strlen >log  2dup swap signal-names set-name  create docon , , ;
 1 signal: SIGHUP     2 signal: SIGINT     3 signal: SIGQUIT    4 signal: SIGILL
 5 signal: SIGTRAP    6 signal: SIGABRT    7 signal: SIGBUS     8 signal: SIGFPE
 9 signal: SIGKILL   10 signal: SIGUSR1   11 signal: SIGSEGV   12 signal: SIGUSR2
13 signal: SIGPIPE   14 signal: SIGALRM   15 signal: SIGTERM   16 signal: SIGSTKFLT
17 signal: SIGCHLD   18 signal: SIGCONT   19 signal: SIGSTOP   20 signal: SIGTSTP
21 signal: SIGTTIN   22 signal: SIGTTOU   23 signal: SIGURG    24 signal: SIGXCPU
25 signal: SIGXFSZ   26 signal: SIGVTALRM 27 signal: SIGPROF   28 signal: SIGWINCH
29 signal: SIGIO     30 signal: SIGPWR    31 signal: SIGSYS    34 signal: SIGRTMIN
64 signal: SIGRTMAX
: signal-name ( n -- str ) signal-names number-name ?dup 0= if s" signal?" then ;

: check-signum ( signum -- signum )
  dup 1 65 within 0= if s" not a signal number (1 to 64)" fail then ;

~ ---- flags and codes (asm/signal.h, asm-generic/siginfo.h) ------------
0x00000004 constant SA_SIGINFO
0x04000000 constant SA_RESTORER
0x08000000 constant SA_ONSTACK
0x10000000 constant SA_RESTART
0x40000000 constant SA_NODEFER
0 constant SIG_DFL
1 constant SIG_IGN
0 constant SIG_BLOCK  1 constant SIG_UNBLOCK  2 constant SIG_SETMASK
0 constant SI_USER  0x80 constant SI_KERNEL  -6 constant SI_TKILL

: sys-sigaction ( signum new old -- result ) sigset-size SYS_rt_sigaction syscall-4 ;
: sys-sigaltstack ( new old -- result ) SYS_sigaltstack syscall-2 ;

~ ---- signal sets and the mask -----------------------------------------
~ A set is a cell: bit n-1 for signal n, as the kernel's sigset_t.
~ ( signum -- set ) a set of one signal; a number no signal has fails
~ (shifted by 64 or more, its bit would be none: a set of no signal)
: signal-bit ( signum -- set ) check-signum 1- 1 swap lshift ;
: signal-set ( s1 ... sn n -- set ) 0 swap 0 ?do swap signal-bit or loop ;
~ ( set how -- old ) rt_sigprocmask, with both sets on the value stack,
~ so a handler that changes the mask meanwhile has its own.  The fault
~ signals are never blocked: a fault with its signal blocked would end
~ the process unannounced (the kernel forces the default action).
: fault-set ( -- set ) SIGSEGV signal-bit SIGBUS signal-bit or SIGFPE signal-bit or
  SIGILL signal-bit or SIGTRAP signal-bit or ;
: sigprocmask ( set how -- old )
  dup SIG_UNBLOCK <> if swap fault-set invert and swap then
  swap 0  sp@ dup cell+ swap  4 pick -rot  sys-sigprocmask drop  nip nip ;
: block-signals ( set -- old ) SIG_BLOCK sigprocmask ;
: unblock-signals ( set -- old ) SIG_UNBLOCK sigprocmask ;
: set-signal-mask ( set -- ) SIG_SETMASK sigprocmask drop ;
: signal-mask@ ( -- set ) 0 SIG_BLOCK sigprocmask ;
~ with-signals-blocked ( xt -- ): run xt with every signal that can be
~ blocked blocked, then give the mask back, also when xt throws
: with-signals-blocked ( xt -- )
  -1 block-signals >r  catch  r> set-signal-mask  throw ;
~ The state every start writes, when lib/faults.e binds incant's own
~ handlers: the mask below, each signal's newest binding (the table of
~ bindings further on) and the records of the first bindings.  The
~ bootstrap keeps it in the global block (signal-state, boot/vm.h), on
~ the page start-up writes anyway: on pages of the data region of their
~ own, they took four page faults (one read, then copied on the write).
3 constant pooled-bindings
8 cells constant binding-size
: check-signal-state ( -- )
  2 65 + cells pooled-bindings binding-size * + signal-state-size <>
  if s" lib/signals.e: signal-state is not the size boot/vm.h gives it" fail then ;
check-signal-state hide-word check-signal-state
~ signal-mask ( s1 ... sn n -- ): the signals blocked while the handlers
~ bound from now on run (sa_mask), beside the handler's own signal
signal-state constant binding-mask
: signal-mask ( s1 ... sn n -- ) signal-set binding-mask ! ;

~ ---- the kernel's structs, built on the value stack ---------------------
~ A struct sigaction or stack_t that only goes to the kernel is laid out
~ on the value stack, a cell a field, the first field on top (the stack
~ grows down, so sp@ then points at it): nothing is allocated, a handler
~ that binds meanwhile builds its own, and start-up touches no page of
~ the log for it.  This is their layout (boot/layout.c):
: check-stack-structs ( -- )
  sa-flags-offset 1 cells <>  sa-restorer-offset 2 cells <> or
  sa-mask-offset 3 cells <> or  sigaction-size 4 cells <> or
  ss-flags-offset 1 cells <> or  ss-size-offset 2 cells <> or  stack-t-size 3 cells <> or
  if s" lib/signals.e: struct sigaction or stack_t is not a cell a field" fail then ;
check-stack-structs hide-word check-stack-structs

~ ---- the alternate signal stack ----------------------------------------
~ Fault handlers run on it, so an overflowed value stack can be reported.
~ The bootstrap maps it at a fixed address with a guard region below
~ (signal-stack, signal-stack-size: 128 KiB; see boot/vm.h for why), and
~ the size declared to the kernel is the size mapped.  The stack_t:
~ pointer, flags, size.
: prepare-signal-stack ( -- )
  signal-stack-size 0 signal-stack  sp@ 0 sys-sigaltstack drop  2drop drop ;

~ ---- the restorer --------------------------------------------------------
~ mov rax, 15 (rt_sigreturn) ; syscall.  Exactly these 9 bytes, 48 c7 c0 0f
~ 00 00 00 0f 05, the sequence gdb recognises as a signal frame.  The kernel
~ "returns" into it when a handler is done.
code signal-return-trampoline
  SYS_rt_sigreturn :rax mov-reg64-imm32  syscall
end-code

~ ---- reading and changing what was interrupted -----------------------
~ siginfo (asm-generic/siginfo.h; boot/layout.h): si_signo first, then
~ si_errno, si_code (32-bit each); si_addr (faults), or si_pid and si_uid
~ (sent), then si_value (timers, sigqueue).  The address words give a
~ field's address; the @ words read it at its width, sign-extended where
~ it is signed.
: siginfo-signo ( info -- addr ) ;
: siginfo-errno ( info -- addr ) si-errno-offset + ;
: siginfo-code ( info -- addr ) si-code-offset + ;
: siginfo-addr ( info -- addr ) si-addr-offset + ;
: siginfo-pid ( info -- addr ) si-pid-offset + ;
: siginfo-uid ( info -- addr ) si-uid-offset + ;
: siginfo-value ( info -- addr ) si-value-offset + ;
: l@s ( addr -- n ) l@ dup 0x80000000 and if 0x100000000 - then ;  ~ signed 32
: siginfo-signo@ ( info -- n ) siginfo-signo l@s ;
: siginfo-errno@ ( info -- n ) siginfo-errno l@s ;
: siginfo-code@ ( info -- n ) siginfo-code l@s ;
: siginfo-addr@ ( info -- addr ) siginfo-addr @ ;
: siginfo-pid@ ( info -- n ) siginfo-pid l@s ;
: siginfo-uid@ ( info -- n ) siginfo-uid l@ ;
: siginfo-value@ ( info -- x ) siginfo-value @ ;
~ sent? ( info -- flag ): sent by a process (kill, tkill, sigqueue), not
~ raised by the kernel for a fault or the terminal
: sent? ( info -- flag ) siginfo-code@ 0 <= ;

~ ucontext: uc_mcontext (struct sigcontext), then uc_sigmask; registers
~ in sigcontext order (asm/sigcontext.h; boot/layout.h)
: uc-reg ( ucontext n -- addr ) cells uc-mcontext-offset + + ;
: uc-r8 0 uc-reg ;   : uc-r9 1 uc-reg ;   : uc-r10 2 uc-reg ;  : uc-r11 3 uc-reg ;
: uc-r12 4 uc-reg ;  : uc-r13 5 uc-reg ;  : uc-r14 6 uc-reg ;  : uc-r15 7 uc-reg ;
: uc-rdi 8 uc-reg ;  : uc-rsi 9 uc-reg ;  : uc-rbp 10 uc-reg ; : uc-rbx 11 uc-reg ;
: uc-rdx 12 uc-reg ; : uc-rax 13 uc-reg ; : uc-rcx 14 uc-reg ; : uc-rsp 15 uc-reg ;
: uc-rip 16 uc-reg ; : uc-eflags 17 uc-reg ;
~ the page fault's error code (bit 1 a write, bit 4 an instruction
~ fetch), the trap number, cr2 (the faulting address)
: uc-err 19 uc-reg ;  : uc-trapno 20 uc-reg ;  : uc-cr2 22 uc-reg ;
: uc-sigmask ( ucontext -- addr ) uc-sigmask-offset + ;

~ ---- signal frames --------------------------------------------------------
~ Every trampoline notes the frame the kernel made for it (boot/vm.h,
~ struct sig_frame; core/core.e sig-frame): the ucontext, the siginfo,
~ the rsp at entry (where the restorer's address is), the rbp its words
~ run on, the signal and, for a signal that landed in C, the primitive
~ that called C and the rsi it saved, before the handler's own C calls
~ overwrite them.  `list-callers` follows them into what each handler
~ interrupted, a throw out of a handler gives back the mask they found,
~ and an asynchronous throw can wait for C.
~ (frame-uc, frame-info and frame-signum are in core/core.e)
: frame-rsp ( frame -- rsp ) sig-frame-rsp-offset + @ ;
~ ( -- frame | 0 ) the innermost handler's frame
: current-frame ( -- frame | 0 )
  sig-depth-cell @ dup 1 max-sig-depth 1+ within if 1- sig-frame else drop 0 then ;
~ ( ucontext -- frame | 0 ) the frame of a ucontext
: frame-of ( ucontext -- frame | 0 )
  recorded-depth begin dup while
    1- 2dup sig-frame frame-uc = if nip sig-frame exit then
  repeat 2drop 0 ;

~ While a C helper runs, rip and rsi are C's: `interrupted-rip` and
~ `interrupted-rsi` (C helpers, boot/error.c) give what Forth was doing:
~ the code of the primitive that called C, so that a report names `emit`,
~ and the rsi it saved.
: in-c? ( rip -- flag ) c-text-start-cell @ c-text-end-cell @ within ;

~ ( outp -- outp' ) note the frame: the depth goes up first, so a signal
~ that nests here gets the next slot.  Past max-sig-depth frames, label 2
~ (`nesting-overflow`) instead of the handler.  Uses rax, rcx.
: emit-note-frame ( outp -- outp' )
  sig-depth-cell :rax mov-reg64-imm32
  :rax 0 :rcx mov-reg64-mem64
  :rax 0 inc-mem64
  max-sig-depth :rcx cmp-reg64-imm32  2 :ae jcc-label
  sig-frame-shift :rcx shl-reg64-imm8  sig-frames :rcx add-reg64-imm32
  :rdx :rcx sig-frame-uc-offset mov-mem64-reg64
  :rsi :rcx sig-frame-info-offset mov-mem64-reg64
  :rsp :rcx sig-frame-rsp-offset mov-mem64-reg64
  :rbp :rcx sig-frame-rbp-offset mov-mem64-reg64
  :rdi :rcx sig-frame-signum-offset mov-mem64-reg64
  c-caller-cell :rax mov-reg64-imm32  :rax 0 :rax mov-reg64-mem64
  :rax :rcx sig-frame-c-caller-offset mov-mem64-reg64
  saved-rsi-cell :rax mov-reg64-imm32  :rax 0 :rax mov-reg64-mem64
  :rax :rcx sig-frame-c-rsi-offset mov-mem64-reg64 ;

~ Handlers nest at most max-sig-depth deep (a flood of signals that let
~ each other in, or a handler that raises its own).  A signal past that
~ which came from outside (a timer, another process) does not run its
~ handler: it is noted in overflowed-signals and raised again once the
~ outermost handler is done, so a flood counts as fewer signals, as the
~ kernel's own merging does.  A fault that deep, or a signal the program
~ raised itself, is a clear error and the exit status of the signal.
variable overflowed-signals
: nesting-overflow ( signum -- )
  -1 block-signals drop
  >error ." incant: signal handlers nested too deeply (" dup signal-name emitstring
  ." , " max-sig-depth 0 .r ."  levels)" newline >output
  128 + sys-exit ;

~ ---- deferred handlers (the part the trampolines need) ----------------
~ deferred-scheduled: a run of the deferred handlers is arranged already
~ (call-after-return), so a signal that comes meanwhile only notes itself.
~ deferred-nested: one came while another handler ran; when the last
~ handler leaves, kick-deferred raises it again, to come back to the
~ program itself, where it may run.
variable deferred-scheduled  variable deferred-nested
~ deferred-running: the signals whose word runs now.  A signal that comes
~ again while its word runs waits for it to end (as the kernel holds a
~ signal while its handler runs), so a slow word under a fast signal does
~ not nest without bound; other signals' words may nest.
variable deferred-running
: runnable-deferred ( -- set ) deferred-pending @ deferred-running @ invert and ;
: lowest-signal ( set -- signum ) 1 swap begin dup 1 and 0= while 1 rshift swap 1+ swap repeat drop ;
: set-bits ( set addr -- )  ~ one instruction: a handler cannot split it
  [ here @ :rax pop-reg64 :rcx pop-reg64 :rcx :rax 0 or-mem64-reg64 here ! ] ;asm
: clear-bits ( set addr -- )
  [ here @ :rax pop-reg64 :rcx pop-reg64 :rcx not-reg64 :rcx :rax 0 and-mem64-reg64 here ! ] ;asm
~ ( set -- ) raise every signal in set, lowest first
: raise-each ( set -- )
  begin ?dup while dup lowest-signal dup raise signal-bit invert and repeat ;
~ kick-deferred runs at the end of the outermost handler, before it
~ returns: what it raises is blocked first, so that it comes once the
~ handler has returned (and the kernel has put back the mask it found),
~ not on top of it, where a steady flood would pile up frames.
: raise-later ( set -- ) dup block-signals drop raise-each ;
: kick-deferred ( -- )
  0 deferred-nested !
  overflowed-signals @ dup overflowed-signals clear-bits  raise-later
  runnable-deferred ?dup if lowest-signal signal-bit raise-later then ; quiet

~ ---- trampolines ---------------------------------------------------------
~ ( x insn -- ) give a `mov reg, imm64` (REX.W, B8+r, then the eight
~ bytes of the immediate) emitted with 0 its immediate x
: patch-imm64 ( x insn -- ) 2 + ! ;
~ ( outp -- outp' ) the second half: A: B ; B: B+8 ; drop the frame; ret.
~ When that was the last handler and a deferred handler's signal came
~ while another handler ran, it is raised again on the way out.
: emit-second-half ( outp -- outp' )
  dup 8 + pack64  dup 8 + pack64
  sig-depth-cell :rax mov-reg64-imm32  :rax 0 dec-mem64  3 :nz jcc-label
  deferred-nested :rax mov-reg64-imm32  0 :rax 0 cmp-mem64-imm32  3 :e jcc-label
  dup >r 0 :rsi mov-reg64-imm64
  ['] kick-deferred :rax mov-reg64-imm64  :rax jmp-abs-indirect-reg64
  8 packalign  dup r> patch-imm64    ~ A2, where rsi goes on after kick
  dup 8 + pack64  dup 8 + pack64  3 label  ret ;

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

~ The signals whose handlers may not simply be skipped: SIGILL SIGTRAP
~ SIGBUS SIGFPE SIGSEGV, as bits
0x4d8 constant fault-signal-bits
~ ( outp -- outp' ) label 2, past the nesting bound: a fault, or a
~ signal the program raised itself (tkill, as `raise` does: a handler
~ that raises its own signal would loop for ever) goes on to label 4;
~ any other signal is noted in overflowed-signals, with
~ deferred-nested set so the outermost handler's end raises it again,
~ and returns at once (to the restorer) without a frame.
: emit-skip-overflowed ( outp -- outp' )
  2 label
  :rdi :rcx mov-reg64-reg64  :rcx dec-reg64  1 :rax mov-reg64-imm32  :rax shl-reg64-cl
  fault-signal-bits :rax test-reg64-imm32  4 :nz jcc-label
  SI_TKILL :rsi si-code-offset cmp-mem32-imm32  4 :e jcc-label   ~ raised
  overflowed-signals :rcx mov-reg64-imm32  :rax :rcx 0 or-mem64-reg64
  deferred-nested :rcx mov-reg64-imm32  -1 :rcx 0 mov-mem64-imm32
  sig-depth-cell :rax mov-reg64-imm32  :rax 0 dec-mem64
  ret  4 label ;
~ ( xt outp -- xt' ) the common tail: mov rsi, A (patched) ; cld ;
~ mov rax, xt ; jmp [rax]; past the nesting bound, a signal skipped or
~ (a fault) rdi pushed and nesting-overflow entered the same way; the
~ second half.  Ends the hidden entry.
: emit-trampoline ( xt outp -- xt' )
  dup >r  0 :rsi mov-reg64-imm64  cld
  swap :rax mov-reg64-imm64  :rax jmp-abs-indirect-reg64
  emit-skip-overflowed  :rdi push-reg64
  dup >r  0 :rsi mov-reg64-imm64  cld
  ['] nesting-overflow :rax mov-reg64-imm64  :rax jmp-abs-indirect-reg64
  8 packalign
  dup r> patch-imm64  dup r> patch-imm64   ~ the second half's address into both
  emit-second-half check-labels here !
  latest @ entry-to-execution-token  dup note-code ;

~ ( outp -- outp' ) the kernel's three arguments onto the value stack
: emit-push-arguments ( outp -- outp' )
  :rdi push-reg64  :rsi push-reg64  :rdx push-reg64 ;

~ ( -- n ) log2 of cstack-stride: a region's number is the offset shifted
: stride-shift ( -- n ) 0 cstack-stride begin dup 1 > while 2/ swap 1+ swap repeat drop ;
~ ( outp -- outp' ) a fault handler's rbp: a faulting rbp (a control stack
~ run over or under) is replaced with the small emergency control stack,
~ so the handler's own calls work.  rbp is healthy in the usable part of
~ a control stack region that is mapped (level 0's always is; another
~ level's once (interpret-enter) has mapped it: rp! can point into one
~ that is not), more than 256 bytes above its bottom.  Uses rax, rcx and
~ r8, which the kernel restores on return.
: emit-rbp-check ( outp -- outp' )
  emergency-rp0 :rcx mov-reg64-imm64
  :rbp :rax mov-reg64-reg64
  cstack-low :rax sub-reg64-imm32                ~ off the regions: emergency
  cstack-levels cstack-stride * :rax cmp-reg64-imm32
  :rcx :rbp :ae cmovcc-reg64-reg64  6 :ae jcc-label
  :rax :r8 mov-reg64-reg64  stride-shift :r8 shr-reg64-imm8   ~ the region, from the lowest
  cstack-levels 1- :r8 cmp-reg64-imm32  6 :e jcc-label        ~ level 0's
  3 :r8 shl-reg64-imm8  :r8 neg-reg64                         ~ level-mapped[level]
  cstack-levels 1- cells level-mapped + :r8 add-reg64-imm32
  0 :r8 0 cmp-mem64-imm32  :rcx :rbp :e cmovcc-reg64-reg64
  6 label
  cstack-stride 1- :rax and-reg64-imm32          ~ in a guard, or near the
  guard-size 256 + :rax sub-reg64-imm32          ~ bottom one
  cstack-size 256 - :rax cmp-reg64-imm32
  :rcx :rbp :a cmovcc-reg64-reg64 ;

~ The kinds of trampoline, by what the handler word gets:
0 constant plain-handler    ~ ( -- )
1 constant info-handler     ~ ( signum siginfo ucontext -- ), SA_SIGINFO
2 constant fault-handler    ~ the same, on the emergency control stack
                            ~ when rbp is in a guard region
~ build-trampoline ( xt kind -- xt' ): a hidden machine-code word that
~ runs the word xt as a signal handler of that kind.  (No trampoline
~ looks at whether the signal landed in C: the bootstrap never touches
~ rbp, so rbp is the control stack there too; tests/signals.bats checks
~ the binary for that.)
: build-trampoline ( xt kind -- xt' )
  >r dup  s" signal-handler" create make-hidden self-codeword here @ reset-labels
  r@ fault-handler = if emit-rbp-check then
  emit-note-frame
  r@ plain-handler <> if emit-push-arguments then   ~ before rsi is reused
  emit-trampoline  swap r> plain-handler <> 1 and note-trampoline ;

~ wrap-signal-handler ( xt -- xt' ): a trampoline for the word xt ( -- )
: wrap-signal-handler ( xt -- xt' ) plain-handler build-trampoline ;
~ wrap-signal-handler-info ( xt -- xt' ): the same for a handler bound
~ with SA_SIGINFO: the word gets the kernel's three arguments
: wrap-signal-handler-info ( xt -- xt' ) info-handler build-trampoline ;

~ ---- binding -------------------------------------------------------------
~ Each binding is remembered, newest first per signal:
~   [link][action][what it replaced: a sigaction, or 0 for a fault signal]
~   [its flags][room for the sigaction it replaced: four cells]
~ The action is a trampoline's xt, or SIG_DFL / SIG_IGN.  The fault
~ signals keep incant's fault handler in the kernel: their bindings are
~ only this list, which lib/faults.e consults.  The first records come
~ from the signal state's page, the rest from the log.
signal-state cell+ constant bindings-pooled   ~ how many records were taken
signal-state 2 cells + constant signal-bindings
signal-bindings 65 cells + constant binding-pool
: bindings-of ( signum -- addr ) cells signal-bindings + ;
: binding-action ( binding -- addr ) cell+ ;
: binding-old ( binding -- sa | 0 ) 2 cells + @ ;

: binding-flags ( binding -- addr ) 3 cells + ;
~ ( -- binding ) a record: from the pool while it lasts (the first are
~ start-up's own, before any handler of the program's can bind), then
~ from the log
: binding-record ( -- binding )
  bindings-pooled @ dup pooled-bindings < if
    dup 1+ bindings-pooled !  binding-size * binding-pool + exit
  then drop binding-size allocate ;
: new-binding ( action signum -- binding )
  binding-record >r
  dup bindings-of @ r@ !  r@ swap bindings-of !
  r@ binding-action !  0 r@ 2 cells + !  0 r@ binding-flags !  r> ;

: check-sigaction ( result -- )
  dup 0< if s" sigaction failed: " fail-errno then drop ;

~ ( action -- action ) a trampoline (a word whose codeword runs its body),
~ or SIG_DFL / SIG_IGN
: check-action ( xt -- xt )
  dup SIG_IGN u> 0= if exit then
  dup execution-token-to-entry 0= over @ 2 pick cell+ <> or
  if s" bind-signal: not a machine-code word (wrap the handler first)" fail then ;

~ ( action flags -- mask restorer flags' handler ) a struct sigaction on
~ the value stack: the trampoline's code (or SIG_DFL / SIG_IGN),
~ SA_RESTORER always, the mask signal-mask set
: sigaction-cells ( action flags -- mask restorer flags' handler )
  binding-mask @ -rot  ['] signal-return-trampoline @ -rot
  SA_RESTORER or swap dup SIG_IGN u> if @ then ;
~ ( action flags signum old -- result ) rt_sigaction: signum's action
~ made so, what it was stored at old (unless 0).  Seven cells more lie
~ above the struct: strace reads the C library's struct sigaction there
~ (88 bytes), and on an empty stack the struct's end is the stack's.
: set-sigaction ( action flags signum old -- result )
  2>r 2>r 0 0 0 0 0 0 0 2r> sigaction-cells 2r>  sp@ 2 cells + swap  sys-sigaction
  >r 2drop 2drop 2drop 2drop 2drop drop r> ;

~ ( action signum flags -- ) bind-signal-with without its checks, for
~ incant's own trampolines at start-up (lib/faults.e): the action check
~ reads the xt map and the entries table, two pages that a run which
~ defines nothing would otherwise never touch
: install-binding ( action signum flags -- )
  over fault-signal? if drop new-binding drop exit then
  >r 2dup new-binding                        ( action signum binding )
  r@ over binding-flags !
  dup 4 cells + over 2 cells + !             ~ where the old action goes
  -rot swap r> rot                           ( binding action flags signum )
  4 roll binding-old set-sigaction check-sigaction ;
~ bind-signal-with ( action signum flags -- ): install action for signum
~ with flags, remembering what it replaces
: bind-signal-with ( action signum flags -- )
  rot check-action rot check-signum rot install-binding ;

~ bind-signal ( action signum -- ): the design's: action is a wrapped
~ handler (or SIG_DFL, SIG_IGN)
: bind-signal ( action signum -- ) 0 bind-signal-with ;
~ bind-signal-info ( action signum -- ): for wrap-signal-handler-info
: bind-signal-info ( action signum -- ) SA_SIGINFO bind-signal-with ;

~ ( signum -- ) put back the kernel's action from the bindings: the newest
: reinstall ( signum -- )
  dup fault-signal? if drop exit then
  dup bindings-of @ ?dup 0= if drop exit then
  dup binding-action @ swap binding-flags @ rot 0 set-sigaction drop ;

~ unbind-signal ( signum -- ): put back the action the last bind replaced
: unbind-signal ( signum -- )
  check-signum
  dup bindings-of @ ?dup 0= if drop exit then
  2dup @ swap bindings-of !
  binding-old ?dup if 0 sys-sigaction check-sigaction else drop then ;

~ ---- chaining ------------------------------------------------------------
~ What a binding replaced: for a signal whose action is the kernel's, the
~ action in the sigaction it saved; for a fault signal, the binding below
~ it, or -1 under the last one: incant's fault path.
-1 constant fault-path
: previous-action ( signum -- action )
  check-signum
  dup bindings-of @ ?dup 0= if fault-signal? if fault-path else SIG_DFL then exit then
  nip dup binding-old ?dup if nip sigaction-action @ exit then
  @ ?dup if binding-action @ dup SIG_IGN u> if @ then else fault-path then ;

~ Default actions (signal(7)): ignore, stop, or terminate (with a core
~ dump for some, which the kernel decides).
: ignored-by-default? ( signum -- flag )
  dup SIGCHLD = over SIGCONT = or over SIGURG = or swap SIGWINCH = or ;
: stops-by-default? ( signum -- flag )
  dup SIGTSTP = over SIGTTIN = or swap SIGTTOU = or ;
~ ( signum -- ) what the kernel would do: nothing, stop (the handler stays
~ bound for when the process goes on), or flush output and let the signal
~ terminate the process with the default action's status
: default-action ( signum -- )
  dup ignored-by-default? if drop exit then
  dup stops-by-default? if drop SIGSTOP raise exit then
  flush-output
  SIG_DFL 0 2 pick 0 set-sigaction drop
  dup signal-bit unblock-signals drop
  dup raise
  reinstall ;    ~ still here: it was blocked or ignored after all

~ call-c-handler ( signum info uc addr -- ): call a handler incant did not
~ make with the C calling convention: the kernel's three arguments in rdi,
~ rsi, rdx, rsp aligned to 16.  rbx and r12 keep rsi and rsp: callee-saved.
code call-c-handler
  :rax pop-reg64  :rdx pop-reg64  :rcx pop-reg64  :rdi pop-reg64
  :rsi :rbx mov-reg64-reg64  :rcx :rsi mov-reg64-reg64
  :rsp :r12 mov-reg64-reg64  -16 :rsp and-reg64-imm32
  :rax call-reg64
  :r12 :rsp mov-reg64-reg64  :rbx :rsi mov-reg64-reg64
end-code

~ passed-to-fault-path is set when a fault signal is passed on past the
~ last binding: lib/faults.e then treats the fault as its own.
variable passed-to-fault-path
: run-action ( signum info uc action -- )
  dup fault-path = if drop 2drop drop true passed-to-fault-path ! exit then
  dup SIG_IGN = if drop 2drop drop exit then
  dup SIG_DFL = if drop 2drop default-action exit then
  dup trampoline-word ?dup if
    nip dup 1 and if 1- execute else nip nip nip execute then exit
  then
  call-c-handler ; quiet

~ pass-signal ( signum -- ): from a plain handler, hand the signal on to
~ the action its binding replaced, as if it had never been replaced: with
~ the real siginfo and ucontext of the frame being handled
: frame-for ( signum -- frame | 0 )  ~ the innermost frame, if it is signum's
  current-frame dup 0= if nip exit then  tuck frame-signum = and ;
: pass-signal ( signum -- )
  dup frame-for ?dup if dup frame-info swap frame-uc else 0 0 then
  2 pick previous-action run-action ; quiet

~ pass-signal-info ( signum siginfo ucontext -- ): the same from a siginfo
~ handler, passing its arguments on.
: pass-signal-info ( signum siginfo ucontext -- )
  2 pick previous-action run-action ; quiet

~ ---- call-after-return ------------------------------------------------
~ call-after-return ( ucontext xt -- ): from a siginfo handler, arrange
~ that when the kernel resumes the interrupted code, it first runs xt
~ ( -- ) on its stacks, with signals as they were before the signal, and
~ then resumes with every register and the flags as they were.  Below the
~ interrupted rsp go, from the top: its rip, the cell that leads on to the
~ resumption, and xt; its rip becomes after-return-stub's.  The cells
~ skip the 128-byte red zone when the handler runs on the alternate stack
~ (C may keep data there); on the same stack that space is the kernel's
~ frame, which is only safe to skip when the interrupted code is Forth
~ (which keeps nothing below rsp).
code after-return-stub
  pushfq
  :rax push-reg64 :rcx push-reg64 :rdx push-reg64 :rbx push-reg64
  :rbp push-reg64 :rsi push-reg64 :rdi push-reg64 :r8 push-reg64
  :r9 push-reg64 :r10 push-reg64 :r11 push-reg64 :r12 push-reg64
  :r13 push-reg64 :r14 push-reg64 :r15 push-reg64
  cld
  :rsp 16 cells :rax mov-reg64-mem64          ~ xt
  :rsp 17 cells :rsi mov-reg64-mem64          ~ the resumption cell
  :rax jmp-abs-indirect-reg64
end-code
~ ( n "name" -- ) a resumption: pop it all back, drop xt and the cell, and
~ return to the interrupted rip, releasing n bytes more
: resumption ( n "name" -- )
  parse-name create self-codeword here @
  :r15 pop-reg64 :r14 pop-reg64 :r13 pop-reg64 :r12 pop-reg64
  :r11 pop-reg64 :r10 pop-reg64 :r9 pop-reg64 :r8 pop-reg64
  :rdi pop-reg64 :rsi pop-reg64 :rbp pop-reg64 :rbx pop-reg64
  :rdx pop-reg64 :rcx pop-reg64 :rax pop-reg64
  popfq
  :rsp 16 :rsp lea-reg64-mem64                ~ lea: the flags stay
  swap ret-imm16 here !  latest @ entry-to-execution-token note-code ;
0 resumption resume-here
128 resumption resume-past-red-zone
~ the threaded cells rsi points at when xt is done
2 cells buffer: resumption-cells
' resume-here entry-to-execution-token resumption-cells !
' resume-past-red-zone entry-to-execution-token resumption-cells cell+ !

: on-alternate-stack? ( addr -- flag ) signal-stack dup signal-stack-size + within ;
: call-after-return ( ucontext xt -- )
  over frame-of ?dup 0= if s" call-after-return: not a handler's ucontext" fail then
  frame-rsp on-alternate-stack? if 128 resumption-cells cell+
  else over uc-rip @ in-c? if s" call-after-return: the signal landed in C, on this stack" fail then
    0 resumption-cells then                      ( uc xt skip cell )
  3 pick uc-rsp @ rot - 3 cells -                ( uc xt cell new )
  3 pick uc-rip @ over 2 cells + !               ~ the rip, topmost
  tuck cell+ !  tuck !                           ( uc new )
  over uc-rsp !  ['] after-return-stub @ swap uc-rip ! ;

~ ---- deferred handlers --------------------------------------------------
~ bind-signal-deferred ( xt signum -- ): the low-level handler only notes
~ the signal; the word xt ( -- ) runs at the next safe point, on the
~ normal stacks, with signals unblocked and the whole language usable:
~ allocate, define, print, throw (a throw lands where the program was).
~ Safe points: any instruction of Forth code, when nothing is being
~ compiled or built and no other handler runs (then at once, through
~ call-after-return); the return of a C helper; the end of the handler
~ that was running.  So the delay is bounded, even in a loop that calls
~ nothing.  Signals of one kind that come before their word runs count
~ once, as in the kernel.
65 cells buffer: deferred-words
~ ( xt signum -- ) run a deferred signal's word, its bit set in
~ deferred-running meanwhile, also when the word throws
: run-one-deferred ( xt signum -- )
  signal-bit dup deferred-running set-bits
  >r catch r> deferred-running clear-bits  throw ;
: run-deferred ( -- )
  0 deferred-scheduled !
  begin runnable-deferred ?dup while
    lowest-signal  dup signal-bit deferred-pending clear-bits
    dup cells deferred-words + @ ?dup if swap run-one-deferred else drop then
  repeat ; quiet
' run-deferred entry-to-execution-token deferred-xt-cell !
: safe-to-run? ( ucontext -- flag )
  uc-rip @ in-c? 0=  state-cell @ 0= and  building-cell @ 0= and
  sig-depth-cell @ 1 = and  reporting-flag @ 0= and ;
: deferred-arrived ( signum siginfo ucontext -- )
  nip swap signal-bit deferred-pending set-bits
  sig-depth-cell @ 1 > if -1 deferred-nested ! then
  dup safe-to-run? deferred-scheduled @ 0= and if
    -1 deferred-scheduled !  ['] run-deferred call-after-return
  else drop then ; quiet
' deferred-arrived entry-to-execution-token wrap-signal-handler-info
  constant deferred-trampoline
: bind-signal-deferred ( xt signum -- )
  check-signum  dup fault-signal? if s" a fault signal cannot be deferred" fail then
  tuck cells deferred-words + !
  deferred-trampoline swap SA_SIGINFO SA_ONSTACK or bind-signal-with ;

~ ---- crashes -------------------------------------------------------------
~ handle-crash ( -- ): the design's simple handler
: handle-crash ( -- ) >error list-callers >output 1 sys-exit ;

: .hex ( u -- ) ." 0x" 16 (u.) ;

~ report-crash ( signum siginfo ucontext -- ): the signal, the address,
~ the word that was running and its callers, to stderr; then exit 1.
: report-crash ( signum siginfo ucontext -- )
  >error
  ." incant: " 2 pick signal-name emitstring
  ."  at address " over siginfo-addr @ .hex newline
  dup interrupted-rip over interrupted-rsi .running
  dup uc-rbp @ .callers
  >output  1 sys-exit ;

: install-crash-handler ( -- )
  prepare-signal-stack
  ['] report-crash wrap-signal-handler-info
  dup SIGSEGV SA_SIGINFO SA_ONSTACK or bind-signal-with
  dup SIGBUS SA_SIGINFO SA_ONSTACK or bind-signal-with
  dup SIGILL SA_SIGINFO SA_ONSTACK or bind-signal-with
  SIGFPE SA_SIGINFO SA_ONSTACK or bind-signal-with ;
