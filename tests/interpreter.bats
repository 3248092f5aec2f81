#!/usr/bin/env bats
# The text interpreter: numbers, comments, strings, entries and execution
# tokens, building words (create, self-codeword, pack8, ;asm), defining
# words and compile-time words.

load helper

# ---- numbers -----------------------------------------------------------

@test "a decimal number is pushed" {
  run_e '42 . 007 . newline'
  ok_output '42 7 '
}

@test "a negative decimal number is pushed" {
  run_e '-7 . -0 . newline'
  ok_output '-7 0 '
}

@test "a 0x hex number is pushed, in either letter case" {
  run_e '0x1F . 0xff . 0xAbC . newline'
  ok_output '31 255 2748 '
}

@test "a negative hex number is pushed" {
  run_e '-0x10 . newline'
  ok_output '-16 '
}

@test "a 64-bit hex number with the top bit set is negative" {
  run_e '0xffffffffffffffff . 0x8000000000000000 . newline'
  ok_output '-1 -9223372036854775808 '
}

@test "a malformed number is error -13 naming it" {
  run --separate-stderr incant -e '1 2 12x'
  assert_status 1
  assert_output ''
  assert_stderr '-e:1:5: error -13: undefined word: 12x'
}

@test "a malformed hex number is error -13" {
  run --separate-stderr incant -e '0x1g'
  assert_status 1
  assert_stderr '-e:1:1: error -13: undefined word: 0x1g'
}

@test "0x with no digits is not a number" {
  run --separate-stderr incant -e '0x'
  assert_status 1
  assert_stderr '-e:1:1: error -13: undefined word: 0x'
}

@test "a doubled minus sign is not a number" {
  run --separate-stderr incant -e '--5'
  assert_status 1
  assert_stderr '-e:1:1: error -13: undefined word: --5'
}

@test "a decimal number too big for 64 bits is an error" {
  run --separate-stderr incant -e '9223372036854775808'
  assert_status 1
  assert_stderr '-e:1:1: error -13: undefined word: 9223372036854775808'
}

@test "an undefined word is error -13 with file, line and column" {
  run --separate-stderr incant -e $'1 2\n  3 foo 4'
  assert_status 1
  assert_stderr '-e:2:5: error -13: undefined word: foo'
}

@test "words are case-sensitive" {
  run --separate-stderr incant -e '1 DUP'
  assert_status 1
  assert_stderr '-e:1:3: error -13: undefined word: DUP'
}

@test "any whitespace separates words: spaces, tabs, newlines" {
  run_e $'1\t2   +\n\n3 * .\tnewline'
  ok_output '9 '
}

# ---- comments ------------------------------------------------------------

@test "~ comments out the rest of the line" {
  run_e $'1 ~ 2 . \n. newline'
  ok_output '1 '
}

@test "~ works inside a definition" {
  run_e $': f 1 ~ 100 +\n 2 + ; f . newline'
  ok_output '3 '
}

@test "~ works between [ and ] inside a definition" {
  run_e $': f [ ~ 99 throw\n ] 3 ; f . newline'
  ok_output '3 '
}

@test "~ must stand alone: 1~ is a word, not a comment" {
  run --separate-stderr incant -e '1~'
  assert_status 1
  assert_stderr '-e:1:1: error -13: undefined word: 1~'
}

@test "( ) is a comment" {
  run_e '1 ( 2 . ) . newline'
  ok_output '1 '
}

@test "( ) comments may span lines" {
  run_e $'1 ( two\nlines 2 . ) . newline'
  ok_output '1 '
}

@test "( ) works as a stack comment in a definition" {
  run_e ': f ( a -- a+1 ) 1+ ; 1 f . newline'
  ok_output '2 '
}

# ---- strings ---------------------------------------------------------------

@test "s\" gives a NUL-terminated string that emitstring prints" {
  run_e 's" hello" emitstring newline'
  ok_output 'hello'
}

@test "s\" keeps inner spaces" {
  run_e 's" a b  c" emitstring 124 emit newline'
  ok_output 'a b  c|'
}

@test "s\" gives one pointer to bytes ending with a NUL" {
  run_e 's" xy" depth . dup c@ . dup 1+ c@ . 2 + c@ . newline'
  ok_output '1 120 121 0 '
}

