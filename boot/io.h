/* io.h - buffered output, error messages, whole-file input. */
#ifndef INCANT_IO_H
#define INCANT_IO_H

#include <stdarg.h>
#include "sys.h"

void out_init(void);
void out_byte(u8 c);
void out_bytes(const void *p, u64 n);
void out_str(const char *s);
void out_flush(void);
void out_select(int fd);
/* printf-like formatting (%s %d %u %x %c; %d and %u take 64 bits) */
void str_fmt(char *buf, u64 cap, const char *fmt, ...);
void str_vfmt(char *buf, u64 cap, const char *fmt, va_list ap);
void err_fmt(const char *fmt, ...);
_Noreturn void fatal(const char *fmt, ...);
_Noreturn void exit_flushed(int status);
bool fd_is_tty(int fd);
/* Write all n bytes, retrying short writes; false when the fd fails. */
bool fd_write_all(int fd, const void *buf, u64 n);
/* Read all of fd into fresh memory; negative errno on failure. */
i64 fd_read_all(int fd, char **text, u64 *len, u64 *size);
void file_free(char *text, u64 size);
const char *errno_text(i64 err);

#endif
