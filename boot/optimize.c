/* optimize.c - superinstructions.
 *
 * Indirect threading pays one indirect jump (NEXT) per primitive.  When a
 * colon definition is finished, each straight run of "simple" primitives
 * (declared D_FUSABLE) and literals in it is replaced by one
 * superinstruction: a new machine-code word whose code is the primitives'
 * bodies laid end to end, literals as `push imm`, and at the end either
 * `mov esi, <next cell>` or, when the run ends in a branch, the branch
 * itself with both targets as immediates.  The execution model is
 * unchanged: the first cell of the run now holds the superinstruction's
 * xt and the rest of the run stays in place (unused), so addresses,
 * return points, the line table and backtraces keep their meaning.
 *
 * Beyond joining bodies:
 * - a comparison followed by the run's closing branch becomes one
 *   compare-and-jump (with a literal operand as an immediate);
 * - (loop) and (+loop) may close a run too, their targets immediates;
 * - a call to a short colon definition made only of simple primitives and
 *   literals is joined in place of the call (inlined).
 * A superinstruction keeps the xt it replaced just before its codeword, so
 * a later definition can still see through it (to inline it, or decode),
 * and before that the number of cells of the body it covers (for `see`).
 *
 * A body is only rewritten when every cell decodes: each is the xt of an
 * entry or an operand of the primitive before it, and every branch lands
 * on an instruction of the body.  A definition that compiles other data
 * inline is left alone.  Runs never span a branch target. */
#include "optimize.h"
#include "encode.h"
#include "log.h"
#include "perfmap.h"

enum kind { K_SIMPLE, K_LIT, K_BRANCH, K_ZBRANCH, K_LOOP, K_PLOOP,
	    K_INLINE, K_OTHER };

struct insn {
	u64 *at;
	enum kind kind;
	u64 value;   /* literal value, or branch target */
	const struct prim_info *info; /* K_SIMPLE */
	u64 xt;
	bool leader; /* a branch lands here */
};

#define MAX_INSNS 4096
static struct insn insns[MAX_INSNS];
static u64 log_end; /* the log's here while optimizing (emission borrows here) */
static int n_insns;     /* instructions in the body being optimized */
static u64 *body_end;

/* An inlined definition's instructions, decoded again at code generation. */
#define MAX_INLINE 12
static int decode_inline(u64 xt, struct insn *out);

static const struct prim_info *simple_info(u64 xt)
{
	for (u64 i = 0; i < VMF->n_prims; i++)
		if (VMF->prims[i].xt == xt)
			return &VMF->prims[i];
	return 0;
}

/* Decode one instruction at p; the number of cells it takes, 0 if the
 * cell is not code. */
static u64 decode(u64 *p, struct insn *in)
{
	u64 x = *p;
	if (optimize_is_super(x))
		x = *(u64 *)(x - 8); /* the xt it replaced */
	*in = (struct insn){ .at = p, .kind = K_OTHER, .xt = x };
	if (x == VMF->xt_lit) {
		in->kind = K_LIT;
		in->value = p[1];
		return 2;
	}
	if (x == VMF->xt_branch || x == VMF->xt_0branch) {
		in->kind = x == VMF->xt_branch ? K_BRANCH : K_ZBRANCH;
		in->value = p[1];
		return 2;
	}
	if (x == VMF->xt_do || x == VMF->xt_qdo || x == VMF->xt_loop ||
	    x == VMF->xt_ploop) {
		in->value = p[1]; /* a branch target too */
		if (x == VMF->xt_loop)
			in->kind = K_LOOP;
		else if (x == VMF->xt_ploop)
			in->kind = K_PLOOP;
		return 2;
	}
	if (x == VMF->xt_squote)
		return 2 + align8(p[1] + 1) / 8;
	if (!log_is_xt(x) && !optimize_is_super(x))
		return 0;
	u64 code = *(u64 *)x;
	const struct prim_info *info;
	if (code == VMF->docon) {
		in->kind = K_LIT;
		in->value = *(u64 *)(x + 8);
	} else if (code == VMF->dovar) {
		in->kind = K_LIT;
		in->value = x + 8;
	} else if (code == VMF->dodata) {
		/* a data word (standard create): its body's address.  Only
		 * the newest word's action can still change (does>), and a
		 * definition being finished is newer than the words it uses */
		in->kind = K_LIT;
		in->value = x + 16;
	} else if ((info = simple_info(x))) {
		in->kind = K_SIMPLE;
		in->info = info;
	} else if (code == VMF->docol) {
		struct insn tmp[MAX_INLINE];
		if (decode_inline(x, tmp) > 0)
			in->kind = K_INLINE;
	}
	return 1;
}

