/* slowcat BYTES USEC: copy standard input to standard output, at most
 * BYTES at a time with a pause of USEC microseconds after each: a slow
 * reader, so that a writer into the pipe spends its time blocked in
 * write(2), its writes going through a little at a time. */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	size_t n = (size_t)atol(argv[1]);
	useconds_t pause = (useconds_t)atol(argv[2]);
	char *buf = malloc(n);
	if (!buf)
		return 1;
	ssize_t r;
	while ((r = read(0, buf, n)) > 0) {
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(1, buf + off, (size_t)(r - off));
			if (w < 0)
				return 1;
			off += w;
		}
		usleep(pause);
	}
	return r < 0;
}
