#!/usr/bin/env bats
# Stack, arithmetic, logic, comparison and memory words.

load helper

# ---- printing numbers (the other tests rely on these) ----------------

@test ". prints a signed decimal number followed by a space" {
  run_e '42 . -7 . 0 . newline'
  ok_output '42 -7 0 '
}

@test ".s prints the depth in angle brackets, then the items deepest first" {
  run_e '1 2 3 .s newline'
  ok_output '<3> 1 2 3 '
}

@test ".s on an empty stack prints <0>" {
  run_e '.s newline'
  ok_output '<0> '
}

@test "u. prints a cell as unsigned decimal" {
  run_e '-1 u. 5 u. newline'
  ok_output '18446744073709551615 5 '
}

@test "h. prints a cell as unsigned hexadecimal" {
  run_e '255 h. 0 h. -1 h. newline'
  ok_output 'ff 0 ffffffffffffffff '
}

@test ". prints the extreme 64-bit values" {
  run_e '-9223372036854775808 . 9223372036854775807 . newline'
  ok_output '-9223372036854775808 9223372036854775807 '
}

# ---- stack words -------------------------------------------------------

@test "dup copies the top item" {
  run_e '1 2 dup .s newline'
  ok_output '<3> 1 2 2 '
}

@test "drop removes the top item" {
  run_e '1 2 drop .s newline'
  ok_output '<1> 1 '
}

@test "swap exchanges the top two items" {
  run_e '1 2 swap .s newline'
  ok_output '<2> 2 1 '
}

@test "over copies the second item to the top" {
  run_e '1 2 over .s newline'
  ok_output '<3> 1 2 1 '
}

@test "rot brings the third item to the top" {
  run_e '1 2 3 rot .s newline'
  ok_output '<3> 2 3 1 '
}

@test "nip drops the second item" {
  run_e '1 2 nip .s newline'
  ok_output '<1> 2 '
}

@test "tuck copies the top item under the second" {
  run_e '1 2 tuck .s newline'
  ok_output '<3> 2 1 2 '
}

@test "pick is 0-based: 0 pick is dup, 1 pick is over" {
  run_e '10 20 30 0 pick . 1 pick . 2 pick . newline'
  ok_output '30 20 10 '
}

@test "2dup copies the top pair" {
  run_e '1 2 2dup .s newline'
  ok_output '<4> 1 2 1 2 '
}

@test "2drop removes the top pair" {
  run_e '1 2 3 2drop .s newline'
  ok_output '<1> 1 '
}

@test "2swap exchanges the top two pairs" {
  run_e '1 2 3 4 2swap .s newline'
  ok_output '<4> 3 4 1 2 '
}

@test "2over copies the second pair to the top" {
  run_e '1 2 3 4 2over .s newline'
  ok_output '<6> 1 2 3 4 1 2 '
}

@test "?dup duplicates a non-zero item and leaves zero alone" {
  run_e '0 ?dup .s drop 5 ?dup .s newline'
  ok_output '<1> 0 <2> 5 5 '
}

@test "depth counts the items on the stack" {
  run_e 'depth . 7 8 9 depth . newline'
  ok_output '0 3 '
}

@test "roll is 1-based: 2 roll swaps" {
  run_e '1 2 3 2 roll .s newline'
  ok_output '<3> 1 3 2 '
}

@test "3 roll is rot" {
  run_e '1 2 3 3 roll .s newline'
  ok_output '<3> 2 3 1 '
}

@test "4 roll brings the fourth item to the top" {
  run_e '1 2 3 4 4 roll .s newline'
  ok_output '<4> 2 3 4 1 '
}

@test "1 roll leaves the stack unchanged" {
  run_e '1 2 3 1 roll .s newline'
  ok_output '<3> 1 2 3 '
}

@test "3roll turns a b c into b c a" {
  run_e '1 2 3 3roll .s newline'
  ok_output '<3> 2 3 1 '
}

@test "3unroll turns a b c into c a b" {
  run_e '1 2 3 3unroll .s newline'
  ok_output '<3> 3 1 2 '
}

@test "3unroll undoes 3roll" {
  run_e '1 2 3 3roll 3unroll .s newline'
  ok_output '<3> 1 2 3 '
}

@test ">r r@ r> move an item through the control stack" {
  run_e ': f 5 >r 6 r@ . r> . . ; f newline'
  ok_output '5 5 6 '
}

