/* prims.c - the primitives: machine code emitted into the log at start-up.
 *
 * Register model (DESIGN §2): rsp is the value stack, rbp the control
 * stack, rsi the threaded-code instruction pointer, rax the execution token
 * on entry to a codeword routine.  Every primitive ends with NEXT inlined.
 * rbx, rcx, rdx, rdi and r8-r15 are scratch between primitives. */
#include "prims.h"
#include "encode.h"
#include "log.h"
#include "io.h"
#include "wordlist.h"
#include "args.h"
#include "docs.h"

#define V(field) ABS(&VM->field)
#define TOS MEM(RSP, 0)
#define NOS MEM(RSP, 8)

/* The primitives' declarations (prims.h, struct word_decl), in the order
 * the reference lists them.  A primitive declared D_FUSABLE has a body a
 * superinstruction can copy (optimize.c); the emitter checks that it is
 * one (finish_body below), and that every body that could be is so
 * declared. */
static const struct word_decl prim_decls[] = {
	{ "(return-to-c)", F_HIDDEN | D_INTERNAL,
	  "( -- )", "leave Forth for the C code that entered it (start-up)" },
	{ "exit", F_COMPILE_ONLY,
	  "( -- )", "return from the word now" },
	{ "lit", D_INTERNAL,
	  "( -- x )", "push the cell that follows" },
	{ "branch", D_INTERNAL,
	  "( -- )", "jump to the address in the cell that follows" },
	{ "0branch", D_INTERNAL,
	  "( x -- )", "jump to the address in the cell that follows if x is 0" },
	{ "(s\")", D_INTERNAL,
	  "( -- str )", "push the inline string that follows (a length cell, the bytes, NUL) and skip it" },
	{ "execute", 0,
	  "( xt -- )", "run the word xt" },
	{ "dup", D_FUSABLE,
	  "( x -- x x )", "copy the top" },
	{ "drop", D_FUSABLE,
	  "( x -- )", "drop the top" },
	{ "swap", D_FUSABLE,
	  "( a b -- b a )", "exchange the top two" },
	{ "over", D_FUSABLE,
	  "( a b -- a b a )", "copy the second to the top" },
	{ "rot", D_FUSABLE,
	  "( a b c -- b c a )", "bring the third to the top" },
	{ "-rot", D_FUSABLE,
	  "( a b c -- c a b )", "put the top under the next two" },
	{ "nip", D_FUSABLE,
	  "( a b -- b )", "drop the second" },
	{ "tuck", D_FUSABLE,
	  "( a b -- b a b )", "copy the top under the second" },
	{ "pick", D_FUSABLE,
	  "( xu .. x0 u -- xu .. x0 xu )", "0-based: `0 pick` is `dup`; a negative u is error -24, one the stack does not hold -4" },
	{ "2dup", D_FUSABLE,
	  "( a b -- a b a b )", "copy the top pair" },
	{ "2drop", D_FUSABLE,
	  "( a b -- )", "drop the top pair" },
	{ "?dup", D_FUSABLE,
	  "( x -- x x | 0 )", "dup unless zero" },
	{ "depth", D_FUSABLE,
	  "( -- n )", "items on the value stack" },
	{ "sp@", D_FUSABLE,
	  "( -- addr )", "the value stack pointer" },
	{ "sp!", D_FUSABLE,
	  "( addr -- )", "set the value stack pointer: a cell-aligned place on the value (or signal) stack (-9 otherwise)" },
	{ "rp@", D_FUSABLE,
	  "( -- addr )", "the control stack pointer" },
	{ "rp!", D_FUSABLE,
	  "( addr -- )", "set the control stack pointer: a cell-aligned place on a control stack, not above the innermost catch frame (-9 otherwise)" },
	{ ">r", D_FUSABLE | F_COMPILE_ONLY,
	  "( x -- )", "move x to the control stack" },
	{ "r>", D_FUSABLE | F_COMPILE_ONLY,
	  "( -- x )", "move the top of the control stack back" },
	{ "r@", D_FUSABLE | F_COMPILE_ONLY,
	  "( -- x )", "copy the top of the control stack" },
	{ "rdrop", D_FUSABLE | F_COMPILE_ONLY,
	  "( -- )", "drop the top of the control stack" },
	{ "(do)", D_INTERNAL,
	  "( limit index -- )", "start a counted loop: the cell that follows is where `leave` goes" },
	{ "(?do)", D_INTERNAL,
	  "( limit index -- )", "(do), or jump to the cell that follows when limit = index" },
	{ "(loop)", D_INTERNAL,
	  "( -- )", "add 1 to the index; jump back to the cell that follows unless it reached the limit" },
	{ "(+loop)", D_INTERNAL,
	  "( n -- )", "add n to the index; jump back unless it crossed the boundary between limit-1 and limit" },
	{ "i", D_FUSABLE | F_COMPILE_ONLY,
	  "( -- n )", "the index of the innermost loop" },
	{ "unloop", D_FUSABLE | F_COMPILE_ONLY,
	  "( -- )", "drop the loop's parameters, before an `exit` inside it" },
	{ "leave", F_COMPILE_ONLY,
	  "( -- )", "leave the innermost loop now" },
	{ "+", D_FUSABLE,
	  "( a b -- n )", "add, wrapping" },
	{ "-", D_FUSABLE,
	  "( a b -- n )", "subtract, wrapping" },
	{ "and", D_FUSABLE,
	  "( a b -- x )", "bitwise and" },
	{ "or", D_FUSABLE,
	  "( a b -- x )", "bitwise or" },
	{ "*", D_FUSABLE,
	  "( a b -- n )", "multiply, wrapping" },
	{ "/%", D_FUSABLE,
	  "( a b -- rem quot )", "signed division truncating toward zero, quotient on top; a zero divisor throws -10" },
	{ "u/%", D_FUSABLE,
	  "( a b -- rem quot )", "unsigned division, quotient on top; a zero divisor throws -10" },
	{ "negate", D_FUSABLE,
	  "( n -- -n )", "negate, wrapping" },
	{ "invert", D_FUSABLE,
	  "( x -- x' )", "flip every bit" },
	{ "1+", D_FUSABLE,
	  "( n -- n+1 )", "add 1" },
	{ "1-", D_FUSABLE,
	  "( n -- n-1 )", "subtract 1" },
	{ "min", D_FUSABLE,
	  "( a b -- n )", "the smaller, signed" },
	{ "lshift", D_FUSABLE,
	  "( x n -- x' )", "shift left, logical; by 64 or more, 0" },
	{ "rshift", D_FUSABLE,
	  "( x n -- x' )", "shift right, logical; by 64 or more, 0" },
	{ "arshift", D_FUSABLE,
	  "( x n -- x' )", "shift right, arithmetic; by 64 or more, the sign in every bit" },
	{ "=", D_FUSABLE,
	  "( a b -- flag )", "equal" },
	{ "<>", D_FUSABLE,
	  "( a b -- flag )", "not equal" },
	{ "<", D_FUSABLE,
	  "( a b -- flag )", "less, signed" },
	{ ">", D_FUSABLE,
	  "( a b -- flag )", "greater, signed" },
	{ "<=", D_FUSABLE,
	  "( a b -- flag )", "less or equal, signed" },
	{ "u<", D_FUSABLE,
	  "( a b -- flag )", "less, unsigned" },
	{ "u>", D_FUSABLE,
	  "( a b -- flag )", "greater, unsigned" },
	{ "0=", D_FUSABLE,
	  "( x -- flag )", "x is 0" },
	{ "0<>", D_FUSABLE,
	  "( x -- flag )", "x is not 0" },
	{ "0<", D_FUSABLE,
	  "( x -- flag )", "x is negative" },
	{ "0>", D_FUSABLE,
	  "( x -- flag )", "x is positive" },
	{ "@", D_FUSABLE,
	  "( addr -- x )", "fetch a cell (8 bytes)" },
	{ "!", D_FUSABLE,
	  "( x addr -- )", "store a cell" },
	{ "+!", D_FUSABLE,
	  "( n addr -- )", "add to a cell" },
	{ "c@", D_FUSABLE,
	  "( addr -- c )", "fetch a byte, zero-extended" },
	{ "c!", D_FUSABLE,
	  "( c addr -- )", "store the low byte" },
	{ "w!", D_FUSABLE,
	  "( x addr -- )", "store the low 16 bits" },
	{ "l@", D_FUSABLE,
	  "( addr -- x )", "fetch 32 bits, zero-extended" },
	{ "l!", D_FUSABLE,
	  "( x addr -- )", "store the low 32 bits" },
	{ ",", D_FUSABLE,
	  "( x -- )", "append a cell to the log" },
	{ "fill", D_FUSABLE,
	  "( addr n c -- )", "set n bytes to c; a negative n throws -24" },
	{ "move", D_FUSABLE,
	  "( src dst n -- )", "copy n bytes, overlap allowed; a negative n throws -24" },
	{ "c,", D_FUSABLE,
	  "( c -- )", "append a byte to the log" },
	{ "syscall-4", D_FUSABLE,
	  "( a1 a2 a3 a4 nr -- result )", "a system call with four arguments, as the other syscall-N (core/core.e needs this one)" },
	{ "(interpret-enter)", F_QUIET | D_INTERNAL,
	  "( -- )", "move to the next text interpreter level's control stack region" },
	{ "(interpret-leave)", D_FUSABLE | F_QUIET | D_INTERNAL,
	  "( -- )", "go back to the level's own control stack" },
	{ "(leave-handler)", F_QUIET | D_INTERNAL,
	  "( -- )", "return from the innermost signal handler now, to the kernel's restorer" },
};
#define N_PRIM_DECLS (sizeof prim_decls / sizeof prim_decls[0])
_Static_assert(N_PRIM_DECLS <= MAX_PRIMS,
	       "vm.h: MAX_PRIMS, the room for fusable primitives, is too small");

