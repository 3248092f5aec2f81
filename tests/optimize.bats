#!/usr/bin/env bats
# Superinstructions (boot/optimize.c) must not change what a program does:
# each program here runs with the optimizer on and off (the variable
# `superinstructions`), and the two outputs must be equal and as expected.

load helper

# same_both_ways PROGRAM EXPECTED: the output with and without
# superinstructions, both equal to EXPECTED.
same_both_ways() {
  local on off
  on=$("$INCANT" -e "0 warnings !" -e "$1" 2>&1) || true
  off=$("$INCANT" -e "0 warnings !" -e "0 superinstructions !" -e "$1" 2>&1) || true
  if [ "$on" != "$2" ] || [ "$off" != "$2" ]; then
    printf 'expected: %s\nwith superinstructions: %s\nwithout: %s\n' "$2" "$on" "$off" >&2
    return 1
  fi
}

@test "every comparison fused with if gives the same answers" {
  local prog="" expected=""
  for op in '=' '<>' '<' '>' '<=' '>=' 'u<' 'u>'; do
    prog+=": t ( a b -- ) $op if 1 . else 0 . then ; "
    prog+="1 2 t 2 1 t 2 2 t -1 1 t 1 -1 t "
  done
  same_both_ways "$prog" "$(
    "$INCANT" -e "0 warnings !" -e "0 superinstructions !" -e "$prog")"
  # and spot-check the values themselves
  same_both_ways ": t < if 1 . else 0 . then ; 1 2 t 2 1 t -1 1 t" "1 0 1 "
  same_both_ways ": t u< if 1 . else 0 . then ; -1 1 t 1 -1 t" "0 1 "
}

@test "comparisons with zero fused with if" {
  same_both_ways ": t ( n -- ) dup 0= if 1 . then dup 0<> if 2 . then dup 0< if 3 . then 0> if 4 . then ;
                  0 t -5 t 5 t" "1 2 3 2 4 "
}

@test "a literal operand of a fused comparison, small and beyond 32 bits" {
  same_both_ways ": t ( n -- ) dup 10 < if 1 . else 0 . then 0x100000000 > if 1 . else 0 . then ;
                  9 t 10 t 0x100000001 t" "1 0 0 0 0 1 "
}

@test "loops closed by (loop) and (+loop), literal and computed steps" {
  same_both_ways ": a 5 0 do i . loop ; a
                  : b 10 0 do i . 3 +loop ; b
                  : c 0 10 do i . -3 +loop ; c
                  : d ( step -- ) 10 0 do i . dup +loop drop ; 4 d
                  : e 0x300000000 0 do i 0x100000000 / . 0x100000000 +loop ; e" \
                 "0 1 2 3 4 0 3 6 9 10 7 4 1 0 4 8 0 1 2 "
}

@test "nested loops, j, leave and unloop inside superinstructions" {
  same_both_ways ": a 3 0 do 3 0 do i j + . loop loop ; a
                  : b 10 0 do i 4 = if leave then i . loop ; b
                  : c 10 0 do i 3 = if unloop exit then i . loop ; c" \
                 "0 1 2 1 2 3 2 3 4 0 1 2 3 0 1 2 "
}

@test "begin while repeat and until with fused tests" {
  same_both_ways ": a ( n -- ) begin dup 0> while dup . 1- repeat drop ; 4 a
                  : b ( n -- ) begin dup . 2 - dup 0< until drop ; 5 b" \
                 "4 3 2 1 5 3 1 "
}

@test "a branch into the middle of a straight run" {
  same_both_ways ": a ( n -- ) 1 + begin 2 * dup 100 < while 3 + repeat . ; 1 a" "154 "
}

@test "short definitions are inlined with the same results" {
  same_both_ways ": sq ( n -- n*n ) dup * ;
                  : cube ( n -- n^3 ) dup sq * ;
                  : inc2 ( n -- n+2 ) 1+ 1+ ;
                  : t ( -- ) 3 sq . 3 cube . 5 inc2 sq . ; t" "9 27 49 "
}

@test "constants and variables compile as literals and stay right" {
  same_both_ways "7 constant seven  0x123456789 constant big  variable v
                  : t ( -- ) seven 1+ . big 1+ h. 5 v ! v @ seven * . ; t" \
                 "8 12345678a 35 "
}

@test "a data word compiles as a literal in a superinstruction, and does> words stay calls" {
  same_both_ways 's" flags" create-data 1 c, 2 c, 3 c,
                  : third ( -- c ) flags 2 + c@ ; third .
                  : k ( x "name" -- ) s" kk" create-data , does> @ 1+ ; 9 k
                  : t ( -- ) kk 1+ . ; t' "3 11 "
  run_e 's" flags" create-data 1 c, 2 c, 3 c,' ': third ( -- c ) flags 2 + c@ ;' 'see third' bye
  ok_output ": third { flags 2 + c@ } ;"
}

