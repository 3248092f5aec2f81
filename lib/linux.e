~ lib/linux.e - Linux system calls and kernel structs for x86-64.
~ Numbers from arch/x86/entry/syscalls/syscall_64.tbl; struct layouts from
~ include/uapi/linux/time.h, asm/signal.h and the kernel's rt_sigaction.
~ A call gives what the kernel returns: a negative errno on failure.

~ ---- system call numbers ---------------------------------------------
0 constant SYS_read         1 constant SYS_write        3 constant SYS_close
9 constant SYS_mmap        10 constant SYS_mprotect    11 constant SYS_munmap
13 constant SYS_rt_sigaction  14 constant SYS_rt_sigprocmask
15 constant SYS_rt_sigreturn  34 constant SYS_pause    35 constant SYS_nanosleep
37 constant SYS_alarm      38 constant SYS_setitimer   39 constant SYS_getpid
60 constant SYS_exit       62 constant SYS_kill        131 constant SYS_sigaltstack
186 constant SYS_gettid    200 constant SYS_tkill      234 constant SYS_tgkill
257 constant SYS_openat
5 constant SYS_fstat        8 constant SYS_lseek       74 constant SYS_fsync
77 constant SYS_ftruncate  82 constant SYS_rename      87 constant SYS_unlink
262 constant SYS_newfstatat 318 constant SYS_getrandom
222 constant SYS_timer_create   223 constant SYS_timer_settime
226 constant SYS_timer_delete   228 constant SYS_clock_gettime
230 constant SYS_clock_nanosleep

~ include/uapi/asm-generic/mman-common.h, mman.h
0 constant PROT_NONE  1 constant PROT_READ  2 constant PROT_WRITE  4 constant PROT_EXEC
0x01 constant MAP_SHARED  0x02 constant MAP_PRIVATE  0x10 constant MAP_FIXED
0x20 constant MAP_ANONYMOUS  0x4000 constant MAP_NORESERVE
0x100000 constant MAP_FIXED_NOREPLACE

-100 constant AT_FDCWD
0 constant O_RDONLY  1 constant O_WRONLY  2 constant O_RDWR
0x40 constant O_CREAT  0x200 constant O_TRUNC  0x400 constant O_APPEND

~ ---- wrappers ---------------------------------------------------------
: sys-read ( fd buf n -- result ) SYS_read syscall-3 ;
: sys-write ( fd buf n -- result ) SYS_write syscall-3 ;
: sys-openat ( dirfd path flags mode -- result ) SYS_openat syscall-4 ;
: sys-open ( path flags mode -- result ) >r >r >r AT_FDCWD r> r> r> sys-openat ;
: sys-close ( fd -- result ) SYS_close syscall-1 ;
: sys-mmap ( addr len prot flags fd off -- result ) SYS_mmap syscall-6 ;
: sys-munmap ( addr len -- result ) SYS_munmap syscall-2 ;
: sys-mprotect ( addr len prot -- result ) SYS_mprotect syscall-3 ;
: sys-getpid ( -- pid ) SYS_getpid syscall-0 ;
: sys-gettid ( -- tid ) SYS_gettid syscall-0 ;
: sys-kill ( pid signum -- result ) SYS_kill syscall-2 ;
: sys-tgkill ( tgid tid signum -- result ) SYS_tgkill syscall-3 ;
: sys-sigprocmask ( how new old -- result ) sigset-size SYS_rt_sigprocmask syscall-4 ;
: sys-setitimer ( which new old -- result ) SYS_setitimer syscall-3 ;
: sys-alarm ( seconds -- remaining ) SYS_alarm syscall-1 ;
: sys-pause ( -- result ) SYS_pause syscall-0 ;
~ sys-exit-now ( status -- ): leave at once, output unflushed (exit_group);
~ sys-exit is the one that flushes
231 constant SYS_exit_group
: sys-exit-now ( status -- ) SYS_exit_group syscall-1 ;

~ ---- tables of names by number ---------------------------------------
~ A table: a count n, then a cell for each number below n, holding its
~ name (a string in the log) or 0.  signal-name (lib/signals.e) looks a
~ number up in one.
: name-table ( n "name" -- ) dup 1+ cells data-allot dup constant ! ;
~ ( n table -- addr | 0 ) the cell of n, 0 when the table has none
: name-slot ( n table -- addr | 0 ) 2dup @ u< if swap 1+ cells + else 2drop 0 then ;
: set-name ( str n table -- )
  name-slot ?dup 0= if s" set-name: number past the table" fail then ! ;