static const char *prim_file;
static struct entry *current_prim;
static u64 deferred_stub;

/* What the body being emitted does that a copy of it, inside a
 * superinstruction, could not: the copy runs with rsi pointing past the
 * whole run, and is followed by the next piece, not by its own NEXT. */
static struct body_use {
	const char *name;
	u16 flags;         /* its declaration's */
	bool plain_end;    /* it ended in end_body(): the plain NEXT */
	int nexts;         /* NEXTs (or other exits) it emitted itself */
	bool leaves;       /* reads an operand through rsi or jumps out */
	bool writes_rsi;   /* loads rsi: a jump, or rsi kept in rbx meanwhile */
	struct prim_info *info; /* its record, when fusable */
} body;

static int note_base(int base)
{
	if (base == RSI)
		body.leaves = true;
	return base;
}

/* The encoder's calls that make a body uncopyable are noted on the way
 * (a function-like macro does not expand inside itself, so each still
 * calls the encoder).  A memory operand based on rsi reads the threaded
 * code; MEMX is left alone: `move` uses rsi as its source pointer. */
#define x_lodsq() (body.leaves = true, x_lodsq())
#define x_jmp_m(m) (body.leaves = true, x_jmp_m(m))
#define x_jcc_rel32(cc, t) (body.leaves = true, x_jcc_rel32(cc, t))
#define x_ret() (body.leaves = true, x_ret())
#define x_next() (body.nexts++, x_next())
#define x_mov_rm(d, m) (body.writes_rsi |= (d) == RSI, x_mov_rm(d, m))
#define x_mov_rr(d, s) (body.writes_rsi |= (d) == RSI, x_mov_rr(d, s))
#define x_mov_ri(d, i) (body.writes_rsi |= (d) == RSI, x_mov_ri(d, i))
#define x_pop_r(r) (body.writes_rsi |= (r) == RSI, x_pop_r(r))
#define x_lea(d, m) (body.writes_rsi |= (d) == RSI, x_lea(d, m))
#undef MEM
#define MEM(b, d) ((struct mem){ note_base(b), NOREG, 1, (d) })

static bool ends_in_next(void)
{
	static const u8 next[] = { 0x48, 0xad, 0xff, 0x20 }; /* lodsq; jmp [rax] */
	return memcmp((const u8 *)VM->here - 4, next, 4) == 0;
}

/* Check the body just emitted against its declaration: a fusable one
 * must end in the plain NEXT with nothing a copy cannot do; one that is
 * not must have a reason not to be (that is how `over` and `c,` once
 * lost fusion: their bodies called NEXT themselves). */
static void finish_body(void)
{
	if (!body.name)
		return;
	bool copyable = !body.leaves && body.nexts == 0 &&
		(!body.writes_rsi || (body.info && body.info->rsi_in_rbx));
	if (body.flags & D_FUSABLE) {
		if (!body.plain_end || !copyable)
			fatal("prims: %s is declared fusable, but its body %s",
			      body.name, !body.plain_end ? "ends in a NEXT of its own" :
			      "reads through rsi, loads rsi or jumps out");
	} else if (body.plain_end) {
		fatal("prims: %s ends in the plain NEXT: declare it D_FUSABLE",
		      body.name);
	} else if (body.nexts == 1 && !body.leaves && !body.writes_rsi &&
		   ends_in_next()) {
		fatal("prims: a superinstruction could copy %s: end it with "
		      "end_body() and declare it D_FUSABLE", body.name);
	}
	body.name = 0;
}

static struct entry *make_word(const char *name, u16 flags)
{
	finish_body();
	struct entry *e = log_create(name, str_len(name), prim_file, 0);
	e->flags = (u8)(flags & D_ENTRY_FLAGS);
	log_comma(VM->here + 8); /* self-codeword */
	current_prim = e;
	body = (struct body_use){ .name = name, .flags = flags };
	return e;
}

static const struct word_decl *prim_decl(const char *name)
{
	for (u64 i = 0; i < N_PRIM_DECLS; i++)
		if (str_eq(prim_decls[i].name, name))
			return &prim_decls[i];
	fatal("prims: %s has no declaration", name);
}

/* Start the primitive name: its entry, with the declaration's flags. */
static u64 prims_made;

static struct entry *prim(const char *name)
{
	prims_made++;
	return make_word(name, prim_decl(name)->flags);
}

/* The NEXT that ends a fusable primitive: the only exit of its body,
 * which reads no inline operands through rsi and jumps nowhere but inside
 * itself or to an absolute address.  Its record tells the optimizer
 * where the body lies; the caller adds what else it must know. */
static struct prim_info *end_body(void)
{
	static struct prim_info unrecorded; /* finish_body() stops the build */
	u64 xt = log_entry_xt(current_prim);
	u32 len = (u32)(VM->here - (xt + 8));
	body.plain_end = true;
	(x_next)();
	if (!(body.flags & D_FUSABLE))
		return &unrecorded;
	if (VMF->n_prims == MAX_PRIMS)
		fatal("prims: more than MAX_PRIMS (%u) fusable primitives",
		      (u64)MAX_PRIMS);
	struct prim_info *info = &VMF->prims[VMF->n_prims++];
	*info = (struct prim_info){ .xt = (u32)xt, .len = len };
	body.info = info;
	return info;
}

u64 prims_xt(const char *name)
{
	struct entry *e = wordlist_find_anywhere(name, str_len(name));
	if (!e)
		fatal("bootstrap: no word %s", name);
	return log_entry_xt(e);
}

/* ---- interpreter routines (codeword targets, not words) ---- */

/* docol: push the return point on the control stack, run the body. */
static u64 emit_docol(void)
{
	u64 at = VM->here;
	x_lea(RBP, MEM(RBP, -8));
	x_mov_mr(MEM(RBP, 0), RSI);
	x_lea(RSI, MEM(RAX, 8));
	x_next();
	return at;
}

/* dovar: the body is the variable's cell. */
static u64 emit_dovar(void)
{
	u64 at = VM->here;
	x_lea(RAX, MEM(RAX, 8));
	x_push_r(RAX);
	x_next();
	return at;
}

