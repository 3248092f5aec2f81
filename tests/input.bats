#!/usr/bin/env bats
# Input: source and >in, key, key? and accept; and the standard's
# addr len strings (count, compare, search, /string, pad).

load helper
load tty

teardown() { tty_stop; }

# ---- source and >in ----

@test "source is the line being read of a file; >in is the offset in it" {
  put s.e ': rest ( -- ) source >in @ /string type  source nip >in ! ;
1 . rest   the rest of this line
source type
2 . >in @ .'
  in_tmp
  run "$INCANT" s.e
  ok_output "1   the rest of this linesource type2 10 "
}

@test "setting >in to the end of the line skips the rest of it, in a file or at the REPL" {
  put skip.e ': skip ( -- ) source nip >in ! ; immediate
1 . skip 2 .
3 . : f ( -- ) 4 . skip 5 .
6 . ; f'
  in_tmp
  run "$INCANT" skip.e
  ok_output "1 3 4 6 "   # skip ran inside f: "5 ." is skipped, "6 ." compiled
  run incant_in $': skip ( -- ) source nip >in ! ; immediate\n1 . skip 2 .\n3 .\n'
  ok_output "1 3 "
}

@test "setting >in back interprets text again, and errors still name the right line" {
  put again.e 'variable n
: again? ( -- ) 1 n +! n @ 3 < if 0 >in ! then ;
n @ . again?
oops'
  in_tmp
  run "$INCANT" again.e
  assert_status 1
  assert_output "0 1 2 again.e:4:1: error -13: undefined word: oops"
}

@test "in evaluate, source is the whole string and >in counts in it" {
  run_e "s\" 1 2 + . >in @ . source nip .\" dup strlen evaluate
         : f ( -- ) s\" 7 >in @ .\" dup strlen evaluate . ;  f"
  ok_output "3 14 28 8 7 "
}

@test "an evaluate that moves >in leaves the including text's position alone" {
  run_e "s\" 100 >in !\" dup strlen evaluate 5 ."
  ok_output "5 "
}

@test ">in beyond the line is the end of it; a line after it is read as usual" {
  put big.e '1 . 1000000 >in ! 2 .
3 .'
  in_tmp
  run "$INCANT" big.e
  ok_output "1 3 "
}

@test "parse-name after moving >in reads from the new place" {
  run_e ": next-word ( -- ) >in @ 4 + >in ! parse-name emitstring ;  next-word abc def ghi"
  assert_status 1
  [[ "$output" == "def-e:1:"*"undefined word: ghi" ]]
}

# ---- key, key?, accept ----

@test "key reads the bytes after the line that runs it; -1 at the end" {
  run incant_in $'key . key . key . key .\nAB\n'
  ok_output "65 66 10 -1 "
}

@test "accept reads a line into a buffer, at most n bytes of it, without the newline" {
  run incant_in $'100 buffer: b  b 100 accept .  b 5 type  b 3 accept .  b 3 type  b 9 accept .\nhello world\nabcdefgh\n'
  ok_output "11 hello3 abc0 "
}

@test "key? is true when a byte is there and at the end of input; false on an empty pipe" {
  run incant_in $'key? . key .\nx'
  ok_output "-1 120 "
  echo 'key? . key . key? .' > "$BATS_TEST_TMPDIR/k.e"
  run "$INCANT" "$BATS_TEST_TMPDIR/k.e" < /dev/null
  ok_output "-1 -1 -1 "
  run bash -c '(sleep 2) | "$INCANT" -e "key? . bye"'
  ok_output "0 "
}

@test "a script reads its data from standard input with key and accept" {
  put read.e '100 buffer: b
b 100 accept b swap type newline key . key .'
  in_tmp
  run bash -c 'printf "first line\nZ" | "$INCANT" read.e'
  ok_output "first line
90 -1 "
}

