/* text.c - input sources and the parsing half of the text interpreter.
 *
 * A source is a buffer of text with a position, a name and a line count:
 * a file read whole, an -e string, or standard input read a line at a time
 * for the REPL.  Sources stack up as files include others; the innermost
 * one is where words come from and where errors are reported. */
#include "text.h"
#include "log.h"
#include "io.h"
#include "edit.h"
#include "terminal.h"
#include "error.h"
#include "standard.h"

static struct source sources[MAX_SOURCES] IN_BSS("sources");
static int n_sources;

struct source *text_current(void)
{
	return n_sources ? &sources[n_sources - 1] : 0;
}

int text_depth(void)
{
	return n_sources;
}

/* The source at depth d (0 is the outermost). */
struct source *text_at(int d)
{
	return &sources[d];
}

/* ---- >in: the parse position as Forth sees it ----
 *
 * Forth-2012 programs read and write >in (vm.to_in) to move the parse
 * position, and `source` gives the input buffer it counts from: the line
 * being read of a file, the whole string of evaluate or -e, the line the
 * REPL read.  The source's pos is the truth here in C; vm.to_in is a copy
 * of it relative to that buffer, written whenever pos moves (published)
 * and read back before any parsing (synced): if Forth changed it, pos goes
 * there, and the line count follows. */

static u64 buffer_start(const struct source *s)
{
	return s->kind == SRC_FILE ? s->line_start : 0;
}

static u64 buffer_end(const struct source *s)
{
	if (s->kind != SRC_FILE)
		return s->len;
	u64 e = s->line_start;
	while (e < s->len && s->text[e] != '\n')
		e++;
	return e;
}

static void publish_in(void)
{
	struct source *s = text_current();
	VM->to_in = s ? s->pos - buffer_start(s) : 0;
}

/* Put pos at p, recounting the line it is on (only a string can hold
 * several lines within its buffer). */
static void move_to(struct source *s, u64 p)
{
	if (s->kind == SRC_STRING) {
		s->line = 1;
		s->line_start = 0;
		for (u64 i = 0; i < p; i++)
			if (s->text[i] == '\n')
				s->line++, s->line_start = i + 1;
	}
	s->pos = p;
}

/* The current source, its pos moved to where >in says. */
static struct source *synced(void)
{
	struct source *s = text_current();
	if (!s)
		return 0;
	u64 start = buffer_start(s);
	if (VM->to_in != s->pos - start) {
		u64 end = buffer_end(s);
		move_to(s, VM->to_in > end - start ? end : start + VM->to_in);
		publish_in();
	}
	return s;
}

/* source ( -- addr len ): the input buffer >in counts in */
void text_source(const char **addr, u64 *len)
{
	struct source *s = synced();
	if (!s) {
		*addr = "";
		*len = 0;
		return;
	}
	*addr = s->text + buffer_start(s);
	*len = buffer_end(s) - buffer_start(s);
}

static struct source *push(const char *name, const char *text, u64 len,
			   enum source_kind kind)
{
	if (n_sources == MAX_SOURCES)
		return 0;
	synced(); /* keep where Forth left the source we leave */
	/* name first: if it faults, no half-made source is left behind */
	const char *kept = log_name(name);
	struct source *s = &sources[n_sources];
	*s = (struct source){ .name = kept, .text = text, .len = len,
			      .line = 1, .kind = kind };
	n_sources++;
	publish_in();
	return s;
}

bool text_push_string(const char *name, const char *text, u64 len)
{
	return push(name, text, len, SRC_STRING) != 0;
}

/* ---- files ---- */

#define SYS_readlink 89

/* The canonical name of an open file, for `require`; out has PATH_MAX
 * bytes, which hold any such name whole (fs/d_path.c builds it in a
 * page): cut short, two names could compare equal. */
static void canonical_name(i64 fd, char *out, u64 cap)
{
	char link[40];
	str_fmt(link, sizeof link, "/proc/self/fd/%d", fd);
	i64 r = sys3(SYS_readlink, (i64)link, (i64)out, (i64)cap - 1);
	out[r > 0 ? r : 0] = 0;
}

/* The canonical names of the files loaded, in a mapping that grows as
 * more come (a program may load any number). */
static const char **required;
static u64 n_required, required_size;

static bool already_required(const char *canon)
{
	for (u64 i = 0; i < n_required; i++)
		if (str_eq(required[i], canon))
			return true;
	return false;
}