/* docon: the body holds the constant. */
static u64 emit_docon(void)
{
	u64 at = VM->here;
	x_push_m(MEM(RAX, 8));
	x_next();
	return at;
}

/* dodata: a word made by create-data (core/core.e).  Its body starts two
 * cells after the codeword: the cell between is where does> puts the
 * address of the threaded code to run, so the same layout serves both
 * and does> only rewrites the codeword and that cell. */
static u64 emit_dodata(void)
{
	u64 at = VM->here;
	x_lea(RAX, MEM(RAX, 16));
	x_push_r(RAX);
	x_next();
	return at;
}

/* dodoes: a data word given an action by does>: push its body, then run
 * the threaded code at [xt+8] (in the defining word, after its does>) as
 * docol runs a body. */
static u64 emit_dodoes(void)
{
	u64 at = VM->here;
	x_lea(RCX, MEM(RAX, 16));
	x_push_r(RCX);
	x_lea(RBP, MEM(RBP, -8));
	x_mov_mr(MEM(RBP, 0), RSI);
	x_mov_rm(RSI, MEM(RAX, 8));
	x_next();
	return at;
}

/* doval: a value, whose cell `to` changes.  The same code as docon, but
 * a routine of its own, so that the optimizer (optimize.c), which takes
 * a docon word for a literal, leaves calls to values alone. */
static u64 emit_doval(void)
{
	u64 at = VM->here;
	x_push_m(MEM(RAX, 8));
	x_next();
	return at;
}

/* do2val: a 2value, its cells laid out as 2! stores them: x2 at +8, x1
 * at +16. */
static u64 emit_do2val(void)
{
	u64 at = VM->here;
	x_push_m(MEM(RAX, 16));
	x_push_m(MEM(RAX, 8));
	x_next();
	return at;
}

/* dodefer: a deferred word runs the xt in its cell (`is` sets it). */
static u64 emit_dodefer(void)
{
	u64 at = VM->here;
	x_mov_rm(RAX, MEM(RAX, 8));
	x_jmp_m(MEM(RAX, 0));
	return at;
}

/* A primitive throws the code a C helper left in vm.pending by running
 * whatever `throw` currently is (the prelude installs the Forth one). */
/* A primitive that throws an error of its own (division by zero, a bad
 * stack pointer) puts the code on the stack and calls this: the return
 * address says where it was, which a superinstruction needs to name the
 * inlined word (error.c). */
static u64 emit_throw_from(void)
{
	u64 at = VM->here;
	x_pop_m(V(throw_site));
	x_mov_rm(RAX, ABS(&VMF->throw_xt));
	x_jmp_m(MEM(RAX, 0));
	return at;
}

static u64 emit_throw_stub(void)
{
	u64 at = VM->here;
	x_mov_rm(RAX, V(pending));
	x_mov_mi(V(pending), 0);
	x_push_r(RAX);
	x_mov_rm(RAX, ABS(&VMF->throw_xt));
	x_jmp_m(MEM(RAX, 0));
	return at;
}

/* Deferred signal handlers (lib/signals.e) wait for a safe point; the
 * return of a C helper is one, when nothing is being compiled or built,
 * no other handler runs and no error is being reported: then the word
 * that runs them is entered as if called from here (rsi is where the
 * threaded code goes on). */
static u64 emit_deferred_stub(void)
{
	u64 at = VM->here;
	u8 *skip[5];
	x_alu_mi(ALU_CMP, V(state), 0);
	skip[0] = x_jcc8(CC_NE);
	x_alu_mi(ALU_CMP, V(building), 0);
	skip[1] = x_jcc8(CC_NE);
	x_alu_mi(ALU_CMP, V(sig_depth), 0);
	skip[2] = x_jcc8(CC_NE);
	x_alu_mi(ALU_CMP, V(reporting), 0);
	skip[3] = x_jcc8(CC_NE);
	x_mov_rm(RAX, V(deferred_xt));
	x_test_rr(RAX, RAX);
	skip[4] = x_jcc8(CC_E);
	x_jmp_m(MEM(RAX, 0));
	for (int i = 0; i < 5; i++)
		x_patch8(skip[i]);
	x_next();
	return at;
}

/* The controlled transfer into C (DESIGN §5).  rsi, rbp and rsp go to the
 * saved block so signal code, backtraces and a debugger (tools/incant-
 * gdb.py) can find the Forth state; rsi also stays in rbx, which C
 * preserves, because a signal handler running Forth may call C too and
 * overwrite the block.  The helper gets the value stack pointer and
 * returns the new one.  It runs on the C stack (vm.h), taking C_RESERVE
 * bytes of it for the time of the call: so it works whatever is left of
 * the value stack, and a handler's C call nests below it.  The bytes are
 * taken before rsp moves onto them and given back after it has left, so
 * a handler that comes in between never puts its C frames over the
 * kernel's signal frame.  A handler running on the alternate signal
 * stack calls C there, below C_HEADROOM bytes for the cells the helper
 * pushes: were rsp to leave the alternate stack, the kernel would take
 * the next signal for one that found it unused and build its frame at
 * the top, over the live frame of the handler. */
static void emit_c_call(int idx)
{
	x_mov_mi(V(c_caller), (i32)log_entry_xt(current_prim));
	x_mov_mr(V(save_rsi), RSI);
	x_mov_mr(V(save_rbp), RBP);
	x_mov_mr(V(save_rsp), RSP);
	x_mov_rr(RBX, RSI);
	x_mov_rr(RDI, RSP);
	x_mov_rr(RAX, RSP);
	x_alu_ri(ALU_SUB, RAX, (i32)SIGSTACK_BASE);
	x_alu_ri(ALU_CMP, RAX, (i32)(SIGSTACK_TOP - SIGSTACK_BASE));
	u8 *on_alt = x_jcc8(CC_B);
	x_alu_mi(ALU_SUB, V(c_top), (i32)C_RESERVE);
	x_mov_rm(RSP, V(c_top));
	x_alu_ri(ALU_ADD, RSP, (i32)C_RESERVE);
	x_call_m(ABS(&VMF->helpers[idx]));
	x_mov_rr(RSP, RAX);
	x_alu_mi(ALU_ADD, V(c_top), (i32)C_RESERVE);
	u8 *done = x_jmp8();
	x_patch8(on_alt);
	x_alu_ri(ALU_SUB, RSP, (i32)C_HEADROOM);
	x_alu_ri(ALU_AND, RSP, -16);
	x_call_m(ABS(&VMF->helpers[idx]));
	x_mov_rr(RSP, RAX);
	x_patch8(done);
	x_mov_rr(RSI, RBX);
	x_alu_mi(ALU_CMP, V(pending), 0);
	x_jcc_rel32(CC_NE, VMF->throw_stub);
	x_alu_mi(ALU_CMP, V(deferred_pending), 0);
	x_jcc_rel32(CC_NE, deferred_stub);
}

/* C calls enter_forth(xt) at start-up: it saves C's callee-saved registers
 * and stack, switches to the Forth stacks and runs xt; the threaded cell
 * vm.xt_return_to_c, which rsi points at, brings it back. */
static void emit_enter_and_leave(void)
{
	static const int saved[] = { RBX, RBP, R12, R13, R14, R15 };
	VMF->enter_forth = VM->here;
	for (int i = 0; i < 6; i++)
		x_push_r(saved[i]);
	x_mov_mr(V(c_rsp), RSP);
	x_mov_rm(RSP, V(forth_rsp));
	x_mov_rm(RBP, V(forth_rbp));
	x_mov_rr(RAX, RDI);
	x_mov_ri(RSI, (i64)&VMF->xt_return_to_c);
	x_cld();
	x_jmp_m(MEM(RAX, 0));

	struct entry *e = prim("(return-to-c)");
	VMF->xt_return_to_c = log_entry_xt(e);
	x_mov_mr(V(forth_rsp), RSP);
	x_mov_mr(V(forth_rbp), RBP);
	x_mov_rm(RSP, V(c_rsp));
	for (int i = 5; i >= 0; i--)
		x_pop_r(saved[i]);
	x_ret();
}

