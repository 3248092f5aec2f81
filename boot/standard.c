/* standard.c - standard mode: where Forth-2012 meanings apply.
 *
 * The dialect and standard Forth share one dictionary of machinery; they
 * differ in a few dozen words whose standard meaning clashes with the
 * dialect's (`create`, `'`, `s"`, `roll`, `find`, `allocate` ...).
 * lib/standard.e defines the standard versions into a wordlist of their
 * own, `standard`.  Standard mode makes lookups ignore case and makes
 * forth-wordlist hold those words too (log.c: log_find_in): in it the
 * standard's `create` answers for "CREATE", while a program's own later
 * definitions still shadow them, and `only forth` keeps them in view.
 *
 * The mode is entered with --std (start.c), by a file's extension (a file
 * named .fs, .fth or .4th runs in it, a .e file in the dialect, and the
 * includer's mode comes back when the file ends: text.c), and by the
 * words `standard-forth` and `incant-dialect`. */
#include "standard.h"
#include "text.h"
#include "log.h"
#include "error.h"
#include "io.h"

#define POP() (*sp++)
#define PUSH(x) (*--sp = (u64)(x))
#define TRUE ((u64)-1)

void standard_set(bool on)
{
	VM->standard = on;
	VM->fold_case = on;
}

static bool ends_with(const char *s, const char *suffix)
{
	u64 n = str_len(s), m = str_len(suffix);
	return n > m && str_eq(s + n - m, suffix);
}

void standard_enter_file(const char *name)
{
	if (ends_with(name, ".fs") || ends_with(name, ".fth") ||
	    ends_with(name, ".4th"))
		standard_set(true);
	else if (ends_with(name, ".e"))
		standard_set(false);
}

/* standard-mode! ( flag -- ): turn standard mode on or off (until the
 * file running ends) */
u64 *h_standard_mode(u64 *sp)
{
	standard_set(POP() != 0);
	return sp;
}

/* (refill) ( -- flag ): the innermost source's next line (text.c) */
u64 *h_next_line(u64 *sp)
{
	PUSH(text_next_line() ? TRUE : 0);
	return sp;
}

/* source-id ( -- 0 | -1 | id ): 0 standard input, -1 a string (evaluate,
 * -e); for a file, which is read whole when it is opened, a positive id
 * that is not an open file: the address of its name */
u64 *h_source_id(u64 *sp)
{
	struct source *s = text_current();
	if (!s || s->kind == SRC_STDIN)
		PUSH(0);
	else if (s->kind == SRC_STRING)
		PUSH(-1);
	else
		PUSH(s->name);
	return sp;
}

/* sourcefilename ( -- addr len ): the name of the innermost source, as
 * error messages show it */
u64 *h_sourcefilename(u64 *sp)
{
	const char *name = text_last_file();
	PUSH(name);
	PUSH(str_len(name));
	return sp;
}

/* include-fileid ( fileid -- ): make the rest of an open file the
 * innermost source (then interpret it: lib/standard.e include-file) */
u64 *h_include_fileid(u64 *sp)
{
	i64 fd = (i64)POP();
	i64 r = text_push_fileid(fd);
	if (r == TEXT_TOO_DEEP)
		error_raise(-37, "fileid %d: sources nested %u deep", fd, MAX_SOURCES);
	if (r < 0)
		error_raise(-37, "fileid %d: %s", fd, errno_text(r));
	return sp;
}

/* save-input ( -- x1 .. xn n ) */
u64 *h_save_input(u64 *sp)
{
	u64 cells[TEXT_INPUT_CELLS];
	text_save_input(cells);
	for (int i = 0; i < TEXT_INPUT_CELLS; i++)
		PUSH(cells[i]);
	PUSH(TEXT_INPUT_CELLS);
	return sp;
}

/* restore-input ( x1 .. xn n -- flag ): false when it worked (the
 * standard's sense); true for what another source saved */
u64 *h_restore_input(u64 *sp)
{
	u64 n = POP();
	if (n != TEXT_INPUT_CELLS) {
		if (n > 64) {
			error_raise(-24, "restore-input: %u cells", n);
			return sp;
		}
		sp += n;
		PUSH(TRUE);
		return sp;
	}
	u64 cells[TEXT_INPUT_CELLS];
	for (int i = 0; i < TEXT_INPUT_CELLS; i++)
		cells[i] = sp[TEXT_INPUT_CELLS - 1 - i];
	sp += TEXT_INPUT_CELLS;
	PUSH(text_restore_input(cells) ? 0 : TRUE);
	return sp;
}

/* ---- marker ----
 * What a marker keeps: where the log, the data region and the
 * superinstructions end, the newest entry, the wordlists, the search
 * order and the current wordlist. */
enum { MK_HERE, MK_LATEST, MK_DATA, MK_CODE, MK_PIECES, MK_CURRENT,
       MK_WORDLISTS, MK_N_ORDER, MK_ORDER };

/* mark-dictionary ( addr -- ): note the state at addr (MARK_CELLS) */
u64 *h_mark_dictionary(u64 *sp)
{
	u64 *m = (u64 *)POP();
	m[MK_HERE] = VM->here;
	m[MK_LATEST] = VM->latest;
	m[MK_DATA] = VM->data_here;
	m[MK_CODE] = VM->code_here;
	m[MK_PIECES] = VM->n_pieces;
	m[MK_CURRENT] = VM->current;
	m[MK_WORDLISTS] = VM->n_wordlists;
	m[MK_N_ORDER] = VM->n_order;
	memcpy(&m[MK_ORDER], VM->order, sizeof VM->order);
	return sp;
}

/* restore-dictionary ( addr -- ): go back to the state noted at addr:
 * what was defined since is gone */
u64 *h_restore_dictionary(u64 *sp)
{
	const u64 *m = (const u64 *)POP();
	if (m[MK_HERE] < VM->sealed_end || m[MK_HERE] > VM->here) {
		error_raise(-2, "this marker's words are gone already");
		return sp;
	}
	lines_forget(m[MK_HERE]);
	log_forget(m[MK_HERE], m[MK_LATEST]);
	if (m[MK_DATA] <= VM->data_here)
		VM->data_here = m[MK_DATA];
	if (m[MK_CODE] <= VM->code_here) {
		VM->code_here = m[MK_CODE];
		VM->n_pieces = m[MK_PIECES];
	}
	VM->n_wordlists = m[MK_WORDLISTS];
	VM->current = m[MK_CURRENT] <= VM->n_wordlists ? m[MK_CURRENT] : FORTH_WORDLIST;
	VM->n_order = m[MK_N_ORDER];
	memcpy(VM->order, &m[MK_ORDER], sizeof VM->order);
	return sp;
}

/* mark-cells ( -- n ): the cells mark-dictionary writes */
u64 *h_mark_cells(u64 *sp)
{
	PUSH(MK_ORDER + MAX_ORDER);
	return sp;
}
