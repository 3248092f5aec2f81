/* complete.c - candidates for Tab at the REPL.
 *
 * The text before the cursor, back to a space, is what to complete.
 * After `include` or `require` it is a file name: the names in its
 * directory that start with its last part.  Anywhere else it is a word:
 * the visible words of the dictionary that start with it. */
#include "complete.h"
#include "vm.h"
#include "wordlist.h"
#include "log.h"

#define COMPLETE_MAX 4096        /* candidates kept */
#define COMPLETE_TEXT 65536      /* bytes of their names */

static char complete_text[COMPLETE_TEXT];
static u32 complete_used;
static u32 complete_at[COMPLETE_MAX]; /* offsets into complete_text */
static u32 complete_n;

const char *complete_name(u32 i)
{
	return complete_text + complete_at[i];
}

/* Before each name, what follows it once chosen: a space, or nothing
 * after a directory, whose name is kept with its '/' (a listing shows it
 * too). */
char complete_suffix(u32 i)
{
	return complete_text[complete_at[i] - 1];
}

static void complete_add(const char *s, u64 n, bool dir)
{
	if (complete_n == COMPLETE_MAX || complete_used + n + 3 > COMPLETE_TEXT)
		return;
	char *p = complete_text + complete_used;
	*p++ = dir ? 0 : ' ';
	memcpy(p, s, n);
	if (dir)
		p[n++] = '/';
	p[n] = 0;
	complete_at[complete_n++] = complete_used + 1;
	complete_used += (u32)n + 2;
}

/* ---- words ---- */

/* The one place that knows how to walk the dictionary: the words in
 * view, what the interpreter would find by their names (the search order,
 * hidden and shadowed entries left out). */
void edit_each_word(void (*fn)(const char *name, u64 len, void *ctx),
		    void *ctx)
{
	for (struct entry *e = (struct entry *)VM->latest; e; e = log_older(e))
		if (wordlist_in_view(e))
			fn(e->name, e->len, ctx);
}

struct complete_prefix { const char *s; u64 n; };

static void complete_word(const char *name, u64 len, void *ctx)
{
	struct complete_prefix *p = ctx;
	if (len >= p->n && memcmp(name, p->s, p->n) == 0)
		complete_add(name, len, false);
}

/* ---- file names ---- */

/* struct linux_dirent64: include/linux/dirent.h; d_type values from
 * include/linux/fs_types.h (DT_DIR 4, DT_LNK 10, DT_UNKNOWN 0). */
struct kernel_dirent64 {
	u64 d_ino;
	i64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};
#define DT_UNKNOWN 0
#define DT_DIR 4
#define DT_LNK 10

/* Whether a name in the directory dirfd is a directory, following a
 * symbolic link as include would. */
static bool complete_is_dir(i64 dirfd, const struct kernel_dirent64 *d)
{
	if (d->d_type != DT_UNKNOWN && d->d_type != DT_LNK)
		return d->d_type == DT_DIR;
	struct k_stat st;
	if (sys4(SYS_newfstatat, dirfd, (i64)d->d_name, (i64)&st, 0) != 0)
		return false;
	return (st.st_mode & S_IFMT) == S_IFDIR;
}

static bool complete_dot_name(const char *s)
{
	return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2]));
}

/* The entries of dir that start with base; dot files only when base
 * starts with a dot. */
static void complete_files(const char *dir, const char *base, u64 n)
{
	i64 fd = sys4(SYS_openat, AT_FDCWD, (i64)dir,
		      O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)
		return;
	static u8 ents[16384];
	i64 got;
	while ((got = sys3(SYS_getdents64, fd, (i64)ents, sizeof ents)) > 0) {
		for (i64 off = 0; off < got;) {
			struct kernel_dirent64 *d = (void *)(ents + off);
			off += d->d_reclen;
			const char *name = d->d_name;
			if (complete_dot_name(name) || (name[0] == '.' && (!n || base[0] != '.')))
				continue;
			u64 len = str_len(name);
			if (len >= n && memcmp(name, base, n) == 0)
				complete_add(name, len, complete_is_dir(fd, d));
		}
	}
	sys1(SYS_close, fd);
}

/* ---- the candidates ---- */

static bool complete_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Is the word before offset `at` in buf `include` or `require`? */
static bool complete_after_include(const char *buf, u64 at)
{
	while (at > 0 && complete_space(buf[at - 1]))
		at--;
	u64 end = at;
	while (at > 0 && !complete_space(buf[at - 1]))
		at--;
	u64 n = end - at;
	return (n == 7 && (memcmp(buf + at, "include", 7) == 0 ||
			   memcmp(buf + at, "require", 7) == 0));
}

static int complete_compare(u32 a, u32 b)
{
	const u8 *x = (const u8 *)complete_text + a;
	const u8 *y = (const u8 *)complete_text + b;
	while (*x && *x == *y)
		x++, y++;
	return (int)*x - (int)*y;
}

/* Sort (insertion: a few hundred names) and drop repeats (a word
 * defined again shadows its older self, but it is one candidate). */
static void complete_sort(void)
{
	for (u32 i = 1; i < complete_n; i++) {
		u32 v = complete_at[i], j = i;
		for (; j > 0 && complete_compare(complete_at[j - 1], v) > 0; j--)
			complete_at[j] = complete_at[j - 1];
		complete_at[j] = v;
	}
	u32 k = 0;
	for (u32 i = 0; i < complete_n; i++)
		if (!k || complete_compare(complete_at[k - 1], complete_at[i]))
			complete_at[k++] = complete_at[i];
	complete_n = k;
}

static void complete_file_name(const char *word, u64 n, u64 *start)
{
	u64 slash = n;
	while (slash > 0 && word[slash - 1] != '/')
		slash--;
	char dir[4096], base[4096];
	if (slash >= sizeof dir || n - slash >= sizeof base)
		return;
	memcpy(dir, word, slash);
	dir[slash] = 0;
	if (!slash)
		dir[0] = '.', dir[1] = 0;
	memcpy(base, word + slash, n - slash);
	base[n - slash] = 0;
	*start += slash;
	complete_files(dir, base, n - slash);
}

u32 complete_find(const char *buf, u64 pos, u64 *start)
{
	complete_n = 0;
	complete_used = 0;
	u64 at = pos;
	while (at > 0 && !complete_space(buf[at - 1]))
		at--;
	*start = at;
	if (complete_after_include(buf, at)) {
		complete_file_name(buf + at, pos - at, start);
	} else {
		struct complete_prefix p = { buf + at, pos - at };
		edit_each_word(complete_word, &p);
	}
	complete_sort();
	return complete_n;
}
