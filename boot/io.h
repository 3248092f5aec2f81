/* io.h - buffered output (out.c), descriptors, error messages, whole-file
 * input (io.c). */
#ifndef INCANT_IO_H
#define INCANT_IO_H

#include <stdarg.h>
#include "sys.h"

void out_init(void);
/* Hold every signal but the faults, SIGPIPE and the job-control stops
 * (out.c), and give the mask back: the old mask. */
u64 signals_hold(void);
void signals_release(u64 old);
void out_byte(u8 c);
void out_bytes(const void *p, u64 n);
void out_str(const char *s);
void out_flush(void);
void out_select(int fd);
/* A throw is about to unwind to the catch frame `frame` (error_record). */
void out_unwind(u64 frame);
/* Write to standard error at once, after flushing standard output. */
void err_write(const void *p, u64 n);
/* printf-like formatting (%s %d %u %x %c; %d and %u take 64 bits) */
void str_fmt(char *buf, u64 cap, const char *fmt, ...);
void str_vfmt(char *buf, u64 cap, const char *fmt, va_list ap);
void err_fmt(const char *fmt, ...);
_Noreturn void fatal(const char *fmt, ...);
_Noreturn void exit_flushed(int status);
bool fd_is_tty(int fd);
/* Write all n bytes, retrying short writes: 0 or the negative errno. */
i64 fd_write(int fd, const void *buf, u64 n);
/* The same, true when it all went. */
bool fd_write_all(int fd, const void *buf, u64 n);
/* poll(2) events: include/uapi/asm-generic/poll.h */
#define POLLIN 0x0001
#define POLLOUT 0x0004
/* poll(2) one fd for events with no timeout; -EINTR on a signal. */
i64 fd_wait(int fd, u16 events);
/* Read all of fd into fresh memory; negative errno on failure, -EFBIG
 * past IO_READ_LIMIT bytes (a source file, the history file). */
#define IO_READ_LIMIT (256ul << 20)
i64 fd_read_all(int fd, char **text, u64 *len, u64 *size);
void file_free(char *text, u64 size);
/* Room for cap bytes in *buf, a mapping of *size bytes or 0 (mremap). */
i64 io_grow(char **buf, u64 *size, u64 cap);
const char *errno_text(i64 err);
void errno_describe(i64 err, char *out, u64 cap);
const char *errno_name(i64 err);
/* Standard input, output and error closed at start: hold them open on
 * /dev/null (read-only), so no file opened later takes their numbers. */
void io_hold_std_fds(void);

#endif
