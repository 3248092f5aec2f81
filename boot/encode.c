/* encode.c - the bootstrap's x86-64 encoder (see encode.h).
 *
 * Facts from the Intel SDM vol. 2, chapter 2 (instruction format) and the
 * opcode tables of chapters 3-5.  Every instruction is built from the same
 * three steps: optional prefixes and REX, the opcode, then the operand bytes
 * (ModRM, SIB, displacement) from x_operand(). */
#include "encode.h"
#include "vm.h"
#include "io.h"

/* The output point: the variable holding the address the next byte goes
 * to, advanced as bytes are written.  The log's `here` unless a caller
 * (the optimizer, the code region's end) chose another. */
static u64 *out_point; /* 0: &VM->here (no start value: the binary has no .data) */

static u64 *point(void)
{
	return out_point ? out_point : &VM->here;
}

u64 *x_output(u64 *point_to)
{
	u64 *old = point();
	out_point = point_to;
	return old;
}

u64 *x_point(void)
{
	return point();
}

void x_byte(u8 b)
{
	u64 *p = point();
	*(u8 *)*p = b;
	++*p;
}

/* Room for a length the encoder does not emit itself (a copied body). */
void x_skip(u64 n)
{
	*point() += n;
}

/* n bytes of v, little-endian, in one move of the output point */
static void x_le(u64 v, int n)
{
	u64 *p = point();
	u8 *at = (u8 *)*p;
	for (int i = 0; i < n; i++)
		at[i] = (u8)(v >> (8 * i));
	*p += (u64)n;
}

void x_u32(u32 v)
{
	x_le(v, 4);
}

void x_u64(u64 v)
{
	x_le(v, 8);
}

/* Operand-size flags for x_insn(). */
#define W64 1   /* REX.W: 64-bit operand size */
#define BYTEREG 2 /* the reg operand is a byte register: spl..dil need a REX */
#define WORD16 4  /* 0x66 prefix: 16-bit operand size */
#define BYTERM 8  /* the r/m operand is a byte register (setcc) */

/* REX = 0100WRXB.  R extends ModRM.reg, X extends SIB.index, B extends
 * ModRM.rm or SIB.base.  Without any REX, byte registers 4-7 mean ah..bh,
 * so a byte operand in spl..dil forces an empty REX (in ModRM.reg for
 * mov byte [m], r8; in ModRM.rm for setcc). */
static void x_rex(int flags, int reg, int index, int base)
{
	u8 rex = 0x40;
	if (flags & W64)
		rex |= 8;
	if (reg >= 8)
		rex |= 4;
	if (index >= 8)
		rex |= 2;
	if (base >= 8)
		rex |= 1;
	if (rex != 0x40 || ((flags & BYTEREG) && reg >= 4) ||
	    ((flags & BYTERM) && base >= 4))
		x_byte(rex);
}

static void x_opcode(int op)
{
	if (op > 0xff)
		x_byte((u8)(op >> 8));
	x_byte((u8)op);
}

static int scale_bits(int scale)
{
	return scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
}

/* ModRM, SIB and displacement for a memory operand.
 * - No base: mod=00 with a SIB whose base field is 101 means disp32 only
 *   (plain rm=101 would be rip-relative in 64-bit mode).
 * - rsp/r12 as base (rm=100) can only be expressed through a SIB byte.
 * - rbp/r13 as base with mod=00 would mean "no base", so they always take a
 *   displacement, disp8 0 at least. */
static void x_operand(int reg, struct mem m)
{
	int r = reg & 7;
	int idx = m.index == NOREG ? 4 : (m.index & 7);
	int ss = scale_bits(m.scale);

	if (m.base == NOREG) {
		x_byte((u8)(r << 3 | 4));
		x_byte((u8)(ss << 6 | idx << 3 | 5));
		x_u32((u32)m.disp);
		return;
	}
	int b = m.base & 7;
	int mod = (m.disp == 0 && b != RBP) ? 0
		: (m.disp >= -128 && m.disp <= 127) ? 1 : 2;
	bool sib = m.index != NOREG || b == RSP;
	x_byte((u8)(mod << 6 | r << 3 | (sib ? 4 : b)));
	if (sib)
		x_byte((u8)(ss << 6 | idx << 3 | b));
	if (mod == 1)
		x_byte((u8)m.disp);
	else if (mod == 2)
		x_u32((u32)m.disp);
}

/* opcode reg, [mem] (or the /digit form with reg = the digit) */
static void x_insn_m(int flags, int op, int reg, struct mem m)
{
	if (flags & WORD16)
		x_byte(0x66);
	x_rex(flags, reg, m.index == NOREG ? 0 : m.index,
	      m.base == NOREG ? 0 : m.base);
	x_opcode(op);
	x_operand(reg, m);
}

