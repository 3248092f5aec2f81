/* perfmap.c - a map of the machine code incant makes, for profilers.
 *
 * perf names a sample in code that no ELF file describes through
 * /tmp/perf-PID.map: a text file, one line per code range, "START SIZE
 * name", START and SIZE in hex without 0x, the name the rest of the line
 * (tools/perf/Documentation/jit-interface.txt in the kernel tree).  Other
 * profilers read the same file.  The C text needs no line: it has ELF
 * symbols.
 *
 * With --perf-map (or INCANT_PERF_MAP=1 in the environment, for scripts
 * started by a #! line), start-up writes a line for every range of machine
 * code the prelude made, and each range made later gets its line as it is
 * made: a code word or a signal trampoline when it is finished
 * (`note-code`), a superinstruction when `;` makes it.  Each line is one
 * write(), so the file is complete up to the last range made even if the
 * process is killed.  When the map is off every hook returns at once. */
#include "perfmap.h"
#include "log.h"
#include "io.h"
#include "optimize.h"

/* The map open for writing, or 0 when it is off (fds 0-2 are always held
 * open, io_hold_std_fds, so a file opened is never 0; a failed open leaves
 * the negative errno): no variable with a start value, so the binary
 * has no .data, whose page every exec would map and copy. */
static i64 map_fd;
static i64 map_pid; /* a child made by fork must not write its parent's map */

/* The entry of an xt, through a small cache: log_entry_of_xt walks the
 * list, and a superinstruction's name looks up every word in it, mostly
 * the same few primitives. */
static struct entry *entry_of(u64 xt)
{
	static struct { u64 xt; struct entry *e; } cache[256];
	u64 i = (xt >> 3) % 256;
	if (cache[i].xt != xt || !cache[i].e) {
		cache[i].xt = xt;
		cache[i].e = log_entry_of_xt(xt);
	}
	return cache[i].e;
}

/* ==== Where the code is: the layout this file knows ==================
 * (Everything that depends on how prims.c, optimize.c and lib/signals.e
 * lay code out is in this block.  Entries are found by walking the list
 * from vm.latest with log_older, in map_existing.)
 *
 * 1. The interpreter routines and the C boundary's stubs lie between the
 *    global block and the first entry, emitted one after the other by
 *    prims_emit(); each runs up to the next one, the last up to the first
 *    entry.
 * 2. An entry whose codeword points at the cell after it (self-codeword:
 *    primitives, code words, signal trampolines) holds machine code from
 *    xt+8 to the entry's end (the next entry, or here).
 * 3. A signal trampoline is a hidden entry named signal-handler; it
 *    enters the word it runs with `mov rax, <xt> ; jmp [rax]`.
 * 4. A superinstruction in the code region is [cells it covers][xt it
 *    replaced][codeword = xt+8][code], the code running up to the next
 *    superinstruction's first cell; the definition it belongs to holds its
 *    xt in the body cell where the run starts. */

struct routine { u64 start; const char *name; };

static int routines(struct routine *r)
{
	r[0] = (struct routine){ VMF->docol, "docol" };
	r[1] = (struct routine){ VMF->dovar, "dovar" };
	r[2] = (struct routine){ VMF->docon, "docon" };
	r[3] = (struct routine){ VMF->throw_stub, "(throw-pending)" };
	r[4] = (struct routine){ VMF->throw_from, "(throw-from)" };
	r[5] = (struct routine){ VMF->enter_forth, "(enter-forth)" };
	r[6] = (struct routine){ VMF->dodata, "dodata" };
	r[7] = (struct routine){ VMF->dodoes, "dodoes" };
	r[8] = (struct routine){ VMF->doval, "doval" };
	r[9] = (struct routine){ VMF->do2val, "do2val" };
	r[10] = (struct routine){ VMF->dodefer, "dodefer" };
	return 11;
}

static bool is_code_word(struct entry *e)
{
	u64 xt = log_entry_xt(e);
	return *(u64 *)xt == xt + 8;
}

/* The word a trampoline runs: the imm64 of `48 b8 imm64 ff 20`. */
static struct entry *trampoline_target(u64 start, u64 end)
{
	for (const u8 *p = (const u8 *)start; p + 12 <= (const u8 *)end; p++) {
		if (p[0] != 0x48 || p[1] != 0xb8 || p[10] != 0xff || p[11] != 0x20)
			continue;
		u64 xt;
		memcpy(&xt, p + 2, 8);
		struct entry *e = entry_of(xt);
		if (e)
			return e;
	}
	return 0;
}

static bool is_trampoline(struct entry *e)
{
	return (e->flags & F_HIDDEN) && str_eq(e->name, "signal-handler");
}

static u64 super_cells(u64 super) { return *(u64 *)(super - 16); }
static u64 super_header(u64 super) { return super - 16; }

/* Primitives followed by one operand cell in threaded code. */
static bool takes_operand(u64 xt)
{
	return xt == VMF->xt_lit || xt == VMF->xt_branch ||
	       xt == VMF->xt_0branch || xt == VMF->xt_do || xt == VMF->xt_qdo ||
	       xt == VMF->xt_loop || xt == VMF->xt_ploop;
}
/* ==== end of the layout block ======================================== */

/* ---- names ---- */

struct name { char text[480]; u64 len; };

static void name_add(struct name *n, const char *s)
{
	while (*s && n->len + 1 < sizeof n->text)
		n->text[n->len++] = *s++;
	n->text[n->len] = 0;
}

