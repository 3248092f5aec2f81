/* helpers.c - the C helpers behind primitives (DESIGN §5).
 *
 * Each takes the value stack pointer (sp[0] is the top) and returns the new
 * one.  They are leaves: they never run Forth code.  To throw, a helper
 * calls error_raise() and returns; its primitive then throws. */
#include "prims.h"
#include "log.h"
#include "io.h"
#include "text.h"
#include "docs.h"
#include "error.h"
#include "optimize.h"
#include "wordlist.h"
#include "perfmap.h"
#include "edit.h"
#include "profile.h"
#include "standard.h"

#define POP() ((i64)*sp++)
#define PUSH(x) (*--sp = (u64)(x))
#define TRUE ((u64)-1)

/* What is compiled from here on comes from the current source line. */
static void note_line(void)
{
	lines_note(VM->here, text_compile_line());
}

static void compile_cell(u64 x)
{
	if (!log_room(8)) {
		error_raise(-8, "");
		return;
	}
	log_comma(x);
}

/* A file must finish the definitions it starts: at its end, a `:` still
 * open (compiling, or between [ and ]) is an error, which also keeps the
 * rest of an including file from being compiled into it. */
static bool definition_left_open(void)
{
	struct source *s = text_current();
	if (!VM->colon_sp || !s || s->kind != SRC_FILE ||
	    VM->colon_depth != (u64)text_depth())
		return false;
	text_raise_open_definition();
	return true;
}

/* (token) ( -- 0 | 1 | xt -1 ): the text interpreter's step, see
 * build_interpret() in prims.c. */
static u64 *h_token(u64 *sp)
{
	const char *w;
	u64 len;
	if (!VM->colon_sp)
		VM->building = 0; /* the word before has done its work */
	if (!text_parse_word(&w, &len)) {
		if (definition_left_open())
			return sp;
		PUSH(0);
		return sp;
	}
	char name[256];
	u64 n = len < 255 ? len : 255;
	memcpy(name, w, n);
	name[n] = 0;
	struct entry *e = log_find(w, len);
	if (e) {
		u64 xt = log_entry_xt(e);
		if (!VM->state && (e->flags & F_COMPILE_ONLY)) {
			error_raise(-14, "%s", name);
			return sp;
		}
		if (VM->state && !(e->flags & F_IMMEDIATE)) {
			note_line();
			compile_cell(xt);
			PUSH(1);
		} else {
			PUSH(xt);
			PUSH(TRUE);
		}
		return sp;
	}
	u64 v[2];
	int cells = text_number(w, len, v);
	if (!cells) {
		error_raise(-13, "%s", name);
		return sp;
	}
	for (int i = 0; i < cells; i++) { /* a double: low cell, then high */
		if (VM->state) {
			note_line();
			compile_cell(VMF->xt_lit);
			compile_cell(v[i]);
		} else {
			PUSH(v[i]);
		}
	}
	PUSH(1);
	return sp;
}

#define N_NAMES 4
static char names[N_NAMES][256];
static int next_name;

/* parse-name ( -- str ): the next word as a transient NUL-terminated copy
 * (one of four buffers in turn); "" at the end of the source. */
static u64 *h_parse_name(u64 *sp)
{
	const char *w;
	u64 len;
	char *buf = names[next_name];
	next_name = (next_name + 1) % N_NAMES;
	buf[0] = 0;
	if (text_parse_word(&w, &len)) {
		if (len > 255) {
			error_raise(-19, "names are at most 255 bytes");
			return sp;
		}
		memcpy(buf, w, len);
		buf[len] = 0;
	}
	PUSH(buf);
	return sp;
}

/* parse-on-line ( -- str ): like parse-name, but only a word on the rest
 * of the current line ("" when the line has no more): for words with an
 * optional argument, `words` or `words sig` */
static u64 *h_parse_on_line(u64 *sp)
{
	if (!text_word_on_line()) {
		names[next_name][0] = 0;
		PUSH(names[next_name]);
		next_name = (next_name + 1) % N_NAMES;
		return sp;
	}
	return h_parse_name(sp);
}

/* parse ( c -- addr len ): text up to the delimiter c, or the end */
static u64 *h_parse(u64 *sp)
{
	const char *start;
	u64 len;
	bool found;
	text_parse_until((char)sp[0], &start, &len, &found);
	sp[0] = (u64)start;
	PUSH(len);
	return sp;
}

/* parse-closed ( c -- addr len ): the same, but the delimiter must come */
static u64 *h_parse_closed(u64 *sp)
{
	const char *start;
	u64 len;
	bool found;
	char c[2] = { (char)sp[0], 0 };
	text_parse_until(c[0], &start, &len, &found);
	if (!found)
		error_raise(-2, "missing closing %s", c);
	sp[0] = (u64)start;
	PUSH(len);
	return sp;
}

