/* profile.h - lookups for the sampling profiler (lib/profile.e). */
#ifndef INCANT_PROFILE_H
#define INCANT_PROFILE_H

#include "vm.h"

/* The primitive or code word whose machine code holds rip, or 0. */
u64 profile_code_word_at(u64 rip);
/* The colon definition a return point r lies in (the cell before r holds
 * an xt), or 0: also for a quiet definition, as backtraces leave out. */
u64 profile_caller_word(u64 r);
/* The colon definition an interrupted rsi points into (rsi-8 in its body,
 * or its codeword), or 0, also for a quiet one. */
u64 profile_body_word(u64 rsi);
/* The primitive copied into a superinstruction at rip and (*via) the
 * definition it was inlined from; 0 and 0 outside superinstructions. */
u64 profile_super_piece(u64 rip, u64 *via);

#endif
