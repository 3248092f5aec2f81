~ lib/disasm.e - an x86-64 disassembler for the machine code incant makes.
~
~ disassemble ( start end -- ) prints the instructions in [start, end), one
~ a line: the address, the bytes, and the instruction in Intel syntax as
~ `objdump -d -M intel` writes it (`mov    rax,QWORD PTR [rsp+0x8]`,
~ immediates in hex as the operand size sees them, jump targets as
~ absolute addresses), so the two can be compared (tests/debug.bats does).
~ The string instructions are written short (`lodsq`, `rep movsb`), and
~ NEXT (`lodsq ; jmp [rax]`) as `next`.  Trailing zero padding before the
~ next entry is left out.
~
~ It knows the forms asm/amd64.e and boot/encode.c emit: mov in all its
~ register, memory and immediate forms, movzx/movsx/movsxd, lea, push,
~ pop, xchg, the eight ALU operations, test, inc, dec, neg, not, mul,
~ imul, div, idiv, cqo/cdq, the shifts and rotates, setcc, cmovcc, jcc,
~ jmp and call (relative, register, memory), bswap, the string
~ instructions with rep/repnz, syscall, ret, cld, std, nop, int3, ud2.
~ Anything else is shown as `.byte 0x..` and decoding goes on at the next
~ byte.  Encodings: Intel SDM vol. 2, chapter 2 (prefixes, REX, ModRM,
~ SIB) and appendix A (the opcode maps).
~
~ It also provides the line builder that `see` (lib/debug.e) uses.


~ ---------------------------------------------------------------- the line being built

~ Text is built in a buffer first, so that its length is known before it
~ is printed (for columns and wrapping).
1024 buffer: line-buffer
variable line-end

: line-reset ( -- )  line-buffer line-end ! ;
: line-length ( -- n )  line-end @ line-buffer - ;
: line-char ( c -- )
  line-length 1020 < if line-end @ c!  1 line-end +! else drop then ;
: line-string ( str -- )  begin dup c@ ?dup while line-char 1+ repeat drop ;
: line-digits ( u base -- )
  >r r@ u/% ?dup if r@ recurse then digit line-char rdrop ;
: line-hex ( u -- )  s" 0x" line-string 16 line-digits ;
: line-decimal ( n -- )  dup 0< if 45 line-char negate then 10 line-digits ;
: line-space ( -- )  32 line-char ;
: line-pad ( n -- )  begin line-length over < while line-space repeat drop ;
: line-type ( -- )  line-buffer line-length type ;

~ A table of names is one string of fixed-width fields padded with spaces.
~ ( i width table -- ) append field i
: line-field ( i width table -- )
  >r tuck * r> + swap bounds ?do
    i c@ dup 32 = if drop leave then line-char
  loop ;


~ ---------------------------------------------------------------- names

s" rax  rcx  rdx  rbx  rsp  rbp  rsi  rdi  r8   r9   r10  r11  r12  r13  r14  r15  "
  constant registers-64
s" eax  ecx  edx  ebx  esp  ebp  esi  edi  r8d  r9d  r10d r11d r12d r13d r14d r15d "
  constant registers-32
s" ax   cx   dx   bx   sp   bp   si   di   r8w  r9w  r10w r11w r12w r13w r14w r15w "
  constant registers-16
s" al   cl   dl   bl   spl  bpl  sil  dil  r8b  r9b  r10b r11b r12b r13b r14b r15b "
  constant registers-8
~ byte registers 4-7 without a REX prefix (SDM vol. 2, 3.7.2.1)
s" ah   ch   dh   bh   " constant registers-8-legacy
~ the ALU group (opcodes 00-3f, and /digit of 80-83), and the shift group
~ (/digit of c0 c1 d0-d3), and the 0xf6/0xf7 group
s" add or  adc sbb and sub xor cmp " constant alu-names
s" rol ror rcl rcr shl shr shl sar " constant shift-names
s" test test not  neg  mul  imul div  idiv " constant group3-names
~ condition codes in encoding order (SDM vol. 1, appendix B)
s" o  no b  ae e  ne be a  s  ns p  np l  ge le g  " constant condition-names

