/* error.c - what went wrong, where, and who called whom.
 *
 * `throw` records an error before unwinding: the code, the position of the
 * word being interpreted (file:line:col), a detail the raiser gave, and the
 * callers on the control stack between the throw and the innermost catch.
 * The top level prints that record; by then the stacks are unwound.
 * Each return point names its line through the line table (lines.c). */
#include <stdarg.h>
#include "error.h"
#include "log.h"
#include "io.h"
#include "text.h"
#include "optimize.h"
#include "snapshot.h"
#include "edit.h"
#include "lines.h"

/* ---- messages ---- */

static const char *message(i64 code)
{
	switch (code) {
	case -1: return "aborted";
	case -2: return "failed";
	case -3: return "value stack overflow";
	case -4: return "value stack underflow";
	case -5: return "control stack overflow";
	case -6: return "control stack underflow";
	case -8: return "the log is full";
	case -9: return "invalid memory address";
	case -10: return "division by zero";
	case -11: return "result out of range";
	case -13: return "undefined word";
	case -14: return "interpreting a compile-only word";
	case -16: return "missing name";
	case -17: return "pictured numeric output string overflow";
	case -18: return "line too long";
	case -19: return "definition name too long";
	case -22: return "control structure mismatch";
	case -24: return "invalid numeric argument";
	case -28: return "interrupted";
	case -32: return "invalid name argument";
	case -256: return "illegal instruction";
	case -258: return "breakpoint";
	case -37: return "file I/O exception";
	case -38: return "cannot open file";
	case -39: return "unexpected end of file";
	case -49: return "search-order overflow";
	case -50: return "search-order underflow";
	case -56: return "quit";
	case -78: return "substitute";
	case -79: return "replaces";
	default: return 0;
	}
}

static char detail[512];
static bool detail_set;

void error_raise(i64 code, const char *fmt, ...)
{
	if (VM->pending)
		return; /* an interrupt that came first is thrown first */
	va_list ap;
	va_start(ap, fmt);
	str_vfmt(detail, sizeof detail, fmt, ap);
	va_end(ap);
	detail_set = true;
	VM->pending = (u64)code;
}

#define MAX_FRAMES 24

/* What a backtrace frame holds, which says how print_frame names it. */
enum frame_kind {
	FRAME_RETURN,   /* a return point on the control stack: its caller */
	FRAME_RUNNING,  /* the xt of the word running at a fault */
	FRAME_THREADED, /* an rsi in a colon body: the definition running it */
	FRAME_INLINED,  /* the xt of a definition inlined where it ran */
};

struct frame {
	u64 addr;
	enum frame_kind kind;
};

/* A backtrace: frames innermost first, runs of one frame folded into a
 * count. */
struct trace {
	struct frame frames[MAX_FRAMES];
	u64 repeats[MAX_FRAMES]; /* the same frame again, directly above */
	int n_frames;
	u64 more;     /* callers past MAX_FRAMES, counted only */
};

#define CHAIN_LINE 300 /* a line of the chain: a source name is cut to fit */
#define CHAIN_CAP 600  /* all of them */

static struct {
	i64 code;
	bool valid;
	bool sticky;  /* a fault recorded it: the throw that follows keeps it */
	char where[600];
	char chain[CHAIN_CAP];
	char detail[512];
	struct trace trace;
} last;



static void format_where(char *out, u64 cap)
{
	struct source *s = text_current();
	out[0] = 0;
	if (s)
		str_fmt(out, cap, "%s:%u:%u", s->name,
			(u64)(s->tok_line ? s->tok_line : s->line),
			(u64)(s->tok_col ? s->tok_col : 1));
}

/* "  included from main.e:3" for the source at depth d (from the one
 * around it), into line. */
static void chain_line(char *line, u64 cap, int d)
{
	struct source *inner = text_at(d), *outer = text_at(d - 1);
	str_fmt(line, cap, "  %s from %s:%u\n",
		inner->kind == SRC_STRING ? "evaluated" : "included",
		outer->name, (u64)(outer->tok_line ? outer->tok_line : outer->line));
}

/* "  included from main.e:3" for each source around the current one, out
 * to the outermost, the user's own, which is always there.  A line the
 * same as the one before (recursion through evaluate) is counted, not
 * repeated; lines that would leave no room for the outermost are
 * counted too. */