static void note_required(const char *canon)
{
	if (already_required(canon))
		return;
	if ((n_required + 1) * sizeof *required > required_size) {
		char *p = (char *)required;
		if (io_grow(&p, &required_size,
			    required_size ? required_size * 2 : PAGE) < 0)
			return; /* out of memory: require may load it again */
		required = (const char **)p;
	}
	required[n_required++] = log_name(canon);
}

/* The longest file name the kernel takes, its NUL included
 * (include/uapi/linux/limits.h). */
#define PATH_MAX 4096

/* Beside the including file: the directory part of its name + path, or
 * "" when there is no such place; false when that name is too long (then
 * the current directory's file of that name is not the one meant). */
static bool beside_current(const char *path, char *out, u64 cap)
{
	out[0] = 0;
	struct source *cur = text_current();
	if (path[0] == '/' || !cur || cur->kind != SRC_FILE)
		return true;
	const char *slash = 0;
	for (const char *p = cur->name; *p; p++)
		if (*p == '/')
			slash = p;
	if (!slash)
		return true;
	u64 dl = (u64)(slash - cur->name) + 1, pl = str_len(path);
	if (dl + pl + 1 > cap)
		return false;
	memcpy(out, cur->name, dl);
	memcpy(out + dl, path, pl + 1);
	return true;
}

static i64 open_read(const char *path)
{
	return sys4(SYS_openat, AT_FDCWD, (i64)path, O_RDONLY | O_CLOEXEC, 0);
}

/* Read the rest of fd, close it (unless it is standard input) and make
 * it the innermost source, named name.  The file's name chooses the mode
 * it runs in (standard.c); its includer's comes back when it ends. */
static i64 push_fd(i64 fd, const char *name, const char *canon)
{
	char *text;
	u64 len, size;
	i64 r = fd_read_all(fd, &text, &len, &size);
	if (fd != 0)
		sys1(SYS_close, fd);
	if (r < 0)
		return r;
	if (fd != 0)
		note_required(canon);
	struct source *s = push(fd == 0 ? "<stdin>" : name, text, len, SRC_FILE);
	if (!s) {
		file_free(text, size);
		return TEXT_TOO_DEEP;
	}
	s->owned = text;
	s->owned_size = size;
	s->outer_standard = VM->standard != 0;
	standard_enter_file(fd == 0 ? "" : name);
	/* a #! first line is a comment, so scripts can be executables */
	if (len >= 2 && text[0] == '#' && text[1] == '!')
		text_skip_line();
	return 0;
}

i64 text_push_file(const char *path, bool once)
{
	char beside[PATH_MAX];
	if (!beside_current(path, beside, sizeof beside))
		return -ENAMETOOLONG;
	const char *name = path;
	i64 fd = -2;
	if (beside[0]) {
		fd = open_read(beside);
		if (fd >= 0)
			name = beside;
	}
	if (fd < 0)
		fd = path[0] == '-' && !path[1] ? 0 : open_read(path);
	if (fd < 0)
		return fd;
	char canon[PATH_MAX];
	canonical_name(fd, canon, sizeof canon);
	if (once && fd != 0 && already_required(canon)) {
		sys1(SYS_close, fd);
		return 1;
	}
	return push_fd(fd, name, canon);
}

i64 text_push_fileid(i64 fd)
{
	char canon[PATH_MAX];
	canonical_name(fd, canon, sizeof canon);
	return push_fd(fd, canon[0] ? canon : "<fileid>", canon);
}

/* ---- standard input, a line at a time ---- */

/* A line may be long: the buffer is a mapping of LINE_FIRST bytes at
 * first (what the line editor holds, edit.c), doubled as a longer line
 * comes, up to LINE_LIMIT.  A longer line is an error that names the
 * limit, and is skipped whole: input is never cut in silence. */
#define LINE_FIRST 65536
#define LINE_LIMIT (16ul << 20)
static char *line_buf;
static u64 line_cap;
static char in_buf[65536];
static u64 in_len, in_pos;
static bool in_eof;
static u32 stdin_lines;

enum line_status { LINE_READ, LINE_END, LINE_TOO_LONG, LINE_NO_MEMORY };

bool text_push_stdin_lines(void)
{
	return push("<stdin>", line_buf, 0, SRC_STDIN) != 0;
}

/* Room for the line being read: LINE_FIRST, or twice what there is;
 * false at the limit or when memory is out (no_memory says which). */