variable rex-prefix   ~ the REX prefix of the instruction, or 0

~ ( n size -- ) append register n of an operand size (1, 2, 4 or 8 bytes)
: line-register ( n size -- )
  dup 1 = rex-prefix @ 0= and 2 pick 4 8 within and if
    drop 4 - 5 registers-8-legacy line-field exit
  then
  dup 8 = if drop 5 registers-64 line-field exit then
  dup 4 = if drop 5 registers-32 line-field exit then
  2 = if 5 registers-16 line-field exit then
  5 registers-8 line-field ;

: line-condition ( cc -- )  3 condition-names line-field ;

~ ( str -- ) the mnemonic; ( -- ) the gap before the operands, padded to
~ a column as objdump does; ( -- ) between operands
: mnemonic ( str -- )  line-reset line-string ;
: line-operands ( -- )  line-space 7 line-pad ;
: line-comma ( -- )  44 line-char ;


~ ---------------------------------------------------------------- reading the bytes

variable decode-at    ~ the next byte to decode
variable insn-start   ~ where the instruction being decoded starts
variable prefix-66    ~ the operand-size prefix was seen
variable prefix-rep   ~ 0xf3 or 0xf2 if one was seen, else 0
variable operand-size ~ in bytes, from REX.W and 0x66

: next-byte ( -- b )  decode-at @ c@  1 decode-at +! ;
: next-s8 ( -- n )  next-byte dup 0x80 and if 0x100 - then ;
: next-u16 ( -- n )  decode-at @ w@  2 decode-at +! ;
: next-s32 ( -- n )
  decode-at @ l@  4 decode-at +!  dup 0x80000000 and if 0x100000000 - then ;
: next-u64 ( -- n )  decode-at @ @  8 decode-at +! ;

~ ( size -- n ) an immediate of an operand size: 64-bit operations take a
~ sign-extended 32-bit one
: next-imm ( size -- n )
  dup 1 = if drop next-byte exit then
  2 = if next-u16 exit then
  next-s32 ;

~ the REX bits, as what they add to a register number
: rex-w? ( -- flag )  rex-prefix @ 8 and 0<> ;
: rex-reg-bit ( -- 0|8 )  rex-prefix @ 4 and 2* ;
: rex-index-bit ( -- 0|8 )  rex-prefix @ 2 and 2* 2* ;
: rex-base-bit ( -- 0|8 )  rex-prefix @ 1 and 3 lshift ;

: decide-operand-size ( -- )
  rex-w? if 8 else prefix-66 @ if 2 else 4 then then operand-size ! ;

~ ( op -- size ) bit 0 of many opcodes picks a byte operand or a full one
: byte-or-full ( op -- size )  1 and if operand-size @ else 1 then ;

~ ( n size -- u ) n as the operand size sees it, zero-extended
: truncate-to ( n size -- u )  dup 8 = if drop exit then 3 lshift 1 swap lshift 1- and ;
: line-imm ( n size -- )  truncate-to line-hex ;


~ ---------------------------------------------------------------- ModRM and SIB

variable modrm-mod
variable modrm-reg    ~ with REX.R
variable modrm-rm     ~ the register when mod is 3, with REX.B
variable mem-base     ~ register number, or -1 for none
variable mem-index    ~ register number, or -1 for none
variable mem-scale
variable mem-disp
variable mem-has-disp
variable mem-sib      ~ a SIB byte was there
variable mem-rip      ~ rip-relative
variable rip-used     ~ an operand was rip-relative: add the target as a comment

: read-disp ( -- )
  modrm-mod @ 1 = if next-s8 mem-disp !  true mem-has-disp ! then
  modrm-mod @ 2 = if next-s32 mem-disp !  true mem-has-disp ! then ;