@test "s\" with empty text gives an empty string" {
  run_e 's" " strlen . newline'
  ok_output '0 '
}

@test "s\" compiled into a word pushes the same string on each run" {
  run_e ': f s" hi" ; f f = . f emitstring newline'
  ok_output '-1 hi'
}

@test "interpreted s\" makes a fresh copy each time" {
  run_e 's" a" s" a" = . newline'
  ok_output '0 '
}

@test ".\" prints text when interpreted" {
  run_e '." hello world" newline'
  ok_output 'hello world'
}

@test ".\" compiled into a word prints its text each run" {
  run_e ': f ." in f" newline ; f f'
  ok_output $'in f\nin f'
}

@test "a string without its closing quote is an error" {
  run --separate-stderr incant -e 's" abc'
  assert_status 1
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr $'-e:1:1: error: missing closing "\n  in s" (core/core.e:N)'
}

@test "type prints a given number of bytes" {
  run_e 's" abcdef" 3 type newline'
  ok_output 'abc'
}

@test "emit prints a character, space and spaces print blanks" {
  run_e '65 emit space 66 emit 3 spaces 67 emit newline'
  ok_output 'A B   C'
}

@test "cr and newline both end a line" {
  run_e '1 . cr 2 . newline 3 .'
  ok_output $'1 \n2 \n3 '
}

@test "streq compares strings by content" {
  run_e 's" hello" s" hello" streq . s" hello" s" help" streq . s" a" s" ab" streq . newline'
  ok_output '-1 0 0 '
}

@test "evaluate interprets a string" {
  run_e 's" 1 2 + . newline" dup strlen evaluate'
  ok_output '3 '
}

# ---- entries and execution tokens ------------------------------------

@test "' gives an entry, which find also gives" {
  run_e 's" dup" find '"' dup = . newline"
  ok_output '-1 '
}

@test "find gives 0 for an unknown name" {
  run_e 's" no-such-word" find . newline'
  ok_output '0 '
}

@test "an entry's name can be printed" {
  run_e "' swap entry-name emitstring newline"
  ok_output 'swap'
}

@test "entry-to-execution-token gives an xt that execute runs" {
  run_e "5 ' dup entry-to-execution-token execute .s newline"
  ok_output '<2> 5 5 '
}

@test "an entry is not its execution token" {
  run_e "' dup dup entry-to-execution-token = . newline"
  ok_output '0 '
}

@test "' inside a definition compiles the entry as a literal" {
  run_e ": f ' dup ; f ' dup = . newline"
  ok_output '-1 '
}

@test "['] compiles an execution token" {
  run_e ": f ['] + ; 2 3 f execute . f ' + entry-to-execution-token = . newline"
  ok_output '5 -1 '
}

@test "['] outside a definition is error -14" {
  run --separate-stderr incant -e "['] dup"
  assert_status 1
  assert_stderr "-e:1:1: error -14: interpreting a compile-only word: [']"
}

@test "' of an unknown word is error -13" {
  run --separate-stderr incant -e "' nosuch"
  assert_status 1
  assert_output ''
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr '-e:1:3: error -13: undefined word: nosuch'
}

@test "latest @ is the newest entry" {
  run_e ": zz ; latest @ ' zz = . latest @ entry-name emitstring newline"
  ok_output '-1 zz'
}

@test "words lists the newest word first" {
  run_e ': zork ; words'
  assert_status 0
  [[ "$output" == "zork "* ]]
  [[ "$output" == *" dup "* ]]
}

# ---- building words from raw bytes ---------------------------------------

@test "create names an entry that find then finds" {
  run_e 's" fresh" create latest @ s" fresh" find = . latest @ entry-name emitstring newline'
  ok_output '-1 fresh'
}

@test "make-hidden hides latest from find" {
  run_e 's" xyz" create make-hidden s" xyz" find . newline'
  ok_output '0 '
}

@test "self-codeword appends a cell holding the address after it" {
  run_e 'here @ self-codeword dup @ swap 8 + = . newline'
  ok_output '-1 '
}

@test "create self-codeword pack8 ;asm builds a word from machine code (push 42)" {
  run_e 's" forty-two" create self-codeword here @ 0x6a pack8 42 pack8 here ! ;asm forty-two . newline'
  ok_output '42 '
}