static bool line_grow(bool *no_memory)
{
	*no_memory = false;
	if (line_cap >= LINE_LIMIT)
		return false;
	*no_memory = io_grow(&line_buf, &line_cap,
			     line_cap ? line_cap * 2 : LINE_FIRST) < 0;
	return !*no_memory;
}

/* A byte waiting in in_buf, reading more when it is empty: false at the
 * end of input, or when a signal asks to throw (vm.pending).  A
 * non-blocking standard input (EAGAIN) is waited on with poll(2), not
 * taken for an end. */
static bool in_fill(void)
{
	while (in_pos == in_len) {
		if (in_eof)
			return false;
		i64 r = sys3(SYS_read, 0, (i64)in_buf, sizeof in_buf);
		if (r == -EINTR && VM->pending)
			return false; /* Ctrl-C: the caller throws it */
		if (r == -EINTR)
			continue;
		if (r == -EAGAIN) {
			if (fd_wait(0, POLLIN) == -EINTR && VM->pending)
				return false;
			continue;
		}
		if (r <= 0) {
			in_eof = true;
			return false;
		}
		in_len = (u64)r;
		in_pos = 0;
	}
	return true;
}

/* The next line of standard input as the terminal's cooked mode or a
 * pipe gives it.  A line too long is read to its end all the same. */
static enum line_status read_plain_line(u64 *len)
{
	u64 n = 0;
	enum line_status status = LINE_READ;
	bool any = false;
	while (in_fill()) {
		any = true;
		char c = in_buf[in_pos++];
		if (c == '\n')
			goto done;
		bool no_memory;
		if (n == line_cap && status == LINE_READ && !line_grow(&no_memory))
			status = no_memory ? LINE_NO_MEMORY : LINE_TOO_LONG;
		if (status == LINE_READ)
			line_buf[n++] = c;
	}
	if (!any || VM->pending)
		return LINE_END;
done:
	*len = status == LINE_READ ? n : 0;
	return status;
}

/* The next line from the line editor (edit.c) when it is wanted and the
 * terminal lets it work, else as read_plain_line does. */
static enum line_status read_line(u64 *len)
{
	bool no_memory;
	if (!line_cap && !line_grow(&no_memory))
		return LINE_NO_MEMORY;
	if (edit_wanted()) {
		enum edit_result r = edit_read_line(line_buf, line_cap, len);
		if (r != EDIT_OFF)
			return r == EDIT_LINE ? LINE_READ : LINE_END;
	}
	return read_plain_line(len);
}

/* Read the next line of standard input into the innermost source (which
 * must be the stdin one).  Output is flushed first: a prompt or a partial
 * line must be seen before we wait.  A line past the limit is an error
 * at its line (the source is then empty). */
void text_raise_open_definition(void)
{
	struct entry *e = (struct entry *)VM->latest;
	error_raise(-39, "the definition of %s (line %u) is missing its ;",
		    e->name, (u64)e->line);
}

bool text_refill(void)
{
	struct source *s = text_current();
	u64 n = 0;
	out_flush();
	enum line_status r = read_line(&n);
	if (r == LINE_END) {
		/* the end of standard input with a definition open is the
		 * error a file's end gives (the REPL reports it, reads on and
		 * finds the end again) */
		if (VM->colon_sp)
			text_raise_open_definition();
		return false;
	}
	s->line = ++stdin_lines;
	s->text = line_buf;
	s->len = n;
	s->pos = 0;
	s->line_start = 0;
	publish_in();
	if (r == LINE_READ)
		return true;
	s->tok_line = s->line; /* the error is at the line's start */
	s->tok_col = 1;
	s->tok_pos = 0;
	if (r == LINE_TOO_LONG)
		error_raise(-18, "longer than the %u MiB limit for a line; "
			    "skipped", LINE_LIMIT >> 20);
	else
		error_raise(-18, "out of memory for a line this long; skipped");
	return true;
}

/* ---- standard input for key, key? and accept ----
 * They take bytes from the buffer the REPL reads its lines from, so a
 * program given on standard input, with its data after it, reads the
 * data that follows the line being run. */

/* key: the next byte, -1 at the end of input.  On a terminal, one key as
 * it is pressed, unechoed (term_keys_enter). */