# ---- arithmetic --------------------------------------------------------

@test "+ - * add, subtract and multiply" {
  run_e '7 3 + . 7 3 - . 3 7 - . 7 3 * . -7 3 * . newline'
  ok_output '10 4 -4 21 -21 '
}

@test "+ wraps around at 64 bits" {
  run_e '9223372036854775807 1 + . newline'
  ok_output '-9223372036854775808 '
}

@test "/% gives the remainder and the quotient, quotient on top" {
  run_e '7 2 /% .s newline'
  ok_output '<2> 1 3 '
}

@test "/% truncates toward zero for every sign combination" {
  run_e '-7 2 /% . . 7 -2 /% . . -7 -2 /% . . newline'
  ok_output '-3 -1 -3 1 3 -1 '
}

@test "/ is the truncated quotient" {
  run_e '7 2 / . -7 2 / . 7 -2 / . -7 -2 / . newline'
  ok_output '3 -3 -3 3 '
}

@test "mod is the remainder with the sign of the dividend" {
  run_e '7 3 mod . -7 3 mod . 7 -3 mod . -7 -3 mod . newline'
  ok_output '1 -1 1 -1 '
}

@test "division by zero is error -10 on stderr, with the location of /" {
  run --separate-stderr incant -e '1 0 /'
  assert_status 1
  assert_output ''
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr $'-e:1:5: error -10: division by zero\n  in /%\n  in / (core/core.e:N)'
}

@test "mod by zero is error -10" {
  run --separate-stderr incant -e '5 0 mod'
  assert_status 1
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr $'-e:1:5: error -10: division by zero\n  in /%\n  in mod (core/core.e:N)'
}

@test "/% by zero is error -10" {
  run --separate-stderr incant -e '5 0 /%'
  assert_status 1
  assert_stderr $'-e:1:5: error -10: division by zero\n  in /%'
}

@test "negate and abs" {
  run_e '5 negate . -5 negate . -7 abs . 7 abs . 0 abs . newline'
  ok_output '-5 5 7 7 0 '
}

@test "min and max are signed" {
  run_e '3 9 min . 3 9 max . -3 -9 min . -3 -9 max . -1 1 min . newline'
  ok_output '3 9 -9 -3 -1 '
}

@test "1+ and 1- add and subtract one" {
  run_e '5 1+ . 5 1- . 0 1- . newline'
  ok_output '6 4 -1 '
}

# ---- logic ---------------------------------------------------------------

@test "and or xor are bitwise" {
  run_e '12 10 and . 12 10 or . 12 10 xor . newline'
  ok_output '8 14 6 '
}

@test "invert flips every bit" {
  run_e '0 invert . -1 invert . 5 invert . newline'
  ok_output '-1 0 -6 '
}

@test "lshift shifts left" {
  run_e '1 4 lshift . 3 62 lshift h. newline'
  ok_output '16 c000000000000000 '
}

@test "rshift is a logical (unsigned) shift" {
  run_e '256 4 rshift . -1 60 rshift . newline'
  ok_output '16 15 '
}

# ---- comparison ------------------------------------------------------------

@test "= and <> give Forth flags" {
  run_e '3 3 = . 3 4 = . 3 4 <> . 3 3 <> . newline'
  ok_output '-1 0 -1 0 '
}

@test "< and > compare signed numbers" {
  run_e '3 4 < . 4 3 < . -1 1 < . 3 4 > . 4 3 > . 1 -1 > . newline'
  ok_output '-1 0 -1 0 -1 -1 '
}

@test "<= and >= include equality" {
  run_e '3 3 <= . 4 3 <= . 2 3 <= . 3 3 >= . 2 3 >= . 4 3 >= . newline'
  ok_output '-1 0 -1 -1 0 -1 '
}

@test "0= 0< 0<> test against zero" {
  run_e '0 0= . 5 0= . -5 0< . 5 0< . 0 0< . 0 0<> . 7 0<> . newline'
  ok_output '-1 0 -1 0 0 0 -1 '
}

@test "u< and u> compare unsigned numbers" {
  run_e '-1 1 u< . 1 -1 u< . -1 1 u> . 1 -1 u> . newline'
  ok_output '0 -1 -1 0 '
}

# ---- memory ----------------------------------------------------------------

