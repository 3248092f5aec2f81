~ lib/barriers.e - memory barriers and fault-guarded code.
~
~ A memory manager protects pages and learns from the faults what the
~ program touches: a write barrier (which pages were written since the
~ last collection), a read barrier (fill a page on first touch).
~ `on-access ( addr len xt -- )` registers a range; a SIGSEGV inside it
~ calls xt ( fault-addr kind -- ), which may mprotect the page and
~ return: the access is then made again.  A fault outside every range
~ goes on to the handlers bound to SIGSEGV and to incant's fault path, so
~ it is still an error.
~
~ Fault-guarded code: a fault inside a registered stretch of machine code
~ resumes at its recovery address instead.  Nothing runs on entry or exit:
~ the fault path looks through the registered ranges, so a successful
~ `safe@` costs what `@` costs as a word of its own (a superinstruction copies `@`, but not `safe@`: its recovery address
~ belongs to its own code).

~ ---- pages --------------------------------------------------------------
4096 constant page-size
~ ( n -- bytes ) n pages in bytes: a negative n, or one whose bytes a cell
~ cannot hold, is -24 (n * 4096 would wrap: 2^52+1 pages to one page)
: page-bytes ( n -- bytes )
  dup 0 0x8000000000000 within 0= if -24 throw then page-size * ;
~ ( n -- addr ) n fresh pages anywhere, readable and writable
: map-pages ( n -- addr )
  page-bytes 0 swap PROT_READ PROT_WRITE or MAP_PRIVATE MAP_ANONYMOUS or -1 0 sys-mmap
  dup 0< if s" map-pages: mmap failed: " fail-errno then ;
~ ( n -- addr ) n pages of address space, inaccessible and not backed by
~ memory until made accessible (a read barrier fills them on demand)
: reserve-pages ( n -- addr )
  page-bytes 0 swap PROT_NONE MAP_PRIVATE MAP_ANONYMOUS or MAP_NORESERVE or -1 0 sys-mmap
  dup 0< if s" reserve-pages: mmap failed: " fail-errno then ;
~ ( addr n prot -- ) protect n pages from the page holding addr
: protect-pages ( addr n prot -- )
  >r page-bytes swap page-size negate and swap r> sys-mprotect
  dup 0< if s" protect-pages: mprotect failed: " fail-errno then drop ;

~ ---- what a fault was ----------------------------------------------------
~ si_code of a SIGSEGV (asm-generic/siginfo.h)
1 constant SEGV_MAPERR   ~ nothing mapped there
2 constant SEGV_ACCERR   ~ mapped, but not for that access
0 constant access-read  1 constant access-write  2 constant access-exec
~ ( ucontext -- kind ) from the page fault's error code (arch/x86: bit 1
~ a write, bit 4 an instruction fetch)
: fault-kind ( ucontext -- kind )
  uc-err @ dup 16 and if drop access-exec exit then
  2 and if access-write else access-read then ;

~ ---- barriers: ranges that take their faults ---------------------------
~ Sorted by start; a fault address is looked up by binary search.
256 constant access-room
access-room cells buffer: access-starts
access-room cells buffer: access-ends
access-room cells buffer: access-xts
variable #access
: access-start ( i -- addr ) cells access-starts + ;
: access-end ( i -- addr ) cells access-ends + ;
: access-xt ( i -- addr ) cells access-xts + ;
~ ( addr -- i ) how many ranges start at or below addr
: ranges-below ( addr -- i )
  0 #access @ begin 2dup < while         ( addr lo hi )
    2dup + 2/ dup access-start @ 4 pick u> if nip else 1+ rot drop swap then
  repeat drop nip ;
~ ( addr -- i | -1 ) the range holding addr
: access-range ( addr -- i | -1 )
  dup ranges-below 1- dup 0< if nip exit then
  tuck access-end @ u< 0= if drop -1 then ;
: overlap ( -- ) s" on-access: the range overlaps one already registered" fail ;
: open-access-slot ( i -- )   ~ move ranges i.. up by one
  dup #access @ swap ?do
    #access @ i - 1- over + >r
    r@ access-start @ r@ 1+ access-start !
    r@ access-end @ r@ 1+ access-end !
    r> dup access-xt @ swap 1+ access-xt !
  loop drop ;
