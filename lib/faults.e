~ lib/faults.e - faults and interruptions become Forth exceptions.
~
~ A SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGTRAP, or a Ctrl-C at the REPL,
~ does not unwind inside the signal handler.  The handler records what
~ happened (the code, the address, the running word and its callers), then
~ edits the interrupted context so that, when the kernel resumes it, it
~ resumes in `fault-throw` with sane stacks: rsp just below the value
~ stack the innermost `catch` saved, rbp at that catch frame.
~ `fault-throw` throws the code, and `catch` returns it as if `throw` had
~ been called there.
~
~ The fault signals keep this handler in the kernel whatever a program
~ binds: a stack run over or under is reported first, then a barrier
~ (lib/barriers.e) or a guarded code range may take the fault, then the
~ handlers bound to the signal run (lib/signals.e keeps them), and only
~ when none is left is the fault an error.
~
~ Codes by fault address: a value stack guard region gives -3 (overflow,
~ below) or -4 (underflow, above); the control stack's give -5 / -6; any
~ other address -9.  SIGFPE gives -10, SIGILL -256, SIGTRAP -258, Ctrl-C
~ -28, and a fault signal another process sent with kill -28 as well.

variable fault-code
~ The fault path's own code must not fault: fault-busy (core/core.e) holds
~ the signal depth it runs at, and a throw that unwinds past it clears it.
: in-fault ( -- ) sig-depth-cell @ fault-busy ! ;
: out-of-fault ( -- ) 0 fault-busy ! ;
~ ( -- flag ) this fault came while the fault path ran: fault-busy names a
~ frame below this one, and that frame is a fault's (so a stray store into
~ fault-busy cannot make an ordinary fault look like one in the handler)
: fault-nested? ( -- flag )
  fault-busy @ dup 1 sig-depth-cell @ within 0= if drop false exit then
  1- sig-frame dup frame-signum fault-signal? swap frame-async? 0= and ;
variable giving-up
~ reporting? ( -- flag ): an error report is being printed.  Not a C call:
~ nothing may call C before the frame of the signal is read.
: reporting? ( -- flag ) reporting-flag @ 0<> ;

~ fault-throw: where a faulting context resumes: throw fault-code
code fault-throw
  fault-code :rax mov-reg64-imm64   :rax 0 push-mem64
  throw-hook :rax mov-reg64-imm64   :rax 0 :rax mov-reg64-mem64
  :rax jmp-abs-indirect-reg64
end-code

~ ---- classification ---------------------------------------------------
: in-guard? ( addr guard -- flag ) dup guard-size + within ;
~ The control stack regions (boot/vm.h) lie a stride apart; within its
~ stride a region is: guard, usable part, guard.
: cstack-guard-code ( addr -- code | 0 )
  cstack-low -  dup cstack-levels cstack-stride * u< 0= if drop 0 exit then
  cstack-stride 1- and
  dup guard-size u< if drop -5 exit then
  guard-size - cstack-size - dup 0< if drop 0 exit then
  guard-size u< if -6 else 0 then ;
: stack-fault-code ( addr -- code | 0 )
  dup vstack-base guard-size - in-guard? if drop -3 exit then
  dup sp0 in-guard? if drop -4 exit then
  cstack-guard-code ;
: fault-code-for ( signum addr -- code )
  over SIGFPE = if 2drop -10 exit then
  over SIGILL = if 2drop -256 exit then
  over SIGTRAP = if 2drop -258 exit then
  nip stack-fault-code ?dup 0= if -9 then ;

~ ---- where execution resumes -----------------------------------------
~ The innermost catch frame (core/core.e: catch) holds the sp to go back to.
~ Throwing needs some room below it (the throw's own words and the C it
~ calls); a catch entered with the value stack nearly full has none, so
~ then the throw runs on the alternate signal stack, which is free once
~ the handler has returned, until it restores the saved sp.
: live-handler ( -- frame | 0 ) handler @ dup catch-frame? and ;
: safe-rbp ( -- rbp ) live-handler ?dup 0= if rp0 then ;
: safe-rsp ( -- rsp )
  live-handler ?dup if catch-frame-sp @ else sp0 then
  dup vstack-base - 8192 < if drop signal-stack signal-stack-size + then
  512 - -16 and ;