static void format_chain(char *out, u64 cap)
{
	static const char same_fmt[] = "  ... the same %u more times\n";
	const u64 count_line = sizeof same_fmt + 8; /* a count's line, at most */
	char line[CHAIN_LINE], prev[CHAIN_LINE], outermost[CHAIN_LINE];
	u64 n = 0, same = 0, skipped = 0;
	int depth = text_depth();
	out[0] = prev[0] = 0;
	if (depth < 2)
		return;
	chain_line(outermost, sizeof outermost, 1);
	/* kept for the last count of repeats, the count skipped, the outermost */
	const u64 keep = 2 * count_line + str_len(outermost);
	for (int d = depth - 1; d >= 2; d--) {
		chain_line(line, sizeof line, d);
		if (!skipped && str_eq(line, prev)) {
			same++;
			continue;
		}
		if (skipped || n + (same ? count_line : 0) + str_len(line) + keep >= cap) {
			skipped++;
			continue;
		}
		if (same)
			str_fmt(out + n, cap - n, same_fmt, same);
		n += str_len(out + n);
		same = 0;
		str_fmt(out + n, cap - n, "%s", line);
		n += str_len(out + n);
		memcpy(prev, line, sizeof line);
	}
	if (same)
		str_fmt(out + n, cap - n, same_fmt, same);
	n += str_len(out + n);
	if (skipped)
		str_fmt(out + n, cap - n, "  ... and %u more\n", skipped);
	n += str_len(out + n);
	str_fmt(out + n, cap - n, "%s", outermost);
}

/* A warning about the word being interpreted, to stderr at once. */
void error_warn(const char *fmt, ...)
{
	char where[600], text[512];
	va_list ap;
	va_start(ap, fmt);
	str_vfmt(text, sizeof text, fmt, ap);
	va_end(ap);
	format_where(where, sizeof where);
	err_fmt("%s: warning: %s\n", where[0] ? where : "incant", text);
}

/* The colon definition whose body holds addr, if any. */
static struct entry *colon_word_at(u64 addr)
{
	struct entry *e = log_entry_containing(addr);
	if (!e)
		return 0;
	u64 xt = log_entry_xt(e);
	return *(u64 *)xt == VMF->docol && addr >= xt + 8 ? e : 0;
}

/* A cell on the control stack is a return point when it lies in the body
 * of a colon definition just after a cell that holds an execution token. */
static struct entry *return_point_word(u64 r)
{
	if (r & 7)
		return 0;
	struct entry *e = colon_word_at(r - 8);
	if (!e)
		return 0; /* r - 8 may not be mapped at all: do not read it */
	u64 x = *(u64 *)(r - 8);
	return log_entry_of_xt(x) || optimize_is_super(x) ? e : 0;
}

static bool quiet_word(struct entry *e)
{
	return e->flags & F_QUIET;
}

static void add_frame_to(struct trace *t, u64 addr, enum frame_kind kind)
{
	struct frame *top = t->n_frames ? &t->frames[t->n_frames - 1] : 0;
	if (top && top->addr == addr && top->kind == kind) {
		t->repeats[t->n_frames - 1]++;
	} else if (t->n_frames < MAX_FRAMES) {
		t->repeats[t->n_frames] = 0;
		t->frames[t->n_frames++] = (struct frame){ addr, kind };
	} else {
		t->more++;
	}
}

/* The top of the control stack region (or emergency stack) that holds
 * rbp; 0 if rbp is on none, or on a level's region not mapped yet (rp!
 * can point there). */
static u64 stack_top_of(u64 rbp)
{
	i64 level = cstack_level(rbp);
	if (level > 0 && !VM->level_mapped[level])
		return 0;
	if (level >= 0) {
		u64 top = cstack_top((u64)level);
		return rbp >= top - CSTACK_SIZE && rbp <= top ? top : 0;
	}
	if (rbp >= ESTACK_BASE + GUARD_SIZE && rbp <= ESTACK_TOP)
		return ESTACK_TOP;
	return 0;
}

/* Where the text interpreter level whose region holds rbp came from: the
 * rbp it switched away from (vm.h), or 0 at the outermost. */
