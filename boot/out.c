/* out.c - standard output's buffer, safe against signal handlers.
 *
 * What Forth prints goes through one buffer, written out when it is full,
 * at a newline when standard output is a terminal, before anything reads
 * standard input, before every error message and at every exit, so no
 * output is lost or reordered against errors; a write that fails is
 * reported, never dropped in silence.
 *
 * A signal handler is Forth code like any other, and may print while the
 * code it interrupted is in the middle of changing the buffer (README,
 * Signals: a handler may interrupt a C helper).  So:
 *
 * - Changes to the buffer are bracketed by out_enter and out_leave, which
 *   mark it busy.  A handler that prints while it is busy appends to a
 *   small side buffer instead (signals held for that moment, so a handler
 *   of another signal cannot interleave); the interrupted change, as it
 *   leaves, moves what the side buffer got into the main one.  The order
 *   is then what it would have been had the handler run just after the
 *   change it interrupted.
 * - Bytes are copied into the buffer first and counted after, so at every
 *   instruction [out_done, out_len) is exactly what waits to be written.
 * - out_done counts what a flush has written so far: a handler that exits
 *   in the middle of a flush writes the rest, not all again.  Each
 *   write(2) and the noting of its count are done with signals held, as
 *   the kernel delivers a signal that came during a write exactly when
 *   the write returns, before its count could be noted.  (While a write
 *   blocks, signals wait for it; they waited before too, as an
 *   interrupted write was simply restarted.)
 * - A handler that throws leaves the change it interrupted unfinished for
 *   good: out_unwind, called as the throw starts, notices it and makes
 *   the buffer usable again. */
#include "io.h"
#include "vm.h"
#include "edit.h"

#define OUT_SIZE 65536
static u8 out_buf[OUT_SIZE];
static volatile u64 out_len, out_done; /* [out_done, out_len) waits */
static volatile int out_fd; /* 1 from out_init on, or 2 */
static bool out_line_buffered;

static volatile bool out_busy;     /* out_enter .. out_leave */
static volatile u64 out_owner_sp; /* C's stack pointer where it began */

/* What handlers printed while the buffer was busy: for standard output
 * (a handler's `>error` output goes straight to fd 2, see out_put_aside). */
#define OUT_SIDE_SIZE 16384
static u8 out_side[OUT_SIDE_SIZE];
static volatile u64 out_side_len;
static volatile int out_side_fd; /* what a handler selected meanwhile (out_init: 1) */

/* The first write error on standard output and on standard error. */
static i64 out_error[3];

#define OUT_BARRIER() __asm__ volatile("" ::: "memory")

/* Standard output, line-buffered on a terminal.  (Set here, not given as
 * start values: the binary has no .data, whose page every exec would map
 * and copy.) */
void out_init(void)
{
	out_fd = out_side_fd = 1;
	out_line_buffered = fd_is_tty(1);
}

/* ---- holding signals ---- */

/* rt_sigprocmask's how (include/uapi/asm-generic/signal-defs.h) */
#define SIG_BLOCK 0
#define SIG_SETMASK 2
#define SIGBIT(n) (1ul << ((n) - 1))
/* Every signal but the synchronous faults (held, a fault would kill the
 * process unannounced), SIGPIPE (its default must still end a pipeline
 * quietly) and the job-control stops (asm-generic/signal.h numbers). */
static const u64 out_held = ~(SIGBIT(4) | SIGBIT(5) | SIGBIT(7) | SIGBIT(8) |
			      SIGBIT(11) | SIGBIT(13) | SIGBIT(20) |
			      SIGBIT(21) | SIGBIT(22) | SIGBIT(31));

u64 signals_hold(void)
{
	u64 old = 0;
	sys4(SYS_rt_sigprocmask, SIG_BLOCK, (i64)&out_held, (i64)&old, 8);
	return old;
}

void signals_release(u64 old)
{
	sys4(SYS_rt_sigprocmask, SIG_SETMASK, (i64)&old, 0, 8);
}

/* ---- write errors ---- */

/* Output that cannot be written must not be lost in silence.  Standard
 * output: say so on standard error, once, and leave with status 1, as
 * Unix tools do (a program whose output goes nowhere has no reason to go
 * on: `yes >/dev/full` must end).  Standard error: nowhere to say it, so
 * only the exit status tells (exit_flushed).  A descriptor the program
 * chose with `>fd`: said on standard error each time, and what waited for
 * it dropped; the program goes on.  A closed pipe with SIGPIPE
 * at its default never gets here: the kernel ends the process first,
 * quietly, which is what a pipeline expects. */
