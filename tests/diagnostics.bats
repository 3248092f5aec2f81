#!/usr/bin/env bats
# Error messages point at the user's code: the word, the file and line,
# what was expected; never at the prelude's machinery.

load helper

@test "then, loop, repeat, until without their start are -22 at the user's word" {
  run_e ': x ( -- ) 1 then ;'
  assert_status 1
  assert_output "-e:1:14: error -22: control structure mismatch: then without a matching if"
  run_e ': x ( -- ) 3 0 2 loop ;'
  assert_output "-e:1:18: error -22: control structure mismatch: loop without a matching do"
  run_e ': x ( -- ) begin 1 repeat ;'
  assert_output "-e:1:20: error -22: control structure mismatch: repeat without a matching while"
  run_e ': x ( -- ) 1 until ;'
  assert_output "-e:1:14: error -22: control structure mismatch: until without a matching begin"
  run_e ': x ( -- ) else ;'
  assert_output "-e:1:12: error -22: control structure mismatch: else without a matching if"
}

@test "crossed control structures are -22, and the REPL carries on" {
  run bash -c "printf '%s\n' ': x 1 if begin then again ;' ': y 5 0 do 1 if loop then ;' '7 .' | '$INCANT' 2>&1"
  assert_status 0
  assert_output "<stdin>:1:16: error -22: control structure mismatch: then without a matching if
<stdin>:2:17: error -22: control structure mismatch: loop without a matching do
7 "
}

@test "numbers left on the stack before : are not taken for a structure" {
  run_e '1 2 3 : x then ;'
  assert_output "-e:1:11: error -22: control structure mismatch: then without a matching if"
}

@test "a structure left open is -22 at ;" {
  run_e ': x 1 if 2 ;'
  assert_output "-e:1:12: error -22: control structure mismatch: x is unfinished: a control structure is missing its end or its start"
}

@test "every control structure still compiles and runs" {
  run_e ': a ( n -- ) dup 0> if 1 else 2 then . ;  5 a -5 a
         : b ( -- ) 0 begin 1+ dup 3 = until . ; b
         : c ( -- ) 0 begin dup 3 < while 1+ repeat . ; c
         : d ( -- ) 4 0 do i . loop 10 0 ?do i . 5 +loop ; d
         : e ( -- ) begin 1 while 2 . exit repeat ; e
         : f ( n -- ) begin dup while dup 5 < while 1- repeat 99 . then . ; 3 f 7 f
         : g ( -- ) 3 0 do 2 0 do i j + . loop loop ; g'
  ok_output "1 2 3 3 0 1 2 3 0 5 2 0 99 7 0 1 1 2 2 3 "
}

@test "; outside a definition is an error at its position" {
  run_e ': a 1 ; ;'
  assert_status 1
  assert_output "-e:1:9: error -14: interpreting a compile-only word: ;"
}

@test "a file that ends inside a definition is an error naming it, and the including file is not swallowed" {
  put lib.e $': half ( n -- n )\n  2 /\n'
  put main.e $'include lib.e\n: after 42 . ;\nafter\n'
  in_tmp
  run "$INCANT" main.e
  assert_status 1
  assert_output "lib.e:2:5: error -39: unexpected end of file: the definition of half (line 1) is missing its ;
  included from main.e:1"
}

@test "a script that ends inside a definition is an error" {
  put s.e $'1 . : sq dup *\n'
  in_tmp
  run "$INCANT" s.e
  assert_status 1
  assert_output "1 s.e:1:14: error -39: unexpected end of file: the definition of sq (line 1) is missing its ;"
}

@test "a definition left open between [ and ] at a file's end is the same error" {
  put b.e $': five [ 5
'
  in_tmp
  run "$INCANT" b.e
  assert_status 1
  assert_output "b.e:1:10: error -39: unexpected end of file: the definition of five (line 1) is missing its ;"
}

@test "standard input that ends inside a definition is an error; one closed on a later line is not" {
  run bash -c "printf ': sq dup *\n' | '$INCANT'"
  ok_output "<stdin>:1:10: error -39: unexpected end of file: the definition of sq (line 1) is missing its ;"
  run bash -c "printf ': sq\ndup * ;\n3 sq .\n' | '$INCANT'"
  ok_output "9 "
}

@test "an unclosed ( is an error, in a file and at the REPL" {
  put c.e $'1 . ( a comment that never\nends\n'
  in_tmp
  run "$INCANT" c.e
  assert_status 1
  assert_output "1 c.e:1:5: error: missing closing )"
  run bash -c "printf '( open\n2 .\n' | '$INCANT' 2>&1"
  assert_output "<stdin>:1:1: error: missing closing )
2 "
}

@test "an error in an included file says where each include came from" {
  put a/inner.e $'1 0 /\n'
  put a/mid.e $'\n include inner.e\n'
  put main.e $'." start " \ninclude a/mid.e\n'
  in_tmp
  run "$INCANT" main.e
  assert_status 1
  output=$(core_lines <<<"$output")
  assert_output "start a/inner.e:1:5: error -10: division by zero
  included from a/mid.e:2
  included from main.e:2
  in /%
  in / (core/core.e:N)"
}

@test "a long chain of sources counts repeated lines and always ends with the user's own" {
  # the chain had 600 bytes: 30 levels of evaluate filled it with the same
  # line, cut the last mid-line and lost where the user's file began it
  put e.fs $': nest dup 0> if 1- s" nest" evaluate else drop s" xyzzy" evaluate then ;\n30 nest\n'
  in_tmp
  run "$INCANT" e.fs
  assert_status 1
  assert_output "<evaluate>:1:1: error -13: undefined word: xyzzy
  evaluated from <evaluate>:1
  ... the same 29 more times
  evaluated from e.fs:2
  in nest (e.fs:1)
  in nest (e.fs:1)
  ... the same 29 more times"
  # 70 files each including the next: the innermost lines, a count, the first
  for i in $(seq 0 69); do put "i$i.fs" "include i$((i + 1)).fs"; done
  put i70.fs 'xyzzy'
  run "$INCANT" i0.fs
  assert_status 1
  [[ "$output" == *$'\n  ... and '*$' more\n  included from i0.fs:1' ]]
}

@test "an underflow in a C primitive names the primitive, not execute, and no signal" {
  local w
  for w in emit type emitstring fail; do
    run_e "$w"
    assert_status 1
    assert_output "-e:1:1: error -4: value stack underflow
  in $w"
  done
  run_e ': t ( -- ) emit ; t'
  assert_output "-e:1:19: error -4: value stack underflow
  in emit
  in t (-e:1)"
}

@test "a name longer than 255 bytes is error -19 with its standard text, not a second \"error:\"" {
  local long=$(printf 'a%.0s' {1..256})
  run --separate-stderr "$INCANT" -e ": $long 1 ;"
  assert_status 1
  assert_stderr "-e:1:3: error -19: definition name too long: names are at most 255 bytes"
}
