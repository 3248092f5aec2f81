~ lib/help.e - help and apropos: the word reference at the REPL.
~
~ help ( "name" -- ) prints every row of docs/words.md that documents the
~ word (its names, stack effect and meaning), then where it is defined:
~ `defined in lib/signals.e:123`, or `primitive`.  A word the reference
~ leaves out says so; an unknown word is error -13.
~ apropos ( "text" -- ) lists each documented word whose name or meaning
~ contains text, ignoring case, one a line with its stack effect.
~
~ The reference is embedded in the binary (boot/docs.c, `word-reference`)
~ and read here, in the language, when these words run; start-up does not
~ touch it.  Parsing it here keeps the rules for reading the markdown in
~ one short file beside the words that use them.  A row is a line of a
~ table whose first cell holds the names in backquotes: `rot` `3roll`, or
~ several in one pair, `:o :no`.  Cells are split at | but not at \|.


~ ---------------------------------------------------------------- lines and rows

variable reference-next   ~ where the next line of the reference starts
variable reference-end

: rewind-reference ( -- )  word-reference over + reference-end !  reference-next ! ;

~ ( addr -- addr' ) the newline ending the line at addr, or the end
: end-of-line ( addr -- addr' )
  begin dup reference-end @ u< over c@ 10 <> and while 1+ repeat ;

~ ( -- start end true | false ) the next line
: next-line ( -- start end true | false )
  reference-next @ reference-end @ u< 0= if false exit then
  reference-next @ dup end-of-line dup 1+ reference-next !  true ;

124 constant bar-char
96 constant backquote-char
92 constant backslash-char

~ The three cells of the row being read: names, effect, meaning, each a
~ start and an end.
6 cells buffer: row-cells
: row-cell ( n -- start end )  2* cells row-cells + dup @ swap cell+ @ ;
: row-cell! ( start end n -- )  2* cells row-cells + tuck cell+ ! ! ;
: names-cell ( -- start end )  0 row-cell ;
: effect-cell ( -- start end )  1 row-cell ;
: meaning-cell ( -- start end )  2 row-cell ;

~ ( addr end -- addr' ) the next | that is not \|, or end
: cell-end ( addr end -- addr' )
  begin 2dup u< while
    over c@ bar-char = if over 1- c@ backslash-char <> if drop exit then then
    swap 1+ swap
  repeat drop ;

: skip-spaces ( start end -- start' end )
  begin 2dup u< while over c@ 32 <> if exit then swap 1+ swap repeat ;
: trim-spaces ( start end -- start' end' )
  skip-spaces begin 2dup u< while dup 1- c@ 32 <> if exit then 1- repeat ;

variable cell-scan
variable row-limit

~ ( start end -- ) split a row's line into its first three cells
: split-row ( start end -- )
  row-limit !  1+ cell-scan !
  3 0 do
    cell-scan @ row-limit @ cell-end
    cell-scan @ over trim-spaces i row-cell!
    1+ row-limit @ min cell-scan !
  loop ;

~ ( start end -- flag ) does the line start a row: "| `"?
: row? ( start end -- flag )
  over - 3 < if drop false exit then
  dup c@ bar-char =  swap 2 + c@ backquote-char =  and ;

~ ( -- flag ) read the next row into row-cells; false at the end
: next-row ( -- flag )
  begin next-line while
    2dup row? if split-row true exit then 2drop
  repeat false ;


~ ---------------------------------------------------------------- names in a row

variable name-scan
variable in-quotes

: rewind-names ( -- )  names-cell drop name-scan !  0 in-quotes ! ;

~ ( addr -- addr' ) the end of a name: a space, a backquote, or the cell's end
: end-of-name ( addr -- addr' )
  begin dup names-cell nip u< over c@ dup 32 <> swap backquote-char <> and and while
    1+
  repeat ;

~ ( -- addr len true | false ) the next name of the row: what stands
~ between backquotes, split at spaces
: next-name ( -- addr len true | false )
  begin name-scan @ names-cell nip u< while
    name-scan @ c@
    dup backquote-char = if drop in-quotes @ 0= in-quotes !  1 name-scan +! else
    32 = in-quotes @ 0= or if 1 name-scan +! else
      name-scan @ dup end-of-name dup name-scan ! over - true exit
    then then
  repeat false ;

~ ( a1 n1 a2 n2 -- flag ) the same bytes?
: same-text? ( a1 n1 a2 n2 -- flag )
  rot over <> if drop 2drop false exit then
  0 ?do over i + c@ over i + c@ <> if 2drop false unloop exit then loop
  2drop true ;

~ ( addr len -- flag ) does the row document this name?
: row-names? ( addr len -- flag )
  rewind-names
  begin next-name while 2over same-text? if 2drop true exit then repeat
  2drop false ;


~ ---------------------------------------------------------------- printing

~ ( start end -- ) a cell's text, \| as |
: type-cell ( start end -- )
  swap ?do
    i c@ dup backslash-char = i 1+ c@ bar-char = and if drop else emit then
  loop ;

~ ( start end -- ) the names cell without its backquotes
: type-names ( start end -- )
  swap ?do i c@ dup backquote-char = if drop else emit then loop ;

~ The meaning, wrapped before column 78 under an indent of two.
variable help-column
: next-space ( start end -- start space )
  over swap begin 2dup u< while over c@ 32 = if drop exit then swap 1+ swap repeat drop ;
: wrap-word ( start end -- )
  help-column @ 2 pick 2 pick swap - + 78 < 0= help-column @ 2 > and if
    newline 2 spaces 2 help-column !
  then
  help-column @ 2 > if space 1 help-column +! then
  2dup swap - help-column +!  type-cell ;
: type-wrapped ( start end -- )
  2 spaces 2 help-column !
  begin skip-spaces 2dup u< while
    2dup next-space dup >r wrap-word nip r> swap
  repeat 2drop newline ;

: .row ( -- )
  names-cell type-names
  effect-cell 2dup u< if space type-cell else 2drop then newline
  meaning-cell 2dup u< if type-wrapped else 2drop then ;

~ ( entry -- ) where the word comes from
: .defined-at ( entry -- )
  dup entry-file s" <primitive>" streq if drop ."   primitive" newline exit then
  ."   defined in " dup entry-file emitstring
  entry-line ?dup if 58 emit 0 .r then newline ;


~ ---------------------------------------------------------------- help

~ ( str -- n ) print every row documenting the name; how many there were
: .rows-of ( str -- n )
  0 swap dup strlen rewind-reference
  begin next-row while
    2dup row-names? if .row rot 1+ -rot then
  repeat 2drop ;

~ the entry's own name: in standard mode the one asked for may differ in case
: help ( "name" -- )
  parse-name must-find dup entry-name
  .rows-of 0= if
    ." help: " dup entry-name emitstring ."  is not documented" newline
  then
  .defined-at ;


~ ---------------------------------------------------------------- apropos

variable needle
variable needle-length

: to-lower-case ( c -- c' )  dup 65 91 within if 32 + then ;

~ ( addr -- flag ) does the needle start at addr, ignoring case?
: needle-at? ( addr -- flag )
  needle-length @ 0 ?do
    dup i + c@ to-lower-case needle @ i + c@ to-lower-case <> if drop false unloop exit then
  loop drop true ;

~ ( start end -- flag ) does the text hold the needle, ignoring case?
: holds-needle? ( start end -- flag )
  over - needle-length @ - 1+ dup 0> 0= if 2drop false exit then
  0 ?do dup i + needle-at? if drop true unloop exit then loop drop false ;

: .name-and-effect ( addr len -- )
  tuck type  effect-cell 2dup u< if
    rot 20 swap - 1 max spaces type-cell
  else 2drop drop then newline ;

variable apropos-matches

~ ( -- ) each name of the row that matches, or all when its meaning does
: .matching-names ( -- )
  meaning-cell holds-needle? rewind-names
  begin next-name while
    2 pick if .name-and-effect 1 apropos-matches +! else
      2dup over + holds-needle? if .name-and-effect 1 apropos-matches +! else 2drop then
    then
  repeat drop ;

: apropos ( "text" -- )
  parse-name dup c@ 0= if -16 throw then
  dup needle ! strlen needle-length !  0 apropos-matches !
  rewind-reference begin next-row while .matching-names repeat
  apropos-matches @ 0= if ." apropos: nothing matches " needle @ emitstring newline then ;