static void out_failed(int fd, i64 err)
{
	char what[80];
	errno_describe(err, what, sizeof what);
	if (fd < 1 || fd > 2) { /* a descriptor of the program's (>fd) */
		/* straight to fd 2: err_fmt would drain the buffer first, and
		 * from exit_flushed that would be this failure again */
		char line[160];
		str_fmt(line, sizeof line, "incant: error writing fd %d: %s\n",
			(i64)fd, what);
		if (!out_error[2])
			fd_write(2, line, str_len(line));
		return;
	}
	if (out_error[fd])
		return;
	out_error[fd] = err;
	if (fd != 1)
		return;
	err_fmt("incant: error writing standard output: %s\n", what);
	exit_flushed(1);
}

/* Has writing to fd failed?  Only standard output and error are
 * remembered: a write to a file (`>fd`) is tried again each time. */
static bool out_broken(int fd)
{
	return fd >= 1 && fd <= 2 && out_error[fd];
}

/* Write n bytes straight to fd, noting a failure. */
static void out_direct(int fd, const void *p, u64 n)
{
	if (out_broken(fd))
		return;
	i64 r = fd_write(fd, p, n);
	if (r < 0)
		out_failed(fd, r);
}

/* ---- the buffer ---- */

/* Write [out_done, out_len) to out_fd and empty the buffer; see the head
 * of the file for why each write is done with signals held.  A failure
 * drops what is left (out_failed has said so, or exits). */
static void out_drain(void)
{
	while (out_done < out_len && !out_broken(out_fd)) {
		u64 old = signals_hold();
		i64 r = sys3(SYS_write, out_fd, (i64)(out_buf + out_done),
			     (i64)(out_len - out_done));
		if (r > 0)
			out_done += (u64)r;
		signals_release(old);
		if (r == -EAGAIN)
			fd_wait(out_fd, POLLOUT);
		else if (r == 0 || (r < 0 && r != -EINTR)) {
			out_failed(out_fd, r ? r : -EIO);
			break; /* only fds 1 and 2 are remembered as broken */
		}
	}
	/* len first: in between, done >= len reads as "nothing waits" */
	out_len = 0;
	OUT_BARRIER();
	out_done = 0;
}

/* Append n bytes; the count goes up only once they are there. */
static void out_put(const u8 *p, u64 n)
{
	bool newline = false;
	while (n) {
		if (out_len == OUT_SIZE)
			out_drain();
		u64 k = OUT_SIZE - out_len < n ? OUT_SIZE - out_len : n;
		memcpy(out_buf + out_len, p, k);
		OUT_BARRIER();
		out_len += k;
		if (out_line_buffered && !newline)
			for (u64 i = 0; i < k && !newline; i++)
				newline = p[i] == '\n';
		p += k;
		n -= k;
	}
	if (newline)
		out_drain();
}

/* Move what handlers put aside into the buffer, signals held so that no
 * handler adds to it meanwhile.  Bytes for standard output while the
 * buffer holds a report for standard error go straight out. */
static void out_merge_side(void)
{
	u64 old = signals_hold();
	if (out_fd == 1)
		out_put(out_side, out_side_len);
	else
		out_direct(1, out_side, out_side_len);
	out_side_len = 0;
	signals_release(old);
}

static u64 out_sp(void)
{
	u64 sp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	return sp;
}

/* Begin a change of the buffer; false when one is under way, which means
 * that this is a signal handler that interrupted it. */
static bool out_enter(void)
{
	if (out_busy)
		return false;
	out_busy = true;
	out_owner_sp = out_sp();
	OUT_BARRIER();
	if (out_side_len) /* left by a change that a throw cut short */
		out_merge_side();
	return true;
}

/* End the change; a handler's bytes put aside after the last look are
 * taken in before anyone else prints, so their order stays. */
static void out_leave(void)
{
	for (;;) {
		if (out_side_len)
			out_merge_side();
		out_side_fd = 1;
		OUT_BARRIER();
		out_busy = false;
		OUT_BARRIER();
		if (!out_side_len)
			return;
		out_busy = true;
	}
}

/* A handler prints while the buffer is busy: aside, to be merged when
 * the change it interrupted ends; more than the side buffer holds goes
 * straight out, ahead of what waits (late, but never lost). */
