/* terminal.c - the terminal while the REPL edits a line (edit.c).
 *
 * Raw mode is on only while a line is read, so the user's code runs with
 * the terminal as the user left it, as under readline.  Three signals
 * matter meanwhile: SIGWINCH (redraw at the new width), SIGTSTP (leave
 * raw mode before stopping) and SIGCONT (enter it again and redraw).
 * Their handlers are C, installed only while a line is read, and do no
 * more than note the event, except SIGTSTP, which must put the terminal
 * back before the process stops. */
#include "terminal.h"
#include "io.h"

/* ioctl requests: include/uapi/asm-generic/ioctls.h */
#define TCGETS 0x5401
#define TCSETSW 0x5403 /* set once pending output is written */
#define TIOCGWINSZ 0x5413

/* struct termios as the kernel takes it: include/uapi/asm-generic/termbits.h
 * (x86-64 uses the generic one).  Flag values are octal there too. */
struct kernel_termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};
#define BRKINT 0000002
#define INPCK 0000020
#define ISTRIP 0000040
#define ICRNL 0000400
#define IXON 0002000
#define OPOST 0000001
#define CSIZE 0000060
#define CS8 0000060
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define IEXTEN 0100000
#define VTIME 5
#define VMIN 6

/* struct winsize: include/uapi/asm-generic/termios.h */
struct kernel_winsize { u16 ws_row, ws_col, ws_xpixel, ws_ypixel; };

static struct kernel_termios term_saved;
static bool term_raw;
static bool term_looked; /* term_usable() has looked: */
static int term_fd;       /* where to draw, or -1 */

/* Where to draw: -1 until term_usable() has looked and found a terminal.
 * (Two variables, not term_fd = -1 to start with: the binary has no
 * .data, whose page every exec would map and copy.) */
static int term_where(void)
{
	return term_looked ? term_fd : -1;
}

static bool term_is_tty(int fd)
{
	struct kernel_termios t;
	return sys3(SYS_ioctl, fd, TCGETS, (i64)&t) == 0;
}

bool term_usable(void)
{
	if (!term_looked)
		term_fd = !term_is_tty(0) ? -1 : term_is_tty(1) ? 1
			: term_is_tty(2) ? 2 : -1;
	term_looked = true;
	return term_fd >= 0;
}

int term_out_fd(void)
{
	return term_where();
}

/* TCSETSW waits for output to drain, so a signal may cut it short. */
static void term_set(const struct kernel_termios *t)
{
	while (sys3(SYS_ioctl, 0, TCSETSW, (i64)t) == -EINTR)
		;
}

/* What cfmakeraw(3) does, but keeping the character size and parity
 * settings of the line alone except for CS8. */