~ EFLAGS.DF, the direction flag (Intel SDM vol. 1, 3.4.3)
0x400 constant eflags-df
: resume-throwing ( code ucontext -- )
  swap fault-code !
  dup uc-eflags @ eflags-df invert and over uc-eflags !   ~ DF=0, as Forth needs
  ['] fault-throw @ over uc-rip !
  safe-rsp over uc-rsp !
  safe-rbp swap uc-rbp ! ;

~ A fault while a fault is handled, or while an error is reported, must
~ not loop: say so if possible, and leave with 128 + the signal.
: give-up ( signum -- )
  giving-up @ if 128 + sys-exit-now then   ~ no flushing: it may fault
  -1 giving-up !
  >error ." incant: fault while handling a fault (" dup signal-name emitstring
  ." ), giving up" newline >output
  128 + sys-exit ;

~ The same fault at the same place again and again means that throwing
~ itself faults: give up rather than spin.
variable last-fault-rip  variable fault-repeats
: spinning? ( ucontext -- flag )
  uc-rip @ dup last-fault-rip @ = if
    drop 1 fault-repeats +! fault-repeats @ 100000 >
  else
    last-fault-rip ! 0 fault-repeats ! false
  then ;

: 3dup ( a b c -- a b c a b c ) 2 pick 2 pick 2 pick ;
: code-below ( signum info uc code -- code signum info uc ) swap >r swap >r swap r> r> ;

~ ( code signum siginfo ucontext -- ) the error: record it with what was
~ running (a signal another process sent names it, by pid), and resume
~ throwing
: fault-error ( code signum siginfo ucontext -- )
  >r  dup sent? if siginfo-pid@ else siginfo-addr@ then   ( code signum addr )
  swap signal-name swap
  r@ interrupted-rip  r@ interrupted-rsi  r@ uc-rbp @     ( code name addr rip rsi rbp )
  5 pick >r record-fault r>  r> resume-throwing ;

~ ( signum siginfo ucontext -- handled? ) the handlers bound to a fault
~ signal, newest first: each may fix the context and return (the
~ instruction runs again), or pass the signal on; past the last one the
~ fault is incant's.  They run as ordinary code: a fault inside one is an
~ error of its own.
~ An ignored fault signal is the default, as the kernel has it: the
~ instruction cannot just run again.
: bound-handlers ( signum siginfo ucontext -- handled? )
  2 pick bindings-of @ 0= if 2drop drop false exit then
  false passed-to-fault-path !
  2 pick bindings-of @ binding-action @
  dup SIG_IGN = if drop SIG_DFL then  dup SIG_IGN u> if @ then
  run-action  passed-to-fault-path @ 0= ; quiet

~ handle-fault ( signum siginfo ucontext -- )
: handle-fault ( signum siginfo ucontext -- )
  fault-nested? reporting? or if 2drop give-up then
  dup spinning? if 2drop give-up then
  in-fault
  over sent? if                       ~ kill -SEGV: not a fault of ours
    -28 code-below fault-error  out-of-fault exit
  then
  over siginfo-addr@ stack-fault-code ?dup if   ~ the stacks come first
    3 pick SIGSEGV = 4 pick SIGBUS = or if code-below fault-error out-of-fault exit then
    drop
  then
  out-of-fault                        ~ what runs now is ordinary code
  3dup barrier-fault? if 2drop drop exit then
  3dup bound-handlers if 2drop drop exit then
  in-fault
  2 pick 2 pick siginfo-addr@ fault-code-for  code-below fault-error
  out-of-fault ; quiet

~ ---- interruption and termination -----------------------------------
~ At the REPL, Ctrl-C interrupts what runs with -28.  Forth code is
~ consistent between any two instructions, so it is interrupted at once;
~ a C helper may be in the middle of an update (the hash index, the
~ output buffer, the source stack), so there the throw waits until the
~ helper returns: its primitive throws what the helper left pending.  A
~ blocking read in C (the REPL waiting for a line) returns early for it.
: defer-throw ( code -- ) pending-cell @ if drop else pending-cell ! then ;
: handle-interrupt ( signum siginfo ucontext -- )
  fault-nested? reporting? or if 2drop drop exit then
  dup uc-rip @ in-c? if 2drop drop -28 defer-throw exit then
  -28 code-below fault-error ; quiet

~ In a script, and for SIGTERM and SIGHUP: flush what was printed and
~ leave with 128 + the signal, as a shell expects.  The termination
~ signals are blocked while it runs, so a burst of them cannot nest.
: handle-termination ( signum siginfo ucontext -- ) 2drop 128 + sys-exit ;

~ SA_NODEFER: a fault inside the fault handler comes back to it (and to
~ give-up) instead of killing the process unannounced.
: bind-fault ( xt' signum -- ) SA_SIGINFO SA_ONSTACK or SA_NODEFER or bind-signal-with ;

~ wrap-fault-handler ( xt -- xt' ): like wrap-signal-handler-info, but a
~ faulting rbp is first replaced with the emergency control stack
~ (lib/signals.e emit-rbp-check)
: wrap-fault-handler ( xt -- xt' ) fault-handler build-trampoline ;

~ The trampolines are made once, with the prelude (and so are part of the
~ start-up image); installing them at each start is only sigaction calls.
' handle-fault entry-to-execution-token wrap-fault-handler constant fault-trampoline
' handle-termination entry-to-execution-token wrap-signal-handler-info
  constant termination-trampoline
' handle-interrupt entry-to-execution-token wrap-fault-handler
  constant interrupt-trampoline
~ ( action signum flags -- ) straight into the kernel: the fault signals'
~ own handler, which bindings stack on without replacing
: install-action ( action signum flags -- )
  swap 0 set-sigaction check-sigaction ;
: fault-flags ( -- flags ) SA_SIGINFO SA_ONSTACK or SA_NODEFER or ;
~ The mask starts empty, and binding-mask's page is written before it is
~ read: read first, it would fault twice (mapped from the image file,
~ then copied on the write).
: install-fault-handlers ( -- )
  0 binding-mask !  prepare-signal-stack
  fault-trampoline SIGSEGV fault-flags install-action
  fault-trampoline SIGBUS fault-flags install-action
  fault-trampoline SIGFPE fault-flags install-action
  fault-trampoline SIGILL fault-flags install-action
  fault-trampoline SIGTRAP fault-flags install-action
  SIGTERM SIGHUP SIGINT 3 signal-mask
  termination-trampoline SIGTERM SA_SIGINFO SA_ONSTACK or install-binding
  termination-trampoline SIGHUP SA_SIGINFO SA_ONSTACK or install-binding
  0 binding-mask ! ;
: install-interrupt-handler ( -- ) interrupt-trampoline SIGINT fault-flags install-binding ;
: install-script-interrupt ( -- )
  SIGTERM SIGHUP SIGINT 3 signal-mask
  termination-trampoline SIGINT SA_SIGINFO SA_ONSTACK or install-binding
  0 binding-mask ! ;

~ The machinery above is not for calling by hand: with a made-up context
~ it would take the process down.  Only the install words stay visible.
hide-word install-binding  hide-word fault-code  hide-word in-fault  hide-word out-of-fault  hide-word fault-nested?  hide-word fault-throw
hide-word fault-code-for  hide-word stack-fault-code  hide-word in-guard?  hide-word cstack-guard-code
hide-word safe-rbp  hide-word safe-rsp  hide-word live-handler  hide-word resume-throwing
hide-word give-up  hide-word handle-fault  hide-word handle-interrupt
hide-word handle-termination  hide-word defer-throw  hide-word fault-error
hide-word bound-handlers  hide-word reporting?  hide-word code-below
hide-word last-fault-rip  hide-word fault-repeats  hide-word spinning?
hide-word reporting-flag  hide-word saved-rsi-cell  hide-word saved-rbp-cell
