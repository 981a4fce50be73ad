/* SPDX-License-Identifier: MIT */
/*
 * freeport: prints N free TCP ports on 127.0.0.1 (default 1), for tests that
 * start the daemon. The kernel picks them (bind to port 0); all N sockets stay
 * open until every port is chosen, so the N are distinct.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1, i, fds[64];
	struct sockaddr_in sa;
	socklen_t len;

	if (n < 1 || n > 64)
		return 2;
	for (i = 0; i < n; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		sa = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = 0 };
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof sa;
		if (fds[i] < 0 || bind(fds[i], (struct sockaddr *)&sa, sizeof sa) != 0 ||
		    getsockname(fds[i], (struct sockaddr *)&sa, &len) != 0) {
			perror("freeport");
			return 1;
		}
		printf("%u\n", ntohs(sa.sin_port));
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	return 0;
}