static u64 *h_skip_line(u64 *sp)
{
	text_skip_line();
	return sp;
}

static u64 *h_find(u64 *sp)
{
	const char *s = (const char *)sp[0];
	sp[0] = (u64)log_find(s, str_len(s));
	return sp;
}

/* must-find ( str -- entry ): find, or throw -13 naming the word */
static u64 *h_must_find(u64 *sp)
{
	const char *s = (const char *)sp[0];
	if (!*s) {
		error_raise(-16, "expected a word name");
		return sp;
	}
	struct entry *e = log_find(s, str_len(s));
	if (!e)
		error_raise(-13, "%s", s);
	sp[0] = (u64)e;
	return sp;
}

static u64 *h_entry_xt(u64 *sp)
{
	sp[0] = log_entry_xt((struct entry *)sp[0]);
	return sp;
}

/* execution-token-to-entry ( xt -- entry | 0 ): the entry whose xt it is */
static u64 *h_xt_entry(u64 *sp)
{
	sp[0] = (u64)log_entry_of_xt(sp[0]);
	return sp;
}

static const char *name_copy(const char *name, u64 len)
{
	static char buf[256];
	memcpy(buf, name, len);
	buf[len] = 0;
	return buf;
}

static bool create_named(const char *name, u64 len)
{
	if (!len) {
		error_raise(-16, "expected a name for the new word");
		return false;
	}
	if (len > 255) {
		error_raise(-19, "names are at most 255 bytes");
		return false;
	}
	if (!log_room(len + 64)) {
		error_raise(-8, "");
		return false;
	}
	if (VM->warnings && log_find_in(name, len, VM->current))
		error_warn("redefined %s", name_copy(name, len));
	log_create(name, len, text_last_file(), text_compile_line());
	return true;
}

/* create ( str -- ): a new entry, no codeword */
static u64 *h_create(u64 *sp)
{
	const char *s = (const char *)POP();
	create_named(s, str_len(s));
	return sp;
}

/* The newest entry becomes a colon definition being compiled: hidden
 * until ;, which checks the value stack against sp (control structures
 * left open) and the source depth (a file must end what it starts). */
static void begin_definition(u64 *sp)
{
	((struct entry *)VM->latest)->flags |= F_HIDDEN;
	log_comma(VMF->docol);
	VM->colon_sp = (u64)sp;
	VM->colon_depth = (u64)text_depth();
	note_line();
	VM->state = TRUE;
}

/* : ( "name" -- ): start a colon definition, hidden until ; */
static u64 *h_colon(u64 *sp)
{
	const char *w;
	u64 len;
	if (!text_parse_word(&w, &len))
		len = 0;
	if (!create_named(w, len))
		return sp;
	begin_definition(sp);
	return sp;
}

/* :noname ( -- xt ): a colon definition without a name.  Its entry's
 * name length is 0, so no lookup can find it and ; leaves it hidden,
 * but the name field reads ":noname" for backtraces and profilers. */
static u64 *h_noname(u64 *sp)
{
	if (!log_room(64)) {
		error_raise(-8, "");
		return sp;
	}
	struct entry *e = log_create("", 0, text_last_file(), text_compile_line());
	memcpy(e->name, ":noname", 8); /* the 8 bytes a 0-byte name pads to */
	PUSH(log_entry_xt(e));
	begin_definition(sp);
	return sp;
}

/* ; ( -- ): end a colon definition.  The control-flow words keep their
 * addresses on the value stack while compiling, so a stack that is not as
 * `:` left it means an if without then, a then without if, and so on. */
static u64 *h_semicolon(u64 *sp)
{
	if ((u64)sp != VM->colon_sp) {
		error_raise(-22, "%s is unfinished: a control structure is "
			    "missing its end or its start",
			    ((struct entry *)VM->latest)->name);
		return sp;
	}
	note_line();
	compile_cell(VMF->xt_exit);
	struct entry *e = (struct entry *)VM->latest;
	if (e->len) /* a :noname stays out of sight */
		e->flags &= (u8)~F_HIDDEN;
	VM->state = 0;
	VM->colon_sp = 0; /* no definition open */
	optimize_definition(log_entry_xt(e));
	return sp;
}

/* note-code ( xt -- ): the code word xt is finished, its machine code
 * ends at here: profilers' map gets a line for it (perfmap.c) */
static u64 *h_note_code(u64 *sp)
{
	perfmap_code_word((u64)POP());
	return sp;
}

