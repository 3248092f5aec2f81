#!/usr/bin/env bats
# Control structures, nesting, recursion, leave/unloop, exit, catch/throw.

load helper

# ---- if else then --------------------------------------------------------

@test "if then runs its body only on a true flag" {
  run_e ': f if 1 . then 9 . ; 0 f -1 f newline'
  ok_output '9 1 9 '
}

@test "if else then picks a branch, any non-zero value being true" {
  run_e ': f if 1 else 2 then . ; 0 f -1 f 5 f newline'
  ok_output '2 1 1 '
}

@test "if else then nests" {
  run_e ': f if if 11 else 10 then else if 1 else 0 then then . ;
         0 0 f 1 0 f 0 1 f 1 1 f newline'
  ok_output '0 1 10 11 '
}

@test "if outside a definition is error -14" {
  run --separate-stderr incant -e '1 if 2 then'
  assert_status 1
  assert_stderr '-e:1:3: error -14: interpreting a compile-only word: if'
}

# ---- begin loops -----------------------------------------------------------

@test "begin until loops until the flag is true" {
  run_e ': f begin dup . 1- dup 0= until drop ; 3 f newline'
  ok_output '3 2 1 '
}

@test "begin until runs its body at least once" {
  run_e ': f begin 7 . -1 until ; f newline'
  ok_output '7 '
}

@test "begin while repeat loops while the flag is true" {
  run_e ': f begin dup while dup . 1- repeat drop ; 3 f newline'
  ok_output '3 2 1 '
}

@test "begin while repeat may run its body zero times" {
  run_e ': f begin dup while 5 . repeat drop 9 . ; 0 f newline'
  ok_output '9 '
}

@test "begin again loops until exit leaves the word" {
  run_e ': f 0 begin 1+ dup 5 = if exit then again ; f . newline'
  ok_output '5 '
}

@test "begin while repeat loops nest" {
  run_e ': f 0 begin dup 3 < while 0 begin dup 2 < while over . 1+ repeat drop 1+ repeat drop ;
         f newline'
  ok_output '0 0 1 1 2 2 '
}

@test "an if inside a begin while repeat loop" {
  run_e ': f begin dup 0> while dup 2 mod if dup . then 1- repeat drop ; 6 f newline'
  ok_output '5 3 1 '
}

# ---- counted loops ---------------------------------------------------------------

@test "do loop counts i from the start up to the limit, excluded" {
  run_e ': f 5 0 do i . loop ; f newline'
  ok_output '0 1 2 3 4 '
}

@test "do loop works with a negative range" {
  run_e ': f -1 -4 do i . loop ; f newline'
  ok_output '-4 -3 -2 '
}

@test "?do skips the loop when start equals limit" {
  run_e ': f 0 0 ?do i . loop 9 . ; f newline'
  ok_output '9 '
}

@test "?do runs the loop when start differs from limit" {
  run_e ': f 3 0 ?do i . loop ; f newline'
  ok_output '0 1 2 '
}

@test "+loop steps by a positive increment" {
  run_e ': f 10 0 do i . 3 +loop ; f newline'
  ok_output '0 3 6 9 '
}

@test "+loop steps down by a negative increment" {
  run_e ': f 0 10 do i . -3 +loop ; f newline'
  ok_output '10 7 4 1 '
}

@test "+loop ending exactly on the limit stops before it" {
  run_e ': f 10 0 do i . 2 +loop ; f newline'
  ok_output '0 2 4 6 8 '
}

@test "j gives the index of the enclosing loop" {
  run_e ': f 3 0 do 2 0 do j . i . loop loop ; f newline'
  ok_output '0 0 0 1 1 0 1 1 2 0 2 1 '
}

@test "j in a three-deep nest gives the middle loop's index" {
  run_e ': f 4 1 do 3 1 do 2 1 do j . loop loop loop ; f newline'
  ok_output '1 2 1 2 1 2 '
}

