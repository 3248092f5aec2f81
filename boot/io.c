/* io.c - output and whole-file input.
 *
 * Standard output goes through one buffer, flushed when full, at a newline
 * when it is a terminal, before anything reads standard input, before every
 * error message and at every exit, so no output is ever lost or reordered
 * against errors.  Messages to standard error are formatted into a local
 * buffer and written at once. */
#include "io.h"
#include "vm.h"
#include "edit.h"

#define OUT_SIZE 65536
static u8 out_buf[OUT_SIZE];
static u64 out_len;
static bool out_line_buffered;
static int out_fd = 1;

bool fd_is_tty(int fd)
{
	u8 termios[64];
	return sys3(SYS_ioctl, fd, TCGETS, (i64)termios) == 0;
}

void out_init(void)
{
	out_line_buffered = fd_is_tty(1);
}

/* Write it all: retry short writes and interruptions.  A failed stdout
 * (a closed pipe with SIGPIPE ignored, a full disk) drops the output. */
bool fd_write_all(int fd, const void *buf, u64 n)
{
	const u8 *p = buf;
	while (n) {
		i64 r = sys3(SYS_write, fd, (i64)p, (i64)n);
		if (r == -EINTR || r == -EAGAIN)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (u64)r;
	}
	return true;
}

void out_flush(void)
{
	u64 n = out_len;
	out_len = 0;
	fd_write_all(out_fd, out_buf, n);
}

void out_byte(u8 c)
{
	if (out_len == OUT_SIZE)
		out_flush();
	out_buf[out_len++] = c;
	if (c == '\n' && out_line_buffered)
		out_flush();
}

void out_bytes(const void *p, u64 n)
{
	const u8 *s = p;
	while (n--)
		out_byte(*s++);
}

void out_str(const char *s)
{
	out_bytes(s, str_len(s));
}

/* A tiny printf: %s %d (i64) %u (u64) %x (u64, hex) %c. */
struct sink { u8 *buf; u64 len, cap; };

static void sink_byte(struct sink *k, u8 c)
{
	if (k->len < k->cap)
		k->buf[k->len++] = c;
}

static void sink_u64(struct sink *k, u64 v, unsigned base)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		sink_byte(k, (u8)digits[--n]);
}

static void sink_fmt(struct sink *k, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			sink_byte(k, (u8)*fmt);
			continue;
		}
		switch (*++fmt) {
		case 's':
			for (const char *s = va_arg(ap, const char *); *s; s++)
				sink_byte(k, (u8)*s);
			break;
		case 'd': {
			i64 v = va_arg(ap, i64);
			if (v < 0)
				sink_byte(k, '-');
			sink_u64(k, v < 0 ? -(u64)v : (u64)v, 10);
			break;
		}
		case 'u':
			sink_u64(k, va_arg(ap, u64), 10);
			break;
		case 'x':
			sink_u64(k, va_arg(ap, u64), 16);
			break;
		case 'c':
			sink_byte(k, (u8)va_arg(ap, int));
			break;
		default:
			sink_byte(k, (u8)*fmt);
		}
	}
}

/* The same into a buffer, NUL-terminated, cut at cap. */
void str_fmt(char *buf, u64 cap, const char *fmt, ...)
{
	struct sink k = { (u8 *)buf, 0, cap - 1 };
	va_list ap;
	va_start(ap, fmt);
	sink_fmt(&k, fmt, ap);
	va_end(ap);
	buf[k.len] = 0;
}

void str_vfmt(char *buf, u64 cap, const char *fmt, va_list ap)
{
	struct sink k = { (u8 *)buf, 0, cap - 1 };
	sink_fmt(&k, fmt, ap);
	buf[k.len] = 0;
}

void err_fmt(const char *fmt, ...)
{
	u8 buf[2048];
	struct sink k = { buf, 0, sizeof buf };
	va_list ap;
	va_start(ap, fmt);
	sink_fmt(&k, fmt, ap);
	va_end(ap);
	out_select(1);
	fd_write_all(2, buf, k.len);
}

/* Send what Forth prints to stderr (reports) or back to stdout. */
void out_select(int fd)
{
	out_flush();
	out_fd = fd;
}

_Noreturn void exit_flushed(int status)
{
	edit_restore();
	edit_keep_history();
	out_select(1);
	sys_exit(status);
}

_Noreturn void fatal(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	edit_restore();
	va_start(ap, fmt);
	str_vfmt(buf, sizeof buf, fmt, ap);
	va_end(ap);
	err_fmt("incant: %s\n", buf);
	exit_flushed(2);
}

i64 fd_read_all(int fd, char **text, u64 *len, u64 *size)
{
	u64 cap = 0, n = 0;
	char *buf = 0;
	for (;;) {
		if (n + 1 >= cap) {
			u64 ncap = cap ? cap * 2 : 65536;
			i64 p = sys6(SYS_mmap, 0, (i64)ncap, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p < 0) {
				file_free(buf, cap);
				return p;
			}
			memcpy((void *)p, buf, n);
			file_free(buf, cap);
			buf = (char *)p;
			cap = ncap;
		}
		i64 r = sys3(SYS_read, fd, (i64)(buf + n), (i64)(cap - n - 1));
		if (r == -EINTR && !VM->pending)
			continue;
		if (r < 0) {
			file_free(buf, cap);
			return r;
		}
		if (r == 0)
			break;
		n += (u64)r;
	}
	buf[n] = 0;
	*text = buf;
	*len = n;
	*size = cap;
	return 0;
}

void file_free(char *text, u64 size)
{
	if (text)
		sys2(SYS_munmap, (i64)text, (i64)size);
}

const char *errno_text(i64 err)
{
	switch (-err) {
	case 2: return "no such file or directory";
	case 13: return "permission denied";
	case 21: return "is a directory";
	case 20: return "not a directory";
	case 12: return "out of memory";
	case 36: return "file name too long";
	default: return "cannot read";
	}
}
