/* perfmap.h - /tmp/perf-PID.map, so profilers can name incant's code. */
#ifndef INCANT_PERFMAP_H
#define INCANT_PERFMAP_H

#include "vm.h"

/* Open the map and write a line for all the code made so far. */
void perfmap_start(void);
/* A code word (or trampoline) xt is finished: its code ends at here. */
void perfmap_code_word(u64 xt);
/* `;` put a superinstruction in the body cell `cell` of def_xt. */
void perfmap_super(u64 def_xt, u64 *cell);

#endif
