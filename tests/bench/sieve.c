/* sieve.c - the classic BYTE sieve: 8190 flags, 10,000 passes; 1899 primes. */
#include <stdio.h>
#include <string.h>

#define SIZE 8190
#define PASSES 10000
#define EXPECT 1899

static char flags[SIZE];

int main(void)
{
    long count = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        count = 0;
        memset(flags, 1, SIZE);
        for (long i = 0; i < SIZE; i++) {
            if (flags[i]) {
                long prime = i + i + 3;
                for (long k = i + prime; k < SIZE; k += prime)
                    flags[k] = 0;
                count++;
            }
        }
    }
    printf("%ld\n", count);
    if (count != EXPECT) { puts("FAIL"); return 1; }
    return 0;
}