/* Whether a primitive keeps its meaning once its definition is inlined:
 * it must leave the control stack alone, or use only cells the definition
 * pushed itself (depth counts them).  A definition that pops or reads its
 * own return address (`r> drop`, 2>r's `r> ... >r`) or looks at the frame
 * (`i`, `rp@`) would act on its caller's frame instead. */
static bool keeps_meaning_inlined(const struct prim_info *info, int *depth)
{
	switch (info->rstack) {
	case RS_NONE: return true;
	case RS_PUSH: ++*depth; return true;
	case RS_POP: return (*depth)-- > 0;
	case RS_PEEK: return *depth > 0;
	default: return false;
	}
}

/* A colon definition made only of simple primitives and literals, then
 * exit, that leaves the control stack as it found it: its instructions (at
 * most MAX_INLINE), else -1. */
static int decode_inline(u64 xt, struct insn *out)
{
	u64 *p = (u64 *)(xt + 8);
	int depth = 0;
	for (int n = 0; n <= MAX_INLINE; n++) {
		u64 x = *p;
		if (optimize_is_super(x))
			x = *(u64 *)(x - 8);
		if (x == VMF->xt_exit)
			return depth == 0 ? n : -1;
		if (n == MAX_INLINE || (u64)p >= log_end)
			return -1;
		if (x == VMF->xt_lit) {
			out[n] = (struct insn){ .kind = K_LIT, .value = p[1] };
			p += 2;
			continue;
		}
		if (!log_is_xt(x))
			return -1;
		const struct prim_info *info = simple_info(x);
		u64 code = *(u64 *)x;
		if (info && !keeps_meaning_inlined(info, &depth))
			return -1;
		if (info)
			out[n] = (struct insn){ .kind = K_SIMPLE, .info = info, .xt = x };
		else if (code == VMF->docon)
			out[n] = (struct insn){ .kind = K_LIT, .value = *(u64 *)(x + 8) };
		else if (code == VMF->dodata)
			out[n] = (struct insn){ .kind = K_LIT, .value = x + 16 };
		else
			return -1;
		p++;
	}
	return -1;
}

static int find_insn(int n, u64 addr)
{
	for (int i = 0; i < n; i++)
		if ((u64)insns[i].at == addr)
			return i;
	return -1;
}

/* Decode the body [start, end); the instruction count, or -1. */
static int decode_body(u64 *start, u64 *end)
{
	int n = 0;
	for (u64 *p = start; p < end; n++) {
		if (n == MAX_INSNS)
			return -1;
		u64 cells = decode(p, &insns[n]);
		if (!cells || p + cells > end)
			return -1;
		p += cells;
	}
	for (int i = 0; i < n; i++) {
		bool branches = insns[i].kind == K_BRANCH ||
				insns[i].kind == K_ZBRANCH ||
				insns[i].kind == K_LOOP || insns[i].kind == K_PLOOP ||
				(insns[i].kind == K_OTHER && insns[i].value);
		if (!branches)
			continue;
		u64 t = insns[i].value;
		if (t == (u64)end)
			continue;
		int j = find_insn(n, t);
		if (j < 0)
			return -1;
		insns[j].leader = true;
	}
	return n;
}

static u64 inlining; /* the definition being inlined, while it is */

static void piece(u64 xt)
{
	if ((VM->n_pieces + 1) * sizeof(struct super_piece) > SUPERMAP_SIZE)
		return;
	((struct super_piece *)SUPERMAP_BASE)[VM->n_pieces++] =
		(struct super_piece){ (u32)(VM->here - CODE_BASE), (u32)xt,
				      (u32)inlining, 0 };
}

static void emit_mov_esi(u64 addr)
{
	x_byte(0xbe); /* mov esi, imm32: zero-extends, and the log is below 4 GiB */
	x_u32((u32)addr);
}

static bool joinable(struct insn *in)
{
	return in->kind == K_SIMPLE || in->kind == K_LIT || in->kind == K_INLINE;
}

static bool closing(struct insn *in)
{
	return in->kind == K_BRANCH || in->kind == K_ZBRANCH ||
	       in->kind == K_LOOP || in->kind == K_PLOOP;
}

