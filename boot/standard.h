/* standard.h - standard mode: Forth-2012 meanings, case-insensitive lookup. */
#ifndef INCANT_STANDARD_H
#define INCANT_STANDARD_H

#include "vm.h"

/* Turn standard mode on or off. */
void standard_set(bool on);
/* A file becomes the innermost source: its name's extension chooses the
 * mode it runs in (.fs .fth .4th standard, .e the dialect; any other
 * keeps the mode in force).  text.c gives the includer's back at its end. */
void standard_enter_file(const char *name);

/* helpers (see helpers.c's table) */
u64 *h_standard_mode(u64 *sp);
u64 *h_next_line(u64 *sp);
u64 *h_source_id(u64 *sp);
u64 *h_sourcefilename(u64 *sp);
u64 *h_include_fileid(u64 *sp);
u64 *h_save_input(u64 *sp);
u64 *h_restore_input(u64 *sp);
u64 *h_mark_dictionary(u64 *sp);
u64 *h_restore_dictionary(u64 *sp);
u64 *h_mark_cells(u64 *sp);

#endif