@test "an inner ?do whose limit comes from the outer i" {
  run_e ': f 4 0 do i 0 ?do j . loop loop ; f newline'
  ok_output '1 2 2 3 3 3 '
}

@test "nested loops run the inner body limit times limit" {
  run_e ': f 0 5 0 do 5 0 do 1+ loop loop . ; f newline'
  ok_output '25 '
}

@test "leave ends the loop and continues after loop" {
  run_e ': f 5 0 do i 2 = if leave then i . loop 99 . ; f newline'
  ok_output '0 1 99 '
}

@test "leave in an inner loop ends only the inner loop" {
  run_e ': f 3 0 do 3 0 do i 1 = if leave then j 10 * i + . loop loop ; f newline'
  ok_output '0 10 20 '
}

@test "leave out of a ?do loop" {
  run_e ': f 10 0 ?do i . i 1 = if leave then loop 7 . ; f newline'
  ok_output '0 1 7 '
}

@test "unloop then exit leaves a word from inside a loop" {
  run_e ': f 10 0 do i 3 = if unloop exit then i . loop 99 . ; f 5 . newline'
  ok_output '0 1 2 5 '
}

@test "unloop twice then exit leaves two nested loops" {
  run_e ': f 5 0 do 5 0 do i j + 3 = if unloop unloop exit then loop loop 99 . ; f 5 . newline'
  ok_output '5 '
}

@test "a loop inside an if inside a loop" {
  run_e ': f 5 0 do i 2 mod if i . else 100 i + . then loop ; f newline'
  ok_output '100 1 102 3 104 '
}

@test "a begin loop inside a do loop" {
  run_e ': f 3 0 do i begin dup 0> while 1- 42 emit repeat drop 124 emit loop ; f newline'
  ok_output '|*|**|'
}

@test "do outside a definition is error -14" {
  run --separate-stderr incant -e '  ?do'
  assert_status 1
  assert_stderr '-e:1:3: error -14: interpreting a compile-only word: ?do'
}

# ---- exit and recursion ---------------------------------------------------------

@test "exit leaves the word early" {
  run_e ': f 1 . exit 2 . ; f 3 . newline'
  ok_output '1 3 '
}

@test "recurse computes a factorial" {
  run_e ': fact dup 1 > if dup 1- recurse * then ; 10 fact . 20 fact . newline'
  ok_output '3628800 2432902008176640000 '
}

@test "recurse twice per call computes Fibonacci" {
  run_e ': fib dup 2 < if exit then dup 1- recurse swap 2 - recurse + ; 20 fib . newline'
  ok_output '6765 '
}

@test "deep recursion of 10000 levels works" {
  run_e ': down dup if 1- recurse then ; 10000 down . newline'
  ok_output '0 '
}

@test "mutual use: a word calls an earlier word from a loop" {
  run_e ': sq dup * ; : sums 0 5 1 do i sq + loop ; sums . newline'
  ok_output '30 '
}

@test "a word being defined is hidden, so its name calls the older word" {
  run --separate-stderr "$INCANT" -e ': foo 1 ; : foo foo 1+ ; foo . newline'
  ok_output '2 '
  assert_stderr '-e:1:13: warning: redefined foo'
}

@test "redefining a word warns on stderr, in scripts too; warnings off silences it" {
  put r.e $': dup 1 ;\n: x 2 ;\n: x 3 ;\nx . dup .\n'
  in_tmp
  run --separate-stderr "$INCANT" r.e
  ok_output '3 1 '
  assert_stderr $'r.e:1:3: warning: redefined dup\nr.e:3:3: warning: redefined x'
  run --separate-stderr "$INCANT" -e '0 warnings !' r.e
  ok_output '3 1 '
  assert_stderr ''
}

# ---- catch and throw ---------------------------------------------------------------

@test "catch gives 0 when the word does not throw" {
  run_e ": f 1 2 ; 9 ' f entry-to-execution-token catch .s newline"
  ok_output '<4> 9 1 2 0 '
}