void prims_run(u64 xt)
{
	((void (*)(u64))VMF->enter_forth)(xt);
}

/* ---- threaded-code control ---- */

static void emit_control(void)
{
	/* exit: return to the caller's threaded code */
	prim("exit");
	x_mov_rm(RSI, MEM(RBP, 0));
	x_lea(RBP, MEM(RBP, 8));
	x_next();

	/* lit: push the cell that follows; lodsq loads it and steps past */
	prim("lit");
	x_lodsq();
	x_push_r(RAX);
	x_next();

	/* branch: the next cell is the target address */
	prim("branch");
	x_mov_rm(RSI, MEM(RSI, 0));
	x_next();

	/* 0branch: branch if the top of the stack is zero */
	prim("0branch");
	x_pop_r(RAX);
	x_test_rr(RAX, RAX);
	u8 *taken = x_jcc8(CC_E);
	x_lea(RSI, MEM(RSI, 8));
	x_next();
	x_patch8(taken);
	x_mov_rm(RSI, MEM(RSI, 0));
	x_next();

	/* (s"): an inline string: a length cell, the bytes, NUL, padding */
	prim("(s\")");
	x_lodsq();
	x_push_r(RSI);
	x_lea(RAX, MEMX(RSI, RAX, 1, 8));
	x_alu_ri(ALU_AND, RAX, -8);
	x_mov_rr(RSI, RAX);
	x_next();

	prim("execute");
	x_pop_r(RAX);
	x_jmp_m(MEM(RAX, 0));
}

/* Throw -9 from a check that failed: push the code, call throw_from (the
 * return address says where, error.c). */
static void emit_throw_bad_address(void)
{
	x_push_i(-9);
	x_call_m(ABS(&VMF->throw_from));
}

/* Throw -24 when the count at m is negative: as unsigned it would run
 * through memory until a fault (a backward move over the global block
 * first), and as an index it would reach below the stack's top. */
static void emit_check_count(struct mem m)
{
	x_mov_rm(RCX, m);
	x_test_rr(RCX, RCX);
	u8 *ok = x_jcc8(CC_NS);
	x_push_i(-24);
	x_call_m(ABS(&VMF->throw_from));
	x_patch8(ok);
}

/* Throw -4 unless the index in rcx (emit_check_count put it there)
 * names a cell on the stack: fewer than (VSTACK_TOP - below - rsp) / 8,
 * below being the bytes the word pops first.  The guard above the value
 * stack catches an index just past its bottom, but a larger one reaches
 * the control stacks and the hash table, which are mapped.  On the
 * signal stack (above VSTACK_TOP) the depth is negative, unsigned huge:
 * no bound there but the guards.  core/prims.e's roll does the same. */
static void emit_check_depth(i32 below)
{
	x_mov_ri(RAX, (i64)VSTACK_TOP - below);
	x_alu_rr(ALU_SUB, RAX, RSP);
	x_sar_ri(RAX, 3);
	x_alu_rr(ALU_CMP, RAX, RCX);
	u8 *ok = x_jcc8(CC_A);
	x_push_i(-4);
	x_call_m(ABS(&VMF->throw_from));
	x_patch8(ok);
}

/* Jump (the rel8 returned, to patch) when r is not cell-aligned.  A
 * stack pointer must be: pushes would straddle cells otherwise. */
static u8 *emit_jump_if_misaligned(int r)
{
	x_mov_rr(RCX, r);
	x_alu_ri(ALU_AND, RCX, 7);
	return x_jcc8(CC_NE);
}

/* Go on if r is cell-aligned and within one of the n ranges lo <= r <=
 * hi, else throw -9.  Uses rcx. */
static void emit_range_check(int r, const u64 (*range)[2], int n)
{
	u8 *misaligned = emit_jump_if_misaligned(r);
	u8 *ok[4];
	for (int i = 0; i < n; i++) {
		x_mov_rr(RCX, r);
		x_alu_ri(ALU_SUB, RCX, (i32)range[i][0]);
		x_alu_ri(ALU_CMP, RCX, (i32)(range[i][1] - range[i][0]));
		ok[i] = x_jcc8(CC_BE);
	}
	x_patch8(misaligned);
	emit_throw_bad_address();
	for (int i = 0; i < n; i++)
		x_patch8(ok[i]);
}

/* A control stack region's number is an offset shifted by this. */
#define LEVEL_SHIFT 21
_Static_assert(CSTACK_STRIDE == 1ul << LEVEL_SHIFT, "the stride is a shift");

/* rp!'s check of the new rbp in r (uses rcx): cell-aligned, and either
 * on the emergency control stack or in the usable part of a control
 * stack region that is mapped (vm.h: within its stride, past the guard
 * below, at most its top; level 0's, or a level's (interpret-enter) has
 * mapped) and not above the innermost catch frame.  Frames above that
 * belong to the code that will catch, the REPL's own among them: moving
 * rbp up past it is throw's job, which goes exactly to it.  Anything
 * else is -9. */
static void emit_rp_check(int r)
{
	u8 *misaligned = emit_jump_if_misaligned(r);
	x_mov_rr(RCX, r);
	x_alu_ri(ALU_SUB, RCX, (i32)(ESTACK_BASE + GUARD_SIZE));
	x_alu_ri(ALU_CMP, RCX, (i32)ESTACK_SIZE);
	u8 *emergency = x_jcc8(CC_BE);
	x_mov_rr(RCX, r);
	x_alu_ri(ALU_SUB, RCX, (i32)CSTACK_LOW);
	x_alu_ri(ALU_CMP, RCX, (i32)(CSTACK_LEVELS * CSTACK_STRIDE));
	u8 *outside = x_jcc8(CC_AE);
	x_alu_ri(ALU_AND, RCX, (i32)(CSTACK_STRIDE - 1));
	x_alu_ri(ALU_SUB, RCX, (i32)GUARD_SIZE);
	x_alu_ri(ALU_CMP, RCX, (i32)CSTACK_SIZE);
	u8 *in_guard = x_jcc8(CC_A);
	x_mov_ri(RCX, (i64)(CSTACK_BASE + CSTACK_STRIDE - 1)); /* the level */
	x_alu_rr(ALU_SUB, RCX, r);
	x_shr_ri(RCX, LEVEL_SHIFT);
	u8 *level0 = x_jcc8(CC_E);
	x_alu_mi(ALU_CMP, MEMX(NOREG, RCX, 8, (i32)(u64)VM->level_mapped), 0);
	u8 *unmapped = x_jcc8(CC_E);
	x_patch8(level0);
	x_mov_rm(RCX, V(handler));
	x_test_rr(RCX, RCX);
	u8 *no_catch = x_jcc8(CC_E);
	x_alu_rr(ALU_CMP, r, RCX);
	u8 *below_catch = x_jcc8(CC_BE);
	x_patch8(misaligned);
	x_patch8(outside);
	x_patch8(in_guard);
	x_patch8(unmapped);
	emit_throw_bad_address();
	x_patch8(emergency);
	x_patch8(no_catch);
	x_patch8(below_catch);
}

/* ---- the value stack ---- */