static u64 outer_level_rbp(u64 rbp)
{
	i64 level = cstack_level(rbp);
	if (level < 1 || (u64)level > VM->level)
		return 0;
	return VM->level_rbp[level];
}

/* The code word running at a fault: the one rip is in, or the primitive
 * a superinstruction copied there, or, when rip is in C or in an
 * interpreter routine, the xt the threaded code last loaded. */
static struct entry *running_word(u64 rip, u64 rsi, struct entry **via)
{
	*via = 0;
	if (rip >= CODE_BASE && rip < CODE_BASE + CODE_SIZE) {
		u64 v;
		struct entry *e = log_entry_of_xt(optimize_prim_at(rip, &v));
		*via = v ? log_entry_of_xt(v) : 0;
		return e;
	}
	struct entry *e = log_entry_containing(rip);
	if (e && *(u64 *)log_entry_xt(e) != VMF->docol)
		return e; /* rip in a colon body would be data, not code */
	bool in_log = rsi >= LOG_BASE + 8 && rsi < VM->here && !(rsi & 7);
	return in_log ? log_entry_of_xt(*(u64 *)(rsi - 8)) : 0;
}

/* What an interrupted context was running: the word (a primitive, or the
 * piece of a superinstruction, with the definition inlined there), then
 * the colon definition whose body rsi is in. */
static void add_running(struct trace *t, u64 rip, u64 rsi)
{
	bool in_log = rsi >= LOG_BASE + 8 && rsi < VM->here && !(rsi & 7);
	struct entry *via;
	struct entry *running = running_word(rip, rsi, &via);
	if (running && !quiet_word(running))
		add_frame_to(t, log_entry_xt(running), FRAME_RUNNING);
	if (via) /* a definition inlined into the one running */
		add_frame_to(t, log_entry_xt(via), FRAME_INLINED);
	struct entry *holder = in_log ? colon_word_at(rsi - 8) : 0;
	if (holder && !quiet_word(holder))
		add_frame_to(t, rsi, FRAME_THREADED);
}

/* A control stack run over: its callers start at the guard. */
static u64 clamp_to_floor(u64 rbp)
{
	i64 level = cstack_level(rbp);
	u64 floor = level >= 0 ? cstack_top((u64)level) - CSTACK_SIZE : 0;
	return level >= 0 && rbp < floor && rbp >= floor - GUARD_SIZE ? floor : rbp;
}

/* The interrupted registers in a ucontext (sys.h) */
#define UC_REG(r) (offsetof(struct k_ucontext, uc_mcontext.r))

static bool in_c_text(u64 rip)
{
	return rip >= VMF->c_text_start && rip < VMF->c_text_end;
}

/* The signal frame of a ucontext, innermost first; 0 if none. */
static const struct sig_frame *frame_of(u64 uc)
{
	u64 depth = VM->sig_depth < MAX_SIG_DEPTH ? VM->sig_depth : MAX_SIG_DEPTH;
	for (u64 i = depth; i > 0; i--)
		if (VM->sig_frames[i - 1].uc == uc)
			return &VM->sig_frames[i - 1];
	return 0;
}

static const struct prim_info *prim_info_of(u64 xt)
{
	for (u64 i = 0; i < VMF->n_prims; i++)
		if (VMF->prims[i].xt == xt)
			return &VMF->prims[i];
	return 0;
}

/* Is rsi a place in threaded code: just after a cell holding a word? */
static bool threaded(u64 rsi)
{
	return rsi >= LOG_BASE + 8 && rsi < VM->here && !(rsi & 7) &&
	       colon_word_at(rsi - 8) &&
	       (log_is_xt(*(u64 *)(rsi - 8)) || optimize_is_super(*(u64 *)(rsi - 8)));
}

/* What an interrupted context was running, as Forth sees it.  In C, rip
 * and rsi are C's: the primitive that called C (noted in the signal frame
 * at entry) and the rsi the boundary saved.  A primitive that needs rsi
 * for something else (the system calls, move) keeps it in rbx meanwhile. */
u64 error_context_rip(u64 uc)
{
	u64 rip = *(u64 *)(uc + UC_REG(rip));
	if (!in_c_text(rip))
		return rip;
	const struct sig_frame *fr = frame_of(uc);
	u64 caller = fr ? fr->c_caller : VM->c_caller;
	return log_is_xt(caller) ? *(u64 *)caller : rip;
}

