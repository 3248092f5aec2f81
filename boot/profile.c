/* profile.c - what the sampling profiler (lib/profile.e) asks of C.
 *
 * The SIGPROF handler is written in the language; these are its lookups:
 * which word holds a machine address, and which colon definition a return
 * point lies in.  They run in a signal handler, a few hundred times a
 * second, once per cell of the control stack, so they must be fast and
 * must not write anything the interrupted code may be using.
 *
 * The dictionary answers "which entry holds this address" by walking the
 * list (log.c), about two thousand steps for a prelude word.  A sampled
 * program runs the same few hundred return points and instructions over
 * and over, so each answer is kept in a small direct-mapped cache, keyed
 * by the address.  An answer never goes stale: entries are only added,
 * above `here`, so the entry that holds an address below `here` stays the
 * one that holds it, and an address below `here` that no entry holds (the
 * interpreter routines before the first entry) never gets one.  Callers
 * look up only addresses below `here` (while `;` borrows `here` for the
 * superinstructions, that is none). */
#include "profile.h"
#include "log.h"
#include "optimize.h"
#include "snapshot.h"

#define CACHE_SLOTS 4096 /* a power of 2 */

struct cache_slot { u64 addr; struct entry *e; };
static struct cache_slot code_cache[CACHE_SLOTS], body_cache[CACHE_SLOTS];

static struct cache_slot *cache_slot(struct cache_slot *c, u64 addr)
{
	u64 h = (addr * 0x9e3779b97f4a7c15ul) >> 52; /* Fibonacci hashing, 12 bits */
	return &c[h & (CACHE_SLOTS - 1)];
}

#define NO_ENTRY ((struct entry *)1) /* cached: no entry holds it */

static struct entry *containing(struct cache_slot *c, u64 addr)
{
	struct cache_slot *s = cache_slot(c, addr);
	if (s->addr == addr && s->e)
		return s->e == NO_ENTRY ? 0 : s->e;
	struct entry *e = log_entry_containing(addr);
	*s = (struct cache_slot){ addr, e ? e : NO_ENTRY };
	return e;
}

u64 profile_code_word_at(u64 rip)
{
	if (rip < LOG_BASE || rip >= VM->here)
		return 0;
	struct entry *e = containing(code_cache, rip);
	if (!e)
		return 0;
	u64 xt = log_entry_xt(e);
	return *(u64 *)xt == xt + 8 && rip >= xt + 8 ? xt : 0;
}

/* The colon definition, not a quiet one, whose body (or codeword) holds
 * the cell at addr. */
static u64 colon_word_holding(u64 addr)
{
	struct entry *e = containing(body_cache, addr);
	if (!e || (e->flags & F_QUIET))
		return 0;
	u64 xt = log_entry_xt(e);
	return *(u64 *)xt == VMF->docol && addr >= xt ? xt : 0;
}

/* A return point follows a cell holding an xt (or a superinstruction). */
u64 profile_caller_word(u64 r)
{
	if ((r & 7) || r < LOG_BASE + 16 || r >= VM->here)
		return 0;
	u64 x = *(u64 *)(r - 8);
	if (!log_is_xt(x) && !optimize_is_super(x))
		return 0;
	u64 xt = colon_word_holding(r - 8);
	return r - 8 >= xt + 8 ? xt : 0;
}

/* rsi, as the interrupted code left it, is most often a return point of
 * its own; but for a few instructions it is anywhere in the body: at a
 * branch target or the start of a loop (a superinstruction that loops
 * sets it, then NEXT reads the cell), at the first cell (docol), inside
 * an inline string ((s")).  Any cell of a body, then. */
u64 profile_body_word(u64 rsi)
{
	if ((rsi & 7) || rsi < LOG_BASE + 16 || rsi >= VM->here)
		return 0;
	return colon_word_holding(rsi - 8);
}

u64 profile_super_piece(u64 rip, u64 *via)
{
	/* the map stays in the image until something reads it; the first
	 * call (profile.e makes it before the timer starts) loads it */
	snapshot_load_deferred();
	return optimize_prim_at(rip, via);
}