static void emit_lit(u64 value)
{
	i64 v = (i64)value;
	if (v >= -0x80000000ll && v <= 0x7fffffffll) {
		x_push_i((i32)v);
	} else {
		x_mov_ri64(RAX, value);
		x_push_r(RAX);
	}
}

static bool fits32(u64 v)
{
	return (i64)v >= -0x80000000ll && (i64)v <= 0x7fffffffll;
}

/* One joinable instruction: a copied body, a literal, or an inlined
 * definition's instructions in turn. */
static void emit_element(struct insn *in)
{
	if (in->kind == K_INLINE) {
		struct insn inner[MAX_INLINE];
		int n = decode_inline(in->xt, inner);
		inlining = in->xt;
		for (int i = 0; i < n; i++)
			emit_element(&inner[i]);
		inlining = 0;
		return;
	}
	piece(in->kind == K_SIMPLE ? in->xt : VMF->xt_lit);
	if (in->kind == K_SIMPLE) {
		memcpy((void *)VM->here, (void *)(u64)(in->info->xt + 8),
		       in->info->len);
		VM->here += in->info->len;
	} else {
		emit_lit(in->value);
	}
}

/* Leave for `taken` or `next` by the flags, then NEXT on both ways. */
static void emit_two_ways(enum cc leave_for_taken, u64 taken, u64 next)
{
	u8 *jump = x_jcc8(leave_for_taken);
	emit_mov_esi(next);
	x_next();
	x_patch8(jump);
	emit_mov_esi(taken);
	x_next();
}

/* How many of the elements just before the run's closing instruction
 * (insns[b-1]) it takes over: a 0branch takes a comparison, and the
 * literal before a two-operand one; a (+loop) takes a literal step. */
static int absorbed(int a, int b)
{
	struct insn *close = &insns[b - 1];
	struct insn *prev = b - 2 >= a ? &insns[b - 2] : 0;
	struct insn *prev2 = b - 3 >= a ? &insns[b - 3] : 0;
	bool lit = prev && prev->kind == K_LIT && fits32(prev->value);
	bool lit2 = prev2 && prev2->kind == K_LIT && fits32(prev2->value);
	if (close->kind == K_ZBRANCH && prev && prev->kind == K_SIMPLE &&
	    prev->info->compare)
		return !prev->info->with_zero && lit2 ? 2 : 1;
	if (close->kind == K_PLOOP && lit)
		return 1;
	return 0;
}

/* The closing 0branch, taken when the flag (or the absorbed comparison)
 * is false. */
static void emit_zbranch(int b, int used, u64 next)
{
	struct insn *br = &insns[b - 1];
	if (!used) {
		x_pop_r(RAX);
		x_test_rr(RAX, RAX);
		emit_two_ways(CC_E, br->value, next);
		return;
	}
	const struct prim_info *cmp = insns[b - 2].info;
	if (cmp->with_zero) {
		x_pop_r(RAX);
		x_test_rr(RAX, RAX);
	} else if (used == 2) {
		x_pop_r(RCX);
		x_alu_ri(ALU_CMP, RCX, (i32)insns[b - 3].value);
	} else {
		x_pop_r(RAX);
		x_pop_r(RCX);
		x_alu_rr(ALU_CMP, RCX, RAX);
	}
	emit_two_ways((enum cc)((cmp->compare - 1) ^ 1), br->value, next);
}

/* The closing (loop) or (+loop): the index at [rbp], the limit at
 * [rbp+8]; the step of (+loop) is the absorbed literal, or on the stack. */
