/* sigsend PID SIGNUM COUNT [GAP_US]: send COUNT queued signals to PID,
 * retrying while the receiver's queue is full, so none is lost on the way.
 * With GAP_US, wait that many microseconds after each one: a steady
 * flood the receiver can keep up with, instead of one that fills its
 * queue (and then never lets it run anything but the handler).  Ends
 * early, with status 1, when PID is gone. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4 && argc != 5)
		return 2;
	pid_t pid = atoi(argv[1]);
	int sig = atoi(argv[2]);
	long n = atol(argv[3]);
	useconds_t gap = argc == 5 ? (useconds_t)atol(argv[4]) : 0;
	union sigval v = { 0 };
	for (long i = 0; i < n; i++) {
		while (sigqueue(pid, sig, v) != 0)
			if (errno != EAGAIN)
				return 1;
			else
				usleep(100);
		if (gap)
			usleep(gap);
	}
	return 0;
}
