/* log.c - the log (DESIGN §3, §4) and the regions beside it.
 *
 * One mapping at LOG_BASE holds the global block, entries, threaded code,
 * machine code and what `allocate` hands out; the other fixed regions
 * (vm.h) hold variables, source names, superinstructions, the xt bitmap
 * and the hash index.  The linked list of entries is the truth; the hash
 * index only makes `find` fast.  A hash slot holds the newest entry of its
 * name, so shadowing works; when that entry is hidden (a definition under
 * way) the lookup goes on down the list. */
#include "log.h"
#include "io.h"

i64 map_at(u64 base, u64 size, int prot)
{
	i64 r = sys6(SYS_mmap, (i64)base, (i64)size, prot,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			     MAP_FIXED_NOREPLACE,
		     -1, 0);
	if (r == (i64)base)
		return 0;
	if (r >= 0) /* a kernel before 4.17 takes the address as a hint */
		sys2(SYS_munmap, r, (i64)size);
	return r < 0 ? r : -EEXIST;
}

/* The regions lie back to back (vm.h), from the xt map to the end of the
 * line table, then the hash index and ENTRIES; the gaps after the data
 * region and the log are left unmapped, so a store run off either end
 * faults.  Regions that touch and allow the same are one mapping. */
_Static_assert(XTMAP_BASE + XTMAP_SIZE == SUPERMAP_BASE &&
	       SUPERMAP_BASE + SUPERMAP_SIZE == CODE_BASE &&
	       CODE_BASE + CODE_SIZE == DATA_BASE &&
	       DATA_BASE + DATA_SIZE + DATA_GAP == NAMES_BASE &&
	       NAMES_BASE + NAMES_SIZE == LOG_BASE &&
	       LOG_BASE + LOG_SIZE + LOG_GAP == LINES_BASE &&
	       HASH_BASE + HASH_SIZE == ENTRIES_BASE,
	       "the regions lie back to back");

#define RW (PROT_READ | PROT_WRITE)
static const struct span regions[N_REGIONS] IN_RODATA("log_regions") = {
	[R_XTMAP] = { XTMAP_BASE, XTMAP_SIZE, RW },
	[R_SUPERMAP] = { SUPERMAP_BASE, SUPERMAP_SIZE, RW },
	[R_CODE] = { CODE_BASE, CODE_SIZE, RW | PROT_EXEC },
	[R_DATA] = { DATA_BASE, DATA_SIZE, RW },
	[R_NAMES] = { NAMES_BASE, NAMES_SIZE, RW },
	[R_LOG] = { LOG_BASE, LOG_SIZE, RW | PROT_EXEC },
	[R_LINES] = { LINES_BASE, LINES_SIZE, RW },
	[R_HASH] = { HASH_BASE, HASH_SIZE, RW },
	[R_ENTRIES] = { ENTRIES_BASE, ENTRIES_SIZE, RW },
};

u64 log_mapped_to[N_REGIONS];

int log_region(u64 addr, u64 len)
{
	for (int i = 0; i < N_REGIONS; i++)
		if (addr >= regions[i].base && len <= regions[i].size &&
		    addr - regions[i].base <= regions[i].size - len)
			return i;
	return -1;
}

/* Each region is mapped fresh, around what the image file put there
 * already (snapshot_map): mapping over a reservation instead, or cutting
 * one up with mprotect, makes the kernel split and unmap what is there,
 * which cost start-up twice as much.  Only the log is mapped to its end
 * at once (Forth code writes at here directly); the rest of every other
 * region is mapped as the C code that fills it needs it (log_need), a
 * chunk at a time: a run that defines nothing maps none of it. */
i64 log_map(const struct span *taken, int n)
{
	for (int i = 0; i < N_REGIONS; i++) {
		u64 at = regions[i].base, end = at + regions[i].size;
		int prot = (int)regions[i].prot;
		i64 err = 0;
		for (int k = 0; k < n && !err; k++) {
			if (taken[k].base < at || taken[k].base >= end)
				continue;
			if (taken[k].base > at)
				err = map_at(at, taken[k].base - at, prot);
			at = taken[k].base + taken[k].size;
		}
		if (!err && at < end && i == R_LOG)
			err = map_at(at, end - at, prot);
		if (err)
			return err;
		log_mapped_to[i] = i == R_LOG ? end : at;
	}
	return 0;
}

/* A chunk: what log_need maps at a time past what a region needs.  Small
 * enough that a run under `ulimit -v` maps little more than it uses. */
