/* edit.c - the REPL's line editor.
 *
 * Used by text_refill when standard input is a terminal and the REPL is
 * interactive.  It puts the terminal in raw mode for the time a line is
 * read (terminal.c), decodes keys (keys.c), keeps the line in a buffer
 * with a cursor, and redraws it whole after each change: the text,
 * wrapped at the terminal's width, and the cursor placed in it.
 *
 * The buffer may hold newlines: a multi-line history entry (the lines of
 * one definition) comes back as one buffer, shown on several rows, and
 * Enter feeds its lines to the interpreter one at a time, each echoed as
 * if typed.  History entries follow definitions: the lines read while a
 * `:` definition stays open after them make one entry.
 *
 * The display assumes the line starts in column 0 (the REPL has no
 * prompt) and that the terminal reflows wrapped rows when it is resized,
 * as tmux, VTE, kitty and most terminals today do. */
#include "edit.h"
#include "terminal.h"
#include "keys.h"
#include "history.h"
#include "complete.h"
#include "args.h"
#include "io.h"
#include "vm.h"

/* Bytes in a line (text.c's first line buffer holds as much).  Past it
 * a key is refused with the terminal's bell, never dropped unannounced;
 * longer lines can come through a pipe (text.c). */
#define EDIT_MAX 65536

/* The line: bytes, the cursor always on a character boundary. */
static char edit_buf[EDIT_MAX];
static u64 edit_len, edit_pos;
static bool edit_dirty;  /* changed since last drawn */
static bool edit_refused; /* a key did not fit: ring the bell */
static bool edit_active; /* a line is being read: raw mode, signals, screen */

/* ---- characters ---- */

static bool edit_continuation(u8 c)
{
	return (c & 0xc0) == 0x80;
}

static bool edit_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Bytes of the character at s[i] (a lead byte and its continuations). */
static u64 edit_char_len(const char *s, u64 i, u64 n)
{
	u64 j = i + 1;
	while (j < n && edit_continuation((u8)s[j]))
		j++;
	return j - i;
}

static u64 edit_prev_char(u64 pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && edit_continuation((u8)edit_buf[pos]))
		pos--;
	return pos;
}

static u64 edit_next_char(u64 pos)
{
	return pos < edit_len ? pos + edit_char_len(edit_buf, pos, edit_len)
			      : pos;
}

/* Words, for Alt-B, Alt-F and Ctrl-W, are what Forth calls words:
 * separated by white space. */
static u64 edit_word_left(u64 pos)
{
	while (pos > 0 && edit_space(edit_buf[pos - 1]))
		pos--;
	while (pos > 0 && !edit_space(edit_buf[pos - 1]))
		pos--;
	return pos;
}

static u64 edit_word_right(u64 pos)
{
	while (pos < edit_len && edit_space(edit_buf[pos]))
		pos++;
	while (pos < edit_len && !edit_space(edit_buf[pos]))
		pos++;
	return pos;
}

/* Home and End go to the ends of the buffer's line the cursor is on. */
static u64 edit_line_start(u64 pos)
{
	while (pos > 0 && edit_buf[pos - 1] != '\n')
		pos--;
	return pos;
}

static u64 edit_line_end(u64 pos)
{
	while (pos < edit_len && edit_buf[pos] != '\n')
		pos++;
	return pos;
}

/* ---- output to the terminal ---- */

static char edit_out[4096];
static u64 edit_out_n;

static void edit_flush(void)
{
	term_write(edit_out, edit_out_n);
	edit_out_n = 0;
}

static void edit_put(const char *s, u64 n)
{
	while (n--) {
		if (edit_out_n == sizeof edit_out)
			edit_flush();
		edit_out[edit_out_n++] = *s++;
	}
}

static void edit_puts(const char *s)
{
	edit_put(s, str_len(s));
}

