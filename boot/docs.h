/* docs.h - the word reference, embedded (docs.c). */
#ifndef INCANT_DOCS_H
#define INCANT_DOCS_H

extern const char docs_words_start[], docs_words_end[];

#endif
