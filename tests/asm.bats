#!/usr/bin/env bats
# The x86-64 assembler (asm/amd64.e): its bytes match GNU as, code words
# built with it run, and bad operands are refused with a message that names
# the instruction and the operand.

load helper

# asm CODE...: run_e with standard input closed, so a test that forgets
# `bye` ends instead of waiting in the REPL
asm() { run_e "$@" </dev/null; }

# ---- golden bytes -------------------------------------------------------

@test "every golden case assembles to the same bytes as GNU as" {
	run "$BATS_TEST_DIRNAME/asm-golden.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[-1]} =~ ^([0-9]+)\ cases,\ 0\ differ$ ]]
	[ "${BASH_REMATCH[1]}" -ge 500 ]
}

@test "the golden check fails when a byte differs" {
	printf '%s\n' ':rbx :rax mov-reg64-reg64 | mov rax, rbx' \
		':rbx :rax mov-reg64-reg64 | mov rbx, rax' >"$BATS_TEST_TMPDIR/cases.txt"
	run "$BATS_TEST_DIRNAME/asm-golden.sh" "$BATS_TEST_TMPDIR/cases.txt"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$BATS_TEST_TMPDIR/cases.txt:2: :rbx :rax mov-reg64-reg64 | mov rbx, rax" ]
	[ "${lines[1]}" = "    as:     48 89 c3" ]
	[ "${lines[2]}" = "    incant: 48 89 d8" ]
	[ "${lines[-1]}" = "2 cases, 1 differ" ]
}

@test "the words DESIGN names emit exactly their bytes" {
	asm 'here @ dup 0x1122334455667788 :r9 mov-reg64-imm64 print-code-bytes newline' \
		'here @ dup 1 :rax mov-reg64-imm64 print-code-bytes newline' \
		'here @ dup :r13 jmp-abs-indirect-reg64 print-code-bytes newline' \
		'here @ dup syscall cld ret print-code-bytes newline' \
		'here @ dup next print-code-bytes newline bye'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "49 b9 88 77 66 55 44 33 22 11" ]
	[ "${lines[1]}" = "48 b8 01 00 00 00 00 00 00 00" ]
	[ "${lines[2]}" = "41 ff 65 00" ]
	[ "${lines[3]}" = "0f 05 fc c3" ]
	[ "${lines[4]}" = "48 ad ff 20" ]
}

# ---- code words that run ------------------------------------------------

@test "a code word adds the top two cells" {
	asm 'code plus ( a b -- a+b ) :rax pop-reg64  :rax :rsp 0 add-mem64-reg64 end-code' \
		'2 40 plus . -7 3 plus . 1 2 3 plus plus . depth . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "42 -4 6 0 " ]
}

@test "a code word loops with a conditional jump back" {
	# sum-to ( n -- 1+2+...+n ), the loop start kept on the stack
	asm 'code sum-to ( n -- sum )
		:rcx pop-reg64  :eax :eax xor-reg32-reg32
		:rcx :rcx test-reg64-reg64  0 :z jcc-label
		dup  :rcx :rax add-reg64-reg64  :rcx dec-reg64  swap :nz jcc-rel32
		0 label  :rax push-reg64
	end-code' \
		'10 sum-to . 0 sum-to . 1 sum-to . 100000 sum-to . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "55 0 1 5000050000 " ]
}

@test "a code word makes a system call" {
	# write ( addr len -- result ) to standard output; rsi is saved in r12
	asm 'code write-out ( addr len -- result )
		:rdx pop-reg64  :rsi :r12 mov-reg64-reg64  :rsi pop-reg64
		1 :edi mov-reg32-imm32  1 :eax mov-reg32-imm32  syscall
		:r12 :rsi mov-reg64-reg64  :rax push-reg64
	end-code' \
		's" hello, kernel" 13 write-out newline . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "hello, kernel
13 " ]
}

@test "a code word asks the kernel for its process id" {
	asm 'code getpid ( -- pid ) 39 :eax mov-reg32-imm32 syscall :rax push-reg64 end-code' \
		'getpid 0 39 syscall-1 = . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "-1 " ]
}

