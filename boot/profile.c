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

/* A return point follows a cell holding an xt (or a superinstruction).
 * An rsi at the first cell of a body is one too, of that body's own
 * definition: docol has just set it, or a superinstruction that ends a
 * loop jumps back to the start. */
u64 profile_caller_word(u64 r)
{
	if ((r & 7) || r < LOG_BASE + 16 || r >= VM->here)
		return 0;
	u64 x = *(u64 *)(r - 8);
	bool body_start = x == VMF->docol && log_is_xt(r - 8);
	if (!body_start && !log_is_xt(x) && !optimize_is_super(x))
		return 0;
	struct entry *e = containing(body_cache, r - 8);
	if (!e || (e->flags & F_QUIET))
		return 0;
	u64 xt = log_entry_xt(e);
	if (body_start)
		return xt == r - 8 ? xt : 0;
	return *(u64 *)xt == VMF->docol && r - 8 >= xt + 8 ? xt : 0;
}

u64 profile_super_piece(u64 rip, u64 *via)
{
	/* the map stays in the image until something reads it; the first
	 * call (profile.e makes it before the timer starts) loads it */
	snapshot_load_deferred();
	return optimize_prim_at(rip, via);
}
