/* optimize.c - superinstructions.
 *
 * Indirect threading pays one indirect jump (NEXT) per primitive.  When a
 * colon definition is finished, each straight run of "simple" primitives
 * (declared D_FUSABLE) and literals in it is replaced by one
 * superinstruction: a new machine-code word that does the run's work and
 * then goes on where the run would have: the next cell, or, when the run
 * ends in a branch, either of its targets.  The execution model is
 * unchanged: the first cell of the run now holds the superinstruction's
 * xt and the rest of the run stays in place (unused, but run as threaded
 * code when a superinstruction declines to start, see emit_prepull), so
 * addresses, return points, the line table and backtraces keep their
 * meaning.
 *
 * How the work is done:
 * - the primitives the optimizer knows (stack shuffles, arithmetic,
 *   comparisons, @ ! c@ c! +!, i j, >r r>) work on the top of the stack
 *   held in registers or as constants ("the value stack in registers"),
 *   folded when constant; the others are copied whole, after the values
 *   are written back;
 * - a comparison followed by the run's closing branch becomes one
 *   compare-and-jump; (loop) and (+loop) may close a run too;
 * - a call to a short colon definition made only of simple primitives and
 *   literals is joined in place of the call (inlined);
 * - the way out goes straight into the code of the superinstruction at
 *   the target cell, passing the top cells in registers, instead of
 *   through NEXT; a target cell holding a call, exit, branch or a loop
 *   closing alone has that work done in place ("leaving a
 *   superinstruction").
 * What a program sees stays as without superinstructions (`0
 * superinstructions !`), tests/optfuzz.sh checks it: output, errors, and
 * at a fault the primitive named and the value stack in memory.
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
#include "io.h"
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
static u64 log_end; /* the log's here while optimizing */
static int n_insns;     /* instructions in the body being optimized */
static u64 *body_end;

/* An inlined definition's instructions, decoded again at code generation. */
#define MAX_INLINE 12
static int decode_inline(u64 xt, struct insn *out);

/* The fusable primitives by xt: every cell of every definition is looked
 * up, so an open-addressed table (rebuilt when code words join the list)
 * rather than a walk of the list. */
#define PRIM_SLOTS 512 /* a power of 2, above 2 * MAX_PRIMS */
_Static_assert(PRIM_SLOTS >= 2 * MAX_PRIMS, "the table keeps a free slot");
static u16 prim_slot[PRIM_SLOTS]; /* 1 + an index into VMF->prims, or 0 */
static u64 prims_hashed;

static u64 prim_hash(u64 xt)
{
	return (xt >> 3) * 0x9e3779b97f4a7c15ull >> 55; /* 9 bits */
}