@test "a forward jump through a label is patched when the label is defined" {
	# clamp ( n -- n or 0 ): negative numbers become 0
	asm 'code clamp ( n -- n|0 )
		:rsp 0 :rax mov-reg64-mem64  :rax :rax test-reg64-reg64  7 :ns jcc-label
		0 :rsp 0 mov-mem64-imm32  7 label
	end-code' \
		'-5 clamp . 9 clamp . 0 clamp . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "0 9 0 " ]
}

@test "several forward jumps to one label and a call to a label" {
	# signum ( n -- -1|0|1 ), two jumps wait for label 1; twice calls label 2
	asm 'code signum ( n -- s )
		:rax pop-reg64  :ecx :ecx xor-reg32-reg32  :rax :rax test-reg64-reg64
		1 :z jcc-label  1 :rcx mov-reg64-imm32  1 :g jcc-label  -1 :rcx mov-reg64-imm32
		1 label  :rcx push-reg64
	end-code' \
		'code twice ( n -- 4n ) :rax pop-reg64  2 call-label  2 call-label  :rax push-reg64  3 jmp-label
		2 label  :rax :rax add-reg64-reg64  ret  3 label end-code' \
		'-12 signum . 0 signum . 99 signum . 5 twice . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "-1 0 1 20 " ]
}

@test "a rel32 left for later is fixed up with patch-rel32" {
	asm 'code odd? ( n -- flag )
		:rax pop-reg64  1 :al test-reg8-imm8
		dup :z jcc-rel32 dup            ~ ( site1 outp ): a jump to patch
		-1 push-imm32  dup jmp-rel32 dup  ~ ( site1 site2 outp )
		rot over patch-rel32            ~ the jz lands here
		0 push-imm32
		tuck patch-rel32                ~ the jmp lands here
	end-code' \
		'7 odd? . 8 odd? . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "-1 0 " ]
}

@test "a code word written the long way with ;asm runs" {
	asm ': triple ( n -- 3n ) [ here @ :rax pop-reg64  :rax :rax 2 indexed 0 :rax lea-reg64-mem64  :rax push-reg64 here ! ] ;asm' \
		'14 triple . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "42 " ]
}

@test "memory operands with rsp, rbp, r12, r13 bases and an index reach the right cells" {
	# pick3 ( a b c d -- a b c d a ): [rsp+24] through four addressing forms
	asm 'code pick3 ( a b c d -- a b c d a )
		:rsp :r12 mov-reg64-reg64  :rsp :r13 mov-reg64-reg64  :rsp :rbx mov-reg64-reg64
		:r12 24 :rax mov-reg64-mem64
		:r13 :rcx 8 indexed 0 :rdx lea-reg64-mem64
		3 :ecx mov-reg32-imm32  :r13 :rcx 8 indexed 0 :rdx mov-reg64-mem64
		:rdx :rax cmp-reg64-reg64  0 :ne jcc-label
		:rbx :rcx 8 indexed 0 :rdx mov-reg64-mem64  :rdx :rax cmp-reg64-reg64  0 :ne jcc-label
		:rax push-reg64  1 jmp-label
		0 label  -99 push-imm32  1 label
	end-code' \
		'11 22 33 44 pick3 . . . . . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "11 44 33 22 11 " ]
}

@test "the 10-byte mov-reg64-imm64 can be patched in place" {
	asm 'code answer ( -- n ) 0 :rax mov-reg64-imm64 :rax push-reg64 end-code' \
		'answer . 42 '"'"' answer entry-to-execution-token cell+ 2 + ! answer . bye'
	[ "$status" -eq 0 ]
	[ "$output" = "0 42 " ]
}

@test "the prelude words written with the assembler work" {
	asm ': show ( addr len -- ) bounds ?do i c@ emit loop ;' \
		'16 allocate constant buf  buf 16 46 fill  s" incant" buf 6 cmove  buf 8 show newline' \
		'buf buf 2 + 6 cmove> buf 8 show newline  buf 1+ buf 7 cmove buf 8 show newline' \
		's" abc" 3 bounds - .  0x0102030405060708 byte-swap 0x0807060504030201 = .  bye'
	[ "$status" -eq 0 ]
	[ "$output" = "incant..
inincant
nincantt
3 -1 " ]
}

# ---- bad operands -------------------------------------------------------

# refused CODE MESSAGE: CODE fails in a script, the report names MESSAGE
refused() {
	asm "$1"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ ${lines[0]} == *"error: $2" ]]
}