@test "a fault inside a superinstruction names the primitive" {
  run -1 "$INCANT" -e ": t ( -- ) 1 2 + 0x18 @ + ;" -e "t"
  assert_output "-e:1:1: error -9: invalid memory address: SIGSEGV at 0x18
  in @
  in t (-e:1)"
}

@test "a fault inside an inlined definition names it" {
  run -1 "$INCANT" -e ": peek ( -- x ) 0x28 @ ;" -e ": t ( -- ) 1 peek + drop ;" -e "t"
  assert_output "-e:1:1: error -9: invalid memory address: SIGSEGV at 0x28
  in @
  in peek (-e:1)
  in t (-e:1)"
}

@test "division by zero inside an inlined definition names it and its callers" {
  run -1 "$INCANT" -e ": half ( n -- n/2 ) 0 / ;" -e ": t ( -- ) 8 half drop ;" -e "t"
  output=$(core_lines <<<"$output")
  assert_output "-e:1:1: error -10: division by zero
  in /%
  in / (core/core.e:N)
  in half (-e:1)
  in t (-e:1)"
}

@test "the start-up image holds the same dictionary the prelude builds" {
  [ -x "$BATS_TEST_DIRNAME/../incant-stage1" ] || skip "incant-stage1 is built by make"
  run "$INCANT" -e words
  local from_image=$output
  run "$BATS_TEST_DIRNAME/../incant-stage1" -e words
  [ "$output" = "$from_image" ]
}

@test "random definitions give the same output with and without superinstructions (10 seeds x 400)" {
  local seed
  for seed in 1 2 3 4 5 6 7 8 9 42; do
    run "$BATS_TEST_DIRNAME/optfuzz.sh" 400 $seed
    assert_status 0
    assert_output "optfuzz: 400 definitions (seed $seed): same output"
  done
}

@test "2>r and r> in one definition keep their meaning" {
  same_both_ways ": t 1 2 2>r r> r> ; t .s" "<2> 2 1 "
  same_both_ways ": t 1 2 2>r 2r> ; t .s" "<2> 1 2 "
}

@test "a word that moves its own return address is not inlined" {
  same_both_ways ": rpush r> swap >r >r ; : t 5 rpush r> ; t ." "5 "
  same_both_ways ": skip-caller r> drop ; : t 1 skip-caller 2 ; : u t 3 ; u .s" "<2> 1 3 "
  same_both_ways ": peek-ret r@ drop 7 ; : t peek-ret ; t ." "7 "
  run "$INCANT" -e ": rpush r> swap >r >r ; : t 5 rpush r> ; see t"
  assert_output ": t 5 rpush r> ;"
}

@test "a word that keeps to cells it pushed itself is still inlined" {
  same_both_ways ": bal ( a -- b ) >r 3 r@ + r> * ; : t 4 bal ; t ." "28 "
  run "$INCANT" -e ": bal ( a -- b ) >r 3 r@ + r> * ; : t 4 bal 1+ ; see t"
  assert_output ": t { 4 bal 1+ } ;"
}

@test "see shows which primitives a definition fused" {
  run "$INCANT" -e ": t over + ; see t" -e ": u 5 c, ; see u" \
    -e ": v dup * swap 1+ ; see v" -e ": w 0 do i . loop ; see w"
  assert_output ": t { over + } ;
: u { 5 c, } ;
: v { dup * swap 1+ } ;
: w 0 do i . loop ;"
}

@test "every primitive without inline operands or jumps is fused" {
  local p out
  for p in dup drop swap over rot -rot nip tuck 2dup 2drop 2over 2swap ?dup \
           depth sp@ + - '*' and or xor negate invert 1+ 1- abs min max \
           lshift rshift arshift = '<>' '<' '>' '<=' '>=' 'u<' 'u>' 0= '0<>' '0<' '0>' \
           @ ! +! c@ c! w@ w! l@ l! , c, fill move /% u/% '>r' 'r>' 'r@' rdrop i j unloop \
           syscall-0 syscall-1; do
    out=$("$INCANT" -e ": u 1 $p ; see u" 2>&1)
    [ "$out" = ": u { 1 $p } ;" ] || { echo "$p: $out" >&2; return 1; }
  done
}

@test "a run that needs more cells than the stack holds underflows where it would without superinstructions" {
  same_both_ways ": v swap over - tuck + rot ; 5 6 v" "-e:1:34: error -4: value stack underflow
  in rot
  in v (-e:1)"
}

