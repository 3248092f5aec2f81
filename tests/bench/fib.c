/* fib.c - doubly recursive fib 37 = 24157817. */
#include <stdio.h>

#define EXPECT 24157817L

static long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void)
{
    volatile long n = 37;      /* keep gcc from folding the call */
    long r = fib(n);
    printf("%ld\n", r);
    if (r != EXPECT) { puts("FAIL"); return 1; }
    return 0;
}
