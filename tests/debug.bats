#!/usr/bin/env bats
# see (lib/debug.e) and the disassembler behind it (lib/disasm.e): a
# definition is shown as source with its control structures, data words
# as the line that made them, code words as their disassembly, which must
# agree with objdump's.

load helper

# see_plain DEFINITIONS NAME: what `see NAME` prints when DEFINITIONS were
# compiled without superinstructions, so that no braces appear.
see_plain() {
  run "$INCANT" -e "0 superinstructions !" -e "$1" -e "see $2"
}

@test "see shows if then and if else then" {
  see_plain ": t ( n -- ) dup 0< if negate then . ;" t
  ok_output ": t dup 0< if negate then . ;"
  see_plain ": t ( f -- ) if 1 else 2 then . ;" t
  ok_output ": t if 1 else 2 then . ;"
  see_plain ": t ( a b -- ) if if 1 else 2 then else 3 then ;" t
  ok_output ": t if if 1 else 2 then else 3 then ;"
}

@test "see shows begin until, begin again and begin while repeat" {
  see_plain ": t ( n -- ) begin 1- dup 0= until drop ;" t
  ok_output ": t begin 1- dup 0= until drop ;"
  see_plain ": t ( -- ) begin 1 drop again ;" t
  ok_output ": t begin 1 drop again ;"
  see_plain ": t ( n -- ) begin dup while 1- repeat drop ;" t
  ok_output ": t begin dup while 1- repeat drop ;"
  see_plain ": t ( n -- ) begin dup while dup 5 < while 1- repeat then drop ;" t
  ok_output ": t begin dup while dup 5 < while 1- repeat then drop ;"
}

@test "see shows do loop, ?do +loop, leave, and exit in the middle" {
  see_plain ": t ( -- ) 10 0 do i . loop ;" t
  ok_output ": t 10 0 do i . loop ;"
  see_plain ": t ( n -- ) 0 ?do i 5 > if leave then i . 2 +loop ;" t
  ok_output ": t 0 ?do i 5 > if leave then i . 2 +loop ;"
  see_plain ": t ( n -- n ) dup 0= if exit then 1- ;" t
  ok_output ": t dup 0= if exit then 1- ;"
  see_plain ": t ( -- ) 3 0 do 3 0 do i j + . loop loop ;" t
  ok_output ": t 3 0 do 3 0 do i j + . loop loop ;"
}