@test "values carried around a loop in registers, and r> after >r in one run" {
  same_both_ways ": t 0 1 10 0 do over + swap 1+ swap loop . . ; t" "46 10 "
  same_both_ways ": t 3 >r 4 >r r@ r> r> - * . ; t" "4 "
  same_both_ways ": t 8 0 do i 3 and 0= if i . then 2 +loop ; t" "0 4 "
  # >r's cell waits in its register through arithmetic and the stack's
  # words, and is stored before anything else: i reads it, @ may fault,
  # a branch or a second >r comes
  same_both_ways ": t 3 0 do 10 >r i r> + . loop ; t" "20 20 20 "
  same_both_ways ": t 7 >r 1 2 3 rot swap - r> * . . 5 >r 6 >r r> r> - . ; t" "-14 2 1 "
  same_both_ways "variable v 4 v ! : t 9 >r v @ r@ + r> * . 1 >r dup 0= if r> else r> 1+ then . ; 0 t" "117 1 "
  same_both_ways ": t 2 >r i . r> . ; : u 1 0 do 5 t loop ; u" "2 2 "
  # c! of a constant stores its low byte straight (mov byte [m], imm8)
  same_both_ways "4 buffer: b : t 300 b c! 255 b 1+ c! -1 b 2 + c! b c@ . b 1+ c@ . b 2 + c@ . ; t" "44 255 255 "
}

@test "(loop) and (+loop) with three cells carried around the loop in registers" {
  # the matrix benchmark's dot product: (loop)'s step moves only the cell
  # in rax out of its way, the others stay where they are; (+loop)'s
  # step uses more registers
  same_both_ways '10 cells buffer: a  : fill 10 0 do i 1+ a i cells + ! loop ;  fill
    : dot ( pa pb -- n ) 0 -rot 5 0 do 2dup @ swap @ * >r rot r> + -rot 16 + swap 8 + swap loop 2drop ;
    : t a a dot . a a 8 + dot . ;
    : u 0 1 2 20 0 do rot 1+ rot 2 + rot 3 + 4 +loop . . . ; t u' "95 110 17 11 5 "
}

@test "a fault at a load, or a load through an address sp@ gave: the stack as without superinstructions" {
  # before a load the run writes back every cell it holds in registers:
  # the ones a catch gets back after a fault (those it changed where the
  # stack was, swap here, and those it pushed where the stack was when
  # the catch began, which an earlier run had dropped), and the ones a
  # load through an address from sp@ may read
  same_both_ways ": t ( a b -- ) swap 7 8 0x10 @ ;  : u 1 2 ['] t catch . . . ;  u" "-9 1 2 "
  same_both_ways ": t ( a b -- ) rot 1+ -rot 9 0x10 @ ;  : u 1 2 3 ['] t catch . . . . ;  u" "-9 3 2 2 "
  same_both_ways ": w drop 1 . 16 @ ;  : r 11 22 ['] w catch . . . ;  r" "1 -9 16 11 "
  same_both_ways ": w drop drop abs 5 0 @ ;  : r 1 2 3 4 ['] w catch . . . . . ;  r" "-9 0 5 2 1 "
  same_both_ways "variable v  : w ( a b -- ) sp@ v ! + 1 . 5 6 v @ @ ;  10 20 w . . . ." "1 5 6 5 30 "
  same_both_ways ": w 7 sp@ 1 2 rot 16 - @ ;  w . . . ." "2 2 1 7 "
  # and a loop whose loads push cells it leaves behind
  same_both_ways "5 cells buffer: b  : t ( -- ) 5 0 do i 1+ b i cells + ! loop ;
    : s ( a n -- x... ) 0 ?do dup @ swap cell+ loop drop ;  : u t b 3 ['] s catch . . . . ;  u" "0 3 2 1 "
}

@test "a store through an address sp@ gave changes the stack cell, as without superinstructions" {
  # the store's run held the cell in a register (loaded as the run
  # began, or for the way on): after a store every cell comes from memory
  same_both_ways ": t ( x addr y -- x1 ) drop 99 swap ! 1+ ;  -5 sp@ 0 t ." "100 "
  same_both_ways ": t ( x addr -- x1 ) 99 swap ! begin 1+ dup 0 > until ;  -5 sp@ t ." "100 "
  same_both_ways ": t ( a b addr -- a' b' ) 7 swap cell+ ! swap ;  1 2 sp@ t . ." "7 2 "
}

@test "a test whose ways on both need a cell it leaves alone loads it first, and passes it on" {
  # the sieve's inner loop: `dup size < while` loads the step the body
  # needs, and the body is entered past its loads; with the stack too
  # shallow for both ways, the test declines to start and the cells run
  # as they would without superinstructions, underflowing in over
  same_both_ways ": t ( step k -- k' ) begin dup 100 < while over + repeat nip ;  3 1 t .  7 200 t ." "100 200 "
  same_both_ways ": t ( step k -- k' ) begin dup 100 < while over + repeat nip ;  5 t" \
    $'-e:1:67: error -4: value stack underflow\n  in over\n  in t (-e:1)'
  same_both_ways "8 buffer: f  : t ( -- ) f 8 1 fill  1 begin dup 8 < while 0 over f + c! 2 + repeat drop
    8 0 do f i + c@ . loop ;  t" "1 0 1 0 1 0 1 0 "
}

@test "calls, recursion and exit reached straight from a superinstruction" {
  same_both_ways ": fib dup 2 < if exit then dup 1- recurse swap 2 - recurse + ; 20 fib ." "6765 "
  same_both_ways ": sq dup * ; : f ( n -- ) 0 ?do i sq . loop ; 4 f" "0 1 4 9 "
}