static void emit_stack(void)
{
	prim("dup");
	x_push_m(TOS);
	end_body();

	/* drop reads what it drops, so running off the top of the stack
	 * faults in the guard at once (an underflow) instead of later. */
	prim("drop");
	x_pop_r(RAX);
	end_body();

	prim("swap");
	x_mov_rm(RAX, TOS);
	x_mov_rm(RDX, NOS);
	x_mov_mr(TOS, RDX);
	x_mov_mr(NOS, RAX);
	end_body();

	prim("over");
	x_push_m(NOS);
	end_body();

	/* rot ( a b c -- b c a ); 3roll, its other name, is in core/prims.e */
	prim("rot");
	x_mov_rm(RAX, MEM(RSP, 16));
	x_mov_rm(RDX, NOS);
	x_mov_rm(RCX, TOS);
	x_mov_mr(MEM(RSP, 16), RDX);
	x_mov_mr(NOS, RCX);
	x_mov_mr(TOS, RAX);
	end_body();

	/* -rot ( a b c -- c a b ) */
	prim("-rot");
	x_mov_rm(RAX, MEM(RSP, 16));
	x_mov_rm(RDX, NOS);
	x_mov_rm(RCX, TOS);
	x_mov_mr(MEM(RSP, 16), RCX);
	x_mov_mr(NOS, RAX);
	x_mov_mr(TOS, RDX);
	end_body();

	prim("nip");
	x_pop_r(RAX);
	x_mov_mr(TOS, RAX);
	end_body();

	prim("tuck"); /* ( a b -- b a b ) */
	x_mov_rm(RAX, TOS);
	x_mov_rm(RDX, NOS);
	x_mov_mr(NOS, RAX);
	x_mov_mr(TOS, RDX);
	x_push_r(RAX);
	end_body();

	/* A negative u is -24 (it would read below the stack's top); one
	 * past the bottom reads the guard page above it: underflow. */
	prim("pick"); /* ( xu .. x0 u -- xu .. x0 xu ), 0 pick is dup */
	emit_check_count(TOS);
	emit_check_depth(8);
	x_pop_r(RAX);
	x_push_m(MEMX(RSP, RAX, 8, 0));
	end_body();

	prim("2dup");
	x_push_m(NOS);
	x_push_m(NOS);
	end_body();

	prim("2drop");
	x_pop_r(RAX);
	x_pop_r(RAX);
	end_body();

	prim("?dup");
	x_mov_rm(RAX, TOS);
	x_test_rr(RAX, RAX);
	u8 *zero = x_jcc8(CC_E);
	x_push_r(RAX);
	x_patch8(zero);
	end_body();

	prim("depth");
	x_mov_ri(RAX, (i64)VSTACK_TOP);
	x_alu_rr(ALU_SUB, RAX, RSP);
	x_sar_ri(RAX, 3);
	x_push_r(RAX);
	end_body();

	prim("sp@");
	x_mov_rr(RAX, RSP);
	x_push_r(RAX);
	end_body();

	/* sp! and rp! accept only cell-aligned places on their own stacks
	 * (or the signal-time ones): a stack pointer aimed anywhere else would
	 * let ordinary pushes overwrite the log.  Anything else is -9.
	 * A handler runs on the stack it interrupted, the C stack when that
	 * was a C helper's, or on the alternate signal stack. */
	static const u64 sp_ranges[][2] = {
		{ VSTACK_BASE + GUARD_SIZE, VSTACK_TOP },
		{ SIGSTACK_BASE + GUARD_SIZE, SIGSTACK_TOP },
		{ CSTACKC_BASE + GUARD_SIZE, CSTACKC_TOP },
	};
	prim("sp!");
	x_pop_r(RAX);
	emit_range_check(RAX, sp_ranges, 3);
	x_mov_rr(RSP, RAX);
	end_body();

	prim("rp@");
	x_push_r(RBP);
	end_body()->rstack = RS_FRAME;

	prim("rp!");
	x_pop_r(RAX);
	emit_rp_check(RAX);
	x_mov_rr(RBP, RAX);
	end_body()->rstack = RS_FRAME;
}

/* ---- the control stack ---- */

static void emit_rstack(void)
{
	prim(">r");
	x_pop_r(RAX);
	x_lea(RBP, MEM(RBP, -8));
	x_mov_mr(MEM(RBP, 0), RAX);
	end_body()->rstack = RS_PUSH;

	prim("r>");
	x_push_m(MEM(RBP, 0));
	x_lea(RBP, MEM(RBP, 8));
	end_body()->rstack = RS_POP;

	prim("r@");
	x_push_m(MEM(RBP, 0));
	end_body()->rstack = RS_PEEK;

	prim("rdrop"); /* reads the cell, like drop */
	x_mov_rm(RAX, MEM(RBP, 0));
	x_lea(RBP, MEM(RBP, 8));
	end_body()->rstack = RS_POP;

	/* Counted loops keep three cells on the control stack:
	 * [rbp] index, [rbp+8] limit, [rbp+16] where `leave` goes.
	 * (do) and (?do) are followed by a cell with the leave address. */
	prim("(do)"); /* ( limit index -- ) */
	x_pop_r(RCX);
	x_pop_r(RDX);
	x_lodsq();
	x_lea(RBP, MEM(RBP, -24));
	x_mov_mr(MEM(RBP, 16), RAX);
	x_mov_mr(MEM(RBP, 8), RDX);
	x_mov_mr(MEM(RBP, 0), RCX);
	x_next();

	prim("(?do)"); /* like (do), but skip the loop when limit = index */
	x_pop_r(RCX);
	x_pop_r(RDX);
	x_lodsq();
	x_alu_rr(ALU_CMP, RCX, RDX);
	u8 *run = x_jcc8(CC_NE);
	x_mov_rr(RSI, RAX);
	x_next();
	x_patch8(run);
	x_lea(RBP, MEM(RBP, -24));
	x_mov_mr(MEM(RBP, 16), RAX);
	x_mov_mr(MEM(RBP, 8), RDX);
	x_mov_mr(MEM(RBP, 0), RCX);
	x_next();

	/* (loop): step the index; loop back (the next cell) until it reaches
	 * the limit. */
	prim("(loop)");
	u8 *out = x_loop_step(false);
	x_mov_rm(RSI, MEM(RSI, 0));
	x_next();
	x_patch8(out);
	x_lea(RBP, MEM(RBP, 24));
	x_lea(RSI, MEM(RSI, 8));
	x_next();

	/* (+loop) ( n -- ): ends when the index crosses the boundary between
	 * limit-1 and limit in the direction of n (encode.c: x_loop_step). */
	prim("(+loop)");
	x_pop_r(RCX);
	u8 *end = x_loop_step(true);
	x_mov_rm(RSI, MEM(RSI, 0));
	x_next();
	x_patch8(end);
	x_lea(RBP, MEM(RBP, 24));
	x_lea(RSI, MEM(RSI, 8));
	x_next();

	prim("i");
	x_push_m(MEM(RBP, 0));
	end_body()->rstack = RS_FRAME;

	prim("unloop");
	x_lea(RBP, MEM(RBP, 24));
	end_body()->rstack = RS_FRAME;

	prim("leave");
	x_mov_rm(RSI, MEM(RBP, 16));
	x_lea(RBP, MEM(RBP, 24));
	x_next();
}

/* ---- arithmetic and logic ---- */

static void emit_binary(const char *name, enum alu op)
{
	prim(name);
	x_pop_r(RAX);
	x_alu_mr(op, TOS, RAX);
	end_body();
}

static void emit_compare(const char *name, enum cc cc)
{
	prim(name);
	x_pop_r(RAX);
	x_alu_rr(ALU_XOR, RCX, RCX);
	x_alu_mr(ALU_CMP, TOS, RAX);
	x_setcc(cc, RCX);
	x_neg_r(RCX);
	x_mov_mr(TOS, RCX);
	end_body()->compare = (u8)(cc + 1);
}

static void emit_compare0(const char *name, enum cc cc)
{
	prim(name);
	x_alu_rr(ALU_XOR, RCX, RCX);
	x_alu_mi(ALU_CMP, TOS, 0);
	x_setcc(cc, RCX);
	x_neg_r(RCX);
	x_mov_mr(TOS, RCX);
	struct prim_info *info = end_body();
	info->compare = (u8)(cc + 1);
	info->with_zero = 1;
}

/* A shift by 64 or more (or a negative count) is what shifting one bit
 * at a time would give: 0, or for arshift the sign in every bit; the
 * machine would take the count mod 64. */
static void emit_shift(const char *name, void (*shift)(struct mem), bool fills_sign)
{
	prim(name);
	x_pop_r(RCX);
	x_alu_ri(ALU_CMP, RCX, 63);
	u8 *in_range = x_jcc8(CC_BE);
	u8 *done = 0;
	if (fills_sign) {
		x_mov_ri(RCX, 63);
	} else {
		x_mov_mi(TOS, 0);
		done = x_jmp8();
	}
	x_patch8(in_range);
	shift(TOS);
	if (done)
		x_patch8(done);
	end_body();
}

