#!/usr/bin/env bats
# The start-up image (boot/snapshot.c): incant starts from what
# incant-stage1 built by interpreting the prelude.  The image stores some
# regions transformed (the hash index as entry numbers, ENTRIES and the
# line table as differences, the entries' links and the xt map not at
# all, the word reference compressed until asked for); each test below
# compares what one of them serves with what incant-stage1, which built
# it all from source, gives.

load helper

STAGE1="$BATS_TEST_DIRNAME/../incant-stage1"

setup() {
  [ -x "$STAGE1" ] || skip "incant-stage1 is built by make"
}

# same_from_both CODE...: incant and incant-stage1 print the same for the
# -e options CODE (stdout and stderr), and it is not empty.
same_from_both() {
  local args=() code
  for code in "$@"; do args+=(-e "$code"); done
  run "$INCANT" "${args[@]}"
  local from_image=$output
  run "$STAGE1" "${args[@]}"
  [ -n "$output" ] || { echo "nothing printed" >&2; return 1; }
  [ "$output" = "$from_image" ] || {
    printf 'incant printed:\n%s\nincant-stage1:\n%s\n' "$from_image" "$output" >&2
    return 1
  }
}

# The prelude's plain names (no characters a script would have to quote).
plain_names() {
  "$INCANT" -e words | tr ' ' '\n' | grep -E '^[a-z][a-z0-9-]*$'
}

@test "the image lists the same words, newest first, as the prelude builds (the links)" {
  same_from_both "words"
}

@test "every word the image lists is found by name, as the same execution token (the hash index)" {
  local script="" n count=0
  for n in $(plain_names); do script+="' $n . "; count=$((count + 1)); done
  [ "$count" -gt 100 ]
  same_from_both "$script"
}

@test "see shows every word of the image as the prelude built it (the xt map)" {
  local script="" n
  for n in $(plain_names); do script+="see $n "; done
  same_from_both "$script"
  [[ $output == *": handle-crash "* ]]
}

@test "an error in a prelude word names its file and line as the prelude's source does (the line table)" {
  same_from_both ": t ( -- ) 0 0 / ;" "t"
  [[ $output == *"in / (core/core.e:"* ]]
  same_from_both ": t ( -- ) s\" nofile\" r/o open-file ;" "t"
  [[ $output == *"(lib/files.e:"* ]]
}

@test "help and apropos read the same word reference from the image (decompressed on first use)" {
  same_from_both "help dup" "help see"
  [[ $output == *"dup ( x -- x x )"* ]]
  same_from_both "apropos stack"
}
