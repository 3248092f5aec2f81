#!/usr/bin/env bats
# help and apropos (lib/help.e): the word reference, docs/words.md, as
# embedded in the binary at build time.

load helper

# line numbers of prelude words change as the files grow
prelude_lines() { sed -E 's/defined in (core|asm|lib)\/([a-z0-9_-]+)\.e:[0-9]+/defined in \1\/\2.e:N/'; }

@test "help shows a primitive's stack effect and says it is a primitive" {
  run_e "help dup"
  ok_output "dup ( x -- x x )
  copy the top
  primitive"
}

@test "help finds a word that shares its row with others" {
  run_e "help 2r>"
  assert_status 0
  output=$(prelude_lines <<<"$output")
  assert_output "2>r 2r> ( a b -- ) ( -- a b )
  a pair, *c/o*
  defined in core/core.e:N"
  run_e "help syscall-2"
  output=$(prelude_lines <<<"$output")
  ok_output "syscall-0 syscall-1 syscall-2 syscall-3 syscall-5 syscall-6 ( a1 ... aN nr -- result )
  raw system call: nr on top, the first argument deepest; negative errno on
  failure
  defined in core/prims.e:N"
}

@test "help shows the meaning and the file and line of the definition" {
  run_e "help within"
  assert_status 0
  output=$(prelude_lines <<<"$output")
  assert_output "within ( n lo hi -- flag )
  lo <= n < hi, round the wrap when lo > hi: (n-lo) u< (hi-lo)
  defined in core/core.e:N"
  # the line is the definition's own
  local line
  line=$(grep -n '^: within ' "$BATS_TEST_DIRNAME/../core/core.e" | cut -d: -f1)
  run_e "help within"
  [ "${lines[2]}" = "  defined in core/core.e:$line" ]
}

@test "help shows an escaped bar in the reference as a bar" {
  run_e "help ?dup"
  ok_output "?dup ( x -- x x | 0 )
  dup unless zero
  primitive"
}

@test "help shows every row of a word in several, and wraps at 78 columns" {
  run_e "help begin"
  assert_status 0
  output=$(prelude_lines <<<"$output")
  assert_output "begin until ( -- ) ( flag -- )
  run the loop again until flag is true
begin again ( -- )
  loop for ever; leave with \`exit\` or \`throw\`
begin while repeat ( -- ) ( flag -- ) ( -- )
  loop while flag is true: a false flag leaves past \`repeat\`; each further
  \`while\` out of the same loop takes a \`then\` after it
  defined in core/core.e:N"
}

@test "help of a word the reference leaves out says so and where it is" {
  run_e ": my-word ( -- ) ;
         help my-word"
  ok_output "help: my-word is not documented
  defined in -e:1"
  run_e "also core-internals help digit"
  assert_status 0
  output=$(prelude_lines <<<"$output")
  assert_output "help: digit is not documented
  defined in core/core.e:N"
}

@test "help of an unknown word is error -13" {
  run --separate-stderr incant -e "help no-such-word"
  assert_status 1
  stderr=$(core_lines <<<"$stderr")
  assert_stderr "-e:1:6: error -13: undefined word: no-such-word
  in help (lib/help.e:N)"
}

@test "help works from any directory: the reference is in the binary" {
  cd "$BATS_TEST_TMPDIR"
  run "$INCANT" -e "help apropos"
  ok_output "apropos ( \"text\" -- )
  every word this page documents whose name or meaning holds text, ignoring
  case, one a line with its stack effect
  defined in lib/help.e:$(grep -n '^: apropos ' "$BATS_TEST_DIRNAME/../lib/help.e" | cut -d: -f1)"
}

@test "every word the reference documents exists, and help finds its row" {
  # the names, as help reads them
  run_e "also help-internals" ": names ( -- ) rewind-reference begin next-row while
           rewind-names begin next-name while type newline repeat repeat ; names"
  assert_status 0
  local names=("${lines[@]}")
  [ "${#names[@]}" -gt 300 ]
  local prog="" name
  for name in "${names[@]}"; do prog+="help $name"$'\n'; done
  printf '%s' "$prog" >"$BATS_TEST_TMPDIR/all.e"
  run "$INCANT" "$BATS_TEST_TMPDIR/all.e"
  assert_status 0
  [[ "$output" != *"not documented"* ]]
}

@test "apropos lists the words whose name or meaning holds the text" {
  run_e "apropos quotient"
  ok_output "/%                  ( a b -- rem quot )
/                   ( a b -- n )
mod                 ( a b -- n )
u/%                 ( a b -- rem quot )
u/                  ( a b -- n )
umod                ( a b -- n )
sm/rem              ( d n -- rem quot )"
  # a name matches by itself: from a row that only one of its names matches
  run_e "apropos 3unroll"
  ok_output "3unroll             ( a b c -- c a b )"
}

@test "apropos ignores case" {
  run_e "apropos QUOTIENT"
  ok_output "/%                  ( a b -- rem quot )
/                   ( a b -- n )
mod                 ( a b -- n )
u/%                 ( a b -- rem quot )
u/                  ( a b -- n )
umod                ( a b -- n )
sm/rem              ( d n -- rem quot )"
}

@test "apropos says when nothing matches, and needs some text" {
  run_e "apropos zzzqqq"
  ok_output "apropos: nothing matches zzzqqq"
  run_e "apropos"
  assert_status 1
  output=$(core_lines <<<"$output")
  assert_output "-e:1:1: error -16: missing name
  in apropos (lib/help.e:N)"
}