/* Division: ( a b -- remainder quotient ).  A zero divisor throws -10
 * instead of trapping; -1 is done by negation, because idiv of the most
 * negative number by -1 traps too. */
static void emit_divide(const char *name, bool is_signed)
{
	prim(name);
	x_mov_rm(RCX, TOS);
	x_test_rr(RCX, RCX);
	u8 *nonzero = x_jcc8(CC_NE);
	x_mov_mi(TOS, -10);
	x_call_m(ABS(&VMF->throw_from));
	x_patch8(nonzero);
	x_mov_rm(RAX, NOS);
	u8 *store = 0;
	if (is_signed) {
		x_alu_ri(ALU_CMP, RCX, -1);
		u8 *divide = x_jcc8(CC_NE);
		x_neg_r(RAX);
		x_alu_rr(ALU_XOR, RDX, RDX);
		store = x_jmp8();
		x_patch8(divide);
		x_cqo();
		x_idiv_r(RCX);
	} else {
		x_alu_rr(ALU_XOR, RDX, RDX);
		x_div_r(RCX);
	}
	if (store)
		x_patch8(store);
	x_mov_mr(NOS, RDX);
	x_mov_mr(TOS, RAX);
	end_body();
}

static void emit_arith(void)
{
	emit_binary("+", ALU_ADD);
	emit_binary("-", ALU_SUB);
	emit_binary("and", ALU_AND);
	emit_binary("or", ALU_OR);

	prim("*");
	x_pop_r(RAX);
	x_imul_rm(RAX, TOS);
	x_mov_mr(TOS, RAX);
	end_body();

	emit_divide("/%", true);
	emit_divide("u/%", false);

	prim("negate");
	x_neg_m(TOS);
	end_body();

	prim("invert");
	x_not_m(TOS);
	end_body();

	prim("1+");
	x_inc_m(TOS);
	end_body();

	prim("1-");
	x_dec_m(TOS);
	end_body();

	prim("min");
	x_pop_r(RAX);
	x_mov_rm(RDX, TOS);
	x_alu_rr(ALU_CMP, RAX, RDX);
	x_cmov_rr(CC_L, RDX, RAX);
	x_mov_mr(TOS, RDX);
	end_body();

	emit_shift("lshift", x_shl_m_cl, false);
	emit_shift("rshift", x_shr_m_cl, false);
	emit_shift("arshift", x_sar_m_cl, true);

	emit_compare("=", CC_E);
	emit_compare("<>", CC_NE);
	emit_compare("<", CC_L);
	emit_compare(">", CC_G);
	emit_compare("<=", CC_LE);
	emit_compare("u<", CC_B);
	emit_compare("u>", CC_A);
	emit_compare0("0=", CC_E);
	emit_compare0("0<>", CC_NE);
	emit_compare0("0<", CC_L);
	emit_compare0("0>", CC_G);
}

/* ---- memory ---- */

static void emit_memory(void)
{
	prim("@");
	x_mov_rm(RAX, TOS);
	x_mov_rm(RAX, MEM(RAX, 0));
	x_mov_mr(TOS, RAX);
	end_body();

	prim("!"); /* ( x addr -- ) */
	x_pop_r(RAX);
	x_pop_r(RCX);
	x_mov_mr(MEM(RAX, 0), RCX);
	end_body();

	prim("+!");
	x_pop_r(RAX);
	x_pop_r(RCX);
	x_alu_mr(ALU_ADD, MEM(RAX, 0), RCX);
	end_body();

	prim("c@");
	x_mov_rm(RAX, TOS);
	x_movzx8_rm(RAX, MEM(RAX, 0));
	x_mov_mr(TOS, RAX);
	end_body();

	prim("c!");
	x_pop_r(RAX);
	x_pop_r(RCX);
	x_mov8_mr(MEM(RAX, 0), RCX);
	end_body();

	prim("w!");
	x_pop_r(RAX);
	x_pop_r(RCX);
	x_mov16_mr(MEM(RAX, 0), RCX);
	end_body();

	prim("l@");
	x_mov_rm(RAX, TOS);
	x_mov32_rm(RAX, MEM(RAX, 0));
	x_mov_mr(TOS, RAX);
	end_body();

	prim("l!");
	x_pop_r(RAX);
	x_pop_r(RCX);
	x_mov32_mr(MEM(RAX, 0), RCX);
	end_body();

	/* , ( x -- ): append a cell.  No check: past the log's end lies an
	 * inaccessible gap (vm.h, LOG_GAP), so running off it faults.  `here`
	 * moves first, in one instruction (xadd), so a signal handler that
	 * allocates too gets its own cells and never the one being written. */
	prim(",");
	x_pop_r(RCX);
	x_mov_ri(RAX, 8);
	x_xadd_mr(V(here), RAX);
	x_mov_mr(MEM(RAX, 0), RCX);
	end_body();

	/* fill ( addr n c -- ): rep stosb.  A negative n (a count past half
	 * the address space) is error -24, before a byte is written. */
	prim("fill");
	emit_check_count(NOS);
	x_pop_r(RAX);
	x_pop_r(RCX);
	x_pop_r(RDI);
	x_byte(0xf3); /* rep stosb */
	x_byte(0xaa);
	end_body();

	/* move ( src dst n -- ): rep movsb, backward (std) when the blocks
	 * overlap with dst above src.  rsi waits in rbx. */
	prim("move");
	emit_check_count(TOS);
	x_pop_r(RCX);
	x_pop_r(RDI);
	x_mov_rr(RBX, RSI);
	x_pop_r(RSI);
	x_mov_rr(RAX, RDI);
	x_alu_rr(ALU_SUB, RAX, RSI);
	x_alu_rr(ALU_CMP, RAX, RCX); /* dst - src < n, unsigned: overlap above */
	u8 *forward = x_jcc8(CC_AE);
	x_lea(RSI, MEMX(RSI, RCX, 1, -1));
	x_lea(RDI, MEMX(RDI, RCX, 1, -1));
	x_byte(0xfd); /* std */
	x_byte(0xf3); /* rep movsb */
	x_byte(0xa4);
	x_cld();
	u8 *done = x_jmp8();
	x_patch8(forward);
	x_byte(0xf3);
	x_byte(0xa4);
	x_patch8(done);
	x_mov_rr(RSI, RBX);
	end_body()->rsi_in_rbx = 1;

	prim("c,"); /* like , */
	x_pop_r(RCX);
	x_mov_ri(RAX, 1);
	x_xadd_mr(V(here), RAX);
	x_mov8_mr(MEM(RAX, 0), RCX);
	end_body();
}

/* ---- system calls ----
 * syscall-4 ( a1 a2 a3 a4 nr -- result ): nr on top, the first argument
 * deepest.  rsi is both our instruction pointer and the second argument,
 * so it waits in rbx, which the kernel preserves.  The other syscall-N
 * are code words (core/prims.e): core/core.e needs only this one. */
static void emit_syscall4(void)
{
	static const int arg_regs[] = { RDI, RSI, RDX, R10 };
	prim("syscall-4");
	x_mov_rr(RBX, RSI);
	x_pop_r(RAX);
	for (int i = 3; i >= 0; i--)
		x_pop_r(arg_regs[i]);
	x_syscall();
	x_mov_rr(RSI, RBX);
	x_push_r(RAX);
	end_body()->rsi_in_rbx = 1;
}

/* Constants the language needs from the bootstrap. */
static void constant(const char *name, u64 value)
{
	struct entry *e = log_create(name, str_len(name), prim_file, 0);
	(void)e;
	log_comma(VMF->docon);
	log_comma(value);
}

static void emit_helpers(void)
{
	for (int i = 0; i < n_helpers; i++) {
		make_word(helpers[i].name, helpers[i].flags);
		emit_c_call(i);
		x_next();
	}
}

