~ asm/amd64.e: an x86-64 assembler, written in incant.
~
~ Code words, the signal trampolines and the tests build machine code with
~ these words.  Encodings follow the Intel SDM, volume 2 (chapter 2 for the
~ REX, ModRM and SIB bytes, chapters 3-4 for each instruction); where the
~ manual allows two encodings of the same instruction we pick the one GNU as
~ picks, so that tests/asm.bats can compare the bytes with `as --64`.
~
~ HOW THE WORDS ARE CALLED
~
~   Every instruction word takes an output point (an address, usually
~   `here @`), then its operands, and gives the advanced output point:
~   ( outp operands -- outp' ).  Operands are pushed in the reverse of the
~   Intel order, so the target is on top and the source behind it, as with
~   `!`.  `mov rax, rbx` is  `:rbx :rax mov-reg64-reg64`.  A condition code
~   belongs to the mnemonic and is pushed last: `:rbx :rax :e cmovcc-reg64-reg64`.
~
~   A memory operand is two cells, base then displacement:
~     :rbx 16                     [rbx+16]
~     :rbx :rcx 8 indexed 16      [rbx+rcx*8+16]
~     :rip 16                     [rip+16], relative to the next instruction
~   so `mov [rbp-8], rsi` is  `:rsi :rbp -8 mov-mem64-reg64`.
~
~ HOW THE WORDS ARE NAMED
~
~   mnemonic-target-source, each operand named by its class:
~     reg64 reg32 reg16 reg8    a register of that size
~     mem64 mem32 mem16 mem8    a memory operand of that size (two cells)
~     imm64 imm32 imm16 imm8    an immediate.  Forms that have a sign-
~                               extended imm8 encoding use it whenever the
~                               value fits, as GNU as does: `add-reg64-imm32`
~                               takes any signed 32-bit value.
~     cl                        the count in cl, for shifts
~     rel32 rel8                a branch target, given as an address
~   Words for one-operand instructions name that operand (`neg-reg64`).
~   `jcc`, `setcc` and `cmovcc` take a condition code (`:e`, `:nz`, ...).
~
~ REGISTERS AND OTHER OPERAND VALUES
~
~   :rax ... :r15 are the numbers 0-15 in encoding order.  The other classes
~   carry a tag above the number, so an instruction can tell a register of
~   the wrong size (or a plain number) from the one it wants:
~     0x000+n  64-bit   :rax :rcx :rdx :rbx :rsp :rbp :rsi :rdi :r8 ... :r15
~     0x100+n  32-bit   :eax ... :edi :r8d ... :r15d
~     0x200+n  16-bit   :ax ... :di :r8w ... :r15w
~     0x300+n  8-bit    :al :cl :dl :bl :spl :bpl :sil :dil :r8b ... :r15b
~                       (ah ch dh bh are not provided: they cannot be
~                       mixed with a REX prefix, which spl..dil need)
~     0x400    :rip, a base
~     0x500+n  condition codes
~     0x600    an indexed base, made by `indexed`, fields in the high bits
~
~   Bad operands throw (with `fail`) before a single byte is written, with
~   a message that names the instruction and the operand, for example
~   "add-reg64-reg64: source is not a 64-bit register".
~
~ LABELS
~
~   Jumps take target addresses; for a loop, keep the address of its start
~   (`dup`).  For forward jumps there are numbered labels 0-31, local to one
~   code word: `3 jmp-label` jumps to label 3, `3 label` defines it there;
~   jumps made before the label is defined are patched when it is.
~   `code` forgets all labels and `end-code` fails if one was used but never
~   defined (between `[` and `]`, call `reset-labels` and `check-labels`
~   yourself).  By hand: keep the output point after a rel32 jump (`dup`),
~   and when the target is reached, `tuck patch-rel32` points it there.
~
~ CODE WORDS
~
~   code cell/ ( n -- n/8 )  3 :rsp 0 sar-mem64-imm8  end-code
~
~   `code` parses a name, makes a word whose codeword points at the machine
~   code that follows, and leaves the output point; `end-code` appends NEXT
~   and makes the word visible.  The value stack is the hardware stack, its
~   top at [rsp]; rsi (the threaded-code pointer) and rbp (the control stack)
~   must be preserved, and DF left clear; the other registers are free.  The
~   long hand is  : name [ here @ ... here ! ] ;asm
~   `print-code-bytes ( start end -- )` shows what was assembled.  The end of
~   this file defines cmove, cmove>, bounds and byte-swap with the assembler.


~ ---------------------------------------------------------------- operands


~ Registers, in the order of their encoding (SDM vol. 2, table 3-1).
0 constant :rax   1 constant :rcx   2 constant :rdx   3 constant :rbx
4 constant :rsp   5 constant :rbp   6 constant :rsi   7 constant :rdi
8 constant :r8    9 constant :r9   10 constant :r10  11 constant :r11
12 constant :r12 13 constant :r13  14 constant :r14  15 constant :r15

0x100 constant :eax   0x101 constant :ecx   0x102 constant :edx   0x103 constant :ebx
0x104 constant :esp   0x105 constant :ebp   0x106 constant :esi   0x107 constant :edi
0x108 constant :r8d   0x109 constant :r9d   0x10a constant :r10d  0x10b constant :r11d
0x10c constant :r12d  0x10d constant :r13d  0x10e constant :r14d  0x10f constant :r15d

0x200 constant :ax    0x201 constant :cx    0x202 constant :dx    0x203 constant :bx
0x204 constant :sp    0x205 constant :bp    0x206 constant :si    0x207 constant :di
0x208 constant :r8w   0x209 constant :r9w   0x20a constant :r10w  0x20b constant :r11w
0x20c constant :r12w  0x20d constant :r13w  0x20e constant :r14w  0x20f constant :r15w

0x300 constant :al    0x301 constant :cl    0x302 constant :dl    0x303 constant :bl
0x304 constant :spl   0x305 constant :bpl   0x306 constant :sil   0x307 constant :dil
0x308 constant :r8b   0x309 constant :r9b   0x30a constant :r10b  0x30b constant :r11b
0x30c constant :r12b  0x30d constant :r13b  0x30e constant :r14b  0x30f constant :r15b

~ The base of a rip-relative memory operand: [rip+disp] counts from the end
~ of the instruction, as in GNU as.
0x400 constant :rip

~ Condition codes, the low nibble of jcc/setcc/cmovcc (SDM vol. 1, B.1).
0x500 constant :o    0x501 constant :no
0x502 constant :b    0x502 constant :c    0x502 constant :nae
0x503 constant :ae   0x503 constant :nb   0x503 constant :nc
0x504 constant :e    0x504 constant :z
0x505 constant :ne   0x505 constant :nz
0x506 constant :be   0x506 constant :na
0x507 constant :a    0x507 constant :nbe
0x508 constant :s    0x509 constant :ns
0x50a constant :p    0x50a constant :pe
0x50b constant :np   0x50b constant :po
0x50c constant :l    0x50c constant :nge
0x50d constant :ge   0x50d constant :nl
0x50e constant :le   0x50e constant :ng
0x50f constant :g    0x50f constant :nle

~ Operand classes: the tag that `register?` compares against.
0x000 constant reg64-class
0x100 constant reg32-class
0x200 constant reg16-class
0x300 constant reg8-class
0x500 constant condition-class

~ ( x class -- flag ) is x a register (or condition) of that class?
: register? ( x class -- flag )  swap 0xf invert and = ;

~ ( x lo hi -- flag ) lo <= x <= hi
: in-range? ( x lo hi -- flag )  >r over <= swap r> <= and ;

~ ( x -- flag ) does x fit a sign-extended byte / dword?
: s8? ( x -- flag )  -128 127 in-range? ;
: s32? ( x -- flag )  -0x80000000 0x7fffffff in-range? ;

~ ( x -- b ) x when it is 0-255, else 255 (an invalid register or scale)
: clamp-byte ( x -- b )  dup 0 255 in-range? 0= if drop 255 then ;

~ An indexed base packs base, index and scale above the tag 0x600 (bits 16,
~ 24 and 32).  It is checked only when an instruction uses it, so the error
~ names that instruction.
~ ( base index scale -- mem-base )
: indexed ( base index scale -- mem-base )
  clamp-byte 32 lshift  swap clamp-byte 24 lshift or  swap clamp-byte 16 lshift or
  0x600 or ;

~ ( x -- flag ) was x made by `indexed`?
: indexed? ( x -- flag )  dup 0xffff and 0x600 =  swap 40 rshift 0= and ;


~ ---------------------------------------------------------------- errors

~ The instruction being assembled, for error messages.
variable insn-name

256 buffer: operand-message
variable message-end

~ ( str -- ) append a NUL-terminated string to the message being built
: message-append ( str -- )
  begin dup c@ ?dup while
    message-end @ operand-message 250 + u< if message-end @ c!  1 message-end +! else drop then
    1+
  repeat drop ;

~ ( n -- ) append n in decimal
: message-append-number ( n -- )
  dup 0< if s" -" message-append negate then
  10 /% ?dup if recurse then
  48 + message-end @ c!  1 message-end +! ;

~ ( -- ) start a message with "<instruction>: "
: message-start ( -- )
  operand-message message-end !  insn-name @ message-append  s" : " message-append ;

~ ( -- ) end the message and throw it
: message-fail ( -- )  0 message-end @ c!  operand-message fail ; quiet

~ ( role what -- ) throw "<instruction>: <role> is not <what>"
: operand-error ( role what -- )
  swap message-start message-append  s"  is not " message-append  message-append
  message-fail ; quiet


~ ---------------------------------------------------------------- encoder state

~ Every instruction word first checks all its operands, recording what it
~ found in these variables, then emits.  One place computes the REX prefix,
~ one the ModRM/SIB/displacement bytes (SDM vol. 2, 2.1-2.2).

variable enc-class   ~ operand size: one of the reg classes
variable enc-w       ~ 1: REX.W (64-bit operand size)
variable enc-16      ~ 1: the 0x66 operand-size prefix
variable enc-rex     ~ 1: a REX prefix even if empty (spl bpl sil dil)
variable enc-reg     ~ ModRM.reg: a register number or an opcode extension /digit
variable enc-mode    ~ ModRM.r/m is 0: a register  1: [base+disp]
                     ~   2: [base+index*scale+disp]  3: [rip+disp]
variable enc-rm      ~ the register, or the base register
variable enc-index   ~ the index register (mode 2)
variable enc-scale   ~ log2 of the scale (mode 2)
variable enc-disp    ~ the displacement

~ ( name -- ) start assembling an instruction: forget the last one's operands
: begin-insn ( name -- )
  insn-name !
  reg64-class enc-class !  0 enc-w !  0 enc-16 !  0 enc-rex !  0 enc-reg !
  0 enc-mode !  0 enc-rm !  0 enc-index !  0 enc-scale !  0 enc-disp ! ;

~ `insn:` starts the definition of an instruction word, and compiles code
~ that records the word's name for error messages: insn: name ... ;
: insn: ( "name" -- )
  parse-name create make-hidden docol ,
  latest @ entry-name [compile] literal  ['] begin-insn ,  ] ;

~ Operand sizes.  64-bit needs REX.W, 16-bit the 0x66 prefix; the 8-bit forms
~ use their own opcodes (see `sized`).  `default64` is for the instructions
~ whose operand size is 64 bits without REX.W (push, pop, call, jmp).
: 64bit ( -- )  reg64-class enc-class !  1 enc-w ! ;
: 32bit ( -- )  reg32-class enc-class ! ;
: 16bit ( -- )  reg16-class enc-class !  1 enc-16 ! ;
: 8bit ( -- )  reg8-class enc-class ! ;
: default64 ( -- )  reg64-class enc-class ! ;

~ ( op -- op' ) most 8-bit forms are the opcode just below the wider one
: sized ( op -- op' )  enc-class @ reg8-class = if 1- then ;


~ ---------------------------------------------------------------- operand checks

~ ( class -- str ) what a register of that class is called in a message
: class-name ( class -- str )
  dup reg64-class = if drop s" a 64-bit register" exit then
  dup reg32-class = if drop s" a 32-bit register" exit then
  reg16-class = if s" a 16-bit register" exit then
  s" an 8-bit register" ;

~ ( x role class -- n ) check that x is a register of class, give its number.
~ spl bpl sil dil are only reachable with a REX prefix (without one, 4-7
~ mean ah ch dh bh).
: check-reg ( x role class -- n )
  >r over r@ register? 0= if r> class-name operand-error then
  drop 0xf and
  r> reg8-class = if dup 4 7 in-range? if 1 enc-rex ! then then ;

~ ( x role -- ) the ModRM.reg operand / the register r/m operand, of the
~ instruction's operand size
: reg-field ( x role -- )  enc-class @ check-reg enc-reg ! ;
: rm-reg ( x role -- )  enc-class @ check-reg enc-rm !  0 enc-mode ! ;

~ ( s -- bits ) a scale as the two SIB bits
: scale-bits ( s -- bits )
  dup 1 = if drop 0 exit then  dup 2 = if drop 1 exit then
  dup 4 = if drop 2 exit then  dup 8 = if drop 3 exit then
  drop s" scale" s" 1, 2, 4 or 8" operand-error ;

~ ( mem-base -- ) check the parts of an indexed base.  rsp cannot be an
~ index: that SIB encoding means "no index".
: check-indexed ( mem-base -- )
  dup 16 rshift 0xff and s" base" reg64-class check-reg enc-rm !
  dup 24 rshift 0xff and
    dup 4 = if s" index" s" a 64-bit register other than rsp" operand-error then
    s" index" reg64-class check-reg enc-index !
  32 rshift 0xff and scale-bits enc-scale !
  2 enc-mode ! ;

~ ( base disp -- ) check a memory operand
: rm-mem ( base disp -- )
  dup s32? 0= if s" displacement" s" a signed 32-bit number" operand-error then
  enc-disp !
  dup :rip = if drop 3 enc-mode ! exit then
  dup indexed? if check-indexed exit then
  s" base" reg64-class check-reg enc-rm !  1 enc-mode ! ;

~ ( x -- n ) check a condition code
: check-condition ( x -- n )
  dup condition-class register? 0= if s" condition" s" a condition code" operand-error then
  0xf and ;

~ ( x lo hi what -- x ) check an immediate
: check-imm ( x lo hi what -- x )
  >r >r >r dup r> r> in-range? if r> drop exit then
  s" immediate" r> operand-error ;

~ ( x -- x ) check an immediate of the instruction's operand size.  A 32-bit
~ operation takes 0..0xffffffff as well as negative numbers, as GNU as does.
: check-sized-imm ( x -- x )
  enc-class @ reg8-class = if -128 255 s" an 8-bit number" check-imm exit then
  enc-class @ reg16-class = if -0x8000 0xffff s" a 16-bit number" check-imm exit then
  enc-class @ reg32-class = if -0x80000000 0xffffffff s" a 32-bit number" check-imm exit then
  -0x80000000 0x7fffffff s" a signed 32-bit number" check-imm ;

~ ( x -- x ) check a shift count
: check-count ( x -- x )
  enc-class @ reg64-class = if 0 63 else 0 31 then
  >r >r dup r> r> in-range? 0= if
    enc-class @ reg64-class = if s" count" s" in 0..63" else s" count" s" in 0..31" then
    operand-error
  then ;

~ ( x -- x' ) a 32-bit immediate as the signed number the CPU sees
: sign-extend-32 ( x -- x' )  dup 0x7fffffff > if 0x100000000 - then ;

~ ( x -- flag ) can this immediate use the sign-extended imm8 form?
: short-imm? ( x -- flag )
  enc-class @ reg8-class = if drop 0 exit then  sign-extend-32 s8? ;


~ ---------------------------------------------------------------- emitting

~ ( -- bits ) REX.R, REX.X, REX.B from the recorded operands
: rex-r ( -- bits )  enc-reg @ 3 rshift 1 and 2 lshift ;
: rex-x ( -- bits )  enc-mode @ 2 = if enc-index @ 3 rshift 1 and 1 lshift else 0 then ;
: rex-b ( -- bits )  enc-mode @ 3 = if 0 else enc-rm @ 3 rshift 1 and then ;

~ ( outp -- outp' ) the 0x66 and REX prefixes the operands need
: emit-prefixes ( outp -- outp' )
  enc-16 @ if 0x66 pack8 then
  enc-w @ 3 lshift rex-r or rex-x or rex-b or
  dup enc-rex @ or if 0x40 or pack8 else drop then ;

~ ( outp op -- outp' ) a one-byte opcode, or a two-byte one given as 0x0fXX
: emit-opcode ( outp op -- outp' )
  dup 0xff u> if tuck 8 rshift pack8 swap 0xff and then pack8 ;

: reg-bits ( -- bits )  enc-reg @ 7 and 3 lshift ;
: base-low ( -- n )  enc-rm @ 7 and ;

~ rsp and r12 as a base need a SIB byte: r/m 100 means "SIB follows".
: needs-sib? ( -- flag )  enc-mode @ 2 =  base-low 4 = or ;

~ ( -- mod ) rbp and r13 as a base need a displacement even when it is zero:
~ mod 00 with base 101 means "no base, disp32" (rip-relative without SIB).
: disp-mod ( -- mod )
  enc-disp @ 0= base-low 5 <> and if 0 exit then
  enc-disp @ s8? if 1 else 2 then ;

~ ( outp -- outp' ) the SIB byte; index 100 means none
: emit-sib ( outp -- outp' )
  enc-mode @ 2 = if enc-scale @ 6 lshift enc-index @ 7 and 3 lshift or else 0x20 then
  base-low or pack8 ;

~ ( outp mod -- outp' )
: emit-disp ( outp mod -- outp' )
  dup 1 = if drop enc-disp @ pack8 exit then
  2 = if enc-disp @ pack32 then ;

~ ( outp -- outp' ) ModRM, SIB and displacement for the recorded r/m operand
: emit-modrm ( outp -- outp' )
  enc-mode @ 0= if 0xc0 reg-bits or base-low or pack8 exit then
  enc-mode @ 3 = if 0x05 reg-bits or pack8 enc-disp @ pack32 exit then
  disp-mod >r
  r@ 6 lshift reg-bits or  needs-sib? if 4 else base-low then or pack8
  needs-sib? if emit-sib then
  r> emit-disp ;

~ ( outp op -- outp' ) an instruction with a ModRM byte
: emit-rm-insn ( outp op -- outp' )  swap emit-prefixes swap emit-opcode emit-modrm ;

~ ( outp op -- outp' ) an instruction without ModRM (the prefixes still count)
: emit-plain ( outp op -- outp' )  swap emit-prefixes swap emit-opcode ;

~ ( outp op -- outp' ) an opcode with the register in its low three bits
: emit-plus-reg ( outp op -- outp' )  swap emit-prefixes swap enc-rm @ 7 and + emit-opcode ;

~ ( outp x -- outp' ) an immediate of the operand size (32 bits for 64-bit ops)
: emit-imm ( outp x -- outp' )
  enc-class @ reg8-class = if pack8 exit then
  enc-class @ reg16-class = if pack16 exit then
  pack32 ;

~ ( outp imm op -- outp' ) ModRM instruction, then its immediate
: emit-rm-imm ( outp imm op -- outp' )  rot swap emit-rm-insn swap emit-imm ;
: emit-rm-imm8 ( outp imm op -- outp' )  rot swap emit-rm-insn swap pack8 ;


~ ---------------------------------------------------------------- operand shapes

~ The common shapes of two-operand instructions.  "rm" is the ModRM.r/m
~ operand, "reg" the ModRM.reg one.
~ ( outp src dst op -- outp' ) op r/m=dst, reg=src
: shape-rm-reg ( outp src dst op -- outp' )  >r s" target" rm-reg s" source" reg-field r> emit-rm-insn ;
~ ( outp src dst op -- outp' ) op reg=dst, r/m=src
: shape-reg-rm ( outp src dst op -- outp' )  >r s" target" reg-field s" source" rm-reg r> emit-rm-insn ;
~ ( outp src base disp op -- outp' ) op [mem], reg
: shape-mem-reg ( outp src base disp op -- outp' )  >r rm-mem s" source" reg-field r> emit-rm-insn ;
~ ( outp base disp dst op -- outp' ) op reg, [mem]
: shape-reg-mem ( outp base disp dst op -- outp' )  >r s" target" reg-field rm-mem r> emit-rm-insn ;
~ ( outp dst digit op -- outp' ) op /digit on a register
: shape-digit-reg ( outp dst digit op -- outp' )  >r enc-reg ! s" operand" rm-reg r> emit-rm-insn ;
~ ( outp base disp digit op -- outp' ) op /digit on memory
: shape-digit-mem ( outp base disp digit op -- outp' )  >r enc-reg ! rm-mem r> emit-rm-insn ;


~ ---------------------------------------------------------------- add or adc sbb and sub xor cmp

~ The eight classic arithmetic operations share their encodings and differ
~ in a number 0-7: the /digit of the 0x80-0x83 group, and bits 3-5 of the
~ opcodes 0x00-0x3f (SDM vol. 2, ADD and table A-6).

~ ( outp src dst n -- outp' )
: alu-reg-reg ( outp src dst n -- outp' )  8 * 1 + sized shape-rm-reg ;
~ ( outp base disp dst n -- outp' )
: alu-reg-mem ( outp base disp dst n -- outp' )  8 * 3 + sized shape-reg-mem ;
~ ( outp src base disp n -- outp' )
: alu-mem-reg ( outp src base disp n -- outp' )  8 * 1 + sized shape-mem-reg ;

~ ( outp imm n -- outp' ) the r/m operand is already recorded.  Like GNU
~ as: the sign-extended imm8 form when the value fits, else the short
~ accumulator form for rax/eax/al, else the full one.
: alu-imm ( outp imm n -- outp' )
  enc-reg !  check-sized-imm
  dup short-imm? if 0x83 emit-rm-imm8 exit then
  enc-mode @ 0= enc-rm @ 0= and if
    enc-reg @ 8 * 5 + sized  rot swap emit-plain swap emit-imm exit
  then
  0x81 sized emit-rm-imm ;
~ ( outp imm dst n -- outp' )
: alu-reg-imm ( outp imm dst n -- outp' )  >r s" target" rm-reg r> alu-imm ;
~ ( outp imm base disp n -- outp' )
: alu-mem-imm ( outp imm base disp n -- outp' )  >r rm-mem r> alu-imm ;

insn: add-reg64-reg64 ( outp src dst -- outp' )  64bit 0 alu-reg-reg ;
insn: add-reg32-reg32 ( outp src dst -- outp' )  32bit 0 alu-reg-reg ;
insn: add-reg8-reg8 ( outp src dst -- outp' )  8bit 0 alu-reg-reg ;
insn: add-reg64-mem64 ( outp base disp dst -- outp' )  64bit 0 alu-reg-mem ;
insn: add-reg32-mem32 ( outp base disp dst -- outp' )  32bit 0 alu-reg-mem ;
insn: add-mem64-reg64 ( outp src base disp -- outp' )  64bit 0 alu-mem-reg ;
insn: add-mem32-reg32 ( outp src base disp -- outp' )  32bit 0 alu-mem-reg ;
insn: add-reg64-imm32 ( outp imm dst -- outp' )  64bit 0 alu-reg-imm ;
insn: add-reg32-imm32 ( outp imm dst -- outp' )  32bit 0 alu-reg-imm ;
insn: add-reg8-imm8 ( outp imm dst -- outp' )  8bit 0 alu-reg-imm ;
insn: add-mem64-imm32 ( outp imm base disp -- outp' )  64bit 0 alu-mem-imm ;
insn: add-mem32-imm32 ( outp imm base disp -- outp' )  32bit 0 alu-mem-imm ;
insn: add-mem8-imm8 ( outp imm base disp -- outp' )  8bit 0 alu-mem-imm ;

insn: or-reg64-reg64 ( outp src dst -- outp' )  64bit 1 alu-reg-reg ;
insn: or-reg32-reg32 ( outp src dst -- outp' )  32bit 1 alu-reg-reg ;
insn: or-reg8-reg8 ( outp src dst -- outp' )  8bit 1 alu-reg-reg ;
insn: or-reg64-mem64 ( outp base disp dst -- outp' )  64bit 1 alu-reg-mem ;
insn: or-reg32-mem32 ( outp base disp dst -- outp' )  32bit 1 alu-reg-mem ;
insn: or-mem64-reg64 ( outp src base disp -- outp' )  64bit 1 alu-mem-reg ;
insn: or-mem32-reg32 ( outp src base disp -- outp' )  32bit 1 alu-mem-reg ;
insn: or-reg64-imm32 ( outp imm dst -- outp' )  64bit 1 alu-reg-imm ;
insn: or-reg32-imm32 ( outp imm dst -- outp' )  32bit 1 alu-reg-imm ;
insn: or-reg8-imm8 ( outp imm dst -- outp' )  8bit 1 alu-reg-imm ;
insn: or-mem64-imm32 ( outp imm base disp -- outp' )  64bit 1 alu-mem-imm ;
insn: or-mem32-imm32 ( outp imm base disp -- outp' )  32bit 1 alu-mem-imm ;
insn: or-mem8-imm8 ( outp imm base disp -- outp' )  8bit 1 alu-mem-imm ;

insn: adc-reg64-reg64 ( outp src dst -- outp' )  64bit 2 alu-reg-reg ;
insn: adc-reg64-mem64 ( outp base disp dst -- outp' )  64bit 2 alu-reg-mem ;
insn: adc-mem64-reg64 ( outp src base disp -- outp' )  64bit 2 alu-mem-reg ;
insn: adc-reg64-imm32 ( outp imm dst -- outp' )  64bit 2 alu-reg-imm ;

insn: sbb-reg64-reg64 ( outp src dst -- outp' )  64bit 3 alu-reg-reg ;
insn: sbb-reg64-mem64 ( outp base disp dst -- outp' )  64bit 3 alu-reg-mem ;
insn: sbb-mem64-reg64 ( outp src base disp -- outp' )  64bit 3 alu-mem-reg ;
insn: sbb-reg64-imm32 ( outp imm dst -- outp' )  64bit 3 alu-reg-imm ;

insn: and-reg64-reg64 ( outp src dst -- outp' )  64bit 4 alu-reg-reg ;
insn: and-reg32-reg32 ( outp src dst -- outp' )  32bit 4 alu-reg-reg ;
insn: and-reg8-reg8 ( outp src dst -- outp' )  8bit 4 alu-reg-reg ;
insn: and-reg64-mem64 ( outp base disp dst -- outp' )  64bit 4 alu-reg-mem ;
insn: and-reg32-mem32 ( outp base disp dst -- outp' )  32bit 4 alu-reg-mem ;
insn: and-mem64-reg64 ( outp src base disp -- outp' )  64bit 4 alu-mem-reg ;
insn: and-mem32-reg32 ( outp src base disp -- outp' )  32bit 4 alu-mem-reg ;
insn: and-reg64-imm32 ( outp imm dst -- outp' )  64bit 4 alu-reg-imm ;
insn: and-reg32-imm32 ( outp imm dst -- outp' )  32bit 4 alu-reg-imm ;
insn: and-reg8-imm8 ( outp imm dst -- outp' )  8bit 4 alu-reg-imm ;
insn: and-mem64-imm32 ( outp imm base disp -- outp' )  64bit 4 alu-mem-imm ;
insn: and-mem32-imm32 ( outp imm base disp -- outp' )  32bit 4 alu-mem-imm ;
insn: and-mem8-imm8 ( outp imm base disp -- outp' )  8bit 4 alu-mem-imm ;

insn: sub-reg64-reg64 ( outp src dst -- outp' )  64bit 5 alu-reg-reg ;
insn: sub-reg32-reg32 ( outp src dst -- outp' )  32bit 5 alu-reg-reg ;
insn: sub-reg8-reg8 ( outp src dst -- outp' )  8bit 5 alu-reg-reg ;
insn: sub-reg64-mem64 ( outp base disp dst -- outp' )  64bit 5 alu-reg-mem ;
insn: sub-reg32-mem32 ( outp base disp dst -- outp' )  32bit 5 alu-reg-mem ;
insn: sub-mem64-reg64 ( outp src base disp -- outp' )  64bit 5 alu-mem-reg ;
insn: sub-mem32-reg32 ( outp src base disp -- outp' )  32bit 5 alu-mem-reg ;
insn: sub-reg64-imm32 ( outp imm dst -- outp' )  64bit 5 alu-reg-imm ;
insn: sub-reg32-imm32 ( outp imm dst -- outp' )  32bit 5 alu-reg-imm ;
insn: sub-reg8-imm8 ( outp imm dst -- outp' )  8bit 5 alu-reg-imm ;
insn: sub-mem64-imm32 ( outp imm base disp -- outp' )  64bit 5 alu-mem-imm ;
insn: sub-mem32-imm32 ( outp imm base disp -- outp' )  32bit 5 alu-mem-imm ;
insn: sub-mem8-imm8 ( outp imm base disp -- outp' )  8bit 5 alu-mem-imm ;

insn: xor-reg64-reg64 ( outp src dst -- outp' )  64bit 6 alu-reg-reg ;
insn: xor-reg32-reg32 ( outp src dst -- outp' )  32bit 6 alu-reg-reg ;
insn: xor-reg8-reg8 ( outp src dst -- outp' )  8bit 6 alu-reg-reg ;
insn: xor-reg64-mem64 ( outp base disp dst -- outp' )  64bit 6 alu-reg-mem ;
insn: xor-reg32-mem32 ( outp base disp dst -- outp' )  32bit 6 alu-reg-mem ;
insn: xor-mem64-reg64 ( outp src base disp -- outp' )  64bit 6 alu-mem-reg ;
insn: xor-mem32-reg32 ( outp src base disp -- outp' )  32bit 6 alu-mem-reg ;
insn: xor-reg64-imm32 ( outp imm dst -- outp' )  64bit 6 alu-reg-imm ;
insn: xor-reg32-imm32 ( outp imm dst -- outp' )  32bit 6 alu-reg-imm ;
insn: xor-reg8-imm8 ( outp imm dst -- outp' )  8bit 6 alu-reg-imm ;
insn: xor-mem64-imm32 ( outp imm base disp -- outp' )  64bit 6 alu-mem-imm ;
insn: xor-mem32-imm32 ( outp imm base disp -- outp' )  32bit 6 alu-mem-imm ;
insn: xor-mem8-imm8 ( outp imm base disp -- outp' )  8bit 6 alu-mem-imm ;

insn: cmp-reg64-reg64 ( outp src dst -- outp' )  64bit 7 alu-reg-reg ;
insn: cmp-reg32-reg32 ( outp src dst -- outp' )  32bit 7 alu-reg-reg ;
insn: cmp-reg8-reg8 ( outp src dst -- outp' )  8bit 7 alu-reg-reg ;
insn: cmp-reg64-mem64 ( outp base disp dst -- outp' )  64bit 7 alu-reg-mem ;
insn: cmp-reg32-mem32 ( outp base disp dst -- outp' )  32bit 7 alu-reg-mem ;
insn: cmp-mem64-reg64 ( outp src base disp -- outp' )  64bit 7 alu-mem-reg ;
insn: cmp-mem32-reg32 ( outp src base disp -- outp' )  32bit 7 alu-mem-reg ;
insn: cmp-reg64-imm32 ( outp imm dst -- outp' )  64bit 7 alu-reg-imm ;
insn: cmp-reg32-imm32 ( outp imm dst -- outp' )  32bit 7 alu-reg-imm ;
insn: cmp-reg8-imm8 ( outp imm dst -- outp' )  8bit 7 alu-reg-imm ;
insn: cmp-mem64-imm32 ( outp imm base disp -- outp' )  64bit 7 alu-mem-imm ;
insn: cmp-mem32-imm32 ( outp imm base disp -- outp' )  32bit 7 alu-mem-imm ;
insn: cmp-mem8-imm8 ( outp imm base disp -- outp' )  8bit 7 alu-mem-imm ;


~ ---------------------------------------------------------------- test

~ test has no sign-extended imm8 form (SDM vol. 2, TEST).
~ ( outp imm -- outp' ) the r/m operand is already recorded
: test-imm ( outp imm -- outp' )
  0 enc-reg !  check-sized-imm
  enc-mode @ 0= enc-rm @ 0= and if 0xa9 sized rot swap emit-plain swap emit-imm exit then
  0xf7 sized emit-rm-imm ;

insn: test-reg64-reg64 ( outp src dst -- outp' )  64bit 0x85 shape-rm-reg ;
insn: test-reg32-reg32 ( outp src dst -- outp' )  32bit 0x85 shape-rm-reg ;
insn: test-reg8-reg8 ( outp src dst -- outp' )  8bit 0x84 shape-rm-reg ;
insn: test-mem64-reg64 ( outp src base disp -- outp' )  64bit 0x85 shape-mem-reg ;
insn: test-mem8-reg8 ( outp src base disp -- outp' )  8bit 0x84 shape-mem-reg ;
insn: test-reg64-imm32 ( outp imm dst -- outp' )  64bit s" target" rm-reg test-imm ;
insn: test-reg32-imm32 ( outp imm dst -- outp' )  32bit s" target" rm-reg test-imm ;
insn: test-reg8-imm8 ( outp imm dst -- outp' )  8bit s" target" rm-reg test-imm ;
insn: test-mem64-imm32 ( outp imm base disp -- outp' )  64bit rm-mem test-imm ;
insn: test-mem8-imm8 ( outp imm base disp -- outp' )  8bit rm-mem test-imm ;


~ ---------------------------------------------------------------- mov

insn: mov-reg64-reg64 ( outp src dst -- outp' )  64bit 0x89 shape-rm-reg ;
insn: mov-reg32-reg32 ( outp src dst -- outp' )  32bit 0x89 shape-rm-reg ;
insn: mov-reg16-reg16 ( outp src dst -- outp' )  16bit 0x89 shape-rm-reg ;
insn: mov-reg8-reg8 ( outp src dst -- outp' )  8bit 0x88 shape-rm-reg ;

~ Loads.  A 32-bit load zero-extends into the whole register.
insn: mov-reg64-mem64 ( outp base disp dst -- outp' )  64bit 0x8b shape-reg-mem ;
insn: mov-reg32-mem32 ( outp base disp dst -- outp' )  32bit 0x8b shape-reg-mem ;
insn: mov-reg16-mem16 ( outp base disp dst -- outp' )  16bit 0x8b shape-reg-mem ;
insn: mov-reg8-mem8 ( outp base disp dst -- outp' )  8bit 0x8a shape-reg-mem ;

~ Stores.
insn: mov-mem64-reg64 ( outp src base disp -- outp' )  64bit 0x89 shape-mem-reg ;
insn: mov-mem32-reg32 ( outp src base disp -- outp' )  32bit 0x89 shape-mem-reg ;
insn: mov-mem16-reg16 ( outp src base disp -- outp' )  16bit 0x89 shape-mem-reg ;
insn: mov-mem8-reg8 ( outp src base disp -- outp' )  8bit 0x88 shape-mem-reg ;

~ Always the 10-byte REX.W B8+r form, even for small values, so the
~ immediate sits at a fixed place (outp+2) and can be patched in place.
insn: mov-reg64-imm64 ( outp imm dst -- outp' )
  64bit s" target" rm-reg  swap 0xb8 emit-plus-reg swap pack64 ;

~ ( outp imm dst -- outp' ) mov r/m64, imm32 (sign-extended): 7 bytes
insn: mov-reg64-imm32 ( outp imm dst -- outp' )
  64bit s" target" rm-reg check-sized-imm 0xc7 emit-rm-imm ;
~ mov r32, imm32 zero-extends into the whole register: 5 or 6 bytes
insn: mov-reg32-imm32 ( outp imm dst -- outp' )
  32bit s" target" rm-reg check-sized-imm  swap 0xb8 emit-plus-reg swap emit-imm ;
insn: mov-reg8-imm8 ( outp imm dst -- outp' )
  8bit s" target" rm-reg check-sized-imm  swap 0xb0 emit-plus-reg swap emit-imm ;

insn: mov-mem64-imm32 ( outp imm base disp -- outp' )  64bit rm-mem check-sized-imm 0xc7 emit-rm-imm ;
insn: mov-mem32-imm32 ( outp imm base disp -- outp' )  32bit rm-mem check-sized-imm 0xc7 emit-rm-imm ;
insn: mov-mem16-imm16 ( outp imm base disp -- outp' )  16bit rm-mem check-sized-imm 0xc7 emit-rm-imm ;
insn: mov-mem8-imm8 ( outp imm base disp -- outp' )  8bit rm-mem check-sized-imm 0xc6 emit-rm-imm ;


~ ---------------------------------------------------------------- movzx movsx lea

~ The source is narrower than the target, so the two operands are checked
~ against different classes.
~ ( outp src dst class op -- outp' ) op reg=dst, r/m=src register of class
: widen-reg ( outp src dst class op -- outp' )
  >r >r s" target" reg-field  s" source" r> check-reg enc-rm !  0 enc-mode !
  r> emit-rm-insn ;
~ ( outp base disp dst op -- outp' )
: widen-mem ( outp base disp dst op -- outp' )  shape-reg-mem ;

insn: movzx-reg64-reg8 ( outp src dst -- outp' )  64bit reg8-class 0x0fb6 widen-reg ;
insn: movzx-reg32-reg8 ( outp src dst -- outp' )  32bit reg8-class 0x0fb6 widen-reg ;
insn: movzx-reg64-reg16 ( outp src dst -- outp' )  64bit reg16-class 0x0fb7 widen-reg ;
insn: movzx-reg32-reg16 ( outp src dst -- outp' )  32bit reg16-class 0x0fb7 widen-reg ;
insn: movzx-reg64-mem8 ( outp base disp dst -- outp' )  64bit 0x0fb6 widen-mem ;
insn: movzx-reg32-mem8 ( outp base disp dst -- outp' )  32bit 0x0fb6 widen-mem ;
insn: movzx-reg64-mem16 ( outp base disp dst -- outp' )  64bit 0x0fb7 widen-mem ;
insn: movzx-reg32-mem16 ( outp base disp dst -- outp' )  32bit 0x0fb7 widen-mem ;

insn: movsx-reg64-reg8 ( outp src dst -- outp' )  64bit reg8-class 0x0fbe widen-reg ;
insn: movsx-reg64-reg16 ( outp src dst -- outp' )  64bit reg16-class 0x0fbf widen-reg ;
insn: movsxd-reg64-reg32 ( outp src dst -- outp' )  64bit reg32-class 0x63 widen-reg ;
insn: movsx-reg64-mem8 ( outp base disp dst -- outp' )  64bit 0x0fbe widen-mem ;
insn: movsx-reg64-mem16 ( outp base disp dst -- outp' )  64bit 0x0fbf widen-mem ;
insn: movsxd-reg64-mem32 ( outp base disp dst -- outp' )  64bit 0x63 widen-mem ;

insn: lea-reg64-mem64 ( outp base disp dst -- outp' )  64bit 0x8d shape-reg-mem ;


~ ---------------------------------------------------------------- push pop xchg

~ push and pop are 64-bit without REX.W.
insn: push-reg64 ( outp src -- outp' )  default64 s" source" rm-reg 0x50 emit-plus-reg ;
insn: pop-reg64 ( outp dst -- outp' )  default64 s" target" rm-reg 0x58 emit-plus-reg ;
insn: push-mem64 ( outp base disp -- outp' )  default64 6 0xff shape-digit-mem ;
insn: pop-mem64 ( outp base disp -- outp' )  default64 0 0x8f shape-digit-mem ;
~ ( outp imm -- outp' ) pushes the immediate sign-extended to 64 bits
insn: push-imm32 ( outp imm -- outp' )
  -0x80000000 0x7fffffff s" a signed 32-bit number" check-imm
  dup s8? if swap 0x6a pack8 swap pack8 exit then
  swap 0x68 pack8 swap pack32 ;

~ ( outp src dst -- outp' ) GNU as uses the one-byte 90+r form when either
~ operand is the accumulator, except xchg eax, eax: 90 is nop, which would
~ not clear the high half of rax.  xchg rax, rax it writes as a bare 90.
: xchg-reg-reg ( outp src dst -- outp' )
  s" target" rm-reg  s" source" reg-field
  enc-reg @ 0= enc-rm @ 0= and if
    enc-class @ reg64-class = if 0 enc-w ! 0x90 emit-plain exit then
    0x87 emit-rm-insn exit
  then
  enc-rm @ 0= if enc-reg @ enc-rm !  0 enc-reg ! then
  enc-reg @ 0= if 0x90 emit-plus-reg exit then
  0x87 emit-rm-insn ;

insn: xchg-reg64-reg64 ( outp src dst -- outp' )  64bit xchg-reg-reg ;
insn: xchg-reg32-reg32 ( outp src dst -- outp' )  32bit xchg-reg-reg ;
insn: xchg-mem64-reg64 ( outp src base disp -- outp' )  64bit 0x87 shape-mem-reg ;


~ ---------------------------------------------------------------- one-operand arithmetic

~ inc dec not neg mul imul div idiv: the 0xf7 and 0xff groups (SDM vol. 2,
~ table A-6).  mul, div and idiv work on rdx:rax.
insn: inc-reg64 ( outp dst -- outp' )  64bit 0 0xff shape-digit-reg ;
insn: inc-reg32 ( outp dst -- outp' )  32bit 0 0xff shape-digit-reg ;
insn: inc-mem64 ( outp base disp -- outp' )  64bit 0 0xff shape-digit-mem ;
insn: dec-reg64 ( outp dst -- outp' )  64bit 1 0xff shape-digit-reg ;
insn: dec-reg32 ( outp dst -- outp' )  32bit 1 0xff shape-digit-reg ;
insn: dec-mem64 ( outp base disp -- outp' )  64bit 1 0xff shape-digit-mem ;
insn: not-reg64 ( outp dst -- outp' )  64bit 2 0xf7 shape-digit-reg ;
insn: not-reg32 ( outp dst -- outp' )  32bit 2 0xf7 shape-digit-reg ;
insn: not-mem64 ( outp base disp -- outp' )  64bit 2 0xf7 shape-digit-mem ;
insn: neg-reg64 ( outp dst -- outp' )  64bit 3 0xf7 shape-digit-reg ;
insn: neg-reg32 ( outp dst -- outp' )  32bit 3 0xf7 shape-digit-reg ;
insn: neg-mem64 ( outp base disp -- outp' )  64bit 3 0xf7 shape-digit-mem ;
insn: mul-reg64 ( outp src -- outp' )  64bit 4 0xf7 shape-digit-reg ;
insn: mul-mem64 ( outp base disp -- outp' )  64bit 4 0xf7 shape-digit-mem ;
insn: imul-reg64 ( outp src -- outp' )  64bit 5 0xf7 shape-digit-reg ;
insn: imul-mem64 ( outp base disp -- outp' )  64bit 5 0xf7 shape-digit-mem ;
insn: div-reg64 ( outp src -- outp' )  64bit 6 0xf7 shape-digit-reg ;
insn: div-mem64 ( outp base disp -- outp' )  64bit 6 0xf7 shape-digit-mem ;
insn: idiv-reg64 ( outp src -- outp' )  64bit 7 0xf7 shape-digit-reg ;
insn: idiv-mem64 ( outp base disp -- outp' )  64bit 7 0xf7 shape-digit-mem ;

~ Two- and three-operand imul: the low 64 bits of the product.
insn: imul-reg64-reg64 ( outp src dst -- outp' )  64bit 0x0faf shape-reg-rm ;
insn: imul-reg32-reg32 ( outp src dst -- outp' )  32bit 0x0faf shape-reg-rm ;
insn: imul-reg64-mem64 ( outp base disp dst -- outp' )  64bit 0x0faf shape-reg-mem ;
~ ( outp imm src dst -- outp' ) dst = src * imm
insn: imul-reg64-reg64-imm32 ( outp imm src dst -- outp' )
  64bit s" target" reg-field s" source" rm-reg check-sized-imm
  dup s8? if 0x6b emit-rm-imm8 exit then  0x69 emit-rm-imm ;

~ Sign-extend rax into rdx:rax (eax into edx:eax) before idiv.
insn: cqo ( outp -- outp' )  64bit 0x99 emit-plain ;
insn: cdq ( outp -- outp' )  32bit 0x99 emit-plain ;


~ ---------------------------------------------------------------- shifts

~ rol ror shl shr sar: the 0xc1/0xd1/0xd3 group.  A count of 1 uses the
~ 0xd1 form, which is what GNU as writes.
~ ( outp count n -- outp' ) the r/m operand is already recorded
: shift-imm ( outp count n -- outp' )
  enc-reg !  check-count
  dup 1 = if drop 0xd1 sized emit-rm-insn exit then
  0xc1 sized emit-rm-imm8 ;
: shift-reg-imm ( outp count dst n -- outp' )  >r s" target" rm-reg r> shift-imm ;
: shift-mem-imm ( outp count base disp n -- outp' )  >r rm-mem r> shift-imm ;
: shift-reg-cl ( outp dst n -- outp' )  0xd3 sized shape-digit-reg ;
: shift-mem-cl ( outp base disp n -- outp' )  0xd3 sized shape-digit-mem ;

insn: rol-reg64-imm8 ( outp count dst -- outp' )  64bit 0 shift-reg-imm ;
insn: rol-reg64-cl ( outp dst -- outp' )  64bit 0 shift-reg-cl ;
insn: ror-reg64-imm8 ( outp count dst -- outp' )  64bit 1 shift-reg-imm ;
insn: ror-reg64-cl ( outp dst -- outp' )  64bit 1 shift-reg-cl ;

insn: shl-reg64-imm8 ( outp count dst -- outp' )  64bit 4 shift-reg-imm ;
insn: shl-reg32-imm8 ( outp count dst -- outp' )  32bit 4 shift-reg-imm ;
insn: shl-mem64-imm8 ( outp count base disp -- outp' )  64bit 4 shift-mem-imm ;
insn: shl-reg64-cl ( outp dst -- outp' )  64bit 4 shift-reg-cl ;
insn: shl-reg32-cl ( outp dst -- outp' )  32bit 4 shift-reg-cl ;
insn: shl-mem64-cl ( outp base disp -- outp' )  64bit 4 shift-mem-cl ;

insn: shr-reg64-imm8 ( outp count dst -- outp' )  64bit 5 shift-reg-imm ;
insn: shr-reg32-imm8 ( outp count dst -- outp' )  32bit 5 shift-reg-imm ;
insn: shr-mem64-imm8 ( outp count base disp -- outp' )  64bit 5 shift-mem-imm ;
insn: shr-reg64-cl ( outp dst -- outp' )  64bit 5 shift-reg-cl ;
insn: shr-reg32-cl ( outp dst -- outp' )  32bit 5 shift-reg-cl ;
insn: shr-mem64-cl ( outp base disp -- outp' )  64bit 5 shift-mem-cl ;

insn: sar-reg64-imm8 ( outp count dst -- outp' )  64bit 7 shift-reg-imm ;
insn: sar-reg32-imm8 ( outp count dst -- outp' )  32bit 7 shift-reg-imm ;
insn: sar-mem64-imm8 ( outp count base disp -- outp' )  64bit 7 shift-mem-imm ;
insn: sar-reg64-cl ( outp dst -- outp' )  64bit 7 shift-reg-cl ;
insn: sar-reg32-cl ( outp dst -- outp' )  32bit 7 shift-reg-cl ;
insn: sar-mem64-cl ( outp base disp -- outp' )  64bit 7 shift-mem-cl ;


~ ---------------------------------------------------------------- conditions

~ ( outp src dst cc -- outp' ) dst = src if the condition holds
insn: cmovcc-reg64-reg64 ( outp src dst cc -- outp' )  64bit check-condition 0x0f40 + shape-reg-rm ;
insn: cmovcc-reg32-reg32 ( outp src dst cc -- outp' )  32bit check-condition 0x0f40 + shape-reg-rm ;
insn: cmovcc-reg64-mem64 ( outp base disp dst cc -- outp' )  64bit check-condition 0x0f40 + shape-reg-mem ;

~ ( outp dst cc -- outp' ) dst = 1 if the condition holds, else 0
insn: setcc-reg8 ( outp dst cc -- outp' )  8bit check-condition 0x0f90 + >r 0 r> shape-digit-reg ;
insn: setcc-mem8 ( outp base disp cc -- outp' )  8bit check-condition 0x0f90 + >r 0 r> shape-digit-mem ;


~ ---------------------------------------------------------------- jumps and calls

~ ( op -- n ) bytes in the opcode
: opcode-length ( op -- n )  0xff u> if 2 else 1 then ;

variable branch-size

~ ( outp target op size -- outp' ) a relative branch: op, then the distance
~ from the end of the instruction to target in size (1 or 4) bytes
: emit-branch ( outp target op size -- outp' )
  branch-size !  >r
  over -  r@ opcode-length -  branch-size @ -   ( outp rel )
  branch-size @ 1 = if
    dup s8? 0= if s" target" s" within rel8 range" operand-error then
  else
    dup s32? 0= if s" target" s" within rel32 range" operand-error then
  then
  swap r> emit-opcode swap
  branch-size @ 1 = if pack8 else pack32 then ;

insn: jmp-rel32 ( outp target -- outp' )  0xe9 4 emit-branch ;
insn: jmp-rel8 ( outp target -- outp' )  0xeb 1 emit-branch ;
insn: call-rel32 ( outp target -- outp' )  0xe8 4 emit-branch ;
insn: jcc-rel32 ( outp target cc -- outp' )  check-condition 0x0f80 + 4 emit-branch ;
insn: jcc-rel8 ( outp target cc -- outp' )  check-condition 0x70 + 1 emit-branch ;

~ Through a register or memory: the 0xff group, 64-bit without REX.W.
insn: jmp-reg64 ( outp src -- outp' )  default64 4 0xff shape-digit-reg ;
insn: call-reg64 ( outp src -- outp' )  default64 2 0xff shape-digit-reg ;
insn: jmp-mem64 ( outp base disp -- outp' )  default64 4 0xff shape-digit-mem ;
insn: call-mem64 ( outp base disp -- outp' )  default64 2 0xff shape-digit-mem ;

~ jmp [reg]: how NEXT enters a word through its codeword.
insn: jmp-abs-indirect-reg64 ( outp reg -- outp' )
  default64  s" target" reg64-class check-reg enc-rm !  1 enc-mode !  4 enc-reg !
  0xff emit-rm-insn ;

insn: ret ( outp -- outp' )  0xc3 emit-plain ;
~ ret imm16: return, then release imm16 more bytes of the stack (C2 iw)
insn: ret-imm16 ( outp n -- outp' )
  0 0xffff s" a 16-bit unsigned number" check-imm  swap 0xc2 emit-plain swap pack16 ;

~ ( site target -- ) point the rel32 that ends at site at target
: patch-rel32 ( site target -- )  over - swap 4 - l! ;

~ ( outp target dst -- outp' ) lea dst, [rip+...] that points at target
insn: lea-reg64-rel32 ( outp target dst -- outp' )
  64bit s" target" reg-field  3 enc-mode !
  2dup 7 + - s32? 0= if s" address" s" within rel32 range" operand-error then
  swap 0x8d emit-rm-insn  tuck swap patch-rel32 ;


~ ---------------------------------------------------------------- labels

~ Numbered labels for jumps, forward or back, inside one code word.  A jump
~ to a label that is not defined yet records a fixup (where its rel32 ends,
~ which label); defining the label patches them all.

32 constant label-count
label-count cells buffer: label-addresses   ~ 0: not defined yet
64 constant fixup-room
fixup-room 2 * cells buffer: fixups          ~ pairs: site, label
variable fixup-count
variable fixup-label

~ ( -- ) forget all labels (code does this)
: reset-labels ( -- )
  label-count 0 do 0 label-addresses i cells + ! loop  0 fixup-count ! ;

~ ( n -- addr ) where label n's address is kept
: label-address ( n -- addr )  cells label-addresses + ;

~ ( n -- n )
: check-label ( n -- n )
  dup 0 label-count 1- in-range? 0= if s" label" s" a number in 0..31" operand-error then ;

~ ( n -- n ) a label to jump to: there must be room to wait for it
: check-label-target ( n -- n )
  check-label
  dup label-address @ 0= fixup-count @ fixup-room = and if
    message-start s" too many forward references" message-append message-fail
  then ;

: fixup-slot ( i -- addr )  2 * cells fixups + ;

~ ( site n -- ) remember a rel32 ending at site that waits for label n
: add-fixup ( site n -- )  fixup-count @ fixup-slot tuck cell+ ! !  1 fixup-count +! ;

~ ( i -- ) drop fixup i, moving the last one into its place
: remove-fixup ( i -- )
  fixup-count @ 1- dup fixup-count !  fixup-slot swap fixup-slot
  over @ over !  swap cell+ @ swap cell+ ! ;

~ ( target n -- ) patch every jump waiting for label n
: resolve-label ( target n -- )
  fixup-label !
  0 begin dup fixup-count @ < while
    dup fixup-slot cell+ @ fixup-label @ = if
      2dup fixup-slot @ swap patch-rel32  dup remove-fixup
    else 1+ then
  repeat 2drop ;

~ ( outp' n -- outp' ) point the rel32 just emitted at label n, now or later
: refer-label ( outp' n -- outp' )
  dup label-address @ ?dup if nip over swap patch-rel32 exit then
  over swap add-fixup ;

~ ( outp n -- outp ) define label n here
insn: label ( outp n -- outp )
  check-label
  dup label-address @ if
    message-start s" label " message-append message-append-number
    s"  is defined twice" message-append message-fail
  then
  2dup label-address !  over swap resolve-label ;

insn: jmp-label ( outp n -- outp' )  check-label-target >r dup jmp-rel32 r> refer-label ;
insn: call-label ( outp n -- outp' )  check-label-target >r dup call-rel32 r> refer-label ;
insn: jcc-label ( outp n cc -- outp' )
  >r check-label-target r> swap >r  over swap jcc-rel32  r> refer-label ;
insn: lea-reg64-label ( outp n dst -- outp' )
  >r check-label-target r> swap >r  over swap lea-reg64-rel32  r> refer-label ;

~ ( -- ) fail if a label was used but never defined
: check-labels ( -- )
  fixup-count @ if
    message-start s" label " message-append  0 fixup-slot cell+ @ message-append-number
    s"  is used but never defined" message-append message-fail
  then ;


~ ---------------------------------------------------------------- no operands

insn: syscall ( outp -- outp' )  0x0f05 emit-plain ;
insn: cld ( outp -- outp' )  0xfc emit-plain ;
insn: std ( outp -- outp' )  0xfd emit-plain ;
insn: int3 ( outp -- outp' )  0xcc emit-plain ;
insn: nop ( outp -- outp' )  0x90 emit-plain ;
insn: ud2 ( outp -- outp' )  0x0f0b emit-plain ;
~ the flags register to and from the stack (64-bit by default: no REX.W)
insn: pushfq ( outp -- outp' )  0x9c emit-plain ;
insn: popfq ( outp -- outp' )  0x9d emit-plain ;

~ String instructions work on [rsi] and [rdi] and step both by the size
~ (up, since DF is always 0).  rsi is the threaded-code pointer: save it.
insn: lodsq ( outp -- outp' )  64bit 0xad emit-plain ;
insn: lodsb ( outp -- outp' )  0xac emit-plain ;
insn: stosq ( outp -- outp' )  64bit 0xab emit-plain ;
insn: stosb ( outp -- outp' )  0xaa emit-plain ;
insn: movsq ( outp -- outp' )  64bit 0xa5 emit-plain ;
insn: movsb ( outp -- outp' )  0xa4 emit-plain ;
insn: cmpsb ( outp -- outp' )  0xa6 emit-plain ;
insn: scasb ( outp -- outp' )  0xae emit-plain ;
~ Prefixes: repeat the string instruction that follows rcx times (rep), or
~ while not equal (repne).
insn: rep ( outp -- outp' )  0xf3 emit-plain ;
insn: repne ( outp -- outp' )  0xf2 emit-plain ;

insn: bswap-reg64 ( outp dst -- outp' )  64bit s" operand" rm-reg 0x0fc8 emit-plus-reg ;

~ NEXT: load the next execution token, jump through its codeword (DESIGN §2).
: next ( outp -- outp' )  lodsq :rax jmp-abs-indirect-reg64 ;


~ ---------------------------------------------------------------- code words

~ ( start end -- ) print the bytes in [start, end) in hex, for looking at
~ what an instruction word wrote
: print-hex-byte ( b -- )  0xff and dup 4 rshift digit emit 0xf and digit emit ;
: print-code-bytes ( start end -- )
  swap begin 2dup > while dup c@ print-hex-byte 1+ 2dup > if space then repeat 2drop ;

~ ( "name" -- outp ) start a code word; assemble after it, then end-code
: code ( "name" -- outp )
  parse-name dup c@ 0= if drop s" code: a name must follow" fail then
  create make-hidden self-codeword reset-labels  here @ ;

~ ( outp -- ) append NEXT, claim the bytes, note them for profilers, make
~ the word visible
insn: end-code ( outp -- )
  check-labels next here !  latest @ entry-to-execution-token note-code  reveal ;


~ ---------------------------------------------------------------- words written with it

~ ( outp target -- outp ) point the rel8 of the jump ending at outp to target
: patch-rel8 ( outp target -- outp ) over - over 1- c! ;

~ ( outp -- outp' ) assemble: throw -24 when the top of the stack is
~ negative (a count or an index that would run through memory), as
~ boot/prims.c's emit_check_count does
: check-stack-count ( outp -- outp' )
  :rsp 0 :rcx mov-reg64-mem64  :rcx :rcx test-reg64-reg64
  dup :ns jcc-rel8  dup                      ( ok outp )
  -24 push-imm32  throw-from-cell :rax mov-reg64-imm32  :rax 0 call-mem64
  tuck patch-rel8 drop ;

~ ( outp below -- outp' ) assemble: throw -4 unless the index
~ check-stack-count left in rcx is under (sp0 - below - rsp) / 8, the
~ cells on the stack below the below bytes popped first, as
~ boot/prims.c's emit_check_depth does (there, why)
: check-stack-depth ( outp below -- outp' )
  sp0 swap - :rax mov-reg64-imm32  :rsp :rax sub-reg64-reg64
  3 :rax sar-reg64-imm8  :rcx :rax cmp-reg64-reg64
  dup :a jcc-rel8  dup                       ( ok outp )
  -4 push-imm32  throw-from-cell :rax mov-reg64-imm32  :rax 0 call-mem64
  tuck patch-rel8 drop ;

~ Copies that are one string instruction.  DF is 0 everywhere else, so
~ cmove> sets it for its own rep movsb and clears it at once.  rsi is the
~ threaded-code pointer; rdx keeps it meanwhile.  A negative count is
~ -24, like move's: rep movsb would take it for some 2^64 bytes and copy
~ over whatever lies after (cmove>: before) dst until a page faults.

~ ( src dst len -- ) copy len bytes from src to dst, lowest address first
~ (so it is safe for an overlapping copy towards lower addresses)
code cmove ( src dst len -- )
  check-stack-count
  :rcx pop-reg64  :rdi pop-reg64  :rsi :rdx mov-reg64-reg64  :rsi pop-reg64
  rep movsb
  :rdx :rsi mov-reg64-reg64
end-code

~ ( src dst len -- ) copy len bytes from src to dst, highest address first
~ (so it is safe for an overlapping copy towards higher addresses)
code cmove> ( src dst len -- )
  check-stack-count
  :rcx pop-reg64  :rdi pop-reg64  :rsi :rdx mov-reg64-reg64  :rsi pop-reg64
  :rsi :rcx 1 indexed -1 :rsi lea-reg64-mem64
  :rdi :rcx 1 indexed -1 :rdi lea-reg64-mem64
  std  rep movsb  cld
  :rdx :rsi mov-reg64-reg64
end-code

~ ( addr len -- addr+len addr ) the limits of a buffer, for ?do
code bounds ( addr len -- addr+len addr )
  :rax pop-reg64  :rsp 0 :rdx mov-reg64-mem64
  :rdx :rax add-reg64-reg64  :rax :rsp 0 mov-mem64-reg64  :rdx push-reg64
end-code

~ ( x -- x' ) reverse the eight bytes of a cell (big-endian <-> little-endian)
code byte-swap ( x -- x' )
  :rsp 0 :rax mov-reg64-mem64  :rax bswap-reg64  :rax :rsp 0 mov-mem64-reg64
end-code
