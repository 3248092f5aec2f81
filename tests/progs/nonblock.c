/* nonblock COMMAND [ARG...]: set O_NONBLOCK on standard input (its open
 * file description, shared with whoever else holds it) and run COMMAND. */
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	int flags = fcntl(0, F_GETFL);
	if (flags < 0 || fcntl(0, F_SETFL, flags | O_NONBLOCK) < 0)
		return 2;
	execvp(argv[1], argv + 1);
	return 127;
}
