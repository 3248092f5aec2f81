~ lib/standard.e - standard Forth.  The Forth-2012 words the dialect
~ lacked (word, >number, environment?, [if], c", source-id, ...), which
~ both modes share; and, in the wordlist `standard`, the standard meanings
~ of the words whose names the dialect uses for something else (create,
~ ', s", roll, find, here, allocate, ...), which standard mode puts in
~ view (boot/standard.c: there forth-wordlist holds them too, and lookups
~ ignore case).  Both modes share the rest: `:` `;`, control flow, the
~ compiler, errors and their reports are the same machinery.

~ ---- the mode -----------------------------------------------------------
: standard-forth ( -- ) true standard-mode! ;   ~ until the file running ends
: incant-dialect ( -- ) false standard-mode! ;
: standard-mode? ( -- flag ) standard-flag @ 0<> ;

vocabulary standard
~ ( -- wid ) the first wordlist of the search order
: context ( -- wid ) get-order swap >r 1- 0 ?do drop loop r> ;
also standard context previous constant standard-wordlist
standard-wordlist standard-wordlist!

~ ---- parsing in the input buffer ----------------------------------------
~ The dialect's parse-name, parse and char read on across the lines of a
~ file; the standard's parsing stops at the end of the input buffer
~ (`source`, a file's line), and gives addresses in it.  A delimiter bl
~ also matches any control character, as Forth-2012 allows.
: delimiter? ( c delim -- flag ) dup bl = if drop bl 1+ u< else = then ;
: skip-delimiters ( addr len delim -- addr' len' )
  >r begin dup while over c@ r@ delimiter? while 1 /string repeat then rdrop ;
: scan-delimiter ( addr len delim -- addr' len' )
  >r begin dup while over c@ r@ delimiter? 0= while 1 /string repeat then rdrop ;
: rest-of-input ( -- addr len ) source >in @ /string ;
~ ( start addr' len' -- start len ) the text from start to addr', and >in
~ past it and the delimiter that ended it (if one did)
: parsed ( start addr len -- start len )
  dup if 1- then  source nip swap - >in !  over - ;
: parse-word ( delim -- addr len )
  >r rest-of-input r@ skip-delimiters  over swap r> scan-delimiter parsed ;

~ word ( char "<chars>ccc<char>" -- c-addr ): the next word delimited by
~ char, as a counted string in a buffer the next word overwrites (a space
~ after it, as of old); 0 characters at the end of the input buffer.
~ More than a count byte can say is -18, as for c" (cut to 255, find
~ would look up another word)
258 buffer: word-buffer
: word ( char "<chars>ccc<char>" -- c-addr )
  parse-word  dup 255 u> if -18 throw then  dup word-buffer c!  word-buffer 1+ swap move
  bl word-buffer count + c!  word-buffer ;

~ ---- strings the text interpreter makes --------------------------------
~ An interpreted s" of standard mode (or c", s\") copies its text to a
~ ring of 16 KB: it stays valid until that much more has been copied
~ (Forth-2012 promises two such strings at once).  NUL-terminated too.
16384 constant ring-size
ring-size buffer: string-ring
variable ring-next
: transient ( addr len -- addr' len )
  dup ring-size 1- u> if -18 throw then
  ring-next @ over + 1+ ring-size u> if 0 ring-next ! then
  string-ring ring-next @ +  over 1+ ring-next +!      ( addr len dst )
  2dup + 0 swap c!  swap 2dup 2>r move 2r> ;
~ ( addr len -- ) compiled so that the definition pushes addr len of a
~ copy; string-literal: the same, or interpreting, a transient copy
: compile-string-literal ( addr len -- ) dup >r compile-string r> [compile] literal ;
: string-literal ( addr len -- addr len | )
  state @ if compile-string-literal else transient then ;

~ s\" text: escapes translated, into escaped-text (Forth-2012 6.2.2266)
1024 constant escaped-size
escaped-size buffer: escaped-text
variable escaped-len
: escaped, ( c -- )
  escaped-len @ escaped-size u< 0= if -18 throw then
  escaped-text escaped-len @ + c!  1 escaped-len +! ;
: hex-value ( c -- n | -1 )
  dup [char] 0 [char] 9 1+ within if [char] 0 - exit then
  32 or dup [char] a [char] f 1+ within if 87 - exit then  drop -1 ;
: hex-escape ( addr len -- addr' len' )     ~ \x and up to two hex digits
  0  2 0 do
    over 0= if leave then
    2 pick c@ hex-value dup 0< if drop leave then
    swap 4 lshift or  >r 1 /string r>
  loop escaped, ;
: escape ( addr len -- addr' len' )         ~ after a backslash
  dup 0= if exit then
  over c@ >r 1 /string r>
  case
    [char] a of 7 escaped, endof
    [char] b of 8 escaped, endof
    [char] e of 27 escaped, endof
    [char] f of 12 escaped, endof
    [char] l of 10 escaped, endof
    [char] m of 13 escaped, 10 escaped, endof
    [char] n of 10 escaped, endof
    [char] q of 34 escaped, endof
    [char] r of 13 escaped, endof
    [char] t of 9 escaped, endof
    [char] v of 11 escaped, endof
    [char] z of 0 escaped, endof
    [char] x of hex-escape endof
    dup escaped,
  endcase ;
: parse-escaped ( "text<quote>" -- addr len )
  0 escaped-len !  rest-of-input
  begin dup while
    over c@ [char] " = if 1 /string  source nip swap - >in !  drop
      escaped-text escaped-len @ exit then
    over c@ [char] \ = if 1 /string escape else over c@ escaped, 1 /string then
  repeat 2drop  s" a string is missing its closing quote" fail ;

~ s\" ( "text<quote>" -- str ): the dialect's, a NUL-terminated string
: compile-s\" ( "text<quote>" -- ) parse-escaped compile-string ;
: s\" ( "text<quote>" -- str )
  state @ if compile-s\" else parse-escaped >log then ; immediate
compiles-by s\" compile-s\"

~ c" ( "text<quote>" -- c-addr ): a counted string
: counted-text ( addr len -- addr' len+1 )   ~ the count byte, then the text
  dup 255 u> if -18 throw then
  dup escaped-text c!  tuck escaped-text 1+ swap move  escaped-text swap 1+ ;
: compile-c" ( "text<quote>" -- ) [char] " parse-closed counted-text compile-string ;
: c" ( "text<quote>" -- c-addr )
  state @ if compile-c" else [char] " parse-closed counted-text transient drop then ;
  immediate
compiles-by c" compile-c"

: sliteral ( addr len -- ) compile-string-literal ; immediate compile-only
: -trailing ( addr len -- addr len' )
  begin dup while 2dup + 1- c@ bl = while 1- repeat then ;
: blank ( addr len -- ) bl fill ;

~ ---- substitutions (Forth-2012 17.6.2: replaces, substitute, unescape) ----
~ Each substitution is a heap block: the next, the name's length, the
~ text's length, the name, the text.  Names match ignoring case.
variable substitutions
: substitution-name ( node -- addr len ) dup 3 cells + swap cell+ @ ;
: substitution-text ( node -- addr len )
  dup 3 cells + over cell+ @ +  swap 2 cells + @ ;
: fold ( c -- c' ) dup [char] A [char] Z 1+ within if 32 + then ;
: same-text? ( a1 u1 a2 u2 -- flag )      ~ ignoring case
  rot over <> if drop 2drop false exit then
  0 ?do over i + c@ fold over i + c@ fold <> if 2drop false unloop exit then loop
  2drop true ;
: find-substitution ( addr len -- node | 0 )
  substitutions @ begin dup while
    >r 2dup r@ substitution-name same-text? if 2drop r> exit then r> @
  repeat nip nip ;
: forget-substitution ( addr len -- )
  substitutions begin dup @ while                     ( addr len link )
    dup @ >r  2 pick 2 pick r@ substitution-name same-text? if
      r@ @ swap !  r> free drop  2drop exit
    then  drop r>
  repeat drop 2drop ;
: new-substitution ( text tlen name nlen -- node )
  2 pick over + 3 cells + heap-allocate throw >r
  dup r@ cell+ !  r@ 3 cells + swap move
  dup r@ 2 cells + !  r@ substitution-text drop swap move  r> ;
: percent-at ( addr len -- n | -1 )       ~ where the first % is
  0 ?do dup i + c@ [char] % = if drop i unloop exit then loop drop -1 ;
: replaces ( text tlen name nlen -- )
  2dup percent-at 0< 0= if -79 throw then
  2dup forget-substitution  new-substitution
  substitutions @ over !  substitutions ! ;

variable out-addr  variable out-len  variable out-room  variable substituted
: out-char ( c -- ) out-len @ out-room @ u< if out-addr @ out-len @ + c! else drop then
  1 out-len +! ;
: out-text ( addr len -- ) bounds ?do i c@ out-char loop ;
~ ( addr len k -- addr' len' ) at a % (skipped) with a % k characters on
: substitute-name ( addr len k -- addr' len' )
  ?dup 0= if [char] % out-char 1 /string exit then        ~ %%
  >r over r@ find-substitution ?dup if
    substitution-text out-text  1 substituted +!
  else
    [char] % out-char  over r@ out-text  [char] % out-char
  then  r> 1+ /string ;
: substitute ( a1 u1 a2 u2 -- a2 u3 n )
  2over drop 2 pick = if 2drop 2drop 0 0 -78 exit then
  out-room ! out-addr !  0 out-len !  0 substituted !
  begin dup while
    over c@ [char] % = if
      1 /string 2dup percent-at dup 0< if drop [char] % out-char else substitute-name then
    else over c@ out-char 1 /string then
  repeat 2drop
  out-addr @ out-len @  dup out-room @ u> if -78 else substituted @ then ;
: unescape ( a1 u1 a2 -- a2 u2 )
  dup >r -rot bounds ?do                              ( dst )
    i c@ [char] % = if [char] % over c! 1+ then  i c@ over c! 1+
  loop r> tuck - ;

~ ---- numbers -------------------------------------------------------------
~ >number ( ud addr len -- ud' addr' len' ): add the digits (in base) at
~ addr to ud, up to the first character that is not one.  A base outside
~ 2 to 36 is -24 (radix), as when printing: taken unsigned, -1 would make
~ every character a digit.
: digit-value ( c -- n | -1 )       ~ 0-9, then a-z or A-Z
  dup [char] 0 [char] 9 1+ within if [char] 0 - exit then
  32 or dup [char] a [char] z 1+ within if 87 - exit then  drop -1 ;
: ud*base ( ud -- ud' ) base @ tuck * >r um* r> + ;
: >number ( ud addr len -- ud' addr' len' )
  radix drop
  begin dup while
    over c@ digit-value dup base @ u< 0= if drop exit then    ( ud a u n )
    >r 2swap ud*base r> m+ 2swap  1 /string
  repeat ;

~ ---- the environment -------------------------------------------------------
~ environment? looks the name up in a wordlist of its own, whose words
~ give the answers; wordset names are not answered (Forth-2012 made them
~ obsolescent).
vocabulary environment
also environment context previous constant environment-wordlist
get-current environment-wordlist set-current
255 constant /COUNTED-STRING
200 constant /HOLD
1024 constant /PAD
8 constant ADDRESS-UNIT-BITS
false constant FLOORED
255 constant MAX-CHAR
-1 1 rshift constant MAX-N
-1 constant MAX-U
-1 -1 1 rshift 2constant MAX-D
-1 -1 2constant MAX-UD
131072 constant RETURN-STACK-CELLS    ~ 1 MiB (boot/vm.h)
131072 constant STACK-CELLS
set-current
: environment? ( addr len -- false | i*x true )
  environment-wordlist search-wordlist if execute true else false then ;

~ ---- the input source ------------------------------------------------------
~ refill ( -- flag ): the next line of the input source: a file's, or
~ one read from standard input; false at the end, and for a string.
~ Quiet: the REPL reads its lines with it (core/top.e).
: refill ( -- flag ) (refill) ; quiet

~ ---- conditional compilation ------------------------------------------
: [defined] ( "name" -- flag ) parse-name find 0<> ; immediate
: [undefined] ( "name" -- flag ) parse-name find 0= ; immediate
: same-name? ( str1 str2 -- flag )       ~ ignoring case
  begin
    over c@ fold over c@ fold <> if 2drop false exit then
    dup c@ 0= if 2drop true exit then
    1+ swap 1+ swap
  again ;
~ ( -- str ) the next word, reading lines from standard input as needed
: conditional-word ( -- str )
  begin parse-name dup c@ 0= while
    drop refill 0= if s" [if] without its [then]" fail then
  repeat ;
~ ( else? -- ) skip to the [then] that ends this [if], or to its [else]
~ when else? is true; nested ones are skipped whole
: skip-conditional ( else? -- )
  >r 1 begin
    conditional-word
    dup s" [if]" same-name? if drop 1+ else
    dup s" [else]" same-name? if drop dup 1 = r@ and if drop rdrop exit then else
    s" [then]" same-name? if 1- dup 0= if drop rdrop exit then
    then then then
  again ;
: [if] ( flag -- ) 0= if true skip-conditional then ; immediate
: [else] ( -- ) false skip-conditional ; immediate
: [then] ( -- ) ; immediate

~ ---- the compiler and the dictionary -----------------------------------
: compile, ( xt -- ) , ;
~ unused ( -- u ): bytes left in the log (boot/vm.h: LOG_BASE + LOG_SIZE,
~ less its last page, which is never handed out)
: unused ( -- u ) log-end 4096 - here @ - ;
~ the control-flow stack is the value stack, two cells an item (core.e)
: cs-pick ( u -- ) 2* 1+ dup >r pick r> pick ;
: cs-roll ( u -- ) 2* 2 + dup >r roll r> roll ;
~ n>r ( i*x n -- ) ( R: -- i*x n ), nr> ( -- i*x n ) ( R: i*x n -- )
: n>r ( i*x n -- ) r> swap dup begin dup while 4 roll >r 1- repeat drop >r >r ;
  compile-only
: nr> ( -- i*x n ) r> r> dup begin dup while r> swap 2swap rot 1- repeat drop swap >r ;
  compile-only
~ synonym ( "newname" "oldname" -- ): newname does what oldname does,
~ immediate or compile-only as it is
: synonym ( "newname" "oldname" -- )
  parse-name parse-name must-find swap create  docol ,
  dup entry-to-execution-token , ['] exit ,
  entry-flags c@ immediate-flag compile-only-flag or and flag-latest ;
~ A name token is an entry.
: name>string ( nt -- addr len ) entry-name dup strlen ;
: name>interpret ( nt -- xt ) entry-to-execution-token ;
: name>compile ( nt -- x xt )
  dup entry-to-execution-token swap immediate? if ['] execute else ['] compile, then ;
: entry-wordlist ( entry -- wid ) entry-wordlist-offset + w@ ;
~ traverse-wordlist ( i*x xt wid -- j*x ): xt ( i*x nt -- j*x flag ) on
~ each visible word of wid, newest first, until it gives false
: traverse-wordlist ( i*x xt wid -- j*x )
  2>r latest @ >r                                    ~ R: xt wid entry
  begin r@ while
    r@ entry-wordlist  r> r@ swap >r  =
    r@ entry-flags c@ hidden-flag and 0=  and if
      r@  r> r> r@ -rot >r >r  execute               ( i*x entry xt )
      0= if rdrop 2r> 2drop exit then
    then
    r> @ >r
  repeat rdrop 2r> 2drop ;
: >order ( wid -- ) >r get-order r> swap 1+ set-order ;
~ marker ( "name" -- ): name, when run, forgets itself and every word
~ defined after it, with their data, and gives back the search order and
~ the current wordlist of the moment it was made (boot/standard.c)
mark-cells cells buffer: mark-now
: marker ( "name" -- )
  mark-now mark-dictionary  parse-name create-data
  mark-now here @ mark-cells cells move  mark-cells cells allot
  does> restore-dictionary ;
: quit ( -- ) -56 throw ;

~ ---- the standard meanings --------------------------------------------------
~ Defined into the wordlist `standard`; the search order stays as it is,
~ so each is written in the dialect.
256 buffer: found-name                 ~ for find's name, NUL-terminated
: compile-standard-s" ( "text<quote>" -- ) [char] " parse-closed compile-string-literal ;
: compile-standard-s\" ( "text<quote>" -- ) parse-escaped compile-string-literal ;
get-current standard-wordlist set-current

: here ( -- addr ) here @ ;
: create ( "name" -- ) parse-name create-data ;
: ' ( "name" -- xt ) parse-name must-find entry-to-execution-token ;
: roll ( xu .. x0 u -- xu-1 .. x0 xu ) 1+ roll ;
: allocate ( u -- addr ior ) heap-allocate ;
: parse-name ( "name" -- addr len ) bl parse-word ;
: parse ( char "ccc<char>" -- addr len )
  >r rest-of-input over swap                         ( start addr len )
  begin dup while over c@ r@ <> while 1 /string repeat then rdrop parsed ;
: s" ( "text<quote>" -- addr len ) [char] " parse-closed string-literal ; immediate
: s\" ( "text<quote>" -- addr len ) parse-escaped string-literal ; immediate
: find ( c-addr -- c-addr 0 | xt 1 | xt -1 )
  dup count 255 min  dup found-name + 0 swap c!  found-name swap move
  found-name find ?dup 0= if 0 exit then
  nip dup entry-to-execution-token swap immediate? if 1 else -1 then ;
: include-file ( i*x fileid -- j*x ) include-fileid interpret pop-source ; quiet
: words ( -- ) s" " false (words) ;

set-current
also standard
compiles-by s" compile-standard-s"  compiles-by s\" compile-standard-s\"
previous