/* ESC [ n final: cursor movement (ECMA-48 CUU A, CUD B, CUF C). */
static void edit_csi(u64 n, char final)
{
	char seq[32];
	str_fmt(seq, sizeof seq, "\033[%u%c", n, final);
	edit_puts(seq);
}

/* ---- the screen ---- */

/* A place on the screen: rows from the first row of the edit area. */
struct edit_spot { u64 row, col; };

static u32 edit_cols;          /* the terminal's width */
static u64 edit_row;           /* the row the cursor is on now */
static u64 edit_rows;          /* rows the last drawing took */
static char edit_prefix[600];  /* shown before the text: the search's */
static u64 edit_cut;  /* 1 + the bytes of the buffer shown, when fewer; 0: all */

/* Step over the character at s[i]: move the spot past it and, when
 * drawing, write it.  A character in the last column wraps at once: the
 * cursor is put on the next row with " \r" (the space makes the terminal
 * wrap, and is overwritten or cleared later), so that where the cursor
 * is never depends on the terminal's pending-wrap state. */
static u64 edit_step(const char *s, u64 i, u64 n, struct edit_spot *sp,
		     bool draw)
{
	u8 c = (u8)s[i];
	if (c == '\n') {
		if (draw)
			edit_puts("\r\n");
		sp->row++;
		sp->col = 0;
		return 1;
	}
	u64 len = edit_char_len(s, i, n);
	if (draw) {
		if (c < 0x20 || c == 0x7f)
			edit_puts("?");
		else
			edit_put(s + i, len);
	}
	if (++sp->col >= edit_cols) {
		if (draw)
			edit_puts(" \r");
		sp->row++;
		sp->col = 0;
	}
	return len;
}

static u64 edit_shown_len(void)
{
	return edit_cut && edit_cut - 1 < edit_len ? edit_cut - 1 : edit_len;
}

/* Where offset upto of the buffer is on the screen (draw: and write
 * everything up to there on the way). */
static struct edit_spot edit_walk(u64 upto, bool draw, struct edit_spot *cursor)
{
	struct edit_spot sp = { 0, 0 };
	u64 np = str_len(edit_prefix);
	for (u64 i = 0; i < np;)
		i += edit_step(edit_prefix, i, np, &sp, draw);
	for (u64 i = 0; i < upto;) {
		if (cursor && i == edit_pos)
			*cursor = sp;
		i += edit_step(edit_buf, i, upto, &sp, draw);
	}
	if (cursor && edit_pos >= upto)
		*cursor = sp;
	return sp;
}

/* From the cursor's row to a spot. */
static void edit_move_to(struct edit_spot to)
{
	if (edit_row > to.row)
		edit_csi(edit_row - to.row, 'A');
	else if (edit_row < to.row)
		edit_csi(to.row - edit_row, 'B');
	edit_puts("\r");
	if (to.col)
		edit_csi(to.col, 'C');
	edit_row = to.row;
}

/* Draw it all again: clear the rows drawn last time, from the last up
 * to the first (each with ESC [ K: erasing to the end of the screen from
 * its top-left corner would make tmux save the screen in its
 * scrollback), write, then put the cursor where it belongs. */
static void edit_refresh(void)
{
	u64 last = edit_rows ? edit_rows - 1 : 0;
	if (last > edit_row)
		edit_csi(last - edit_row, 'B');
	for (u64 r = last; r > 0; r--)
		edit_puts("\r\033[K\033[A");
	edit_puts("\r\033[K");
	struct edit_spot cursor = { 0, 0 };
	struct edit_spot end = edit_walk(edit_shown_len(), true, &cursor);
	edit_row = end.row;
	edit_rows = end.row + 1;
	edit_move_to(cursor);
	edit_flush();
	edit_dirty = false;
}

/* The next drawing starts on the cursor's row, taking nothing above. */
static void edit_fresh(void)
{
	edit_row = 0;
	edit_rows = 1;
}