i64 text_key(void)
{
	out_flush();
	if (in_pos == in_len && term_keys_enter()) {
		u8 c;
		i64 r;
		do
			r = sys3(SYS_read, 0, (i64)&c, 1);
		while (r == -EINTR && !VM->pending);
		term_raw_leave();
		return r == 1 ? c : -1;
	}
	return in_fill() ? (u8)in_buf[in_pos++] : -1;
}

/* key?: would key return at once?  (Also at the end of input.) */
bool text_key_ready(void)
{
	out_flush();
	if (in_pos < in_len || in_eof)
		return true;
	bool keys = term_keys_enter();
	bool ready = term_wait_input(0);
	if (keys)
		term_raw_leave();
	return ready;
}

/* accept: a line into buf, without its newline, at most n bytes of it
 * kept; its length. */
u64 text_accept(char *buf, u64 n)
{
	u64 k = 0;
	out_flush();
	while (in_fill()) {
		char c = in_buf[in_pos++];
		if (c == '\n')
			break;
		if (k < n)
			buf[k++] = c;
	}
	return k;
}

/* What key and accept have read ahead, for read-file on standard input
 * (lib/files.e): up to n bytes of it into buf; how many. */
u64 text_take_buffered(char *buf, u64 n)
{
	u64 k = in_len - in_pos < n ? in_len - in_pos : n;
	memcpy(buf, in_buf + in_pos, k);
	in_pos += k;
	return k;
}

void text_pop(void)
{
	if (!n_sources)
		return;
	struct source *s = &sources[--n_sources];
	if (s->owned)
		file_free(s->owned, s->owned_size);
	if (s->kind == SRC_FILE)
		standard_set(s->outer_standard);
	publish_in();
}

/* ---- standard refill, save-input, restore-input ---- */

bool text_next_line(void)
{
	struct source *s = synced();
	if (!s || s->kind == SRC_STRING)
		return false;
	if (s->kind == SRC_STDIN)
		return text_refill();
	u64 e = buffer_end(s);
	if (e >= s->len) {
		s->pos = s->len;
		publish_in();
		return false;
	}
	s->pos = s->line_start = e + 1;
	s->line++;
	publish_in();
	return true;
}

void text_save_input(u64 *cells)
{
	struct source *s = synced();
	cells[0] = s ? (u64)s->text : 0;
	cells[1] = s ? s->pos : 0;
	cells[2] = s ? s->line : 0;
	cells[3] = s ? s->line_start : 0;
}

bool text_restore_input(const u64 *cells)
{
	struct source *s = synced();
	if (!s || cells[0] != (u64)s->text || cells[1] > s->len ||
	    cells[3] > cells[1])
		return false;
	if (s->kind == SRC_STDIN && cells[2] != s->line)
		return false; /* the line it was in has been read over */
	s->pos = cells[1];
	s->line = (u32)cells[2];
	s->line_start = cells[3];
	publish_in();
	return true;
}

void text_trim(int depth)
{
	while (n_sources > depth)
		text_pop();
}

/* ---- parsing ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static void advance(struct source *s)
{
	if (s->text[s->pos++] == '\n') {
		s->line++;
		s->line_start = s->pos;
	}
}

/* The next whitespace-delimited word, and the one delimiter after it, so
 * that `s" text"` parses from just after the space.  In a file a newline
 * after the word stays: it ends the input buffer (the line) that >in and
 * `source` refer to, as when Forth reads a file a line at a time. */
bool text_parse_word(const char **start, u64 *len)
{
	struct source *s = synced();
	if (!s)
		return false;
	while (s->pos < s->len && is_space(s->text[s->pos]))
		advance(s);
	if (s->pos >= s->len) {
		publish_in();
		return false;
	}
	s->tok_line = s->line;
	s->tok_col = (u32)(s->pos - s->line_start + 1);
	s->tok_pos = s->pos;
	*start = s->text + s->pos;
	while (s->pos < s->len && !is_space(s->text[s->pos]))
		s->pos++;
	*len = (u64)(s->text + s->pos - *start);
	if (s->pos < s->len && !(s->kind == SRC_FILE && s->text[s->pos] == '\n'))
		advance(s);
	publish_in();
	return true;
}

void text_parse_until(char delim, const char **start, u64 *len, bool *found)
{
	struct source *s = synced();
	*found = false;
	if (!s) {
		*start = "";
		*len = 0;
		return;
	}
	*start = s->text + s->pos;
	while (s->pos < s->len && s->text[s->pos] != delim)
		advance(s);
	*len = (u64)(s->text + s->pos - *start);
	if (s->pos < s->len) {
		*found = true;
		advance(s);
	}
	publish_in();
}

