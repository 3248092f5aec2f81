/* lz.c - LZ77 in the byte-oriented format of LZ4, for the start-up image.
 *
 * A block is a list of sequences.  Each starts with a token byte: its high
 * nibble counts literals, its low nibble the match length minus 4
 * (MIN_MATCH, the shortest match written).  A nibble of 15 continues in
 * more bytes, each added, up to one below 255: the literal count's right
 * after the token, the match length's after the distance.  Then come the
 * literals, then a 16-bit little-endian distance back to the match, then
 * the match length's extra bytes.  The last sequence has literals only.
 * The compressor parses optimally (below), so the image shrinks to about
 * a quarter; decoding is a few copies per sequence, some 2-3 GB/s. */
#include "lz.h"

#define MIN_MATCH 4
#define WINDOW 0xffff /* the largest distance 16 bits hold */

/* The compressor runs once, in the build (snapshot_write): it can afford
 * an optimal parse.  Every position's cheapest encoding of the input up
 * to it is found from the left: a literal costs a byte, a match a token,
 * two bytes of distance and its length's extra bytes, and at each
 * position every match length the hash chain offers is tried.  Then the
 * cheapest path is walked back and written out.  Scratch is mapped for
 * the call and unmapped after it. */
#define HASH_BITS 16
#define MAX_CHAIN 4096
#define NICE_MATCH 256 /* long enough: stop looking for a longer one */
#define INFINITE 0xffffffffu

struct step {
	u32 cost;  /* bytes to encode the input before this position */
	u32 len;   /* what reached it: 0 a literal, else a match */
	u32 dist;
};

static u32 read32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u32 hash4(const u8 *p)
{
	return (read32(p) * 2654435761u) >> (32 - HASH_BITS);
}

static u32 match_price(u64 len)
{
	u64 m = len - MIN_MATCH;
	return 3 + (m >= 15 ? 1 + (u32)((m - 15) / 255) : 0);
}

static u8 *put_length(u8 *out, u64 n)
{
	while (n >= 255) {
		*out++ = 255;
		n -= 255;
	}
	*out++ = (u8)n;
	return out;
}

static u8 *put_sequence(u8 *out, const u8 *lit, u64 nlit, u64 mlen, u64 dist)
{
	u8 *token = out++;
	u8 hi = nlit >= 15 ? 15 : (u8)nlit;
	u8 lo = 0;
	if (nlit >= 15)
		out = put_length(out, nlit - 15);
	memcpy(out, lit, nlit);
	out += nlit;
	if (mlen) {
		u64 m = mlen - MIN_MATCH;
		lo = m >= 15 ? 15 : (u8)m;
		*out++ = (u8)dist;
		*out++ = (u8)(dist >> 8);
		if (m >= 15)
			out = put_length(out, m - 15);
	}
	*token = (u8)(hi << 4 | lo);
	return out;
}