/* Leave the line drawn, write mark after it, and put the cursor at the
 * start of the next row, where output goes (a wrap may have put it at a
 * row's start already). */
static void edit_close_display_with(const char *mark)
{
	struct edit_spot end = edit_walk(edit_shown_len(), false, 0);
	edit_move_to(end);
	edit_puts(mark);
	if (mark[0] || end.col != 0 || end.row == 0)
		edit_puts("\r\n");
	edit_flush();
	edit_fresh();
}

static void edit_close_display(void)
{
	edit_close_display_with("");
}

/* ---- changing the line ---- */

static void edit_set(const char *s, u64 n)
{
	if (n > EDIT_MAX) {
		n = EDIT_MAX;
		edit_refused = true;
	}
	memmove(edit_buf, s, n);
	edit_len = edit_pos = n;
	edit_dirty = true;
}

static void edit_insert(const char *s, u64 n)
{
	if (edit_len + n > EDIT_MAX) {
		edit_refused = true;
		return;
	}
	memmove(edit_buf + edit_pos + n, edit_buf + edit_pos, edit_len - edit_pos);
	memcpy(edit_buf + edit_pos, s, n);
	edit_len += n;
	edit_pos += n;
	edit_dirty = true;
}

static void edit_delete(u64 from, u64 to)
{
	memmove(edit_buf + from, edit_buf + to, edit_len - to);
	edit_len -= to - from;
	edit_pos = from;
	edit_dirty = true;
}

/* What Ctrl-K, Ctrl-U and Ctrl-W cut, for Ctrl-Y. */
static char edit_killed[EDIT_MAX];
static u64 edit_killed_len;

static void edit_kill(u64 from, u64 to)
{
	if (from == to)
		return;
	memcpy(edit_killed, edit_buf + from, to - from);
	edit_killed_len = to - from;
	edit_delete(from, to);
}

static void edit_move(u64 pos)
{
	if (pos != edit_pos)
		edit_dirty = true;
	edit_pos = pos;
}

/* ---- history: Up and Down ---- */

static u32 edit_hist_at;           /* hist_count(): the new line */
static char edit_draft[EDIT_MAX];  /* the new line, while Up shows others */
static u64 edit_draft_len;

static void edit_history_move(int step)
{
	u32 n = hist_count();
	if ((step < 0 && edit_hist_at == 0) || (step > 0 && edit_hist_at >= n))
		return;
	if (edit_hist_at == n) {
		memcpy(edit_draft, edit_buf, edit_len);
		edit_draft_len = edit_len;
	}
	edit_hist_at += (u32)step;
	if (edit_hist_at == n) {
		edit_set(edit_draft, edit_draft_len);
	} else {
		u64 len;
		const char *s = hist_get(edit_hist_at, &len);
		edit_set(s, len);
	}
}

/* ---- Ctrl-R: reverse incremental search ---- */

static bool edit_searching;
static char edit_query[256], edit_last_query[256];
static u64 edit_query_len, edit_last_query_len;
static i64 edit_found;        /* the entry shown, -1 before any */
static bool edit_failed;
static char edit_before[EDIT_MAX]; /* the line as it was, for Ctrl-G */
static u64 edit_before_len, edit_before_pos;
static u32 edit_before_hist;

static void edit_search_prefix(void)
{
	char q[sizeof edit_query + 1];
	memcpy(q, edit_query, edit_query_len);
	q[edit_query_len] = 0;
	str_fmt(edit_prefix, sizeof edit_prefix, "(%sreverse-i-search)`%s': ",
		edit_failed ? "failed " : "", q);
	edit_dirty = true;
}

static i64 edit_find_in(const char *s, u64 n)
{
	for (u64 i = 0; i + edit_query_len <= n; i++)
		if (memcmp(s + i, edit_query, edit_query_len) == 0)
			return (i64)i;
	return -1;
}

