/* snapshot.c - start-up without interpreting the prelude.
 *
 * The build runs a first binary (incant-stage1) that interprets the
 * prelude as usual and then writes out what it built: the log, the data
 * and names regions and the line table, all at their fixed addresses.  The
 * final binary carries that image (boot/image.c) and decompresses it back
 * at start-up instead of interpreting.  Nothing in those regions depends on
 * where the C code lies except the helper table and the C text bounds,
 * which start.c fills in again unless they are this binary's already (an
 * image file incant --write-image wrote) (DESIGN §5's state in the kernel, the
 * signal actions and the alternate stack, is set up again by `main`).
 *
 * Format: "incant-4", a count, the image's id (a hash of the memory it
 * stands for, which the image file below must carry too), then records:
 * an address, the length it fills there, the length of the compressed
 * bytes (lz.c), a form, and those bytes padded to 8.  Each record
 * decompresses straight to its address; its form says what is stored and
 * what is left to do there:
 *
 *   FORM_PLAIN    the bytes as they are.  Runs of 64 zero bytes or more
 *                 are left out of the log, data and names: the regions
 *                 start out zeroed.
 *   FORM_DELTA32  u32 fields, each stored as its difference from the same
 *                 field of the record before (form >> 8 fields a record):
 *                 ENTRIES and the line table grow steadily, so what LZ
 *                 sees is a few small numbers over and over.
 *   FORM_HASH     the hash index as u16s, 1 + an entry's place in
 *                 ENTRIES (0 an empty slot), widened in place to entry
 *                 addresses.  A quarter of the size, and no pointers.
 *   FORM_XTMAP    nothing stored: the xt map is one bit per entry's xt,
 *                 set again from ENTRIES.
 *   FORM_LINKS    nothing stored: every entry's link is the entry before
 *                 it in ENTRIES, so the log is stored with its links
 *                 cleared (a tenth smaller) and they are set again.
 *   FORM_DOCS     docs/words.md (address 0), for `help` (docs.c): left
 *                 compressed until it is first asked for.
 *
 * The writer checks each transformed record against the memory it stands
 * for and falls back to FORM_PLAIN if it would not give it back.  The
 * records of the line table and the superinstruction map are decompressed
 * only when an error report first needs them (snapshot_load_deferred):
 * `incant -e bye` never does.  tools/incant-gdb.py reads this format too.
 *
 * The image file.  Even so, decompressing was most of start-up's time,
 * and most of that in the kernel: each fresh page costs microseconds to
 * allocate and clear, and the image fills some eighty.  So the build also
 * writes the same memory uncompressed, page by page (incant.image, beside
 * the binary), and start-up maps that file where the records would go
 * (snapshot_map): no page is cleared or filled, the kernel maps only the
 * pages a run touches, many at a fault, from the page cache that every
 * incant shares.  The binary alone still works: without the file, or
 * with one of another build or that it should not trust, it decompresses
 * its own copy.  The file: a header page ("incant-m", the id, the file's
 * size, a count, then per mapping, by address, an address, a length, an
 * offset in the file and a protection), then each mapping's pages.  The
 * line table and the superinstruction map are not in it: with the file
 * mapped, they are loaded from the embedded image as without it. */
#include "snapshot.h"
#include "io.h"
#include "log.h"
#include "lz.h"
#include "docs.h"
#include "args.h"

#define MAGIC 0x342d746e61636e69ul /* "incant-4" */
#define IMAGE_PATH_MAX 512

/* include/uapi/asm-generic/mman-common.h, arch/x86/entry/syscalls/syscall_64.tbl */
#define SYS_madvise 28
#define MADV_DONTNEED 4
#define MADV_POPULATE_WRITE 23

enum form { FORM_PLAIN, FORM_DELTA32, FORM_HASH, FORM_XTMAP, FORM_DOCS, FORM_LINKS };

/* Where a record goes (addr), and where the writer reads its bytes: the
 * memory there, or a copy with the entries' links cleared (src). */
