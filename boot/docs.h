/* docs.h - the word reference, docs/words.md (docs.c). */
#ifndef INCANT_DOCS_H
#define INCANT_DOCS_H

#include "sys.h"

/* The text and its length; 0 if this binary carries none. */
const char *docs_words(u64 *len);

#endif