#define CHUNK 0x40000ul

static i64 grow_error; /* why log_grow last failed */

bool log_grow(enum region_id r, u64 end)
{
	const struct span *g = &regions[r];
	if (end > g->base + g->size)
		return false;
	u64 to = g->base + ((end - g->base + CHUNK - 1) & ~(CHUNK - 1));
	/* the optimizer's room check is an estimate, which a definition
	 * of long fused bodies can overrun: its region is mapped whole */
	if (to > g->base + g->size || r == R_CODE)
		to = g->base + g->size;
	/* a signal handler that defines words grows the regions too: it
	 * waits, so that the mapping and its note are one step */
	u64 held = signals_hold();
	u64 from = log_mapped_to[r];
	i64 err = 0;
	if (end > from && !(err = map_at(from, to - from, (int)g->prot)))
		log_mapped_to[r] = to;
	signals_release(held);
	if (err)
		grow_error = err;
	return !err;
}

/* How many bytes from its base region r uses, by the counts in the
 * global block: what the image holds of it (snapshot.c), and what must
 * be mapped of it. */
u64 log_in_use(enum region_id r)
{
	switch (r) {
	case R_XTMAP: return VM->here > LOG_BASE ? ((VM->here - LOG_BASE) / 64 + 8) & ~7ul : 0;
	case R_SUPERMAP: return VM->n_pieces * sizeof(struct super_piece);
	case R_CODE: return VM->code_here ? VM->code_here - CODE_BASE : 0;
	case R_DATA: return VM->data_here ? VM->data_here - DATA_BASE : 0;
	case R_NAMES: return VM->names_end ? VM->names_end - NAMES_BASE : 0;
	case R_LOG: return VM->here > LOG_BASE ? VM->here - LOG_BASE : 0;
	case R_LINES: return VM->n_lines * sizeof(struct line_rec);
	case R_HASH: return VM->hash_slots * sizeof(struct entry *);
	case R_ENTRIES: return VM->n_entries * sizeof(u32);
	case N_REGIONS: break;
	}
	return 0;
}

/* What the image in the regions uses of each, mapped: the image file
 * maps the pages that hold something, and the pages of zeros after them
 * that a region's count still covers are mapped here.  (Not the line
 * table's or the superinstruction map's: the image's are loaded when an
 * error report first needs them, snapshot_load_deferred, which maps
 * them.)  0, or the negative errno of the mapping that failed. */
i64 log_need_in_use(void)
{
	for (int r = 0; r < N_REGIONS; r++)
		if (r != R_SUPERMAP && r != R_LINES &&
		    !log_need((enum region_id)r, regions[r].base + log_in_use((enum region_id)r)))
			return grow_error;
	return 0;
}

static void xtmap_set(u64 xt)
{
	u64 bit = (xt - LOG_BASE) / 8;
	if (log_need(R_XTMAP, XTMAP_BASE + bit / 8 + 1))
		((u8 *)XTMAP_BASE)[bit / 8] |= (u8)(1u << (bit % 8));
}

/* Is x the execution token of an entry?  (Not bounded by here: the
 * optimizer asks while it borrows here to emit elsewhere.) */
bool log_is_xt(u64 x)
{
	if (x < LOG_BASE || x >= LOG_BASE + LOG_SIZE || (x & 7))
		return false;
	u64 bit = (x - LOG_BASE) / 8;
	return XTMAP_BASE + bit / 8 < log_mapped_to[R_XTMAP] &&
	       ((u8 *)XTMAP_BASE)[bit / 8] & (1u << (bit % 8));
}

/* n zeroed bytes of the data region, 8-aligned; 0 when it is full. */
u64 log_data_allot(u64 n)
{
	if (!VM->data_here)
		VM->data_here = DATA_BASE;
	n = align8(n);
	if (n > DATA_SIZE || VM->data_here + n > DATA_BASE + DATA_SIZE ||
	    !log_need(R_DATA, VM->data_here + n))
		return 0;
	u64 p = VM->data_here;
	VM->data_here += n;
	return p;
}

/* Make the prelude read-only (and executable): the fixed page of the
 * global block and everything after it up to here, rounded up to a page
 * so that new definitions start on a writable one.  mapped: the image
 * file was mapped so already (snapshot.c), the fixed page too when
 * fixed_sealed (start.c). */