@test "key on a terminal takes one key as it is pressed, unechoed; the terminal is cooked again after" {
  need_tool tmux "key reads from a terminal"
  tty_start
  put k.e '.( go) cr key . key . cr .( done) cr'
  type_text "$INCANT $BATS_TEST_TMPDIR/k.e"
  keys Enter
  wait_screen '^go$'
  type_text "a"
  wait_screen '^97$'      # the a is not echoed
  type_text "b"
  wait_screen '^done$'
  screen_has '^97 98$'
  wait_cooked
}

@test "Ctrl-C during key on a terminal interrupts the script" {
  need_tool tmux "key reads from a terminal"
  tty_start
  put k.e '.( go) cr key . .( not reached)'
  type_text "$INCANT $BATS_TEST_TMPDIR/k.e; echo status \$?"
  keys Enter
  wait_screen '^go$'
  keys C-c
  wait_screen '^status 130$'
  screen_lacks 'not reached'
  wait_cooked
}

# ---- strings ----

@test "count gives a counted string's text" {
  run_e "pad 3 over c! 1+ s\" abc\" swap 3 move  pad count . c@ ."
  ok_output "3 97 "
}

@test "compare orders strings by their bytes, a prefix first" {
  run_e ": s ( str -- addr len ) dup strlen ;
         s\" abc\" s s\" abd\" s compare .  s\" abd\" s s\" abc\" s compare .
         s\" abc\" s s\" abc\" s compare .  s\" ab\" s s\" abc\" s compare .
         s\" abc\" s s\" ab\" s compare .  s\" \" s s\" \" s compare .
         s\" \" s s\" a\" s compare .  s\" a\" s 2dup compare ."
  ok_output "-1 1 0 -1 1 0 -1 0 "
}

@test "compare takes bytes as unsigned" {
  run_e "pad 200 over c! 1 pad 1+ c!  pad 1 pad 1+ 1 compare ."
  ok_output "1 "
}

@test "compare and search refuse a negative length (-24) instead of reading on through memory" {
  run_e ": s ( str -- addr len ) dup strlen ;
         : t ( xt -- ) catch . depth . ;
         : c1 s\" abc\" s s\" abc\" -1 compare ;  ' c1 entry-to-execution-token t
         : c2 s\" abc\" -1 s\" abc\" s compare ;  ' c2 entry-to-execution-token t
         : s1 s\" abcabc\" s s\" c\" -1 search ;  ' s1 entry-to-execution-token t
         : s2 s\" abcabc\" -1 s\" c\" s search ;  ' s2 entry-to-execution-token t"
  ok_output "-24 0 -24 0 -24 0 -24 0 "
}

@test "search finds the first match and gives the rest, or the whole and false" {
  run_e ": s ( str -- addr len ) dup strlen ;
         s\" hello world\" s s\" o\" s search . type space
         s\" hello world\" s s\" world\" s search . type space
         s\" hello\" s s\" xyz\" s search . type space
         s\" hi\" s s\" hi!\" s search . type space
         s\" hi\" s s\" \" s search . type space
         s\" \" s s\" \" s search . .
         s\" aaab\" s s\" aab\" s search . type"
  ok_output "-1 o world -1 world 0 hello 0 hi -1 hi -1 0 -1 aab"
}

@test "/string steps into a string" {
  run_e "s\" abcdef\" dup strlen 2 /string type space  s\" abc\" dup strlen 3 /string . drop"
  ok_output "cdef 0 "
}

@test "pad is a scratch area of 1024 bytes of its own" {
  run_e "pad 1024 char x fill  pad 1023 + c@ .  pad here @ <> ."
  ok_output "120 -1 "
}

@test "evaluate of a negative length is error -24, and interprets nothing" {
  run --separate-stderr incant -e 's" 1 ." -1 evaluate'
  assert_status 1
  assert_output ""
  assert_stderr "-e:1:12: error -24: invalid numeric argument: evaluate -1: a length cannot be negative"
  run incant -e ': f s" 1 ." -1 evaluate ; : g ['"'"'] f catch . ; g 2 .'
  ok_output "-24 2 "
}