/* cs-pop ( x tag expected -- x ): a control-flow word takes the item an
 * opening word left; it must be there, above what `:` found, and be of the
 * kind expected, else the structure is mismatched (-22) at the word being
 * compiled, e.g. "then without a matching if".  A definition must be
 * open, not compile mode on: a word that postpones `then` may run
 * between [ and ]. */
static const char *cs_opener(u64 tag, const char *closer)
{
	if (tag == CS_DEST)
		return "begin";
	if (tag == CS_DO)
		return "do";
	if (tag == CS_CASE)
		return "case";
	if (tag == CS_OF)
		return "of";
	return str_eq(closer, "repeat") ? "while" : "if";
}

static u64 *h_cs_pop(u64 *sp)
{
	u64 expected = sp[0];
	bool there = VM->colon_sp && VM->colon_sp >= (u64)(sp + 3);
	if (there && sp[1] == expected)
		return sp + 2;
	char closer[64];
	text_last_word(closer, sizeof closer);
	error_raise(-22, "%s without a matching %s", closer,
		    cs_opener(expected, closer));
	return sp + 1;
}

/* source ( -- addr len ): the input buffer >in counts in (text.c) */
static u64 *h_source(u64 *sp)
{
	const char *addr;
	u64 len;
	text_source(&addr, &len);
	PUSH(addr);
	PUSH(len);
	return sp;
}

/* key ( -- c ): a byte of standard input, -1 at its end */
static u64 *h_key(u64 *sp)
{
	PUSH(text_key());
	return sp;
}

/* key? ( -- flag ): key would not wait */
static u64 *h_key_ready(u64 *sp)
{
	PUSH(text_key_ready() ? TRUE : 0);
	return sp;
}

/* accept ( addr n -- n' ): a line of standard input, at most n bytes */
static u64 *h_accept(u64 *sp)
{
	i64 n = POP();
	sp[0] = text_accept((char *)sp[0], n < 0 ? 0 : (u64)n);
	return sp;
}

/* stdin-buffered ( addr n -- n' ): bytes of standard input read ahead
 * for key and accept (text.c), taken by read-file on it */
static u64 *h_stdin_buffered(u64 *sp)
{
	i64 n = POP();
	sp[0] = text_take_buffered((char *)sp[0], n < 0 ? 0 : (u64)n);
	return sp;
}

static u64 *h_emit(u64 *sp)
{
	out_byte((u8)POP());
	return sp;
}

/* type ( addr len -- ): a negative len would be read as some 2^64 bytes,
 * and print the memory after addr up to the first unmapped page */
static u64 *h_type(u64 *sp)
{
	i64 len = (i64)POP();
	const char *s = (const char *)POP();
	if (len < 0) {
		error_raise(-24, "type %d: a length cannot be negative", len);
		return sp;
	}
	out_bytes(s, (u64)len);
	return sp;
}

static u64 *h_emitstring(u64 *sp)
{
	out_str((const char *)POP());
	return sp;
}

static u64 *h_flush(u64 *sp)
{
	out_flush();
	return sp;
}

/* sys-exit ( status -- ): flush output and exit.  While vm.exit_frame
 * holds a catch frame (lib/profile.e sets it to the one `profile` runs
 * its word in), the exit is thrown to that frame instead, as EXIT_THROWN,
 * past any catch in between, with the status kept in vm.exit_status: the
 * profile is written, and then the process exits with that status. */
static u64 *h_sys_exit(u64 *sp)
{
	if (VM->exit_frame) {
		VM->exit_status = sp[0];
		VM->handler = VM->exit_frame;
		VM->exit_frame = 0;
		VM->pending = (u64)EXIT_THROWN;
		return sp + 1;
	}
	exit_flushed((int)sp[0]);
}

static u64 *h_refill(u64 *sp)
{
	PUSH(text_refill() ? TRUE : 0);
	return sp;
}

static u64 *h_stdin_source(u64 *sp)
{
	text_push_stdin_lines();
	return sp;
}

static void push_file(const char *path, bool once, u64 *loaded)
{
	i64 r = text_push_file(path, once);
	if (r == -EFBIG)
		error_raise(-38, "%s: larger than the %u MiB limit for a source "
			    "file", path, IO_READ_LIMIT >> 20);
	else if (r == TEXT_TOO_DEEP)
		error_raise(-38, "%s: sources nested %u deep (an include loop?)",
			    path, MAX_SOURCES);
	else if (r < 0)
		error_raise(-38, "%s: %s", path, errno_text(r));
	*loaded = r == 0 ? TRUE : 0;
}

