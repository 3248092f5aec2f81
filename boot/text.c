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
#include "error.h"

static struct source sources[MAX_SOURCES];
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

static struct source *push(const char *name, const char *text, u64 len,
			   enum source_kind kind)
{
	if (n_sources == MAX_SOURCES)
		return 0;
	/* name first: if it faults, no half-made source is left behind */
	const char *kept = log_name(name);
	struct source *s = &sources[n_sources];
	*s = (struct source){ .name = kept, .text = text, .len = len,
			      .line = 1, .kind = kind };
	n_sources++;
	return s;
}

bool text_push_string(const char *name, const char *text, u64 len)
{
	return push(name, text, len, SRC_STRING) != 0;
}

/* ---- files ---- */

#define SYS_readlink 89

/* The canonical name of an open file, for `require`. */
static void canonical_name(i64 fd, char *out, u64 cap)
{
	char link[40];
	str_fmt(link, sizeof link, "/proc/self/fd/%d", fd);
	i64 r = sys3(SYS_readlink, (i64)link, (i64)out, (i64)cap - 1);
	out[r > 0 ? r : 0] = 0;
}

#define MAX_REQUIRED 256
static const char *required[MAX_REQUIRED];
static int n_required;

static bool already_required(const char *canon)
{
	for (int i = 0; i < n_required; i++)
		if (str_eq(required[i], canon))
			return true;
	return false;
}

/* Beside the including file: the directory part of its name + path. */
static void beside_current(const char *path, char *out, u64 cap)
{
	out[0] = 0;
	struct source *cur = text_current();
	if (path[0] == '/' || !cur || cur->kind != SRC_FILE)
		return;
	const char *slash = 0;
	for (const char *p = cur->name; *p; p++)
		if (*p == '/')
			slash = p;
	if (!slash)
		return;
	u64 dl = (u64)(slash - cur->name) + 1, pl = str_len(path);
	if (dl + pl + 1 > cap)
		return;
	memcpy(out, cur->name, dl);
	memcpy(out + dl, path, pl + 1);
}

static i64 open_read(const char *path)
{
	return sys4(SYS_openat, AT_FDCWD, (i64)path, O_RDONLY | O_CLOEXEC, 0);
}

i64 text_push_file(const char *path, bool once)
{
	char beside[1024];
	beside_current(path, beside, sizeof beside);
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
	char canon[1024];
	canonical_name(fd, canon, sizeof canon);
	if (once && fd != 0 && already_required(canon)) {
		sys1(SYS_close, fd);
		return 1;
	}
	char *text;
	u64 len, size;
	i64 r = fd_read_all(fd, &text, &len, &size);
	if (fd != 0)
		sys1(SYS_close, fd);
	if (r < 0)
		return r;
	if (fd != 0 && n_required < MAX_REQUIRED && !already_required(canon))
		required[n_required++] = log_name(canon);
	struct source *s = push(fd == 0 ? "<stdin>" : name, text, len, SRC_FILE);
	if (!s) {
		file_free(text, size);
		return -40; /* ELOOP: includes nested too deeply */
	}
	s->owned = text;
	s->owned_size = size;
	/* a #! first line is a comment, so scripts can be executables */
	if (len >= 2 && text[0] == '#' && text[1] == '!')
		text_skip_line();
	return 0;
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

/* Refill in_buf from standard input: false at its end, or when Ctrl-C
 * interrupted the wait (VM->pending).  A non-blocking standard input
 * (EAGAIN) is waited on with poll(2), not taken for an end. */
static bool in_fill(void)
{
	for (;;) {
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
		return true;
	}
}

/* The next line of standard input as the terminal's cooked mode or a
 * pipe gives it.  A line too long is read to its end all the same. */
static enum line_status read_plain_line(u64 *len)
{
	u64 n = 0;
	enum line_status status = LINE_READ;
	bool any = false;
	for (;;) {
		if (in_pos == in_len && (in_eof || !in_fill()))
			break;
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
bool text_refill(void)
{
	struct source *s = text_current();
	u64 n = 0;
	out_flush();
	enum line_status r = read_line(&n);
	if (r == LINE_END)
		return false;
	s->line = ++stdin_lines;
	s->text = line_buf;
	s->len = n;
	s->pos = 0;
	s->line_start = 0;
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

void text_pop(void)
{
	if (!n_sources)
		return;
	struct source *s = &sources[--n_sources];
	if (s->owned)
		file_free(s->owned, s->owned_size);
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
 * that `s" text"` parses from just after the space. */
bool text_parse_word(const char **start, u64 *len)
{
	struct source *s = text_current();
	if (!s)
		return false;
	while (s->pos < s->len && is_space(s->text[s->pos]))
		advance(s);
	if (s->pos >= s->len)
		return false;
	s->tok_line = s->line;
	s->tok_col = (u32)(s->pos - s->line_start + 1);
	s->tok_pos = s->pos;
	*start = s->text + s->pos;
	while (s->pos < s->len && !is_space(s->text[s->pos]))
		s->pos++;
	*len = (u64)(s->text + s->pos - *start);
	if (s->pos < s->len)
		advance(s);
	return true;
}

void text_parse_until(char delim, const char **start, u64 *len, bool *found)
{
	struct source *s = text_current();
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
}

void text_skip_line(void)
{
	struct source *s = text_current();
	while (s && s->pos < s->len && s->text[s->pos] != '\n')
		s->pos++;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Decimal or C-style hex (0x), with an optional leading '-'.  Decimal must
 * fit a signed cell; hex may use all 64 bits (0xffffffffffffffff is -1). */
bool text_number(const char *s, u64 len, i64 *value)
{
	bool neg = len > 1 && s[0] == '-';
	if (neg)
		s++, len--;
	unsigned base = 10;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2, len -= 2;
	if (len == 0)
		return false;
	u64 v = 0;
	for (u64 i = 0; i < len; i++) {
		unsigned d = (unsigned)digit_value(s[i]);
		if (d >= base)
			return false;
		if (v > (~0ul - d) / base)
			return false;
		v = v * base + d;
	}
	if (base == 10 && v > (neg ? 0x8000000000000000ul : 0x7ffffffffffffffful))
		return false;
	*value = neg ? (i64)-v : (i64)v;
	return true;
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
