#!/usr/bin/env bats
# Numbers: the base, Forth-2012 literals, doubles, pictured output,
# printing in columns, dump, the division and double-cell words, random.

load helper

# ---- base ----

@test "hex and decimal switch the base numbers are read and printed in" {
  run_e "hex ff . 10 . -a . decimal 10 . base @ ."
  ok_output "ff 10 -a 10 10 "
}

@test "printing in base 2 and base 36, with the sign and every bit" {
  run_e "5 -5 2 base ! swap . . decimal
         -1 2 base ! u. decimal
         35 36 1295 36 base ! rot . swap . . decimal
         0x7fffffffffffffff 36 base ! . decimal"
  ok_output "101 -101 1111111111111111111111111111111111111111111111111111111111111111 z 10 zz 1y2p0ij32e8e7 "
}

@test "numbers are read in the base, digits in either case" {
  run_e "36 base ! zz z Zz ZZ decimal . . . .  2 base ! 1010 -11 decimal . ."
  ok_output "1295 1295 35 1295 -3 10 "
}

@test "0x is hex in any base, and .s, .r follow the base" {
  run_e "2 base ! 0x10 decimal .  36 base ! 0x10 decimal .
         255 -255 hex .s 5 .r decimal"
  ok_output "16 16 <2> ff -ff   -ff"
}

@test "a digit outside the base is an undefined word" {
  run_e "2 base ! 102"
  assert_status 1
  assert_output "-e:1:10: error -13: undefined word: 102"
  run_e "hex 1g"
  assert_status 1
  assert_output "-e:1:5: error -13: undefined word: 1g"
}

@test "an invalid base reads no number without a prefix, and prints none" {
  run_e "1 base ! \$10 #10 %10 0x10 #10 base ! . . . .  37 base ! 10"
  assert_status 1
  assert_output "16 2 10 16 -e:1:57: error -13: undefined word: 10"
  run_e ": p ( -- ) 5 . ;  : try ( base -- ) base ! ['] p catch #10 base ! . ;
         0 try 1 try 37 try -1 try  2 try 36 try"
  ok_output "-24 -24 -24 -24 101 0 5 0 "
  run_e "1 base ! #5 ."
  assert_status 1
  assert_output "-e:1:13: error -24: invalid numeric argument
  in radix (core/core.e:$(grep -n '^: radix' "$BATS_TEST_DIRNAME/../core/core.e" | cut -d: -f1))
  in . (core/core.e:$(grep -n '^: \. ' "$BATS_TEST_DIRNAME/../core/core.e" | cut -d: -f1))"
}

# ---- literals ----

@test "Forth-2012 prefixes: \$ hex, # decimal, % binary, a sign after them, 'c' a character" {
  run_e "\$ff . \$FF . #99 . %1010 . \$-10 . #-5 . %-1 . -\$10 . 'A' . 'z' . ''' ."
  ok_output "255 255 99 10 -16 -5 -1 -16 65 122 39 "
}

@test "a prefix sets the base of its number whatever base is" {
  run_e "hex #10 . %11 . decimal  2 base ! \$ff #7 decimal . ."
  ok_output "a 3 7 255 "
}

@test "a prefix or a sign with no digits is no number" {
  for w in '$' '%' '$-' '%-' '#-' "''" "'ab'" "'a" '0x' '-0x' '1.2.' '-.' '$.'; do
    run "$INCANT" -e "$w"
    assert_status 1
    [[ "$output" == *"error -13: undefined word: $w" ]] || return 1
  done
}

@test "decimal numbers must fit a signed cell; other bases may use all 64 bits" {
  run_e "9223372036854775807 . -9223372036854775808 . 0xffffffffffffffff . \$8000000000000000 ."
  ok_output "9223372036854775807 -9223372036854775808 -1 -9223372036854775808 "
  run_e "9223372036854775808"
  assert_status 1
  assert_output "-e:1:1: error -13: undefined word: 9223372036854775808"
  run_e "0x10000000000000000"
  assert_status 1
}

@test "a final . makes a double: low cell deeper, high on top; interpreted or compiled" {
  run_e "1. . .  -1. . .  0. . .  \$ff. . .  #-2. . .
         : big ( -- d ) 12345678901234567890123. ;  big d.  big . ."
  ok_output "0 1 -1 -1 0 0 0 255 -1 -2 12345678901234567890123 669 4807115922877859019 "
}

@test "the largest and smallest decimal doubles, and one past them" {
  run_e "170141183460469231731687303715884105727. d.
         -170141183460469231731687303715884105728. d.
         -1. ud."
  ok_output "170141183460469231731687303715884105727 -170141183460469231731687303715884105728 340282366920938463463374607431768211455 "
  run_e "170141183460469231731687303715884105728."
  assert_status 1
  assert_output "-e:1:1: error -13: undefined word: 170141183460469231731687303715884105728."
}

