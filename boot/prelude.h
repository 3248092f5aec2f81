/* prelude.h - the language's own source, embedded in the binary. */
#ifndef INCANT_PRELUDE_H
#define INCANT_PRELUDE_H

struct prelude_file {
	const char *name;
	const char *start, *end;
};

/* In load order, ending with a null name. */
extern const struct prelude_file prelude[];

#endif
