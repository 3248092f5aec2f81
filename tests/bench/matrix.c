/* matrix.c - 200x200 integer matrix multiply, 10 times; checks a checksum. */
#include <stdio.h>

#define N 200
#define REPS 10
#define EXPECT -280871L

static long a[N][N], b[N][N], c[N][N];

int main(void)
{
    for (long i = 0; i < N; i++)
        for (long j = 0; j < N; j++) {
            a[i][j] = (i + 2 * j) % 7 - 3;
            b[i][j] = (i * j) % 11 - 5;
        }
    long sum = 0;
    for (int rep = 0; rep < REPS; rep++) {
        for (long i = 0; i < N; i++)
            for (long j = 0; j < N; j++) {
                long s = 0;
                for (long k = 0; k < N; k++) s += a[i][k] * b[k][j];
                c[i][j] = s;
            }
        for (long i = 0; i < N; i++)
            for (long j = 0; j < N; j++)
                sum += c[i][j] * ((i + j) % 13 + 1);
        a[rep][rep] += 1;           /* each repetition computes a new product */
    }
    printf("%ld\n", sum);
    if (sum != EXPECT) { puts("FAIL"); return 1; }
    return 0;
}
