/* timeit.c - run a command N times, report its median wall time.

   usage: timeit [-c] [-f] [-n RUNS] [-o FILE] [-i FILE] [-e FILE] -- COMMAND [ARG...]

   Each run is posix_spawnp (vfork-style, so the timer's own fork cost stays
   small) + wait4; the wall time is taken with CLOCK_MONOTONIC around the
   whole thing.  With -f each run is fork + execvp instead: slower to start,
   but the child's ru_maxrss is then its own peak RSS (a vfork child shares
   the timer's memory until exec and reports the timer's RSS when that is
   larger).  Link timeit statically so that a forked child starts small.  The child's stdout goes to FILE
   (truncated each run, so FILE holds the last run's output; /dev/null when
   -o is not given); stdin and stderr are inherited, or with -i read from
   FILE (opened afresh each run) and with -e written to FILE (truncated
   each run).  With -c the times are the child's CPU time instead (user +
   system, from wait4's rusage), which a loaded machine disturbs less than
   the wall time.  Prints one line:

       median_us min_us max_us maxrss_kb

   maxrss_kb is the largest ru_maxrss of any run (the child's peak RSS).
   Exits 1 (after printing a message to stderr) if any run exits non-zero
   or dies by a signal, 2 on a usage or system error. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Open path as fd (in a forked child); nonzero on failure. */
static int redirect(int fd, const char *path, int flags)
{
    int f = open(path, flags, 0644);
    if (f < 0 || dup2(f, fd) < 0) return 1;
    if (f != fd) close(f);
    return 0;
}

int main(int argc, char **argv)
{
    long runs = 5;
    int use_fork = 0, cpu = 0;
    const char *out = "/dev/null", *in = NULL, *err_out = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "+cfn:o:i:e:")) != -1) {
        switch (opt) {
        case 'c': cpu = 1; break;
        case 'f': use_fork = 1; break;
        case 'n': runs = strtol(optarg, NULL, 10); break;
        case 'o': out = optarg; break;
        case 'i': in = optarg; break;
        case 'e': err_out = optarg; break;
        default: goto usage;
        }
    }
    if (optind >= argc || runs < 1) {
    usage:
        fprintf(stderr, "usage: timeit [-c] [-f] [-n RUNS] [-o FILE] [-i FILE] [-e FILE] -- COMMAND [ARG...]\n");
        return 2;
    }
    char **cmd = argv + optind;

    long *ns = malloc(sizeof *ns * runs);
    long maxrss = 0;
    if (!ns) { perror("timeit: malloc"); return 2; }

    for (long r = 0; r < runs; r++) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in)
            posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0);
        if (err_out)
            posix_spawn_file_actions_addopen(&fa, 2, err_out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        pid_t pid;
        long t0 = now_ns();
        if (use_fork) {
            pid = fork();
            if (pid < 0) { perror("timeit: fork"); return 2; }
            if (pid == 0) {
                if (redirect(1, out, O_WRONLY | O_CREAT | O_TRUNC) ||
                    (in && redirect(0, in, O_RDONLY)) ||
                    (err_out && redirect(2, err_out, O_WRONLY | O_CREAT | O_TRUNC)))
                    _exit(127);
                execvp(cmd[0], cmd);
                fprintf(stderr, "timeit: %s: %s\n", cmd[0], strerror(errno));
                _exit(127);
            }
        } else {
            int err = posix_spawnp(&pid, cmd[0], &fa, NULL, cmd, environ);
            if (err) { fprintf(stderr, "timeit: %s: %s\n", cmd[0], strerror(err)); return 2; }
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) < 0) { perror("timeit: wait4"); return 2; }
        long t1 = now_ns();
        posix_spawn_file_actions_destroy(&fa);
        ns[r] = cpu ? (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000L +
                          (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000L
                    : t1 - t0;
        if (ru.ru_maxrss > maxrss) maxrss = ru.ru_maxrss;
        if (WIFSIGNALED(status)) {
            fprintf(stderr, "timeit: %s: killed by signal %d\n", cmd[0], WTERMSIG(status));
            return 1;
        }
        if (WEXITSTATUS(status) != 0) {
            fprintf(stderr, "timeit: %s: exit status %d\n", cmd[0], WEXITSTATUS(status));
            return 1;
        }
    }
    qsort(ns, runs, sizeof *ns, cmp_long);
    long median = runs % 2 ? ns[runs / 2] : (ns[runs / 2 - 1] + ns[runs / 2]) / 2;
    printf("%.1f %.1f %.1f %ld\n", median / 1e3, ns[0] / 1e3, ns[runs - 1] / 1e3, maxrss);
    return 0;
}
