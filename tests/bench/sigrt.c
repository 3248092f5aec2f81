/* sigrt.c - signal round trip in C: install a SIGUSR1 handler with libc's
   sigaction, then raise() SIGUSR1 ROUNDS times (argv[1], default 200000);
   the handler counts.  Prints the count and checks it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t hits;

static void on_usr1(int sig) { (void)sig; hits++; }

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) != 0) { perror("sigaction"); return 1; }
    for (long i = 0; i < rounds; i++) raise(SIGUSR1);
    printf("%ld\n", (long)hits);
    if (hits != rounds) { puts("FAIL"); return 1; }
    return 0;
}
