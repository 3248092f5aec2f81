/* bubble.c - bubble sort of 5000 pseudo-random numbers (an LCG), 10 times;
   checks the array is sorted and a position-weighted checksum. */
#include <stdio.h>

#define N 5000
#define REPS 10
#define EXPECT 2727952424164L

static long a[N];
static long seed;

static long rnd(void)
{
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed >> 16;                      /* 0 .. 32767 */
}

int main(void)
{
    long sum = 0;
    seed = 74755;
    for (int rep = 0; rep < REPS; rep++) {
        for (long i = 0; i < N; i++) a[i] = rnd();
        for (long top = N - 1; top > 0; top--)
            for (long j = 0; j < top; j++)
                if (a[j] > a[j + 1]) { long t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; }
        for (long i = 0; i < N - 1; i++)
            if (a[i] > a[i + 1]) { puts("FAIL"); return 1; }
        for (long i = 0; i < N; i++) sum += a[i] * (i + 1);
    }
    printf("%ld\n", sum);
    if (sum != EXPECT) { puts("FAIL"); return 1; }
    return 0;
}
