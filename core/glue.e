~ core/glue.e - words that were C helpers and need not be: they read what
~ the C side leaves in memory.  The process: the script's arguments, the
~ environment, the -e options, the command line's flags and the embedded
~ word reference, which start-up (boot/prims.c, prims_give_process)
~ puts in cells of the global block at every start.  The dictionary:
~ words, order and unfuse, over the entries and the tables the C side
~ keeps (boot/vm.h).  (Where an entry's body ends, entry-end, is the C
~ side's: a backtrace needs the same search when Forth cannot run.)

: argc ( -- n ) script-argc-cell @ ;
: argv ( n -- str | 0 )
  dup 0 argc within if cells script-argv-cell @ + @ else drop 0 then ;
: envp ( -- addr ) envp-cell @ ;

~ ( -- addr len true | false ) the next -e option's code, in order
: next-e
  e-taken-cell @ e-count-cell @ = if false exit then
  e-taken-cell @ cells e-code-cell @ + @  dup strlen  true
  1 e-taken-cell +! ;

: script ( -- str | 0 ) script-cell @ ;
: interactive? ( -- flag ) interactive-cell @ 0<> ;
: profile-option ( -- flag ) profile-option-cell @ 0<> ;


~ ---------------------------------------------------------------- words and order

~ ( wid -- ) a wordlist's name, or wordlist-N for a nameless one
: wordlist-name. ( wid -- )
  dup cells wordlist-names + @ ?dup if emitstring drop exit then
  ." wordlist-" 10 (u.) ;

~ order ( -- ): the search order, first searched first, then the
~ wordlist definitions go into
: order ( -- )
  get-order 0 ?do wordlist-name. space loop
  ."   (definitions: " get-current wordlist-name. ." )" newline ;

: entry-length ( entry -- n ) entry-length-field + c@ ;
: entry-wid ( entry -- wid ) entry-wordlist-field + w@ ;
: hidden? ( entry -- flag ) entry-flags c@ hidden-flag and 0<> ;
~ ( entry -- flag ) what the interpreter finds by the entry's name is it
: in-view? ( entry -- flag )
  dup hidden? if drop false exit then  dup entry-name find = ;

~ ( addr pat -- flag ) the bytes at addr begin with the string pat
: starts-with? ( addr pat -- flag )
  begin dup c@ while
    2dup c@ swap c@ <> if 2drop false exit then  1+ swap 1+ swap
  repeat 2drop true ;
~ ( addr len pat -- flag ) the string pat occurs in addr len ("" does)
: holds? ( addr len pat -- flag )
  dup strlen rot swap - 1+                   ( addr pat starts )
  dup 1 < if drop 2drop false exit then
  0 do over i + over starts-with? if 2drop true unloop exit then loop
  2drop false ;

variable words-pattern
variable words-column
: matches? ( entry -- flag ) dup entry-name swap entry-length words-pattern @ holds? ;
~ ( entry -- ) its name and a space, on a new line past 78 columns
: list-name ( entry -- )
  dup entry-length                           ( entry len )
  words-column @ if words-column @ over + 1+ 78 > if newline 0 words-column ! then then
  dup 1+ words-column +!  swap entry-name swap type space ;

: list-in-view ( -- )
  latest @ begin dup while
    dup in-view? if dup matches? if dup list-name then then  @
  repeat drop newline ;
: list-wordlist ( wid -- )
  dup wordlist-name. ." :" newline  0 words-column !
  latest @ begin dup while
    2dup entry-wid = if dup hidden? 0= if dup matches? if dup list-name then then then  @
  repeat 2drop newline ;

~ (words) ( pattern all -- ): the words in view whose names contain
~ pattern ("" for all), newest first; with all, every wordlist's words,
~ each wordlist under its name
: (words) ( pattern all -- )
  swap words-pattern !  0 words-column !
  if wordlist-count-cell @ 1+ forth-wordlist ?do i list-wordlist loop
  else list-in-view then ;

~ words ( "[pattern]" -- ): the words in view, newest first; `words sig`
~ those whose names contain "sig"; `words ALL` every wordlist's
: words ( "[pattern]" -- )
  parse-on-line dup s" ALL" streq if drop parse-on-line true else false then
  (words) ;


~ ---------------------------------------------------------------- the dictionary's layout

~ unfuse ( x -- xt cells ): the xt a body cell stands for: the cell itself
~ (cells 0), or the one a superinstruction replaced there, with the number
~ of cells it covers.  A superinstruction (boot/optimize.c) keeps the two
~ in the cells before its codeword, which points just past itself.
: super? ( x -- flag )
  dup code-base 16 + u< if drop false exit then
  dup code-here-cell @ ?dup 0= if code-base then u< 0= if drop false exit then
  dup @ swap 8 + = ;
: unfuse ( x -- xt cells ) dup super? if dup 8 - @ swap 16 - @ else 0 then ;

~ ( wid -- ) the wordlist of standard mode's meanings (lib/standard.e)
: standard-wordlist! ( wid -- ) standard-wid-cell ! ;