# ---- pictured numeric output ----

@test "holds of a negative length is -24, not the bytes before the string until the area overflows (-17)" {
  run_e ": t ( -- ) 0 0 <# s\" abc\" -1 holds #> type ; : u ['] t catch . ; u
         0 0 <# s\" abc\" 0 holds #> . drop"
  ok_output "-24 0 "
}

@test "<# # #s #> build a number right to left; hold, holds and sign add text" {
  run_e ": cents ( n -- ) dup abs s>d <# # # [char] . hold #s rot sign #> type ;
         123456 cents space -5 cents space 0 cents space
         0 0 <# #s #> type space
         7 0 <# s\" abc\" dup strlen holds #s char < hold #> type space
         5 0 2 base ! <# #s #> decimal type"
  ok_output "1234.56 -0.05 0.00 0 <7abc 101"
}

@test "#s of the largest unsigned double in base 2 fits the hold area; more is -17" {
  run_e "-1. 2 base ! <# #s #> decimal nip ."
  ok_output "128 "
  run_e ": many ( -- ) <# 300 0 do [char] x hold loop ;  many"
  assert_status 1
  [[ "$output" == "-e:1:49: error -17: pictured numeric output string overflow"* ]]
}

@test "u.r .r d.r ud.r in columns" {
  run_e ": | ( -- ) [char] | emit ;
         | 5 4 u.r | -5 4 .r | -5. 6 d.r | 123456 3 u.r | 255 hex 4 u.r decimal | 0 1 u.r |"
  ok_output "|   5|  -5|    -5|123456|  ff|0|"
}

@test "d. and ud. print doubles, with the sign for d." {
  run_e "-5. d. 5. d. -1. ud. 0. d. 0 1 d."
  ok_output "-5 5 340282366920938463463374607431768211455 0 18446744073709551616 "
}

@test "? prints the cell at an address" {
  run_e "variable v  42 v !  v ?  -7 v !  v ?"
  ok_output "42 -7 "
}

@test "dump shows 16 bytes a line: address, hex, printable text" {
  run_e "24 buffer: b  s\" Hello, world!\" b 13 move  1 b 13 + c!  255 b 16 + c!  b 20 dump  10 base @ = ."
  assert_status 0
  output=$(printf '%s\n' "$output" | sed -E 's/^[0-9a-f]{8,}:/ADDR:/')
  assert_output "ADDR: 48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 01 00 00  Hello, world!...
ADDR: ff 00 00 00                                      ....
-1 "
}

@test "dump of a bad address is -9, and of nothing prints nothing" {
  run_e "16 0 dump  5 0 dump .\" done\""
  ok_output "done"
  run_e "16 5 dump"
  assert_status 1
  [[ "$output" == *"error -9: invalid memory address"* ]]
}

# ---- division ----

@test "/mod truncates toward zero, as / and mod do" {
  run_e "7 2 /mod . .  -7 2 /mod . .  7 -2 /mod . .  -7 -2 /mod . ."
  ok_output "3 1 -3 -1 -3 1 3 -1 "
}

@test "sm/rem truncates, fm/mod floors, for every combination of signs" {
  run_e "7 s>d 2 sm/rem . .  -7 s>d 2 sm/rem . .  7 s>d -2 sm/rem . .  -7 s>d -2 sm/rem . .
         7 s>d 2 fm/mod . .  -7 s>d 2 fm/mod . .  7 s>d -2 fm/mod . .  -7 s>d -2 fm/mod . .
         6 s>d -2 fm/mod . .  -6 s>d 2 fm/mod . ."
  ok_output "3 1 -3 -1 -3 1 3 -1 3 1 -4 1 -4 -1 3 -1 -3 0 -3 0 "
}

@test "*/ and */mod keep the product double" {
  run_e "1000000000000 1000000000000 1000000000000 */ .
         -7 3 2 */ .  -7 3 2 */mod . .  9223372036854775807 2 4 */ ."
  ok_output "1000000000000 -10 -10 -1 4611686018427387903 "
}

@test "um* and m* give the full product of the largest numbers" {
  run_e "-1 -1 um* . .  -1 -1 m* . .  0x7fffffffffffffff 2 m* . .
         -9223372036854775808 -1 m* . .  -9223372036854775808 dup m* . ."
  ok_output "-2 1 0 1 0 -2 0 -9223372036854775808 4611686018427387904 0 "
}

@test "um/mod divides an unsigned double" {
  run_e "-1 0 7 um/mod . .  0 1 2 um/mod u. .  -1 -2 -1 um/mod u. u."
  ok_output "2635249153387078802 1 9223372036854775808 0 18446744073709551615 18446744073709551614 "
}