@test "what see shows compiles back to a word that does the same" {
  local defs calls expected shown again
  defs=$(cat <<'EOF'
: a ( n -- ) begin dup while dup 1 and if ." odd" else ." even" then 1- repeat drop ;
: b ( n -- ) 0 ?do i 3 = if leave then i 0 ?do j . loop 1 +loop ;
: c ( n -- n ) dup 10 > if exit then begin 2* dup 10 > until ;
: d ( n -- ) begin dup while dup 7 < while 1- repeat ." early" then . ;
: e ( n -- n ) begin dup while 1- dup 2 < until 100 + then ;
EOF
)
  calls="5 a newline 6 b newline 3 c . 1 c . newline 9 d 3 d newline 5 e . 0 e ."
  expected=$("$INCANT" -e "$defs" -e "$calls" 2>&1 </dev/null)
  shown=$("$INCANT" -e "0 superinstructions !" -e "$defs" -e "see a see b see c see d see e" </dev/null)
  again=$("$INCANT" -e "$shown" -e "$calls" 2>&1 </dev/null)
  [ "$again" = "$expected" ] || { printf 'see printed:\n%s\nthat gives:\n%s\nnot:\n%s\n' "$shown" "$again" "$expected" >&2; return 1; }
  [ "$expected" = "oddevenoddevenodd
1 2 2 
12 16 
early9 0 
101 0 " ]
}

@test "see shows literals, strings, ['] and ' for what was written so" {
  see_plain ": t ( -- ) -5 42 0x10000000 s\" a b\" strlen . .\" c d\" ['] dup execute ' dup drop ;" t
  ok_output ": t -5 42 0x10000000 s\" a b\" strlen . .\" c d\" ['] dup execute ' dup drop ;"
}

@test "see shows recurse, postpone, and the flags after ;" {
  see_plain ": t ( n -- ) dup 0> if 1- recurse then drop ;" t
  ok_output ": t dup 0> if 1- recurse then drop ;"
  see_plain ": t ( -- ) postpone if postpone dup ; immediate" t
  ok_output ": t postpone if postpone dup ; immediate"
  # a word that acts by state is compiled through its compiler (core.e)
  see_plain ": t ( -- ) postpone s\" postpone to ; immediate" t
  ok_output ": t postpone s\" postpone to ; immediate"
  see_plain ": t ( -- ) 1 ; immediate compile-only" t
  ok_output ": t 1 ; immediate compile-only"
}

@test "see shows variables, buffers and constants as the lines that made them" {
  run_e "variable v see v 100 buffer: b see b 42 constant c see c -1 constant m see m"
  ok_output "variable v
100 buffer: b
42 constant c
-1 constant m"
  # a variable holding a value is still a variable, and works as one
  run_e "variable v 5 v ! see v v @ ."
  ok_output "variable v
5 "
}

@test "see shows superinstructions between braces inside the structures" {
  run_e ": sq ( n -- n*n ) dup * ; see sq
         : f ( n -- ) 0 ?do i 3 < if i . else .\" big\" then loop ; see f
         : g ( n -- ) begin dup 0> while dup . 1- repeat drop ; see g"
  ok_output ': sq { dup * } ;
: f 0 ?do { i 3 < if } i . else ." big" then loop ;
: g begin { dup 0> while } dup . { 1- repeat } drop ;'
}

@test "see wraps a long definition at 78 columns" {
  run_e "0 superinstructions !
         : t ( -- ) 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 ; see t"
  ok_output ": t 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28
  29 30 ;"
}

@test "see of every word in the prelude works, and no code byte is unknown" {
  run_e "also core-internals" ": see-all ( -- ) latest @ begin ?dup while
           dup entry-flags c@ 2 and 0= if dup see-entry then @ repeat ; see-all"
  assert_status 0
  [ "${#lines[@]}" -gt 2000 ]
  ! grep -E '^  [0-9a-f]+  .*  \.byte' <<<"$output"
  ! grep -E ' (0branch|branch) -> ' <<<"$output"
}

@test "see shows a primitive as its machine code" {
  run_e "see dup"
  output=$(sed -E 's/^  [0-9a-f]{8}  /  ADDR  /' <<<"$output")
  ok_output "code dup
  ADDR  ff 34 24                 push   QWORD PTR [rsp]
  ADDR  48 ad ff 20              next
end-code"
}

@test "see shows a code word; bytes it does not know are .byte" {
  run_e "code add3 ( a b c -- a+b+c )
           :rax pop-reg64  :rax :rsp 0 add-mem64-reg64
           :rax pop-reg64  :rax :rsp 0 add-mem64-reg64
         end-code see add3
         s\" odd\" create self-codeword here @ 0x06 pack8 here ! ;asm see odd"
  output=$(sed -E 's/^  [0-9a-f]{8}  /  ADDR  /' <<<"$output")
  ok_output "code add3
  ADDR  58                       pop    rax
  ADDR  48 01 04 24              add    QWORD PTR [rsp],rax
  ADDR  58                       pop    rax
  ADDR  48 01 04 24              add    QWORD PTR [rsp],rax
  ADDR  48 ad ff 20              next
end-code
code odd
  ADDR  06                       .byte 0x6
  ADDR  48 ad ff 20              next
end-code"
}

@test "see of an entry that is not code says so" {
  run_e "s\" lump\" create 1 , 2 , see lump"
  ok_output "lump: no colon definition, data or code (codeword 0x1)"
}

@test "see of an unknown word is error -13" {
  run_e "see no-such-word"
  assert_status 1
  output=$(core_lines <<<"$output")
  assert_output "-e:1:5: error -13: undefined word: no-such-word
  in see (lib/debug.e:N)"
}

# ---- the disassembler against objdump

# objdump_text FILE START: objdump's Intel-syntax disassembly of the raw
# bytes in FILE placed at address START (hex), one instruction a line,
# spacing squeezed, its string-instruction forms written short and
# `lodsq; jmp [rax]` joined into `next`, as see writes them.
objdump_text() {
  objdump -D -b binary -m i386:x86-64 -M intel --adjust-vma="0x$2" "$1" |
    grep -P '^ +[0-9a-f]+:\t' | cut -f3 | grep . |
    sed -E 's/ +/ /g; s/ $//' |
    sed -E 's/^(rep |repz |repnz )?(lods|stos|movs|cmps|scas) [^ ]*BYTE PTR.*/\1\2b/
            s/^(rep |repz |repnz )?(lods|stos|movs|cmps|scas) [^ ]*QWORD PTR.*/\1\2q/' |
    awk '{ if (held && prev == "lodsq" && $0 == "jmp QWORD PTR [rax]") { print "next"; held = 0; next }
           if (held) print prev; prev = $0; held = 1 }
         END { if (held) print prev }'
}

