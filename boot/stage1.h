/* stage1.h - building the language from source, in incant-stage1 only
 * (stage1.c).  start.c declares these weak: in incant they are absent. */
#ifndef INCANT_STAGE1_H
#define INCANT_STAGE1_H

#include "sys.h"

/* Emit the primitives and interpret the prelude into the empty regions. */
void stage1_build(void) __attribute__((weak));
/* Print the reference's rows for the words C makes (--list-prims). */
void stage1_list_prims(void) __attribute__((weak));
/* Write the start-up image of what stage1_build made to path, and the
 * image file to file_path (snapshot.c). */
bool stage1_write_image(const char *path, const char *file_path) __attribute__((weak));

#endif