~ SIB: scale, index (100 without REX.X: none), base (101 with mod 00:
~ none, a disp32 instead)
: read-sib ( -- )
  true mem-sib !
  next-byte  dup 6 rshift 1 swap lshift mem-scale !
  dup 3 rshift 7 and rex-index-bit + dup 4 = if drop -1 then mem-index !
  7 and dup 5 = modrm-mod @ 0= and if
    drop -1 mem-base !  next-s32 mem-disp !  true mem-has-disp ! exit
  then
  rex-base-bit + mem-base !  read-disp ;

: clear-memory-operand ( -- )
  -1 mem-base !  -1 mem-index !  1 mem-scale !  0 mem-disp !
  0 mem-has-disp !  0 mem-sib !  0 mem-rip ! ;

: read-modrm ( -- )
  clear-memory-operand
  next-byte  dup 6 rshift modrm-mod !  dup 3 rshift 7 and rex-reg-bit + modrm-reg !
  7 and
  modrm-mod @ 3 = if rex-base-bit + modrm-rm ! exit then
  dup 4 = if drop read-sib exit then
  dup 5 = modrm-mod @ 0= and if
    drop true mem-rip !  next-s32 mem-disp !  true mem-has-disp ! exit
  then
  rex-base-bit + mem-base !  read-disp ;

~ the /digit of a group opcode
: modrm-digit ( -- n )  modrm-reg @ 7 and ;
: register-operand? ( -- flag )  modrm-mod @ 3 = ;


~ ---------------------------------------------------------------- operands

: line-size-ptr ( size -- )
  dup 1 = if drop s" BYTE PTR " line-string exit then
  dup 2 = if drop s" WORD PTR " line-string exit then
  dup 4 = if drop s" DWORD PTR " line-string exit then
  8 = if s" QWORD PTR " line-string then ;

: line-signed-disp ( n -- )
  dup 0< if 45 line-char negate else 43 line-char then line-hex ;

~ objdump names a missing SIB index "riz" unless the base is rsp or r12
: riz? ( -- flag )  mem-sib @ mem-index @ 0< and mem-base @ 7 and 4 <> and ;

: line-index ( -- )
  mem-index @ 0< if riz? if s" +riz*" line-string mem-scale @ line-decimal then exit then
  mem-base @ 0< 0= if 43 line-char then
  mem-index @ 8 line-register  42 line-char  mem-scale @ line-decimal ;

: line-address ( -- )
  mem-rip @ if
    s" [rip+" line-string mem-disp @ line-hex 93 line-char  true rip-used ! exit
  then
  mem-base @ 0< mem-index @ 0< and if s" ds:" line-string mem-disp @ line-hex exit then
  91 line-char
  mem-base @ 0< 0= if mem-base @ 8 line-register then
  line-index
  mem-has-disp @ if mem-disp @ line-signed-disp then
  93 line-char ;

~ ( size -- ) the r/m operand: a register, or memory of that size (0: no
~ size, as for lea)
: line-rm ( size -- )
  register-operand? if modrm-rm @ swap line-register exit then
  line-size-ptr line-address ;
~ ( size -- ) the ModRM.reg operand
: line-reg ( size -- )  modrm-reg @ swap line-register ;

~ ( size -- ) the two common orders
: rm-then-reg ( size -- )  line-operands dup line-rm line-comma line-reg ;
: reg-then-rm ( size -- )  line-operands dup line-reg line-comma line-rm ;

~ ( rel -- ) a relative branch target, as an absolute address
: line-target ( rel -- )  decode-at @ + line-hex ;


~ ---------------------------------------------------------------- one-byte opcodes

~ Each handler takes the opcode and builds the line; one that does not
~ know the bytes calls `unknown-opcode`, which shows the first byte as data.
: unknown-opcode ( op -- )
  drop  insn-start @ dup 1+ decode-at !
  line-reset s" .byte " line-string c@ line-hex ;

: alu-mnemonic ( n -- )  line-reset 4 alu-names line-field ;

