#!/usr/bin/env bats
# The seam between C and the language: every word the C code makes is
# declared once (boot/prims.c, boot/helpers.c: name, flags, stack effect,
# one-line doc).  The reference's rows, the entries' flags and which
# bodies superinstructions copy all come from the declarations, and the
# build checks the declarations against the code.

load helper

ROOT="$BATS_TEST_DIRNAME/.."
# --list-prims is incant-stage1's: incant leaves the declarations' docs out
STAGE1=${INCANT_STAGE1:-$(dirname "$INCANT")/incant-stage1}

@test "every row incant-stage1 --list-prims prints is in docs/words.md as printed" {
  run "$STAGE1" --list-prims
  assert_status 0
  [ "${#lines[@]}" -gt 100 ]
  local row missing=""
  for row in "${lines[@]}"; do
    grep -Fxq -- "$row" "$ROOT/docs/words.md" || missing+="$row"$'\n'
  done
  [ -z "$missing" ] || { printf 'not in docs/words.md:\n%s' "$missing" >&2; return 1; }
}

@test "the C words the reference lists are in view, and help shows their declared meaning" {
  local names
  names=$("$STAGE1" --list-prims | cut -d'|' -f2 | grep -o '`[^`]*`' | tr -d '`' | sort -u)
  [ "$(wc -l <<<"$names")" -gt 100 ]
  "$INCANT" -e words < /dev/null | tr ' ' '\n' | sort -u > "$BATS_TEST_TMPDIR/view"
  run comm -23 <(printf '%s\n' "$names") "$BATS_TEST_TMPDIR/view"
  assert_output ""
  run_e "help 2dup"
  ok_output "2dup ( a b -- a b a b )
  copy the top pair
  primitive"
}

@test "internal C words are declared but out of view" {
  run_e "lit"
  assert_status 1
  assert_output "-e:1:1: error -13: undefined word: lit"
  run_e "(token)"
  assert_output "-e:1:1: error -13: undefined word: (token)"
  run "$STAGE1" --list-prims
  [[ "$output" != *'`lit`'* && "$output" != *'`(token)`'* ]]
}

@test "compile-only and immediate come from the declarations" {
  local w
  for w in exit '>r' 'r>' 'r@' rdrop i j leave unloop ';'; do
    run_e "$w"
    assert_status 1
    assert_output "-e:1:1: error -14: interpreting a compile-only word: $w"
  done
  run_e ": t ( -- n ) 1 ~ 2 +
         3 + ;  t ."
  ok_output "4 "
}

@test "over and c, are fused again: a body's fusion follows its declaration" {
  run_e ": t ( a b -- ) over c, c, ; see t"
  ok_output ": t { over c, c, } ;"
}

@test "the primitives written with the assembler are fused like C's, and keep their checks" {
  run_e ": t ( -- ) 1 2 3 4 2swap 2over 3 roll . . . . . . ; t see t"
  ok_output "2 4 3 1 4 3 : t { 1 2 3 4 2swap 2over 3 roll } . . . . . . ;"
  run_e ": u ( -- ) 0x0102 byte-swap 8 bounds ; see u"
  ok_output ": u { 258 byte-swap 8 bounds } ;"
  run_e ": d ( -- ) 1. 2. d+ d. 3 4 um* d. ; d see d"
  ok_output "3 12 : d { 1 0 2 0 d+ } d. { 3 4 um* } d. ;"
  run_e "also core-internals  code bad ( -- x ) lodsq :rax push-reg64 end-code fusable"
  assert_status 1
  output=$(printf '%s\n' "$output" | core_lines)
  assert_output "-e:1:71: error: fusable: the body reads through rsi (lodsq)
  in check-fusable (core/prims.e:N)
  in record-fusable (core/prims.e:N)
  in fusable (core/prims.e:N)"
}

# A copy of the sources to break on purpose: the build must refuse.
copy_tree() {
  mkdir -p "$BATS_TEST_TMPDIR/src"
  (cd "$ROOT" && cp -r Makefile boot core asm lib docs "$BATS_TEST_TMPDIR/src/")
  rm -f "$BATS_TEST_TMPDIR"/src/boot/*.o "$BATS_TEST_TMPDIR"/src/boot/image.bin
  cd "$BATS_TEST_TMPDIR/src"
}

# stage1: build incant-stage1 quietly and start it; its output, status.
stage1() {
  run bash -c 'make -s -j2 incant-stage1 >/dev/null 2>&1 && ./incant-stage1 -e bye 2>&1'
}

@test "the build stops at a declaration its body does not keep" {
  copy_tree
  stage1
  assert_status 0
  cp boot/prims.c prims.c.orig
  # over ending in a NEXT of its own, as it once did
  perl -0pi -e 's/(prim\("over"\);\n\tx_push_m\(NOS\);\n\t)end_body\(\)/$1x_next()/' boot/prims.c
  ! cmp -s boot/prims.c prims.c.orig
  stage1
  assert_status 2
  assert_output "incant: prims: over is declared fusable, but its body ends in a NEXT of its own"
  # ... and no longer declared fusable: it still could be
  perl -0pi -e 's/\{ "over", D_FUSABLE,/{ "over", 0,/' boot/prims.c
  stage1
  assert_status 2
  assert_output "incant: prims: a superinstruction could copy over: end it with end_body() and declare it D_FUSABLE"
  # a body that reads its operand through rsi declared fusable
  cp prims.c.orig boot/prims.c
  perl -0pi -e 's/\{ "lit", D_INTERNAL,/{ "lit", D_FUSABLE | D_INTERNAL,/' boot/prims.c
  stage1
  assert_status 2
  assert_output "incant: prims: lit is declared fusable, but its body ends in a NEXT of its own"
  # a copyable body not declared fusable
  cp prims.c.orig boot/prims.c
  perl -0pi -e 's/\{ "dup", D_FUSABLE,/{ "dup", 0,/' boot/prims.c
  stage1
  assert_status 2
  assert_output "incant: prims: dup ends in the plain NEXT: declare it D_FUSABLE"
}

@test "the build stops when the declarations outgrow N_HELPERS or MAX_PRIMS" {
  copy_tree
  cp boot/vm.h vm.h.orig
  sed -i 's/^#define N_HELPERS .*/#define N_HELPERS 8/' boot/vm.h
  run make -s boot/helpers.o
  [ "$status" -ne 0 ]
  [[ "$output" == *"N_HELPERS, the room for helper addresses, is too small"* ]]
  cp vm.h.orig boot/vm.h
  sed -i 's/^#define MAX_PRIMS .*/#define MAX_PRIMS 8/' boot/vm.h
  run make -s boot/prims.o
  [ "$status" -ne 0 ]
  [[ "$output" == *"MAX_PRIMS, the room for fusable primitives, is too small"* ]]
}
