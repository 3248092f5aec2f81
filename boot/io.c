/* io.c - system-level input and output: descriptors, whole-file reads,
 * formatting, messages to standard error.
 *
 * Standard output's buffer is out.c.  Messages to standard error are
 * formatted into a local buffer and written at once (err_write). */
#include "io.h"
#include "vm.h"
#include "edit.h"

bool fd_is_tty(int fd)
{
	u8 termios[64];
	return sys3(SYS_ioctl, fd, TCGETS, (i64)termios) == 0;
}

/* struct pollfd: include/uapi/asm-generic/poll.h */
struct io_pollfd { i32 fd; u16 events, revents; };
#define POLLNVAL 0x20

/* A closed standard descriptor is a trap: the next file opened takes its
 * number, so a script opened as fd 0 would be read as standard input, and
 * output meant for a closed fd 1 would go into whatever file got 1.  Held
 * on /dev/null opened read-only, fd 0 reads as empty and a write to fd 1
 * or 2 fails with EBADF, which is reported like any write error. */
void io_hold_std_fds(void)
{
	/* one poll(2) tells which are closed: POLLNVAL */
	struct io_pollfd p[3] = { { 0, 0, 0 }, { 1, 0, 0 }, { 2, 0, 0 } };
	if (sys3(SYS_poll, (i64)p, 3, 0) < 0)
		return;
	for (int fd = 0; fd <= 2; fd++)
		if (p[fd].revents & POLLNVAL)
			sys4(SYS_openat, AT_FDCWD, (i64)"/dev/null",
			     O_RDONLY, 0);
}

/* Wait until fd is ready for events (POLLIN or POLLOUT): a non-blocking
 * descriptor says EAGAIN instead of waiting, and spinning on it would
 * burn a core.  Returns early, with -EINTR, when a signal arrives. */
i64 fd_wait(int fd, u16 events)
{
	struct io_pollfd p = { fd, events, 0 };
	return sys3(SYS_poll, (i64)&p, 1, -1);
}

/* Write it all: retry short writes and interruptions, wait out EAGAIN.
 * 0, or the negative errno that stopped it. */
i64 fd_write(int fd, const void *buf, u64 n)
{
	const u8 *p = buf;
	while (n) {
		i64 r = sys3(SYS_write, fd, (i64)p, (i64)n);
		if (r == -EINTR)
			continue;
		if (r == -EAGAIN) {
			fd_wait(fd, POLLOUT);
			continue;
		}
		if (r < 0)
			return r;
		if (r == 0)
			return -EIO; /* write(2) made no progress: give up */
		p += r;
		n -= (u64)r;
	}
	return 0;
}