~ 00-3f: op r/m,reg  op reg,r/m  op al/eax/rax,imm by the low three bits
: op-alu ( op -- )
  dup 7 and 5 > if unknown-opcode exit then
  dup 3 rshift alu-mnemonic
  dup byte-or-full swap 7 and            ( size form )
  dup 2 < if drop read-modrm rm-then-reg exit then
  4 < if read-modrm reg-then-rm exit then
  line-operands dup 0 swap line-register line-comma dup next-imm swap line-imm ;

~ 80 81 83: op r/m,imm (83: a sign-extended imm8)
: op-alu-imm ( op -- )
  read-modrm modrm-digit alu-mnemonic
  dup byte-or-full  line-operands dup line-rm line-comma
  swap 0x83 = if next-s8 else dup next-imm then swap line-imm ;

~ ( op -- n ) the register in the low three bits of an opcode, with REX.B
: opcode-register ( op -- n )  7 and rex-base-bit + ;

: op-push-reg ( op -- )  s" push" mnemonic line-operands opcode-register 8 line-register ;
: op-pop-reg ( op -- )  s" pop" mnemonic line-operands opcode-register 8 line-register ;
: op-movsxd ( op -- )
  drop read-modrm s" movsxd" mnemonic
  line-operands operand-size @ line-reg line-comma 4 line-rm ;
: op-push-imm ( op -- )
  s" push" mnemonic line-operands 0x6a = if next-s8 else next-s32 then 8 line-imm ;
~ 69 6b: imul reg, r/m, imm
: op-imul-imm ( op -- )
  read-modrm s" imul" mnemonic operand-size @ reg-then-rm line-comma
  0x6b = if next-s8 else operand-size @ next-imm then operand-size @ line-imm ;
: op-jcc-rel8 ( op -- )
  line-reset 106 line-char 0xf and line-condition line-operands next-s8 line-target ;
: op-test ( op -- )  read-modrm s" test" mnemonic byte-or-full rm-then-reg ;
: op-xchg ( op -- )  read-modrm s" xchg" mnemonic byte-or-full rm-then-reg ;
~ 88 89 8a 8b
: op-mov ( op -- )
  read-modrm s" mov" mnemonic
  dup byte-or-full swap 2 and if reg-then-rm else rm-then-reg then ;
: op-lea ( op -- )
  drop read-modrm s" lea" mnemonic line-operands 8 line-reg line-comma 0 line-rm ;
: op-pop-rm ( op -- )
  drop read-modrm modrm-digit if 0x8f unknown-opcode exit then
  s" pop" mnemonic line-operands 8 line-rm ;
~ 90-97: nop, or xchg reg,accumulator
: op-xchg-acc ( op -- )
  opcode-register ?dup 0= if s" nop" mnemonic exit then
  s" xchg" mnemonic line-operands operand-size @ line-register line-comma
  0 operand-size @ line-register ;
: op-cqo ( op -- )
  drop operand-size @ dup 8 = if drop s" cqo" mnemonic exit then
  2 = if s" cwd" else s" cdq" then mnemonic ;

~ a4-af: the string instructions, their size a suffix (b w d q); a8 a9 are
~ test with the accumulator
: size-suffix ( size -- c )
  dup 1 = if drop 98 exit then  dup 2 = if drop 119 exit then  4 = if 100 else 113 then ;
: string-prefix ( op -- )
  prefix-rep @ 0= if drop exit then
  prefix-rep @ 0xf2 = if drop s" repnz " line-string exit then
  dup 0xa6 0xa8 within swap 0xae 0xb0 within or
  if s" repz " else s" rep " then line-string ;
: string-name ( op -- str )
  0xa4 - 1 rshift
  dup 0 = if drop s" movs" exit then  dup 1 = if drop s" cmps" exit then
  dup 3 = if drop s" stos" exit then  4 = if s" lods" exit then  s" scas" ;
