/* wordlist.c - wordlists, the search order, and the prelude's public face.
 *
 * Every entry belongs to one wordlist (its number is in the entry); the
 * search order is a list of wordlists, searched first to last, and new
 * definitions go into the current one (Forth-2012 SEARCH).  The hash index
 * is keyed by wordlist and name (log.c), so a lookup costs one probe per
 * wordlist in the order.
 *
 * The prelude defines some 900 words, most of them machinery.  Its public
 * face is what docs/words.md documents: once the prelude is loaded (at
 * build time), every other word of it moves to a private wordlist of its
 * library, `core-internals`, `asm-internals`, `signals-internals` ...
 * Code compiled before keeps working (it holds execution tokens, not
 * names), and `also signals-internals` brings a library's internals into
 * view for whoever wants them. */
#include "wordlist.h"
#include "log.h"
#include "io.h"
#include "error.h"
#include "text.h"
#include "prims.h"

#define POP() (*sp++)
#define PUSH(x) (*--sp = (u64)(x))

/* Each wordlist's name (a lasting string), or 0. */
#define WORDLIST_NAME ((u64 *)VM->wordlist_names)

/* The state of a fresh dictionary: forth-wordlist alone, current. */
void wordlist_init(void)
{
	VM->wordlist_names = log_data_allot(MAX_WORDLISTS * sizeof(u64));
	VM->n_wordlists = FORTH_WORDLIST;
	WORDLIST_NAME[FORTH_WORDLIST] = (u64)log_name("forth");
	VM->current = FORTH_WORDLIST;
	VM->n_order = 1;
	VM->order[0] = FORTH_WORDLIST;
}

static u64 wordlist_new(const char *name)
{
	if (VM->n_wordlists + 1 >= MAX_WORDLISTS) {
		error_raise(-2, "no room for another wordlist (at most %u)",
			    (u64)MAX_WORDLISTS - 2);
		return 0;
	}
	u64 wid = ++VM->n_wordlists;
	WORDLIST_NAME[wid] = name ? (u64)log_name(name) : 0;
	return wid;
}

static bool wordlist_valid(u64 wid)
{
	return wid >= FORTH_WORDLIST && wid <= VM->n_wordlists;
}

static bool check_wordlist(u64 wid)
{
	if (!wordlist_valid(wid))
		error_raise(-2, "not a wordlist: %d", (i64)wid);
	return wordlist_valid(wid);
}

/* Any wordlist, the search order's first: for the bootstrap's own
 * lookups (`main`, the primitives), which must not depend on the order. */
struct entry *wordlist_find_anywhere(const char *name, u64 len)
{
	struct entry *e = log_find(name, len);
	for (u64 wid = FORTH_WORDLIST; !e && wid <= VM->n_wordlists; wid++)
		e = log_find_in(name, len, wid);
	return e;
}

/* ---- vocabulary words ----
 * A named wordlist has a word that makes it the first in the search
 * order (`asm-internals`, `forth`): a colon body `lit wid top-order! exit`,
 * built here so the internals' words exist without the prelude's help. */
static u64 top_order_xt;

static void vocabulary_word(const char *name, u64 wid)
{
	if (!top_order_xt)
		top_order_xt = prims_xt("top-order!");
	if (!log_room(str_len(name) + 96)) {
		error_raise(-8, "");
		return;
	}
	log_create(name, str_len(name), text_last_file(), text_compile_line());
	log_comma(VMF->docol);
	log_comma(VMF->xt_lit);
	log_comma(wid);
	log_comma(top_order_xt);
	log_comma(VMF->xt_exit);
}

/* ---- the public face ----
 * The names docs/words.md documents: every word inside `backticks`. */
#define MAX_DOCUMENTED 8192
static struct { const char *s; u32 len; } documented[MAX_DOCUMENTED];

static u32 doc_hash(const char *s, u64 len)
{
	u32 h = 2166136261u;
	for (u64 i = 0; i < len; i++)
		h = (h ^ (u8)s[i]) * 16777619u;
	return h;
}

