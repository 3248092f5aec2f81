~ lib/timers.e - run a word later, once or again and again; sleep.
~
~   after  ( ns xt -- timer )   run xt once, ns nanoseconds from now
~   every  ( ns xt -- timer )   run xt every ns nanoseconds
~   cancel ( timer -- )         stop it (nothing happens for one that is done)
~   ms     ( n -- )             sleep n milliseconds, whatever signals come
~
~ Each timer is a kernel POSIX timer on CLOCK_MONOTONIC (timer_create,
~ timer_settime, timer_delete) that sends `timer-signal`, a real-time
~ signal: those queue, so two timers that expire together are two
~ signals, where two SIGALRMs would be one.  The timer's handle travels in
~ sigev_value and comes back in the siginfo's si_value, which is how the
~ handler tells timers apart.  The word runs inside the signal handler, as
~ a plain handler does: it must leave the value stack as it found it
~ ( -- ) and not throw.  `dispatch-timer` is where that happens, so it can
~ change in one place.
~
~ Layouts (include/uapi/asm-generic/siginfo.h, linux/time.h): struct
~ sigevent is 64 bytes, sigev_value +0 (8 bytes), sigev_signo +8 and
~ sigev_notify +12 (ints); struct itimerspec is it_interval then it_value,
~ two timespecs; a timer's siginfo has si_code SI_TIMER (-2) and si_value
~ at +24.

62 constant timer-signal       ~ SIGRTMAX-2: clear of what users pick first
-2 constant SI_TIMER
0x10000000 constant SA_RESTART
: siginfo-value ( info -- addr ) 24 + ;

~ ---- the table: a slot per live timer ----------------------------------
~ A slot: handle (0 when free), kernel timer id, xt, period (0: once).
~ A handle is serial * max-timers + slot, so a handle kept after its timer
~ is done never names the timer that reuses the slot.
64 constant max-timers
max-timers 4 * cells buffer: timer-slots
variable timer-serial
: timer-slot ( handle -- slot ) max-timers 1- and 4 * cells timer-slots + ;
: slot-handle ( slot -- addr ) ;
: slot-id ( slot -- addr ) cell+ ;
: slot-xt ( slot -- addr ) 2 cells + ;
: slot-period ( slot -- addr ) 3 cells + ;
~ ( handle -- slot | 0 ) the slot of a live timer
: live-slot ( handle -- slot | 0 )
  dup 0= if exit then  dup timer-slot tuck slot-handle @ = and ;
: free-slot ( -- slot )
  max-timers 0 do
    i 4 * cells timer-slots + dup slot-handle @ 0= if unloop exit then drop
  loop s" after, every: more than 64 timers at once" fail ;
: new-handle ( slot -- handle )
  1 timer-serial +!  timer-slots - 4 cells /  timer-serial @ max-timers * + ;

~ ---- the kernel's timers ----------------------------------------------
~ Structs are built on the value stack, so nothing is shared with a
~ handler that starts a timer of its own.
~ ( handle -- 8 cells ) struct sigevent, sigev_value first (on top)
: push-sigevent ( handle -- c7 c6 c5 c4 c3 c2 c1 c0 ) >r 0 0 0 0 0 0 timer-signal r> ;
: drop-8 ( c7 c6 c5 c4 c3 c2 c1 c0 -- ) 2drop 2drop 2drop 2drop ;
~ ( handle -- id | -errno ) the id cell, under the sigevent, is written by
~ the kernel (an int)
: new-kernel-timer ( handle -- id | -errno )
  0 swap sp@ cell+ >r  push-sigevent
  CLOCK_MONOTONIC sp@ cell+ r> SYS_timer_create syscall-3
  >r drop-8 r>  dup 0< if nip else drop then ;
~ ( first period -- 4 cells ) struct itimerspec, it_interval first
: push-itimerspec ( first period -- c3 c2 c1 c0 )
  >r 1000000000 /%  r> 1000000000 /% ;
: arm-kernel-timer ( id first period -- result )
  push-itimerspec sp@ >r  4 pick 0 r> 0 SYS_timer_settime syscall-4
  >r 2drop 2drop drop r> ;
