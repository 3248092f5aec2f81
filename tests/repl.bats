#!/usr/bin/env bats
# The REPL: incant with no script reads Forth from standard input.

load helper

BANNER='incant -- a Forth for x86-64 Linux.  `bye` or Ctrl-D leaves.'

@test "piped REPL runs each line and prints no prompt or banner" {
  run incant_in $'1 2 + . newline\n: sq dup * ;\n7 sq . newline\n'
  ok_output $'3 \n49 '
}

@test "piped REPL runs a last line that has no newline" {
  run incant_in '5 . newline'
  ok_output '5 '
}

@test "empty input ends the REPL with status 0 and no output" {
  run incant_in ''
  ok_output ''
}

@test "blank lines are fine" {
  run incant_in $'\n\n   \n1 . newline\n\n'
  ok_output '1 '
}

@test "piped REPL reports an error on stderr and goes on with the next line" {
  run --separate-stderr incant_in $'1 . newline\nfoo\n2 . newline\n'
  assert_status 0
  assert_output $'1 \n2 '
  assert_stderr '<stdin>:2:1: error -13: undefined word: foo'
}

@test "piped REPL goes on after several errors and still exits 0" {
  run --separate-stderr incant_in $'foo\nbar\n1 0 /\n3 . newline\n'
  assert_status 0
  assert_output '3 '
  [ "${#stderr_lines[@]}" -eq 5 ]
  [ "${stderr_lines[0]}" = '<stdin>:1:1: error -13: undefined word: foo' ]
  [ "${stderr_lines[1]}" = '<stdin>:2:1: error -13: undefined word: bar' ]
  [ "${stderr_lines[2]}" = '<stdin>:3:5: error -10: division by zero' ]
  [ "${stderr_lines[3]}" = '  in /%' ]
}

@test "an error in the REPL shows the backtrace of the words defined there" {
  run --separate-stderr incant_in $': f 1 0 / ;\n\n\n  f\n'
  assert_status 0
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr $'<stdin>:4:3: error -10: division by zero\n  in /%\n  in / (core/core.e:N)\n  in f (<stdin>:1)'
}

@test "an error resets the value stack" {
  run --separate-stderr incant_in $'1 2 3\nfoo\ndepth . newline\n'
  assert_status 0
  assert_output '0 '
}

@test "an error resets the control stack" {
  run --separate-stderr incant_in $'rp@ . newline\n: f 1 >r 2 >r 3 >r 1 0 / ;\nf\nrp@ . newline\n'
  assert_status 0
  [ "${#lines[@]}" -eq 2 ]
  [ "${lines[0]}" = "${lines[1]}" ]
}

@test "an error in the middle of a definition returns to interpreting" {
  run --separate-stderr incant_in $': half 1\nfoo\n2 . newline\n'
  assert_status 0
  assert_output '2 '
  assert_stderr '<stdin>:2:1: error -13: undefined word: foo'
}

@test "words defined before an error stay defined" {
  run --separate-stderr incant_in $': sq dup * ;\nfoo\n5 sq . newline\n'
  assert_status 0
  assert_output '25 '
}

@test "an error inside an included file is reported there, then the REPL reads stdin again" {
  put lib.e $'1 . newline\n\n  nosuchword\n99 . newline\n'
  in_tmp
  run --separate-stderr incant_in $'include lib.e\n2 . newline\n'
  assert_status 0
  assert_output $'1 \n2 '
  assert_stderr $'lib.e:3:3: error -13: undefined word: nosuchword\n  included from <stdin>:1'
}

@test "output printed before an error comes before the error message" {
  run incant_in $'." a" foo\n." b" newline\n'
  assert_status 0
  assert_output $'a<stdin>:1:7: error -13: undefined word: foo\nb'
}

@test "a stack underflow in the REPL is reported and the REPL goes on" {
  run --separate-stderr incant_in $'1 . newline\n  drop drop\n2 . newline\n'
  assert_status 0
  assert_output $'1 \n2 '
  [ "${stderr_lines[0]}" = '<stdin>:2:3: error -4: value stack underflow' ]
}