~ ( addr end i -- addr end i ) ranges may not overlap: access-range
~ looks only at the last one starting at or below an address, so an
~ outer range holding an inner one would not be found past the inner
: check-overlap ( addr end i -- addr end i )
  dup 0> if dup 1- access-end @ 3 pick u> if overlap then then
  dup #access @ < if dup access-start @ 2 pick u< if overlap then then ;
~ on-access ( addr len xt -- ): faults in [addr, addr+len) call xt
~ ( fault-addr kind -- ) with the address and what the access was; a
~ negative len is -24
: on-access ( addr len xt -- )
  over 0< if -24 throw then
  #access @ access-room = if s" on-access: too many ranges" fail then
  >r over + over ranges-below  check-overlap          ( addr end i )
  dup open-access-slot 1 #access +!
  tuck access-end !  tuck access-start !  r> swap access-xt ! ;

~ ---- guarded code --------------------------------------------------------
256 constant guard-room
guard-room cells buffer: guard-starts
guard-room cells buffer: guard-ends
guard-room cells buffer: guard-recoveries
variable #guards
: guard-start ( i -- addr ) cells guard-starts + ;
: guard-end ( i -- addr ) cells guard-ends + ;
: guard-recovery ( i -- addr ) cells guard-recoveries + ;
: in-log? ( addr -- flag ) log-base - log-end log-base - u< ;
~ guard-code ( start end recovery -- ): a fault at an instruction in
~ [start, end) of a code word (in the log) resumes at recovery.  The
~ range must be in the log and not empty.
: guard-code ( start end recovery -- )
  #guards @ guard-room = if s" guard-code: too many ranges" fail then
  2 pick 2 pick u< 0= if s" guard-code: the end is not after the start" fail then
  2 pick in-log?  2 pick 1- in-log? and 0= if s" guard-code: not code in the log" fail then
  #guards @ >r  r@ guard-recovery !  r@ guard-end !  r> guard-start !
  1 #guards +! ;
~ ( rip -- recovery | 0 ) the recovery of the first range holding rip.  A
~ look through at most guard-room ranges, once per fault: nothing beside
~ the signal's delivery, and no table of the log's pages (2 MiB of the
~ data region, and a mapping of its own at every start-up).
: guarded-recovery ( rip -- recovery | 0 )
  dup in-log? 0= if drop 0 exit then
  #guards @ 0 ?do
    dup i guard-start @ - i guard-end @ i guard-start @ - u< if
      drop i guard-recovery @ unloop exit
    then
  loop drop 0 ;

~ safe@ ( addr -- x true | false ), safe-c@ ( addr -- c true | false ):
~ a fetch that gives false where @ would fault
variable guard-at  variable guard-to  variable guard-back
code safe@ ( addr -- x true | false )
  :rsp 0 :rax mov-reg64-mem64
  dup guard-at !  :rax 0 :rax mov-reg64-mem64  dup guard-to !
  :rax :rsp 0 mov-mem64-reg64  -1 push-imm32  next
  dup guard-back !  0 :rsp 0 mov-mem64-imm32
end-code
guard-at @ guard-to @ guard-back @ guard-code
code safe-c@ ( addr -- c true | false )
  :rsp 0 :rax mov-reg64-mem64
  dup guard-at !  :rax 0 :rax movzx-reg64-mem8  dup guard-to !
  :rax :rsp 0 mov-mem64-reg64  -1 push-imm32  next
  dup guard-back !  0 :rsp 0 mov-mem64-imm32
end-code
guard-at @ guard-to @ guard-back @ guard-code
~ valid-address? ( addr -- flag ): can a byte be read there
: valid-address? ( addr -- flag ) safe-c@ dup if nip then ;

~ ---- the fault path's part (lib/faults.e) --------------------------------
~ ( signum siginfo ucontext -- handled? ) guarded code resumes at its
~ recovery; a SIGSEGV in a barrier's range runs its word
: barrier-fault? ( signum siginfo ucontext -- handled? )
  dup uc-rip @ guarded-recovery ?dup if
    swap uc-rip ! 2drop true exit
  then
  rot SIGSEGV <> if 2drop false exit then
  swap siginfo-addr@ dup access-range dup 0< if 2drop drop false exit then
  access-xt @ >r swap fault-kind r> execute true ; quiet
