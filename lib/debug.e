~ lib/debug.e - looking inside: see.
~
~ see ( "name" -- ) shows a word as the source that would make it:
~ - a colon definition with its control structures rebuilt from its
~   branches (if else then, begin until, begin again, begin while repeat,
~   do ?do loop +loop), `exit` where it returns early, literals as
~   numbers, strings as s" and .", ['] for a literal execution token, '
~   for a literal entry, postpone for what postpone compiles, recurse for
~   a call to itself.  The straight runs joined into superinstructions
~   (boot/optimize.c) are shown between { and }; a run that ends in a
~   branch closes after the word the branch was compiled from
~   (`{ dup 0= if }`).  A branch that fits no structure is shown as it is,
~   with its target as a cell offset into the body (`branch -> 12`).
~ - a variable, a buffer, a constant, a value, a 2value, a deferred word
~   and a data word (create-data, does>) as the line that makes them;
~ - a code word (a primitive or a `code` word) as its disassembly
~   (lib/disasm.e) between `code name` and `end-code`.
~ The flags follow as the words that set them (`; immediate`).
~ Output wraps before column 78.


~ ---------------------------------------------------------------- printing tokens

variable see-column

~ ( -- ) print the line being built as one token, wrapping first if it
~ would pass column 78
: .token ( -- )
  see-column @ if
    see-column @ line-length + 78 < if
      space 1 see-column +!
    else
      newline 2 spaces 2 see-column !
    then
  then
  line-type  line-length see-column +! ;
: .word-token ( str -- )  line-reset line-string .token ;

~ ( n -- ) a number as source: decimal, or hex when it is large (an
~ address, a mask)
: line-number ( n -- )
  dup abs 0x100000 < if line-decimal exit then
  dup 0< if 45 line-char negate then line-hex ;
: .number-token ( n -- )  line-reset line-number .token ;

: flag? ( entry bits -- flag )  swap entry-flags c@ and 0<> ;
: .flags ( entry -- )
  dup immediate? if s" immediate" .word-token then
  dup compile-only-flag flag? if s" compile-only" .word-token then
  quiet-flag flag? if s" quiet" .word-token then ;


~ ---------------------------------------------------------------- a body, decoded

~ The instructions of the body being shown: where each starts (and,
~ after the last, where the body ends), what structure word a branch
~ stands for, and how many `then`s and `begin`s come before each.
4096 constant max-instructions
max-instructions 1+ cells buffer: instruction-starts
max-instructions 1+ cells buffer: instruction-roles
max-instructions 1+ buffer: thens-before
max-instructions 1+ buffer: begins-before
variable instruction-count
variable body-xt      ~ the word being shown, for recurse
variable furthest     ~ the furthest forward branch target seen so far

: instruction-address ( i -- addr )  cells instruction-starts + @ ;
: cell-xt ( addr -- xt )  @ unfuse drop ;
: instruction-xt ( i -- xt )  instruction-address cell-xt ;
: instruction-operand ( i -- x )  instruction-address cell+ @ ;
: role@ ( i -- role )  cells instruction-roles + @ ;
: role! ( role i -- )  cells instruction-roles + ! ;
: thens-at ( i -- addr )  thens-before + ;
: begins-at ( i -- addr )  begins-before + ;
: count-up ( addr -- )  dup c@ 1+ swap c! ;

~ ( xt -- flag ) is it followed by a cell holding an address in the body?
: addressed? ( xt -- flag )
  dup ['] branch = over ['] 0branch = or over ['] (do) = or
  over ['] (?do) = or over ['] (loop) = or swap ['] (+loop) = or ;

~ ( addr xt -- n ) the cells of the instruction at addr
: instruction-cells ( addr xt -- n )
  dup ['] (s") = if drop cell+ @ 1+ aligned 8 / 2 + exit then
  dup ['] lit = swap addressed? or nip if 2 else 1 then ;

: note-target ( addr xt -- )
  addressed? if cell+ @ furthest @ max furthest ! else drop then ;

~ ( addr -- flag ) the exit that ends the definition: no branch goes past it
: final-exit? ( addr -- flag )  dup cell-xt ['] exit = swap furthest @ < 0= and ;

: room-for-instruction? ( -- flag )  instruction-count @ max-instructions < ;

~ ( xt limit -- ) decode the body of the colon definition xt, up to its
~ final exit or limit
: decode-body ( xt limit -- )
  0 instruction-count !  over furthest !  swap cell+
  begin 2dup u> over final-exit? 0= and room-for-instruction? and while
    dup instruction-count @ cells instruction-starts + !
    dup dup cell-xt 2dup note-target instruction-cells cells +
    1 instruction-count +!
  repeat
  instruction-count @ cells instruction-starts + !  drop ;

~ ( addr -- i | -1 ) the instruction that starts at addr
: index-of ( addr -- i | -1 )
  instruction-count @ 1+ 0 do
    dup i instruction-address = if drop i unloop exit then
  loop drop -1 ;


~ ---------------------------------------------------------------- structures from branches

~ What a branch stands for.  0: nothing known, shown as it is.
1 constant role-if
2 constant role-else
3 constant role-while
4 constant role-repeat
5 constant role-until
6 constant role-again

: role-name ( role -- str )
  dup role-if = if drop s" if" exit then
  dup role-else = if drop s" else" exit then
  dup role-while = if drop s" while" exit then
  dup role-repeat = if drop s" repeat" exit then
  role-until = if s" until" exit then
  s" again" ;

: forward? ( i -- flag )  dup instruction-operand swap instruction-address u> ;

variable zero-branch   ~ the 0branch being classified
variable landing       ~ the instruction it jumps forward to

: if-then ( -- )  landing @ thens-at count-up  role-if zero-branch @ role! ;

~ ( -- k | -1 ) the instruction that ends where the 0branch lands, when
~ it is a branch after the 0branch that no structure has claimed yet
: branch-before-landing ( -- k | -1 )
  landing @ 1-
  dup zero-branch @ > 0= if drop -1 exit then
  dup instruction-xt ['] branch <> if drop -1 exit then
  dup role@ if drop -1 exit then ;

~ ( k -- flag ) k goes back to a begin at or before the 0branch
: back-past-zero-branch? ( k -- flag )
  instruction-operand zero-branch @ instruction-address u> 0= ;

~ ( k -- ) `while` jumps past a branch back to the begin: the repeat
: while-repeat ( k -- )
  dup instruction-operand index-of dup 0< if 2drop if-then exit then
  begins-at count-up  role-repeat swap role!  role-while zero-branch @ role! ;

~ ( k -- ) `if` jumps past a branch forward: the else
: if-else ( k -- )
  dup instruction-operand index-of dup 0< if 2drop if-then exit then
  thens-at count-up  role-else swap role!  role-if zero-branch @ role! ;

~ ( -- flag ) between the 0branch and where it lands, a branch or 0branch
~ goes back to at or before it: the 0branch leaves that loop
: leaves-a-loop? ( -- flag )
  landing @ zero-branch @ 1+ ?do
    i instruction-xt dup ['] branch = swap ['] 0branch = or
    i back-past-zero-branch? and if true unloop exit then
  loop false ;

~ ( -- ) a while whose orig a then resolves: `begin .. while .. until ..
~ then`, or the outer one of `begin .. while .. while .. repeat .. then`
: while-then ( -- )  landing @ thens-at count-up  role-while zero-branch @ role! ;

~ ( -- ) the 0branch jumps forward to landing: if, if-else or while
: classify-forward ( -- )
  branch-before-landing dup 0< 0= if
    dup back-past-zero-branch? if while-repeat exit then
    dup instruction-operand landing @ instruction-address u< 0= if if-else exit then
  then drop
  leaves-a-loop? if while-then else if-then then ;

: classify-0branch ( i -- )
  dup zero-branch !
  dup instruction-operand index-of dup 0< if 2drop exit then
  over forward? 0= if begins-at count-up  role-until swap role! exit then
  landing !  drop classify-forward ;

~ ( i -- ) a branch nothing claimed: back to a begin is again
: classify-branch ( i -- )
  dup role@ if drop exit then
  dup forward? if drop exit then
  dup instruction-operand index-of dup 0< if 2drop exit then
  begins-at count-up  role-again swap role! ;

: clear-structures ( -- )
  instruction-roles max-instructions 1+ cells erase
  thens-before max-instructions 1+ erase
  begins-before max-instructions 1+ erase ;

~ The 0branches first, from the last, so that the inner while of
~ `begin .. while .. while .. repeat then` claims the repeat (the outer one
~ leaves the loop: a while with a then).  Then the branches left over.
: classify ( -- )
  clear-structures
  instruction-count @ 0 ?do
    instruction-count @ 1- i -
    dup instruction-xt ['] 0branch = if classify-0branch else drop then
  loop
  instruction-count @ 0 ?do
    i instruction-xt ['] branch = if i classify-branch then
  loop ;


~ ---------------------------------------------------------------- instructions as source

~ ( i -- flag ) nothing starts at instruction i but i itself, so it may
~ be shown together with the one before it
: joinable? ( i -- flag )
  dup instruction-count @ < 0= if drop false exit then
  dup thens-at c@ over begins-at c@ or if drop false exit then
  instruction-address @ unfuse nip 0= ;

: followed-by? ( i xt -- flag )  >r 1+ dup joinable? swap instruction-xt r> = and ;

: .raw-branch ( i -- i' )
  dup instruction-xt execution-token-to-entry entry-name .word-token
  s" ->" .word-token
  dup instruction-operand body-xt @ cell+ - 8 / .number-token 1+ ;

: .branch ( i -- i' )
  dup role@ ?dup if role-name .word-token 1+ exit then .raw-branch ;

~ ( x -- flag ) is x the address of an entry?
: entry? ( x -- flag )
  dup 7 and if drop false exit then
  dup docol here @ within 0= if drop false exit then
  dup entry-to-execution-token execution-token-to-entry = ;

~ ( i entry -- i' ) a literal execution token: ['] name, or postpone
~ name when `,` follows and the word is not immediate
: .literal-xt ( i entry -- i' )
  over ['] , followed-by? over immediate? 0= and if
    s" postpone" .word-token entry-name .word-token 2 + exit
  then
  s" [']" .word-token entry-name .word-token 1+ ;

: .literal ( i -- i' )
  dup instruction-operand dup execution-token-to-entry ?dup if nip .literal-xt exit then
  dup entry? if s" '" .word-token entry-name .word-token 1+ exit then
  .number-token 1+ ;

~ ( i -- i' ) an inline string: s" text", or ." text" when emitstring follows
: .string ( i -- i' )
  line-reset
  dup ['] emitstring followed-by? if 46 else 115 then line-char 34 line-char line-space
  dup instruction-address 2 cells + line-string 34 line-char .token
  dup ['] emitstring followed-by? if 2 + else 1+ then ;

~ ( i -- i' ) a call: the word's name, recurse, or postpone name for an
~ immediate word compiled as a call (or its compiler: core.e); a cell
~ that is no word as [ x , ]
: .call ( i -- i' )
  dup instruction-xt
  dup body-xt @ = if drop s" recurse" .word-token 1+ exit then
  dup compiled-word ?dup if
    nip s" postpone" .word-token execution-token-to-entry entry-name .word-token 1+ exit
  then
  dup execution-token-to-entry ?dup if
    nip dup immediate? if s" postpone" .word-token then entry-name .word-token 1+ exit
  then
  s" [" .word-token .number-token s" ," .word-token s" ]" .word-token 1+ ;

: .instruction ( i -- i' )
  dup instruction-xt
  dup ['] lit = if drop .literal exit then
  dup ['] (s") = if drop .string exit then
  dup ['] branch = over ['] 0branch = or if drop .branch exit then
  dup ['] (do) = if drop s" do" .word-token 1+ exit then
  dup ['] (?do) = if drop s" ?do" .word-token 1+ exit then
  dup ['] (loop) = if drop s" loop" .word-token 1+ exit then
  dup ['] (+loop) = if drop s" +loop" .word-token 1+ exit then
  drop .call ;


~ ---------------------------------------------------------------- superinstructions

variable fused-end   ~ where the superinstruction being shown ends, or 0

~ ( addr -- ) close the superinstruction being shown if addr is past it
: close-fused ( addr -- )
  fused-end @ ?dup 0= if drop exit then
  u< if exit then
  s" }" .word-token  0 fused-end ! ;
: open-fused ( addr -- )
  dup @ unfuse nip ?dup if cells over + fused-end ! s" {" .word-token then drop ;

: .structure-words ( i -- )
  dup thens-at c@ 0 ?do s" then" .word-token loop
  begins-at c@ 0 ?do s" begin" .word-token loop ;

: .body ( -- )
  0 fused-end !
  0 begin dup instruction-count @ < while
    dup instruction-address close-fused
    dup .structure-words
    dup instruction-address open-fused
    .instruction
  repeat
  dup instruction-address close-fused  .structure-words ;


~ ---------------------------------------------------------------- see

: see-colon ( entry -- )
  0 see-column !  s" :" .word-token dup entry-name .word-token
  dup entry-to-execution-token dup body-xt !  over entry-end decode-body
  classify .body
  s" ;" .word-token .flags newline ;

~ a constant, a variable, or a buffer (its size in the cell after)
: see-data ( entry -- )
  0 see-column !
  dup variable-flag flag? if
    s" variable" .word-token
  else dup buffer-flag flag? if
    dup entry-to-execution-token 2 cells + @ .number-token s" buffer:" .word-token
  else
    dup entry-to-execution-token cell+ @ .number-token s" constant" .word-token
  then then
  dup entry-name .word-token .flags newline ;

~ a word made by value, 2value, defer, create-data or does> (core/core.e)
: made? ( entry -- flag )
  entry-to-execution-token @ >r
  r@ doval = r@ do2val = or r@ dodefer = or r@ dodata = or r> dodoes = or ;
: .word-of ( xt -- )  execution-token-to-entry ?dup if entry-name else s" ?" then .word-token ;
: see-made ( entry -- )
  0 see-column !
  dup entry-to-execution-token dup @                    ( entry xt code )
  dup doval = if drop cell+ @ .number-token s" value" .word-token
    entry-name .word-token newline exit then
  dup do2val = if drop dup 16 + @ .number-token cell+ @ .number-token
    s" 2value" .word-token entry-name .word-token newline exit then
  dup dodefer = if drop s" defer" .word-token over entry-name .word-token
    s" is" .word-token cell+ @ .word-of drop newline exit then
  >r drop s" create-data" .word-token dup entry-name .word-token
  dup entry-end swap entry-to-execution-token 2 cells + -
  ."  (" 0 .r ."  bytes)"  r> dodoes = if ."  does>" then newline ;

: see-code ( entry -- )
  ." code " dup entry-name emitstring newline
  dup entry-to-execution-token cell+ over entry-end disassemble
  ." end-code" 8 see-column ! .flags newline ;

: see-other ( entry -- )
  dup entry-name emitstring ." : no colon definition, data or code (codeword 0x"
  entry-to-execution-token @ 16 (u.) ." )" newline ;

: see-entry ( entry -- )
  dup entry-to-execution-token @
  dup docol = if drop see-colon exit then
  dup docon = if drop see-data exit then
  over made? if drop see-made exit then
  over entry-to-execution-token cell+ = if see-code exit then
  see-other ;

: see ( "name" -- )  parse-name must-find see-entry ;