/* open-source ( str -- ): make a file the innermost source */
static u64 *h_open_source(u64 *sp)
{
	u64 loaded;
	push_file((const char *)sp[0], false, &loaded);
	sp++;
	return sp;
}

/* open-source-once ( str -- flag ): the same unless it was loaded before */
static u64 *h_open_source_once(u64 *sp)
{
	push_file((const char *)sp[0], true, &sp[0]);
	return sp;
}

static u64 *h_pop_source(u64 *sp)
{
	text_pop();
	return sp;
}

static u64 *h_source_depth(u64 *sp)
{
	PUSH(text_depth());
	return sp;
}

static u64 *h_trim_sources(u64 *sp)
{
	text_trim((int)POP());
	return sp;
}

/* string-source ( addr len name -- ): interpret a string next.  A
 * negative len (evaluate's) would be read as some 2^64 bytes: whatever
 * follows the string interpreted up to the first unmapped page. */
static u64 *h_string_source(u64 *sp)
{
	const char *name = (const char *)POP();
	i64 len = (i64)POP();
	const char *text = (const char *)POP();
	if (len < 0)
		error_raise(-24, "evaluate %d: a length cannot be negative", len);
	else if (!text_push_string(name, text, (u64)len))
		error_raise(-2, "sources nested too deeply");
	return sp;
}

/* Room in the log for a string of len bytes and extra: a length from
 * Forth may be any cell, and a negative one, added to, would wrap round
 * and pass log_room; false (and an error) when there is none. */
static bool string_room(u64 len, u64 extra)
{
	if ((i64)len < 0) {
		error_raise(-24, "a string of %d bytes", (i64)len);
		return false;
	}
	if (!log_room(len + extra)) {
		error_raise(-8, "");
		return false;
	}
	return true;
}

/* >log ( addr len -- str ): a NUL-terminated copy in the log */
static u64 *h_string_to_log(u64 *sp)
{
	u64 len = (u64)POP();
	const char *s = (const char *)sp[0];
	if (!string_room(len, 8))
		return sp;
	char *p = log_allot(align8(len + 1));
	memcpy(p, s, len);
	memset(p + len, 0, align8(len + 1) - len);
	sp[0] = (u64)p;
	return sp;
}

/* compile-string ( addr len -- ): compile (s") and the string inline */
static u64 *h_compile_string(u64 *sp)
{
	u64 len = (u64)POP();
	const char *s = (const char *)POP();
	if (!string_room(len, 24))
		return sp;
	note_line();
	log_comma(VMF->xt_squote);
	log_comma(len);
	char *p = log_allot(align8(len + 1));
	memcpy(p, s, len);
	memset(p + len, 0, align8(len + 1) - len);
	return sp;
}

/* Bytes the log has left for allot and allocate (log_room keeps the
 * last page back). */
static u64 log_left(void)
{
	return LOG_BASE + LOG_SIZE - PAGE - VM->here;
}

/* Where a negative allot must stop: the newest entry's body (below it
 * lies its header, which the next definition would overwrite) and the
 * sealed prelude. */
static u64 allot_floor(const char **what)
{
	u64 floor = PRELUDE_START > VM->sealed_end ? PRELUDE_START : VM->sealed_end;
	*what = "the end of the prelude";
	struct entry *e = (struct entry *)VM->latest;
	if (e && log_entry_xt(e) > floor) {
		floor = log_entry_xt(e);
		*what = "the body of the newest word";
	}
	return floor;
}

/* allot ( n -- ): move here by n; back (n < 0) only as far as the newest
 * word's body. */
static u64 *h_allot(u64 *sp)
{
	i64 n = POP();
	const char *what;
	u64 floor = allot_floor(&what);
	if (n > 0 && !log_room((u64)n))
		error_raise(-8, "allot %d: %u bytes left", n, log_left());
	else if (n < 0 && (u64)-n > VM->here - floor)
		error_raise(-24, "allot %d would take here below 0x%x, %s", n,
			    floor, what);
	else
		__atomic_fetch_add(&VM->here, (u64)n, __ATOMIC_RELAXED);
	return sp;
}

/* allocate ( n -- addr ): n bytes of the log at here */
static u64 *h_allocate(u64 *sp)
{
	i64 n = (i64)sp[0];
	if (n < 0)
		error_raise(-24, "allocate %d: a size cannot be negative", n);
	else if (!log_room((u64)n))
		error_raise(-8, "allocate %d: %u bytes left", n, log_left());
	else
		sp[0] = __atomic_fetch_add(&VM->here, (u64)n, __ATOMIC_RELAXED);
	return sp;
}

/* errno-name ( -errno -- str ): io.c's name for it, the one table of
 * errors C's own messages use too */