void text_skip_line(void)
{
	struct source *s = synced();
	while (s && s->pos < s->len && s->text[s->pos] != '\n')
		s->pos++;
	publish_in();
}

/* A digit's value in any base up to 36 (either case), 99 for a non-digit. */
static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A' + 10);
	return 99;
}

/* The digits in base as a 128-bit number, hi:lo; false on a character
 * that is not a digit of the base, or past 128 bits. */
static bool digits_value(const char *s, u64 len, unsigned base, u64 *lo, u64 *hi)
{
	*lo = *hi = 0;
	if (len == 0)
		return false;
	for (u64 i = 0; i < len; i++) {
		unsigned d = digit_value(s[i]);
		if (d >= base)
			return false;
		unsigned __int128 l = (unsigned __int128)*lo * base + d;
		unsigned __int128 h = (unsigned __int128)*hi * base + (u64)(l >> 64);
		if (h >> 64)
			return false;
		*lo = (u64)l;
		*hi = (u64)h;
	}
	return true;
}

#define SIGN_BIT 0x8000000000000000ul

/* A number as the text interpreter reads it: 0 when s is not one, 1 for a
 * cell (value[0]), 2 for a double (value[0] low, value[1] high).
 *
 *   [-] [prefix] [-] digits [.]        or        'c'
 *
 * The prefix gives the base: # decimal, $ hex, % binary (Forth-2012,
 * their sign after them), or 0x hex as in C, in any base; without one
 * the digits are in `base` (vm.base, 2 to 36, either case).  A final '.'
 * makes a double (the DOUBLE word set's rule).  'c' is the character c.
 * Decimal numbers must fit a signed cell (or double); in other bases all
 * the bits may be used, so 0xffffffffffffffff is -1. */
int text_number(const char *s, u64 len, u64 value[2])
{
	if (len == 3 && s[0] == '\'' && s[2] == '\'') {
		value[0] = (u8)s[1];
		return 1;
	}
	bool neg = len > 1 && s[0] == '-';
	if (neg)
		s++, len--;
	unsigned base = VM->base >= 2 && VM->base <= 36 ? (unsigned)VM->base : 0;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16, s += 2, len -= 2;
	} else if (len > 1 && (s[0] == '#' || s[0] == '$' || s[0] == '%')) {
		base = s[0] == '#' ? 10 : s[0] == '$' ? 16 : 2;
		s++, len--;
		if (!neg && len > 1 && s[0] == '-')
			neg = true, s++, len--;
	}
	bool dbl = len > 1 && s[len - 1] == '.';
	if (dbl)
		len--;
	u64 lo, hi;
	if (!base || !digits_value(s, len, base, &lo, &hi) || (!dbl && hi))
		return 0;
	if (base == 10) { /* at most the magnitude of the most negative */
		u64 top = dbl ? hi : lo;
		bool low_zero = dbl ? lo == 0 : true;
		if (top > SIGN_BIT || (top == SIGN_BIT && !(neg && low_zero)))
			return 0;
	}
	if (neg) {
		hi = ~hi + (lo == 0);
		lo = -lo;
	}
	value[0] = lo;
	value[1] = hi;
	return dbl ? 2 : 1;
}

/* Is there another word before the end of the current line? */
bool text_word_on_line(void)
{
	struct source *s = text_current();
	if (!s || (s->pos && s->text[s->pos - 1] == '\n'))
		return false; /* the word before ended its line */
	for (u64 p = s->pos; p < s->len && s->text[p] != '\n'; p++)
		if (!is_space(s->text[p]))
			return true;
	return false;
}

/* The word parsed last, for messages about it ("" when none). */
void text_last_word(char *out, u64 cap)
{
	struct source *s = text_current();
	out[0] = 0;
	if (!s || !s->tok_line)
		return;
	u64 at = s->tok_pos, n = 0;
	while (at + n < s->len && n + 1 < cap && !is_space(s->text[at + n]))
		n++;
	memcpy(out, s->text + at, n);
	out[n] = 0;
}

/* The source a definition made now comes from: the innermost one, whose
 * lines the line table records too. */
const char *text_last_file(void)
{
	return n_sources ? sources[n_sources - 1].name : "";
}

u32 text_compile_line(void)
{
	struct source *s = text_current();
	return s ? s->tok_line : 0;
}