static void emit_loop(int b, int used, u64 next)
{
	struct insn *lp = &insns[b - 1];
	if (lp->kind == K_LOOP) {
		x_mov_rm(RAX, MEM(RBP, 0));
		x_alu_ri(ALU_ADD, RAX, 1);
		x_alu_rm(ALU_CMP, RAX, MEM(RBP, 8));
		u8 *out = x_jcc8(CC_E);
		x_mov_mr(MEM(RBP, 0), RAX);
		emit_mov_esi(lp->value);
		x_next();
		x_patch8(out);
	} else {
		if (used)
			x_mov_ri(RCX, (i64)insns[b - 2].value);
		else
			x_pop_r(RCX);
		/* ends when index - limit and that plus the step differ in sign,
		 * and index - limit and the step do too (see prims.c) */
		x_mov_rm(RAX, MEM(RBP, 0));
		x_mov_rr(RDX, RAX);
		x_alu_rm(ALU_SUB, RDX, MEM(RBP, 8));
		x_mov_rr(RDI, RDX);
		x_alu_rr(ALU_ADD, RDI, RCX);
		x_alu_rr(ALU_XOR, RDI, RDX);
		x_alu_rr(ALU_XOR, RDX, RCX);
		x_alu_rr(ALU_AND, RDI, RDX);
		u8 *out = x_jcc8(CC_S);
		x_alu_rr(ALU_ADD, RAX, RCX);
		x_mov_mr(MEM(RBP, 0), RAX);
		emit_mov_esi(lp->value);
		x_next();
		x_patch8(out);
	}
	x_lea(RBP, MEM(RBP, 24));
	emit_mov_esi(next);
	x_next();
}

/* Emit the superinstruction for insns[a..b) (the last may close the run:
 * a branch or a loop) and return its xt.  Emits at the code region's end:
 * `here` is borrowed.  Layout: the xt it replaces, then the codeword. */
static u64 emit_super(int a, int b, u64 next_cell)
{
	u64 saved_here = VM->here;
	if (!VM->code_here)
		VM->code_here = CODE_BASE;
	VM->here = VM->code_here;
	u64 *after = b < n_insns ? insns[b].at : body_end;
	x_u64((u64)(after - insns[a].at)); /* the cells it covers, for `see` */
	x_u64(*insns[a].at);
	u64 xt = VM->here;
	x_u64(xt + 8); /* self-codeword */
	enum kind last = insns[b - 1].kind;
	bool closes = closing(&insns[b - 1]);
	int used = closes ? absorbed(a, b) : 0;
	for (int i = a; i < (closes ? b - 1 : b) - used; i++)
		emit_element(&insns[i]);
	piece(closes ? insns[b - 1].xt : 0);
	if (last == K_ZBRANCH) {
		emit_zbranch(b, used, next_cell);
	} else if (last == K_LOOP || last == K_PLOOP) {
		emit_loop(b, used, next_cell);
	} else {
		emit_mov_esi(last == K_BRANCH ? insns[b - 1].value : next_cell);
		x_next();
	}
	VM->code_here = VM->here;
	VM->here = saved_here;
	return xt;
}

void optimize_definition(u64 xt)
{
	if (*(u64 *)xt != VMF->docol || !VM->superinstructions)
		return;
	u64 *start = (u64 *)(xt + 8), *end = (u64 *)VM->here;
	log_end = VM->here;
	int n = decode_body(start, end);
	if (n <= 0)
		return;
	n_insns = n;
	body_end = end;
	/* room for the worst case: every body copied, plus the tails */
	if ((VM->code_here ? VM->code_here : CODE_BASE) + (u64)n * 64 * MAX_INLINE +
	    4096 > CODE_BASE + CODE_SIZE)
		return;
	for (int i = 0; i < n;) {
		if (!joinable(&insns[i])) {
			i++;
			continue;
		}
		int j = i + 1;
		while (j < n && joinable(&insns[j]) && !insns[j].leader)
			j++;
		int count = j - i;
		if (j < n && !insns[j].leader && closing(&insns[j])) {
			j++; /* the run ends in its branch */
			count++;
		}
		if (count >= 2 || (count == 1 && insns[i].kind == K_INLINE)) {
			u64 next = j < n ? (u64)insns[j].at : (u64)end;
			*insns[i].at = emit_super(i, j, next);
			perfmap_super(xt, insns[i].at);
		}
		i = j;
	}
}

bool optimize_is_super(u64 xt)
{
	return xt >= CODE_BASE + 16 &&
	       xt < (VM->code_here ? VM->code_here : CODE_BASE) &&
	       *(u64 *)xt == xt + 8;
}

u64 optimize_prim_at(u64 rip, u64 *via)
{
	*via = 0;
	if (rip < CODE_BASE || rip >= VM->code_here)
		return 0;
	const struct super_piece *m = (const struct super_piece *)SUPERMAP_BASE;
	u32 off = (u32)(rip - CODE_BASE);
	u64 lo = 0, hi = VM->n_pieces;
	while (lo < hi) {
		u64 mid = (lo + hi) / 2;
		if (m[mid].offset <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return 0;
	*via = m[lo - 1].via;
	return m[lo - 1].xt;
}
