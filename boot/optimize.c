/* optimize.c - superinstructions.
 *
 * Indirect threading pays one indirect jump (NEXT) per primitive.  When a
 * colon definition is finished, each straight run of "simple" primitives
 * (prims.c: simple_next) and literals in it is replaced by one
 * superinstruction: a new machine-code word whose code is the primitives'
 * bodies laid end to end, literals as `push imm`, and at the end either
 * `mov esi, <next cell>` or, when the run ends in a branch, the branch
 * itself with both targets as immediates.  The execution model is
 * unchanged: the first cell of the run now holds the superinstruction's
 * xt and the rest of the run stays in place (unused), so addresses,
 * return points, the line table and backtraces keep their meaning.
 *
 * A body is only rewritten when every cell decodes: each is the xt of an
 * entry or an operand of the primitive before it, and every branch lands
 * on an instruction of the body.  A definition that compiles other data
 * inline is left alone.  Runs never span a branch target. */
#include "optimize.h"
#include "encode.h"
#include "log.h"

enum kind { K_SIMPLE, K_LIT, K_BRANCH, K_ZBRANCH, K_OTHER };

struct insn {
	u64 *at;
	enum kind kind;
	u64 value;   /* literal value, or branch target */
	u32 len;     /* primitive body length (K_SIMPLE) */
	u64 xt;
	bool leader; /* a branch lands here */
};

#define MAX_INSNS 4096
static struct insn insns[MAX_INSNS];

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
	} else if ((info = simple_info(x))) {
		in->kind = K_SIMPLE;
		in->len = info->len;
	}
	return 1;
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

static void piece(u64 xt)
{
	if ((VM->n_pieces + 1) * sizeof(struct super_piece) > SUPERMAP_SIZE)
		return;
	((struct super_piece *)SUPERMAP_BASE)[VM->n_pieces++] =
		(struct super_piece){ (u32)(VM->here - CODE_BASE), (u32)xt };
}

static void emit_mov_esi(u64 addr)
{
	x_byte(0xbe); /* mov esi, imm32: zero-extends, and the log is below 4 GiB */
	x_u32((u32)addr);
}

/* Emit the superinstruction for insns[a..b) (b may be a branch) and
 * return its xt.  Emits at the code region's end: `here` is borrowed. */
static u64 emit_super(int a, int b, u64 next_cell)
{
	u64 saved_here = VM->here;
	if (!VM->code_here)
		VM->code_here = CODE_BASE;
	VM->here = VM->code_here;
	u64 xt = VM->here;
	x_u64(xt + 8); /* self-codeword */
	for (int i = a; i < b; i++) {
		struct insn *in = &insns[i];
		piece(in->xt);
		if (in->kind == K_SIMPLE) {
			memcpy((void *)VM->here, (void *)(in->xt + 8), in->len);
			VM->here += in->len;
		} else if (in->kind == K_LIT) {
			i64 v = (i64)in->value;
			if (v >= -0x80000000ll && v <= 0x7fffffffll) {
				x_push_i((i32)v);
			} else {
				x_mov_ri64(RAX, in->value);
				x_push_r(RAX);
			}
		}
	}
	struct insn *last = &insns[b - 1];
	if (last->kind != K_BRANCH && last->kind != K_ZBRANCH)
		piece(0); /* the tail belongs to no primitive */
	if (last->kind == K_BRANCH) {
		emit_mov_esi(last->value);
	} else if (last->kind == K_ZBRANCH) {
		x_pop_r(RAX);
		x_test_rr(RAX, RAX);
		u8 *taken = x_jcc8(CC_E);
		emit_mov_esi(next_cell);
		x_next();
		x_patch8(taken);
		emit_mov_esi(last->value);
	} else {
		emit_mov_esi(next_cell);
	}
	x_next();
	VM->code_here = VM->here;
	VM->here = saved_here;
	return xt;
}

static bool joinable(struct insn *in)
{
	return in->kind == K_SIMPLE || in->kind == K_LIT;
}

void optimize_definition(u64 xt)
{
	if (*(u64 *)xt != VMF->docol)
		return;
	u64 *start = (u64 *)(xt + 8), *end = (u64 *)VM->here;
	int n = decode_body(start, end);
	if (n <= 0)
		return;
	/* room for the worst case: every body copied, plus the tails */
	if (VM->code_here + (u64)n * 64 + 4096 > CODE_BASE + CODE_SIZE)
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
		if (j < n && !insns[j].leader &&
		    (insns[j].kind == K_BRANCH || insns[j].kind == K_ZBRANCH)) {
			j++; /* the run ends in its branch */
			count++;
		}
		if (count >= 2) {
			u64 next = j < n ? (u64)insns[j].at : (u64)end;
			*insns[i].at = emit_super(i, j, next);
		}
		i = j;
	}
}

bool optimize_is_super(u64 xt)
{
	return xt >= CODE_BASE && xt < (VM->code_here ? VM->code_here : CODE_BASE) &&
	       *(u64 *)xt == xt + 8;
}

u64 optimize_prim_at(u64 rip)
{
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
	return lo ? m[lo - 1].xt : 0;
}
