/* complete.h - what Tab may complete: words of the dictionary, or file
 * names after `include` and `require`. */
#ifndef INCANT_COMPLETE_H
#define INCANT_COMPLETE_H

#include "sys.h"

/* Call fn on the name of every word a user can find. */
void edit_each_word(void (*fn)(const char *name, u64 len, void *ctx),
		    void *ctx);

/* Find the candidates for the text that ends at pos in buf; their
 * number, sorted, without repeats.  *start: where the part of buf that a
 * candidate replaces begins (after the directory of a file name). */
u32 complete_find(const char *buf, u64 pos, u64 *start);
/* Candidate i, NUL-terminated (a directory with its '/'), and what
 * follows it once chosen: ' ', or 0 (nothing) after a directory. */
const char *complete_name(u32 i);
char complete_suffix(u32 i);

#endif
