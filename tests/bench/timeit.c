/* timeit.c - run commands N times each, report their median wall times.

   usage: timeit [-c] [-f] [-n RUNS] [-o FILE] [-i FILE] [-e FILE]
                 -- COMMAND [ARG...] [-- COMMAND [ARG...]]...

   Each run is posix_spawnp (vfork-style, so the timer's own fork cost stays
   small) + wait4; the wall time is taken with CLOCK_MONOTONIC around the
   spawn and the wait, and nothing else: the files a run reads and writes
   are opened before the clock starts and handed to the child as its
   descriptors.  With -f each run is fork + execvp instead: slower to
   start, but the child's ru_maxrss is then its own peak RSS (a vfork child
   shares the timer's memory until exec and reports the timer's RSS when
   that is larger).  Link timeit statically so that a forked child starts
   small.

   Several commands, separated by "--" (so none of them can take "--" as
   an argument), are run in turn: a run of the first, a run of the second,
   ..., RUNS rounds, so that whatever else the machine does weighs on all
   of them alike, and from one timer process, so that no other process
   starts between them.

   The child's stdout goes to FILE (truncated each run, so FILE holds the
   last run's output; with several commands, FILE.1, FILE.2, ... one per
   command; /dev/null when -o is not given); stdin and stderr are
   inherited, or with -i read from FILE (opened afresh each run) and with
   -e written to FILE (truncated each run).  With -c the times are the
   child's CPU time instead (user + system, from wait4's rusage), which a
   loaded machine disturbs less than the wall time.  Prints one line per
   command:

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

#define MAX_CMDS 8

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

/* path opened with flags, or exit 2 saying which */
static int open_or_die(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "timeit: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return fd;
}

/* One run of cmd with fds[0..2] as its stdin, stdout and stderr (-1:
 * inherited); its time in ns (wall or CPU), -1 after reporting a failed
 * run, or exit 2 when it cannot be started. */
static long run_once(char **cmd, const int fds[3], int use_fork, int cpu, long *maxrss)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    for (int k = 0; k < 3; k++)
        if (fds[k] >= 0)
            posix_spawn_file_actions_adddup2(&fa, fds[k], k);
    pid_t pid;
    long t0 = now_ns();
    if (use_fork) {
        pid = fork();
        if (pid < 0) { perror("timeit: fork"); exit(2); }
        if (pid == 0) {
            for (int k = 0; k < 3; k++)
                if (fds[k] >= 0 && dup2(fds[k], k) < 0)
                    _exit(127);
            execvp(cmd[0], cmd);
            fprintf(stderr, "timeit: %s: %s\n", cmd[0], strerror(errno));
            _exit(127);
        }
    } else {
        int err = posix_spawnp(&pid, cmd[0], &fa, NULL, cmd, environ);
        if (err) { fprintf(stderr, "timeit: %s: %s\n", cmd[0], strerror(err)); exit(2); }
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) { perror("timeit: wait4"); exit(2); }
    long t1 = now_ns();
    posix_spawn_file_actions_destroy(&fa);
    if (ru.ru_maxrss > *maxrss) *maxrss = ru.ru_maxrss;
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "timeit: %s: killed by signal %d\n", cmd[0], WTERMSIG(status));
        return -1;
    }
    if (WEXITSTATUS(status) != 0) {
        fprintf(stderr, "timeit: %s: exit status %d\n", cmd[0], WEXITSTATUS(status));
        return -1;
    }
    return cpu ? (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000L +
                     (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000L
               : t1 - t0;
}

int main(int argc, char **argv)
{
    long runs = 5;
    int use_fork = 0, cpu = 0;
    const char *out = NULL, *in = NULL, *err_out = NULL;
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
    /* getopt has taken the first "--"; the commands are split at the rest */
    char **cmds[MAX_CMDS];
    int n_cmds = 0;
    for (int i = optind, starts = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            if (starts) goto usage; /* an empty command */
            argv[i] = NULL;
            starts = 1;
        } else if (starts) {
            if (n_cmds == MAX_CMDS) goto usage;
            cmds[n_cmds++] = argv + i;
            starts = 0;
        }
    }
    if (n_cmds == 0 || argv[argc - 1] == NULL || runs < 1) {
    usage:
        fprintf(stderr, "usage: timeit [-c] [-f] [-n RUNS] [-o FILE] [-i FILE] [-e FILE] -- COMMAND [ARG...] [-- COMMAND [ARG...]]...\n");
        return 2;
    }

    long *ns = malloc(sizeof *ns * runs * n_cmds);
    long maxrss[MAX_CMDS] = { 0 };
    char *outs[MAX_CMDS];
    if (!ns) { perror("timeit: malloc"); return 2; }
    for (int c = 0; c < n_cmds; c++) {
        outs[c] = (char *)(out ? out : "/dev/null");
        if (out && n_cmds > 1 && asprintf(&outs[c], "%s.%d", out, c + 1) < 0) {
            perror("timeit: asprintf");
            return 2;
        }
    }

    int failed = 0;
    for (long r = 0; r < runs && !failed; r++)
        for (int c = 0; c < n_cmds && !failed; c++) {
            int fds[3] = {
                in ? open_or_die(in, O_RDONLY) : -1,
                open_or_die(outs[c], O_WRONLY | O_CREAT | O_TRUNC),
                err_out ? open_or_die(err_out, O_WRONLY | O_CREAT | O_TRUNC) : -1,
            };
            long t = run_once(cmds[c], fds, use_fork, cpu, &maxrss[c]);
            for (int k = 0; k < 3; k++)
                if (fds[k] >= 0) close(fds[k]);
            ns[c * runs + r] = t;
            failed = t < 0;
        }
    if (failed)
        return 1;
    for (int c = 0; c < n_cmds; c++) {
        long *v = ns + c * runs;
        qsort(v, runs, sizeof *v, cmp_long);
        long median = runs % 2 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
        printf("%.1f %.1f %.1f %ld\n", median / 1e3, v[0] / 1e3, v[runs - 1] / 1e3, maxrss[c]);
    }
    return 0;
}
