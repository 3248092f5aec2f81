#!/usr/bin/env bats
# Wordlists and the search order; the prelude's public face is what
# docs/words.md documents, its machinery is in per-library wordlists.

load helper

DOCS="$BATS_TEST_DIRNAME/../docs/words.md"

# The names docs/words.md shows in backticks.
documented() { grep -o '`[^`]*`' "$DOCS" | tr -d '`' | tr ' ' '\n' | grep -v '^$' | sort -u; }

@test "every word in view is documented in docs/words.md" {
  documented > "$BATS_TEST_TMPDIR/documented.txt"
  "$INCANT" -e words < /dev/null | tr ' ' '\n' | grep -v '^$' | sort -u > "$BATS_TEST_TMPDIR/in-view.txt"
  [ "$(wc -l < "$BATS_TEST_TMPDIR/in-view.txt")" -gt 250 ]
  run comm -23 "$BATS_TEST_TMPDIR/in-view.txt" "$BATS_TEST_TMPDIR/documented.txt"
  assert_output ""
}

@test "internals are out of view: an undefined word, not a crash" {
  run_e '4 previous-handler'
  assert_status 1
  assert_output "-e:1:3: error -13: undefined word: previous-handler"
  run_e 'enc-rex'
  assert_output "-e:1:1: error -13: undefined word: enc-rex"
  run_e 'in-fault'
  assert_output "-e:1:1: error -13: undefined word: in-fault"
}

@test "words lists far fewer names than words ALL, which shows each library's internals" {
  local public all
  public=$("$INCANT" -e words < /dev/null | wc -w)
  all=$("$INCANT" -e 'words ALL' < /dev/null | wc -w)
  [ "$all" -gt $((public + 200)) ]
  run bash -c "'$INCANT' -e 'words ALL' < /dev/null | grep ':\$'"
  assert_output "forth:
standard:
environment:
core-internals:
standard-internals:
profile-internals:
timers-internals:
system-internals:
files-internals:
heap-internals:
strings-internals:
numbers-internals:
help-internals:
debug-internals:
disasm-internals:
faults-internals:
barriers-internals:
signals-internals:
linux-internals:
asm-internals:"
}

@test "words PATTERN lists the words in view whose names contain it" {
  run_e 'words signal-re' 'bye'
  ok_output "signal-return-trampoline "
  run_e 'words nosuchthing' 'bye'
  ok_output ""
}

@test "words takes its pattern only from its own line" {
  put w.e $'words\n1 2 + .\n'
  in_tmp
  run "$INCANT" w.e
  assert_status 0
  [ "${lines[-1]}" = "3 " ]
}

@test "also brings a library's internals into view, previous takes them away" {
  run_e "also asm-internals ' enc-rex entry-name emitstring space previous ' enc-rex"
  assert_status 1
  assert_output "enc-rex -e:1:69: error -13: undefined word: enc-rex"
}

@test "code compiled before keeps working: the prelude's words call their internals" {
  run_e 'code add9 9 :rax mov-reg64-imm32 :rax :rsp 0 add-mem64-reg64 end-code 1 add9 .'
  ok_output "10 "
}

@test "a new wordlist: definitions go into it, the search order finds them first" {
  run_e 'wordlist constant mine
         mine set-current : dup ( x -- x x x ) 0 pick 0 pick ; forth-wordlist set-current
         1 dup .s
         get-order mine swap 1+ set-order 2 dup .s
         previous 3 dup .s'
  ok_output "<2> 1 1 <5> 1 1 2 2 2 <7> 1 1 2 2 2 3 3 "
}

@test "redefining a word in another wordlist does not warn" {
  run --separate-stderr "$INCANT" -e 'wordlist set-current : dup 1 ; forth-wordlist set-current'
  assert_status 0
  assert_stderr ''
}

@test "get-order, set-order, only, also, definitions, order" {
  run_e 'get-order . . order
         vocabulary extra also extra definitions : hi ." hi" ; order hi
         only order forth hi'
  assert_status 1
  assert_output "1 1 forth   (definitions: forth)
extra forth   (definitions: extra)
hiforth   (definitions: extra)
-e:3:27: error -13: undefined word: hi"
}

@test "search-wordlist gives xt 1 for an immediate word, xt -1 for another, 0 when absent" {
  run_e "s\" dup\" dup strlen forth-wordlist search-wordlist . ' dup entry-to-execution-token = .
         s\" then\" dup strlen forth-wordlist search-wordlist . drop
         s\" enc-rex\" dup strlen forth-wordlist search-wordlist ."
  ok_output "-1 -1 1 0 "
}

@test "a bad wordlist or too long a search order is an error" {
  run_e '999 set-current'
  assert_status 1
  assert_output "-e:1:5: error: not a wordlist: 999"
  run_e '1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 17 set-order'
  assert_output "-e:1:38: error -49: search-order overflow: at most 16 wordlists"
}
