/* trickle MS CHUNK... -- COMMAND [ARG...]: run COMMAND with its standard
 * input the read end of a pipe set to O_NONBLOCK, and write the CHUNKs
 * into the pipe one at a time, MS milliseconds apart, then close it.
 * COMMAND's reads thus find the pipe empty (EAGAIN) between chunks.
 * Exits with COMMAND's status (128+n if a signal ended it). */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&t, &t) != 0)
		;
}

int main(int argc, char **argv)
{
	int dash = 2;
	while (dash < argc && strcmp(argv[dash], "--") != 0)
		dash++;
	if (argc < 3 || dash >= argc - 1)
		return 2;
	long ms = atol(argv[1]);
	int p[2];
	if (pipe(p) != 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
		execvp(argv[dash + 1], argv + dash + 1);
		_exit(127);
	}
	close(p[0]);
	for (int i = 2; i < dash; i++) {
		if (i > 2)
			pause_ms(ms);
		size_t n = strlen(argv[i]);
		if (write(p[1], argv[i], n) != (ssize_t)n)
			break;
	}
	close(p[1]);
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