static u64 *h_errno_name(u64 *sp)
{
	sp[0] = (u64)errno_name((i64)sp[0]);
	return sp;
}

/* entry-end ( entry -- addr ): where its body ends (log.c) */
static u64 *h_entry_end(u64 *sp)
{
	sp[0] = log_entry_end((const struct entry *)sp[0]);
	return sp;
}

/* data-allot ( n -- addr ): n zeroed bytes for a variable or buffer */
static u64 *h_data_allot(u64 *sp)
{
	i64 n = (i64)sp[0];
	u64 p = n < 0 ? 0 : log_data_allot((u64)n);
	if (n < 0)
		error_raise(-24, "data-allot %d: a size cannot be negative", n);
	else if (!p && (u64)n <= DATA_SIZE &&
		 (VM->data_here ? VM->data_here : DATA_BASE) + align8((u64)n) <= DATA_BASE + DATA_SIZE)
		error_raise(-8, "no address space left to map %d bytes of variables", n);
	else if (!p)
		error_raise(-8, "no room left for variables");
	sp[0] = p;
	return sp;
}

static u64 *h_record_error(u64 *sp)
{
	error_record((i64)sp[0]);
	return sp;
}

static u64 *h_report_error(u64 *sp)
{
	error_report(POP());
	return sp;
}

/* An error nobody catches: only during start-up, or from a script's top
 * level after the prelude decides so. */
static u64 *h_fatal_error(u64 *sp)
{
	error_record_once((i64)sp[0]);
	error_report((i64)sp[0]);
	exit_flushed(1);
}

/* fail ( str -- ): throw -2 with the message str */
static u64 *h_fail(u64 *sp)
{
	error_raise(-2, "%s", (const char *)POP());
	return sp;
}

static u64 *h_list_callers(u64 *sp)
{
	error_list_callers(VM->save_rbp, CSTACK_TOP);
	return sp;
}

/* .callers ( rbp -- ): the control stack from rbp up, as a backtrace */
static u64 *h_print_callers(u64 *sp)
{
	error_list_callers((u64)POP(), CSTACK_TOP);
	return sp;
}

/* .running ( rip rsi -- ): the word an interrupted rip and rsi were
 * running, and the colon definition running it */
static u64 *h_print_running(u64 *sp)
{
	u64 rsi = (u64)POP();
	error_print_running((u64)POP(), rsi);
	return sp;
}

/* interrupted-rip ( ucontext -- rip ), interrupted-rsi ( ucontext -- rsi ):
 * what Forth was running when a signal came (error.c) */
static u64 *h_context_rip(u64 *sp)
{
	sp[0] = error_context_rip(sp[0]);
	return sp;
}

static u64 *h_context_rsi(u64 *sp)
{
	sp[0] = error_context_rsi(sp[0]);
	return sp;
}

/* super-piece ( rip -- prim via | 0 0 ): in a superinstruction, the
 * primitive copied where rip is and the definition it was inlined from
 * (or 0); 0 0 elsewhere */
static u64 *h_super_piece(u64 *sp)
{
	u64 via;
	sp[0] = profile_super_piece(sp[0], &via);
	PUSH(via);
	return sp;
}

/* code-word-at ( rip -- xt | 0 ): the primitive or code word whose
 * machine code holds rip */
static u64 *h_code_word_at(u64 *sp)
{
	sp[0] = profile_code_word_at(sp[0]);
	return sp;
}

/* caller-word ( r -- xt | 0 ): the colon definition a return point r
 * lies in, as backtraces name it (0 for a quiet one, or no return point) */
static u64 *h_caller_word(u64 *sp)
{
	sp[0] = profile_caller_word(sp[0]);
	return sp;
}

/* body-word ( rsi -- xt | 0 ): the colon definition an interrupted rsi
 * points into, even between cells (a branch target, an inline string) */
static u64 *h_body_word(u64 *sp)
{
	sp[0] = profile_body_word(sp[0]);
	return sp;
}

/* record-fault ( code name addr rip rsi rbp -- ): error_record_fault */
static u64 *h_record_fault(u64 *sp)
{
	u64 rbp = (u64)POP(), rsi = (u64)POP(), rip = (u64)POP();
	u64 addr = (u64)POP();
	const char *name = (const char *)POP();
	i64 code = POP();
	char text[96];
	if (code <= -3 && code >= -6) /* a stack run over or under: the */
		text[0] = 0;          /* code says it all */
	else if (code == -28 && addr) /* a signal another process sent */
		str_fmt(text, sizeof text, "%s sent by pid %u", name, addr);
	else if (code == -28) /* an interrupt from the terminal */
		str_fmt(text, sizeof text, "%s", name);
	else if (code == -9 && addr >= VM_END && addr < VM->sealed_end)
		/* readable and sealed: only a store faults there */
		str_fmt(text, sizeof text, "%s at 0x%x: a store into the "
			"prelude, which is read-only", name, addr);
	else
		str_fmt(text, sizeof text, "%s at 0x%x", name, addr);
	error_record_fault(code, text, rip, rsi, rbp);
	return sp;
}