static void term_apply_raw(void)
{
	struct kernel_termios raw = term_saved;
	raw.c_iflag &= ~(u32)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
	raw.c_oflag &= ~(u32)OPOST;
	raw.c_cflag = (raw.c_cflag & ~(u32)CSIZE) | CS8;
	raw.c_lflag &= ~(u32)(ECHO | ICANON | IEXTEN | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	term_set(&raw);
	term_raw = true;
}

bool term_raw_enter(void)
{
	if (term_raw)
		return true;
	if (sys3(SYS_ioctl, 0, TCGETS, (i64)&term_saved) != 0)
		return false;
	term_apply_raw();
	return true;
}

/* For `key` (text.c): keys one by one and unechoed, the rest cooked, so
 * Ctrl-C still interrupts and output is still processed.  Left, like raw
 * mode, by term_raw_leave (which edit_restore calls on every way out). */
bool term_keys_enter(void)
{
	if (term_raw || sys3(SYS_ioctl, 0, TCGETS, (i64)&term_saved) != 0)
		return false;
	struct kernel_termios keys = term_saved;
	keys.c_lflag &= ~(u32)(ICANON | ECHO);
	keys.c_cc[VMIN] = 1;
	keys.c_cc[VTIME] = 0;
	term_set(&keys);
	term_raw = true;
	return true;
}

void term_raw_leave(void)
{
	if (!term_raw)
		return;
	term_raw = false;
	term_set(&term_saved);
}

bool term_is_raw(void)
{
	return term_raw;
}

u32 term_columns(void)
{
	struct kernel_winsize ws = { 0, 0, 0, 0 };
	if (term_where() >= 0 &&
	    sys3(SYS_ioctl, term_fd, TIOCGWINSZ, (i64)&ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 80;
}

/* ---- signals ---- */

/* Signal numbers: arch/x86/include/uapi/asm/signal.h */
#define SIGCONT 18
#define SIGTSTP 20
#define SIGWINCH 28
#define SA_RESTORER 0x04000000 /* same file */
#define SIG_DFL 0
#define SIG_IGN 1
#define SIG_UNBLOCK 1 /* include/uapi/asm-generic/signal-defs.h */

/* struct sigaction as rt_sigaction(2) takes it, with an 8-byte mask. */
struct kernel_sigaction {
	u64 handler, flags, restorer, mask;
};

/* Where the kernel returns when a handler is done: rt_sigreturn (15). */
void term_sigreturn(void);
__asm__(".text\n"
	"term_sigreturn:\n"
	"	mov $15, %eax\n"
	"	syscall\n");

static const int term_signal_list[3] = { SIGWINCH, SIGTSTP, SIGCONT };
static struct kernel_sigaction term_old[3];
static bool term_installed;
static bool term_tstp_ignored;
static volatile u32 term_events;

static void term_on_signal(int sig);

static void term_action(int sig, u64 handler, struct kernel_sigaction *old)
{
	struct kernel_sigaction a = {
		handler, SA_RESTORER, (u64)term_sigreturn, 0
	};
	sys4(SYS_rt_sigaction, sig, (i64)&a, (i64)old, 8);
}

void term_signals_install(void)
{
	if (term_installed)
		return;
	for (int i = 0; i < 3; i++)
		term_action(term_signal_list[i], (u64)term_on_signal,
			    &term_old[i]);
	/* SIGTSTP ignored means nobody would continue us: keep it so */
	term_tstp_ignored = term_old[1].handler == SIG_IGN;
	if (term_tstp_ignored)
		sys4(SYS_rt_sigaction, SIGTSTP, (i64)&term_old[1], 0, 8);
	term_installed = true;
}

void term_signals_remove(void)
{
	if (!term_installed)
		return;
	term_installed = false;
	for (int i = 0; i < 3; i++)
		sys4(SYS_rt_sigaction, term_signal_list[i], (i64)&term_old[i],
		     0, 8);
}

u32 term_take_events(void)
{
	u32 e = term_events;
	term_events = 0;
	return e;
}

/* Stop with SIGTSTP's default action, then come back as we were.  Runs
 * from the SIGTSTP handler too, where SIGTSTP is blocked: hence the
 * unblocking before raising it. */
static void term_stop_now(void)
{
	bool was_raw = term_raw;
	term_raw_leave();
	term_action(SIGTSTP, SIG_DFL, 0);
	u64 set = 1ul << (SIGTSTP - 1);
	sys4(SYS_rt_sigprocmask, SIG_UNBLOCK, (i64)&set, 0, 8);
	sys2(SYS_tkill, sys0(SYS_getpid), SIGTSTP);
	/* here once continued */
	term_action(SIGTSTP, (u64)term_on_signal, 0);
	if (was_raw)
		term_apply_raw();
	term_events |= TERM_RESUMED;
}

bool term_can_stop(void)
{
	return !term_tstp_ignored;
}

void term_stop(void)
{
	term_stop_now();
}

/* Only notes the event (and stops, for SIGTSTP): the editor redraws when
 * its read comes back with EINTR. */
static void term_on_signal(int sig)
{
	if (sig == SIGTSTP)
		term_stop_now();
	else if (sig == SIGWINCH)
		term_events |= TERM_RESIZED;
	else
		term_events |= TERM_RESUMED;
}

/* ---- input and output ---- */

i64 term_read(void *buf, u64 n)
{
	return sys3(SYS_read, 0, (i64)buf, (i64)n);
}

/* struct pollfd: include/uapi/asm-generic/poll.h */
struct kernel_pollfd { i32 fd; u16 events, revents; };

bool term_wait_input(int ms)
{
	struct kernel_pollfd p = { 0, POLLIN, 0 };
	return sys3(SYS_poll, (i64)&p, 1, ms) > 0;
}

void term_write(const void *buf, u64 n)
{
	if (term_where() >= 0)
		fd_write_all(term_fd, buf, n);
}
