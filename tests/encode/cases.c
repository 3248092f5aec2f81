/* tests/encode/cases.c - golden byte cases for boot/encode.c.
 *
 * Built hosted (gcc, libc) with boot/encode.c and run by
 * tests/encode/golden.sh: for each case it prints the instruction as GNU as
 * reads it (Intel syntax), a tab, and the bytes the encoder wrote for it,
 * in hex.  The script assembles the left sides and compares.  One line per
 * instruction form, and the special cases of each: REX bits from r8-r15,
 * rsp/r12 as a base (SIB), rbp/r13 as a base (a displacement even when
 * zero), no base (an absolute disp32), disp8 against disp32, imm8 against
 * imm32, the byte registers that need an empty REX. */
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include "encode.h"

/* encode.c's only way out: a jump that does not reach */
_Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(3);
}

static u8 buf[512];
static u64 point;

static void begin(void)
{
	point = (u64)buf;
	x_output(&point);
}

static void end(const char *text)
{
	printf("%s\t", text);
	for (u8 *p = buf; p < (u8 *)point; p++)
		printf("%s%02x", p == buf ? "" : " ", *p);
	printf("\n");
}

#define CASE(text, code) do { begin(); code; end(text); } while (0)

/* `cases too-far`: a rel8 jump patched to a point 200 bytes on, which
 * must stop the encoder rather than be written wrong */
