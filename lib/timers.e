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
~ handler tells timers apart.  The handler only marks the timer due; its
~ word runs as a deferred handler (lib/signals.e) does: at the next safe
~ point, on the normal stacks, with the whole language usable.  It may
~ print, allocate, start or cancel timers, and throw (the throw lands
~ where the program was).  A timer that expires again before its word has
~ run counts once, and a word is never entered again while it runs.
~
~ Layouts (include/uapi/asm-generic/siginfo.h, linux/time.h): struct
~ sigevent is 64 bytes, sigev_value +0 (8 bytes), sigev_signo +8 and
~ sigev_notify +12 (ints); struct itimerspec is it_interval then it_value,
~ two timespecs; a timer's siginfo has si_code SI_TIMER (-2) and the
~ handle in si_value (siginfo-value, lib/signals.e).

62 constant timer-signal       ~ SIGRTMAX-2: clear of what users pick first
-2 constant SI_TIMER
0x10000000 constant SA_RESTART

~ ---- the table: a slot per live timer ----------------------------------
~ A slot: handle (0 when free), kernel timer id, xt, period (0: once),
~ due (the handler saw it expire; its word has not run yet).
~ A handle is serial * max-timers + slot, so a handle kept after its timer
~ is done never names the timer that reuses the slot.
64 constant max-timers
5 cells constant slot-size
max-timers slot-size * buffer: timer-slots
variable timer-serial
: timer-slot ( handle -- slot ) max-timers 1- and slot-size * timer-slots + ;
: slot-handle ( slot -- addr ) ;
: slot-id ( slot -- addr ) cell+ ;
: slot-xt ( slot -- addr ) 2 cells + ;
: slot-period ( slot -- addr ) 3 cells + ;
: slot-due ( slot -- addr ) 4 cells + ;
~ ( handle -- slot | 0 ) the slot of a live timer
: live-slot ( handle -- slot | 0 )
  dup 0= if exit then  dup timer-slot tuck slot-handle @ = and ;
: free-slot ( -- slot )
  max-timers 0 do
    i slot-size * timer-slots + dup slot-handle @ 0= if unloop exit then drop
  loop s" after, every: more than 64 timers at once" fail ;
: new-handle ( slot -- handle )
  1 timer-serial +!  timer-slots - slot-size /  timer-serial @ max-timers * + ;

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
  dup 0< if s" timer_create/timer_settime failed: " fail-errno then ;

~ ---- the signal --------------------------------------------------------
~ The table changes only with signals held (timer-signal, and every other
~ one, so a deferred word, another timer's say, never runs in the
~ middle): the handler never sees a slot half made or half freed.
~ ( i*x xt -- j*x ) run xt with the timer table to itself
: with-timer-table ( i*x xt -- j*x ) with-signals-blocked ;

: release-slot ( slot -- )
  dup slot-id @ delete-kernel-timer  0 over slot-due !  0 swap slot-handle ! ;

~ ( slot -- xt | 0 ) if the slot's timer is live and due, no longer due,
~ and a timer made by `after` is done (its slot free for its word to
~ reuse); its word, or 0
: take-due ( slot -- xt | 0 )
  dup slot-handle @ 0= over slot-due @ 0= or if drop 0 exit then
  0 over slot-due !  dup slot-xt @ swap
  dup slot-period @ 0= if release-slot else drop then ;
~ run-due-timers ( -- ): the deferred word of timer-signal: run the word
~ of every due timer
: run-due-timers ( -- )
  max-timers 0 do
    i slot-size * timer-slots +  dup slot-due @ if
      ['] take-due with-timer-table ?dup if execute then
    else drop then
  loop ;
~ on-timer-signal ( signum siginfo ucontext -- ): the handler: mark the
~ timer whose handle the siginfo carries due (a handle that is no longer
~ live, cancelled while its signal was on the way, marks nothing), then
~ arrange for run-due-timers as any deferred signal's word
: on-timer-signal ( signum siginfo ucontext -- )
  over dup siginfo-code l@ SI_TIMER 0xffffffff and = if
    siginfo-value @ live-slot ?dup if -1 swap slot-due ! then
  else drop then
  deferred-arrived ; quiet
' on-timer-signal entry-to-execution-token wrap-signal-handler-info
  constant timer-trampoline
variable timers-bound
~ SA_RESTART: a read the signal interrupts goes on by itself
: bind-timer-signal ( -- )
  timers-bound @ if exit then
  ['] run-due-timers timer-signal cells deferred-words + !
  timer-trampoline timer-signal SA_SIGINFO SA_ONSTACK or SA_RESTART or bind-signal-with
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
: after ( ns xt -- timer ) ['] (after) with-timer-table ;
: every ( ns xt -- timer ) ['] (every) with-timer-table ;
: (cancel) ( timer -- ) live-slot ?dup if release-slot then ;
: cancel ( timer -- ) ['] (cancel) with-timer-table ;

~ ms ( n -- ): sleep n milliseconds (nanosleep: signals do not stretch it)
~ past the range of nanoseconds, as far as nanosleep goes (not wrapped)
: ms ( n -- )
  dup 9223372036854 > if drop 0x7fffffffffffffff else 1000000 * then nanosleep ;

hide-word timer-slots  hide-word timer-serial  hide-word timer-slot
hide-word slot-handle  hide-word slot-id  hide-word slot-xt  hide-word slot-period
hide-word slot-size  hide-word slot-due  hide-word take-due  hide-word run-due-timers  hide-word with-timer-table
hide-word live-slot  hide-word free-slot  hide-word new-handle
hide-word push-sigevent  hide-word drop-8  hide-word new-kernel-timer
hide-word push-itimerspec  hide-word arm-kernel-timer  hide-word delete-kernel-timer
hide-word check-timer  hide-word release-slot  hide-word on-timer-signal
hide-word timer-trampoline  hide-word timers-bound  hide-word bind-timer-signal
hide-word start-timer  hide-word (after)  hide-word (every)  hide-word (cancel)