void log_seal(bool mapped, bool fixed_sealed)
{
	VM->here = (VM->here + PAGE - 1) & ~(PAGE - 1);
	VM->sealed_end = VM->here;
	if (!mapped || !fixed_sealed)
		sys3(SYS_mprotect, (i64)VM_END, (i64)((mapped ? PRELUDE_START : VM->here) - VM_END),
		     PROT_READ | PROT_EXEC);
}

/* The names most runs give their sources, at the start of the names
 * region from the first thing a build does (log_names_first): found
 * there by log_name without reading the region. */
#define FIRST_NAMES "-e\0<stdin>"

void log_names_first(void)
{
	if (VM->names_end || !log_need(R_NAMES, NAMES_BASE + sizeof FIRST_NAMES))
		fatal("the names region is in use before the first names");
	memcpy((void *)NAMES_BASE, FIRST_NAMES, sizeof FIRST_NAMES);
	VM->names_end = NAMES_BASE + sizeof FIRST_NAMES;
}

/* A lasting copy of a source name, shared by all who ask for the same. */
const char *log_name(const char *s)
{
	if (VM->names_end >= NAMES_BASE + sizeof FIRST_NAMES) {
		if (str_eq(s, "-e"))
			return (const char *)NAMES_BASE;
		if (str_eq(s, "<stdin>"))
			return (const char *)NAMES_BASE + sizeof "-e";
	}
	if (!VM->names_end)
		VM->names_end = NAMES_BASE;
	u64 n = str_len(s) + 1;
	for (const char *p = (const char *)NAMES_BASE;
	     p < (const char *)VM->names_end; p += str_len(p) + 1)
		if (str_eq(p, s))
			return p;
	if (VM->names_end + n > NAMES_BASE + NAMES_SIZE ||
	    !log_need(R_NAMES, VM->names_end + n))
		return "?";
	char *p = (char *)VM->names_end;
	memcpy(p, s, n);
	VM->names_end += n;
	return p;
}

/* The last page of the mapping is never handed out, so a write that runs
 * past `here` faults instead of leaving the mapping silently. */
bool log_room(u64 n)
{
	return n < LOG_SIZE && VM->here + n <= LOG_BASE + LOG_SIZE - PAGE;
}

/* n bytes at here.  `here` moves in one instruction, so a signal handler
 * allocating meanwhile gets bytes of its own (see `,` in prims.c). */
void *log_allot(u64 n)
{
	if (!log_room(n))
		fatal("the log is full (%u bytes reserved)", LOG_SIZE);
	return (void *)__atomic_fetch_add(&VM->here, n, __ATOMIC_RELAXED);
}

void log_comma(u64 x)
{
	*(u64 *)log_allot(8) = x;
}

/* ---- the hash index ----
 * Keyed by wordlist and name, the name folded to lower case so that a
 * case-insensitive lookup (standard mode) finds its slot too.  A slot holds
 * the newest entry of its key; an older one (the newest is hidden while it
 * is defined, or differs in case from what is asked) is found by walking
 * the list down from it. */
static u8 fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (u8)(c + 32) : (u8)c;
}

static u32 hash_name(const char *s, u64 len, u64 wordlist)
{
	u32 h = (2166136261u ^ (u32)wordlist) * 16777619u; /* FNV-1a */
	for (u64 i = 0; i < len; i++)
		h = (h ^ fold(s[i])) * 16777619u;
	return h;
}

static bool name_is(struct entry *e, const char *name, u64 len)
{
	return e->len == len && memcmp(e->name, name, len) == 0;
}

static bool name_is_folded(struct entry *e, const char *name, u64 len)
{
	if (e->len != len)
		return false;
	for (u64 i = 0; i < len; i++)
		if (fold(e->name[i]) != fold(name[i]))
			return false;
	return true;
}

static bool same_key(struct entry *e, const char *name, u64 len, u64 wordlist)
{
	return e->wordlist == wordlist && name_is_folded(e, name, len);
}

/* Does e answer a lookup of name: visible, and the same name (up to case
 * when lookups fold case). */
static bool answers(struct entry *e, const char *name, u64 len, u64 wordlist)
{
	return e->wordlist == wordlist && !(e->flags & F_HIDDEN) &&
	       (name_is(e, name, len) ||
		(VM->fold_case && name_is_folded(e, name, len)));
}