static int too_far(void)
{
	begin();
	u8 *at = x_jcc8(CC_E);
	for (int i = 0; i < 200; i++)
		x_byte(0x90);
	x_patch8(at);
	printf("patched to %d\n", (signed char)*at);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "too-far"))
		return too_far();
	CASE("mov rax, rbx", x_mov_rr(RAX, RBX));
	CASE("mov r9, rax", x_mov_rr(R9, RAX));
	CASE("mov rax, r15", x_mov_rr(RAX, R15));
	CASE("mov r12, r13", x_mov_rr(R12, R13));
	CASE("mov rax, [rsp]", x_mov_rm(RAX, MEM(RSP, 0)));
	CASE("mov rax, [rsp+8]", x_mov_rm(RAX, MEM(RSP, 8)));
	CASE("mov rax, [rsp+0x400]", x_mov_rm(RAX, MEM(RSP, 0x400)));
	CASE("mov rcx, [r12]", x_mov_rm(RCX, MEM(R12, 0)));
	CASE("mov rsi, [rbp]", x_mov_rm(RSI, MEM(RBP, 0)));
	CASE("mov rdx, [r13]", x_mov_rm(RDX, MEM(R13, 0)));
	CASE("mov rdx, [rbp-8]", x_mov_rm(RDX, MEM(RBP, -8)));
	CASE("mov r8, [rax-0x81]", x_mov_rm(R8, MEM(RAX, -0x81)));
	CASE("mov rax, [rax+0x7f]", x_mov_rm(RAX, MEM(RAX, 0x7f)));
	CASE("mov rax, [rax+0x80]", x_mov_rm(RAX, MEM(RAX, 0x80)));
	CASE("mov rdi, [rsp+rdx*8-8]", x_mov_rm(RDI, MEMX(RSP, RDX, 8, -8)));
	CASE("mov rax, [rsp+rax*8]", x_mov_rm(RAX, MEMX(RSP, RAX, 8, 0)));
	CASE("mov rax, [rbx+r9*4+16]", x_mov_rm(RAX, MEMX(RBX, R9, 4, 16)));
	CASE("mov rax, [0x1000]", x_mov_rm(RAX, ABS(0x1000)));
	CASE("mov [rsp+8], rcx", x_mov_mr(MEM(RSP, 8), RCX));
	CASE("mov [rbp], r11", x_mov_mr(MEM(RBP, 0), R11));
	CASE("mov qword ptr [rsp], 5", x_mov_mi(MEM(RSP, 0), 5));
	CASE("mov qword ptr [rax+0xe2230e8], -1", x_mov_mi(MEM(RAX, 0xe2230e8), -1));
	CASE("mov eax, 0x10002aa0", x_mov_ri(RAX, 0x10002aa0));
	CASE("mov r10d, 7", x_mov_ri(R10, 7));
	CASE("mov rcx, -1", x_mov_ri(RCX, -1));
	CASE("movabs rax, 0x123456789", x_mov_ri(RAX, 0x123456789));
	CASE("movabs r9, 5", x_mov_ri64(R9, 5));
	CASE("movzx rax, byte ptr [rax]", x_movzx8_rm(RAX, MEM(RAX, 0)));
	CASE("movzx r8, byte ptr [rcx+3]", x_movzx8_rm(R8, MEM(RCX, 3)));
	CASE("movzx rax, word ptr [rdx]", x_movzx16_rm(RAX, MEM(RDX, 0)));
	CASE("mov eax, dword ptr [rdx]", x_mov32_rm(RAX, MEM(RDX, 0)));
	CASE("mov byte ptr [rax], cl", x_mov8_mr(MEM(RAX, 0), RCX));
	CASE("mov byte ptr [rax], dil", x_mov8_mr(MEM(RAX, 0), RDI));
	CASE("mov byte ptr [rax], sil", x_mov8_mr(MEM(RAX, 0), RSI));
	CASE("mov byte ptr [rax+0xe2230e8], r9b", x_mov8_mr(MEM(RAX, 0xe2230e8), R9));
	CASE("mov byte ptr [rax+0xe2230e8], 0x0", x_mov8_mi(MEM(RAX, 0xe2230e8), 0));
	CASE("mov byte ptr [r9], 0xff", x_mov8_mi(MEM(R9, 0), 0xff));
	CASE("mov word ptr [rax], cx", x_mov16_mr(MEM(RAX, 0), RCX));
	CASE("mov dword ptr [rax], ecx", x_mov32_mr(MEM(RAX, 0), RCX));
	CASE("lea rsp, [rsp-16]", x_lea(RSP, MEM(RSP, -16)));
	CASE("lea rbp, [rbp+24]", x_lea(RBP, MEM(RBP, 24)));
	CASE("lea rax, [rsp-0x60000000]", x_lea(RAX, MEM(RSP, -0x60000000)));
	CASE("lea rcx, [r9+8]", x_lea(RCX, MEM(R9, 8)));
	CASE("add rax, rcx", x_alu_rr(ALU_ADD, RAX, RCX));
	CASE("sub r8, r15", x_alu_rr(ALU_SUB, R8, R15));
	CASE("xor rcx, rcx", x_alu_rr(ALU_XOR, RCX, RCX));
	CASE("cmp rax, rdx", x_alu_rr(ALU_CMP, RAX, RDX));
	CASE("and rdi, rdx", x_alu_rr(ALU_AND, RDI, RDX));
	CASE("or rax, rbx", x_alu_rr(ALU_OR, RAX, RBX));
	CASE("add rax, 1", x_alu_ri(ALU_ADD, RAX, 1));
	/* (for rax, as takes the shorter 3D form; the encoder's 81 /7 is
	 * the same instruction) */
	CASE("cmp rcx, 0x1ffe", x_alu_ri(ALU_CMP, RCX, 0x1ffe));
	CASE("cmp r11, -128", x_alu_ri(ALU_CMP, R11, -128));
	CASE("sub rcx, -129", x_alu_ri(ALU_SUB, RCX, -129));
	CASE("cmp rax, [rbp+8]", x_alu_rm(ALU_CMP, RAX, MEM(RBP, 8)));
	CASE("sub rdx, [rbp+8]", x_alu_rm(ALU_SUB, RDX, MEM(RBP, 8)));
	CASE("add [rsp], rax", x_alu_mr(ALU_ADD, MEM(RSP, 0), RAX));
	CASE("add qword ptr [rax], 3", x_alu_mi(ALU_ADD, MEM(RAX, 0), 3));
	CASE("cmp qword ptr [rsp], 0", x_alu_mi(ALU_CMP, MEM(RSP, 0), 0));
	CASE("add qword ptr [0x1000], 1000", x_alu_mi(ALU_ADD, ABS(0x1000), 1000));
	CASE("test rax, rax", x_test_rr(RAX, RAX));
	CASE("test r9, rcx", x_test_rr(R9, RCX));
	CASE("xadd [rax], rcx", x_xadd_mr(MEM(RAX, 0), RCX));
	CASE("push rax", x_push_r(RAX));
	CASE("push r12", x_push_r(R12));
	CASE("pop rcx", x_pop_r(RCX));
	CASE("pop r15", x_pop_r(R15));
	CASE("push qword ptr [rsp+8]", x_push_m(MEM(RSP, 8)));
	CASE("push qword ptr [rbp]", x_push_m(MEM(RBP, 0)));
	CASE("pop qword ptr [rax]", x_pop_m(MEM(RAX, 0)));
	CASE("push 5", x_push_i(5));
	CASE("push -128", x_push_i(-128));
	CASE("push 0x1000", x_push_i(0x1000));
	CASE("neg rcx", x_neg_r(RCX));
	CASE("not r10", x_not_r(R10));
	CASE("not qword ptr [rsp]", x_not_m(MEM(RSP, 0)));
	CASE("neg qword ptr [rsp]", x_neg_m(MEM(RSP, 0)));
	CASE("inc qword ptr [rax]", x_inc_m(MEM(RAX, 0)));
	CASE("dec qword ptr [rax]", x_dec_m(MEM(RAX, 0)));
	CASE("imul rax, [rsp]", x_imul_rm(RAX, MEM(RSP, 0)));
	CASE("imul rdx, rbx", x_imul_rr(RDX, RBX));
	CASE("imul r8, r13", x_imul_rr(R8, R13));
	CASE("imul rax, rcx, 200", x_imul_rri(RAX, RCX, 200));
	CASE("imul rax, rcx, 8", x_imul_rri(RAX, RCX, 8));
	CASE("imul r12, r9, -3", x_imul_rri(R12, R9, -3));
	CASE("cqo", x_cqo());
	CASE("idiv rcx", x_idiv_r(RCX));
	CASE("div r8", x_div_r(R8));
	CASE("shl qword ptr [rsp], cl", x_shl_m_cl(MEM(RSP, 0)));
	CASE("shr qword ptr [rsp], cl", x_shr_m_cl(MEM(RSP, 0)));
	CASE("sar qword ptr [rsp], cl", x_sar_m_cl(MEM(RSP, 0)));
	CASE("sar rax, 3", x_sar_ri(RAX, 3));
	CASE("shl r9, 3", x_shl_ri(R9, 3));
	CASE("shr rdx, 63", x_shr_ri(RDX, 63));
	CASE("sete cl", x_setcc(CC_E, RCX));
	CASE("setl dil", x_setcc(CC_L, RDI));
	CASE("setg bl", x_setcc(CC_G, RBX));
	CASE("setne sil", x_setcc(CC_NE, RSI));
	CASE("setb r10b", x_setcc(CC_B, R10));
	CASE("cmovne rax, rdx", x_cmov_rr(CC_NE, RAX, RDX));
	CASE("cmovl r8, r9", x_cmov_rr(CC_L, R8, R9));
	CASE("je .+2", x_jcc8(CC_E));
	CASE("jg .+2", x_jcc8(CC_G));
	CASE("jmp .+2", x_jmp8());
	CASE("jne .+0x1006", x_jcc_rel32(CC_NE, (u64)buf + 6 + 0x1000));
	CASE("jmp .+0x1005", x_jmp_rel32((u64)buf + 5 + 0x1000));
	CASE("jmp .-0x100", x_jmp_rel32((u64)buf - 0x100));
	CASE("call qword ptr [rax]", x_call_m(MEM(RAX, 0)));
	CASE("call qword ptr [0x10001008]", x_call_m(ABS(0x10001008)));
	CASE("jmp qword ptr [rax]", x_jmp_m(MEM(RAX, 0)));
	CASE("lodsq", x_lodsq());
	CASE("cld", x_cld());
	CASE("ret", x_ret());
	CASE("syscall", x_syscall());
	CASE("lodsq; jmp qword ptr [rax]", x_next());
	/* a forward rel8 patched to its target: 3 bytes of nop between */
	CASE("je .+5; nop; nop; nop", {
		u8 *at = x_jcc8(CC_E);
		x_byte(0x90); x_byte(0x90); x_byte(0x90);
		x_patch8(at);
	});
	/* the counted loop's step, (loop) and (+loop) */
	CASE("mov rax, [rbp]; add rax, 1; cmp rax, [rbp+8]; je .+2; mov [rbp], rax",
	     x_loop_step(false));
	CASE("mov rax, [rbp]; mov rdx, rax; sub rdx, [rbp+8]; mov rdi, rdx; "
	     "add rdi, rcx; xor rdi, rdx; xor rdx, rcx; and rdi, rdx; "
	     "js .+2; add rax, rcx; mov [rbp], rax",
	     x_loop_step(true));
	return 0;
}