struct region {
	u64 addr, len, form;
	const u8 *src;
};

static struct region region(u64 addr, u64 len, u64 form)
{
	return (struct region){ addr, len, form, (const u8 *)addr };
}

/* What the image holds, in the order it is loaded: ENTRIES before the
 * xt map, the hash index and the links, which are made from it. */
static int regions(struct region *r)
{
	r[0] = region(LOG_BASE, log_in_use(R_LOG), FORM_PLAIN);
	r[1] = region(DATA_BASE, log_in_use(R_DATA), FORM_PLAIN);
	r[2] = region(NAMES_BASE, log_in_use(R_NAMES), FORM_PLAIN);
	r[3] = region(LINES_BASE, log_in_use(R_LINES), FORM_DELTA32 | 2 << 8);
	r[4] = region(CODE_BASE, log_in_use(R_CODE), FORM_PLAIN);
	r[5] = region(SUPERMAP_BASE, log_in_use(R_SUPERMAP), FORM_PLAIN);
	r[6] = region(ENTRIES_BASE, log_in_use(R_ENTRIES), FORM_DELTA32 | 1 << 8);
	r[7] = region(XTMAP_BASE, log_in_use(R_XTMAP), FORM_XTMAP);
	r[8] = region(HASH_BASE, log_in_use(R_HASH), FORM_HASH);
	r[9] = region(LOG_BASE, 0, FORM_LINKS);
	return 10;
}

/* The regions whose image is loaded only when first read (the line table
 * and the superinstruction map: only an error report reads them; the
 * word reference waits for `help` and `apropos` on its own): the image
 * file leaves them out too. */
static bool deferred_region(u64 addr)
{
	return (addr >= LINES_BASE && addr < LINES_BASE + LINES_SIZE) ||
	       (addr >= SUPERMAP_BASE && addr < SUPERMAP_BASE + SUPERMAP_SIZE);
}

/* ---- the transforms, both ways ------------------------------------------ */

/* Undo FORM_DELTA32 in place: n u32s, stride fields a record. */
static void delta32_undo(u32 *w, u64 n, u64 stride)
{
	for (u64 i = stride; i < n; i++)
		w[i] += w[i - stride];
}

static void delta32_do(const u32 *in, u32 *out, u64 n, u64 stride)
{
	for (u64 i = 0; i < n; i++)
		out[i] = i < stride ? in[i] : in[i] - in[i - stride];
}

/* Set in map (len bytes) the bit of every entry's xt, as log_create does
 * in the xt map. */
static void xtmap_make(u8 *map, u64 len)
{
	for (u64 i = 0; i < VM->n_entries; i++) {
		u64 bit = (log_entry_xt((struct entry *)(LOG_BASE + ENTRIES[i])) - LOG_BASE) / 8;
		if (bit / 8 < len)
			map[bit / 8] |= (u8)(1u << (bit % 8));
	}
}

/* Widen FORM_HASH's u16s, stored at the start of the index, to entry
 * addresses, from the last slot down: slot i's 8 bytes lie at or above
 * every u16 still to be read. */
typedef u16 __attribute__((may_alias)) u16_alias;
typedef u64 __attribute__((may_alias)) u64_alias;

static void hash_widen(u64 slots)
{
	const u16_alias *index = (const u16_alias *)HASH_BASE;
	u64_alias *slot = (u64_alias *)HASH_BASE;
	for (u64 i = slots; i--;) {
		u16 k = index[i];
		slot[i] = k ? LOG_BASE + ENTRIES[k - 1] : 0;
	}
}

/* Every entry's link is the entry made before it (ENTRIES), the first's
 * 0: FORM_LINKS sets them again, after the log and ENTRIES are loaded. */
static void links_fill(void)
{
	for (u64 i = 1; i < VM->n_entries; i++)
		((struct entry *)(LOG_BASE + ENTRIES[i]))->link =
			(struct entry *)(LOG_BASE + ENTRIES[i - 1]);
}