static const char *entry_name(u64 xt)
{
	struct entry *e = entry_of(xt);
	return e ? e->name : "?";
}

/* "super:DEF+N {a b c}": the definition, the cell of its body where the
 * run starts, and what the run holds (as `see` shows it), literals as
 * numbers. */
static void super_name(struct name *n, struct entry *def, u64 *cell)
{
	u64 body = log_entry_xt(def) + 8;
	char buf[64];
	n->len = 0;
	str_fmt(buf, sizeof buf, "+%u {", ((u64)cell - body) / 8);
	name_add(n, "super:");
	name_add(n, def->name);
	name_add(n, buf);
	u64 *p = cell, *end = cell + super_cells(*cell);
	for (bool first = true; p < end; first = false) {
		u64 x = *p;
		if (optimize_is_super(x))
			x = *(u64 *)(x - 8); /* the xt it replaced */
		if (!first)
			name_add(n, " ");
		if (x == VMF->xt_lit) {
			str_fmt(buf, sizeof buf, "%d", (i64)p[1]);
			name_add(n, buf);
		} else {
			name_add(n, entry_name(x));
		}
		p += takes_operand(x) ? 2 : 1;
	}
	name_add(n, "}");
	if (n->len + 2 >= sizeof n->text) /* cut: say so */
		memcpy(n->text + sizeof n->text - 5, "...}", 5);
}

static void code_word_name(struct name *n, struct entry *e, u64 start, u64 end)
{
	n->len = 0;
	name_add(n, e->name);
	if (is_trampoline(e)) {
		struct entry *w = trampoline_target(start, end);
		name_add(n, ":");
		name_add(n, w ? w->name : "?");
	}
}

/* ---- the file ---- */

static void put_line(u64 start, u64 end, const char *name)
{
	if (map_fd <= 0 || end <= start || sys0(SYS_getpid) != map_pid)
		return;
	char line[600];
	str_fmt(line, sizeof line, "%x %x %s\n", start, end - start, name);
	i64 r = fd_write((int)map_fd, line, str_len(line));
	if (r < 0) { /* say it once, and stop: a map with holes misleads */
		char what[80];
		errno_describe(r, what, sizeof what);
		err_fmt("incant: --perf-map: cannot write /tmp/perf-%u.map: %s\n",
			(u64)map_pid, what);
		sys1(SYS_close, map_fd);
		map_fd = 0;
	}
}

void perfmap_code_word(u64 xt)
{
	if (map_fd <= 0)
		return;
	struct entry *e = log_entry_of_xt(xt);
	if (!e || !is_code_word(e))
		return;
	struct name n;
	code_word_name(&n, e, xt + 8, VM->here);
	put_line(xt + 8, VM->here, n.text);
}

void perfmap_super(u64 def_xt, u64 *cell)
{
	if (map_fd <= 0 || !optimize_is_super(*cell))
		return;
	struct entry *def = entry_of(def_xt);
	if (!def)
		return;
	struct name n;
	super_name(&n, def, cell);
	put_line(*cell + 8, VM->code_here, n.text);
}

/* Everything made before the map was opened: the routines, the code
 * words, and the superinstructions, found through the bodies that use
 * them.  Entries are walked newest first, so superinstructions turn up in
 * falling address order and each ends where the one above it starts. */
static void map_existing(void)
{
	struct routine r[16];
	int nr = routines(r);
	u64 end = VM->here, super_end = VM->code_here;
	struct entry *oldest = 0;
	for (struct entry *e = (struct entry *)VM->latest; e;
	     end = (u64)e, e = log_older(e)) {
		oldest = e;
		u64 xt = log_entry_xt(e);
		struct name n;
		if (is_code_word(e)) {
			code_word_name(&n, e, xt + 8, end);
			put_line(xt + 8, end, n.text);
		} else if (*(u64 *)xt == VMF->docol) {
			for (u64 *p = (u64 *)(end & ~7ul) - 1; p > (u64 *)xt; p--) {
				if (!optimize_is_super(*p) || *p + 8 >= super_end)
					continue;
				super_name(&n, e, p);
				put_line(*p + 8, super_end, n.text);
				super_end = super_header(*p);
			}
		}
	}
	for (int i = 0; i < nr; i++) {
		u64 next = oldest ? (u64)oldest : VM->here;
		for (int j = 0; j < nr; j++)
			if (r[j].start > r[i].start && r[j].start < next)
				next = r[j].start;
		put_line(r[i].start, next, r[i].name);
	}
}

void perfmap_start(void)
{
	char path[64];
	map_pid = sys0(SYS_getpid);
	str_fmt(path, sizeof path, "/tmp/perf-%u.map", (u64)map_pid);
	/* /tmp is everyone's: a symbolic link or a FIFO put there under this
	 * name would have the map written through it to another file, or
	 * block the open until a reader came */
	map_fd = sys4(SYS_openat, AT_FDCWD, (i64)path,
		      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
		      0644);
	if (map_fd <= 0) {
		err_fmt("incant: --perf-map: cannot open %s: %s\n", path,
			errno_text(map_fd));
		return;
	}
	struct k_stat st;
	if (sys2(SYS_fstat, map_fd, (i64)&st) != 0 || (st.st_mode & S_IFMT) != S_IFREG) {
		err_fmt("incant: --perf-map: %s is not a regular file\n", path);
		sys1(SYS_close, map_fd);
		map_fd = 0;
		return;
	}
	map_existing();
}