: op-string ( op -- )
  dup 0xa8 = over 0xa9 = or if
    s" test" mnemonic byte-or-full line-operands dup 0 swap line-register line-comma
    dup next-imm swap line-imm exit
  then
  line-reset dup string-prefix dup string-name line-string
  byte-or-full size-suffix line-char ;

~ b0-b7 mov r8,imm8; b8-bf mov r32,imm32 or, with REX.W, movabs r64,imm64
: op-mov-imm-reg ( op -- )
  dup 0xb8 < if
    s" mov" mnemonic line-operands opcode-register 1 line-register
    line-comma next-byte 1 line-imm exit
  then
  rex-w? if s" movabs" else s" mov" then mnemonic line-operands
  opcode-register operand-size @ line-register line-comma
  rex-w? if next-u64 line-hex else operand-size @ dup next-imm swap line-imm then ;

: shift-mnemonic ( -- )  line-reset modrm-digit 4 shift-names line-field ;
~ c0 c1: shift r/m,imm8; d0 d1: by 1; d2 d3: by cl
: op-shift ( op -- )
  read-modrm shift-mnemonic  dup byte-or-full line-operands line-rm line-comma
  dup 0xc2 < if drop next-byte 1 line-imm exit then
  0xd2 < if 49 line-char else s" cl" line-string then ;

: op-ret ( op -- )  drop s" ret" mnemonic ;
: op-ret-imm ( op -- )  drop s" ret" mnemonic line-operands next-u16 line-hex ;
: op-pushfq ( op -- )  drop s" pushf" mnemonic ;
: op-popfq ( op -- )  drop s" popf" mnemonic ;
: op-int3 ( op -- )  drop s" int3" mnemonic ;
: op-cld ( op -- )  drop s" cld" mnemonic ;
: op-std ( op -- )  drop s" std" mnemonic ;
~ c6 c7: mov r/m,imm
: op-mov-imm-rm ( op -- )
  read-modrm modrm-digit if unknown-opcode exit then
  s" mov" mnemonic byte-or-full
  line-operands dup line-rm line-comma dup next-imm swap line-imm ;
: op-call-rel32 ( op -- )  drop s" call" mnemonic line-operands next-s32 line-target ;
: op-jmp-rel32 ( op -- )  drop s" jmp" mnemonic line-operands next-s32 line-target ;
: op-jmp-rel8 ( op -- )  drop s" jmp" mnemonic line-operands next-s8 line-target ;

~ f6 f7: test r/m,imm (/0); not neg mul imul div idiv r/m (/2-/7)
: op-group3 ( op -- )
  read-modrm modrm-digit 1 = if unknown-opcode exit then
  line-reset modrm-digit 5 group3-names line-field
  byte-or-full line-operands dup line-rm
  modrm-digit 0= if line-comma dup next-imm swap line-imm else drop then ;

~ fe ff: inc dec (/0 /1); ff also call, jmp, push r/m64 (/2 /4 /6)
: op-group5 ( op -- )
  read-modrm modrm-digit
  dup 2 < if
    if s" dec" else s" inc" then mnemonic byte-or-full line-operands line-rm exit
  then
  over 0xff <> if drop unknown-opcode exit then
  dup 2 = if 2drop s" call" mnemonic line-operands 8 line-rm exit then
  dup 4 = if 2drop s" jmp" mnemonic line-operands 8 line-rm exit then
  6 = if drop s" push" mnemonic line-operands 8 line-rm exit then
  unknown-opcode ;


~ ---------------------------------------------------------------- two-byte opcodes (0f xx)

: op-syscall ( op -- )  drop s" syscall" mnemonic ;
: op-ud2 ( op -- )  drop s" ud2" mnemonic ;
: op-cmovcc ( op -- )
  read-modrm line-reset s" cmov" line-string 0xf and line-condition
  operand-size @ reg-then-rm ;
: op-jcc-rel32 ( op -- )
  line-reset 106 line-char 0xf and line-condition line-operands next-s32 line-target ;
