/* mem.c - memcpy and friends.  gcc emits calls to these for struct copies
 * and loops it recognises even under -ffreestanding, so they must exist.
 * memcpy and memset go a word at a time: start-up and the snapshot move
 * whole regions with them.  (The Makefile's -fno-tree-loop-distribute-
 * patterns keeps gcc from turning these loops back into calls to
 * themselves.) */
#include "sys.h"

typedef u64 __attribute__((aligned(1), may_alias)) word;

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	for (; n >= 8; n -= 8, dp += 8, sp += 8)
		*(word *)dp = *(const word *)sp;
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (dp < sp)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	u8 *dp = d;
	u64 w = 0x0101010101010101ul * (u8)c;
	for (; n >= 8; n -= 8, dp += 8)
		*(word *)dp = w;
	while (n--)
		*dp++ = (u8)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}
