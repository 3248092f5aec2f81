/* prims.h - the primitives, emitted as machine code into the log. */
#ifndef INCANT_PRIMS_H
#define INCANT_PRIMS_H

#include "vm.h"

typedef u64 *(*helper_fn)(u64 *sp);

/* The seam: every word the C code makes is declared once, here in a
 * table (prims.c for the primitives, helpers.c for the C helpers), with
 * its name, flags, stack effect and a one-line doc (docs/design.md, "The
 * declarations").  docs/words.md's rows for these words are printed from
 * the declarations (incant --list-prims) and tests/seam.bats checks that
 * they match.  The flags are the entry's (vm.h: F_IMMEDIATE,
 * F_COMPILE_ONLY, F_QUIET, F_HIDDEN) and these: */
#define D_FUSABLE 0x100  /* a superinstruction may copy the body (prims.c checks) */
#define D_INTERNAL 0x200 /* machinery: not documented, kept in core-internals */
#define D_ENTRY_FLAGS 0xff
struct word_decl {
	const char *name;
	u16 flags;
	const char *effect; /* ( before -- after ) */
	const char *doc;    /* one line: the meaning column of the reference */
};

/* A declaration's stack effect and doc are read only by --list-prims, in
 * incant-stage1: the Makefile compiles the tables with DECLARATION_DOCS
 * there, and incant's copy leaves the strings out. */
#ifdef DECLARATION_DOCS
#define DOCS(effect, doc) effect, doc
#else
#define DOCS(effect, doc) 0, 0
#endif

struct helper {
	const char *name;
	helper_fn fn;
	u16 flags;
	const char *effect, *doc;
};

extern const struct helper helpers[];
extern const int n_helpers;

void prims_emit(void);
/* The C helpers' addresses in the global block's fixed page, which an
 * image holds as the binary that made it had them: fill them in, or ask
 * whether they are this binary's already (an image file it wrote). */
void prims_refresh_helpers(void);
bool prims_helpers_current(void);
/* Before the language runs: the process's arguments, environment and
 * flags in the global block (core/glue.e reads them). */
void prims_give_process(void);
/* Run the word xt from C (start-up only); returns when it finishes. */
void prims_run(u64 xt);
u64 prims_xt(const char *name);
/* Print the reference's rows for the declared words (incant --list-prims). */
void prims_list(void);

#endif