static void out_put_aside(const void *p, u64 n)
{
	if (out_side_fd != 1) {
		out_direct(out_side_fd, p, n);
		return;
	}
	u64 old = signals_hold();
	if (n <= OUT_SIDE_SIZE - out_side_len) {
		memcpy(out_side + out_side_len, p, n);
		OUT_BARRIER();
		out_side_len += n;
	} else {
		out_direct(1, p, n);
	}
	signals_release(old);
}

void out_bytes(const void *p, u64 n)
{
	if (!out_enter()) {
		out_put_aside(p, n);
		return;
	}
	out_put(p, n);
	out_leave();
}

/* emit's way: one byte, room for it, nothing to flush or merge, which is
 * nearly always so; the rest goes the long way. */
void out_byte(u8 c)
{
	if (out_busy || out_side_len || out_len == OUT_SIZE ||
	    (c == '\n' && out_line_buffered)) {
		out_bytes(&c, 1);
		return;
	}
	out_busy = true;
	out_owner_sp = out_sp();
	OUT_BARRIER();
	out_buf[out_len] = c;
	OUT_BARRIER();
	out_len++;
	OUT_BARRIER();
	out_busy = false;
	OUT_BARRIER();
	if (out_side_len && out_enter()) /* a handler came meanwhile */
		out_leave();
}

void out_str(const char *s)
{
	out_bytes(s, str_len(s));
}

void out_flush(void)
{
	if (!out_enter())
		return; /* the change this interrupted writes it out soon */
	out_drain();
	out_leave();
}

/* Send what Forth prints to stderr (reports) or back to stdout. */
void out_select(int fd)
{
	if (!out_enter()) {
		out_side_fd = fd;
		return;
	}
	out_drain();
	out_fd = fd;
	out_leave();
}

/* Where a throw goes, as it starts (error_record): when the catch it
 * unwinds to was made outside the change of the buffer under way, that
 * change was interrupted by a handler that throws, and will never end.
 * Its bytes are whole (see the head), so ending it here is enough.
 *
 * Inside or outside: C runs on the value stack below the Forth code that
 * called it, and a handler's frames go below what it interrupted, so a
 * catch made outside the change saved a value stack pointer above the
 * C stack pointer the change began with, and one made inside a handler a
 * pointer below it.  The signal stack holds only handlers, nested inside
 * whatever they interrupted: it counts as below the value stack. */
static u64 out_depth_key(u64 sp)
{
	if (sp >= SIGSTACK_BASE && sp <= SIGSTACK_TOP)
		return sp - SIGSTACK_BASE;
	return sp;
}

/* The value stack pointer a catch frame saved (core.e: catch-frame-sp),
 * if frame is one on a mapped control stack; else 0. */
static u64 out_catch_sp(u64 frame)
{
	u64 top = 0;
	i64 level = cstack_level(frame);
	if (frame & 7)
		return 0;
	if (frame >= ESTACK_BASE + GUARD_SIZE && frame <= ESTACK_TOP)
		top = ESTACK_TOP;
	else if (level == 0 || (level > 0 && VM->level_mapped[level]))
		top = cstack_top((u64)level);
	if (!top || frame < top - CSTACK_SIZE || frame + 32 > top)
		return 0;
	return ((u64 *)frame)[3];
}

void out_unwind(u64 frame)
{
	if (!out_busy)
		return;
	u64 sp = out_catch_sp(frame);
	if (sp && out_depth_key(sp) < out_depth_key(out_owner_sp))
		return; /* caught inside the handler: the change goes on */
	out_leave();
}

/* ---- standard error, exit ---- */

void err_write(const void *p, u64 n)
{
	out_select(1);
	out_direct(2, p, n);
}

/* Leave with status, after what was printed is written; a write error
 * on the way (or before) makes a status 0 into 1.  Signals stay held to
 * the end: nothing may print or flush in between.  Called from a handler
 * that interrupted a change of the buffer, it writes what that change had
 * put in, then what handlers put aside. */
_Noreturn void exit_flushed(int status)
{
	edit_restore();
	edit_keep_history();
	signals_hold();
	out_drain();
	out_direct(1, out_side, out_side_len);
	out_side_len = 0;
	if (status == 0 && (out_error[1] || out_error[2]))
		status = 1;
	sys_exit(status);
}
