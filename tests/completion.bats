#!/usr/bin/env bats
# Shell completion for the command line (completions/): bash's is run
# here, as bash runs it, with COMP_WORDS and COMP_CWORD set; zsh's is
# checked for syntax and for binding itself to incant (skipped without zsh).

load helper

COMPLETIONS="$BATS_TEST_DIRNAME/../completions"

# what a script's name completes to in the directory setup makes
SOURCES="hello.e
lib
old.fth
older.4th
two words.e
words.fs"

setup() {
  in_tmp
  mkdir lib
  touch hello.e words.fs old.fth older.4th notes.txt 'two words.e'
  source "$COMPLETIONS/incant.bash"
}

# complete WORD...: complete the last WORD of `incant WORD...`; the
# candidates, sorted, one a line, become $output.
complete_incant() {
  COMP_WORDS=(incant "$@")
  COMP_CWORD=$#
  COMPREPLY=(unchanged)
  _incant
  output=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort)
}

@test "bash: the completion is bound to incant" {
  run complete -p incant
  assert_output "complete -o filenames -F _incant incant"
}

@test "bash: a first word offers the source files and directories" {
  complete_incant ""
  assert_output "$SOURCES"
  complete_incant "ol"
  assert_output "old.fth
older.4th"
}

@test "bash: a word starting with - offers the options, every one incant --help lists" {
  complete_incant "-"
  local listed
  listed=$( { echo --; "$INCANT" --help | grep -oE '^ +-[-a-z]+(, -[-a-z]+)?' |
             tr ',' '\n' | tr -d ' '; } | sort)
  [ -n "$listed" ]
  assert_output "$listed"
  complete_incant "--v"
  assert_output "--version"
}

@test "bash: the word after -e is code, and nothing is offered" {
  complete_incant -e ""
  assert_output ""
  complete_incant -i -e "1 ." -e "h"
  assert_output ""
}

@test "bash: after -e CODE, options and source files again" {
  complete_incant -e "1 ." ""
  assert_output "$SOURCES"
  complete_incant -e "1 ." "-i" "--h"
  assert_output "--help"
}

@test "bash: after the script, its arguments are any file" {
  complete_incant hello.e ""
  assert_output "hello.e
lib
notes.txt
old.fth
older.4th
two words.e
words.fs"
  complete_incant hello.e -e "n"
  assert_output "notes.txt"
}

@test "bash: after --, the next word is the script even when it starts with -" {
  complete_incant -- "-"
  assert_output ""
  complete_incant -- "h"
  assert_output "hello.e"
  complete_incant -- -e "n"
  assert_output "notes.txt"
}

@test "zsh: _incant is valid zsh and compinit binds it to incant" {
  need_tool zsh "the zsh completion is checked with zsh"
  run zsh -n "$COMPLETIONS/_incant"
  assert_status 0
  assert_output ""
  run zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -D
    print -r -- $_comps[incant]' zsh "$COMPLETIONS"
  assert_status 0
  assert_output "_incant"
}
