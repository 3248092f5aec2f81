/* error.h - error codes, the record of the last error, backtraces. */
#ifndef INCANT_ERROR_H
#define INCANT_ERROR_H

#include "vm.h"
#include "lines.h" /* for the helpers that note lines as they compile */

/* Ask the primitive that called the current helper to throw code, with an
 * optional detail for the message ("undefined word: foo"). */
void error_raise(i64 code, const char *fmt, ...);
void error_record(i64 code);
void error_warn(const char *fmt, ...);
void error_report(i64 code);
void error_record_once(i64 code);
void error_list_callers(u64 rbp, u64 limit);
void error_print_running(u64 rip, u64 rsi);
void error_record_fault(i64 code, const char *detail, u64 rip, u64 rsi, u64 rbp);
u64 error_context_rip(u64 uc);
u64 error_context_rsi(u64 uc);

#endif