static const struct prim_info *simple_info(u64 xt)
{
	if (prims_hashed != VMF->n_prims) {
		memset(prim_slot, 0, sizeof prim_slot);
		for (u64 i = 0; i < VMF->n_prims; i++) {
			u64 h = prim_hash(VMF->prims[i].xt);
			while (prim_slot[h])
				h = (h + 1) & (PRIM_SLOTS - 1);
			prim_slot[h] = (u16)(i + 1);
		}
		prims_hashed = VMF->n_prims;
	}
	for (u64 h = prim_hash(xt); prim_slot[h]; h = (h + 1) & (PRIM_SLOTS - 1))
		if (VMF->prims[prim_slot[h] - 1].xt == xt)
			return &VMF->prims[prim_slot[h] - 1];
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

/* Note that the code from here on is xt's copy (inlined from via). */
static void piece_via(u64 xt, u64 via)
{
	if ((VM->n_pieces + 1) * sizeof(struct super_piece) > SUPERMAP_SIZE ||
	    !log_need(R_SUPERMAP, SUPERMAP_BASE + (VM->n_pieces + 1) * sizeof(struct super_piece)))
		return;
	((struct super_piece *)SUPERMAP_BASE)[VM->n_pieces++] =
		(struct super_piece){ (u32)(*x_point() - CODE_BASE), (u32)xt,
				      (u32)via, 0 };
}

static void piece(u64 xt)
{
	piece_via(xt, inlining);
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

static bool fits32(u64 v)
{
	return (i64)v >= -0x80000000ll && (i64)v <= 0x7fffffffll;
}

/* ---- the value stack in registers ----
 * Inside a superinstruction the cells a run pushes and the ones it takes
 * from the stack live in registers, or as constants, and only the end of
 * the run (or a primitive copied whole) writes them back: `i flags + c@`
 * is one load.  A cell taken from the stack is loaded at once, where the
 * primitive that needs it would have popped it, so an underflow faults
 * there and names it.  rsp itself moves once, at the write-back, before
 * anything is stored below it: nothing ever lives under rsp, where a
 * signal handler's frame would go.
 *
 * A value is a register plus an offset (an address being formed, so
 * `cell+ @` is one load), or a 32-bit constant.  Values share registers
 * (dup); a register is changed in place only when one value uses it. */
/* the run being emitted, and its entries (see "leaving a superinstruction") */
static u64 *run_start;   /* the first cell of the run being emitted */
static u64 run_code;     /* where its code starts */
static u64 *body_start;
#define MAX_ENTRIES 3
static const int entry_regs[MAX_ENTRIES] = { RAX, RCX, RDX };
static u64 run_entry[MAX_ENTRIES]; /* past loading 1, 2, 3 cells, or 0 */
/* Cells the run's code loads from the stack as it found it, before any
 * write-back: how many (up to MAX_ENTRIES), and, when emitting again to
 * load them all at the start, how many are loaded there (prepull). */
static bool epoch_open;  /* no write-back yet that later loads could see */
static int base_shift;   /* cells rsp moved by sync since the start */
static int epoch_pulls, prepull;
/* Past the run's first instruction when that loads the loop index (i)
 * into rax: a loop's step, which leaves the new index in rax, enters
 * there. */
static u64 run_i_entry;
static bool index_in_rax; /* while emitting the jump back of a loop */

/* The registers holding the top cells of the stack just written back
 * (known[0] the top), as flush leaves them. */
static int known[MAX_ENTRIES];
static int n_known;

#define MAX_VALS 10
struct val {
	int reg;      /* NOREG: the constant imm */
	i32 off;      /* the value is reg + off */
	i64 imm;
	int home;     /* the stack slot it was loaded from and still is in, or -1 */
	u64 xt, via;  /* the piece that made it (named if storing it faults) */
};
static struct val vals[MAX_VALS]; /* vals[n_vals - 1] is the top */
static int n_vals;
static int pulled;    /* cells taken from the stack: its top is at rsp + 8*pulled */
static int uses[16];  /* values using each register */
static u64 cur_xt;    /* the primitive being emitted */
/* The cell >r just stored at [rbp], still in its register: r> and r@
 * take it from there (until anything could have changed that cell).
 * Pending: not stored yet, nor rbp moved; only arithmetic and the value
 * stack's own words have run since, and an r> takes it back with no
 * code at all (`>r rot r>`).  Anything else stores it first. */
static struct val rtop;
static bool rtop_held, rtop_pending;

/* Store the pending >r's cell where >r's body would have. */
static void store_rtop(void)
{
	if (!rtop_pending)
		return;
	rtop_pending = false;
	x_lea(RBP, MEM(RBP, -8));
	if (rtop.reg == NOREG)
		x_mov_mi(MEM(RBP, 0), (i32)rtop.imm);
	else
		x_mov_mr(MEM(RBP, 0), rtop.reg);
}
static const int pool[] = { RAX, RCX, RDX, RBX, RDI, R8, R9, R10, R11, R12,
			    R13, R14, R15 };
#define POOL (int)(sizeof pool / sizeof pool[0])

static int free_regs(void)
{
	int n = 0;
	for (int i = 0; i < POOL; i++)
		n += !uses[pool[i]];
	return n;
}

static int take_reg(void)
{
	for (int i = 0; i < POOL; i++)
		if (!uses[pool[i]]) {
			uses[pool[i]] = 1;
			return pool[i];
		}
	fatal("optimize: out of registers");
}

static struct val reg_val(int r)
{
	return (struct val){ .reg = r, .home = -1, .xt = cur_xt, .via = inlining };
}

static struct val imm_val(i64 v)
{
	return (struct val){ .reg = NOREG, .imm = v, .home = -1, .xt = cur_xt,
			     .via = inlining };
}

static void release(struct val v)
{
	if (v.reg != NOREG)
		uses[v.reg]--;
}

static struct val share(struct val v)
{
	if (v.reg != NOREG)
		uses[v.reg]++;
	return v;
}

/* A constant, or a 64-bit one in a register. */
static struct val const_val(i64 v)
{
	if (fits32((u64)v))
		return imm_val(v);
	struct val r = reg_val(take_reg());
	x_mov_ri(r.reg, v);
	return r;
}

/* Make sure the top k cells are values: load the rest from the stack. */
static void need(int k)
{
	while (n_vals < k) {
		for (int i = n_vals; i > 0; i--)
			vals[i] = vals[i - 1];
		n_vals++;
		u64 from = *x_point();
		int slot = pulled + base_shift; /* of the stack at the start */
		if (epoch_open && slot < prepull) {
			/* loaded at the start, its register kept for it */
			vals[0] = reg_val(entry_regs[slot]);
		} else {
			vals[0] = reg_val(take_reg());
			x_mov_rm(vals[0].reg, MEM(RSP, 8 * pulled));
		}
		vals[0].home = pulled;
		/* the code so far only loads the top cells in order */
		if (!prepull && pulled < MAX_ENTRIES &&
		    vals[0].reg == entry_regs[pulled] &&
		    from == (pulled ? run_entry[pulled - 1] : run_code))
			run_entry[pulled] = *x_point();
		if (epoch_open && slot < MAX_ENTRIES && slot + 1 > epoch_pulls)
			epoch_pulls = slot + 1;
		pulled++;
	}
}

static struct val pop(void)
{
	need(1);
	return vals[--n_vals];
}

static void push(struct val v)
{
	vals[n_vals++] = v;
}

/* v as a plain register (no offset), to read */
static struct val plain(struct val v)
{
	if (v.reg == NOREG) {
		struct val r = reg_val(take_reg());
		x_mov_ri(r.reg, v.imm);
		return r;
	}
	if (!v.off)
		return v;
	if (uses[v.reg] == 1) {
		x_lea(v.reg, MEM(v.reg, v.off));
	} else {
		int r = take_reg();
		x_lea(r, MEM(v.reg, v.off));
		uses[v.reg]--;
		v.reg = r;
	}
	v.off = 0;
	v.home = -1;
	return v;
}

/* v in a register of its own, to change */
static struct val own(struct val v)
{
	v = plain(v);
	if (uses[v.reg] > 1) {
		int r = take_reg();
		x_mov_rr(r, v.reg);
		uses[v.reg]--;
		v.reg = r;
	}
	v.home = -1;
	v.xt = cur_xt;
	v.via = inlining;
	return v;
}

/* The memory operand at the address v */
static struct mem at(struct val v)
{
	return v.reg == NOREG ? ABS(v.imm) : MEM(v.reg, v.off);
}

/* Loads from here on may read cells written back: the cells loaded at
 * the start and not used yet give their registers back. */
static void end_epoch(void)
{
	if (!epoch_open)
		return;
	epoch_open = false;
	for (int slot = pulled + base_shift; slot >= 0 && slot < prepull; slot++)
		uses[entry_regs[slot]] = 0;
}

/* The stack in registers at the run's last write-back, its way out:
 * values held, cells taken from the stack it found, and whether the
 * cells loaded at its start are all still in their registers. */
static int exit_vals, exit_pulled;
static bool exit_open;

/* Write the values back: rsp moves first, then the cells a value is not
 * already in are stored, each named by the piece that made it.  Only
 * lea and mov: a comparison's flags survive it. */
static void flush(void)
{
	/* the cells loaded at the start that the run did not take, for the
	 * way out to pass on (see lookahead) */
	while (epoch_open && pulled + base_shift < prepull && n_vals < MAX_VALS)
		need(n_vals + 1);
	exit_vals = n_vals;
	exit_pulled = pulled + base_shift;
	exit_open = epoch_open;
	store_rtop();
	end_epoch();
	rtop_held = false; /* its register is given back below */
	for (int i = 0; i < n_vals; i++)
		if (vals[i].reg != NOREG && vals[i].off)
			vals[i] = plain(vals[i]);
	if (pulled != n_vals)
		x_lea(RSP, MEM(RSP, 8 * (pulled - n_vals)));
	for (int i = 0; i < n_vals; i++) {
		struct val v = vals[i];
		if (v.home >= 0 && v.home == pulled - 1 - i)
			continue;
		piece_via(v.xt, v.via);
		struct mem m = MEM(RSP, 8 * (n_vals - 1 - i));
		if (v.reg == NOREG)
			x_mov_mi(m, (i32)v.imm);
		else
			x_mov_mr(m, v.reg);
	}
	/* what a jump out can pass on in registers: the top cells, while
	 * each is a register */
	n_known = 0;
	for (int i = n_vals - 1; i >= 0 && n_known < MAX_ENTRIES; i--) {
		if (vals[i].reg == NOREG)
			break;
		known[n_known++] = vals[i].reg;
	}
	n_vals = pulled = 0;
	for (int r = 0; r < 16; r++)
		uses[r] = 0;
}

/* Before an access to memory, which may fault: the stack in memory as
 * the primitive's own body would leave it when it faults there (a fault
 * report, or gdb's forth-stack, shows it): every value written back
 * except the top `keep`, which that body has popped by then.  The values
 * stay in their registers, now known to be at home too. */
static void sync(int keep)
{
	need(keep);
	int below = n_vals - keep; /* the values memory must hold */
	int shift = pulled - below; /* rsp moves by this many cells */
	for (int i = 0; i < below; i++)
		if (vals[i].reg != NOREG && vals[i].off)
			vals[i] = plain(vals[i]);
	if (shift)
		x_lea(RSP, MEM(RSP, 8 * shift));
	base_shift += shift;
	for (int i = 0; i < n_vals; i++)
		if (vals[i].home >= 0)
			vals[i].home -= shift;
	for (int i = 0; i < below; i++) {
		struct val *v = &vals[i];
		int slot = below - 1 - i;
		if (v->home == slot)
			continue;
		piece_via(v->xt, v->via);
		if (v->reg == NOREG)
			x_mov_mi(MEM(RSP, 8 * slot), (i32)v->imm);
		else
			x_mov_mr(MEM(RSP, 8 * slot), v->reg);
		v->home = slot;
	}
	/* a value above, or one sharing a register, may have had its home
	 * in a cell just written or now above the stack */
	for (int i = 0; i < n_vals; i++)
		if (vals[i].home >= 0 && (i >= below || vals[i].home != below - 1 - i))
			vals[i].home = -1;
	pulled = below;
	piece(cur_xt);
}

static void drop_rtop(void)
{
	if (rtop_held)
		release(rtop);
	rtop_held = false;
}

/* Room for the next primitive: when values or free registers run short,
 * all but the top two values go to memory (the top two stay, so that a
 * constant operand is still known as one). */
static void make_room(void)
{
	if (n_vals <= MAX_VALS - 3 && free_regs() >= 4)
		return;
	int keep = n_vals < 2 ? n_vals : 2;
	store_rtop();
	sync(keep);
	end_epoch();
	drop_rtop();
	int below = n_vals - keep;
	for (int i = 0; i < below; i++)
		release(vals[i]);
	for (int i = 0; i < keep; i++)
		vals[i] = vals[below + i];
	n_vals = keep;
	for (int i = 0; i < n_vals; i++)
		vals[i].home = -1;
	pulled = 0;
}

/* The primitives the stack in registers knows (by name); the rest are
 * copied whole, after a write-back. */
enum op { OP_COPY, OP_DUP, OP_DROP, OP_SWAP, OP_OVER, OP_NIP, OP_TUCK,
	  OP_ROT, OP_MROT, OP_2DUP, OP_2DROP, OP_ADD, OP_SUB, OP_AND, OP_OR,
	  OP_XOR, OP_MUL, OP_NEGATE, OP_INVERT, OP_INC, OP_DEC, OP_LSHIFT,
	  OP_RSHIFT, OP_FETCH, OP_STORE, OP_CFETCH, OP_CSTORE, OP_PSTORE,
	  OP_I, OP_J, OP_TOR, OP_FROMR, OP_RFETCH, OP_RDROP, OP_COMPARE };
static const struct { const char *name; enum op op; } op_names[] IN_RODATA("op_names") = {
	{ "dup", OP_DUP }, { "drop", OP_DROP }, { "swap", OP_SWAP },
	{ "over", OP_OVER }, { "nip", OP_NIP }, { "tuck", OP_TUCK },
	{ "rot", OP_ROT }, { "-rot", OP_MROT }, { "2dup", OP_2DUP },
	{ "2drop", OP_2DROP }, { "+", OP_ADD }, { "-", OP_SUB },
	{ "and", OP_AND }, { "or", OP_OR }, { "xor", OP_XOR }, { "*", OP_MUL },
	{ "negate", OP_NEGATE }, { "invert", OP_INVERT }, { "1+", OP_INC },
	{ "1-", OP_DEC }, { "lshift", OP_LSHIFT }, { "rshift", OP_RSHIFT },
	{ "@", OP_FETCH }, { "!", OP_STORE }, { "c@", OP_CFETCH },
	{ "c!", OP_CSTORE }, { "+!", OP_PSTORE }, { "i", OP_I }, { "j", OP_J },
	{ ">r", OP_TOR }, { "r>", OP_FROMR }, { "r@", OP_RFETCH },
	{ "rdrop", OP_RDROP },
};

static enum op op_of(const struct prim_info *info)
{
	static u8 table[MAX_PRIMS];
	static u64 known; /* primitives looked at so far */
	for (; known < VMF->n_prims; known++) {
		const struct prim_info *p = &VMF->prims[known];
		struct entry *e = log_entry_of_xt(p->xt);
		table[known] = p->compare ? OP_COMPARE : OP_COPY;
		for (u64 k = 0; e && k < sizeof op_names / sizeof op_names[0]; k++)
			if (str_eq(op_names[k].name, e->name))
				table[known] = op_names[k].op;
	}
	return (enum op)table[info - VMF->prims];
}

/* Whether condition cc holds between a and b (a cmp b) */
static bool cc_holds(enum cc cc, i64 a, i64 b)
{
	switch (cc) {
	case CC_E: return a == b;
	case CC_NE: return a != b;
	case CC_L: return a < b;
	case CC_G: return a > b;
	case CC_LE: return a <= b;
	case CC_GE: return a >= b;
	case CC_B: return (u64)a < (u64)b;
	case CC_A: return (u64)a > (u64)b;
	default: return false;
	}
}

/* cmp a, b for a comparison primitive (b: 0 for one with zero); the
 * condition for "true"; both values released. */
static enum cc emit_cmp(const struct prim_info *info)
{
	struct val b = info->with_zero ? imm_val(0) : pop();
	struct val a = plain(pop());
	if (b.reg == NOREG)
		x_alu_ri(ALU_CMP, a.reg, (i32)b.imm);
	else {
		b = plain(b);
		x_alu_rr(ALU_CMP, a.reg, b.reg);
	}
	release(a);
	release(b);
	return (enum cc)(info->compare - 1);
}

static i64 fold(enum op op, i64 a, i64 b)
{
	switch (op) {
	case OP_ADD: return (i64)((u64)a + (u64)b);
	case OP_SUB: return (i64)((u64)a - (u64)b);
	case OP_AND: return a & b;
	case OP_OR: return a | b;
	case OP_XOR: return a ^ b;
	case OP_MUL: return (i64)((u64)a * (u64)b);
	case OP_LSHIFT: return (i64)((u64)a << b);
	case OP_RSHIFT: return (i64)((u64)a >> b);
	default: return 0;
	}
}

static void emit_binary_op(enum op op)
{
	static const enum alu alu[] = { [OP_ADD] = ALU_ADD, [OP_SUB] = ALU_SUB,
		[OP_AND] = ALU_AND, [OP_OR] = ALU_OR, [OP_XOR] = ALU_XOR };
	struct val b = pop(), a = pop();
	if (a.reg == NOREG && b.reg == NOREG) {
		push(const_val(fold(op, a.imm, b.imm)));
		return;
	}
	bool commutes = op != OP_SUB && op != OP_LSHIFT && op != OP_RSHIFT;
	if (commutes && a.reg == NOREG) {
		struct val t = a;
		a = b;
		b = t;
	}
	if ((op == OP_ADD || op == OP_SUB) && b.reg == NOREG) {
		i64 off = a.off + (op == OP_ADD ? b.imm : -b.imm);
		if (fits32((u64)off) && a.reg != NOREG) {
			a.off = (i32)off;
			a.home = -1;
			a.xt = cur_xt;
			a.via = inlining;
			push(a);
			return;
		}
	}
	if (op == OP_MUL && b.reg == NOREG) {
		struct val src = plain(a);
		struct val r = reg_val(take_reg());
		x_imul_rri(r.reg, src.reg, (i32)b.imm);
		release(src);
		push(r);
		return;
	}
	a = own(a);
	if (op == OP_LSHIFT || op == OP_RSHIFT) {
		(op == OP_LSHIFT ? x_shl_ri : x_shr_ri)(a.reg, (u8)b.imm);
	} else if (op == OP_MUL) {
		b = plain(b);
		x_imul_rr(a.reg, b.reg);
	} else if (b.reg == NOREG) {
		x_alu_ri(alu[op], a.reg, (i32)b.imm);
	} else {
		b = plain(b);
		x_alu_rr(alu[op], a.reg, b.reg);
	}
	release(b);
	push(a);
}

/* Whether the stack in registers can do op now: a shift only by a
 * constant count below 64 (the copied body does the others: 0, or the
 * sign for arshift, at 64 and past) */
static bool can_do(enum op op)
{
	if (op == OP_COPY)
		return false;
	if (op == OP_LSHIFT || op == OP_RSHIFT) {
		if (!n_vals)
			return false;
		struct val c = vals[n_vals - 1];
		return c.reg == NOREG && c.imm >= 0 && c.imm < 64;
	}
	return true;
}

/* The value stack's own words and arithmetic: they neither read nor
 * write memory, nor fault, so a pending >r waits through them. */
static bool pure_op(enum op op)
{
	return (op >= OP_DUP && op <= OP_RSHIFT) || op == OP_COMPARE;
}

/* One primitive on the stack in registers. */
static void emit_op(enum op op, const struct prim_info *info)
{
	struct val a, b, r;
	make_room();
	if (!pure_op(op) && op != OP_FROMR && op != OP_RFETCH)
		store_rtop();
	switch (op) {
	case OP_DUP: need(1); push(share(vals[n_vals - 1])); break;
	case OP_DROP: release(pop()); break;
	case OP_SWAP:
		need(2);
		a = vals[n_vals - 2];
		vals[n_vals - 2] = vals[n_vals - 1];
		vals[n_vals - 1] = a;
		break;
	case OP_OVER: need(2); push(share(vals[n_vals - 2])); break;
	case OP_NIP:
		need(2);
		release(vals[n_vals - 2]);
		vals[n_vals - 2] = vals[n_vals - 1];
		n_vals--;
		break;
	case OP_TUCK: /* ( a b -- b a b ) */
		need(2);
		b = vals[n_vals - 1];
		vals[n_vals - 1] = vals[n_vals - 2];
		vals[n_vals - 2] = share(b);
		push(b);
		break;
	case OP_ROT: /* ( a b c -- b c a ) */
		need(3);
		a = vals[n_vals - 3];
		vals[n_vals - 3] = vals[n_vals - 2];
		vals[n_vals - 2] = vals[n_vals - 1];
		vals[n_vals - 1] = a;
		break;
	case OP_MROT: /* ( a b c -- c a b ) */
		need(3);
		a = vals[n_vals - 1];
		vals[n_vals - 1] = vals[n_vals - 2];
		vals[n_vals - 2] = vals[n_vals - 3];
		vals[n_vals - 3] = a;
		break;
	case OP_2DUP:
		need(2);
		push(share(vals[n_vals - 2]));
		push(share(vals[n_vals - 2]));
		break;
	case OP_2DROP: release(pop()); release(pop()); break;
	case OP_ADD: case OP_SUB: case OP_AND: case OP_OR: case OP_XOR:
	case OP_MUL: case OP_LSHIFT: case OP_RSHIFT:
		emit_binary_op(op);
		break;
	case OP_INC: case OP_DEC:
		push(imm_val(1));
		emit_binary_op(op == OP_INC ? OP_ADD : OP_SUB);
		break;
	case OP_NEGATE: case OP_INVERT:
		a = pop();
		if (a.reg == NOREG) {
			push(const_val(op == OP_NEGATE ? (i64)-(u64)a.imm : ~a.imm));
			break;
		}
		a = own(a);
		(op == OP_NEGATE ? x_neg_r : x_not_r)(a.reg);
		push(a);
		break;
	case OP_FETCH: case OP_CFETCH:
		sync(0);
		a = pop();
		r = a.reg != NOREG && uses[a.reg] == 1 ? reg_val(a.reg)
						      : reg_val(take_reg());
		if (op == OP_FETCH)
			x_mov_rm(r.reg, at(a));
		else
			x_movzx8_rm(r.reg, at(a));
		if (r.reg != a.reg)
			release(a);
		push(r);
		break;
	case OP_STORE: case OP_CSTORE: case OP_PSTORE:
		sync(2);
		a = pop();
		b = pop();
		if (b.reg == NOREG) {
			if (op == OP_STORE)
				x_mov_mi(at(a), (i32)b.imm);
			else if (op == OP_CSTORE)
				x_mov8_mi(at(a), (u8)b.imm);
			else
				x_alu_mi(ALU_ADD, at(a), (i32)b.imm);
		} else {
			b = plain(b);
			if (op == OP_STORE)
				x_mov_mr(at(a), b.reg);
			else if (op == OP_CSTORE)
				x_mov8_mr(at(a), b.reg);
			else
				x_alu_mr(ALU_ADD, at(a), b.reg);
		}
		release(a);
		release(b);
		/* the store may have changed a cell of the stack itself (an
		 * address from sp@), one the registers hold too: the cells
		 * are all in memory now (sync), and are taken from there
		 * again as they are needed */
		end_epoch();
		for (int i = 0; i < n_vals; i++)
			release(vals[i]);
		n_vals = pulled = 0;
		drop_rtop();
		break;
	case OP_RFETCH: case OP_FROMR:
		if (!rtop_held)
			goto load_r;
		if (op == OP_FROMR) {
			if (!rtop_pending)
				x_lea(RBP, MEM(RBP, 8));
			rtop_pending = rtop_held = false;
			push(rtop);
		} else {
			push(share(rtop));
		}
		break;
	case OP_I: case OP_J: case OP_RDROP:
	load_r:
		if (op == OP_RDROP)
			drop_rtop();
		r = reg_val(take_reg());
		u64 from = *x_point();
		x_mov_rm(r.reg, MEM(RBP, op == OP_J ? 24 : 0));
		if (op == OP_I && r.reg == RAX && from == run_code && !prepull)
			run_i_entry = *x_point();
		if (op == OP_FROMR || op == OP_RDROP)
			x_lea(RBP, MEM(RBP, 8));
		if (op == OP_RDROP)
			release(r);
		else
			push(r);
		break;
	case OP_TOR:
		a = pop();
		if (a.reg != NOREG)
			a = plain(a);
		drop_rtop();
		a.home = -1;
		rtop = a;
		rtop_held = rtop_pending = true;
		break;
	case OP_COMPARE:
		if (n_vals >= 2 - info->with_zero &&
		    vals[n_vals - 1].reg == NOREG &&
		    (info->with_zero || vals[n_vals - 2].reg == NOREG)) {
			b = info->with_zero ? imm_val(0) : pop();
			a = pop();
			push(imm_val(cc_holds((enum cc)(info->compare - 1),
					      a.imm, b.imm) ? -1 : 0));
			break;
		}
		r = reg_val(take_reg());
		x_alu_rr(ALU_XOR, r.reg, r.reg); /* before the cmp: it sets flags */
		x_setcc(emit_cmp(info), r.reg);
		x_neg_r(r.reg);
		push(r);
		break;
	case OP_COPY:
		break;
	}
}

/* One joinable instruction: a primitive, a literal, or an inlined
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
	cur_xt = in->kind == K_SIMPLE ? in->xt : VMF->xt_lit;
	piece(cur_xt);
	if (in->kind == K_LIT) {
		make_room();
		push(const_val((i64)in->value));
		return;
	}
	enum op op = op_of(in->info);
	if (can_do(op)) {
		emit_op(op, in->info);
		return;
	}
	flush();
	piece(cur_xt);
	memcpy((void *)*x_point(), (void *)(u64)(in->info->xt + 8),
	       in->info->len);
	x_skip(in->info->len);
}

/* ---- leaving a superinstruction ----
 * A superinstruction whose code begins by loading the top cells of the
 * stack (into rax, rcx, rdx, the first registers free) has more entries:
 * after the first load, the second, the third.  Another superinstruction
 * that jumps to it with those cells in registers (it has just written
 * them back) puts them there and enters past the loads, so a value going
 * around a loop stays in a register instead of going through memory. */


/* The superinstructions of the definition being optimized, with their
 * entries, for jumps to them. */
#define MAX_SUPERS 1024
struct super_entries { u64 xt; u64 entry[MAX_ENTRIES]; u64 i_entry; };
static struct super_entries supers[MAX_SUPERS];
static int n_supers;

static u64 i_entry_of(u64 xt)
{
	if (xt == run_code - 8)
		return run_i_entry;
	for (int i = 0; i < n_supers; i++)
		if (supers[i].xt == xt)
			return supers[i].i_entry;
	return 0;
}

static const u64 *entries_of(u64 xt)
{
	if (xt == run_code - 8)
		return run_entry;
	for (int i = 0; i < n_supers; i++)
		if (supers[i].xt == xt)
			return supers[i].entry;
	return 0;
}

/* Jumps to cells whose superinstruction may not exist yet: patched once
 * the whole body is done, in the room left for the longest form. */
#define MAX_GOTOS 1024
#define GOTO_ROOM 32
struct pending_goto { u64 at, target; int known[MAX_ENTRIES], n_known; };
static struct pending_goto gotos[MAX_GOTOS];
static int n_gotos;

/* Enter the superinstruction xt (for the cell target) with the cells in
 * regs[0..n) moved to its entry registers when it has such an entry. */
static void emit_enter(u64 target, u64 xt, const int *regs, int n)
{
	const u64 *entry = entries_of(xt);
	int k = 0;
	for (int j = (n < MAX_ENTRIES ? n : MAX_ENTRIES); entry && j > 0 && !k; j--)
		if (entry[j - 1])
			k = j;
	/* through r9..r11 when a move would overwrite a source */
	bool clash = false;
	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
			if (i != j && regs[j] == entry_regs[i])
				clash = true;
	for (int i = 0; clash && i < k; i++)
		x_mov_rr(R9 + i, regs[i]);
	for (int i = 0; i < k; i++)
		if ((clash ? R9 + i : regs[i]) != entry_regs[i])
			x_mov_rr(entry_regs[i], clash ? R9 + i : regs[i]);
	u64 i_entry = !k && index_in_rax ? i_entry_of(xt) : 0;
	if ((u64 *)target != run_start)
		emit_mov_esi(target + 8); /* as NEXT would have left it */
	x_jmp_rel32(k ? entry[k - 1] : i_entry ? i_entry : xt + 8);
}

static void emit_goto(u64 target, int depth);

/* Go on at the cell target, which holds a branch or a loop closing on
 * its own: what that primitive does, done here (a copy; the cell stays
 * as it is, for `see` and the threaded code), then its ways on. */
static bool emit_goto_through(u64 target, int depth)
{
	u64 x = *(u64 *)target;
	bool in_body = target + 8 < (u64)body_end;
	bool call = in_body && log_is_xt(x) && *(u64 *)x == VMF->docol;
	if (depth >= 2 || !in_body ||
	    (x != VMF->xt_branch && x != VMF->xt_loop && x != VMF->xt_ploop &&
	     x != VMF->xt_exit && !call))
		return false;
	u64 to = *(u64 *)(target + 8), after = target + 16;
	u64 saved = inlining;
	inlining = 0;
	piece(x);
	if (x == VMF->xt_exit) {
		/* exit's body: where it returns to is known only then */
		x_mov_rm(RSI, MEM(RBP, 0));
		x_lea(RBP, MEM(RBP, 8));
		x_next();
	} else if (call) {
		/* docol's work, with the return point (the next cell) known:
		 * then on at the definition's first cell */
		x_lea(RBP, MEM(RBP, -8));
		x_mov_mi(MEM(RBP, 0), (i32)(target + 8));
		emit_goto(x + 8, depth + 1);
	} else if (x == VMF->xt_branch) {
		emit_goto(to, depth + 1);
	} else {
		if (x == VMF->xt_ploop) {
			x_pop_r(RCX);
			n_known = 0;
		}
		for (int i = 0; i < n_known; i++) /* out of the step's way */
			if (known[i] != R9 + i) {
				x_mov_rr(R9 + i, known[i]);
				known[i] = R9 + i;
			}
		u8 *out = x_loop_step(x == VMF->xt_ploop);
		index_in_rax = true;
		emit_goto(to, 2); /* no further: the rel8 must reach */
		index_in_rax = false;
		x_patch8(out);
		x_lea(RBP, MEM(RBP, 24));
		emit_goto(after, depth + 1);
	}
	inlining = saved;
	return true;
}

/* Go on at the cell target: straight into the code of the superinstruction
 * there when it has one, else through NEXT. */
static void emit_goto(u64 target, int depth)
{
	if (emit_goto_through(target, depth))
		return;
	if ((u64 *)target == run_start) {
		emit_enter(target, run_code - 8, known, n_known);
		return;
	}
	u64 x = *(u64 *)target;
	bool inside = (u64 *)target >= body_start && (u64 *)target < body_end;
	if ((inside || (log_is_xt(target - 8) && *(u64 *)(target - 8) == VMF->docol)) &&
	    optimize_is_super(x)) {
		emit_enter(target, x, known, n_known);
		return;
	}
	u64 at = *x_point();
	if (inside && n_gotos < MAX_GOTOS) {
		gotos[n_gotos] = (struct pending_goto){ at, target, { 0 }, n_known };
		for (int i = 0; i < n_known; i++)
			gotos[n_gotos].known[i] = known[i];
		n_gotos++;
	}
	emit_mov_esi(target);
	x_next();
	if (inside)
		while (*x_point() < at + GOTO_ROOM)
			x_byte(0x90);
}

/* Point the jumps noted by emit_goto at the superinstructions now made. */
static void patch_gotos(void)
{
	run_start = 0; /* no run is being emitted: every jump sets rsi */
	for (int i = 0; i < n_gotos; i++) {
		u64 x = *(u64 *)gotos[i].target;
		if (!optimize_is_super(x))
			continue;
		u64 point = gotos[i].at;
		u64 *old = x_output(&point);
		emit_enter(gotos[i].target, x, gotos[i].known, gotos[i].n_known);
		x_output(old);
	}
	n_gotos = 0;
}

/* jcc rel32 to be patched: a way out that may be long */
static u8 *emit_jcc32(enum cc cc)
{
	x_byte(0x0f);
	x_byte((u8)(0x80 + cc));
	x_u32(0);
	return (u8 *)*x_point() - 4;
}

static void patch32(u8 *at)
{
	u32 rel = (u32)(*x_point() - (u64)(at + 4));
	for (int i = 0; i < 4; i++)
		at[i] = (u8)(rel >> (8 * i));
}

/* Leave for `taken` or `next` by the flags. */
static void emit_two_ways(enum cc leave_for_taken, u64 taken, u64 next)
{
	int saved[MAX_ENTRIES], n = n_known;
	for (int i = 0; i < n; i++)
		saved[i] = known[i];
	u8 *jump = emit_jcc32(leave_for_taken);
	emit_goto(next, 0);
	patch32(jump);
	n_known = n;
	for (int i = 0; i < n; i++)
		known[i] = saved[i];
	emit_goto(taken, 0);
}

/* How many of the elements just before the run's closing instruction
 * (insns[b-1]) it takes over: a 0branch takes a comparison. */
static int absorbed(int a, int b)
{
	struct insn *close = &insns[b - 1];
	struct insn *prev = b - 2 >= a ? &insns[b - 2] : 0;
	if (close->kind == K_ZBRANCH && prev && prev->kind == K_SIMPLE &&
	    prev->info->compare)
		return 1;
	return 0;
}

/* The closing 0branch, taken when the flag (or the absorbed comparison)
 * is false. */
static void emit_zbranch(int b, int used, u64 next)
{
	struct insn *br = &insns[b - 1];
	enum cc taken;
	if (used) {
		const struct prim_info *cmp = insns[b - 2].info;
		cur_xt = insns[b - 2].xt;
		piece(cur_xt);
		make_room();
		taken = (enum cc)(emit_cmp(cmp) ^ 1);
	} else {
		cur_xt = br->xt;
		piece(cur_xt);
		struct val f = plain(pop());
		x_test_rr(f.reg, f.reg);
		release(f);
		taken = CC_E;
	}
	flush();
	piece(br->xt);
	emit_two_ways(taken, br->value, next);
}

/* The closing (loop) or (+loop): the step (encode.c), then back to the
 * loop's start or out, the frame dropped. */
static void emit_loop(int b, u64 next)
{
	struct insn *lp = &insns[b - 1];
	struct val step = imm_val(1);
	cur_xt = lp->xt;
	piece(cur_xt);
	if (lp->kind == K_PLOOP)
		step = pop(); /* held through the write-back */
	flush();
	piece(lp->xt);
	/* the cells known in registers, out of the step's way (r9..r11:
	 * the step uses rax, rcx, rdx, rdi, and the step value may be in
	 * any other).  (loop)'s step uses only rax: then only a cell there
	 * moves, unless one is in r9..r11 already */
	if (step.reg != NOREG)
		n_known = 0;
	bool only_rax = lp->kind == K_LOOP;
	for (int i = 0; i < n_known; i++)
		only_rax &= known[i] < R9 || known[i] > R11;
	for (int i = 0; i < n_known; i++)
		if (known[i] != R9 + i && (!only_rax || known[i] == RAX)) {
			x_mov_rr(R9 + i, known[i]);
			known[i] = R9 + i;
		}
	if (lp->kind == K_LOOP)
		; /* (loop) steps by one itself */
	else if (step.reg == NOREG)
		x_mov_ri(RCX, step.imm);
	else if (step.off || step.reg != RCX)
		x_lea(RCX, MEM(step.reg, step.off));
	u8 *out = x_loop_step(lp->kind == K_PLOOP);
	index_in_rax = true;
	emit_goto(lp->value, 2); /* not through another: the rel8 must reach */
	index_in_rax = false;
	x_patch8(out);
	x_lea(RBP, MEM(RBP, 24));
	emit_goto(next, 0);
}

/* The code of insns[a..b), the way out included. */
static void emit_run(int a, int b, u64 next_cell)
{
	enum kind last = insns[b - 1].kind;
	bool closes = closing(&insns[b - 1]);
	int used = closes ? absorbed(a, b) : 0;
	for (int i = a; i < (closes ? b - 1 : b) - used; i++)
		emit_element(&insns[i]);
	if (last == K_ZBRANCH) {
		emit_zbranch(b, used, next_cell);
	} else if (last == K_LOOP || last == K_PLOOP) {
		emit_loop(b, next_cell);
	} else {
		flush();
		piece(closes ? insns[b - 1].xt : 0);
		emit_goto(last == K_BRANCH ? insns[b - 1].value : next_cell, 0);
	}
}

/* The start of a superinstruction that loads the top `prepull` cells at
 * once (into rax, rcx, rdx): only when the value stack is the main one
 * and holds that many, else it runs the run's cells as threaded code,
 * from its first (first_xt), as if it were not there, so that an
 * underflow faults where it would have.  A jump that brings the cells in
 * registers enters past the loads. */
static void emit_prepull(u64 first_xt)
{
	x_lea(RAX, MEM(RSP, -(i32)VSTACK_BASE));
	x_alu_ri(ALU_CMP, RAX, (i32)(VSTACK_TOP - VSTACK_BASE - 8 * prepull));
	u8 *fits = x_jcc8(CC_BE);
	x_mov_ri(RAX, (i64)first_xt); /* rsi is the run's first cell + 8 */
	x_jmp_m(MEM(RAX, 0));
	x_patch8(fits);
	for (int i = 0; i < prepull; i++) {
		x_mov_rm(entry_regs[i], MEM(RSP, 8 * i));
		uses[entry_regs[i]] = 1;
	}
	run_entry[prepull - 1] = *x_point();
}

/* The runs of the body being optimized, in order: insns[a..b), and the
 * cell after; and how many cells each loads from the stack it finds
 * (-1: not known yet). */
static int run_a[MAX_INSNS], run_b[MAX_INSNS], run_pulls[MAX_INSNS];
static u64 run_next[MAX_INSNS];
static int n_runs;

static int run_at(u64 cell)
{
	for (int r = 0; r < n_runs; r++)
		if ((u64)insns[run_a[r]].at == cell)
			return r;
	return -1;
}

/* The state of the code emitted for one pass over a run. */
static void begin_pass(void)
{
	for (int i = 0; i < MAX_ENTRIES; i++)
		run_entry[i] = 0;
	run_i_entry = 0;
	n_vals = pulled = base_shift = epoch_pulls = 0;
	rtop_held = rtop_pending = false;
	epoch_open = true;
}

/* How many cells run r loads from the stack it finds at its start: its
 * code emitted aside (past the code region's end, then dropped). */
static int pulls_of(int r)
{
	if (run_pulls[r] >= 0)
		return run_pulls[r];
	u64 code = VM->code_here, pieces = VM->n_pieces, *start = run_start;
	u64 rcode = run_code, entries[MAX_ENTRIES], i_entry = run_i_entry;
	int gotos = n_gotos, pre = prepull;
	for (int i = 0; i < MAX_ENTRIES; i++)
		entries[i] = run_entry[i];
	u64 scratch = code + 64;
	u64 *old = x_output(&scratch);
	run_start = insns[run_a[r]].at;
	run_code = scratch;
	prepull = 0;
	begin_pass();
	emit_run(run_a[r], run_b[r], run_next[r]);
	run_pulls[r] = epoch_pulls;
	x_output(old);
	VM->code_here = code;
	VM->n_pieces = pieces;
	n_gotos = gotos;
	run_start = start;
	run_code = rcode;
	prepull = pre;
	run_i_entry = i_entry;
	for (int i = 0; i < MAX_ENTRIES; i++)
		run_entry[i] = entries[i];
	return run_pulls[r];
}

/* How many cells the run closed by insns[b - 1] should load at its start,
 * having just been emitted once: its own, or more when every way out goes to a
 * superinstruction that loads cells this one leaves where they were.
 * Loaded here, after this one's check that the stack holds them, they go
 * on in registers, and the next one is entered past its loads and its
 * check: `begin dup size < while 0 over flags + c! over + repeat` is two
 * superinstructions, whose second needs the step the first never
 * touches.  (Both ways would load them, so only a stack too shallow for
 * both, an underflow either way, makes this one decline to start.) */
static int lookahead(int b, u64 next_cell, int own)
{
	struct insn *close = &insns[b - 1];
	u64 targets[2];
	int n = 0;
	if (close->kind == K_ZBRANCH) {
		targets[n++] = close->value;
		targets[n++] = next_cell;
	} else if (close->kind == K_BRANCH) {
		targets[n++] = close->value;
	} else if (close->kind != K_LOOP && close->kind != K_PLOOP) {
		targets[n++] = next_cell;
	}
	if (!n || !exit_open)
		return own;
	int vals_out = exit_vals, pulled_out = exit_pulled, least = MAX_ENTRIES;
	for (int i = 0; i < n; i++) {
		int r = run_at(targets[i]);
		int p = r < 0 ? 0 : pulls_of(r);
		least = p < least ? p : least;
	}
	int want = pulled_out + (least > vals_out ? least - vals_out : 0);
	return want > own && want <= MAX_ENTRIES ? want : own;
}

/* Emit the superinstruction for insns[a..b) (the last may close the run:
 * a branch or a loop) and return its xt.  Emits at the code region's end.
 * Layout: the cells it covers, the xt it replaces, then the codeword. */
static u64 emit_super(int a, int b, u64 next_cell)
{
	if (!VM->code_here)
		VM->code_here = CODE_BASE;
	u64 *old = x_output(&VM->code_here);
	u64 *after = b < n_insns ? insns[b].at : body_end;
	x_u64((u64)(after - insns[a].at)); /* the cells it covers, for `see` */
	x_u64(*insns[a].at);
	u64 xt = VM->code_here;
	x_u64(xt + 8); /* self-codeword */
	run_start = insns[a].at;
	run_code = xt + 8;
	/* Emitted once; if it loads cells from the stack it found past its
	 * first instructions, emitted again to load them all at the start
	 * (then a jump to it can pass them all in registers). */
	u64 pieces = VM->n_pieces;
	int gotos_before = n_gotos;
	prepull = 0;
	for (int pass = 0; pass < 2; pass++) {
		begin_pass();
		if (prepull)
			emit_prepull(*insns[a].at);
		emit_run(a, b, next_cell);
		int own = epoch_pulls;
		if (!pass) { /* what this run loads, for the runs before it */
			int r = run_at((u64)insns[a].at);
			if (r >= 0)
				run_pulls[r] = own;
		}
		int want = pass ? 0 : lookahead(b, next_cell, own);
		if (pass || !want || (want == own && run_entry[want - 1]))
			break;
		prepull = want;
		VM->code_here = xt + 8;
		VM->n_pieces = pieces;
		n_gotos = gotos_before;
	}
	prepull = 0;
	x_output(old);
	if (n_supers < MAX_SUPERS) {
		supers[n_supers].xt = xt;
		for (int i = 0; i < MAX_ENTRIES; i++)
			supers[n_supers].entry[i] = run_entry[i];
		supers[n_supers].i_entry = run_i_entry;
		n_supers++;
	}
	run_code = 0;
	return xt;
}

void optimize_definition(u64 xt)
{
	if (*(u64 *)xt != VMF->docol || !VM->superinstructions)
		return;
	u64 *start = (u64 *)(xt + 8), *end = (u64 *)VM->here;
	log_end = VM->here;
	body_start = start;
	n_supers = 0;
	int n = decode_body(start, end);
	if (n <= 0)
		return;
	n_insns = n;
	body_end = end;
	/* room for the worst case: every body copied, plus the tails */
	u64 worst = (VM->code_here ? VM->code_here : CODE_BASE) + (u64)n * 64 * MAX_INLINE + 4096;
	if (worst > CODE_BASE + CODE_SIZE || !log_need(R_CODE, worst))
		return;
	/* and for the map back to the words it came from, without which a
	 * backtrace through it would leave them out */
	u64 pieces = SUPERMAP_BASE + (VM->n_pieces + (u64)n * MAX_INLINE + 64) * sizeof(struct super_piece);
	if (pieces <= SUPERMAP_BASE + SUPERMAP_SIZE && !log_need(R_SUPERMAP, pieces))
		return;
	n_runs = 0;
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
			run_a[n_runs] = i;
			run_b[n_runs] = j;
			run_next[n_runs] = j < n ? (u64)insns[j].at : (u64)end;
			run_pulls[n_runs++] = -1;
		}
		i = j;
	}
	for (int r = 0; r < n_runs; r++) {
		*insns[run_a[r]].at = emit_super(run_a[r], run_b[r], run_next[r]);
		perfmap_super(xt, insns[run_a[r]].at);
	}
	patch_gotos();
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
