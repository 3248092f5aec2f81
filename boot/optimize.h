/* optimize.h - superinstructions for colon definitions. */
#ifndef INCANT_OPTIMIZE_H
#define INCANT_OPTIMIZE_H

#include "vm.h"

/* Join the straight runs of primitives in a finished colon definition. */
void optimize_definition(u64 xt);
/* The primitive whose copy holds rip, when rip is in superinstruction
 * code, else 0; *via is the inlined definition it came from, or 0. */
u64 optimize_prim_at(u64 rip, u64 *via);
bool optimize_is_super(u64 xt);

#endif