/* The newest entry at or before `from` holding the query: shown, with
 * the cursor on the match; if none, the line stays and the search says
 * it failed. */
static void edit_search_from(i64 from)
{
	for (i64 i = from; i >= 0; i--) {
		u64 len;
		const char *s = hist_get((u32)i, &len);
		/* in what the line can hold of it (a history file edited by
		 * hand may hold longer): the cursor goes to the match */
		i64 at = edit_find_in(s, len < EDIT_MAX ? len : EDIT_MAX);
		if (at >= 0) {
			edit_set(s, len);
			edit_pos = (u64)at;
			edit_found = i;
			edit_hist_at = (u32)i;
			edit_failed = false;
			edit_search_prefix();
			return;
		}
	}
	edit_failed = true;
	edit_search_prefix();
}

static void edit_search_begin(void)
{
	memcpy(edit_before, edit_buf, edit_len);
	edit_before_len = edit_len;
	edit_before_pos = edit_pos;
	edit_before_hist = edit_hist_at;
	edit_searching = true;
	edit_query_len = 0;
	edit_found = -1;
	edit_failed = false;
	edit_search_prefix();
}

/* Leave the search, keeping what it found (or, cancelled, the line as
 * it was). */
static void edit_search_end(bool keep)
{
	edit_searching = false;
	edit_prefix[0] = 0;
	edit_dirty = true;
	if (edit_query_len) {
		memcpy(edit_last_query, edit_query, edit_query_len);
		edit_last_query_len = edit_query_len;
	}
	if (!keep) {
		edit_set(edit_before, edit_before_len);
		edit_pos = edit_before_pos;
		edit_hist_at = edit_before_hist;
	}
}

/* Ctrl-R again: an older match; with nothing typed yet, the last
 * search's text. */
static void edit_search_older(void)
{
	if (!edit_query_len && edit_last_query_len) {
		memcpy(edit_query, edit_last_query, edit_last_query_len);
		edit_query_len = edit_last_query_len;
	}
	if (!edit_query_len) {
		edit_search_prefix();
		return;
	}
	i64 from = edit_found >= 0 ? edit_found - 1 : (i64)hist_count() - 1;
	if (from >= 0)
		edit_search_from(from);
	else {
		edit_failed = true;
		edit_search_prefix();
	}
}

static void edit_search_type(const struct key *k)
{
	if (edit_query_len + k->len >= sizeof edit_query)
		return;
	memcpy(edit_query + edit_query_len, k->text, k->len);
	edit_query_len += k->len;
	edit_search_from(edit_found >= 0 ? edit_found : (i64)hist_count() - 1);
}

static void edit_search_erase(void)
{
	if (!edit_query_len)
		return;
	do
		edit_query_len--;
	while (edit_query_len && edit_continuation((u8)edit_query[edit_query_len]));
	edit_found = -1;
	if (edit_query_len)
		edit_search_from((i64)hist_count() - 1);
	else
		edit_search_prefix();
}

/* A key while searching; false when it ends the search and should then
 * be handled as usual. */
static bool edit_search_key(const struct key *k)
{
	switch (k->code) {
	case KEY_TEXT:
		edit_search_type(k);
		return true;
	case KEY_SEARCH:
		edit_search_older();
		return true;
	case KEY_BACKSPACE:
		edit_search_erase();
		return true;
	case KEY_CANCEL:
	case KEY_ESCAPE:
		edit_search_end(false);
		return true;
	case KEY_IGNORED:
	case KEY_SIGNAL:
		return true;
	default:
		edit_search_end(true);
		return false;
	}
}

/* ---- Tab: completion ---- */

static u64 edit_columns_of(const char *s)
{
	u64 n = 0;
	for (; *s; s++)
		n += !edit_continuation((u8)*s);
	return n;
}

/* The candidates in columns below the line, sorted down each column as
 * ls does; then the line again. */
