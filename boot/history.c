/* history.c - the REPL's history, kept across sessions.
 *
 * The file is $XDG_STATE_HOME/incant/history, else $HOME/.incant_history.
 * One entry a line; an entry may hold newlines (the lines of one
 * definition), so within an entry a newline is written `\n` and a
 * backslash `\\`; every other byte stands for itself.
 *
 * The file is never rewritten in place, so neither a crash nor two REPLs
 * at once can truncate it: each new entry is appended with one write(2)
 * on an O_APPEND descriptor, which the kernel places at the end whoever
 * else appends.  When it grows past twice the bound, its newest HIST_MAX
 * lines are written to a temporary file in the same directory, which
 * rename(2) then puts in its place at once.  (An entry another REPL
 * appends between that read and the rename is lost: the price of not
 * locking.) */
#include "history.h"
#include "io.h"
#include "args.h"

/* The entries, oldest first, end to end in one arena: entry i is
 * hist_text[hist_off[i] .. hist_off[i+1]). */
#define HIST_ARENA (1u << 22)
static char hist_text[HIST_ARENA];
static u32 hist_off[HIST_MAX + 1];
static u32 hist_n;

static bool hist_loaded;
/* "" when there is no home for the file; PATH_MAX bytes, the most the
 * kernel takes (include/uapi/linux/limits.h) */
static char hist_path[4096];
static u64 hist_file_lines;  /* lines in the file, as far as we know */

u32 hist_count(void)
{
	return hist_n;
}

const char *hist_get(u32 i, u64 *len)
{
	*len = hist_off[i + 1] - hist_off[i];
	return hist_text + hist_off[i];
}

static void hist_drop_oldest(void)
{
	u32 first = hist_off[1];
	memmove(hist_text, hist_text + first, hist_off[hist_n] - first);
	for (u32 i = 1; i <= hist_n; i++)
		hist_off[i - 1] = hist_off[i] - first;
	hist_n--;
}

