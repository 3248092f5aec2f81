#!/usr/bin/env bats
# The line editor: incant at a terminal (a tmux window), keys in, the
# screen and what the interpreter did out.  See tests/tty.bash.

load helper
load tty

setup() { tty_start; }
teardown() { tty_stop; }

@test "typed text runs as a line: the REPL answers ok" {
  incant_start
  line '1 2 + .'
  wait_screen '^1 2 \+ \.$'
  wait_screen '^3  ok$'
}

@test "Left moves the cursor back and typing inserts there" {
  incant_start
  type_text '1 2'
  keys Left Left
  type_text '9'
  wait_screen '^19 2$'
  keys End
  type_text ' + .'
  enter
  wait_screen '^21  ok$'
}