/* (interpret-enter) and (interpret-leave) bracket the body of
 * `interpret`: the first moves rbp to the top of the next level's control
 * stack region (vm.h), mapping it writable the first time, and keeps the
 * old rbp; the second goes back to it.  A throw restores vm.level from its
 * catch frame, so the count stays right when a level is left by an error.
 * Levels past the last region run where they are. */

static void emit_interpret_levels(void)
{
	struct mem level = V(level);
	prim("(interpret-enter)");
	x_mov_rm(RAX, level);
	x_alu_ri(ALU_ADD, RAX, 1);
	x_mov_mr(level, RAX);
	x_lea(RCX, MEM(RAX, -1));
	x_alu_ri(ALU_CMP, RCX, CSTACK_LEVELS - 1);
	u8 *too_deep = x_jcc8(CC_AE);
	x_mov_mr(MEMX(NOREG, RAX, 8, (i32)(u64)VM->level_rbp), RBP);
	x_alu_mi(ALU_CMP, MEMX(NOREG, RAX, 8, (i32)(u64)VM->level_mapped), 0);
	u8 *mapped = x_jcc8(CC_NE);
	x_mov_mi(MEMX(NOREG, RAX, 8, (i32)(u64)VM->level_mapped), 1);
	/* mmap(top - size, size, read|write, a fresh anonymous mapping where
	 * nothing is, -1, 0), as start.c maps the other stacks; rsi waits
	 * in rbx.  When it fails (no address space left: ulimit -v), the
	 * level has no control stack of its own: -5, a control stack
	 * overflow, and the next entry tries again.  (Run on the stack it
	 * is on, a level would lose the guard that makes an underflow -6,
	 * and an r> too many would return into its caller's frames.) */
	x_mov_rr(RBX, RSI);
	x_mov_rr(RCX, RAX);
	x_shl_ri(RCX, LEVEL_SHIFT);
	x_mov_ri(RDI, (i64)(CSTACK_TOP - CSTACK_SIZE));
	x_alu_rr(ALU_SUB, RDI, RCX);
	x_mov_ri(RSI, CSTACK_SIZE);
	x_mov_ri(RDX, PROT_READ | PROT_WRITE);
	x_mov_ri(R10, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE);
	x_mov_ri(R8, -1);
	x_mov_ri(R9, 0);
	x_mov_ri(RAX, SYS_mmap);
	x_syscall();
	x_mov_rr(RSI, RBX);
	x_alu_rr(ALU_CMP, RAX, RDI); /* the kernel keeps rdi */
	u8 *failed = x_jcc8(CC_NE);
	x_mov_rm(RAX, level);
	x_patch8(mapped);
	x_shl_ri(RAX, LEVEL_SHIFT);
	x_mov_ri(RBP, (i64)CSTACK_TOP);
	x_alu_rr(ALU_SUB, RBP, RAX);
	x_patch8(too_deep);
	x_next();
	x_patch8(failed);
	x_mov_rm(RAX, level);
	x_mov_mi(MEMX(NOREG, RAX, 8, (i32)(u64)VM->level_mapped), 0);
	x_push_i(-5);
	x_call_m(ABS(&VMF->throw_from));

	prim("(interpret-leave)");
	x_mov_rm(RAX, level);
	x_lea(RCX, MEM(RAX, -1));
	x_mov_mr(level, RCX);
	x_alu_ri(ALU_CMP, RCX, CSTACK_LEVELS - 1);
	u8 *stayed = x_jcc8(CC_AE);
	x_mov_rm(RBP, MEMX(NOREG, RAX, 8, (i32)(u64)VM->level_rbp));
	x_patch8(stayed);
	end_body()->rstack = RS_FRAME;
}

/* (leave-handler) ( -- ): return from the innermost signal handler now:
 * drop its frame (vm.h struct sig_frame) and go back to the kernel's
 * restorer, whose address is where rsp was when the handler began.  The
 * handler's own stacks are abandoned; the kernel restores everything the
 * interrupted code had.  (core/core.e: an asynchronous throw that must
 * wait for C.)  rsp is taken from the frame before the depth goes down:
 * a signal that comes in between (a handler may let its own in) takes
 * the slot the depth frees. */
static void emit_leave_handler(void)
{
	prim("(leave-handler)");
	x_mov_rm(RAX, V(sig_depth));
	x_alu_ri(ALU_SUB, RAX, 1);
	x_mov_rr(RCX, RAX);
	x_shl_ri(RCX, 6);
	x_mov_rm(RSP, MEM(RCX, (i32)(u64)&VM->sig_frames[0].rsp));
	x_mov_mr(V(sig_depth), RAX);
	x_ret();
}

/* interpret ( -- ): run the innermost source to its end.
 *   again: (token) dup 0branch end  0< 0branch again  execute branch again
 *   end:   drop exit
 * (token) leaves 0 at the end, 1 when it handled the word itself (a number,
 * or a word it compiled), or xt -1 for a word to execute. */
static void build_interpret(void)
{
	u64 enter = prims_xt("(interpret-enter)");
	u64 leave = prims_xt("(interpret-leave)");
	struct entry *e = log_create("interpret", 9, prim_file, 0);
	log_comma(VMF->docol);
	log_comma(enter);
	u64 again = VM->here;
	log_comma(prims_xt("(token)"));
	log_comma(prims_xt("dup"));
	log_comma(prims_xt("0branch"));
	u64 *to_end = log_allot(8);
	log_comma(prims_xt("0<"));
	log_comma(prims_xt("0branch"));
	log_comma(again);
	log_comma(prims_xt("execute"));
	log_comma(prims_xt("branch"));
	log_comma(again);
	*to_end = VM->here;
	log_comma(prims_xt("drop"));
	log_comma(leave);
	log_comma(prims_xt("exit"));
	e->flags |= F_QUIET;
}

void prims_refresh_helpers(void)
{
	for (int i = 0; i < n_helpers; i++)
		VMF->helpers[i] = (u64)helpers[i].fn;
}

bool prims_helpers_current(void)
{
	for (int i = 0; i < n_helpers; i++)
		if (VMF->helpers[i] != (u64)helpers[i].fn)
			return false;
	return true;
}

/* The process's arguments, environment and flags, which core/glue.e reads
 * (argc, argv, next-e ...): given just before the language runs, so that
 * an image never holds the values of the run that built it. */
void prims_give_process(void)
{
	VM->script_argc = (u64)args.script_argc;
	VM->script_argv = (u64)args.script_argv;
	VM->envp = (u64)args.envp;
	VM->e_code = (u64)args.e;
	VM->n_e = (u64)args.n_e;
	VM->next_e = 0;
	VM->script = (u64)args.script;
	VM->interactive = args.interactive;
	VM->profile_option = args.profile;
}