static bool doc_slot(const char *s, u64 len, bool add)
{
	u32 mask = MAX_DOCUMENTED - 1;
	for (u32 i = doc_hash(s, len) & mask;; i = (i + 1) & mask) {
		if (!documented[i].s) {
			if (add)
				documented[i].s = s, documented[i].len = (u32)len;
			return false;
		}
		if (documented[i].len == len && memcmp(documented[i].s, s, len) == 0)
			return true;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static void collect_documented(const char *doc, const char *end)
{
	u64 n = 0;
	for (const char *p = doc; p < end; p++) {
		if (*p != '`')
			continue;
		const char *close = p + 1;
		while (close < end && *close != '`')
			close++;
		for (const char *w = p + 1; w < close;) {
			while (w < close && is_space(*w))
				w++;
			const char *we = w;
			while (we < close && !is_space(*we))
				we++;
			if (we > w && n + 1 < MAX_DOCUMENTED / 2 && !doc_slot(w, (u64)(we - w), true))
				n++;
			w = we;
		}
		p = close;
	}
}

/* The library a prelude file belongs to: its directory ("asm/amd64.e"
 * is asm's, "core/top.e" core's), or for lib/ its name ("lib/signals.e"
 * is signals'); the primitives are core's. */
static void library_of(const char *file, char *out, u64 cap)
{
	const char *slash = 0;
	for (const char *p = file; *p; p++)
		if (*p == '/')
			slash = p;
	const char *name = file;
	u64 n = slash ? (u64)(slash - file) : 0;
	if (slash && n == 3 && memcmp(file, "lib", 3) == 0) {
		name = slash + 1;
		for (n = 0; name[n] && name[n] != '.'; n++)
			;
	}
	if (file[0] == '<' || !slash || n + 1 > cap) {
		str_fmt(out, cap, "core");
		return;
	}
	memcpy(out, name, n);
	out[n] = 0;
}

#define MAX_LIBRARIES 32
static struct { char name[48]; u64 wid; } libraries[MAX_LIBRARIES];
static int n_libraries;

static u64 internals_of(const char *file)
{
	char lib[32];
	library_of(file ? file : "<primitive>", lib, sizeof lib);
	for (int i = 0; i < n_libraries; i++)
		if (str_eq(libraries[i].name, lib))
			return libraries[i].wid;
	if (n_libraries == MAX_LIBRARIES)
		return 0;
	str_fmt(libraries[n_libraries].name, sizeof libraries[0].name, "%s", lib);
	char name[64];
	str_fmt(name, sizeof name, "%s-internals", lib);
	u64 wid = wordlist_new(name);
	libraries[n_libraries++].wid = wid;
	return wid;
}

void wordlist_publish(const char *doc, const char *end)
{
	top_order_xt = prims_xt("top-order!"); /* found while it is in view */
	collect_documented(doc, end);
	for (struct entry *e = (struct entry *)VM->latest; e; e = log_older(e)) {
		if (e->wordlist != FORTH_WORDLIST || doc_slot(e->name, e->len, false))
			continue;
		u64 wid = internals_of(e->file);
		if (wid)
			e->wordlist = (u16)wid;
	}
	for (int i = 0; i < n_libraries; i++)
		vocabulary_word(WORDLIST_NAME[libraries[i].wid] ?
				(const char *)WORDLIST_NAME[libraries[i].wid] : "?",
				libraries[i].wid);
	log_rehash();
}

/* ---- the words ---- */

/* wordlist ( -- wid ): a new, empty, nameless wordlist */
u64 *h_wordlist(u64 *sp)
{
	PUSH(wordlist_new(0));
	return sp;
}

/* vocabulary ( "name" -- ): a named wordlist and its word */
u64 *h_vocabulary(u64 *sp)
{
	const char *w;
	u64 len;
	if (!text_parse_word(&w, &len) || len > 255) {
		error_raise(-16, "expected a name for the new vocabulary");
		return sp;
	}
	char name[256];
	memcpy(name, w, len);
	name[len] = 0;
	u64 wid = wordlist_new(name);
	if (wid)
		vocabulary_word(name, wid);
	return sp;
}

u64 *h_get_current(u64 *sp)
{
	PUSH(VM->current);
	return sp;
}

u64 *h_set_current(u64 *sp)
{
	if (check_wordlist(sp[0]))
		VM->current = sp[0];
	return sp + 1;
}

/* get-order ( -- wid_n ... wid_1 n ): wid_1 is searched first */
u64 *h_get_order(u64 *sp)
{
	for (u64 i = VM->n_order; i > 0; i--)
		PUSH(VM->order[i - 1]);
	PUSH(VM->n_order);
	return sp;
}

/* set-order ( wid_n ... wid_1 n -- ): -1 is the minimum order (forth) */
u64 *h_set_order(u64 *sp)
{
	i64 n = (i64)POP();
	if (n == -1) {
		VM->n_order = 1;
		VM->order[0] = FORTH_WORDLIST;
		return sp;
	}
	if (n < 0 || n > MAX_ORDER) {
		error_raise(-49, "at most %u wordlists", (u64)MAX_ORDER);
		return sp;
	}
	for (i64 i = 0; i < n; i++)
		if (!check_wordlist(sp[i]))
			return sp;
	for (i64 i = 0; i < n; i++)
		VM->order[i] = sp[i];
	VM->n_order = (u64)n;
	return sp + n;
}

/* top-order! ( wid -- ): make wid the first of the search order */
u64 *h_top_order(u64 *sp)
{
	if (!check_wordlist(sp[0]))
		return sp;
	if (!VM->n_order)
		VM->n_order = 1;
	VM->order[0] = sp[0];
	return sp + 1;
}

/* search-wordlist ( addr len wid -- 0 | xt 1 | xt -1 ) */
u64 *h_search_wordlist(u64 *sp)
{
	u64 wid = POP(), len = POP();
	const char *name = (const char *)sp[0];
	if (!check_wordlist(wid))
		return sp;
	struct entry *e = log_find_in(name, len, wid);
	if (!e) {
		sp[0] = 0;
		return sp;
	}
	sp[0] = log_entry_xt(e);
	PUSH(e->flags & F_IMMEDIATE ? 1 : (u64)-1);
	return sp;
}

/* A word in view: what the interpreter finds by its name is this entry. */
bool wordlist_in_view(struct entry *e)
{
	return !(e->flags & F_HIDDEN) && log_find(e->name, e->len) == e;
}