static u64 *h_to_error(u64 *sp)
{
	out_select(2);
	return sp;
}

static u64 *h_to_output(u64 *sp)
{
	out_select(1);
	return sp;
}

/* >fd ( fd -- ): send printing to the file descriptor fd (what was
 * printed before is flushed where it was going); >output comes back */
static u64 *h_to_fd(u64 *sp)
{
	i64 fd = POP();
	if (fd < 0 || fd > 0x7fffffff) /* the kernel's fds are ints */
		error_raise(-24, ">fd %d: not a file descriptor", fd);
	else
		out_select((int)fd);
	return sp;
}

/* line-editing? ( -- flag ): the REPL reads lines with the line editor */
static u64 *h_line_editing(u64 *sp)
{
	PUSH(edit_wanted() ? TRUE : 0);
	return sp;
}

/* word-reference ( -- addr len ): docs/words.md as embedded (docs.c) */
static u64 *h_word_reference(u64 *sp)
{
	u64 len;
	PUSH(docs_words(&len));
	PUSH(len);
	return sp;
}

/* The C helpers' declarations (prims.h: struct word_decl's fields, and
 * the function); each becomes a primitive that calls its function. */
const struct helper helpers[] IN_RODATA("helpers") = {
	{ "(token)", h_token, F_QUIET | D_INTERNAL,
	  DOCS("( -- 0 | 1 | xt -1 )", "the text interpreter's step: 0 at the end, 1 for what it handled, xt -1 to execute") },
	{ "parse-name", h_parse_name, 0,
	  DOCS("( -- str )", "the next word, a transient copy; \"\" at the end") },
	{ "parse", h_parse, 0,
	  DOCS("( c -- addr len )", "text up to the character c, or the end") },
	{ "parse-closed", h_parse_closed, 0,
	  DOCS("( c -- addr len )", "text up to the character c; error -2 if it never comes") },
	{ "~", h_skip_line, F_IMMEDIATE,
	  DOCS("( -- )", "comment to the end of the line") },
	{ "find", h_find, 0,
	  DOCS("( str -- entry | 0 )", "look up a name, skipping hidden entries") },
	{ "must-find", h_must_find, 0,
	  DOCS("( str -- entry )", "the same, or error -13") },
	{ "entry-to-execution-token", h_entry_xt, 0,
	  DOCS("( entry -- xt )", "the entry's execution token") },
	{ "execution-token-to-entry", h_xt_entry, 0,
	  DOCS("( xt -- entry | 0 )", "the entry whose execution token xt is") },
	{ "create", h_create, 0,
	  DOCS("( str -- )", "a new entry named str, linked as `latest`, with no codeword") },
	{ ":", h_colon, 0,
	  DOCS("( \"name\" -- )", "start a colon definition, hidden until `;`; a file that ends before `;` is error -39") },
	{ ";", h_semicolon, F_IMMEDIATE | F_COMPILE_ONLY,
	  DOCS("( -- )", "end the colon definition; a control structure left open is error -22") },
	{ ":noname", h_noname, 0,
	  DOCS("( -- xt )", "start a definition without a name; `;` ends it and it stays out of `words` and `find`; backtraces call it `:noname`") },
	{ "cs-pop", h_cs_pop, D_INTERNAL,
	  DOCS("( x tag expected -- x )", "take the control-flow item an opening word left, or error -22") },
	{ "note-code", h_note_code, 0,
	  DOCS("( xt -- )", "the code word xt is finished, its machine code ends at `here`: with `--perf-map` the profilers' map gets its line (`;asm`, `end-code` and the signal trampolines call it; call it yourself for code made by hand)") },
	{ "emit", h_emit, 0,
	  DOCS("( c -- )", "print a byte") },
	{ "type", h_type, 0,
	  DOCS("( addr len -- )", "print len bytes; a negative len throws -24") },
	{ "emitstring", h_emitstring, 0,
	  DOCS("( str -- )", "print a string") },
	{ "flush-output", h_flush, 0,
	  DOCS("( -- )", "write buffered output now") },
	{ "sys-exit", h_sys_exit, 0,
	  DOCS("( status -- )", "flush output and exit; while `exit-frame` holds a catch frame, throw `exit-thrown` to it instead (what `profile` does)") },
	{ "refill", h_refill, 0,
	  DOCS("( -- flag )", "the next line of the input source (a file's, or a line of standard input); false at the end, and for a string") },
	{ "stdin-source", h_stdin_source, D_INTERNAL,
	  DOCS("( -- )", "make standard input, line by line, the innermost source") },
	{ "open-source", h_open_source, D_INTERNAL,
	  DOCS("( str -- )", "make a file the innermost source") },
	{ "open-source-once", h_open_source_once, D_INTERNAL,
	  DOCS("( str -- flag )", "the same unless it was loaded before") },
	{ "pop-source", h_pop_source, D_INTERNAL,
	  DOCS("( -- )", "close the innermost source") },
	{ "source-depth", h_source_depth, D_INTERNAL,
	  DOCS("( -- n )", "sources open, one inside another") },
	{ "trim-sources", h_trim_sources, D_INTERNAL,
	  DOCS("( n -- )", "close sources down to n") },
	{ "string-source", h_string_source, D_INTERNAL,
	  DOCS("( addr len name -- )", "make a string the innermost source") },
	{ ">log", h_string_to_log, D_INTERNAL,
	  DOCS("( addr len -- str )", "a NUL-terminated copy in the log") },
	{ "compile-string", h_compile_string, D_INTERNAL,
	  DOCS("( addr len -- )", "compile (s\") and the string inline") },
	{ "allot", h_allot, 0,
	  DOCS("( n -- )", "advance `here` by n; n < 0 gives bytes back, down to the newest word's body at most") },
	{ "allocate", h_allocate, 0,
	  DOCS("( n -- addr )", "take n bytes of the log at `here` (n >= 0)") },
	{ "errno-name", h_errno_name, 0,
	  DOCS("( -errno -- str )", "the name of the error a system call returned: `ENOENT`; `E?` for one incant has no name for") },
	{ "entry-end", h_entry_end, 0,
	  DOCS("( entry -- addr )", "where an entry's body ends") },
	{ "data-allot", h_data_allot, 0,
	  DOCS("( n -- addr )", "n zeroed bytes of the data region (where variables live)") },
	{ "record-error", h_record_error, D_INTERNAL,
	  DOCS("( n -- n )", "note the error n and where it happened, for its report") },
	{ "report-error", h_report_error, D_INTERNAL,
	  DOCS("( n -- )", "print the report of the error n") },
	{ "fatal-error", h_fatal_error, D_INTERNAL,
	  DOCS("( n -- )", "report the error n and exit 1") },
	{ "fail", h_fail, 0,
	  DOCS("( str -- )", "throw -2 with the message str") },
	{ "wordlist", h_wordlist, 0,
	  DOCS("( -- wid )", "a new, empty wordlist") },
	{ "vocabulary", h_vocabulary, 0,
	  DOCS("( \"name\" -- )", "a named wordlist; executing name makes it the first in the search order") },
	{ "get-current", h_get_current, 0,
	  DOCS("( -- wid )", "the wordlist new definitions go into") },
	{ "set-current", h_set_current, 0,
	  DOCS("( wid -- )", "make wid the wordlist new definitions go into") },
	{ "get-order", h_get_order, 0,
	  DOCS("( -- wid_n .. wid_1 n )", "the search order, wid_1 searched first") },
	{ "set-order", h_set_order, 0,
	  DOCS("( wid_n .. wid_1 n -- )", "set the search order, wid_1 searched first; `-1 set-order` is the minimum (forth only)") },
	{ "top-order!", h_top_order, D_INTERNAL,
	  DOCS("( wid -- )", "make wid the first in the search order") },
	{ "search-wordlist", h_search_wordlist, 0,
	  DOCS("( addr len wid -- 0 | xt 1 | xt -1 )", "look a name up in one wordlist: 1 for an immediate word") },
	{ "parse-on-line", h_parse_on_line, D_INTERNAL,
	  DOCS("( -- str )", "parse-name, but only a word on the rest of the current line") },
	{ "list-callers", h_list_callers, 0,
	  DOCS("( -- )", "print the control stack as a backtrace of word names, innermost first (to stderr)") },
	{ ".callers", h_print_callers, 0,
	  DOCS("( rbp -- )", "print a backtrace from rbp") },
	{ ".running", h_print_running, D_INTERNAL,
	  DOCS("( rip rsi -- )", "print the word an interrupted rip and rsi were running") },
	{ ">error", h_to_error, 0,
	  DOCS("( -- )", "send printing to stderr") },
	{ "record-fault", h_record_fault, D_INTERNAL,
	  DOCS("( code name addr rip rsi rbp -- )", "note a fault for its report") },
	{ "interrupted-rip", h_context_rip, 0,
	  DOCS("( ucontext -- x )", "what Forth was running: when the signal landed in a C helper, the primitive that called it; else rip") },
	{ "interrupted-rsi", h_context_rsi, 0,
	  DOCS("( ucontext -- x )", "the threaded-code pointer: the one a C helper's primitive saved; in a primitive that keeps rsi in rbx (system calls, `move`), rbx") },
	{ ">output", h_to_output, 0,
	  DOCS("( -- )", "send printing back to stdout") },
	{ ">fd", h_to_fd, 0,
	  DOCS("( fd -- )", "send printing to the file descriptor fd (what was printed before is flushed first); `>output` comes back to stdout; a write that fails is said on stderr; a number no descriptor can be is error -24") },
	{ "super-piece", h_super_piece, 0,
	  DOCS("( rip -- prim via | 0 0 )", "in a superinstruction, the primitive copied where rip is and the definition it was inlined from (or 0)") },
	{ "code-word-at", h_code_word_at, 0,
	  DOCS("( rip -- xt | 0 )", "the primitive or code word whose machine code holds rip") },
	{ "caller-word", h_caller_word, 0,
	  DOCS("( r -- xt | 0 )", "the colon definition a return point r lies in (the cell before r holds an xt), 0 for none or a quiet one") },
	{ "body-word", h_body_word, 0,
	  DOCS("( rsi -- xt | 0 )", "the colon definition an interrupted rsi points into, even between cells (a branch target, an inline string), 0 for none or a quiet one") },
	{ "word-reference", h_word_reference, 0,
	  DOCS("( -- addr len )", "this page, as embedded in the binary") },
	{ "line-editing?", h_line_editing, D_INTERNAL,
	  DOCS("( -- flag )", "the REPL reads lines with the line editor") },
	{ "source", h_source, 0,
	  DOCS("( -- addr len )", "the input buffer: the line being read of a file, the whole string of `evaluate` or `-e`, the line the REPL read") },
	{ "key", h_key, 0,
	  DOCS("( -- c )", "the next byte, -1 at the end of input; on a terminal one key as it is pressed, not echoed, without waiting for Enter (Ctrl-C still interrupts)") },
	{ "key?", h_key_ready, 0,
	  DOCS("( -- flag )", "`key` would not wait (true also at the end of input)") },
	{ "accept", h_accept, 0,
	  DOCS("( addr n -- n' )", "a line, without its newline, at most n bytes of it kept") },
	{ "stdin-buffered", h_stdin_buffered, D_INTERNAL,
	  DOCS("( addr n -- n' )", "bytes of standard input read ahead for key and accept") },
	/* standard mode (standard.c) */
	{ "standard-mode!", h_standard_mode, D_INTERNAL,
	  DOCS("( flag -- )", "turn standard mode on or off") },
	{ "(refill)", h_next_line, D_INTERNAL,
	  DOCS("( -- flag )", "the next line of the innermost source") },
	{ "source-id", h_source_id, 0,
	  DOCS("( -- 0 | -1 | id )", "0 standard input, -1 a string (`evaluate`, `-e`); a file (read whole when opened) gives a positive id that is not an open file") },
	{ "sourcefilename", h_sourcefilename, 0,
	  DOCS("( -- addr len )", "the name of the source being read, as error reports show it") },
	{ "include-fileid", h_include_fileid, D_INTERNAL,
	  DOCS("( fileid -- )", "make an open file the innermost source") },
	{ "save-input", h_save_input, 0,
	  DOCS("( -- xn .. x1 n )", "note the position in the input source") },
	{ "restore-input", h_restore_input, 0,
	  DOCS("( xn .. x1 n -- flag )", "go back to a position `save-input` noted (flag false when that worked; true for another source)") },
	{ "mark-dictionary", h_mark_dictionary, D_INTERNAL,
	  DOCS("( addr -- )", "note the dictionary's state at addr, for marker") },
	{ "restore-dictionary", h_restore_dictionary, D_INTERNAL,
	  DOCS("( addr -- )", "forget back to the state noted at addr") },
	{ "mark-cells", h_mark_cells, D_INTERNAL,
	  DOCS("( -- n )", "cells a dictionary mark takes") },
};
_Static_assert(sizeof helpers / sizeof helpers[0] <= N_HELPERS,
	       "vm.h: N_HELPERS, the room for helper addresses, is too small");
const int n_helpers = sizeof helpers / sizeof helpers[0];
