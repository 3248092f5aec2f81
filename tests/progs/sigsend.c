/* sigsend PID SIGNUM COUNT: send COUNT queued signals to PID, retrying
 * while the receiver's queue is full, so none is lost on the way. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	pid_t pid = atoi(argv[1]);
	int sig = atoi(argv[2]);
	long n = atol(argv[3]);
	union sigval v = { 0 };
	for (long i = 0; i < n; i++)
		while (sigqueue(pid, sig, v) != 0)
			if (errno != EAGAIN)
				return 1;
			else
				usleep(100);
	return 0;
}