u64 error_context_rsi(u64 uc)
{
	u64 rip = *(u64 *)(uc + UC_REG(rip)), rsi = *(u64 *)(uc + UC_REG(rsi));
	if (in_c_text(rip)) {
		const struct sig_frame *fr = frame_of(uc);
		return fr ? fr->c_rsi : VM->save_rsi;
	}
	struct entry *via;
	struct entry *e = running_word(rip, rsi, &via);
	const struct prim_info *p = e ? prim_info_of(log_entry_xt(e)) : 0;
	if (p && p->rsi_in_rbx && !threaded(rsi))
		return *(u64 *)(uc + UC_REG(rbx));
	return rsi;
}

/* A signal handler's words run below the rbp its frame noted; past that
 * point comes what it interrupted: add that, and go on from its rbp. */
static u64 add_interrupted(struct trace *t, const struct sig_frame *fr)
{
	add_running(t, error_context_rip(fr->uc), error_context_rsi(fr->uc));
	return clamp_to_floor(*(u64 *)(fr->uc + UC_REG(rbp)));
}

/* Add the callers from rbp up to limit (a catch frame), following the
 * interpreter levels outward and, through the signal frames, into what
 * each handler interrupted; to the outermost top when limit is not found
 * on the way.  A frame whose rbp is where the walk starts is the caller's
 * own, as is the innermost one when `own` says so (a fault report names
 * what its handler interrupted itself). */
static void trace_callers(struct trace *t, u64 rbp, u64 limit, bool own)
{
	u64 depth = VM->sig_depth < MAX_SIG_DEPTH ? VM->sig_depth : MAX_SIG_DEPTH;
	i64 f = (i64)depth - 1 - (own && depth ? 1 : 0);
	while (f >= 0 && VM->sig_frames[f].rbp == rbp)
		f--;
	for (int hops = 0; rbp && hops <= CSTACK_LEVELS + MAX_SIG_DEPTH; hops++) {
		u64 top = stack_top_of(rbp);
		if (!top)
			return;
		bool stop = limit > rbp && limit <= top;
		u64 end = stop ? limit : top;
		const struct sig_frame *fr = f >= 0 ? &VM->sig_frames[f] : 0;
		bool into_frame = fr && fr->rbp >= rbp && fr->rbp <= end &&
				  !(stop && limit <= fr->rbp);
		if (into_frame) {
			end = fr->rbp;
			stop = false;
		}
		for (u64 p = rbp; p < end; p += 8) {
			u64 r = *(u64 *)p;
			struct entry *e = return_point_word(r);
			if (e && !quiet_word(e))
				add_frame_to(t, r, FRAME_RETURN);
		}
		if (stop)
			return;
		if (into_frame) {
			rbp = add_interrupted(t, fr);
			f--;
			continue;
		}
		rbp = outer_level_rbp(rbp);
	}
}

static void add_callers(u64 rbp, u64 limit, bool own)
{
	trace_callers(&last.trace, rbp, limit, own);
}

void error_record(i64 code)
{
	out_unwind(VM->handler); /* a handler's throw may cut output short */
	snapshot_load_deferred();
	if (last.sticky && last.code == code) {
		last.sticky = false;
		return;
	}
	last.sticky = false;
	last.code = code;
	last.valid = true;
	format_where(last.where, sizeof last.where);
	format_chain(last.chain, sizeof last.chain);
	if (detail_set)
		str_fmt(last.detail, sizeof last.detail, "%s", detail);
	else
		last.detail[0] = 0;
	detail_set = false;
	last.trace = (struct trace){ .n_frames = 0 };
	/* thrown by a primitive (division by zero, a negative count): name
	 * it, as a fault names the one it hit, and the definition it was
	 * inlined from when a superinstruction holds it */
	if (VM->throw_site) {
		struct entry *via;
		struct entry *prim = running_word(VM->throw_site, 0, &via);
		if (prim && !quiet_word(prim))
			add_frame_to(&last.trace, log_entry_xt(prim), FRAME_RUNNING);
		if (via)
			add_frame_to(&last.trace, log_entry_xt(via), FRAME_INLINED);
	}
	VM->throw_site = 0;
	add_callers(VM->save_rbp, VM->handler ? VM->handler : CSTACK_TOP, false);
}