~ ( table n "name" -- table ) name n in table; a line of them fills one
: name: ( table n "name" -- table ) parse-name dup strlen >log swap 2 pick set-name ;
: number-name ( n table -- str | 0 ) name-slot dup if @ then ;

~ ---- errno ---------------------------------------------------------
~ errno-name ( -errno -- str ) is the bootstrap's (boot/io.c), whose
~ table of errors its own messages use too.
~ fail-errno ( result prefix -- ): fail (-2) with the message prefix and
~ the errno a system call returned, named: "sigaction failed: EINVAL"
256 buffer: errno-message
~ ( n str -- n' ) str copied into errno-message at n
: message+ ( n str -- n' )
  dup strlen 120 min  rot  2dup + >r  errno-message + swap move  r> ;
: fail-errno ( result prefix -- )
  0 swap message+  swap errno-name message+
  errno-message + 0 swap c!  errno-message fail ; quiet

~ raise ( signum -- ): send a signal to this thread (tkill).  The thread
~ id is asked each time: after a fork the child is another thread.  A
~ number that is no signal fails: "raise: EINVAL".
: raise ( signum -- )
  sys-gettid swap SYS_tkill syscall-2  dup 0< if s" raise: " fail-errno then drop ;

~ ---- struct timespec: seconds, then nanoseconds -----------------------
: allocate-timespec ( -- ts ) timespec-size allocate dup timespec-size 0 fill ;
: timespec-seconds ( ts -- addr ) ;
: timespec-nanoseconds ( ts -- addr ) tv-nsec-offset + ;

~ ---- clocks (include/uapi/linux/time.h) -------------------------------
0 constant CLOCK_REALTIME    1 constant CLOCK_MONOTONIC   2 constant CLOCK_PROCESS_CPUTIME_ID
3 constant CLOCK_THREAD_CPUTIME_ID
1 constant TIMER_ABSTIME
~ clock-ns ( clock -- ns ): the time of a clock in nanoseconds.  The
~ timespec is two cells of the value stack (seconds on top, at the lower
~ address, as the struct has them), so no buffer is shared with a signal
~ handler that reads the clock too.
: clock-ns ( clock -- ns )
  >r 0 0 sp@ r> swap SYS_clock_gettime syscall-2 drop  1000000000 * + ;
: monotonic-ns ( -- ns ) CLOCK_MONOTONIC clock-ns ;

~ nanosleep ( ns -- ): sleep ns nanoseconds.  An interrupting signal's
~ handler runs, then the sleep goes on to the deadline fixed at the start
~ (clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME), so the time handlers
~ take is not added to it, and a flood of signals cannot stretch it.  The
~ deadline is a timespec on the value stack, as in clock-ns.  After an
~ interruption the clock is read: with a signal always pending, the
~ kernel returns EINTR before it looks at the deadline, even a past one.
: sleep-until ( nsec sec -- nsec sec result )
  sp@ >r CLOCK_MONOTONIC TIMER_ABSTIME r> 0 SYS_clock_nanosleep syscall-4 ;
: sleep-on? ( nsec sec result -- nsec sec flag )
  -4 = if 2dup 1000000000 * + monotonic-ns > else false then ;
~ ( ns -- deadline ) now + ns, or the clock's last nanosecond when that
~ is past it (it would wrap into the past and not sleep at all)
: deadline ( ns -- ns' )
  monotonic-ns  2dup 0x7fffffffffffffff swap - > if 2drop 0x7fffffffffffffff else + then ;
: nanosleep ( ns -- )
  deadline  1000000000 /%
  begin sleep-until sleep-on? 0= until 2drop ;

~ ---- struct sigaction as rt_sigaction takes it (boot/layout.h) --------
~ handler, flags, restorer, mask; 128-aligned in the log.
: allocate-aligned ( n align -- addr ) here @ swap packalign here ! allocate ;
: allocate-zeroed ( n -- addr ) dup 128 allocate-aligned tuck swap 0 fill ;
: allocate-sigaction ( -- sa ) sigaction-size allocate-zeroed ;
: sigaction-action ( sa -- addr ) ;
: sigaction-flags ( sa -- addr ) sa-flags-offset + ;
: sigaction-restorer ( sa -- addr ) sa-restorer-offset + ;
: sigaction-mask ( sa -- addr ) sa-mask-offset + ;

~ ---- stack_t: pointer, flags, size ------------------------------------
: allocate-sigaltstack ( -- ss ) stack-t-size allocate-zeroed ;
: sigaltstack-pointer ( ss -- addr ) ;
: sigaltstack-flags ( ss -- addr ) ss-flags-offset + ;
: sigaltstack-size ( ss -- addr ) ss-size-offset + ;