static void edit_list(u32 n)
{
	u64 widest = 0;
	for (u32 i = 0; i < n; i++) {
		u64 w = edit_columns_of(complete_name(i));
		if (w > widest)
			widest = w;
	}
	u64 width = widest + 2, per_row = edit_cols / width;
	if (per_row == 0)
		per_row = 1;
	u64 rows = (n + per_row - 1) / per_row;
	edit_close_display();
	for (u64 r = 0; r < rows; r++) {
		for (u64 c = 0; c < per_row; c++) {
			u64 i = c * rows + r;
			if (i >= n)
				break;
			const char *s = complete_name((u32)i);
			edit_puts(s);
			if (c + 1 < per_row && i + rows < n)
				for (u64 w = edit_columns_of(s); w < width; w++)
					edit_puts(" ");
		}
		edit_puts("\r\n");
	}
	edit_flush();
	edit_dirty = true;
}

/* How many bytes all candidates share, cut back to a whole character. */
static u64 edit_common_prefix(u32 n)
{
	const char *first = complete_name(0);
	u64 k = str_len(first);
	for (u32 i = 1; i < n; i++) {
		const char *s = complete_name(i);
		u64 j = 0;
		while (j < k && s[j] == first[j])
			j++;
		k = j;
	}
	while (k > 0 && first[k] && edit_continuation((u8)first[k]))
		k--;
	return k;
}

static void edit_replace(u64 from, const char *s, u64 n)
{
	edit_delete(from, edit_pos);
	edit_insert(s, n);
}

/* One candidate: take it.  Several: take what they share; when that
 * adds nothing, a second Tab in a row lists them. */
static void edit_complete(bool again)
{
	u64 start;
	u32 n = complete_find(edit_buf, edit_pos, &start);
	if (n == 0)
		return;
	const char *first = complete_name(0);
	u64 typed = edit_pos - start;
	if (n == 1) {
		edit_replace(start, first, str_len(first));
		char suffix = complete_suffix(0);
		if (suffix)
			edit_insert(&suffix, 1);
		return;
	}
	u64 common = edit_common_prefix(n);
	if (common > typed)
		edit_replace(start, first, common);
	else if (again)
		edit_list(n);
}

/* ---- one key ---- */

enum edit_outcome { EDIT_GO_ON, EDIT_ACCEPT, EDIT_EOF };

static void edit_start_line(void)
{
	edit_len = edit_pos = 0;
	edit_fresh();
	edit_hist_at = hist_count();
	edit_searching = false;
	edit_prefix[0] = 0;
	edit_dirty = false; /* nothing to draw yet */
}

/* Ctrl-C: the line is dropped where it stands, a fresh one begins. */
static void edit_interrupt(void)
{
	edit_close_display_with("^C");
	edit_start_line();
}

/* Ctrl-L: ESC [ H (home) and ESC [ 2 J (erase the whole screen). */
static void edit_clear_screen(void)
{
	edit_puts("\033[H\033[2J");
	edit_fresh();
	edit_dirty = true;
}

/* Ctrl-Z: "^Z" after the line, as the terminal would echo it, and stop;
 * the shell says the rest.  Once continued, the line is drawn afresh
 * where the cursor is then (see edit_events). */
static void edit_suspend(void)
{
	if (!term_can_stop())
		return;
	if (edit_dirty)
		edit_refresh();
	edit_move_to(edit_walk(edit_shown_len(), false, 0));
	edit_puts("^Z");
	edit_flush();
	edit_fresh();
	term_stop();
}