@test "! stores a cell and @ fetches it" {
  run_e 'variable v 42 v ! v @ . -1 v ! v @ . newline'
  ok_output '42 -1 '
}

@test "+! adds to a cell in memory" {
  run_e 'variable v 40 v ! 2 v +! v @ . -50 v +! v @ . newline'
  ok_output '42 -8 '
}

@test "c! stores one byte and c@ fetches one byte" {
  run_e 'variable v -1 v ! 0x41 v c! v c@ . v @ h. newline'
  ok_output '65 ffffffffffffff41 '
}

@test "a new variable starts at zero" {
  run_e 'variable v v @ . newline'
  ok_output '0 '
}

@test "cells and cell+ count in 8-byte cells" {
  run_e '3 cells . 0 cells . 100 cell+ . newline'
  ok_output '24 0 108 '
}

@test "aligned rounds an address up to a multiple of 8" {
  run_e '0 aligned . 1 aligned . 8 aligned . 9 aligned . 15 aligned . newline'
  ok_output '0 8 8 16 16 '
}

@test "allot advances here by n bytes" {
  run_e 'here @ 5 allot here @ swap - . newline'
  ok_output '5 '
}

@test "align rounds here up to a cell boundary" {
  run_e 'align here @ 5 allot align here @ swap - . newline'
  ok_output '8 '
}

@test ", appends a cell at here" {
  run_e 'here @ 1234 , dup @ . here @ swap - . newline'
  ok_output '1234 8 '
}

@test "allocate takes n bytes at here and gives their address" {
  run_e 'here @ 16 allocate = . here @ 24 allocate - . newline'
  ok_output '-1 0 '
}

@test "w@ and l@ fetch 16 and 32 bits, zero-extended" {
  run_e 'here @ -1 , dup 0x11223344 swap ! dup w@ h. dup l@ h. -1 over ! w@ h. newline'
  ok_output '3344 11223344 ffff '
}

@test "c, appends one byte at here" {
  run_e 'here @ 7 c, 9 c, here @ over - . dup c@ . 1+ c@ . newline'
  ok_output '2 7 9 '
}

# ---- more arithmetic and logic from the word reference -------------------

@test "-rot is 3unroll" {
  run_e '1 2 3 -rot .s newline'
  ok_output '<3> 3 1 2 '
}

@test "2* doubles, 2/ halves rounding toward minus infinity" {
  run_e '3 2* . -7 2/ . 7 2/ . newline'
  ok_output '6 -4 3 '
}

@test "arshift keeps the sign, rshift does not" {
  run_e '-16 2 arshift . -16 60 rshift . newline'
  ok_output '-4 15 '
}

@test "0> is true only for positive numbers" {
  run_e '5 0> . 0 0> . -5 0> . newline'
  ok_output '-1 0 0 '
}

@test "within with lo above hi is the range that wraps round, as the word reference says" {
  run_e '15 10 0 within . 5 10 0 within . -1 10 0 within . 10 10 0 within . 0 10 0 within . newline'
  ok_output '-1 0 -1 -1 0 '
}

@test "within tests lo <= n < hi" {
  run_e '5 0 10 within . 10 0 10 within . 0 0 10 within . -1 0 10 within . newline'
  ok_output '-1 0 -1 0 '
}

@test "true false and not" {
  run_e 'true . false . 5 not . 0 not . newline'
  ok_output '-1 0 0 -1 '
}

@test "u/% u/ umod divide unsigned numbers" {
  run_e '7 2 u/% . . -1 2 u/ h. 7 2 umod . newline'
  ok_output '3 1 7fffffffffffffff 1 '
}

# ---- setting the stack pointers ---------------------------------------

# repl INPUT: the piped REPL, stderr and stdout together
repl() { run bash -c "printf '%s' \"\$1\" | '$INCANT' 2>&1" _ "$1"; }

@test "sp! refuses a misaligned or foreign value with -9, and the REPL goes on" {
  repl $'sp0 3 - sp!\nsp0 1+ sp!\nhere @ sp!\nsp0 8 - sp! depth .\n'
  ok_output "<stdin>:1:9: error -9: invalid memory address
  in sp!
<stdin>:2:8: error -9: invalid memory address
  in sp!
<stdin>:3:8: error -9: invalid memory address
  in sp!
1 "
}