/* 1 + the place in ENTRIES of the entry at addr, or 0 if none is there. */
static u64 entry_number(u64 addr)
{
	u64 lo = 0, hi = VM->n_entries;
	while (lo < hi) {
		u64 mid = (lo + hi) / 2;
		if (LOG_BASE + ENTRIES[mid] < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < VM->n_entries && LOG_BASE + ENTRIES[lo] == addr ? lo + 1 : 0;
}

/* ---- writing ------------------------------------------------------------ */

static bool put(i64 fd, const void *p, u64 n)
{
	const u8 *b = p;
	while (n) {
		i64 w = sys3(SYS_write, fd, (i64)b, (i64)n);
		if (w == -EINTR)
			continue;
		if (w <= 0)
			return false;
		b += w;
		n -= (u64)w;
	}
	return true;
}

#define MAX_RUNS 65536
static struct region runs[MAX_RUNS];
#define MAX_PACKED (1ul << 22)
static u8 packed[MAX_PACKED + MAX_PACKED / 255 + 16];
static u8 transformed[MAX_PACKED] __attribute__((aligned(8)));

/* Split a region into the runs that hold something. */
static int nonzero_runs(struct region r, struct region *out, int room)
{
	const u64 *w = (const u64 *)r.src;
	u64 n = align8(r.len) / 8, i = 0;
	int k = 0;
	while (i < n && k < room) {
		while (i < n && !w[i])
			i++;
		if (i == n)
			break;
		u64 start = i, zeros = 0;
		for (; i < n && zeros < 8; i++)
			zeros = w[i] ? 0 : zeros + 1;
		out[k++] = (struct region){ r.addr + start * 8, (i - zeros - start) * 8,
					    FORM_PLAIN, r.src + start * 8 };
	}
	return k;
}

/* The bytes that stand for r in its form, in transformed[] (or r's own
 * memory); their length in *n.  The form falls back to FORM_PLAIN when
 * the transform would not give the memory back. */
static const u8 *transform(struct region *r, u64 *n)
{
	u8 form = (u8)r->form;
	*n = r->len;
	if (form == FORM_DOCS || form == FORM_LINKS)
		return r->src;
	if (r->len > sizeof transformed)
		form = FORM_PLAIN;
	if (form == FORM_DELTA32) {
		delta32_do((const u32 *)r->src, (u32 *)transformed, r->len / 4, r->form >> 8);
		return transformed;
	}
	if (form == FORM_XTMAP) {
		/* what the loader would make, against what there is */
		memset(transformed, 0, r->len);
		xtmap_make(transformed, r->len);
		if (memcmp(r->src, transformed, r->len) == 0) {
			*n = 0;
			return transformed;
		}
		form = FORM_PLAIN;
	}
	if (form == FORM_HASH) {
		const u64 *slot = (const u64 *)r->src;
		u16 *index = (u16 *)transformed;
		u64 slots = r->len / 8;
		for (u64 i = 0; i < slots && form == FORM_HASH; i++) {
			u64 k = slot[i] ? entry_number(slot[i]) : 0;
			if ((slot[i] && !k) || k > 0xffff)
				form = FORM_PLAIN;
			index[i] = (u16)k;
		}
		if (form == FORM_HASH) {
			*n = slots * 2;
			return transformed;
		}
	}
	r->form = FORM_PLAIN;
	return r->src;
}

static u8 log_copy[MAX_PACKED] __attribute__((aligned(8)));

/* Point the log's region at a copy of it with every entry's link cleared,
 * if links_fill would set them all again; false if it would not. */
static bool clear_links(struct region *log)
{
	if (log->len > sizeof log_copy || !VM->n_entries)
		return false;
	memcpy(log_copy, log->src, log->len);
	for (u64 i = 0; i < VM->n_entries; i++) {
		const struct entry *e = (const struct entry *)(LOG_BASE + ENTRIES[i]);
		u64 want = i ? LOG_BASE + ENTRIES[i - 1] : 0;
		if ((u64)e->link != want || ENTRIES[i] + sizeof e->link > log->len)
			return false;
		memset(log_copy + ENTRIES[i], 0, sizeof e->link);
	}
	log->src = log_copy;
	return true;
}

static bool put_record(i64 fd, struct region r)
{
	static const u8 zeros[8];
	u64 n;
	const u8 *bytes = transform(&r, &n);
	if (n > MAX_PACKED)
		return false;
	u64 size = n ? lz_compress(bytes, n, packed) : 0;
	if (n && !size)
		return false;
	u64 rec[4] = { r.form == FORM_DOCS ? 0 : r.addr, r.len, size, r.form };
	return put(fd, rec, sizeof rec) && put(fd, packed, size) &&
	       put(fd, zeros, align8(size) - size);
}

/* FNV-1a over every region's address, length and bytes: what identifies
 * an image, and the file made from the same memory. */
static u64 image_id(const struct region *r, int nr)
{
	u64 h = 0xcbf29ce484222325ul;
	for (int i = 0; i < nr; i++) {
		u64 head[2] = { r[i].addr, r[i].len };
		const u8 *b = (const u8 *)head;
		for (u64 k = 0; k < sizeof head; k++)
			h = (h ^ b[k]) * 0x100000001b3ul;
		for (const u8 *p = (const u8 *)r[i].addr, *e = p + r[i].len; p < e; p++)
			h = (h ^ *p) * 0x100000001b3ul;
	}
	return h;
}

static bool file_write(const char *path, const struct region *r, int nr, u64 id);

bool snapshot_write(const char *path, const char *file_path)
{
	struct region r[10];
	int n = 0, nr = regions(r);
	u64 id = image_id(r, nr - 1); /* FORM_LINKS adds nothing */
	if (!file_write(file_path, r, nr - 1, id))
		return false;
	if (!clear_links(&r[0]))
		nr--; /* the last region, FORM_LINKS: the log keeps its links */
	for (int i = 0; i < nr; i++) {
		if (r[i].form == FORM_PLAIN)
			n += nonzero_runs(r[i], runs + n, MAX_RUNS - n - 1);
		else
			runs[n++] = r[i];
	}
	u64 docs_len;
	const char *docs = docs_words(&docs_len);
	runs[n++] = region((u64)docs, docs_len, FORM_DOCS);
	if (n >= MAX_RUNS)
		return false;
	i64 fd = sys4(SYS_openat, AT_FDCWD, (i64)path,
		      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	u64 head[3] = { MAGIC, (u64)n, id };
	bool ok = put(fd, head, sizeof head);
	for (int i = 0; ok && i < n; i++)
		ok = put_record(fd, runs[i]);
	return sys1(SYS_close, fd) == 0 && ok;
}

/* Is image (size bytes) one in this format?  Its id, then, in *id. */
static bool image_head(const u8 *image, u64 size, u64 *id)
{
	if (size < 24 || ((const u64 *)image)[0] != MAGIC)
		return false;
	*id = ((const u64 *)image)[2];
	return true;
}

/* The image file alone, of the image the binary carries, from the memory
 * as this binary has it (its own helpers in the fixed page): incant
 * --write-image, which the build runs after linking. */
bool snapshot_write_file(const char *file_path, const u8 *image, u64 size)
{
	u64 id;
	if (!image_head(image, size, &id))
		return false;
	struct region r[10];
	int nr = regions(r);
	return file_write(file_path, r, nr - 1, id);
}

/* ---- reading ------------------------------------------------------------ */

struct record {
	u64 addr, len, size, form;
	const u8 *bytes;
};

/* The records of an image, one at a time: false at the end or if the
 * image is damaged (*bad then set). */
static bool next_record(const u64 **p, const u64 *end, struct record *r, bool *bad)
{
	if (*p == end)
		return false;
	*bad = true;
	if (end - *p < 4)
		return false;
	const u64 *q = *p;
	*r = (struct record){ q[0], q[1], q[2], q[3], (const u8 *)(q + 4) };
	q += 4;
	if ((u64)(end - q) < align8(r->size) / 8)
		return false;
	*p = q + align8(r->size) / 8;
	*bad = false;
	return true;
}

/* Have the kernel allocate the pages of a large record at once, before it
 * is written: one call instead of a page fault per page, which is where
 * start-up spent much of its time.  (MADV_POPULATE_WRITE is Linux 5.14;
 * an older kernel refuses it and the pages fault in as before.) */
static void populate(u64 addr, u64 len)
{
	if (len < 4 * PAGE)
		return;
	u64 start = addr & ~(PAGE - 1), end = (addr + len + PAGE - 1) & ~(PAGE - 1);
	sys3(SYS_madvise, (i64)start, (i64)(end - start), MADV_POPULATE_WRITE);
}

/* Hand back the pages of compressed bytes that were just decompressed:
 * they are the binary's, read-only, so the kernel drops them from the
 * process and would read them again from the page cache if asked.  The
 * log's are some 16 pages: without them start-up's peak resident size
 * is that much lower.  (Only the pages the record fills alone.) */
static void release(const u8 *bytes, u64 size)
{
	u64 start = ((u64)bytes + PAGE - 1) & ~(PAGE - 1);
	u64 end = ((u64)bytes + size) & ~(PAGE - 1);
	if (end > start + 4 * PAGE)
		sys3(SYS_madvise, (i64)start, (i64)(end - start), MADV_DONTNEED);
}

static bool load_record(const struct record *r)
{
	u8 form = (u8)r->form;
	u8 *at = (u8 *)r->addr;
	if (form != FORM_DOCS && form != FORM_LINKS) {
		int g = log_region(r->addr, r->len);
		if (g < 0 || !log_need((enum region_id)g, r->addr + r->len))
			return false;
	}
	switch (form) {
	case FORM_PLAIN:
		populate(r->addr, r->len);
		if (!lz_decompress(r->bytes, r->size, at, r->len))
			return false;
		release(r->bytes, r->size);
		return true;
	case FORM_DELTA32:
		if (!lz_decompress(r->bytes, r->size, at, r->len))
			return false;
		delta32_undo((u32 *)at, r->len / 4, r->form >> 8);
		return true;
	case FORM_HASH:
		populate(r->addr, r->len);
		if (!lz_decompress(r->bytes, r->size, at, r->len / 4))
			return false;
		hash_widen(r->len / 8);
		return true;
	case FORM_XTMAP:
		xtmap_make((u8 *)XTMAP_BASE, r->len);
		return true;
	case FORM_DOCS:
		return true; /* on demand: snapshot_docs */
	case FORM_LINKS:
		links_fill();
		return true;
	}
	return false;
}

/* The image, and whether its deferred records still wait (kept_image,
 * which tools/incant-gdb.py reads). */
static const u8 *the_image, *kept_image;
static u64 image_size;

/* Load the records that are (later) or are not (now) deferred. */
static bool load_records(bool later)
{
	const u64 *p = (const u64 *)the_image, *end = (const u64 *)(the_image + image_size);
	u64 id;
	if (!image_head(the_image, image_size, &id))
		return false;
	p += 3;
	struct record r;
	bool bad = false;
	while (next_record(&p, end, &r, &bad))
		if (deferred_region(r.addr) == later && !load_record(&r))
			return false;
	return !bad;
}

bool snapshot_load(const u8 *image, u64 size)
{
	the_image = kept_image = image;
	image_size = size;
	return load_records(false);
}

void snapshot_load_deferred(void)
{
	if (!kept_image)
		return;
	const u8 *image = kept_image;
	kept_image = 0;
	/* a region it could not map (no address space left): the next
	 * report tries again (a record loads the same bytes twice alike) */
	if (!load_records(true))
		kept_image = image;
}

/* The word reference from the image, decompressed into memory of its own
 * the first time it is asked for; 0 when there is none. */
const char *snapshot_docs(u64 *len)
{
	static const char *docs;
	static u64 docs_len;
	const u64 *p = (const u64 *)the_image, *end = (const u64 *)(the_image + image_size);
	struct record r;
	bool bad = false;
	if (!docs && the_image) {
		for (p += 3; next_record(&p, end, &r, &bad);) {
			if (r.form != FORM_DOCS)
				continue;
			i64 m = sys6(SYS_mmap, 0, (i64)(r.len + 1), PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (m < 0 && m > -4096)
				break;
			if (!lz_decompress(r.bytes, r.size, (u8 *)m, r.len)) {
				sys2(SYS_munmap, m, (i64)(r.len + 1));
				break;
			}
			docs = (const char *)m;
			docs_len = r.len;
			break;
		}
	}
	*len = docs_len;
	return docs;
}

/* ---- the image file ------------------------------------------------------ */

#define FILE_MAGIC 0x6d2d746e61636e69ul /* "incant-m" */
#define MAX_MAPS SNAPSHOT_MAPS
#define RW (PROT_READ | PROT_WRITE)
#define RX (PROT_READ | PROT_EXEC)

struct file_map {
	u64 addr, len, offset, prot;
};

struct file_head {
	u64 magic, id, size, n;
	struct file_map map[MAX_MAPS];
};

static void sort_maps(struct file_map *m, u64 n)
{
	for (u64 i = 1; i < n; i++)
		for (u64 k = i; k && m[k - 1].addr > m[k].addr; k--) {
			struct file_map t = m[k];
			m[k] = m[k - 1];
			m[k - 1] = t;
		}
}

static bool page_used(u64 p, u64 n)
{
	for (const u64 *w = (const u64 *)p, *e = w + n / 8; w < e; w++)
		if (*w)
			return true;
	return false;
}

/* The pages of [addr, addr + len) that hold something, as mappings: a gap
 * of up to MERGE_GAP empty pages stays inside one.  A mapping costs every
 * start-up some 5 microseconds, and its end more (exit unmaps it); an
 * empty page in the file costs 4 KiB of disk, and a read fault and a copy
 * only if a run writes there, where a fresh page would cost a fault too.
 * addr is page-aligned, len a multiple of 8. */
#define MERGE_GAP 32
static int page_runs(u64 addr, u64 len, u64 prot, struct file_map *m, int room)
{
	int k = 0;
	u64 run = 0, last = 0;
	for (u64 p = addr; p < addr + len; p += PAGE) {
		if (!page_used(p, addr + len - p < PAGE ? addr + len - p : PAGE))
			continue;
		if (run && p - last > MERGE_GAP * PAGE) {
			if (k == room)
				return -1;
			m[k++] = (struct file_map){ run, last - run, 0, prot };
			run = 0;
		}
		if (!run)
			run = p;
		last = p + PAGE;
	}
	if (run) {
		if (k == room)
			return -1;
		m[k++] = (struct file_map){ run, last - run, 0, prot };
	}
	return k;
}

/* The image file of the regions r (incant-stage1 with snapshot_write,
 * then incant with snapshot_write_file): the global block's changing
 * page writable, its fixed page and the prelude after it read-only and
 * executable as log_seal leaves them (one mapping), the rest writable.
 * The mappings are listed by address.  The fixed page holds the helpers'
 * addresses and C text bounds of the binary that wrote the file: incant,
 * which then only reads it (start.c).  Another binary makes it writable
 * to fill them in, and log_seal seals it again. */
static bool file_write(const char *path, const struct region *r, int nr, u64 id)
{
	static struct file_head h;
	static u8 zeros[PAGE]; /* not const: a constant this size would go to .lrodata, a segment of its own */
	h = (struct file_head){ FILE_MAGIC, id, PAGE, 0, { { 0 } } };
	for (int i = 0; i < nr; i++) {
		u64 addr = r[i].addr, len = align8(r[i].len);
		int k;
		if (deferred_region(addr))
			continue; /* loaded from the image when first needed */
		if (addr == LOG_BASE) {
			k = page_runs(LOG_BASE, VM_END - LOG_BASE, RW,
				      h.map + h.n, MAX_MAPS - (int)h.n);
			if (k < 0)
				return false;
			h.n += (u64)k;
			addr = VM_END;
			len -= VM_END - LOG_BASE;
		}
		k = page_runs(addr, len, addr == VM_END ? RX : RW, h.map + h.n,
			      MAX_MAPS - (int)h.n);
		if (k < 0)
			return false;
		/* the last mapping goes on over the empty pages to the end of
		 * what the region uses: else start-up maps them anonymously,
		 * one more mapping (log_need_in_use) */
		if (k) {
			struct file_map *m = &h.map[h.n + (u64)k - 1];
			m->len = ((addr + len + PAGE - 1) & ~(PAGE - 1)) - m->addr;
		}
		h.n += (u64)k;
	}
	sort_maps(h.map, h.n);
	for (u64 i = 0; i < h.n; i++) {
		h.map[i].offset = h.size;
		h.size += h.map[i].len;
	}
	/* written aside and renamed into place: an incant running meanwhile
	 * keeps the file it mapped, whole */
	char tmp[512];
	str_fmt(tmp, sizeof tmp, "%s.tmp", path);
	i64 fd = sys4(SYS_openat, AT_FDCWD, (i64)tmp,
		      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	bool ok = put(fd, &h, sizeof h) && put(fd, zeros, PAGE - sizeof h);
	for (u64 at = PAGE; ok && at < h.size;) {
		/* the bytes the region holds, then zeros to the page's end */
		const struct file_map *m = &h.map[0];
		while (m->offset != at)
			m++;
		at += m->len;
		u64 held = m->len;
		for (int j = 0; j < nr; j++)
			if (m->addr >= r[j].addr && m->addr < r[j].addr + r[j].len &&
			    r[j].addr + align8(r[j].len) - m->addr < held)
				held = r[j].addr + align8(r[j].len) - m->addr;
		ok = put(fd, (const void *)m->addr, held);
		for (u64 pad = m->len - held, k; ok && pad; pad -= k) {
			k = pad < PAGE ? pad : PAGE;
			ok = put(fd, zeros, k);
		}
	}
	ok = sys1(SYS_close, fd) == 0 && ok;
	if (ok)
		ok = sys2(SYS_rename, (i64)tmp, (i64)path) == 0;
	else
		sys1(SYS_unlink, (i64)tmp);
	return ok;
}

/* Is every mapping of h page-aligned, inside the file, inside one region
 * (read-only and executable only in the log, from the global block's
 * fixed page on), and after the one before it? */
static bool maps_valid(const struct file_head *h)
{
	if (h->n > MAX_MAPS)
		return false;
	for (u64 i = 0, end = 0; i < h->n; i++) {
		const struct file_map *m = &h->map[i];
		if ((m->addr | m->len | m->offset) & (PAGE - 1) || !m->len ||
		    m->offset < PAGE || m->offset > h->size || m->len > h->size - m->offset)
			return false;
		if (m->prot != RW && (m->prot != RX || m->addr < VM_END))
			return false;
		int r = log_region(m->addr, m->len);
		if (r < 0 || m->addr < end || (m->prot == RX && r != R_LOG))
			return false;
		end = m->addr + m->len;
	}
	return true;
}

/* Map the image file open on fd (and close it) if it is the one for the
 * image whose id is `id` and may be trusted: a regular file of the size
 * its header says, owned by the user or root, that no one else may
 * write.  Its mappings go where nothing is mapped yet; their spans, by
 * address, in taken.  Their number, or 0 (nothing mapped) if not. */
static int map_image_file(i64 fd, u64 id, struct span *taken)
{
	struct file_head h;
	struct k_stat st;
	bool ok = sys2(SYS_fstat, fd, (i64)&st) == 0 &&
		  (st.st_mode & S_IFMT) == S_IFREG && !(st.st_mode & 022) &&
		  (st.st_uid == args.euid || st.st_uid == 0) &&
		  sys3(SYS_read, fd, (i64)&h, sizeof h) == sizeof h &&
		  h.magic == FILE_MAGIC && h.id == id &&
		  h.size == (u64)st.st_size && maps_valid(&h);
	int mapped = 0;
	while (ok && mapped < (int)h.n) {
		const struct file_map *m = &h.map[mapped];
		i64 r = sys6(SYS_mmap, (i64)m->addr, (i64)m->len, (i64)m->prot,
			     MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, (i64)m->offset);
		ok = r == (i64)m->addr;
		if (ok)
			taken[mapped++] = (struct span){ m->addr, m->len, m->prot };
		else if (r >= 0) /* placed elsewhere: a kernel before 4.17 */
			sys2(SYS_munmap, r, (i64)m->len);
	}
	sys1(SYS_close, fd);
	if (ok)
		return mapped;
	while (mapped--)
		sys2(SYS_munmap, (i64)taken[mapped].base, (i64)taken[mapped].size);
	return 0;
}

/* An image file at path, mapped if it is there and may be used.  Opened
 * without waiting (a FIFO put there would block the open until a writer
 * came) and without taking a terminal; map_image_file then checks what
 * it is. */
static int map_image_at(const char *path, u64 id, struct span *taken)
{
	i64 fd = sys4(SYS_openat, AT_FDCWD, (i64)path,
		      O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
	return fd >= 0 ? map_image_file(fd, id, taken) : 0;
}

/* The image file beside the binary at path (n bytes; path has room for
 * the additions), mapped if one may be used: the path with ".image"
 * added (the build's incant.image), else the same name under
 * ../lib/incant/ from its directory (make install's). */
static int map_image_beside(char *path, i64 n, u64 id, struct span *taken)
{
	memcpy(path + n, ".image", sizeof ".image");
	int k = map_image_at(path, id, taken);
	if (k)
		return k;
	i64 slash = n;
	while (slash > 0 && path[slash - 1] != '/')
		slash--;
	char name[IMAGE_PATH_MAX];
	memcpy(name, path + slash, (u64)(n - slash) + sizeof ".image");
	memcpy(path + slash, "../lib/incant/", sizeof "../lib/incant/" - 1);
	memcpy(path + slash + sizeof "../lib/incant/" - 1, name,
	       (u64)(n - slash) + sizeof ".image");
	return map_image_at(path, id, taken);
}

/* Map the image file for this image, if there is one that may be used.
 * It is looked for beside the path execve ran (AT_EXECFN), then, if that
 * mapped none, beside /proc/self/exe's, which follows symbolic links.
 * The first is free; resolving /proc/self/exe costs a new process some
 * 15 microseconds, a tenth of its start-up.  When the kernel ran a
 * script through its #! line, AT_EXECFN names the script, so only
 * /proc/self/exe is asked.  False if none maps: snapshot_load then
 * decompresses, as it does for a binary whose path is longer than fits
 * here (some 490 bytes) or a copy without the file. */
int snapshot_map(const u8 *image, u64 size, struct span *taken)
{
	u64 id;
	if (!image_head(image, size, &id))
		return 0;
	char path[IMAGE_PATH_MAX];
	const u64 room = sizeof path - sizeof "/../lib/incant/" - sizeof ".image";
	const char *exe = args.execfn;
	i64 n;
	int mapped = 0;
	if (exe && !(args.script && str_eq(exe, args.script)) &&
	    (n = (i64)str_len(exe)) > 0 && (u64)n < room) {
		memcpy(path, exe, (u64)n);
		mapped = map_image_beside(path, n, id, taken);
	}
	if (!mapped) {
		n = sys3(SYS_readlink, (i64)"/proc/self/exe", (i64)path, (i64)room);
		if (n > 0 && (u64)n < room)
			mapped = map_image_beside(path, n, id, taken);
	}
	if (mapped) {
		the_image = kept_image = image;
		image_size = size;
	}
	return mapped;
}