bool fd_write_all(int fd, const void *buf, u64 n)
{
	return fd_write(fd, buf, n) == 0;
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
	err_write(buf, k.len);
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

/* The size of fd if it is a regular file, else -1. */
static i64 fd_regular_size(int fd)
{
	struct k_stat st;
	if (sys2(SYS_fstat, fd, (i64)&st) != 0)
		return -1;
	return (st.st_mode & S_IFMT) == S_IFREG ? st.st_size : -1;
}

/* Room for cap bytes in *buf, a mapping of *size bytes (or none yet):
 * it grows in place or moves, without a copy.  0 or a negative errno. */
i64 io_grow(char **buf, u64 *size, u64 cap)
{
	i64 p = *buf ? sys4(SYS_mremap, (i64)*buf, (i64)*size, (i64)cap,
			    MREMAP_MAYMOVE)
		     : sys6(SYS_mmap, 0, (i64)cap, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p < 0)
		return p;
	*buf = (char *)p;
	*size = cap;
	return 0;
}

/* One read(2) into buf: a signal retries it unless Ctrl-C is pending,
 * and a non-blocking descriptor (EAGAIN) is waited on, not taken for an
 * error or an end. */
static i64 read_some(int fd, char *buf, u64 n)
{
	for (;;) {
		i64 r = sys3(SYS_read, fd, (i64)buf, (i64)n);
		if (r == -EINTR && !VM->pending)
			continue;
		if (r != -EAGAIN)
			return r;
		if (fd_wait(fd, POLLIN) == -EINTR && VM->pending)
			return -EINTR;
	}
}

i64 fd_read_all(int fd, char **text, u64 *len, u64 *size)
{
	u64 cap = 0, n = 0;
	char *buf = 0;
	i64 r = 0;
	if (fd_regular_size(fd) > (i64)IO_READ_LIMIT)
		return -EFBIG;
	for (;;) {
		if (n + 1 >= cap) {
			r = io_grow(&buf, &cap, cap ? cap * 2 : 65536);
			if (r < 0)
				break;
		}
		/* never more than one byte past the limit: /dev/zero would
		 * fill all the room there is */
		u64 want = cap - n - 1;
		if (want > IO_READ_LIMIT + 1 - n)
			want = IO_READ_LIMIT + 1 - n;
		r = read_some(fd, buf + n, want);
		if (r <= 0)
			break;
		n += (u64)r;
		if (n > IO_READ_LIMIT) {
			r = -EFBIG;
			break;
		}
	}
	if (r < 0) {
		file_free(buf, cap);
		return r;
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

/* Names and texts of the errno values incant may meet (Linux's
 * include/uapi/asm-generic/errno-base.h and errno.h; the texts are
 * glibc's strerror, lower-cased). */
static const struct { u16 num; const char *name, *text; } errnos[] IN_RODATA("errnos") = {
	{ 1, "EPERM", "operation not permitted" },
	{ 2, "ENOENT", "no such file or directory" },
	{ 3, "ESRCH", "no such process" },
	{ 4, "EINTR", "interrupted system call" },
	{ 5, "EIO", "input/output error" },
	{ 6, "ENXIO", "no such device or address" },
	{ 7, "E2BIG", "argument list too long" },
	{ 8, "ENOEXEC", "exec format error" },
	{ 9, "EBADF", "bad file descriptor" },
	{ 10, "ECHILD", "no child processes" },
	{ 11, "EAGAIN", "resource temporarily unavailable" },
	{ 12, "ENOMEM", "out of memory" },
	{ 13, "EACCES", "permission denied" },
	{ 14, "EFAULT", "bad address" },
	{ 16, "EBUSY", "device or resource busy" },
	{ 17, "EEXIST", "file exists" },
	{ 18, "EXDEV", "invalid cross-device link" },
	{ 19, "ENODEV", "no such device" },
	{ 20, "ENOTDIR", "not a directory" },
	{ 21, "EISDIR", "is a directory" },
	{ 22, "EINVAL", "invalid argument" },
	{ 23, "ENFILE", "too many open files in system" },
	{ 24, "EMFILE", "too many open files" },
	{ 25, "ENOTTY", "inappropriate ioctl for device" },
	{ 26, "ETXTBSY", "text file busy" },
	{ 27, "EFBIG", "file too large" },
	{ 28, "ENOSPC", "no space left on device" },
	{ 29, "ESPIPE", "illegal seek" },
	{ 30, "EROFS", "read-only file system" },
	{ 31, "EMLINK", "too many links" },
	{ 32, "EPIPE", "broken pipe" },
	{ 36, "ENAMETOOLONG", "file name too long" },
	{ 38, "ENOSYS", "function not implemented" },
	{ 39, "ENOTEMPTY", "directory not empty" },
	{ 40, "ELOOP", "too many levels of symbolic links" },
	{ 75, "EOVERFLOW", "value too large for defined data type" },
	{ 95, "EOPNOTSUPP", "operation not supported" },
	{ 104, "ECONNRESET", "connection reset by peer" },
	{ 110, "ETIMEDOUT", "connection timed out" },
	{ 111, "ECONNREFUSED", "connection refused" },
	{ 122, "EDQUOT", "disk quota exceeded" },
};

static int errno_index(i64 err)
{
	for (u64 i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].num == -err)
			return (int)i;
	return -1;
}

/* The error's name, "ENOENT"; "E?" for one the table has not
 * (errno-name, for the language too). */
const char *errno_name(i64 err)
{
	int i = errno_index(err);
	return i >= 0 ? errnos[i].name : "E?";
}

/* What a failed read says: "no such file or directory"; "cannot read"
 * for the rare others. */
const char *errno_text(i64 err)
{
	int i = errno_index(err);
	return i >= 0 ? errnos[i].text : "cannot read";
}

/* "ENOSPC (no space left on device)", or "error 123" */
void errno_describe(i64 err, char *out, u64 cap)
{
	int i = errno_index(err);
	if (i >= 0)
		str_fmt(out, cap, "%s (%s)", errnos[i].name, errnos[i].text);
	else
		str_fmt(out, cap, "error %d", -err);
}