@test "Ctrl-C while the REPL waits for a line discards it and the REPL goes on" {
  in_tmp
  mkfifo in.fifo
  "$INCANT" -i < in.fifo > out.txt 2>&1 &
  local pid=$!
  exec 8> in.fifo
  echo '1 2 + .' >&8
  for _ in $(seq 200); do grep -q "3  ok" out.txt && break; sleep 0.01; done
  kill -INT $pid
  for _ in $(seq 200); do grep -q "interrupted" out.txt && break; sleep 0.01; done
  echo '6 7 * .' >&8
  exec 8>&-
  local status=0
  wait $pid || status=$?
  assert_status 0
  run cat out.txt
  assert_output "$BANNER
3  ok
interrupted
42  ok"
}

@test "bye ends the REPL with status 0, ignoring the rest of the input" {
  run incant_in $'1 . bye 2 .\n3 .\n'
  ok_output '1 '
}

@test "end of input after an error ends the REPL with status 0" {
  run --separate-stderr incant_in $'foo\n'
  assert_status 0
  assert_output ''
}

@test "sys-exit in the REPL exits with its status" {
  run incant_in $'." x" 7 sys-exit\n." y"\n'
  assert_status 7
  assert_output 'x'
}

@test "-i forces the interactive REPL: banner, then ' ok' after each line" {
  run incant_in $'1 2 + .\n\n' -i
  ok_output "$BANNER"$'\n3  ok\n ok'
}

@test "-i prints no ' ok' for a line that ends inside a definition" {
  run incant_in $': f\n1 .\n;\nf\n' -i
  ok_output "$BANNER"$'\n\n\n ok\n1  ok'
}

@test "-i prints no ' ok' after a line with an error" {
  run --separate-stderr incant_in $'foo\n1 .\n' -i
  assert_status 0
  assert_output "$BANNER"$'\n1  ok'
  assert_stderr '<stdin>:1:1: error -13: undefined word: foo'
}

@test "the REPL flushes its output before waiting for the next line" {
  in_tmp
  mkfifo in out
  "$INCANT" <in >out 3>&- &
  local pid=$!
  exec 5>in 6<out
  echo '." hi" newline' >&5
  local line=''
  read -r -t 5 line <&6 || true
  echo bye >&5
  exec 5>&- 6<&-
  wait "$pid"
  [ "$line" = hi ]
}

@test "-e code runs before the REPL reads stdin" {
  run incant_in $'2 . newline\n' -e '1 . newline'
  ok_output $'1 \n2 '
}

@test "words defined by -e are available in the REPL" {
  run incant_in $'4 sq . newline\n' -e ': sq dup * ;'
  ok_output '16 '
}

# long_line BYTES TEXT: TEXT, then blanks up to BYTES bytes, then a newline
long_line() {
  printf '%s' "$2"
  head -c $(($1 - ${#2})) /dev/zero | tr '\0' ' '
  printf '\n'
}

@test "a REPL line longer than 64 KiB is read whole" {
  run bash -c "{ printf '1 %.0s' \$(seq 50000); printf '\ndepth . newline\n'; } | '$INCANT'"
  ok_output '50000 '
}

@test "a REPL line of 16 MiB, the limit, runs; one byte more is an error naming the limit, and the REPL goes on" {
  in_tmp
  { long_line $((16 << 20)) '7 . '; printf '8 .\n'; } > at-limit.txt
  { long_line $(((16 << 20) + 1)) '7 . '; printf '8 .\n'; } > past-limit.txt
  run --separate-stderr bash -c "'$INCANT' < at-limit.txt"
  assert_status 0
  assert_output '7 8 '
  assert_stderr ''
  run --separate-stderr bash -c "'$INCANT' < past-limit.txt"
  assert_status 0
  assert_output '8 '
  assert_stderr '<stdin>:1:1: error -18: line too long: longer than the 16 MiB limit for a line; skipped'
}