void prims_emit(void)
{
	prim_file = log_name("<primitive>");
	VMF->docol = emit_docol();
	VMF->dovar = emit_dovar();
	VMF->docon = emit_docon();
	VMF->dodata = emit_dodata();
	VMF->dodoes = emit_dodoes();
	VMF->doval = emit_doval();
	VMF->do2val = emit_do2val();
	VMF->dodefer = emit_dodefer();
	VMF->throw_stub = emit_throw_stub();
	deferred_stub = emit_deferred_stub();
	VMF->throw_from = emit_throw_from();
	emit_enter_and_leave();
	emit_control();
	emit_stack();
	emit_rstack();
	emit_arith();
	emit_memory();
	emit_syscall4();
	emit_interpret_levels();
	emit_leave_handler();
	emit_helpers(); /* each calls through its cell of the fixed page, which start.c fill_fixed_page filled */
	finish_body();
	if (prims_made != N_PRIM_DECLS)
		fatal("prims: %u primitives declared, %u made",
		      (u64)N_PRIM_DECLS, prims_made);
	VMF->xt_lit = prims_xt("lit");
	VMF->xt_branch = prims_xt("branch");
	VMF->xt_0branch = prims_xt("0branch");
	VMF->xt_exit = prims_xt("exit");
	VMF->xt_squote = prims_xt("(s\")");
	VMF->xt_do = prims_xt("(do)");
	VMF->xt_qdo = prims_xt("(?do)");
	VMF->xt_loop = prims_xt("(loop)");
	VMF->xt_ploop = prims_xt("(+loop)");
	build_interpret();
	/* what a code word calls to throw the code it pushed (emit_throw_from) */
	constant("throw-from-cell", (u64)&VMF->throw_from);
	constant("docol", VMF->docol);
	constant("dovar", VMF->dovar);
	constant("docon", VMF->docon);
	constant("dodata", VMF->dodata);
	constant("dodoes", VMF->dodoes);
	constant("doval", VMF->doval);
	constant("do2val", VMF->do2val);
	constant("dodefer", VMF->dodefer);
	constant("base", (u64)&VM->base);
	constant(">in", (u64)&VM->to_in);
	constant("here", (u64)&VM->here);
	constant("latest", (u64)&VM->latest);
	constant("state", (u64)&VM->state);
	constant("handler", (u64)&VM->handler);
	constant("throw-hook", (u64)&VMF->throw_xt);
	constant("sp0", VSTACK_TOP);
	constant("log-start", PRELUDE_START);
	constant("log-end", LOG_BASE + LOG_SIZE);
	constant("superinstructions", (u64)&VM->superinstructions);
	/* cells, not values: a snapshot of the log outlives the binary's C
	 * addresses, which start-up fills in again */
	constant("c-text-start-cell", (u64)&VMF->c_text_start);
	constant("c-text-end-cell", (u64)&VMF->c_text_end);
	constant("saved-rsi-cell", (u64)&VM->save_rsi);
	constant("saved-rbp-cell", (u64)&VM->save_rbp);
	constant("pending-cell", (u64)&VM->pending);
	constant("c-caller-cell", (u64)&VM->c_caller);
	constant("warnings", (u64)&VM->warnings);
	constant("colon-sp", (u64)&VM->colon_sp);
	constant("vstack-base", VSTACK_BASE + GUARD_SIZE);
	constant("cstack-base", CSTACK_BASE + GUARD_SIZE);
	constant("guard-size", GUARD_SIZE);
	constant("reporting-flag", (u64)&VM->reporting);
	constant("signal-stack", SIGSTACK_BASE + GUARD_SIZE);
	constant("signal-stack-size", SIGSTACK_SIZE);
	constant("emergency-rp0", ESTACK_TOP);
	constant("rp0", CSTACK_TOP);
	constant("interpret-level", (u64)&VM->level);
	constant("forth-wordlist", FORTH_WORDLIST);
	constant("sig-depth-cell", (u64)&VM->sig_depth);
	constant("sig-frames", (u64)VM->sig_frames);
	constant("signal-state", (u64)VM->signal_state);
	constant("signal-state-size", sizeof VM->signal_state);
	constant("max-sig-depth", MAX_SIG_DEPTH);
	constant("building-cell", (u64)&VM->building);
	constant("c-top-cell", (u64)&VM->c_top);
	constant("c-stack-top", CSTACKC_TOP);
	constant("deferred-pending", (u64)&VM->deferred_pending);
	constant("deferred-xt-cell", (u64)&VM->deferred_xt);
	constant("state-cell", (u64)&VM->state);
	constant("orig-tag", CS_ORIG);
	constant("dest-tag", CS_DEST);
	constant("do-tag", CS_DO);
	constant("case-tag", CS_CASE);
	constant("of-tag", CS_OF);
	constant("cstack-low", CSTACK_LOW);
	constant("cstack-stride", CSTACK_STRIDE);
	constant("cstack-levels", CSTACK_LEVELS);
	constant("cstack-size", CSTACK_SIZE);
	constant("level-rbps", (u64)VM->level_rbp);
	constant("level-mapped", (u64)VM->level_mapped);
	/* the C boundary's saved rsi, rbp and rsp, three cells in a row */
	constant("c-boundary", (u64)&VM->save_rsi);
	constant("exit-frame", (u64)&VM->exit_frame);
	constant("exit-status", (u64)&VM->exit_status);
	constant("exit-thrown", (u64)EXIT_THROWN);
	/* the process (core/glue.e) */
	constant("script-argc-cell", (u64)&VM->script_argc);
	constant("script-argv-cell", (u64)&VM->script_argv);
	constant("envp-cell", (u64)&VM->envp);
	constant("e-code-cell", (u64)&VM->e_code);
	constant("e-count-cell", (u64)&VM->n_e);
	constant("e-taken-cell", (u64)&VM->next_e);
	constant("script-cell", (u64)&VM->script);
	constant("interactive-cell", (u64)&VM->interactive);
	constant("profile-option-cell", (u64)&VM->profile_option);
	/* the optimizer's table, for the fusable code words of core/prims.e */
	constant("prim-table", (u64)VMF->prims);
	constant("prim-count-cell", (u64)&VMF->n_prims);
	constant("max-prims", MAX_PRIMS);
	constant("prim-info-size", sizeof(struct prim_info));
	constant("prim-info-len", offsetof(struct prim_info, len));
	constant("prim-info-compare", offsetof(struct prim_info, compare));
	constant("prim-info-rstack", offsetof(struct prim_info, rstack));
	constant("prim-info-rsi-in-rbx", offsetof(struct prim_info, rsi_in_rbx));
	constant("rstack-frame", RS_FRAME);
	/* words and order (core/glue.e) */
	constant("wordlist-count-cell", (u64)&VM->n_wordlists);
	constant("wordlist-names", VM->wordlist_names);
	constant("entry-length-field", offsetof(struct entry, len));
	constant("entry-wordlist-field", offsetof(struct entry, wordlist));
	constant("hidden-flag", F_HIDDEN);
	/* unfuse (core/glue.e), lib/barriers.e */
	constant("log-base", LOG_BASE);
	constant("code-base", CODE_BASE);
	constant("code-here-cell", (u64)&VM->code_here);
	/* standard mode: the cell that is nonzero in it, and the wordlist of
	 * the standard meanings (standard.c) */
	constant("standard-cell", (u64)&VM->standard);
	constant("standard-wid-cell", (u64)&VM->std_wid);
}

/* ---- the reference's rows (incant --list-prims) ----
 * One row per documented declaration, as docs/words.md writes it:
 * | `name` | effect | meaning |, a bar inside escaped, the flags as the
 * reference marks them.  Neighbours declared alike share a row. */

static void list_cell(const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			out_byte('\\');
		out_byte((u8)*s);
	}
}

static void list_row(const char *const *names, int n, const struct word_decl *d)
{
	out_str("|");
	for (int i = 0; i < n; i++) {
		out_str(" `");
		out_str(names[i]);
		out_str("`");
	}
	out_str(" | ");
	list_cell(d->effect);
	out_str(" | ");
	bool imm = d->flags & F_IMMEDIATE, co = d->flags & F_COMPILE_ONLY;
	if (imm || co)
		out_str(imm && co ? "*imm c/o*: " : imm ? "*imm*: " : "*c/o*: ");
	list_cell(d->doc);
	out_str(" |\n");
}

static bool declared_alike(const struct word_decl *a, const struct word_decl *b)
{
	return a->flags == b->flags && str_eq(a->effect, b->effect) &&
	       str_eq(a->doc, b->doc);
}

static void list_decls(const struct word_decl *d, int n)
{
	const char *names[8];
	const struct word_decl *row = 0; /* the row being gathered */
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (d[i].flags & (D_INTERNAL | F_HIDDEN))
			continue;
		if (row && (k == 8 || !declared_alike(&d[i], row))) {
			list_row(names, k, row);
			k = 0;
		}
		row = &d[i];
		names[k++] = d[i].name;
	}
	if (k)
		list_row(names, k, row);
}

void prims_list(void)
{
	list_decls(prim_decls, (int)N_PRIM_DECLS);
	struct word_decl h[N_HELPERS];
	for (int i = 0; i < n_helpers; i++)
		h[i] = (struct word_decl){ helpers[i].name, helpers[i].flags,
					   helpers[i].effect, helpers[i].doc };
	list_decls(h, n_helpers);
}
