~ lib/debug.e - looking inside: see.
~
~ see ( "name" -- ) prints a colon definition back as source-like text:
~ the words its body calls, literals, strings, and branches with the
~ offset (in cells) they go to.  Where a straight run of it was joined into
~ a superinstruction (boot/optimize.c), the run is shown between { and }.
~ The closing exit is left to the ;.
~ A constant (variables are constants holding their address) is shown as
~ one; a value, 2value, deferred word or data word as what made it; a
~ code word as its machine code's address and size.

: .name ( xt -- )
  dup execution-token-to-entry ?dup if entry-name emitstring drop else h. then ;

: .target ( body target -- ) swap - 8 / ." -> " 0 .r ;

variable fused-end   ~ where the superinstruction being shown ends
: .fusion ( addr cells -- )
  ?dup if cells over + fused-end ! ." { " then drop ;
: .fusion-end ( addr -- ) fused-end @ = if ." } " 0 fused-end ! then ;

~ ( body addr -- addr' ) print one instruction, step past it
: .instruction ( body addr -- body addr' )
  dup .fusion-end
  dup @ unfuse 2 pick swap .fusion            ( body addr xt )
  dup ['] lit = if drop cell+ dup @ . cell+ exit then
  dup ['] (s") = if drop ." s" 34 emit space cell+ dup cell+ emitstring 34 emit space
    dup @ 1+ aligned + cell+ exit then
  dup ['] branch = over ['] 0branch = or
  over ['] (do) = or over ['] (?do) = or over ['] (loop) = or over ['] (+loop) = or if
    .name space cell+ 2dup @ .target space cell+ exit then
  .name space cell+ ;

: .body ( entry -- )
  0 fused-end !
  dup entry-end cell- swap entry-to-execution-token cell+  ( end' body )
  dup begin 2 pick over u> while .instruction repeat .fusion-end drop drop ;

~ ( entry -- ) a word made by value, 2value, defer, create-data, does>
: .made ( entry -- )
  dup entry-to-execution-token dup @                  ( entry xt code )
  dup doval = if drop cell+ @ . ." value " entry-name emitstring exit then
  dup do2val = if drop dup 16 + @ . cell+ @ . ." 2value " entry-name emitstring exit then
  dup dodefer = if drop ." defer " over entry-name emitstring ."  is " cell+ @ .name drop exit then
  >r ." create-data " over entry-name emitstring
  swap entry-end swap >body - ."  (" 0 .r ."  bytes)"
  r> dodoes = if ."  does>" then ;
: made? ( entry -- flag )
  entry-to-execution-token @ >r
  r@ doval = r@ do2val = or r@ dodefer = or r@ dodata = or r> dodoes = or ;

: see ( "name" -- )
  parse-name must-find
  dup made? if .made newline exit then
  dup entry-to-execution-token @ docol = if
    ." : " dup entry-name emitstring space .body ." ;" newline exit
  then
  dup entry-to-execution-token @ docon = if
    dup entry-to-execution-token cell+ @ . ." constant " entry-name emitstring
    newline exit
  then
  ." code " dup entry-name emitstring ."  at " dup entry-to-execution-token @ h.
  dup entry-end swap entry-to-execution-token cell+ - ." (" 0 .r ."  bytes)" newline ;
