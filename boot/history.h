/* history.h - the REPL's history: in memory, and in a file across
 * sessions. */
#ifndef INCANT_HISTORY_H
#define INCANT_HISTORY_H

#include "sys.h"

#define HIST_MAX 1000 /* entries kept */

/* Read the file, once. */
void hist_load(void);
/* Add an entry (skipped when blank or the same as the newest) and append
 * it to the file. */
void hist_add(const char *s, u64 n);
u32 hist_count(void);
/* Entry i, 0 the oldest. */
const char *hist_get(u32 i, u64 *len);

#endif
