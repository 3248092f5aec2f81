/* lines.h - the line table: which source line compiled each stretch of
 * threaded code, for backtraces. */
#ifndef INCANT_LINES_H
#define INCANT_LINES_H

#include "vm.h"

void lines_note(u64 addr, u32 line);
void lines_forget(u64 addr);
u32 lines_find(u64 addr);

#endif
