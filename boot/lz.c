/* lz.c - LZ77 in the byte-oriented style of LZ4, for the start-up image.
 *
 * A block is a list of sequences.  Each starts with a token byte: its high
 * nibble counts literals, its low nibble the match length minus 4; a
 * nibble of 15 continues in the following bytes, each added, until one is
 * below 255.  Then come the literals, then a 16-bit little-endian distance
 * back to the match.  The last sequence has literals only.  Decompressing
 * costs a few microseconds for the whole image; the image shrinks to about
 * a third, which keeps the binary small. */
#include "lz.h"

#define MIN_MATCH 8
#define HASH_BITS 13
static u32 table[1 << HASH_BITS];

static u32 read32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u32 hash4(const u8 *p)
{
	return (read32(p) * 2654435761u) >> (32 - HASH_BITS);
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

u64 lz_compress(const u8 *in, u64 n, u8 *out)
{
	u8 *o = out;
	u64 anchor = 0, i = 0;
	memset(table, 0xff, sizeof table);
	while (n >= 4 && i + 4 <= n) {
		u32 h = hash4(in + i);
		u64 cand = table[h];
		table[h] = (u32)i;
		if (cand == 0xffffffffu || i - cand > 0xffff ||
		    read32(in + cand) != read32(in + i)) {
			i++;
			continue;
		}
		u64 len = 4;
		while (i + len < n && in[cand + len] == in[i + len])
			len++;
		if (len < MIN_MATCH) {
			i++;
			continue;
		}
		o = put_sequence(o, in + anchor, i - anchor, len, i - cand);
		i += len;
		anchor = i;
	}
	return (u64)(put_sequence(o, in + anchor, n - anchor, 0, 0) - out);
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

/* The whole image (some 300 KB) is decompressed at start-up, so this is
 * the loop start-up spends its time in: one token, a length check, two
 * wide copies per sequence for the common short ones. */
bool lz_decompress(const u8 *in, u64 n, u8 *out, u64 out_n)
{
	const u8 *p = in, *end = in + n;
	u8 *o = out, *oend = out + out_n;
	while (p < end) {
		u8 token = *p++;
		u64 nlit = token >> 4, mlen = token & 15;
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