: op-setcc ( op -- )
  read-modrm line-reset s" set" line-string 0xf and line-condition line-operands 1 line-rm ;
: op-imul ( op -- )  drop read-modrm s" imul" mnemonic operand-size @ reg-then-rm ;
: op-xadd ( op -- )  drop read-modrm s" xadd" mnemonic operand-size @ rm-then-reg ;
~ b6 b7 movzx, be bf movsx: the source is a byte or a word
: op-widen ( op -- )
  read-modrm dup 0xb8 < if s" movzx" else s" movsx" then mnemonic
  line-operands operand-size @ line-reg line-comma 1 and if 2 else 1 then line-rm ;
: op-bswap ( op -- )
  s" bswap" mnemonic line-operands
  opcode-register rex-w? if 8 else 4 then line-register ;


~ ---------------------------------------------------------------- dispatch

~ One execution token per opcode; `unknown-opcode` where nothing else is.
256 cells buffer: one-byte-opcodes
256 cells buffer: two-byte-opcodes

~ ( lo hi table "name" -- ) the named word handles opcodes lo..hi
: handles-opcodes ( lo hi table "name" -- )
  parse-name must-find entry-to-execution-token
  swap 2swap 1+ swap ?do  2dup i cells + !  loop 2drop ;

0x00 0xff one-byte-opcodes handles-opcodes unknown-opcode
0x00 0xff two-byte-opcodes handles-opcodes unknown-opcode
0x00 0x3f one-byte-opcodes handles-opcodes op-alu
0x50 0x57 one-byte-opcodes handles-opcodes op-push-reg
0x58 0x5f one-byte-opcodes handles-opcodes op-pop-reg
0x63 0x63 one-byte-opcodes handles-opcodes op-movsxd
0x68 0x68 one-byte-opcodes handles-opcodes op-push-imm
0x6a 0x6a one-byte-opcodes handles-opcodes op-push-imm
0x69 0x69 one-byte-opcodes handles-opcodes op-imul-imm
0x6b 0x6b one-byte-opcodes handles-opcodes op-imul-imm
0x70 0x7f one-byte-opcodes handles-opcodes op-jcc-rel8
0x80 0x81 one-byte-opcodes handles-opcodes op-alu-imm
0x83 0x83 one-byte-opcodes handles-opcodes op-alu-imm
0x84 0x85 one-byte-opcodes handles-opcodes op-test
0x86 0x87 one-byte-opcodes handles-opcodes op-xchg
0x88 0x8b one-byte-opcodes handles-opcodes op-mov
0x8d 0x8d one-byte-opcodes handles-opcodes op-lea
0x8f 0x8f one-byte-opcodes handles-opcodes op-pop-rm
0x90 0x97 one-byte-opcodes handles-opcodes op-xchg-acc
0x99 0x99 one-byte-opcodes handles-opcodes op-cqo
0xa4 0xa7 one-byte-opcodes handles-opcodes op-string
0xa8 0xaf one-byte-opcodes handles-opcodes op-string
0xb0 0xbf one-byte-opcodes handles-opcodes op-mov-imm-reg
0xc0 0xc1 one-byte-opcodes handles-opcodes op-shift
0xd0 0xd3 one-byte-opcodes handles-opcodes op-shift
0xc3 0xc3 one-byte-opcodes handles-opcodes op-ret
0xc2 0xc2 one-byte-opcodes handles-opcodes op-ret-imm
0x9c 0x9c one-byte-opcodes handles-opcodes op-pushfq
0x9d 0x9d one-byte-opcodes handles-opcodes op-popfq
0xc6 0xc7 one-byte-opcodes handles-opcodes op-mov-imm-rm
0xcc 0xcc one-byte-opcodes handles-opcodes op-int3
0xe8 0xe8 one-byte-opcodes handles-opcodes op-call-rel32
0xe9 0xe9 one-byte-opcodes handles-opcodes op-jmp-rel32
0xeb 0xeb one-byte-opcodes handles-opcodes op-jmp-rel8
0xf6 0xf7 one-byte-opcodes handles-opcodes op-group3
0xfc 0xfc one-byte-opcodes handles-opcodes op-cld
0xfd 0xfd one-byte-opcodes handles-opcodes op-std
0xfe 0xff one-byte-opcodes handles-opcodes op-group5
0x05 0x05 two-byte-opcodes handles-opcodes op-syscall
0x0b 0x0b two-byte-opcodes handles-opcodes op-ud2
0x40 0x4f two-byte-opcodes handles-opcodes op-cmovcc
0x80 0x8f two-byte-opcodes handles-opcodes op-jcc-rel32
0x90 0x9f two-byte-opcodes handles-opcodes op-setcc
0xaf 0xaf two-byte-opcodes handles-opcodes op-imul
0xc1 0xc1 two-byte-opcodes handles-opcodes op-xadd
0xb6 0xb7 two-byte-opcodes handles-opcodes op-widen
0xbe 0xbf two-byte-opcodes handles-opcodes op-widen
0xc8 0xcf two-byte-opcodes handles-opcodes op-bswap

