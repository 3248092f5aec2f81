/* terminal.h - the terminal while the REPL edits a line: raw mode, its
 * width, and the signals that concern it (resize, stop, continue). */
#ifndef INCANT_TERMINAL_H
#define INCANT_TERMINAL_H

#include "sys.h"

/* Standard input is a terminal and there is a terminal to draw on; the
 * fd to draw on (standard output, else standard error). */
bool term_usable(void);
int term_out_fd(void);

/* Raw mode: keys arrive one by one, unechoed, Ctrl-C and Ctrl-Z as
 * bytes.  term_raw_leave restores the settings term_raw_enter found. */
bool term_raw_enter(void);
void term_raw_leave(void);
bool term_is_raw(void);

/* Keys one by one, unechoed, but Ctrl-C still a signal (for `key`); false
 * when standard input is no terminal.  term_raw_leave leaves it. */
bool term_keys_enter(void);

/* Columns of the terminal, 80 when it does not say. */
u32 term_columns(void);

/* The handlers for SIGWINCH, SIGTSTP and SIGCONT, installed only while a
 * line is edited; the previous actions come back on removal. */
void term_signals_install(void);
void term_signals_remove(void);

/* What the handlers noted since the last call, and forget it. */
#define TERM_RESIZED 1u
#define TERM_RESUMED 2u
u32 term_take_events(void);

/* Stop the process as Ctrl-Z does in cooked mode: leave raw mode, stop,
 * and once continued enter raw mode again.  Not wanted when SIGTSTP was
 * ignored when editing began (a shell without job control): nobody
 * would continue us. */
bool term_can_stop(void);
void term_stop(void);

/* Read from standard input: bytes, 0 at end, or a negative errno
 * (-EINTR when a signal came).  term_wait_input: is a byte ready within
 * ms milliseconds? */
i64 term_read(void *buf, u64 n);
bool term_wait_input(int ms);

void term_write(const void *buf, u64 n);

#endif