@test "a zero divisor is -10, a quotient too large for a cell -11" {
  for code in "1. 0 um/mod" "1. 0 sm/rem" "1. 0 fm/mod" "1 2 0 */" "1 0 /mod"; do
    run_e "$code"
    assert_status 1
    [[ "$output" == *"error -10: division by zero"* ]] || return 1
  done
  for code in "0 1 1 um/mod" "0 1 2 sm/rem" "-9223372036854775808 s>d -1 sm/rem" "0x7fffffffffffffff dup 1 */"; do
    run_e "$code"
    assert_status 1
    [[ "$output" == *"error -11: result out of range"* ]] || return 1
  done
  run_e "-9223372036854775808 s>d 1 sm/rem . .  -9223372036854775808 s>d -2 sm/rem . ."
  ok_output "-9223372036854775808 0 4611686018427387904 0 "
}

@test "fm/mod whose floored quotient is one below the cell's range is -11, not wrapped to the top" {
  # -2^64-1 / 2 and 2^64+1 / -2: truncated, -2^63 fits; floored, -2^63-1 does not
  for code in "-1 -2 2 fm/mod" "1 1 -2 fm/mod"; do
    run_e "$code . ."
    assert_status 1
    [[ "$output" == *"error -11: result out of range"* ]] || return 1
  done
  run_e "0 -1 2 fm/mod . .  -1 -2 2 sm/rem . .  1 -1 2 fm/mod . ."
  ok_output "-9223372036854775808 0 -9223372036854775808 -1 -9223372036854775808 1 "
}

# ---- doubles ----

@test "d+ and d- carry between the cells" {
  run_e "-1 0 1 0 d+ . .  0 1 1 0 d- . .  -1. -1. d+ d.  0. 1. d- d.  5. -7. d+ d."
  ok_output "1 0 0 -1 -2 -1 -2 "
}

@test "dnegate, dabs, s>d, d>s, m+" {
  run_e "0. dnegate . .  1. dnegate . .  0 1 dnegate . .  -5. dabs d.
         -5 s>d . .  7. d>s .  -1 0 1 m+ . .  3. -4 m+ d."
  ok_output "0 0 -1 -1 -1 0 5 -1 -5 7 1 0 -1 "
}

@test "d= d< du< d0= d0< compare doubles" {
  run_e "1. 1. d= . 1. 2. d= . -1. 1. d< . 1. -1. d< . -1. 1. du< . 0 1 -1 0 d< . -1 0 0 1 d< .
         0. d0= . 0 1 d0= . -1. d0< . 1. d0< . 0 -1 d0< ."
  ok_output "-1 0 -1 0 0 0 -1 -1 0 -1 0 -1 "
}

@test "d2* d2/ dmax dmin 2rot" {
  run_e "-1 0 d2* . .  0 1 d2/ . .  -1. d2/ d.  -3. d2/ d.
         5. -5. dmax d.  5. -5. dmin d.  0 1 -1 0 dmax . .
         1 2 3 4 5 6 2rot . . . . . ."
  ok_output "1 -2 0 -9223372036854775808 -1 -2 5 -5 1 0 2 1 6 5 4 3 "
}

@test "m*/ scales a double through a triple-cell product" {
  run_e "1000000000000000000. 3 7 m*/ d.  -1000000000000000000. 3 7 m*/ d.
         -1 0 0x7fffffffffffffff 0x7fffffffffffffff m*/ . .  5. -3 2 m*/ d."
  ok_output "428571428571428571 -428571428571428571 0 -1 -7 "
}

@test "m*/ of a quotient no double holds is error -11, not a wrapped one" {
  run_e ": t ( d n +n -- ) ['] m*/ catch . depth . 2drop 2drop ;
         -1 0x7fffffffffffffff 2 1 t  0 0x8000000000000000 -1 1 t
         0 0x8000000000000000 1 1 m*/ d.  0 0x8000000000000000 -1 2 m*/ d.
         -1 0x7fffffffffffffff -1 1 m*/ d."
  ok_output "-11 4 -11 4 -170141183460469231731687303715884105728 85070591730234615865843651857942052864 -170141183460469231731687303715884105727 "
}

# ---- random ----

@test "seed makes random repeatable: xoshiro256** seeded through splitmix64" {
  run_e "42 seed random u. random u. random u.  0 seed random u.  42 seed random u."
  ok_output "1546998764402558742 6990951692964543102 12544586762248559009 11091344671253066420 1546998764402558742 "
}

@test "without seed, random differs from run to run" {
  a=$("$INCANT" -e "random u. random u.")
  b=$("$INCANT" -e "random u. random u.")
  [ -n "$a" ] && [ "$a" != "$b" ]
}
