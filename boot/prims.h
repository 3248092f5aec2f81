/* prims.h - the primitives, emitted as machine code into the log. */
#ifndef INCANT_PRIMS_H
#define INCANT_PRIMS_H

#include "vm.h"

typedef u64 *(*helper_fn)(u64 *sp);

struct helper {
	const char *name;
	helper_fn fn;
	u8 flags;
};

extern const struct helper helpers[];
extern const int n_helpers;

void prims_emit(void);
void prims_refresh_helpers(void);
/* Run the word xt from C (start-up only); returns when it finishes. */
void prims_run(u64 xt);
u64 prims_xt(const char *name);

#endif