/* Put e in its key's slot (the newest of a key owns the slot). */
static void hash_put(struct entry *e)
{
	u64 mask = VM->hash_slots - 1;
	for (u64 i = hash_name(e->name, e->len, e->wordlist) & mask;;
	     i = (i + 1) & mask) {
		struct entry *s = HASH[i];
		if (!s) {
			HASH[i] = e;
			VM->hash_used++;
			return;
		}
		if (same_key(s, e->name, e->len, e->wordlist)) {
			if ((u64)e > (u64)s)
				HASH[i] = e;
			return;
		}
	}
}

/* Fill the index again from the list, which is the truth (after it grew,
 * or after entries changed wordlist). */
static bool hash_fill(u64 slots)
{
	if (!log_need(R_HASH, HASH_BASE + slots * sizeof(struct entry *)))
		return false;
	memset(HASH, 0, slots * sizeof(struct entry *));
	VM->hash_slots = slots;
	VM->hash_used = 0;
	for (struct entry *e = (struct entry *)VM->latest; e; e = log_older(e))
		hash_put(e);
	return true;
}

void log_rehash(void)
{
	hash_fill(VM->hash_slots ? VM->hash_slots : 2048);
}

/* Double the index when it is 3/4 full. */
static void hash_insert(struct entry *e)
{
	if (!VM->hash_slots || (VM->hash_used + 1) * 4 > VM->hash_slots * 3) {
		u64 slots = VM->hash_slots ? VM->hash_slots * 2 : 2048;
		if (slots * sizeof(struct entry *) <= HASH_SIZE)
			hash_fill(slots);
	}
	if ((VM->hash_used + 1) < VM->hash_slots)
		hash_put(e);
}

/* The next older entry, or 0 when the link is not one: links point down,
 * into the log, 8-aligned.  A corrupted link ends a walk instead of
 * sending it into the weeds. */
struct entry *log_older(struct entry *e)
{
	u64 l = (u64)e->link;
	return l >= LOG_BASE && l < (u64)e && !(l & 7) ? e->link : 0;
}

static struct entry *list_find(struct entry *e, const char *name, u64 len,
			       u64 wordlist)
{
	for (; e; e = log_older(e))
		if (answers(e, name, len, wordlist))
			return e;
	return 0;
}

static struct entry *find_in_one(const char *name, u64 len, u64 wordlist)
{
	if (len == 0 || len > 255)
		return 0;
	if (!VM->hash_slots || VM->hash_used + 1 >= VM->hash_slots)
		return list_find((struct entry *)VM->latest, name, len, wordlist);
	u64 mask = VM->hash_slots - 1;
	for (u64 i = hash_name(name, len, wordlist) & mask;; i = (i + 1) & mask) {
		struct entry *s = HASH[i];
		if (!s)
			return 0;
		if (same_key(s, name, len, wordlist))
			return answers(s, name, len, wordlist)
				? s : list_find(log_older(s), name, len, wordlist);
	}
}

/* One of 64 bits for a name, from its length and its first and last
 * letters (any case): the standard wordlist's names set theirs in
 * vm.std_names, so a name whose bit is clear cannot be there. */
static u64 name_bit(const char *name, u64 len)
{
	return 1ul << ((len * 31 + fold(name[0]) * 7 + fold(name[len - 1])) & 63);
}

/* A lookup in one wordlist.  In standard mode forth-wordlist also holds
 * the words of the standard wordlist: of the two entries a name may have,
 * the newer answers, as if standard's had been defined into forth after
 * the prelude's.  So `create` is the standard's, a user's later `create`
 * is the user's, and `only forth` keeps the standard meanings. */
struct entry *log_find_in(const char *name, u64 len, u64 wordlist)
{
	struct entry *e = find_in_one(name, len, wordlist);
	if (VM->standard && wordlist == FORTH_WORDLIST && len &&
	    (VM->std_names & name_bit(name, len))) {
		struct entry *s = find_in_one(name, len, VM->std_wid);
		if (s && (!e || (u64)s > (u64)e))
			e = s;
	}
	return e;
}

/* Through the search order, the first wordlist first. */
struct entry *log_find(const char *name, u64 len)
{
	for (u64 i = 0; i < VM->n_order; i++) {
		struct entry *e = log_find_in(name, len, VM->order[i]);
		if (e)
			return e;
	}
	return 0;
}

u64 log_entry_xt(struct entry *e)
{
	return (u64)e + sizeof(struct entry) + align8((u64)e->len + 1);
}

/* The first entry ENTRIES could not list (full, or no address space
 * left to map more of it), 0 when it lists them all.  None after that
 * one is listed either, so ENTRIES stays the oldest entries in address
 * order, and those past its end are found on the list. */
