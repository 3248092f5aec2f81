/* encode.h - the bootstrap's x86-64 encoder.
 *
 * Enough of the instruction set to write the primitives.  Every function
 * appends one instruction at the output point: the log's `here`, or the
 * variable x_output() chose (the optimizer writes at the code region's
 * end).  Operands are registers or
 * memory references; all the encoding special cases (REX bits, rsp/r12 needing
 * a SIB byte, rbp/r13 needing a displacement, absolute addresses) live in
 * x_operand() in encode.c. */
#ifndef INCANT_ENCODE_H
#define INCANT_ENCODE_H

#include "sys.h"

enum reg { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	   R8, R9, R10, R11, R12, R13, R14, R15, NOREG = -1 };

/* Condition codes, the low nibble of Jcc/SETcc (Intel SDM vol. 2, B.1.4.7) */
enum cc { CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
	  CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G };

/* A memory operand: [base + index*scale + disp]; base NOREG is absolute. */
struct mem { int base, index, scale; i32 disp; };
#define MEM(b, d) ((struct mem){ (b), NOREG, 1, (d) })
#define MEMX(b, i, s, d) ((struct mem){ (b), (i), (s), (d) })
#define ABS(a) ((struct mem){ NOREG, NOREG, 1, (i32)(u64)(a) })

/* Write at *point from now on (0: the log's here); the previous point. */
u64 *x_output(u64 *point);
u64 *x_point(void);
void x_byte(u8 b);
void x_skip(u64 n);
void x_u32(u32 v);
void x_u64(u64 v);

/* integer ALU group: the /digit of 81/83 and the opcode base of 01..3B */
enum alu { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

void x_alu_rr(enum alu op, int dst, int src);          /* op dst, src */
void x_alu_ri(enum alu op, int dst, i32 imm);          /* op dst, imm */
void x_alu_rm(enum alu op, int dst, struct mem m);     /* op dst, [m] */
void x_alu_mr(enum alu op, struct mem m, int src);     /* op [m], src */
void x_alu_mi(enum alu op, struct mem m, i32 imm);     /* op qword [m], imm */
void x_test_rr(int a, int b);
void x_mov_rr(int dst, int src);
void x_mov_rm(int dst, struct mem m);                  /* mov dst, [m] */
void x_mov_mr(struct mem m, int src);                  /* mov [m], src */
void x_mov_mi(struct mem m, i32 imm);                  /* mov qword [m], imm32 */
void x_mov_ri(int dst, i64 imm);                       /* shortest form */
void x_mov_ri64(int dst, u64 imm);                     /* always 10 bytes */
void x_movzx8_rm(int dst, struct mem m);
void x_movzx16_rm(int dst, struct mem m);
void x_mov32_rm(int dst, struct mem m);                /* zero-extends */
void x_mov8_mr(struct mem m, int src);
void x_mov8_mi(struct mem m, u8 imm);                   /* mov byte [m], imm8 */
void x_mov16_mr(struct mem m, int src);
void x_mov32_mr(struct mem m, int src);
void x_lea(int dst, struct mem m);
void x_xadd_mr(struct mem m, int src);                 /* xadd [m], src */
void x_push_r(int r);
void x_pop_r(int r);
void x_push_m(struct mem m);
void x_pop_m(struct mem m);
void x_push_i(i32 imm);
void x_neg_r(int r);
void x_not_m(struct mem m);
void x_neg_m(struct mem m);
void x_inc_m(struct mem m);
void x_dec_m(struct mem m);
void x_imul_rm(int dst, struct mem m);
void x_imul_rr(int dst, int src);
void x_imul_rri(int dst, int src, i32 imm);
void x_not_r(int r);
void x_cqo(void);
void x_idiv_r(int r);
void x_div_r(int r);
void x_shl_m_cl(struct mem m);
void x_shr_m_cl(struct mem m);
void x_sar_m_cl(struct mem m);
void x_sar_ri(int r, u8 n);
void x_shl_ri(int r, u8 n);
void x_shr_ri(int r, u8 n);
void x_setcc(enum cc cc, int r8);
void x_cmov_rr(enum cc cc, int dst, int src);
u8 *x_jcc8(enum cc cc);          /* returns the rel8 byte to patch */
u8 *x_jmp8(void);
void x_patch8(u8 *at);           /* point a rel8 at the output point */
void x_jcc_rel32(enum cc cc, u64 target);
void x_jmp_rel32(u64 target);
void x_call_m(struct mem m);
void x_jmp_m(struct mem m);       /* jmp [m] */
void x_lodsq(void);
void x_cld(void);
void x_ret(void);
void x_syscall(void);
void x_next(void);                /* lodsq ; jmp [rax] */
u8 *x_loop_step(bool plus);       /* (loop)/(+loop): the rel8 out */

#endif
