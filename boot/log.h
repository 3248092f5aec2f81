/* log.h - the log: the dictionary and everything allocated with it. */
#ifndef INCANT_LOG_H
#define INCANT_LOG_H

#include "vm.h"

/* A stretch of address space, and what it allows (PROT_*). */
struct span {
	u64 base, size, prot;
};
/* Map the log and its regions (vm.h) around the n spans mapped there
 * already (the image file's: sorted by address, each inside one region):
 * 0, or the negative errno. */
i64 log_map(const struct span *taken, int n);
/* The regions (vm.h), each mapped up to log_mapped_to[] so far. */
enum region_id { R_XTMAP, R_SUPERMAP, R_CODE, R_DATA, R_NAMES, R_LOG, R_LINES,
	      R_HASH, R_ENTRIES, N_REGIONS };
/* The region that holds all of [addr, addr + len), or -1. */
int log_region(u64 addr, u64 len);
extern u64 log_mapped_to[N_REGIONS];
bool log_grow(enum region_id r, u64 end);
/* Is region r mapped up to end, or can it be made so?  (The C code that
 * writes a region asks before it writes past what it used.) */
static inline bool log_need(enum region_id r, u64 end)
{
	return end <= log_mapped_to[r] || log_grow(r, end);
}
/* How many bytes from its base region r uses (the global block's counts). */
u64 log_in_use(enum region_id r);
/* Map what the image loaded in the regions uses of each: 0, or the
 * negative errno. */
i64 log_need_in_use(void);
/* Fresh anonymous memory at base, where nothing is mapped yet: 0, or the
 * negative errno (EEXIST when something is there already). */
i64 map_at(u64 base, u64 size, int prot);
void *log_allot(u64 n);
void log_comma(u64 x);
bool log_room(u64 n);
struct entry *log_create(const char *name, u64 len, const char *file, u32 line);
struct entry *log_find(const char *name, u64 len);
struct entry *log_find_in(const char *name, u64 len, u64 wordlist);
void log_rehash(void);
void log_forget(u64 here, u64 latest);
u64 log_entry_xt(struct entry *e);
struct entry *log_entry_containing(u64 addr);
u64 log_entry_end(const struct entry *e);
struct entry *log_entry_of_xt(u64 xt);
const char *log_name(const char *s); /* a lasting copy, outside the log */
void log_names_first(void); /* a build's first step (stage1.c) */
u64 log_data_allot(u64 n);
void log_seal(bool mapped, bool fixed_sealed);
bool log_is_xt(u64 x);
struct entry *log_older(struct entry *e);

#endif