/* opcode reg, rm with both registers (mod=11) */
static void x_insn_r(int flags, int op, int reg, int rm)
{
	x_rex(flags, reg, 0, rm);
	x_opcode(op);
	x_byte((u8)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

static bool fits8(i64 v) { return v >= -128 && v <= 127; }

/* ALU r/m, reg is opcode 8*op+1; reg, r/m is 8*op+3; the immediate forms are
 * 83 /op ib (sign-extended imm8) and 81 /op id. */
void x_alu_rr(enum alu op, int dst, int src) { x_insn_r(W64, 8 * op + 1, src, dst); }
void x_alu_rm(enum alu op, int dst, struct mem m) { x_insn_m(W64, 8 * op + 3, dst, m); }
void x_alu_mr(enum alu op, struct mem m, int src) { x_insn_m(W64, 8 * op + 1, src, m); }

void x_alu_ri(enum alu op, int dst, i32 imm)
{
	x_insn_r(W64, fits8(imm) ? 0x83 : 0x81, op, dst);
	if (fits8(imm))
		x_byte((u8)imm);
	else
		x_u32((u32)imm);
}

void x_alu_mi(enum alu op, struct mem m, i32 imm)
{
	x_insn_m(W64, fits8(imm) ? 0x83 : 0x81, op, m);
	if (fits8(imm))
		x_byte((u8)imm);
	else
		x_u32((u32)imm);
}

void x_test_rr(int a, int b) { x_insn_r(W64, 0x85, b, a); }
void x_mov_rr(int dst, int src) { x_insn_r(W64, 0x89, src, dst); }
void x_mov_rm(int dst, struct mem m) { x_insn_m(W64, 0x8b, dst, m); }
void x_mov_mr(struct mem m, int src) { x_insn_m(W64, 0x89, src, m); }
void x_mov_mi(struct mem m, i32 imm) { x_insn_m(W64, 0xc7, 0, m); x_u32((u32)imm); }
void x_movzx8_rm(int dst, struct mem m) { x_insn_m(W64, 0x0fb6, dst, m); }
void x_movzx16_rm(int dst, struct mem m) { x_insn_m(W64, 0x0fb7, dst, m); }
void x_mov32_rm(int dst, struct mem m) { x_insn_m(0, 0x8b, dst, m); }
void x_mov8_mr(struct mem m, int src) { x_insn_m(BYTEREG, 0x88, src, m); }
void x_mov8_mi(struct mem m, u8 imm) { x_insn_m(0, 0xc6, 0, m); x_byte(imm); }
void x_mov16_mr(struct mem m, int src) { x_insn_m(WORD16, 0x89, src, m); }
void x_mov32_mr(struct mem m, int src) { x_insn_m(0, 0x89, src, m); }
void x_lea(int dst, struct mem m) { x_insn_m(W64, 0x8d, dst, m); }
void x_xadd_mr(struct mem m, int src) { x_insn_m(W64, 0x0fc1, src, m); }

/* The 10-byte REX.W B8+r form, whose immediate can be patched in place. */
void x_mov_ri64(int dst, u64 imm)
{
	x_rex(W64, 0, 0, dst);
	x_byte((u8)(0xb8 + (dst & 7)));
	x_u64(imm);
}

/* Shortest form: C7 /0 sign-extends an imm32; B8+r with no REX.W
 * zero-extends one; anything else takes the 10-byte form. */
void x_mov_ri(int dst, i64 imm)
{
	if (imm >= 0 && imm <= 0xffffffffll) {
		x_rex(0, 0, 0, dst);
		x_byte((u8)(0xb8 + (dst & 7)));
		x_u32((u32)imm);
	} else if (imm >= -0x80000000ll && imm < 0) {
		x_insn_r(W64, 0xc7, 0, dst);
		x_u32((u32)imm);
	} else {
		x_mov_ri64(dst, (u64)imm);
	}
}

/* push/pop take 64-bit operands by default: no REX.W. */
void x_push_r(int r) { x_rex(0, 0, 0, r); x_byte((u8)(0x50 + (r & 7))); }
void x_pop_r(int r) { x_rex(0, 0, 0, r); x_byte((u8)(0x58 + (r & 7))); }
void x_push_m(struct mem m) { x_insn_m(0, 0xff, 6, m); }
void x_pop_m(struct mem m) { x_insn_m(0, 0x8f, 0, m); }

void x_push_i(i32 imm)
{
	if (fits8(imm)) {
		x_byte(0x6a);
		x_byte((u8)imm);
	} else {
		x_byte(0x68);
		x_u32((u32)imm);
	}
}

void x_neg_r(int r) { x_insn_r(W64, 0xf7, 3, r); }
void x_not_m(struct mem m) { x_insn_m(W64, 0xf7, 2, m); }
void x_neg_m(struct mem m) { x_insn_m(W64, 0xf7, 3, m); }
void x_inc_m(struct mem m) { x_insn_m(W64, 0xff, 0, m); }
void x_dec_m(struct mem m) { x_insn_m(W64, 0xff, 1, m); }
void x_imul_rm(int dst, struct mem m) { x_insn_m(W64, 0x0faf, dst, m); }
void x_imul_rr(int dst, int src) { x_insn_r(W64, 0x0faf, dst, src); }

/* imul dst, src, imm: 6B /r ib or 69 /r id */
void x_imul_rri(int dst, int src, i32 imm)
{
	x_insn_r(W64, fits8(imm) ? 0x6b : 0x69, dst, src);
	if (fits8(imm))
		x_byte((u8)imm);
	else
		x_u32((u32)imm);
}

void x_not_r(int r) { x_insn_r(W64, 0xf7, 2, r); }
void x_cqo(void) { x_byte(0x48); x_byte(0x99); }
void x_idiv_r(int r) { x_insn_r(W64, 0xf7, 7, r); }
void x_div_r(int r) { x_insn_r(W64, 0xf7, 6, r); }
void x_shl_m_cl(struct mem m) { x_insn_m(W64, 0xd3, 4, m); }
void x_shr_m_cl(struct mem m) { x_insn_m(W64, 0xd3, 5, m); }
void x_sar_m_cl(struct mem m) { x_insn_m(W64, 0xd3, 7, m); }
void x_sar_ri(int r, u8 n) { x_insn_r(W64, 0xc1, 7, r); x_byte(n); }
void x_shl_ri(int r, u8 n) { x_insn_r(W64, 0xc1, 4, r); x_byte(n); }
void x_shr_ri(int r, u8 n) { x_insn_r(W64, 0xc1, 5, r); x_byte(n); }
void x_setcc(enum cc cc, int r8) { x_insn_r(BYTERM, 0x0f90 + cc, 0, r8); }
void x_cmov_rr(enum cc cc, int dst, int src) { x_insn_r(W64, 0x0f40 + cc, dst, src); }

u8 *x_jcc8(enum cc cc)
{
	x_byte((u8)(0x70 + cc));
	x_byte(0);
	return (u8 *)*x_point() - 1;
}

u8 *x_jmp8(void)
{
	x_byte(0xeb);
	x_byte(0);
	return (u8 *)*x_point() - 1;
}

/* rel8 counts from the end of the instruction, which is just after `at`.
 * A jump that does not reach is a bug in the code emitting it: stop
 * rather than jump somewhere else. */
void x_patch8(u8 *at)
{
	i64 rel = (i64)*x_point() - (i64)(at + 1);
	if (rel < -128 || rel > 127)
		fatal("encode: a rel8 jump of %d bytes does not fit", (int)rel);
	*at = (u8)rel;
}

/* rel32 counts from the end of the instruction too: 4 bytes after the
 * opcode bytes. */
void x_jcc_rel32(enum cc cc, u64 target)
{
	x_byte(0x0f);
	x_byte((u8)(0x80 + cc));
	x_u32((u32)(target - (*x_point() + 4)));
}

void x_jmp_rel32(u64 target)
{
	x_byte(0xe9);
	x_u32((u32)(target - (*x_point() + 4)));
}

void x_call_m(struct mem m) { x_insn_m(0, 0xff, 2, m); }
void x_jmp_m(struct mem m) { x_insn_m(0, 0xff, 4, m); }
void x_lodsq(void) { x_byte(0x48); x_byte(0xad); }
void x_cld(void) { x_byte(0xfc); }
void x_ret(void) { x_byte(0xc3); }
void x_syscall(void) { x_byte(0x0f); x_byte(0x05); }

/* NEXT: load the next execution token, jump through its codeword. */
void x_next(void)
{
	x_lodsq();
	x_jmp_m(MEM(RAX, 0));
}

/* The step of a counted loop, shared by (loop) and (+loop) (prims.c) and
 * the superinstructions that close with them (optimize.c).  The index is
 * at [rbp], the limit at [rbp+8]; +loop's step is in rcx.  Falls through
 * with the new index stored when the loop goes on; returns the rel8 of the
 * jump taken when it ends.  Uses rax, rdx and rdi.
 *
 * (+loop) ends when the index crosses the boundary between limit-1 and
 * limit in the direction of the step n: with d = index - limit, when d
 * and d+n differ in sign and d and n do too. */
u8 *x_loop_step(bool plus)
{
	u8 *end;
	x_mov_rm(RAX, MEM(RBP, 0));
	if (!plus) {
		x_alu_ri(ALU_ADD, RAX, 1);
		x_alu_rm(ALU_CMP, RAX, MEM(RBP, 8));
		end = x_jcc8(CC_E);
	} else {
		x_mov_rr(RDX, RAX);
		x_alu_rm(ALU_SUB, RDX, MEM(RBP, 8)); /* d */
		x_mov_rr(RDI, RDX);
		x_alu_rr(ALU_ADD, RDI, RCX);         /* d + n */
		x_alu_rr(ALU_XOR, RDI, RDX);         /* d ^ (d+n) */
		x_alu_rr(ALU_XOR, RDX, RCX);         /* d ^ n */
		x_alu_rr(ALU_AND, RDI, RDX);
		end = x_jcc8(CC_S);
		x_alu_rr(ALU_ADD, RAX, RCX);
	}
	x_mov_mr(MEM(RBP, 0), RAX);
	return end;
}