~ ( -- ) the legacy prefixes incant uses (66 f2 f3), then a REX prefix
: read-prefixes ( -- )
  0 prefix-66 !  0 prefix-rep !  0 rex-prefix !
  begin decode-at @ c@
    dup 0x66 = if drop true prefix-66 ! 1 decode-at +! else
    dup 0xf2 = over 0xf3 = or if prefix-rep ! 1 decode-at +! else
    drop exit then then
  again ;
: read-rex ( -- )
  decode-at @ c@ dup 0xf0 and 0x40 = if rex-prefix ! 1 decode-at +! else drop then ;

~ ( op -- flag ) may a rep prefix come before op?
: string-op? ( op -- flag )  dup 0xa4 0xb0 within  swap 0xa8 0xaa within 0=  and ;

: decode-opcode ( -- )
  next-byte
  prefix-rep @ if dup string-op? 0= if unknown-opcode exit then then
  dup 0x0f = if drop next-byte dup cells two-byte-opcodes + @ execute exit then
  dup cells one-byte-opcodes + @ execute ;

~ ( -- ) decode the instruction at decode-at into the line; a rip-relative
~ operand adds its target as a comment, as objdump does
: decode-instruction ( -- )
  decode-at @ insn-start !  0 rip-used !  clear-memory-operand
  read-prefixes read-rex decide-operand-size decode-opcode
  rip-used @ if s"         # " line-string decode-at @ mem-disp @ + line-hex then ;


~ ---------------------------------------------------------------- lines

variable decode-end   ~ where the code being shown ends

~ ( -- flag ) only zero bytes are left, fewer than a cell: padding
: padding? ( -- flag )
  decode-end @ decode-at @ - 8 < 0= if false exit then
  decode-at @ decode-end @ over - 0 ?do
    dup i + c@ if drop false unloop exit then
  loop drop true ;

~ ( -- flag ) NEXT is at decode-at: 48 ad ff 20 (next-code)
: next? ( -- flag )
  decode-end @ decode-at @ - next-size < if false exit then
  decode-at @ l@ next-code = ;

~ ( start end -- ) the bytes, padded to eight
: .code-bytes ( start end -- )
  2dup swap - >r print-code-bytes
  8 r> - 0 max 3 * 2 + spaces ;

: .instruction-line ( start -- )
  2 spaces dup 16 (u.) 2 spaces  decode-at @ .code-bytes  line-type newline ;

~ ( -- ) one instruction: decode it and print its line
: disassemble-one ( -- )
  decode-at @
  next? if
    4 decode-at +!  line-reset s" next" line-string
  else
    decode-instruction
    decode-at @ decode-end @ u> if 0 unknown-opcode then
  then
  .instruction-line ;

: disassemble ( start end -- )
  decode-end !  decode-at !
  begin decode-at @ decode-end @ u< while
    padding? if exit then
    disassemble-one
  repeat ;