static u64 unlisted_from;

/* Can ENTRIES list e, the newest entry? */
static bool entries_room(u64 e)
{
	if (!unlisted_from &&
	    ((VM->n_entries + 1) * sizeof(u32) > ENTRIES_SIZE ||
	     !log_need(R_ENTRIES, ENTRIES_BASE + (VM->n_entries + 1) * sizeof(u32))))
		unlisted_from = e;
	return !unlisted_from;
}

/* Entries are laid out in address order, and ENTRIES lists them so: the
 * entry that contains an address is the last one that starts at or below
 * it, found by binary search. */
static u64 entry_index(u64 addr)
{
	u32 off = (u32)(addr - LOG_BASE);
	u64 lo = 0, hi = VM->n_entries;
	while (lo < hi) { /* the first entry past off */
		u64 mid = (lo + hi) / 2;
		if (ENTRIES[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo; /* entry lo-1 holds addr; 0 when none */
}

struct entry *log_entry_containing(u64 addr)
{
	if (addr < LOG_BASE || addr >= VM->here)
		return 0;
	u64 i = entry_index(addr);
	/* past the last entry ENTRIES holds, the list, newest first: those
	 * made when it had no room are only there (when it has them all,
	 * the newest is the last it holds, and the walk ends at once) */
	if (i == VM->n_entries) {
		struct entry *e = (struct entry *)VM->latest;
		while (e && (u64)e > addr)
			e = log_older(e);
		return e;
	}
	return i ? (struct entry *)(LOG_BASE + ENTRIES[i - 1]) : 0;
}

/* Where e's body ends: the next entry, or here for the newest (`see`,
 * lib/debug.e).  ENTRIES gives the next; past the last it holds, the
 * list does: the oldest entry newer than e. */
u64 log_entry_end(const struct entry *e)
{
	u64 i = entry_index((u64)e);
	if (i < VM->n_entries)
		return LOG_BASE + ENTRIES[i];
	u64 next = VM->here;
	for (struct entry *x = (struct entry *)VM->latest; x && (u64)x > (u64)e; x = log_older(x))
		next = (u64)x;
	return next;
}

/* The entry whose execution token xt is, or 0. */
struct entry *log_entry_of_xt(u64 xt)
{
	if (!log_is_xt(xt))
		return 0;
	struct entry *e = log_entry_containing(xt);
	return e && log_entry_xt(e) == xt ? e : 0;
}

/* Forget every entry and byte of the log from here on (marker): the
 * entries' bits in the xt map and their places in ENTRIES go, here and
 * latest go back, and the hash index is made again from the list. */
void log_forget(u64 here, u64 latest)
{
	/* the xt map's bits of what goes: past what is mapped of it, none
	 * was set */
	u64 mapped = LOG_BASE + (log_mapped_to[R_XTMAP] - XTMAP_BASE) * 64;
	for (u64 x = align8(here); x < VM->here && x < mapped; x += 8) {
		u64 bit = (x - LOG_BASE) / 8;
		((u8 *)XTMAP_BASE)[bit / 8] &= (u8)~(1u << (bit % 8));
	}
	while (VM->n_entries && LOG_BASE + ENTRIES[VM->n_entries - 1] >= here)
		VM->n_entries--;
	if (unlisted_from >= here)
		unlisted_from = 0; /* those ENTRIES could not list are gone */
	VM->here = here;
	VM->latest = latest;
	log_rehash();
}

struct entry *log_create(const char *name, u64 len, const char *file, u32 line)
{
	if (len > 255)
		len = 255;
	VM->here = align8(VM->here);
	struct entry *e = log_allot(sizeof(struct entry) + align8(len + 1));
	e->link = (struct entry *)VM->latest;
	e->flags = 0;
	e->len = (u8)len;
	e->line = line;
	e->file = file;
	memcpy(e->name, name, len);
	memset(e->name + len, 0, align8(len + 1) - len);
	e->wordlist = (u16)VM->current;
	if (VM->std_wid && VM->current == VM->std_wid)
		VM->std_names |= name_bit(name, len);
	VM->latest = (u64)e;
	VM->building = 1; /* until the interpreter moves on (helpers.c) */
	if (entries_room((u64)e))
		ENTRIES[VM->n_entries++] = (u32)((u64)e - LOG_BASE);
	hash_insert(e);
	xtmap_set(log_entry_xt(e));
	return e;
}