@test "a 32-bit register where a 64-bit one is wanted is refused" {
	refused 'here @ :eax :rax add-reg64-reg64' 'add-reg64-reg64: source is not a 64-bit register'
	refused 'here @ :rax :ebx add-reg64-reg64' 'add-reg64-reg64: target is not a 64-bit register'
	refused 'here @ :rax :ebx add-reg32-reg32' 'add-reg32-reg32: source is not a 32-bit register'
	refused 'here @ :rax :rdi 0 mov-mem8-reg8' 'mov-mem8-reg8: source is not an 8-bit register'
	refused 'here @ :rax 0 :ax movzx-reg64-mem16' 'movzx-reg64-mem16: target is not a 64-bit register'
	refused 'here @ :r8 :eax movzx-reg32-reg8' 'movzx-reg32-reg8: source is not an 8-bit register'
}

@test "a number that is not a register is refused" {
	refused 'here @ 42 :rax mov-reg64-reg64' 'mov-reg64-reg64: source is not a 64-bit register'
	refused 'here @ -1 push-reg64' 'push-reg64: source is not a 64-bit register'
	refused 'here @ 16 jmp-abs-indirect-reg64' 'jmp-abs-indirect-reg64: target is not a 64-bit register'
	refused 'here @ :eax 8 :rax mov-reg64-mem64' 'mov-reg64-mem64: base is not a 64-bit register'
}

@test "bad memory operands are refused" {
	refused 'here @ :rbx :rcx 3 indexed 0 :rax mov-reg64-mem64' 'mov-reg64-mem64: scale is not 1, 2, 4 or 8'
	refused 'here @ :rbx :rsp 1 indexed 0 :rax lea-reg64-mem64' 'lea-reg64-mem64: index is not a 64-bit register other than rsp'
	refused 'here @ :rbx :ecx 2 indexed 0 :rax lea-reg64-mem64' 'lea-reg64-mem64: index is not a 64-bit register'
	refused 'here @ :rax :rbx 0x80000000 mov-mem64-reg64' 'mov-mem64-reg64: displacement is not a signed 32-bit number'
}

@test "immediates too large for the form are refused" {
	refused 'here @ 0x80000000 :rax add-reg64-imm32' 'add-reg64-imm32: immediate is not a signed 32-bit number'
	refused 'here @ 0x100000000 :eax mov-reg32-imm32' 'mov-reg32-imm32: immediate is not a 32-bit number'
	refused 'here @ 256 :rdi 0 mov-mem8-imm8' 'mov-mem8-imm8: immediate is not an 8-bit number'
	refused 'here @ 0x10000 :rdi 0 mov-mem16-imm16' 'mov-mem16-imm16: immediate is not a 16-bit number'
	refused 'here @ 64 :rax shl-reg64-imm8' 'shl-reg64-imm8: count is not in 0..63'
	refused 'here @ 32 :eax sar-reg32-imm8' 'sar-reg32-imm8: count is not in 0..31'
}

@test "bad condition codes, branch targets and labels are refused" {
	refused 'here @ dup :rax jcc-rel32' 'jcc-rel32: condition is not a condition code'
	refused 'here @ :rbx :rax 3 cmovcc-reg64-reg64' 'cmovcc-reg64-reg64: condition is not a condition code'
	refused 'here @ dup 200 + jmp-rel8' 'jmp-rel8: target is not within rel8 range'
	refused 'here @ 32 jmp-label' 'jmp-label: label is not a number in 0..31'
	refused 'here @ 5 label 5 label' 'label: label 5 is defined twice'
	refused 'code broken 3 jmp-label end-code' 'end-code: label 3 is used but never defined'
}

@test "a refused instruction writes no byte and catch gives -2" {
	asm '16 allocate constant buffer  0 buffer !  0 buffer cell+ !' \
		': bad ( -- outp ) buffer :rbx :rcx 3 indexed 0 :rax mov-reg64-mem64 ;' \
		': bad-imm ( -- outp ) buffer 0x80000000 :rbx 8 add-mem64-imm32 ;' \
		"' bad entry-to-execution-token catch . ' bad-imm entry-to-execution-token catch . buffer @ . buffer cell+ @ . depth . bye"
	[ "$status" -eq 0 ]
	[ "$output" = "-2 -2 0 0 0 " ]
}