# see_text: see's code lines from stdin, address and bytes taken off
see_text() {
  grep -E '^  [0-9a-f]+  ' | sed -E 's/^  [0-9a-f]+  ([0-9a-f]{2} ?)+  +//; s/ +/ /g; s/ $//'
}

# compare_with_objdump: stdin holds blocks of "=== START", a line of
# bytes in hex, and see's output for them; each block's instructions must
# be objdump's.
compare_with_objdump() {
  local n=0 start="" bytes="" body="" line
  check_block() {
    [ -n "$start" ] || return 0
    n=$((n + 1))
    # leave out the zero padding to the next entry, which see leaves out
    xxd -r -p <<<"$(sed -E 's/( 00)+$//' <<<"$bytes")" >"$BATS_TEST_TMPDIR/code.bin"
    objdump_text "$BATS_TEST_TMPDIR/code.bin" "$start" >"$BATS_TEST_TMPDIR/objdump.txt"
    see_text <<<"$body" >"$BATS_TEST_TMPDIR/see.txt"
    if ! diff "$BATS_TEST_TMPDIR/objdump.txt" "$BATS_TEST_TMPDIR/see.txt" >&2; then
      echo "block $n at 0x$start differs (< objdump, > see)" >&2
      return 1
    fi
  }
  while IFS= read -r line; do
    if [[ $line == "=== "* ]]; then
      check_block || return 1
      start=${line#=== }; IFS= read -r bytes; body=""
    else
      body+="$line"$'\n'
    fi
  done
  check_block || return 1
  [ "$n" -gt 0 ]
}

# the incant side: "=== start", the bytes, then see, for one code word
dump_and_see='
: dump-and-see ( entry -- )
  ." === " dup entry-to-execution-token cell+ 16 (u.) newline
  dup entry-to-execution-token cell+ over entry-end print-code-bytes newline
  see-entry ;'

@test "the disassembly of every assembler test case is objdump's" {
  # every instruction of tests/asm-cases.txt, the assembler's golden cases,
  # in one code word: every form asm/amd64.e emits
  {
    echo "also core-internals"
    echo "$dump_and_see"
    echo "code all-cases"
    grep -v '^#' "$BATS_TEST_DIRNAME/asm-cases.txt" | grep . | sed 's/ | .*//'
    echo "end-code"
    echo "' all-cases dump-and-see"
  } >"$BATS_TEST_TMPDIR/cases.e"
  run "$INCANT" "$BATS_TEST_TMPDIR/cases.e"
  assert_status 0
  [ "$(see_text <<<"$output" | wc -l)" -gt 1700 ]
  compare_with_objdump <<<"$output"
}

@test "the disassembly of every primitive and code word is objdump's" {
  # what boot/encode.c emits (absolute ds: addresses, rel32 jumps out of
  # the word) and the code words of the prelude, gathered into one block
  # (their trailing padding left out) so that objdump runs once
  run "$INCANT" -e 'also core-internals' -e '
    : code-word? ( entry -- flag ) entry-to-execution-token dup @ swap cell+ = ;
    : code-end ( entry -- addr ) entry-end begin dup 1- c@ 0= while 1- repeat ;
    65536 allocate constant gathered  variable gathered-end  gathered gathered-end !
    : gather ( entry -- )
      dup entry-to-execution-token cell+ swap code-end over -
      tuck gathered-end @ swap move  gathered-end +! ;
    : gather-all ( -- ) latest @ begin ?dup while
        dup entry-flags c@ 2 and 0= over code-word? and if dup gather then @ repeat ;
    gather-all
    ." === " gathered 16 (u.) newline
    gathered gathered-end @ print-code-bytes newline
    gathered gathered-end @ disassemble'
  assert_status 0
  [ "$(see_text <<<"$output" | wc -l)" -gt 1000 ]
  compare_with_objdump <<<"$output"
}

@test "200 random definitions come back from see as source that does the same" {
  run "$BATS_TEST_DIRNAME/seefuzz.sh" 200 42
  assert_status 0
  assert_output "seefuzz: 200 definitions (seed 42): see gives them back"
}