/* A fault: the running primitive (the xt at [rsi-8]), the colon
 * definition holding that cell, then the callers from the interrupted
 * rbp; kept for the throw the fault handler arranges. */
void error_record_fault(i64 code, const char *detail_text, u64 rip, u64 rsi,
			u64 rbp)
{
	snapshot_load_deferred();
	last.code = code;
	last.valid = true;
	last.sticky = true;
	format_where(last.where, sizeof last.where);
	format_chain(last.chain, sizeof last.chain);
	str_fmt(last.detail, sizeof last.detail, "%s", detail_text);
	detail_set = false;
	last.trace = (struct trace){ .n_frames = 0 };
	add_running(&last.trace, rip, rsi);
	add_callers(clamp_to_floor(rbp), VM->handler ? VM->handler : CSTACK_TOP, true);
}

static void print_frame(struct frame f)
{
	u64 r = f.addr;
	if (f.kind == FRAME_INLINED) { /* where it was defined */
		struct entry *d = log_entry_of_xt(r);
		if (d && d->line && d->file)
			err_fmt("  in %s (%s:%u)\n", d->name, d->file, (u64)d->line);
		else if (d)
			err_fmt("  in %s\n", d->name);
		return;
	}
	if (f.kind == FRAME_RUNNING) { /* see error_record_fault */
		struct entry *p = log_entry_of_xt(r);
		err_fmt("  in %s\n", p ? p->name : "?");
		return;
	}
	/* a return point, or rsi: the call just before it, and its line */
	struct entry *e = f.kind == FRAME_THREADED ? colon_word_at(r - 8)
						   : return_point_word(r);
	u32 line = lines_find(r - 8);
	if (line && e->file)
		err_fmt("  in %s (%s:%u)\n", e->name, e->file, (u64)line);
	else
		err_fmt("  in %s\n", e->name);
}

/* For an error thrown where no throw recorded it (start-up). */
void error_record_once(i64 code)
{
	if (!last.valid || last.code != code)
		error_record(code);
}

static void trace_print(const struct trace *t)
{
	for (int i = 0; i < t->n_frames; i++) {
		print_frame(t->frames[i]);
		if (t->repeats[i])
			err_fmt("  ... the same %u more times\n", t->repeats[i]);
	}
	if (t->more)
		err_fmt("  ... and %u more\n", t->more);
}

void error_report(i64 code)
{
	edit_restore(); /* an error while a line is read: cooked mode first */
	VM->reporting = 1; /* lib/faults.e reads it: a fault now must not loop */
	const char *m = message(code);
	char generic[32] = "error";
	if (!m)
		m = generic;
	bool mine = last.valid && last.code == code;
	const char *d = mine && last.detail[0] ? last.detail : 0;
	if (mine && last.where[0])
		err_fmt("%s: ", last.where);
	else
		err_fmt("incant: ");
	if (code == -2 && d)
		err_fmt("error: %s\n", d);
	else if (d)
		err_fmt("error %d: %s: %s\n", code, m, d);
	else
		err_fmt("error %d: %s\n", code, m);
	if (mine) {
		err_fmt("%s", last.chain);
		trace_print(&last.trace);
	}
	last.valid = false;
	last.sticky = false;
	VM->reporting = 0;
}

/* The word running at a fault and the colon definition running it. */
void error_print_running(u64 rip, u64 rsi)
{
	snapshot_load_deferred();
	struct entry *via;
	struct entry *prim = running_word(rip, rsi, &via);
	if (prim)
		err_fmt("  in %s\n", prim->name);
	if (via)
		print_frame((struct frame){ log_entry_xt(via), FRAME_INLINED });
	if (rsi >= LOG_BASE + 8 && rsi < VM->here && !(rsi & 7) &&
	    colon_word_at(rsi - 8))
		print_frame((struct frame){ rsi, FRAME_THREADED });
}

void error_list_callers(u64 rbp, u64 limit)
{
	snapshot_load_deferred();
	static struct trace t;
	t = (struct trace){ .n_frames = 0 };
	trace_callers(&t, rbp, limit, false);
	trace_print(&t);
}