static enum edit_outcome edit_key(const struct key *k, bool again)
{
	switch (k->code) {
	case KEY_TEXT: edit_insert((const char *)k->text, k->len); break;
	case KEY_ENTER: return EDIT_ACCEPT;
	case KEY_TAB: edit_complete(again); break;
	case KEY_BACKSPACE: edit_delete(edit_prev_char(edit_pos), edit_pos); break;
	case KEY_DELETE: edit_delete(edit_pos, edit_next_char(edit_pos)); break;
	case KEY_LEFT: edit_move(edit_prev_char(edit_pos)); break;
	case KEY_RIGHT: edit_move(edit_next_char(edit_pos)); break;
	case KEY_UP: edit_history_move(-1); break;
	case KEY_DOWN: edit_history_move(1); break;
	case KEY_HOME: edit_move(edit_line_start(edit_pos)); break;
	case KEY_END: edit_move(edit_line_end(edit_pos)); break;
	case KEY_WORD_LEFT: edit_move(edit_word_left(edit_pos)); break;
	case KEY_WORD_RIGHT: edit_move(edit_word_right(edit_pos)); break;
	case KEY_KILL_END: edit_kill(edit_pos, edit_line_end(edit_pos)); break;
	case KEY_KILL_START: edit_kill(edit_line_start(edit_pos), edit_pos); break;
	case KEY_KILL_WORD: edit_kill(edit_word_left(edit_pos), edit_pos); break;
	case KEY_YANK: edit_insert(edit_killed, edit_killed_len); break;
	case KEY_CLEAR: edit_clear_screen(); break;
	case KEY_SEARCH: edit_search_begin(); break;
	case KEY_INTERRUPT: edit_interrupt(); break;
	case KEY_EOF:
		if (edit_len == 0)
			return EDIT_EOF;
		edit_delete(edit_pos, edit_next_char(edit_pos));
		break;
	case KEY_SUSPEND: edit_suspend(); break;
	default: break;
	}
	return EDIT_GO_ON;
}

/* ---- reading a line ---- */

/* What the signal handlers noted.  After a resize the terminal has
 * reflowed the rows, so the cursor is where the new width puts it;
 * after a stop the shell has written below, so the line starts afresh
 * on the cursor's row. */
static void edit_events(void)
{
	u32 e = term_take_events();
	if (e & TERM_RESIZED) {
		edit_cols = term_columns();
		struct edit_spot cursor = { 0, 0 };
		struct edit_spot end = edit_walk(edit_shown_len(), false, &cursor);
		edit_row = cursor.row;
		edit_rows = end.row + 1;
		edit_dirty = true;
	}
	if (e & TERM_RESUMED) {
		edit_fresh();
		edit_dirty = true;
	}
}

/* Keys until the line is done.  Drawing waits until no key is pending,
 * so pasted text is drawn once.  VM->pending set while we wait (an
 * interrupt noted by a signal handler) ends the line at once: the
 * primitive that called us throws it. */
static enum edit_outcome edit_loop(void)
{
	bool after_tab = false;
	for (;;) {
		if (VM->pending)
			return EDIT_ACCEPT;
		edit_events();
		if (edit_dirty && !key_buffered())
			edit_refresh();
		if (edit_refused && !key_buffered()) { /* once for a paste */
			term_write("\a", 1);
			edit_refused = false;
		}
		struct key k;
		key_read(&k);
		if (k.code == KEY_SIGNAL)
			continue;
		if (k.code == KEY_CLOSED)
			return EDIT_EOF;
		if (edit_searching && edit_search_key(&k))
			continue;
		enum edit_outcome o = edit_key(&k, after_tab);
		after_tab = k.code == KEY_TAB;
		if (o != EDIT_GO_ON)
			return o;
	}
}

/* ---- the lines of a recalled multi-line entry, still to run ---- */

static char edit_queue[EDIT_MAX];
static u64 edit_queue_len, edit_queue_pos;
static bool edit_queued;

/* The history entry being gathered: the lines read since the REPL last
 * left a definition, joined by newlines.  Kept once a line leaves the
 * interpreter out of compile state. */
static char edit_entry[EDIT_MAX];
static u64 edit_entry_len;
static bool edit_entry_open, edit_entry_too_long;