static bool hist_blank(const char *s, u64 n)
{
	for (u64 i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return false;
	return true;
}

/* Keep an entry in memory; false when it is not worth keeping. */
static bool hist_store(const char *s, u64 n)
{
	if (hist_blank(s, n) || n >= HIST_ARENA)
		return false;
	if (hist_n) {
		u64 len;
		const char *last = hist_get(hist_n - 1, &len);
		if (len == n && memcmp(last, s, n) == 0)
			return false;
	}
	while (hist_n && (hist_n == HIST_MAX || hist_off[hist_n] + n > HIST_ARENA))
		hist_drop_oldest();
	memcpy(hist_text + hist_off[hist_n], s, n);
	hist_off[hist_n + 1] = hist_off[hist_n] + (u32)n;
	hist_n++;
	return true;
}

/* ---- the file's name ---- */

static const char *hist_getenv(const char *name)
{
	u64 n = str_len(name);
	for (const char **e = args.envp; e && *e; e++)
		if (memcmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return 0;
}

#define HIST_DIR_MODE 0700

/* The XDG base directory specification's state directory, when set
 * (made if missing), else the home directory. */
static void hist_find_path(void)
{
	const char *state = hist_getenv("XDG_STATE_HOME");
	const char *home = hist_getenv("HOME");
	hist_path[0] = 0;
	if (state && state[0] == '/' &&
	    str_len(state) + sizeof "/incant/history" > sizeof hist_path)
		return; /* cut short, the name would be another file's */
	if (home && str_len(home) + sizeof "/.incant_history" > sizeof hist_path)
		home = 0;
	if (state && state[0] == '/') {
		char dir[sizeof hist_path];
		str_fmt(dir, sizeof dir, "%s/incant", state);
		sys2(SYS_mkdir, (i64)state, HIST_DIR_MODE);
		sys2(SYS_mkdir, (i64)dir, HIST_DIR_MODE);
		str_fmt(hist_path, sizeof hist_path, "%s/history", dir);
	} else if (home && home[0]) {
		str_fmt(hist_path, sizeof hist_path, "%s/.incant_history", home);
	}
}

/* ---- the file's format ---- */

/* Escape an entry into out (room for 2n+1 bytes), newline-terminated. */
static u64 hist_escape(const char *s, u64 n, char *out)
{
	u64 k = 0;
	for (u64 i = 0; i < n; i++) {
		if (s[i] == '\\' || s[i] == '\n') {
			out[k++] = '\\';
			out[k++] = s[i] == '\n' ? 'n' : '\\';
		} else {
			out[k++] = s[i];
		}
	}
	out[k++] = '\n';
	return k;
}

/* The other way, in place; other control characters (a file edited by
 * hand) become spaces, as the editor shows no such thing. */
static u64 hist_unescape(char *s, u64 n)
{
	u64 k = 0;
	for (u64 i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < n) {
			c = s[++i];
			if (c == 'n')
				c = '\n';
		} else if ((u8)c < 0x20) {
			c = ' ';
		}
		s[k++] = c;
	}
	return k;
}

/* ---- reading ---- */

struct hist_span { char *s; u64 n; };

/* The newest entries of a file's text, newest first: at most HIST_MAX,
 * blank lines and repeats of the next newer one left out.  Counts the
 * file's lines in *lines. */
static u32 hist_newest(char *text, u64 len, struct hist_span *out, u64 *lines)
{
	u32 n = 0;
	*lines = 0;
	u64 end = len;
	while (end > 0) {
		u64 start = end;
		if (text[end - 1] == '\n')
			start--;
		u64 stop = start;
		while (start > 0 && text[start - 1] != '\n')
			start--;
		(*lines)++;
		struct hist_span sp = { text + start, stop - start };
		bool repeat = n && out[n - 1].n == sp.n &&
			      memcmp(out[n - 1].s, sp.s, sp.n) == 0;
		if (!repeat && !hist_blank(sp.s, sp.n) && n < HIST_MAX)
			out[n++] = sp;
		end = start;
	}
	return n;
}

static i64 hist_open(int flags)
{
	return sys4(SYS_openat, AT_FDCWD, (i64)hist_path, flags | O_CLOEXEC,
		    0600);
}

static bool hist_read_file(char **text, u64 *len, u64 *size)
{
	i64 fd = hist_open(O_RDONLY);
	if (fd < 0)
		return false;
	i64 r = fd_read_all((int)fd, text, len, size);
	sys1(SYS_close, fd);
	return r == 0;
}

static void hist_compact(void);

void hist_load(void)
{
	if (hist_loaded)
		return;
	hist_loaded = true;
	hist_find_path();
	char *text;
	u64 len, size;
	if (!hist_path[0] || !hist_read_file(&text, &len, &size))
		return;
	static struct hist_span spans[HIST_MAX];
	u32 n = hist_newest(text, len, spans, &hist_file_lines);
	while (n--) {
		struct hist_span sp = spans[n];
		hist_store(sp.s, hist_unescape(sp.s, sp.n));
	}
	file_free(text, size);
	if (hist_file_lines > 2 * HIST_MAX)
		hist_compact();
}

/* ---- writing ---- */

/* Where the text of the newest HIST_MAX lines begins. */
static u64 hist_tail_start(const char *text, u64 len)
{
	u64 i = len, lines = 0;
	if (i && text[i - 1] == '\n')
		i--;
	while (i > 0) {
		if (text[i - 1] == '\n' && ++lines == HIST_MAX)
			return i;
		i--;
	}
	return 0;
}

/* Keep the newest HIST_MAX lines: written beside the file, then renamed
 * over it, so the file is whole at every moment. */
static void hist_compact(void)
{
	char *text;
	u64 len, size;
	if (!hist_read_file(&text, &len, &size))
		return;
	char tmp[sizeof hist_path + 32];
	str_fmt(tmp, sizeof tmp, "%s.%d.tmp", hist_path, sys0(SYS_getpid));
	i64 fd = sys4(SYS_openat, AT_FDCWD, (i64)tmp,
		      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		u64 start = hist_tail_start(text, len);
		bool ok = fd_write_all((int)fd, text + start, len - start) &&
			  (len == start || text[len - 1] == '\n' ||
			   fd_write_all((int)fd, "\n", 1)) &&
			  sys1(SYS_fsync, fd) == 0;
		sys1(SYS_close, fd);
		if (ok && sys2(SYS_rename, (i64)tmp, (i64)hist_path) == 0)
			hist_file_lines = HIST_MAX;
		else
			sys1(SYS_unlink, (i64)tmp);
	}
	file_free(text, size);
}

/* An entry that cannot be kept is said once a session, on stderr (the
 * editor is out of raw mode whenever entries are kept). */
static void hist_warn(i64 err)
{
	static bool warned;
	if (warned)
		return;
	warned = true;
	char what[80];
	errno_describe(err, what, sizeof what);
	err_fmt("incant: cannot keep history in %s: %s\n", hist_path, what);
}

static void hist_append(const char *s, u64 n)
{
	static char line[2 * 65536 + 2];
	if (!hist_path[0] || 2 * n + 1 > sizeof line)
		return;
	i64 fd = hist_open(O_WRONLY | O_APPEND | O_CREAT);
	i64 r = fd < 0 ? fd : fd_write((int)fd, line, hist_escape(s, n, line));
	if (fd >= 0)
		sys1(SYS_close, fd);
	if (r < 0) {
		hist_warn(r);
		return;
	}
	if (++hist_file_lines > 2 * HIST_MAX)
		hist_compact();
}

void hist_add(const char *s, u64 n)
{
	hist_load();
	if (hist_store(s, n))
		hist_append(s, n);
}
