/* edit.h - the REPL's line editor: keys, history, completion. */
#ifndef INCANT_EDIT_H
#define INCANT_EDIT_H

#include "sys.h"

/* Standard input is a terminal and the REPL is interactive: read lines
 * with the editor, not as the terminal's cooked mode gives them. */
bool edit_wanted(void);

enum edit_result {
	EDIT_LINE,  /* a line, in out */
	EDIT_END,   /* end of input (Ctrl-D on an empty line) */
	EDIT_OFF,   /* the terminal refused raw mode: read it plainly */
};

/* Read one line, without its newline, into out (cap bytes). */
enum edit_result edit_read_line(char *out, u64 cap, u64 *len);

/* Give the terminal back as it was, if the editor has it: called on
 * every way out while a line may be read (exit, fatal errors, an error
 * report).  Also drops the lines of a recalled entry not yet run. */
void edit_restore(void);

/* At exit: keep the last history entry, which waits to learn whether
 * a definition goes on past it. */
void edit_keep_history(void);

#endif