: delete-kernel-timer ( id -- ) SYS_timer_delete syscall-1 drop ;
: check-timer ( result -- result )
  dup 0< if s" timer_create/timer_settime failed: " errno-name fail then ;

~ ---- the signal --------------------------------------------------------
~ The table changes only with timer-signal blocked, so the handler never
~ sees a slot half made or half freed.
: timer-signal-bit ( -- set ) 1 timer-signal 1- lshift ;
~ ( -- old-mask ) block timer-signal; the mask before (sets on the stack)
: block-timer-signal ( -- old-mask )
  timer-signal-bit sp@  0 sp@
  0 3 pick 2 pick sys-sigprocmask drop
  drop >r 2drop r> ;
: restore-signal-mask ( old-mask -- ) sp@ 2 swap 0 sys-sigprocmask 2drop ;
~ ( i*x xt -- j*x ) run xt with timer-signal blocked, even if it throws
: with-timer-signal-blocked ( i*x xt -- j*x )
  block-timer-signal >r  catch  r> restore-signal-mask  throw ;

: release-slot ( slot -- )
  dup slot-id @ delete-kernel-timer  0 swap slot-handle ! ;

~ dispatch-timer ( xt -- ): run a timer's word; for now at once, in the
~ handler.
: dispatch-timer ( xt -- ) execute ;
~ run-timer ( handle -- ): the timer with this handle went off: a timer
~ made by `after` is done (its slot is free for the word to reuse), then
~ its word runs.  A handle that is no longer live (cancelled while its
~ signal was on the way) does nothing.
: run-timer ( handle -- )
  live-slot ?dup 0= if exit then
  dup slot-xt @ swap  dup slot-period @ 0= if release-slot else drop then
  dispatch-timer ;
: on-timer-signal ( signum siginfo ucontext -- )
  drop nip  dup siginfo-code l@ SI_TIMER 0xffffffff and = if
    siginfo-value @ run-timer
  else drop then ;
' on-timer-signal entry-to-execution-token wrap-signal-handler-info
  constant timer-trampoline
variable timers-bound
~ SA_RESTART: a read the signal interrupts goes on by itself
: bind-timer-signal ( -- )
  timers-bound @ if exit then
  timer-trampoline timer-signal SA_SIGINFO SA_RESTART or bind-signal-with
  true timers-bound ! ;

~ ---- after, every, cancel ---------------------------------------------
: start-timer ( ns xt period -- timer )
  bind-timer-signal
  free-slot  tuck slot-period !  tuck slot-xt !      ( ns slot )
  dup new-handle  dup new-kernel-timer check-timer   ( ns slot handle id )
  2 pick slot-id !  over slot-handle !               ( ns slot )
  dup slot-id @ rot 1 max  2 pick slot-period @ arm-kernel-timer
  dup 0< if over release-slot then check-timer drop
  slot-handle @ ;
: (after) ( ns xt -- timer ) 0 start-timer ;
: (every) ( ns xt -- timer ) over start-timer ;
: after ( ns xt -- timer ) ['] (after) with-timer-signal-blocked ;
: every ( ns xt -- timer ) ['] (every) with-timer-signal-blocked ;
: (cancel) ( timer -- ) live-slot ?dup if release-slot then ;
: cancel ( timer -- ) ['] (cancel) with-timer-signal-blocked ;

~ ms ( n -- ): sleep n milliseconds (nanosleep: signals do not stretch it)
: ms ( n -- ) 1000000 * nanosleep ;

hide-word timer-slots  hide-word timer-serial  hide-word timer-slot
hide-word slot-handle  hide-word slot-id  hide-word slot-xt  hide-word slot-period
hide-word live-slot  hide-word free-slot  hide-word new-handle
hide-word push-sigevent  hide-word drop-8  hide-word new-kernel-timer
hide-word push-itimerspec  hide-word arm-kernel-timer  hide-word delete-kernel-timer
hide-word check-timer  hide-word release-slot  hide-word on-timer-signal
hide-word timer-trampoline  hide-word timers-bound  hide-word bind-timer-signal
hide-word start-timer  hide-word (after)  hide-word (every)  hide-word (cancel)
