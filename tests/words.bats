#!/usr/bin/env bats
# The everyday words of other people's Forth, in incant's dialect:
# value/to, defer/is, create-data and does>, :noname, case, \ comments,
# char.  (Numbers: numbers.bats; input and strings: input.bats; files,
# the environment and the heap: files.bats.)

load helper

# ---- value ----

@test "a value gives its number; to and +to change it" {
  run_e "5 value v  v .  7 to v  v .  3 +to v  v .  -10 +to v  v ."
  ok_output "5 7 10 0 "
}

@test "to takes effect in words compiled before it, with superinstructions on" {
  run_e "0 value v
         : get ( -- n ) v ;
         : use ( -- n ) get 1+ ;
         : twice ( -- n ) v v + ;
         41 to v  use .  twice .
         -1 to v  use .  twice ."
  ok_output "42 82 0 -2 "
}

@test "to and +to compile into a definition" {
  run_e "0 value v
         : set ( n -- ) to v ;
         : bump ( -- ) 1 +to v ;
         : get ( -- n ) v ;
         9 set get .  bump bump get .  v ."
  ok_output "9 11 11 "
}

@test "a value's optimizer treatment: a short word reading it is not folded to a literal" {
  run_e "1 value v  : get ( -- n ) v ;  : f ( -- n ) get get + ;  2 to v  f .
         0 superinstructions !  : g ( -- n ) get get + ;  3 to v  f . g ."
  ok_output "4 6 6 "
}

@test "2value gives two cells; to stores two" {
  run_e "1 2 2value p  p . .  : set ( a b -- ) to p ;  3 4 set  p . .  -1. to p  p . ."
  ok_output "2 1 4 3 -1 -1 "
}

@test "to on a word that is not a value is error -32 at its name" {
  run_e "variable x  5 to x"
  assert_status 1
  output=$(printf '%s\n' "$output" | core_lines)
  assert_output "-e:1:18: error -32: invalid name argument
  in to (core/core.e:N)"
}

@test "+to on a 2value and is on a value are -32" {
  run_e "1 2 2value p  5 +to p"
  assert_status 1
  [[ "$output" == "-e:1:21: error -32: invalid name argument"* ]]
  run_e "1 value v  ' dup entry-to-execution-token is v"
  assert_status 1
  [[ "$output" == "-e:1:46: error -32: invalid name argument"* ]]
}

@test "to without a name is -16, with an unknown one -13" {
  run_e "5 to"
  assert_status 1
  [[ "$output" == "-e:1:3: error -16: missing name"* ]]
  run_e "5 to nothing-here"
  assert_status 1
  [[ "$output" == "-e:1:6: error -13: undefined word: nothing-here"* ]]
}

# ---- defer ----

@test "is sets a deferred word's action, also for words compiled before" {
  run_e "defer greet
         : hello ( -- ) .\" hello\" ;
         : bye-bye ( -- ) .\" bye\" ;
         : twice ( -- ) greet space greet ;
         ' hello entry-to-execution-token is greet  twice newline
         ' bye-bye entry-to-execution-token is greet  twice"
  ok_output "hello hello
bye bye"
}

