~ core/core.e - the language on top of the primitives: defining words,
~ control flow, strings, printing, exceptions.  Loaded first, at start-up.
~ The bootstrap gives us `:` `;` `~` `interpret`, the primitives and the
~ C helpers; everything else a Forth user expects is built here.

~ ---- the entry header (DESIGN §4) -------------------------------------
~ boot/vm.h struct entry: a link, then flags (byte), name length (byte),
~ wordlist, line, file and the name; the offsets and the flag bits are the
~ bootstrap's constants (boot/layout.c): entry-flags-offset,
~ immediate-flag ...

~ First the two words stack comments need: ( is a comment to ).
: immediate  latest @ entry-flags-offset + dup c@ immediate-flag or swap c! ;
: (  41 parse-closed 2drop ; immediate

: entry-flags ( entry -- addr ) entry-flags-offset + ;
: set-flags ( bits addr -- ) dup c@ rot or swap c! ;
: latest-flags ( -- addr ) latest @ entry-flags ;
: flag-latest ( bits -- ) latest-flags set-flags ;
: flag-word ( bits "name" -- ) parse-name must-find entry-flags set-flags ;
: make-hidden ( -- ) hidden-flag flag-latest ;
: reveal ( -- ) latest-flags dup c@ hidden-flag invert and swap c! ;
: quiet ( -- ) quiet-flag flag-latest ;  ~ hidden from backtraces
: quiet-word ( "name" -- ) quiet-flag flag-word ;
quiet-word (
: compile-only ( -- ) compile-only-flag flag-latest ;
: compile-only-word ( "name" -- ) compile-only-flag flag-word ;
~ hide-word ( "name" -- ): take a word out of the dictionary's view; code
~ compiled with it keeps working.  For a library's internals.
: hide-word ( "name" -- ) hidden-flag flag-word ;
: immediate? ( entry -- flag ) entry-flags c@ immediate-flag and 0<> ;
: entry-name ( entry -- str ) entry-name-offset + ;
: entry-line ( entry -- n ) entry-line-offset + l@ ;  ~ 0 when not known
: entry-file ( entry -- str ) entry-file-offset + @ ; ~ "<primitive>" for the bootstrap's

: [ ( -- ) 0 state ! ; immediate
~ ] also opens a definition when none is (a defining word that compiles
~ with ] instead of :): `;` checks the stack against what it found
~ (without if, which comes later: keep colon-sp, or take the stack's top)
: ] ( -- ) colon-sp @ dup 0= sp@ 16 + and or colon-sp ! -1 state ! ;

~ literal ( x -- ): compile x as a literal.  `lit lit` compiles lit, then
~ the lit that follows it is data: the xt of lit.
: literal ( x -- ) lit lit , , ; immediate compile-only
: ['] ( "name" -- ) parse-name must-find entry-to-execution-token
  lit lit , , ; immediate compile-only quiet
: [compile] ( "name" -- ) parse-name must-find entry-to-execution-token , ;
  immediate quiet

~ ---- control flow: branches hold absolute target addresses -----------
~ While a definition is compiled, each open control structure is two cells
~ on the value stack, an address and a tag saying what it is: an orig (a
~ branch to patch forward), a dest (a place to jump back to) or a do loop
~ (its leave cell; the loop starts just after it).  So `then` without an
~ `if`, a `loop` closing a `begin`, or one crossing another is error -22 at
~ the user's line, not a stack underflow inside `then`.
~ `cs-pop ( x tag expected -- x )` (a C helper) checks that an item is
~ there, above what `:` found, and of the kind expected; the tags are the
~ constants orig-tag, dest-tag and do-tag.
: mark ( -- addr ) here @ 0 , ;         ~ a forward reference to patch
: resolve ( addr -- ) here @ swap ! ;   ~ point it at here
: orig ( -- orig tag ) mark orig-tag ;
: if ( -- orig ) ['] 0branch , orig ; immediate compile-only quiet
: ahead ( -- orig ) ['] branch , orig ; immediate compile-only quiet
: then ( orig -- ) orig-tag cs-pop resolve ; immediate compile-only quiet
: else ( orig1 -- orig2 )
  orig-tag cs-pop >r  ['] branch , orig  r> resolve ; immediate compile-only quiet
: begin ( -- dest ) here @ dest-tag ; immediate compile-only quiet
: back ( dest -- ) dest-tag cs-pop , ; quiet   ~ compile the jump back
: until ( dest -- ) ['] 0branch , back ; immediate compile-only quiet
: again ( dest -- ) ['] branch , back ; immediate compile-only quiet
: while ( dest -- orig dest )
  dest-tag cs-pop  [compile] if rot dest-tag ; immediate compile-only quiet
: repeat ( orig dest -- )
  ['] branch , back  orig-tag cs-pop resolve ; immediate compile-only quiet
: recurse ( -- ) latest @ entry-to-execution-token , ; immediate compile-only quiet

~ counted loops: (do) and (?do) carry the address `leave` goes to
: do ( -- do-sys ) ['] (do) , mark do-tag ; immediate compile-only quiet
: ?do ( -- do-sys ) ['] (?do) , mark do-tag ; immediate compile-only quiet
: close-loop ( do-sys xt -- ) , do-tag cs-pop  dup 8 + , resolve ; quiet
: loop ( do-sys -- ) ['] (loop) close-loop ; immediate compile-only quiet
: +loop ( do-sys -- ) ['] (+loop) close-loop ; immediate compile-only quiet

~ ' ( "name" -- entry ): an entry; inside a definition, compiled as one
: compile-' ( "name" -- ) parse-name must-find [compile] literal ; quiet
: ' ( "name" -- entry ) state @ if compile-' else parse-name must-find then ;
  immediate quiet

~ ---- stack and arithmetic ---------------------------------------------
: / ( a b -- quotient ) /% nip ;
: mod ( a b -- remainder ) /% drop ;
: u/ ( a b -- quotient ) u/% nip ;
: umod ( a b -- remainder ) u/% drop ;
: 2* ( n -- n*2 ) 1 lshift ;
: 2/ ( n -- n/2 ) 1 arshift ;
: cells ( n -- bytes ) 3 lshift ;
: cell+ ( addr -- addr+8 ) 8 + ;
: cell- ( addr -- addr-8 ) 8 - ;
: char+ ( addr -- addr+1 ) 1+ ;
: true ( -- -1 ) -1 ;
: false ( -- 0 ) 0 ;
: not ( x -- flag ) 0= ;
: within ( n lo hi -- flag ) over - >r - r> u< ;
: aligned ( addr -- addr' ) 7 + 7 invert and ;
: align ( -- ) here @ aligned here ! ;
: 2>r ( a b -- ) r> -rot swap >r >r >r ; compile-only
: 2r> ( -- a b ) r> r> r> swap rot >r ; compile-only

~ ---- defining words ----------------------------------------------------
: constant ( x "name" -- ) parse-name create docon , , ;
~ Variables and buffers live in the data region, not inline in the log
~ (see boot/vm.h), so their words are constants holding the address.  A
~ flag (variable-flag, buffer-flag: F_VARIABLE, F_BUFFER in boot/vm.h)
~ says which, for `see`; a buffer's size follows the address.
: variable ( "name" -- ) 8 data-allot constant variable-flag flag-latest ;

: buffer: ( n "name" -- ) dup data-allot constant , buffer-flag flag-latest ;

~ ---- byte blocks --------------------------------------------------------
~ fill ( addr n c -- ) and move ( src dst n -- ) are primitives.
: erase ( addr n -- ) 0 fill ;

~ ---- the log: packing bytes at an output point -------------------------
: pack8 ( outp x -- outp' ) over c! 1+ ;
: pack16 ( outp x -- outp' ) over w! 2 + ;
: pack32 ( outp x -- outp' ) over l! 4 + ;
: pack64 ( outp x -- outp' ) over ! 8 + ;
: self-codeword ( -- ) here @ 8 + , ;
~ ;asm ( -- ): end a definition whose body is machine code: aim its
~ codeword at the body, append NEXT (lodsq; jmp [rax]), note the code for
~ profilers, reveal it.
: ;asm ( -- )
  0 colon-sp !  latest @ entry-to-execution-token dup cell+ swap !
  here @ next-code pack32 here !
  latest @ entry-to-execution-token note-code
  reveal [compile] [ ; immediate

~ ---- exceptions --------------------------------------------------------
~ A catch frame on the control stack, `handler` pointing at the newest:
~   +0 the depth of the input-source stack
~   +8 how many signal handlers were running (lib/signals.e: signal frames)
~  +16 the text interpreter's level (each has a control stack region)
~  +24 the top of the C stack (a throw out of a C helper's fault leaves it)
~  +32 the previous handler
~  +40 the value stack pointer to go back to
~ The handler is made current only once its frame is whole, and the outer
~ one again before the frame is dropped: a throw from a signal handler
~ that lands in between always finds a whole frame.
: catch ( xt -- n )
  sp@ >r  handler @ >r  c-top-cell @ >r  interpret-level @ >r  sig-depth-cell @ >r
  source-depth >r
  rp@ handler !
  execute
  rp@ 4 cells + @ handler !  rdrop rdrop rdrop rdrop rdrop rdrop  0 ; quiet
: catch-frame-sp ( frame -- addr ) 5 cells + ;
: catch-frame-signals ( frame -- addr ) cell+ ;
~ ( addr -- flag ) in the usable part of a control stack region
: in-cstack? ( addr -- flag )
  cstack-low -  dup cstack-levels cstack-stride * u< 0= if drop false exit then
  cstack-stride 1- and  guard-size -  cstack-size 1+ u< ;
: catch-frame? ( addr -- flag )   ~ on a control stack, cell-aligned
  dup 7 and if drop 0 exit then
  dup in-cstack? swap emergency-rp0 16384 - emergency-rp0 within or ;

~ ---- throws out of signal handlers ------------------------------------
~ A throw that unwinds past running signal handlers leaves their frames
~ (boot/vm.h struct sig_frame): the signal mask goes back to what the
~ outermost of them interrupted (the kernel would have restored it had the
~ handler returned).  An asynchronous throw (from a handler for a signal
~ that was sent, not a fault of the code it interrupted) that would unwind
~ a C helper in the middle of an update waits instead: the code is left
~ pending, the handler returns, and the helper's primitive throws it when
~ the helper is done.
: sig-frame ( i -- frame ) sig-frame-shift lshift sig-frames + ;
: frame-uc ( frame -- uc ) sig-frame-uc-offset + @ ;
: frame-info ( frame -- info ) sig-frame-info-offset + @ ;
: frame-signum ( frame -- n ) sig-frame-signum-offset + @ ;
: frame-in-c? ( frame -- flag )
  frame-uc uc-rip-offset + @ c-text-start-cell @ c-text-end-cell @ within ;
: fault-signal? ( signum -- flag )   ~ SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV
  dup 4 = over 5 = or over 7 = or over 8 = or swap 11 = or ;
: frame-async? ( frame -- flag )     ~ sent, not raised by an instruction
  dup frame-signum fault-signal? 0= if drop true exit then
  frame-info si-code-offset + l@  dup 0= swap 0x80000000 and 0<> or ;   ~ si_code <= 0
: recorded-depth ( -- n ) sig-depth-cell @ max-sig-depth min ;
: async-into-c? ( depth -- flag )  ~ a handler above depth interrupted C
  recorded-depth 2dup < 0= if 2drop false exit then
  dup 1- sig-frame frame-async? 0= if 2drop false exit then  ~ the one to leave
  swap ?do
    i sig-frame dup frame-async? swap frame-in-c? and if true unloop exit then
  loop false ;
: defer-throw ( n -- )  ~ does not return: the innermost handler returns
  pending-cell @ if drop else pending-cell ! then (leave-handler) ;
: restore-mask ( set -- ) sp@ 2 swap 0 sigset-size 14 syscall-4 2drop ;  ~ rt_sigprocmask SET
~ fault-busy: the signal depth at which the fault path (lib/faults.e) runs
~ its own code, 0 when it does not; a throw that leaves that frame ends it
variable fault-busy
: leave-signal-frames ( depth -- )
  dup recorded-depth < if dup sig-frame frame-uc uc-sigmask-offset + @ restore-mask then
  dup fault-busy @ < if 0 fault-busy ! then
  sig-depth-cell ! ;

~ An error no catch takes: in a script, the report and exit 1; at the
~ REPL, which sets quit-xt, what Forth calls QUIT: the stacks, the
~ sources and the signal frames are reset, the report printed, and the
~ REPL's loop started again (so even an error that lands in the REPL's own
~ words, from a signal handler that throws, leaves it running).
variable quit-xt  variable quit-code
: no-catch ( n -- )
  quit-xt @ 0= if fatal-error then
  quit-code !  0 handler !  0 leave-signal-frames  1 trim-sources
  0 interpret-level !  c-stack-top c-top-cell !  0 state !  0 colon-sp !
  rp0 rp!  sp0 sp!
  quit-code @ report-error  quit-xt @ execute ;
~ throw reads the whole frame before it lets go of it, and the outer
~ handler becomes current first: a throw that comes in the middle (from a
~ signal handler) then unwinds further, to that outer catch, and finds its
~ frame intact; the frame being left may already be overwritten.
: throw ( n -- )
  ?dup if
    handler @ catch-frame? if
      handler @ catch-frame-signals @ async-into-c? if defer-throw then
    then
    record-error
    handler @ catch-frame? 0= if no-catch then
    handler @ >r
    r@ 4 cells + @ handler !
    r@ @ trim-sources
    r@ cell+ @ leave-signal-frames
    r@ 2 cells + @ interpret-level !
    r@ 3 cells + @ c-top-cell !
    r> dup catch-frame-sp @ swap 6 cells + rp!     ( n sp )
    swap >r sp! drop r>
  then ; quiet
' throw entry-to-execution-token throw-hook !
: abort ( -- ) -1 throw ;

~ packalign ( outp n -- outp' ): zero bytes up to the next multiple of n
~ (a power of 2, else -24), all at once: (-outp) mod n of them
: packalign ( outp n -- outp' )
  dup dup 1- and  over 0> 0= or if -24 throw then
  1- over negate and  2dup 0 fill + ;

~ ---- strings ------------------------------------------------------------
~ Strings are NUL-terminated.  s" in a definition compiles the text
~ inline; interpreted, it copies the text into the log.
: compile-s" ( "text<quote>" -- ) 34 parse-closed compile-string ;
: s" ( "text<quote>" -- str ) state @ if compile-s" else 34 parse-closed >log then ;
  immediate
: compile-." ( "text<quote>" -- ) compile-s" ['] emitstring , ;
: ." ( "text<quote>" -- ) state @ if compile-." else 34 parse-closed type then ;
  immediate
: abort" ( flag "text<quote>" -- ) [compile] if compile-s" ['] fail , [compile] then ;
  immediate compile-only

~ ---- postpone and the words that act by state ----------------------------
~ A word that looks at state (s" ." ' to is ...) keeps what it does in a
~ definition in a word of its own, its compiler (compile-s" ...), paired
~ with it here.  postpone compiles a call to the compiler, so a word that
~ postpones s" compiles a string even when it runs between [ and ], as
~ Forth-2012 asks (6.1.2033: the compilation semantics are appended, not
~ what the word does in the state of the moment).
32 constant max-compilers
max-compilers 2* 1+ cells data-allot constant compilers   ~ a count, then pairs
: compiler-pair ( i -- addr ) 2* 1+ cells compilers + ;
: compiles-with ( xt compiler-xt -- )
  compilers @ max-compilers = if s" no room for another compiler" fail then
  compilers @ compiler-pair tuck cell+ ! !  1 compilers +! ;
~ ( "word" "compiler" -- ) pair two words by name
: compiles-by ( "word" "compiler" -- )
  parse-name must-find entry-to-execution-token
  parse-name must-find entry-to-execution-token compiles-with ;
~ ( xt -- xt' ) the compiler of xt, or xt itself when it has none
: compiler-of ( xt -- xt' )
  compilers @ 0 ?do  i compiler-pair 2dup @ = if nip cell+ @ unloop exit then drop  loop ;
~ ( xt -- xt' | 0 ) the word a compiler compiles for, or 0 (for `see`)
: compiled-word ( xt -- xt' | 0 )
  compilers @ 0 ?do  i compiler-pair 2dup cell+ @ = if nip @ unloop exit then drop  loop
  drop 0 ;
: postpone ( "name" -- ) parse-name must-find dup immediate? if
    entry-to-execution-token compiler-of ,
  else
    entry-to-execution-token [compile] literal ['] , ,
  then ; immediate compile-only quiet
compiles-by ' compile-'  compiles-by s" compile-s"  compiles-by ." compile-."
: strlen ( str -- n ) dup begin dup c@ while 1+ repeat swap - ;
: streq ( str1 str2 -- flag )
  begin
    over c@ over c@ <> if 2drop false exit then
    dup c@ 0= if 2drop true exit then
    1+ swap 1+ swap
  again ;

~ ---- printing -----------------------------------------------------------
~ Numbers print in the radix `base` holds (10 unless changed: `hex`,
~ `decimal`), digits past 9 as lower-case letters (upper-case in standard
~ mode, as Forth-2012 has them); h. always in hex.
: newline ( -- ) 10 emit ;
: cr ( -- ) newline ;
: space ( -- ) 32 emit ;
: spaces ( n -- ) begin dup 0> while space 1- repeat drop ;
standard-cell constant standard-flag   ~ nonzero in standard mode (boot/standard.c)
: digit ( n -- c ) dup 10 < if 48 + else 87 + then ;
~ ( n -- c ) a digit of a number printed in base: as the mode has them
: numeral ( n -- c ) dup 10 < if 48 + else standard-flag @ if 55 else 87 then + then ;
: (u.) ( u base -- ) >r r@ u/% ?dup if r@ recurse then numeral emit rdrop ;
~ radix ( -- n ): base, which must be 2 to 36 (else error -24)
: radix ( -- n ) base @ dup 2 37 within 0= if -24 throw then ;
: u. ( u -- ) radix (u.) space ;
: . ( n -- ) dup 0< if 45 emit negate then radix (u.) space ;
: h. ( u -- ) 16 (u.) space ;
: (.) ( n -- ) dup 0< if 45 emit negate then radix (u.) ;   ~ no space after
: digits ( u -- n ) 1 swap begin radix u/ ?dup while swap 1+ swap repeat ;
: .r ( n width -- )   ~ n right-aligned in width columns, no space after
  over dup 0< if negate digits 1+ else digits then - spaces (.) ;
: .s ( -- ) 60 emit depth 10 (u.) 62 emit space
  depth begin dup 0> while dup pick . 1- repeat drop ;

~ ---- files --------------------------------------------------------------
: include-file ( str -- ) open-source interpret pop-source ; quiet
: include ( "name" -- ) parse-name include-file ; quiet
: require-file ( str -- ) open-source-once if interpret pop-source then ; quiet
: require ( "name" -- ) parse-name require-file ; quiet
: evaluate ( addr len -- ) s" <evaluate>" string-source interpret pop-source ; quiet

~ ---- wordlists and the search order (boot/wordlist.c) ---------------
~ wordlist get-current set-current get-order set-order search-wordlist
~ vocabulary are C helpers; these (and order and words, core/glue.e) are
~ built on them.
: forth ( -- ) forth-wordlist top-order! ;
: also ( -- ) get-order over swap 1+ set-order ;
: only ( -- ) -1 set-order ;
: previous ( -- ) get-order nip 1- set-order ;
: definitions ( -- ) get-order over set-current 0 ?do drop loop ;

: bye ( -- ) 0 sys-exit ;

~ ---- comments, characters, the radix, cells ---------------------------
~ \ is the standard's line comment, the same as ~.
: \ ( -- ) [compile] ~ ; immediate
32 constant bl
8 constant cell
: chars ( n -- n ) ;
: char ( "name" -- c ) parse-name dup c@ 0= if -16 throw then c@ ;
: [char] ( "name" -- ) char [compile] literal ; immediate compile-only
: .( ( "text<paren>" -- ) 41 parse type ; immediate
: hex ( -- ) 16 base ! ;
: decimal ( -- ) 10 base ! ;
: 2@ ( addr -- x1 x2 ) dup cell+ @ swap @ ;     ~ x2 at addr, x1 after it
: 2! ( x1 x2 addr -- ) swap over ! cell+ ! ;
: 2r@ ( -- a b ) r> 2r> 2dup 2>r rot >r ; compile-only

~ ---- values and deferred words ----------------------------------------
~ Their codewords are routines of their own (boot/prims.c: doval, do2val,
~ dodefer), not docon or docol: the optimizer compiles a constant as a
~ literal and inlines short definitions, but a value must be read, and a
~ deferred word followed, when the word using it runs, after any `to` or
~ `is` since it was compiled.
: value ( x "name" -- ) parse-name create doval , , ;
: 2value ( x1 x2 "name" -- ) parse-name create do2val , , , ;
: defer-unset ( -- ) s" a deferred word ran before `is` gave it an action" fail ;
: defer ( "name" -- ) parse-name create dodefer , ['] defer-unset , ;
~ ( xt routine -- addr ) the cell of a word whose codeword is routine;
~ error -32 if it is another kind of word
: cell-of-kind ( xt routine -- addr ) over @ <> if -32 throw then cell+ ; quiet
~ ( "name" routine -- addr ) the same for the word named next
: named-cell ( routine "name" -- addr )
  parse-name must-find entry-to-execution-token swap cell-of-kind ; quiet
~ ( addr xt -- ) compile xt on addr; interpreting, run it (on-cell)
: compile-on-cell ( addr xt -- ) swap [compile] literal , ;
: on-cell ( addr xt -- ) state @ if compile-on-cell else execute then ;
~ ( "name" -- addr xt ) a value's cell and the word that stores into it
: value-cell ( "name" -- addr xt )
  parse-name must-find entry-to-execution-token
  dup @ do2val = if cell+ ['] 2! exit then  doval cell-of-kind ['] ! ; quiet
: to ( x "name" -- ) value-cell on-cell ; immediate
: compile-to ( "name" -- ) value-cell compile-on-cell ;
: +to ( n "name" -- ) doval named-cell ['] +! on-cell ; immediate
: compile-+to ( "name" -- ) doval named-cell ['] +! compile-on-cell ;
: is ( xt "name" -- ) dodefer named-cell ['] ! on-cell ; immediate
: compile-is ( "name" -- ) dodefer named-cell ['] ! compile-on-cell ;
: action-of ( "name" -- xt ) dodefer named-cell ['] @ on-cell ; immediate
: compile-action-of ( "name" -- ) dodefer named-cell ['] @ compile-on-cell ;
compiles-by to compile-to  compiles-by +to compile-+to
compiles-by is compile-is  compiles-by action-of compile-action-of
: defer@ ( xt -- xt' ) dodefer cell-of-kind @ ;
: defer! ( xt2 xt1 -- ) dodefer cell-of-kind ! ;
hide-word cell-of-kind  hide-word named-cell  hide-word on-cell  hide-word defer-unset
hide-word compile-on-cell  hide-word value-cell

~ ---- data words and does> ---------------------------------------------
~ create-data ( str -- ) makes what standard Forth's create makes: a word
~ whose body is data, laid with , and allot, and which pushes the body's
~ address.  Its codeword is dodata, and the cell after it is kept for
~ does> (boot/prims.c), so the body starts two cells after the codeword:
~ >body.  does> gives the newest word an action: the code after it in the
~ defining word, run with the body's address pushed (dodoes).  On a word
~ made by DESIGN's create (no codeword), does> writes the two cells itself
~ and moves the data laid since create up to make room.
variable last-data-word   ~ the xt create-data (or does>) made last
: create-data ( str -- ) create  here @ last-data-word !  dodata , 0 , ;
: >body ( xt -- addr ) 2 cells + ;
: make-does-room ( xt -- ) dup 2 cells +  here @ 2 pick -  move  2 cells allot ;
: does-action ( code xt -- )
  dup last-data-word @ <> if dup make-does-room dup last-data-word ! then
  dodoes over !  cell+ ! ;
~ (does>) is what does> compiles: it pops its own return address, which
~ is where the action starts, so it returns from the defining word too.
~ (Its r> also keeps the optimizer from inlining it.)
: (does>) ( -- ) r> latest @ entry-to-execution-token does-action ;
: does> ( -- ) ['] (does>) , ; immediate compile-only
hide-word last-data-word  hide-word make-does-room  hide-word does-action
hide-word (does>)
: 2constant ( x1 x2 "name" -- ) parse-name create-data , , does> 2@ ;
: 2variable ( "name" -- ) 16 data-allot constant ;
: 2literal ( x1 x2 -- ) swap [compile] literal [compile] literal ;
  immediate compile-only

~ ---- case ... of ... endof ... endcase ---------------------------------
~ While compiling, a case is one control item (case-tag, checked by
~ cs-pop like if's and do's) holding the chain of its endof branches,
~ linked through their target cells until endcase points them all past
~ its drop; an of is another (of-tag), the 0branch to the next of.
: case ( -- case-sys ) 0 case-tag ; immediate compile-only quiet
: of ( case-sys -- case-sys of-sys )
  case-tag cs-pop case-tag
  ['] over , ['] = , ['] 0branch , mark of-tag  ['] drop , ; immediate compile-only quiet
: endof ( case-sys of-sys -- case-sys )
  of-tag cs-pop >r  case-tag cs-pop
  ['] branch , here @ swap , case-tag  r> resolve ; immediate compile-only quiet
: endcase ( case-sys -- )
  case-tag cs-pop ['] drop ,
  begin ?dup while dup @ swap resolve repeat ; immediate compile-only quiet