static void edit_entry_add(const char *s, u64 n)
{
	u64 sep = edit_entry_open ? 1 : 0;
	if (edit_entry_len + sep + n > EDIT_MAX) {
		edit_entry_too_long = true;
	} else {
		if (sep)
			edit_entry[edit_entry_len++] = '\n';
		memcpy(edit_entry + edit_entry_len, s, n);
		edit_entry_len += n;
	}
	edit_entry_open = true;
}

static void edit_entry_keep(void)
{
	if (edit_entry_open && !edit_entry_too_long)
		hist_add(edit_entry, edit_entry_len);
	edit_entry_open = edit_entry_too_long = false;
	edit_entry_len = 0;
}

static void edit_queue_put(const char *s, u64 n)
{
	memcpy(edit_queue, s, n);
	edit_queue_len = n;
	edit_queue_pos = 0;
	edit_queued = true;
}

/* The next queued line, echoed as if typed. */
static u64 edit_queue_take(char *out, u64 cap)
{
	const char *s = edit_queue + edit_queue_pos;
	u64 left = edit_queue_len - edit_queue_pos, n = 0;
	while (n < left && s[n] != '\n')
		n++;
	edit_queue_pos += n + 1;
	edit_queued = n < left;
	term_write(s, n);
	term_write("\r\n", 2);
	if (n > cap)
		n = cap;
	memcpy(out, s, n);
	return n;
}

/* An error stopped the entry: its other lines do not run, but they stay
 * in the history entry, to be fixed and run again. */
static void edit_queue_drop(void)
{
	if (edit_queued)
		edit_entry_add(edit_queue + edit_queue_pos,
			       edit_queue_len - edit_queue_pos);
	edit_queued = false;
}

/* Enter: the line's first line goes to the interpreter now, the rest
 * (a recalled multi-line entry) one at a time after it.  Only the first
 * stays drawn: the others are echoed as they run. */
static u64 edit_accept(char *out, u64 cap)
{
	u64 first = 0;
	while (first < edit_len && edit_buf[first] != '\n')
		first++;
	if (first < edit_len) {
		edit_cut = first + 1;
		edit_pos = first;
		edit_refresh();
		edit_queue_put(edit_buf + first + 1, edit_len - first - 1);
	} else if (edit_dirty) {
		edit_refresh();
	}
	edit_close_display();
	edit_cut = 0;
	u64 n = first < cap ? first : cap;
	memcpy(out, edit_buf, n);
	return n;
}

static void edit_leave(void)
{
	edit_active = false;
	term_signals_remove();
	term_raw_leave();
}

bool edit_wanted(void)
{
	return args.interactive && term_usable();
}

enum edit_result edit_read_line(char *out, u64 cap, u64 *len)
{
	if (edit_entry_open && VM->state == 0)
		edit_entry_keep();
	if (edit_queued) {
		*len = edit_queue_take(out, cap);
		edit_entry_add(out, *len);
		return EDIT_LINE;
	}
	if (!term_raw_enter())
		return EDIT_OFF;
	hist_load();
	term_signals_install();
	term_take_events();
	edit_active = true;
	edit_cols = term_columns();
	edit_start_line();
	enum edit_outcome o = edit_loop();
	*len = 0;
	if (o == EDIT_EOF) {
		edit_leave();
		return EDIT_END;
	}
	if (VM->pending) {
		edit_restore(); /* the line is dropped; the caller throws */
		return EDIT_LINE;
	}
	*len = edit_accept(out, cap);
	edit_leave();
	edit_entry_add(out, *len);
	return EDIT_LINE;
}

void edit_restore(void)
{
	edit_queue_drop();
	if (!edit_active) {
		term_raw_leave(); /* `key` may have it (text.c) */
		return;
	}
	edit_close_display();
	edit_leave();
}

void edit_keep_history(void)
{
	edit_queue_drop();
	edit_entry_keep();
}