@test "catch gives the thrown code and restores the stack depth" {
  run_e ": f 1 2 5 throw ; 9 ' f entry-to-execution-token catch .s newline"
  ok_output '<2> 9 5 '
}

@test "0 throw does nothing" {
  run_e ": f 0 throw 3 ; ' f entry-to-execution-token catch .s newline"
  ok_output '<2> 3 0 '
}

@test "catch takes an execution token from [']" {
  run_e ": f 6 throw ; : g ['] f catch . ; g newline"
  ok_output '6 '
}

@test "catch catches a system error such as division by zero, silently" {
  run_e ": f 1 0 / ; : g ['] f catch . ; g newline"
  ok_output '-10 '
}

@test "catch catches an undefined word met while including a file" {
  put bad.e $'1 . newline\nnosuchword\n'
  in_tmp
  run_e ': f s" bad.e" include-file ; '"' f entry-to-execution-token catch . 5 . newline"
  ok_output $'1 \n-13 5 '
}

@test "a rethrown code reaches the outer catch" {
  run_e ": inner 7 throw ; : mid ['] inner catch 10 + throw ;
         : outer ['] mid catch ; outer . newline"
  ok_output '17 '
}

@test "throw from inside a do loop unwinds the loop" {
  run_e ": f 3 0 do i 1 = if 9 throw then loop ;
         : g ['] f catch . 5 0 do i . loop ; g newline"
  ok_output '9 0 1 2 3 4 '
}

@test "abort is code -1" {
  run_e ": f abort ; : g ['] f catch . ; g newline"
  ok_output '-1 '
}

@test "abort\" with a true flag throws -2" {
  run_e ": f -1 abort\" nope\" ; : g ['] f catch . ; g newline"
  ok_output '-2 '
}

@test "abort\" with a false flag does nothing" {
  run_e ": f 0 abort\" nope\" 4 ; : g ['] f catch .s ; g newline"
  ok_output '<2> 4 0 '
}

@test "an uncaught throw prints its code and the backtrace, innermost first" {
  run --separate-stderr incant -e ': f 5 throw ; : g f ; g'
  assert_status 1
  assert_stderr $'-e:1:23: error 5: error\n  in f (-e:1)\n  in g (-e:1)'
}

@test "uncaught -1 throw prints aborted" {
  run --separate-stderr incant -e '-1 throw'
  assert_status 1
  assert_stderr '-e:1:4: error -1: aborted'
}

@test "uncaught abort\" prints its message and the backtrace" {
  run --separate-stderr incant -e ': f abort" bad" ; 1 f'
  assert_status 1
  assert_stderr $'-e:1:21: error: bad\n  in f (-e:1)'
}

@test "fail prints its string as the error message" {
  run --separate-stderr incant -e ': f s" gone wrong" fail ; f'
  assert_status 1
  assert_stderr $'-e:1:27: error: gone wrong\n  in f (-e:1)'
}

@test "an error deep in nested words shows every caller" {
  run --separate-stderr incant -e ': a 1 0 / ; : b a ; : c b ; c'
  assert_status 1
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr $'-e:1:29: error -10: division by zero\n  in /%\n  in / (core/core.e:N)\n  in a (-e:1)\n  in b (-e:1)\n  in c (-e:1)'
}

@test "a negative +loop includes the limit" {
  run_e ': f -3 0 do i . -1 +loop ; f newline'
  ok_output '0 -1 -2 -3 '
}

@test "fail caught by catch gives -2" {
  run_e ": f s\" x\" fail ; : g ['] f catch . ; g newline"
  ok_output '-2 '
}

@test "an if without then is a control structure mismatch at ;" {
  run_e ": f ( -- ) 1 if 2 ;"
  assert_status 1
  assert_output "-e:1:19: error -22: control structure mismatch: f is unfinished: a control structure is missing its end or its start"
}

@test "a begin without its end is a control structure mismatch at ;" {
  run_e ": g ( -- ) begin 1 ;"
  assert_status 1
  assert_output "-e:1:20: error -22: control structure mismatch: g is unfinished: a control structure is missing its end or its start"
}