@test "a machine-code word can take arguments from the stack (pop, add, push)" {
  # pop rcx; pop rdx; add rcx, rdx; push rcx
  run_e 's" add2" create self-codeword
         here @ 0x59 pack8 0x5a pack8 0x48 pack8 0x01 pack8 0xd1 pack8 0x51 pack8 here !
         ;asm 3 4 add2 . 100 -1 add2 . newline'
  ok_output '7 99 '
}

@test "a machine-code word written with : [ ... ] ;asm runs" {
  # mov rax, 1234 (48 c7 c0 imm32); push rax
  run_e ': k1234 [ here @ 0x48 pack8 0xc7 pack8 0xc0 pack8 1234 pack32 0x50 pack8 here ! ] ;asm
         k1234 . k1234 k1234 + . newline'
  ok_output '1234 2468 '
}

@test "a machine-code word can be called from a colon definition" {
  run_e 's" seven" create self-codeword here @ 0x6a pack8 7 pack8 here ! ;asm
         : f 5 0 do seven . loop ; f newline'
  ok_output '7 7 7 7 7 '
}

@test "pack16 pack32 pack64 store little-endian and advance" {
  run_e 'here @ dup 0x0102 pack16 0x03040506 pack32 0x1122334455667788 pack64
         over - . dup c@ . dup 1+ c@ . dup 2 + c@ . 6 + c@ h. newline'
  ok_output '14 2 1 6 88 '
}

@test "packalign pads with zeros to a multiple of n" {
  run_e 'here @ 8 packalign drop here @ dup 0xff pack8 8 packalign swap - . newline'
  ok_output '8 '
  # zeros over what was there, up to the multiple and not a byte past it;
  # an aligned outp stays where it is
  run_e 'here @ 128 packalign  dup 300 0xff fill
         dup 1+ 128 packalign over - .  dup 1+ c@ . dup 127 + c@ . dup 128 + c@ .
         dup 128 packalign over - .  dup 8 + 64 packalign over - .  drop newline'
  ok_output '128 0 0 255 0 64 '
}

@test "packalign to what is not a power of 2 is error -24, not a pad to the wrong place" {
  # (-outp) and (n-1) is the pad only for a power of 2: 3 packalign of an
  # outp 1 past a multiple of 8 padded 3 bytes, to no multiple of 3
  for n in 3 12 0 -8; do
    run_e ": t ( outp -- ) $n ['] packalign catch . depth . ; here @ 1+ t"
    ok_output "-24 2 " || return 1
  done
}

# ---- defining words ----------------------------------------------------------

@test "variable makes a word that gives an address" {
  run_e 'variable a variable b 1 a ! 2 b ! a @ . b @ . a b = . newline'
  ok_output '1 2 0 '
}

@test "constant makes a word that gives its value" {
  run_e '100 constant hundred hundred . hundred 1+ . newline'
  ok_output '100 101 '
}

@test "a constant can be used inside a definition" {
  run_e '2 constant two : f two two * ; f . newline'
  ok_output '4 '
}

@test "immediate words run while compiling" {
  run_e ': f 42 . ; immediate : g f 1 . ; newline g newline'
  ok_output $'42 \n1 '
}

@test "literal compiles a value computed at compile time" {
  run_e ': f [ 3 4 * ] literal ; f . newline'
  ok_output '12 '
}

@test "postpone of a normal word compiles it into the word being defined" {
  run_e ': sq dup * ; : f postpone sq ; immediate : g f ; 4 g . newline'
  ok_output '16 '
}

@test "postpone of an immediate word compiles its behaviour" {
  run_e ': my-if postpone if ; immediate : g my-if 1 else 2 then ; 0 g . 1 g . newline'
  ok_output '2 1 '
}

@test "[ and ] switch to interpreting and back inside a definition" {
  run_e ': f [ 5 . ] 6 . ; newline f newline'
  ok_output $'5 \n6 '
}

@test "a definition spans lines" {
  run_e $': f\n 1\n .\n ;\nf newline'
  ok_output '1 '
}

@test "a definition may span two -e options" {
  run_e ': f 1' '. ;' 'f newline'
  ok_output '1 '
}

@test "a defining word with no name following is error -16" {
  run --separate-stderr incant -e ':'
  assert_status 1
  assert_stderr '-e:1:1: error -16: missing name: expected a name for the new word'
}