static void *scratch(u64 size)
{
	i64 r = sys6(SYS_mmap, 0, (i64)size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return r < 0 && r > -4096 ? 0 : (void *)r;
}

/* Fill steps[1..n] with the cheapest way to reach each position. */
static void parse(const u8 *in, u64 n, struct step *steps, u32 *head, u32 *chain)
{
	for (u64 h = 0; h < 1u << HASH_BITS; h++)
		head[h] = INFINITE;
	steps[0] = (struct step){ 0, 0, 0 };
	for (u64 i = 1; i <= n; i++)
		steps[i].cost = INFINITE;
	for (u64 i = 0; i < n; i++) {
		u32 here = steps[i].cost;
		if (here + 1 < steps[i + 1].cost)
			steps[i + 1] = (struct step){ here + 1, 0, 0 };
		if (i + MIN_MATCH > n)
			continue;
		u32 h = hash4(in + i);
		u64 best = MIN_MATCH - 1, tries = MAX_CHAIN;
		for (u32 j = head[h]; j != INFINITE && i - j <= WINDOW && tries--;
		     j = chain[j & WINDOW]) {
			u64 len = 0;
			while (i + len < n && in[j + len] == in[i + len])
				len++;
			for (u64 l = best + 1; l <= len; l++) {
				u32 c = here + match_price(l);
				if (c < steps[i + l].cost)
					steps[i + l] = (struct step){ c, (u32)l, (u32)(i - j) };
			}
			if (len > best)
				best = len;
			if (i + best == n || best >= NICE_MATCH)
				break;
		}
		chain[i & WINDOW] = head[h];
		head[h] = (u32)i;
	}
}

u64 lz_compress(const u8 *in, u64 n, u8 *out)
{
	u64 steps_size = (n + 1) * sizeof(struct step);
	u64 tables = (1u << HASH_BITS) * 4 + (WINDOW + 1) * 4;
	u8 *mem = scratch(steps_size + tables);
	if (!mem)
		return 0;
	struct step *steps = (struct step *)mem;
	u32 *head = (u32 *)(mem + steps_size), *chain = head + (1u << HASH_BITS);
	parse(in, n, steps, head, chain);
	/* walk the cheapest path back, marking where each match starts: the
	 * step at its start gets its length and distance */
	u64 i = n;
	struct step s = steps[n];
	while (i) {
		u64 from = s.len ? i - s.len : i - 1;
		struct step next = steps[from];
		steps[from] = (struct step){ INFINITE, s.len, s.dist }; /* on the path */
		s = next;
		i = from;
	}
	u8 *o = out;
	u64 anchor = 0;
	for (i = 0; i < n;) {
		s = steps[i];
		if (s.cost != INFINITE || !s.len) {
			i++;
			continue;
		}
		o = put_sequence(o, in + anchor, i - anchor, s.len, s.dist);
		i += s.len;
		anchor = i;
	}
	o = put_sequence(o, in + anchor, n - anchor, 0, 0);
	sys2(SYS_munmap, (i64)mem, (i64)(steps_size + tables));
	return (u64)(o - out);
}

/* Unaligned 8-byte access, for copying words at a time. */
typedef u64 __attribute__((aligned(1), may_alias)) u64_unaligned;

static void copy16(u8 *d, const u8 *s)
{
	u64 a = *(const u64_unaligned *)s, b = *(const u64_unaligned *)(s + 8);
	*(u64_unaligned *)d = a;
	*(u64_unaligned *)(d + 8) = b;
}

/* Copy n bytes from s to d, forward.  When the block has 16 bytes of room
 * past n: 16 at a time when the source is 16 or more bytes behind, 8 at a
 * time when 8 (a cell repeated), possibly writing a little past n (the
 * output that follows rewrites it); else (a pattern shorter than a cell,
 * or the end of the block) a byte at a time. */
static inline void copy_forward(u8 *d, const u8 *s, u64 n, const u8 *dend)
{
	u64 dist = (u64)(d - s), k = 0;
	if ((u64)(dend - d) >= n + 16) {
		if (dist >= 16) {
			for (; k < n; k += 16)
				copy16(d + k, s + k);
			return;
		}
		if (dist >= 8) { /* each word read is written already */
			for (; k < n; k += 8)
				*(u64_unaligned *)(d + k) = *(const u64_unaligned *)(s + k);
			return;
		}
	}
	for (; k < n; k++)
		d[k] = s[k];
}

static inline bool get_length(const u8 **p, const u8 *end, u64 *n)
{
	u8 b;
	do {
		if (*p == end)
			return false;
		b = *(*p)++;
		*n += b;
	} while (b == 255);
	return true;
}

/* Most of the image (some 300 KB) is decompressed at start-up, so this is
 * the loop start-up spends its time in.  Nine sequences in ten have fewer
 * than 15 literals and a match of at most 18 bytes from 16 or more back:
 * for those, when the input and the output have room to spare, the
 * literals are one 16-byte copy and the match two, with one test for the
 * lot, so that the loop takes few branches it cannot predict.  (A copy
 * that writes past the sequence's end writes what the next one rewrites.)
 * Anything else takes the careful way. */
bool lz_decompress(const u8 *in, u64 n, u8 *out, u64 out_n)
{
	const u8 *p = in, *end = in + n;
	u8 *o = out, *oend = out + out_n;
	while (p < end) {
		u8 token = *p++;
		u64 nlit = token >> 4, mlen = token & 15;
		if (nlit < 15 && mlen < 15 && end - p >= 16 + 2 && oend - o >= 16 + 32) {
			u64 dist = (u64)p[nlit] | (u64)p[nlit + 1] << 8;
			if (dist >= 16 && dist <= (u64)(o + nlit - out)) {
				copy16(o, p);
				p += nlit + 2;
				o += nlit;
				copy16(o, o - dist);
				copy16(o + 16, o - dist + 16);
				o += mlen + MIN_MATCH;
				continue;
			}
		}
		if (nlit == 15 && !get_length(&p, end, &nlit))
			return false;
		if ((u64)(end - p) < nlit || (u64)(oend - o) < nlit)
			return false;
		if (nlit <= 16 && (u64)(end - p) >= 16 && (u64)(oend - o) >= 16)
			copy16(o, p); /* the literals are the source: no overlap */
		else
			memcpy(o, p, nlit);
		p += nlit;
		o += nlit;
		if (p == end)
			break; /* the last sequence: literals only */
		if (end - p < 2)
			return false;
		u64 dist = (u64)p[0] | (u64)p[1] << 8;
		p += 2;
		if (mlen == 15 && !get_length(&p, end, &mlen))
			return false;
		mlen += MIN_MATCH;
		if (dist == 0 || dist > (u64)(o - out) || (u64)(oend - o) < mlen)
			return false;
		copy_forward(o, o - dist, mlen, oend);
		o += mlen;
	}
	return o == oend;
}
