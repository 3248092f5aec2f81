~ lib/profile.e - a sampling profiler: where a program spends its time.
~
~   profile ( xt -- )   run xt under a sampling timer, then print the
~                       hottest words and write profile.folded and
~                       profile.svg in the current directory
~   profile-hz          variable: samples asked per second of CPU (997)
~
~ `incant --profile script.e` runs a whole script this way (core/top.e).
~
~ How.  setitimer(ITIMER_PROF) sends SIGPROF as the process uses CPU.
~ The handler, `take-sample`, is Forth: it reads the interrupted rip, rsi
~ and rbp from the ucontext and collects the stack, innermost first:
~ - the code running: in a superinstruction, the primitive copied there
~   (marked as fused, shown as {name}) and the definition it was inlined
~   from, if any; else the primitive or code word whose code holds rip
~   (rip in C counts as the primitive whose helper runs);
~ - the colon definition running it: the one whose body rsi points into
~   (mostly just after the cell that called the code);
~ - the return points on the control stack, from rbp to the top of its
~   region and on through the text interpreter levels (vm.level_rbp),
~   up to where `profile` runs its word.
~ The lookups are C helpers that only read (boot/profile.c); nothing in the
~ handler allocates or prints.  The stack goes into a table made before
~ the timer starts: a hash of stacks to counts, at most 64 frames each
~ (deeper ones keep their innermost 64 and [truncated]).
~
~ Afterwards: self time is the innermost frame that is not a fused
~ primitive (the code of a superinstruction is its definition's own), total
~ time every stack a word is in.  profile.folded has a line per distinct
~ stack, outermost first, `a;b;c count`, as flame-graph tools read it (a `;`
~ inside a name is written %3B).  profile.svg is a flame graph drawn here:
~ one rect per node of the merged stacks (root `all` at the bottom),
~ children in name order, widths by samples, a <title> on each.
~
~ The kernel checks CPU timers at its clock tick (CONFIG_HZ), so it sends
~ at most one SIGPROF a tick: at 250 Hz, a fast rate gets about 250.
~ The header says what was asked and what came.

variable profile-hz  997 profile-hz !
64 constant max-frames
8 constant truncated-frame     ~ not xts: the log starts far above
16 constant unknown-frame

~ ---- memory, mapped for one run ----------------------------------------
0x4022 constant anonymous-noreserve  ~ MAP_PRIVATE MAP_ANONYMOUS MAP_NORESERVE
: map-cells ( n -- addr )
  cells 0 swap 3 anonymous-noreserve -1 0 sys-mmap
  dup 0< if s" profile: cannot map memory: " fail-errno then ;
: unmap-cells ( addr n -- ) cells sys-munmap drop ;

~ The table: stack-slots cells of index, then the pool of records:
~ [hash][count][depth][frames ...], innermost frame first.
16384 constant stack-slots
1048576 constant pool-cells
stack-slots pool-cells + constant table-cells
variable table       variable pool-next   variable #stacks
variable #samples    variable #dropped    variable #outside
: pool ( -- addr ) table @ stack-slots cells + ;
: pool-end ( -- addr ) pool pool-cells cells + ;
: record-count ( record -- addr ) cell+ ;
: record-depth ( record -- addr ) 2 cells + ;
: record-frames ( record -- addr ) 3 cells + ;
: record-size ( record -- bytes ) record-depth @ 3 + cells ;

~ ---- one sample ------------------------------------------------------------
max-frames 1+ cells buffer: sample   ~ frames, innermost first
variable #sample
: full? ( -- flag ) #sample @ max-frames > ;
~ ( x -- ) one more, up to max-frames + 1 (the one past says: truncated)
: add-frame ( x -- )
  full? if drop exit then  #sample @ cells sample + !  1 #sample +! ;
: ?add-frame ( x | 0 -- ) ?dup if add-frame then ;

~ ( prim via -- ) the primitive fused into a superinstruction (marked by
~ the low bit), then the definition it was inlined from
: add-fused ( prim via -- ) swap ?dup if 1 or add-frame then ?add-frame ;
~ ( rip -- ) the code running
: add-running ( rip -- )
  dup super-piece 2dup or if rot drop add-fused exit then 2drop
  code-word-at ?add-frame ;

~ ---- the control stack ----------------------------------------------------
~ Its regions (boot/vm.h): region k's top is rp0 - k strides; each level
~ of the text interpreter left its rbp in level-rbps[k].
: cstack-level ( addr -- level | -1 )
  cstack-low -  dup 0 cstack-levels cstack-stride * within 0= if drop -1 exit then
  cstack-levels cstack-stride * 1- swap - cstack-stride / ;
: region-top ( rbp -- top | 0 )
  dup cstack-level dup 0< if
    drop emergency-rp0 16384 - emergency-rp0 1+ within if emergency-rp0 else 0 then exit
  then
  cstack-stride * rp0 swap -  swap over  dup cstack-size - swap 1+ within and ;
: outer-rbp ( rbp -- rbp' | 0 )
  cstack-level  dup 1 < over interpret-level @ > or if drop 0 exit then
  cells level-rbps + @ ;

~ ( from to -- ) the definitions of the return points in [from, to)
: add-callers ( from to -- )
  swap begin 2dup > full? 0= and while dup @ caller-word ?add-frame cell+ repeat 2drop ;

variable profile-rp       ~ rbp where `profile` runs the word: its frames lie below
variable profile-region   ~ the top of that rbp's region
~ ( rbp -- inside? ) the callers from rbp up to profile-rp, through the
~ levels; false when rbp is at or above profile-rp: profile's own code
~ ran (just before the word's docol, or just after its exit)
: add-stack ( rbp -- inside? )
  cstack-levels 1+ 0 do
    dup region-top ?dup 0= if drop true unloop exit then
    dup profile-region @ = if
      drop dup profile-rp @ u< 0= if drop false unloop exit then
      profile-rp @ add-callers true unloop exit
    then
    over swap add-callers  outer-rbp ?dup 0= if true unloop exit then
  loop drop true ;

~ ---- recording ---------------------------------------------------------------
: finish-sample ( -- )
  #sample @ 0= if unknown-frame add-frame then
  full? if truncated-frame sample max-frames cells + ! then ;
: sample-hash ( -- h )
  #sample @  #sample @ 0 do i cells sample + @ xor 0x100000001b3 * loop ;
: cells-equal? ( a b n -- flag )
  0 ?do over i cells + @ over i cells + @ <> if 2drop false unloop exit then loop
  2drop true ;
: this-stack? ( h record -- flag )
  tuck @ <> if drop false exit then
  dup record-depth @ #sample @ <> if drop false exit then
  record-frames sample #sample @ cells-equal? ;
: room? ( -- flag )
  pool-next @ #sample @ 3 + cells + pool-end 1+ u<
  #stacks @ stack-slots 3 * 4 / < and ;
: new-record ( h slot -- )
  room? 0= if 2drop 1 #dropped +! exit then
  pool-next @ swap !
  pool-next @ tuck !  1 over record-count !  #sample @ over record-depth !
  sample swap record-frames #sample @ cells move
  #sample @ 3 + cells pool-next +!  1 #stacks +!  1 #samples +! ;
: next-slot ( slot -- slot' )
  cell+ dup table @ stack-slots cells + = if drop table @ then ;
: record-sample ( -- )
  finish-sample sample-hash                            ( h )
  dup stack-slots 1- and cells table @ +               ( h slot )
  begin dup @ while
    2dup @ this-stack? if nip @ record-count 1 swap +! 1 #samples +! exit then
    next-slot
  repeat new-record ;

~ ---- the handler ---------------------------------------------------------------
~ A C helper called here overwrites the C boundary's saved block (rsi,
~ rbp, rsp, the calling primitive); the code interrupted may be a helper
~ still using it (an error record reads the saved rbp), so it is put back.
c-boundary-size cell+ buffer: kept-boundary
: kept-caller ( -- addr ) kept-boundary c-boundary-size + ;
: keep-c-boundary ( -- )
  c-boundary kept-boundary c-boundary-size move  c-caller-cell @ kept-caller ! ;
: restore-c-boundary ( -- )
  kept-boundary c-boundary c-boundary-size move  kept-caller @ c-caller-cell ! ;

variable sampling
variable handler-ns   ~ CPU time spent in take-sample
~ ( rip rsi rbp -- ) collect and record one stack
: sample-stack ( rip rsi rbp -- )
  0 #sample !  >r >r add-running  r> body-word ?add-frame
  r> add-stack if record-sample else 1 #outside +! then ;
~ The handler times itself (the thread's CPU clock: precise, where the
~ process's moves at the tick; incant runs one thread), so the header can say
~ what sampling cost; the kernel's part, delivering the signal and
~ returning from it, is not in that (about 2 us: `make bench`'s signal
~ round trip).
: take-sample ( signum siginfo ucontext -- )
  nip nip  sampling @ 0= if drop exit then
  CLOCK_THREAD_CPUTIME_ID clock-ns >r
  dup interrupted-rip  over interrupted-rsi  rot uc-rbp @
  keep-c-boundary  sample-stack  restore-c-boundary
  CLOCK_THREAD_CPUTIME_ID clock-ns r> - handler-ns +! ;
' take-sample entry-to-execution-token wrap-signal-handler-info
  constant profile-trampoline

~ ---- the timer ---------------------------------------------------------------
2 constant ITIMER_PROF
~ ( usec -- ) ITIMER_PROF every usec of CPU (0 stops it); struct
~ itimerval on the value stack: it_interval {sec usec}, then it_value
: set-prof-timer ( usec -- )
  0 over 0 sp@ ITIMER_PROF swap 0 sys-setitimer drop 2drop 2drop ;
: sample-interval ( -- usec ) 1000000 profile-hz @ 1 max / 1 max 999999 min ;

~ ---- running ---------------------------------------------------------------------
variable profiling
variable profiled-xt
variable cpu-ns
~ The word runs here, inside profile's catch: sys-exit is thrown to that
~ frame (exit-frame, boot/helpers.c), so the profile is written first.
: run-profiled ( -- )
  handler @ exit-frame !
  rp@ profile-rp !  profile-rp @ region-top profile-region !
  CLOCK_THREAD_CPUTIME_ID clock-ns negate cpu-ns !
  true sampling !  sample-interval set-prof-timer
  profiled-xt @ execute ; quiet
: stop-sampling ( -- )
  0 set-prof-timer  false sampling !  0 exit-frame !
  CLOCK_THREAD_CPUTIME_ID clock-ns cpu-ns +! ;
: start-table ( -- )
  table-cells map-cells table !  pool pool-next !
  0 #stacks !  0 #samples !  0 #dropped !  0 #outside !  0 handler-ns !
  0 super-piece 2drop ;   ~ loads the superinstruction map now, not in the handler
: end-table ( -- ) table @ table-cells unmap-cells ;

~ What follows runs once a profile is taken, and seldom: threaded code is
~ fast enough for it, and without superinstructions it adds less to the
~ start-up image.


~ ---- words: self and total --------------------------------------------------------
~ A hash of the frames seen: [frame][self][total][stamp][name], where
~ stamp is the last stack counted in total (a recursive word counts once).
16384 constant word-slots
5 constant word-cells
variable word-table
: word-slot ( i -- addr ) word-cells * cells word-table @ + ;
: word-self ( w -- addr ) cell+ ;
: word-total ( w -- addr ) 2 cells + ;
: word-stamp ( w -- addr ) 3 cells + ;
: word-name ( w -- addr ) 4 cells + ;
: fused? ( frame -- flag ) 1 and 0<> ;
: frame-name ( frame -- str )
  dup truncated-frame = if drop s" [truncated]" exit then
  dup unknown-frame = if drop s" [unknown]" exit then
  -2 and execution-token-to-entry ?dup if entry-name else s" ?" then ;
~ More distinct frames than the table holds (more words than a program
~ has) would share one record, [other], left out of the table.
word-cells cells buffer: other-word
: name-word ( frame w -- w ) 2dup !  swap frame-name over word-name ! ;
~ ( frame -- w ) its record, made (and named) on first sight
: word-of ( frame -- w )
  dup 0x9e3779b97f4a7c1 * 50 rshift
  word-slots 0 do
    word-slots 1- and  dup word-slot @ ?dup 0= if word-slot name-word unloop exit then
    2 pick = if word-slot nip unloop exit then  1+
  loop 2drop other-word ;
: name-of ( frame -- str ) word-of word-name @ ;

~ ( record -- frame ) where its self time goes: the innermost frame, or,
~ for a fused primitive, the definition it runs in
: self-frame ( record -- frame )
  dup record-frames @ fused? over record-depth @ 1 > and
  if record-frames cell+ @ else record-frames @ then ;
: count-self ( record -- ) dup record-count @ swap self-frame word-of word-self +! ;
: count-total ( record k -- )
  swap dup record-count @ swap
  dup record-frames swap record-depth @ cells bounds do
    i @ word-of  dup word-stamp @ 3 pick = if drop else
      2 pick over word-stamp !  word-total over swap +! then
  8 +loop 2drop ;
: count-words ( -- )
  word-slots word-cells * map-cells word-table !
  other-word word-cells cells erase  s" [other]" other-word word-name !
  0 pool begin dup pool-next @ u< while
    swap 1+ swap  dup count-self  2dup swap count-total  dup record-size +
  repeat 2drop ;
: end-words ( -- ) word-table @ word-slots word-cells * unmap-cells ;

~ ---- the table ---------------------------------------------------------------------
~ ( n -- tenths ) n samples in tenths of a percent of them all, rounded
: tenths ( n -- tenths ) 2000 * #samples @ 1 max / 1+ 2/ ;
: .percent ( n -- ) tenths  dup 10 / 5 .r 46 emit 10 mod 0 .r ;   ~ 7 columns
: .pct ( n -- ) tenths  dup 10 / (.) 46 emit 10 mod (.) ;
: .frame ( frame -- )
  dup fused? if 123 emit then  dup name-of emitstring  fused? if 125 emit then ;
: .seconds ( ns -- ) 10000000 / dup 100 / (.) 46 emit 100 mod dup 10 < if 48 emit then (.) ;
: shown? ( w -- flag ) word-stamp @ -1 = ;
: row? ( w -- flag ) dup @ 0<> over @ fused? 0= and swap shown? 0= and ;
~ ( best w -- flag ) w is hotter: more self, or as much and more total
: hotter? ( best w -- flag )
  over word-self @ over word-self @ 2dup = if 2drop word-total @ swap word-total @ > exit then
  < nip nip ;
~ ( -- w | 0 ) the hottest word not shown yet (fused primitives have no
~ row: their time is their definition's)
: next-hottest ( -- w | 0 )
  0 word-slots 0 do
    i word-slot dup row? if
      over 0= if nip else 2dup hotter? if nip else drop then then
    else drop then
  loop ;
30 constant table-rows
: .row ( w -- )
  dup word-self @ 7 .r  dup word-self @ .percent
  dup word-total @ 8 .r  dup word-total @ .percent  2 spaces
  dup @ .frame newline  -1 swap word-stamp ! ;
~ ( n -- ) n hundredths as 1.23
: .hundredths ( n -- ) dup 100 / (.) 46 emit 100 mod dup 10 < if 48 emit then (.) ;
: .header ( -- )
  ." profile: " #samples @ (.) ."  samples in " cpu-ns @ .seconds ."  s of CPU, "
  #samples @ 1000000000 * cpu-ns @ 1 max / (.) ."  a second (" profile-hz @ (.)
  ."  Hz asked)" newline
  ." sampling took " handler-ns @ 10000 * cpu-ns @ 1 max / .hundredths ." % of it, "
  handler-ns @ #samples @ #dropped @ + #outside @ + 1 max / 10 / .hundredths
  ."  us a sample" newline
  #dropped @ ?dup if ." (and " (.) ."  samples found the table full)" newline then
  ."    self      %   total      %  word" newline ;
: .table ( -- )
  .header  table-rows 0 do next-hottest ?dup if .row else leave then loop ;

~ ---- files ---------------------------------------------------------------------------
: create-file ( str -- fd | 0 )
  dup O_WRONLY O_CREAT or O_TRUNC or 420 sys-open  dup 0< if
    >error ." profile: cannot write " swap emitstring ." : " errno-name emitstring newline
    >output 0 exit
  then nip ;
~ ( str xt -- ) what xt prints goes into the file str
: write-file ( str xt -- )
  swap create-file ?dup 0= if drop exit then
  dup >fd  swap catch  >output  swap sys-close drop  throw ;

~ ---- profile.folded ----------------------------------------------------------------
: .folded-name ( str -- )
  begin dup c@ ?dup while dup 59 = if drop ." %3B" else emit then 1+ repeat drop ;
: .folded-frame ( frame -- )
  dup fused? if 123 emit then  dup name-of .folded-name  fused? if 125 emit then ;
~ ( record -- ) outermost frame first, `;` between, then the count
: .folded-record ( record -- )
  dup record-frames over record-depth @ 1- cells +
  over record-frames swap do
    i @ .folded-frame  i over record-frames <> if 59 emit then
  -8 +loop
  space record-count @ (.) newline ;
: .folded ( -- )
  pool begin dup pool-next @ u< while dup .folded-record dup record-size + repeat drop ;

~ ---- profile.svg: the flame graph --------------------------------------------------
~ The stacks merged into a tree from the root: a node is [frame][count]
~ [first child][next sibling]; siblings in name order.
variable nodes   variable nodes-next   variable #node-cells   variable tree-depth
: node-count ( node -- addr ) cell+ ;
: node-child ( node -- addr ) 2 cells + ;
: node-sibling ( node -- addr ) 3 cells + ;
: new-node ( frame -- node ) nodes-next @ tuck !  4 cells nodes-next +! ;
: find-child ( frame parent -- node | 0 )
  node-child @ begin dup while 2dup @ = if nip exit then node-sibling @ repeat nip ;
: str< ( str1 str2 -- flag )
  begin over c@ over c@ 2dup = over 0<> and while 2drop 1+ swap 1+ swap repeat
  < nip nip ;
: before? ( node1 node2 -- flag ) swap @ name-of swap @ name-of str< ;
: link-child ( node parent -- )
  node-child
  begin dup @ dup if 2 pick swap before? 0= then while @ node-sibling repeat
  2dup @ swap node-sibling !  ! ;
: child-of ( frame parent -- node )
  2dup find-child ?dup if nip nip exit then
  swap new-node tuck swap link-child ;
: add-to-tree ( record -- )
  dup record-depth @ tree-depth @ max tree-depth !
  dup record-count @ swap nodes @              ( count record root )
  2 pick over node-count +!
  swap dup record-frames swap record-depth @ 1- cells over +
  do i @ swap child-of  2dup node-count +!  -8 +loop 2drop ;
: frame-cells ( -- n )   ~ room for the tree: a node per frame, and the root
  4 pool begin dup pool-next @ u< while
    dup record-depth @ 4 * rot + swap  dup record-size +
  repeat drop ;
: build-tree ( -- )
  frame-cells dup #node-cells !  map-cells dup nodes !  nodes-next !
  0 tree-depth !  0 new-node drop
  pool begin dup pool-next @ u< while dup add-to-tree dup record-size + repeat drop ;
: end-tree ( -- ) nodes @ #node-cells @ unmap-cells ;

~ Drawing: 1200 px wide, frames in the middle 1180; 17 px a level, the
~ root at the bottom.  Positions are in hundredths of a pixel.
: svg-height ( -- px ) tree-depth @ 1+ 17 * 70 + ;
: px ( samples -- hundredths ) 118000 * #samples @ 1 max / 1000 + ;
: row-y ( depth -- px ) 1+ 17 * svg-height swap - 10 - ;
: .xml-char ( c -- )
  dup 38 = if drop ." &amp;" exit then   dup 60 = if drop ." &lt;" exit then
  dup 62 = if drop ." &gt;" exit then    dup 39 = if drop ." &apos;" exit then
  dup 34 = if drop ." &quot;" exit then  dup 32 < if drop 63 then emit ;
: .xml ( str -- ) begin dup c@ ?dup while .xml-char 1+ repeat drop ;
: node-name ( node -- str ) @ ?dup if name-of else s" all" then ;
: .node-name ( node -- )
  dup @ fused? if 123 emit then  dup node-name .xml  @ fused? if 125 emit then ;
: label-length ( node -- n ) dup node-name strlen swap @ fused? if 2 + then ;
: name-hash ( str -- h ) 0 swap begin dup c@ ?dup while rot 31 * + swap 1+ repeat drop ;
: .rgb ( r g b -- ) ." rgb(" rot (.) 44 emit swap (.) 44 emit (.) 41 emit ;
~ warm colours for words, pale yellow for fused primitives, grey for the
~ root and the markers; the same name, the same colour
: .colour ( node -- )
  dup @ dup 0= over truncated-frame = or swap unknown-frame = or if
    drop 200 200 200 .rgb exit then
  dup node-name name-hash 0x7fffffff and swap @ fused? if
    dup 20 mod 235 +  over 20 / 50 mod 190 +  rot 1000 / 60 mod 90 +
  else
    dup 50 mod 205 +  over 50 / 130 mod 80 +  rot 7000 / 40 mod 40 +
  then .rgb ;
variable at-x  variable at-w  variable at-y
: .node ( node x depth -- )
  row-y at-y !  dup px at-x !  over node-count @ + px at-x @ - at-w !
  ." <g><title>" dup .node-name ."  (" dup node-count @ (.) ."  samples, "
  dup node-count @ .pct ." %)</title><rect x='" at-x @ .hundredths
  ." ' y='" at-y @ (.) ." ' width='" at-w @ .hundredths ." ' height='16' fill='"
  dup .colour ." '/>"
  dup label-length 730 * 600 + at-w @ <= if
    ." <text x='" at-x @ 300 + .hundredths ." ' y='" at-y @ 12 + (.) ." '>"
    dup .node-name ." </text>"
  then drop ." </g>" newline ;
: draw-node ( node x depth -- )
  2 pick 2 pick 2 pick .node  rot node-child @
  begin ?dup while
    dup 3 pick 3 pick 1+ recurse
    rot over node-count @ + -rot  node-sibling @
  repeat 2drop ;
: .svg-head ( -- )
  ." <?xml version='1.0' encoding='UTF-8'?>" newline
  ." <svg xmlns='http://www.w3.org/2000/svg' width='1200' height='" svg-height (.)
  ." ' viewBox='0 0 1200 " svg-height (.) ." ' font-family='monospace' font-size='12'>" newline
  ." <text x='600' y='24' text-anchor='middle' font-size='16'>incant profile: "
  #samples @ (.) ."  samples, " cpu-ns @ .seconds ."  s of CPU</text>" newline
  ." <text x='10' y='44' font-size='11' fill='#555'>width: samples; a frame's callers are below it;"
  ."  {word}: a primitive fused into the definition below; hover for the counts</text>" newline ;
: .svg ( -- ) .svg-head  nodes @ 0 0 draw-node  ." </svg>" newline ;



~ ---- profile -------------------------------------------------------------------------
: write-profile-files ( -- )
  s" profile.folded" ['] .folded write-file
  build-tree  s" profile.svg" ['] .svg write-file  end-tree ;
: report-profile ( -- )
  count-words  .table  write-profile-files  end-words ;
: profile ( xt -- )
  profiling @ if s" profile: already profiling" fail then
  true profiling !  profiled-xt !
  start-table  profile-trampoline SIGPROF SA_SIGINFO SA_RESTART or bind-signal-with
  ['] run-profiled catch
  stop-sampling  SIGPROF unbind-signal
  ['] report-profile catch ?dup if report-error then
  end-table  false profiling !
  dup exit-thrown = if drop exit-status @ sys-exit then  throw ;

~ The machinery stays out of the dictionary's view; profile and profile-hz
~ are the words to use.
hide-word max-frames  hide-word truncated-frame  hide-word unknown-frame
hide-word anonymous-noreserve  hide-word map-cells  hide-word unmap-cells
hide-word stack-slots  hide-word pool-cells  hide-word table-cells
hide-word table  hide-word pool-next  hide-word #stacks  hide-word #samples
hide-word #dropped  hide-word #outside  hide-word pool  hide-word pool-end
hide-word record-count  hide-word record-depth  hide-word record-frames
hide-word record-size  hide-word sample  hide-word #sample  hide-word full?
hide-word add-frame  hide-word ?add-frame  hide-word add-fused
hide-word add-running  hide-word cstack-level  hide-word region-top
hide-word outer-rbp  hide-word add-callers  hide-word profile-rp
hide-word profile-region  hide-word add-stack  hide-word finish-sample
hide-word sample-hash  hide-word cells-equal?  hide-word this-stack?
hide-word room?  hide-word new-record  hide-word next-slot
hide-word record-sample  hide-word kept-boundary  hide-word keep-c-boundary
hide-word restore-c-boundary  hide-word sampling  hide-word handler-ns
hide-word sample-stack  hide-word take-sample  hide-word profile-trampoline
hide-word ITIMER_PROF  hide-word set-prof-timer  hide-word sample-interval
hide-word profiling  hide-word profiled-xt  hide-word cpu-ns
hide-word run-profiled  hide-word stop-sampling  hide-word start-table
hide-word end-table  hide-word word-slots  hide-word word-cells
hide-word word-table  hide-word word-slot  hide-word word-self
hide-word word-total  hide-word word-stamp  hide-word word-name
hide-word fused?  hide-word frame-name  hide-word other-word
hide-word name-word  hide-word word-of  hide-word name-of
hide-word self-frame  hide-word count-self  hide-word count-total
hide-word count-words  hide-word end-words  hide-word tenths
hide-word .percent  hide-word .pct  hide-word .frame  hide-word .seconds
hide-word shown?  hide-word row?  hide-word hotter?  hide-word next-hottest
hide-word table-rows  hide-word .row  hide-word .hundredths
hide-word .header  hide-word .table  hide-word create-file
hide-word write-file  hide-word .folded-name  hide-word .folded-frame
hide-word .folded-record  hide-word .folded  hide-word nodes
hide-word nodes-next  hide-word #node-cells  hide-word tree-depth
hide-word node-count  hide-word node-child  hide-word node-sibling
hide-word new-node  hide-word find-child  hide-word str<  hide-word before?
hide-word link-child  hide-word child-of  hide-word add-to-tree
hide-word frame-cells  hide-word build-tree  hide-word end-tree
hide-word svg-height  hide-word px  hide-word row-y  hide-word .xml-char
hide-word .xml  hide-word node-name  hide-word .node-name
hide-word label-length  hide-word name-hash  hide-word .rgb
hide-word .colour  hide-word at-x  hide-word at-w  hide-word at-y
hide-word .node  hide-word draw-node  hide-word .svg-head  hide-word .svg
hide-word write-profile-files  hide-word report-profile
