/* lines.c - the line table: threaded code back to source lines.
 *
 * While compiling, the interpreter notes "from this address on, code
 * comes from line L" (helpers.c, at each compiled cell); a backtrace asks
 * for the line of each return point (error.c).  The records are in
 * address order, each the code's offset from LOG_BASE and a line, in a
 * region of their own (vm.h LINES_BASE) that the start-up image carries
 * (snapshot.c).  A record is made only when the line changes, so a
 * definition on one line costs one. */
#include "lines.h"
#include "log.h"

#define LINES ((struct line_rec *)LINES_BASE)

/* Code from addr on comes from line (past the table's end: not noted,
 * and those lines show as unknown). */
void lines_note(u64 addr, u32 line)
{
	u64 n = VM->n_lines;
	if ((n + 1) * sizeof(struct line_rec) > LINES_SIZE ||
	    !log_need(R_LINES, LINES_BASE + (n + 1) * sizeof(struct line_rec)))
		return;
	if (n && LINES[n - 1].line == line)
		return;
	LINES[n] = (struct line_rec){ (u32)(addr - LOG_BASE), line };
	VM->n_lines = n + 1;
}

/* Drop the records of code from addr on (forgotten by a marker). */
void lines_forget(u64 addr)
{
	if (!log_need(R_LINES, LINES_BASE + VM->n_lines * sizeof(struct line_rec)))
		return;
	while (VM->n_lines && LOG_BASE + LINES[VM->n_lines - 1].offset >= addr)
		VM->n_lines--;
}

/* The line that compiled the code at addr, 0 when not known: the last
 * record at or before it, by binary search. */
u32 lines_find(u64 addr)
{
	u64 lo = 0, hi = VM->n_lines;
	u32 off = (u32)(addr - LOG_BASE);
	if (LINES_BASE + hi * sizeof(struct line_rec) > log_mapped_to[R_LINES])
		return 0; /* the prelude's, not loaded (snapshot_load_deferred) */
	while (lo < hi) { /* first record past off */
		u64 mid = (lo + hi) / 2;
		if (LINES[mid].offset <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? LINES[lo - 1].line : 0;
}
