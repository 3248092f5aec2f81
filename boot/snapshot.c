/* snapshot.c - start-up without interpreting the prelude.
 *
 * The build runs a first binary (incant-stage1) that interprets the
 * prelude as usual and then writes out what it built: the log, the data
 * and names regions and the line table, all at their fixed addresses.  The
 * final binary carries that image (boot/image.c) and copies it back at
 * start-up instead of interpreting.  Nothing in those regions depends on
 * where the C code lies except the helper table and the C text bounds,
 * which start.c fills in again (DESIGN §5's state in the kernel, the
 * signal actions and the alternate stack, is set up again by `main`).
 *
 * Format: "incant-2", a count, then per run its address, its length, the
 * length of its compressed bytes (lz.c) and those bytes padded to 8.  Runs
 * of 64 zero bytes or more are left out: the regions start out zeroed, and
 * the hash index is mostly empty.  Each run decompresses straight to its
 * address. */
#include "snapshot.h"
#include "io.h"
#include "lz.h"

#define MAGIC 0x322d746e61636e69ul /* "incant-2" */

struct region { u64 addr, len; };

static int regions(struct region *r)
{
	r[0] = (struct region){ LOG_BASE, VM->here - LOG_BASE };
	r[1] = (struct region){ DATA_BASE, VM->data_here ? VM->data_here - DATA_BASE : 0 };
	r[2] = (struct region){ NAMES_BASE, VM->names_end ? VM->names_end - NAMES_BASE : 0 };
	r[3] = (struct region){ LINES_BASE, VM->n_lines * sizeof(struct line_rec) };
	r[4] = (struct region){ CODE_BASE, VM->code_here ? VM->code_here - CODE_BASE : 0 };
	r[5] = (struct region){ SUPERMAP_BASE, VM->n_pieces * sizeof(struct super_piece) };
	r[6] = (struct region){ XTMAP_BASE, ((VM->here - LOG_BASE) / 64 + 8) & ~7ul };
	r[7] = (struct region){ HASH_BASE, VM->hash_slots * sizeof(struct entry *) };
	r[8] = (struct region){ ENTRIES_BASE, VM->n_entries * sizeof(u32) };
	return 9;
}

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

/* Split a region into the runs that hold something. */
static int nonzero_runs(struct region r, struct region *out, int room)
{
	const u64 *w = (const u64 *)r.addr;
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
		out[k++] = (struct region){ r.addr + start * 8, (i - zeros - start) * 8 };
	}
	return k;
}

bool snapshot_write(const char *path)
{
	struct region r[9];
	int n = 0, nr = regions(r);
	for (int i = 0; i < nr; i++)
		n += nonzero_runs(r[i], runs + n, MAX_RUNS - n);
	if (n == MAX_RUNS)
		return false;
	i64 fd = sys4(SYS_openat, AT_FDCWD, (i64)path,
		      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	u64 head[2] = { MAGIC, (u64)n };
	bool ok = put(fd, head, sizeof head);
	static u8 packed[1 << 22];
	static const u8 zeros[8];
	for (int i = 0; ok && i < n; i++) {
		if (runs[i].len + runs[i].len / 255 + 16 > sizeof packed)
			return false;
		u64 size = lz_compress((const u8 *)runs[i].addr, runs[i].len, packed);
		u64 rec[3] = { runs[i].addr, runs[i].len, size };
		ok = put(fd, rec, sizeof rec) && put(fd, packed, size) &&
		     put(fd, zeros, align8(size) - size);
	}
	return sys1(SYS_close, fd) == 0 && ok;
}

/* The line table and the superinstruction map are only read when an
 * error is reported: they are left in the image until then. */
static bool deferred(u64 addr)
{
	return (addr >= LINES_BASE && addr < LINES_BASE + LINES_SIZE) ||
	       (addr >= SUPERMAP_BASE && addr < SUPERMAP_BASE + SUPERMAP_SIZE);
}

static const u8 *kept_image;
static u64 kept_size;

/* Decompress the runs that are (later) or are not (now) deferred. */
static bool load_runs(const u8 *image, u64 size, bool later)
{
	const u64 *p = (const u64 *)image, *end = (const u64 *)(image + size);
	if (size < 16 || p[0] != MAGIC)
		return false;
	u64 n = p[1];
	p += 2;
	for (u64 i = 0; i < n; i++) {
		if (end - p < 3)
			return false;
		u64 addr = p[0], len = p[1], size = p[2];
		p += 3;
		if ((u64)(end - p) * 8 < size)
			return false;
		if (deferred(addr) == later &&
		    !lz_decompress((const u8 *)p, size, (u8 *)addr, len))
			return false;
		p += align8(size) / 8;
	}
	return true;
}

bool snapshot_load(const u8 *image, u64 size)
{
	kept_image = image;
	kept_size = size;
	return load_runs(image, size, false);
}

void snapshot_load_deferred(void)
{
	if (!kept_image)
		return;
	const u8 *image = kept_image;
	kept_image = 0;
	load_runs(image, kept_size, true);
}