@test "rp! refuses a misaligned value with -9: no crash, the REPL goes on" {
  repl $': t ( -- ) rp0 3 - rp! ; t\nrp@ 4 + rp!\n7 .\n'
  ok_output "<stdin>:1:26: error -9: invalid memory address
  in rp!
  in t (<stdin>:1)
<stdin>:2:9: error -9: invalid memory address
  in rp!
7 "
}

@test "rp! past the innermost catch (rp0 8 -: the top level's frames) is -9, and the REPL goes on" {
  repl $'rp0 8 - rp!\n: t ( -- ) rp0 8 - rp! ; t\nrp0 8 - rp! 7 .\n8 .\n'
  ok_output "<stdin>:1:9: error -9: invalid memory address
  in rp!
<stdin>:2:26: error -9: invalid memory address
  in rp!
  in t (<stdin>:2)
<stdin>:3:9: error -9: invalid memory address
  in rp!
8 "
  # below the catch, within the word's own frames, rp! does its work
  repl $'rp@ rp! 5 .\n: t ( -- ) 1 >r 2 >r rp@ cell+ cell+ rp! ; 3 t .\n'
  ok_output "5 3 "
}

@test "rp! into a guard region or off the control stacks is -9" {
  run_e 'also core-internals  cstack-base 8 - rp!'
  assert_status 1
  assert_output "-e:1:38: error -9: invalid memory address
  in rp!"
  run_e 'here @ rp!'
  assert_output "-e:1:8: error -9: invalid memory address
  in rp!"
}

@test "rp! into a nested level's region not mapped yet is -9, and so is a fault with rbp there" {
  # the regions below level 0 are mapped as levels are first entered;
  # rp! took one that was not, and the next push was a bare SIGSEGV: the
  # fault handler's own calls and the backtrace used that rbp
  run_e 'also core-internals cstack-low 0x100000 + previous rp!'
  assert_status 1
  assert_output "-e:1:52: error -9: invalid memory address
  in rp!"
  put aim.e 'also core-internals cstack-low 0x100000 + previous constant unmapped
    code aim-rbp ( -- ) unmapped :rbp mov-reg64-imm64 next end-code
    : t ( -- ) aim-rbp 1 >r ;
    '"' t entry-to-execution-token catch . 7 ."
  in_tmp
  run "$INCANT" aim.e
  assert_status 0
  assert_output "-9 7 "
}

# The machine takes a shift count mod 64; the words give what shifting a
# bit at a time would, optimized or not.
@test "shifts by 64 or more give 0, or the sign for arshift" {
  for opt in 1 0; do
    run_e "$opt superinstructions ! : big 64 ; : t 70 lshift ;
      1 big lshift . -1 big rshift . -8 100 arshift . 8 100 arshift .
      1 t . 1 63 lshift 0< . -8 2 arshift . 1 -1 lshift . newline"
    ok_output '0 0 -1 0 0 -1 -2 0 '
  done
}

@test "pick and roll with a negative index are error -24, not a read below the top" {
  run --separate-stderr incant -e '1 2 3 -1 pick'
  assert_status 1
  assert_stderr $'-e:1:10: error -24: invalid numeric argument\n  in pick'
  run --separate-stderr incant -e '1 2 3 -2 roll'
  assert_status 1
  assert_stderr $'-e:1:10: error -24: invalid numeric argument\n  in roll'
  run_e '1 2 3 2 pick 3 roll .s'
  ok_output '<4> 1 3 1 2 '
}

@test "pick and roll deeper than the stack are underflow (-4), however far: not a read of another region" {
  # an index past the guard above the value stack reached the control
  # stacks and the hash table, mapped: pick read a 0 or a pointer there,
  # and roll moved their cells
  for n in 3 100000 16654000 335406000; do
    run --separate-stderr incant -e "1 2 $n pick ."
    assert_status 1
    [[ "$stderr" == *"error -4: value stack underflow"*"in pick" ]] || return 1
    run --separate-stderr incant -e "1 2 $n roll .s"
    assert_status 1
    [[ "$stderr" == *"error -4: value stack underflow"*"in roll" ]] || return 1
  done
  run_e ": t 1 2 3 16654000 roll ; : u ['] t catch . depth . ; u  1 2 1 pick 3 roll . . ."
  ok_output "-4 0 1 1 2 "
}