@test "is and action-of compile into definitions; defer@ and defer! are their xt forms" {
  run_e "defer op
         : use-plus ( -- ) ['] + is op ;
         : which ( -- xt ) action-of op ;
         : plus ( -- xt ) ['] + ;  : times ( -- xt ) ['] * ;
         use-plus  3 4 op .  which plus = .  action-of op plus = .
         ' op entry-to-execution-token constant op-xt
         times op-xt defer!  3 4 op .  op-xt defer@ times = ."
  ok_output "7 -1 -1 12 -1 "
}

@test "a deferred word run before is is an error naming it as unset" {
  run_e "defer later  : run ( -- ) later ;  run"
  assert_status 1
  output=$(printf '%s\n' "$output" | core_lines)
  assert_output "-e:1:36: error: a deferred word ran before \`is\` gave it an action
  in defer-unset (core/core.e:N)
  in run (-e:1)"
}

@test "defer@ on a word that is not deferred is -32" {
  run_e "' dup entry-to-execution-token defer@"
  assert_status 1
  [[ "$output" == "-e:1:32: error -32: invalid name argument"* ]]
}

@test "a deferred word can be recursive through is (forward reference)" {
  run_e "defer fact
         : (fact) ( n -- n! ) dup 1 > if dup 1- fact * then ;
         ' (fact) entry-to-execution-token is fact
         10 fact ."
  ok_output "3628800 "
}

# ---- create-data, does> ----

@test "create-data makes a word that pushes its body, the data laid after it" {
  run_e "s\" table\" create-data 10 , 20 , 30 ,
         table @ .  table cell+ @ .  table 2 cells + @ .
         ' table entry-to-execution-token >body table = ."
  ok_output "10 20 30 -1 "
}

@test "does> gives each word its own data and the defining word's action" {
  run_e ": counter ( str -- ) create-data 0 , does> ( addr -- n ) 1 over +! @ ;
         s\" a\" counter  s\" b\" counter
         a . a . a . b . a ."
  ok_output "1 2 3 1 4 "
}

@test "does> on DESIGN's create: the data laid before does> is kept" {
  run_e ": pair ( x y str -- ) create swap , , does> ( addr -- x y ) 2@ swap ;
         3 4 s\" p\" pair  p . .
         : konst ( x str -- ) create , does> @ ;
         42 s\" k\" konst  k .  : use-k ( -- n ) k 1+ ;  use-k ."
  ok_output "4 3 42 43 "
}

@test "does> with no data, and a defining word used many times" {
  run_e ": shouter ( str -- ) create does> drop .\" !\" ;
         s\" x\" shouter s\" y\" shouter  x y x
         : const ( n str -- ) create-data , does> @ ;
         1 s\" one\" const 2 s\" two\" const 3 s\" three\" const
         space one . two . three ."
  ok_output "!!! 1 2 3 "
}

@test "the action of a does> word shows in a backtrace as the defining word" {
  run_e ": broken ( str -- ) create-data 0 , does> drop 1 0 / ;
         s\" w\" broken  : caller ( -- ) w ;  caller"
  assert_status 1
  output=$(printf '%s\n' "$output" | core_lines)
  assert_output "-e:2:45: error -10: division by zero
  in /%
  in / (core/core.e:N)
  in broken (-e:1)
  in caller (-e:2)"
}

@test "2constant, 2variable and 2literal" {
  run_e "1 2 2constant c  c . .
         2variable v  5 6 v 2!  v 2@ . .
         : lit2 ( -- x y ) [ 7 8 ] 2literal ;  lit2 . ."
  ok_output "2 1 6 5 8 7 "
}

@test "does> is compile-only" {
  run_e "does>"
  assert_status 1
  [[ "$output" == "-e:1:1: error -14: interpreting a compile-only word: does>"* ]]
}

# ---- :noname ----

@test ":noname leaves an xt; the definition runs, recurses, and has no name" {
  run_e ":noname ( n -- n! ) dup 1 > if dup 1- recurse * then ;
         dup 5 swap execute .  10 swap execute .
         :noname 42 ; execute ."
  ok_output "120 3628800 42 "
}

@test ":noname definitions are not listed by words nor found by name" {
  run_e ":noname 1 ; drop  words"
  assert_status 0
  [[ "$output" != *":noname :noname"* ]]
  [[ "$output" != "  "* ]]
  [[ "$output" != *"  "* ]]
  run_e "' :noname entry-name emitstring"
  ok_output ":noname"
}

@test "an error inside a :noname names it in the backtrace" {
  run_e ":noname ( -- ) 1 0 / ;  constant bad  : run ( -- ) bad execute ;  run"
  assert_status 1
  output=$(printf '%s\n' "$output" | core_lines)
  assert_output "-e:1:67: error -10: division by zero
  in /%
  in / (core/core.e:N)
  in :noname (-e:1)
  in run (-e:1)"
}

@test "a control structure left open in a :noname is -22 at its ;" {
  run_e ":noname 1 if 2 ;"
  assert_status 1
  [[ "$output" == "-e:1:16: error -22: control structure mismatch: :noname is unfinished"* ]]
  run_e ":noname then ;"
  assert_status 1
  [[ "$output" == "-e:1:9: error -22: control structure mismatch: then without a matching if"* ]]
}

@test ":noname in a file that ends before its ; is an error" {
  put open.e ":noname 1 2"
  in_tmp
  run "$INCANT" open.e
  assert_status 1
  assert_output "open.e:1:11: error -39: unexpected end of file: the definition of :noname (line 1) is missing its ;"
}

# ---- case ----

@test "case runs the matching of, or the default with the selector on the stack" {
  run_e ": name ( n -- )
           case
             1 of .\" one\" endof
             2 of .\" two\" endof
             dup .\" other:\" .
           endcase ;
         1 name space 2 name space 7 name  depth ."
  ok_output "one two other:7 0 "
}

@test "case nests, and of takes any expression" {
  run_e ": kind ( a b -- )
           swap case
             0 of case 0 of .\" 00\" endof .\" 0?\" endcase endof
             1 1 + of drop .\" 2?\" endof
             nip .\" ??\"
           endcase ;
         0 0 kind space 0 5 kind space 2 9 kind space 3 3 kind"
  ok_output "00 0? 2? ??"
}

@test "case with no of just drops the selector" {
  run_e ": none ( n -- ) case endcase ;  5 none depth ."
  ok_output "0 "
}

@test "case words out of place are -22 naming what is missing" {
  run_e ": t endof ;"
  assert_status 1
  assert_output "-e:1:5: error -22: control structure mismatch: endof without a matching of"
  run_e ": t 1 of ;"
  assert_status 1
  assert_output "-e:1:7: error -22: control structure mismatch: of without a matching case"
  run_e ": t case 1 of endcase ;"
  assert_status 1
  assert_output "-e:1:15: error -22: control structure mismatch: endcase without a matching case"
  run_e ": t case 1 if endof endcase ;"
  assert_status 1
  assert_output "-e:1:15: error -22: control structure mismatch: endof without a matching of"
  run_e ": t case 1 of endof ;"
  assert_status 1
  [[ "$output" == "-e:1:21: error -22: control structure mismatch: t is unfinished"* ]]
}

# ---- comments, characters, cells ----

@test "\\ comments to the end of the line, also inside a definition" {
  put c.e ': f ( -- n ) \ a comment with ; and words
  1 \ another
  2 + ;  \ trailing
\ a whole line
f .'
  in_tmp
  run "$INCANT" c.e
  ok_output "3 "
}

@test "char and [char] give the first character of a word; bl is a space" {
  run_e "char A .  char xyz .  : c ( -- c ) [char] ! ;  c .  bl ."
  ok_output "65 120 33 32 "
}

@test "char with nothing after it is -16" {
  run_e "char"
  assert_status 1
  [[ "$output" == "-e:1:1: error -16: missing name"* ]]
}

@test ".( prints up to ) while interpreting, and inside a definition" {
  run_e ".( hello, world) : f ( -- ) .( now) ; f"
  ok_output "hello, worldnow"
}

@test "cell, cells, chars and char+" {
  run_e "cell .  3 cells .  5 chars .  10 char+ ."
  ok_output "8 24 5 11 "
}

@test "2@ and 2! keep the standard order: x2 at the address, x1 after it" {
  run_e "2variable p  1 2 p 2!  p @ .  p cell+ @ .  p 2@ . ."
  ok_output "2 1 2 1 "
}

@test "2r@ copies the pair 2>r moved" {
  run_e ": f ( -- a b c d ) 1 2 2>r 2r@ 2r> ;  f . . . ."
  ok_output "2 1 2 1 "
}

@test "see shows values, deferred words and data words as what made them" {
  run_e "5 value v see v  1 2 2value p see p  defer d see d
         : f ( -- ) ;  ' f entry-to-execution-token is d see d
         s\" x\" create-data 1 , 2 , see x
         : k ( str -- ) create-data 0 , does> @ ;  s\" kk\" k see kk"
  ok_output "5 value v
1 2 2value p
defer d is defer-unset
defer d is f
create-data x (16 bytes)
create-data kk (8 bytes) does>"
}
