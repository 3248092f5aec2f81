/* text.h - input sources and the text interpreter's helpers. */
#ifndef INCANT_TEXT_H
#define INCANT_TEXT_H

#include "vm.h"

enum source_kind { SRC_STRING, SRC_FILE, SRC_STDIN };

struct source {
	const char *name;  /* for messages: a string in the log */
	const char *text;
	u64 len, pos;
	u32 line;          /* current line, 1-based */
	u64 line_start;    /* offset of the current line */
	u32 tok_line, tok_col; /* where the last word began */
	u64 tok_pos;
	char *owned;       /* memory to give back when popped */
	u64 owned_size;
	enum source_kind kind;
	bool outer_standard; /* a file: the mode of its includer, back at its end */
};

#define MAX_SOURCES 64
/* What text_push_file returns when MAX_SOURCES are open already (not an
 * errno: ELOOP would read as a symbolic-link loop) */
#define TEXT_TOO_DEEP (-4096)

struct source *text_current(void);
int text_depth(void);
struct source *text_at(int d);
bool text_push_string(const char *name, const char *text, u64 len);
/* Push a file; 0 or a negative errno.  Relative names are looked up beside
 * the including file first, then in the current directory. */
i64 text_push_file(const char *path, bool once);
/* Raise -39: the newest definition is still open at the end of its
 * source (a file, or standard input). */
void text_raise_open_definition(void);
/* Push what is left to read of an open file (Forth-2012 include-file);
 * the descriptor is closed (unless it is standard input).  0 or a
 * negative errno. */
i64 text_push_fileid(i64 fd);
bool text_push_stdin_lines(void);
/* Standard refill: the innermost source's next line (a file's, or the
 * REPL's read from standard input); false at the end, and for a string. */
bool text_next_line(void);
/* save-input / restore-input: where the innermost source is, in n cells
 * (TEXT_INPUT_CELLS); restoring fails (false) unless it is the same
 * source, still at the same text. */
#define TEXT_INPUT_CELLS 4
void text_save_input(u64 *cells);
bool text_restore_input(const u64 *cells);
void text_pop(void);
void text_trim(int depth);
bool text_refill(void);
/* Standard input for key, key? and accept, through the REPL's buffer. */
i64 text_key(void);
bool text_key_ready(void);
u64 text_accept(char *buf, u64 n);
u64 text_take_buffered(char *buf, u64 n);
bool text_parse_word(const char **start, u64 *len);
void text_parse_until(char delim, const char **start, u64 *len, bool *found);
void text_skip_line(void);
/* The input buffer >in (vm.to_in) counts in: a file's current line, a
 * string's whole text, the line the REPL read. */
void text_source(const char **addr, u64 *len);
/* 0: not a number; 1: a cell in value[0]; 2: a double, low cell first */
int text_number(const char *s, u64 len, u64 value[2]);
const char *text_last_file(void);
void text_last_word(char *out, u64 cap);
bool text_word_on_line(void);
u32 text_compile_line(void);

#endif
