/* SPDX-License-Identifier: MIT */
/*
 * bare-mhd: the "bare libmicrohttpd" reference of tools/bench.
 *
 *   bare-mhd PORT THREADS RESPONSE-FILE [CERT KEY]
 *
 * libmicrohttpd with lyncdiscoverd's daemon flags and options (internal
 * polling thread pool of THREADS, epoll by MHD_USE_AUTO, ITC, the same
 * connection timeout, memory and connection limits, and with CERT and KEY the
 * same TLS priority string), answering every request with one persistent
 * response queued on the second call of the access handler, as the daemon
 * does. RESPONSE-FILE is a complete response as lyncdiscoverd sent it: its
 * header lines (but Date, Content-Length and Connection, which libmicrohttpd
 * writes itself) and its body make the response. No parsing of the target,
 * no routing, no access log: what is left is libmicrohttpd's own cost.
 *
 * Built by tools/bench into its temporary directory; not installed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* lyncdiscoverd's defaults (src/daemon/http/listener.c, the TLS priority of lyncdiscoverd.conf(5)). */
#define CONNECTION_TIMEOUT 15
#define CONNECTION_MEMORY_LIMIT (16 * 1024)
#define CONNECTION_LIMIT (10000 + 10000 / 8 + 16)
#define TLS_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-RSA:-CIPHER-ALL:" \
	"+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305"

static struct MHD_Response *response;

static char *
read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *f = fopen(path, "rb");

	if (f == NULL || fstat(fileno(f), &st) != 0) {
		perror(path);
		exit(1);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		perror(path);
		exit(1);
	}
	fclose(f);
	buf[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return buf;
}

/* The persistent response: RESPONSE-FILE's body and header lines. */
static struct MHD_Response *
make_response(char *raw, size_t len)
{
	char *end = strstr(raw, "\r\n\r\n");
	struct MHD_Response *r;
	char *line, *next;

	if (end == NULL) {
		fprintf(stderr, "bare-mhd: the response file has no end of head\n");
		exit(1);
	}
	r = MHD_create_response_from_buffer(len - (size_t)(end + 4 - raw), end + 4,
	    MHD_RESPMEM_PERSISTENT);
	*end = '\0';
	line = strstr(raw, "\r\n");	/* past the status line */
	for (line = line != NULL ? line + 2 : end; line < end; line = next) {
		char *colon;

		next = strstr(line, "\r\n");
		next = next != NULL ? next : end;
		*next = '\0';
		next += next < end ? 2 : 0;
		colon = strchr(line, ':');
		if (colon == NULL)
			continue;
		*colon = '\0';
		if (strcasecmp(line, "Date") == 0 || strcasecmp(line, "Content-Length") == 0 ||
		    strcasecmp(line, "Connection") == 0)
			continue;
		if (MHD_add_response_header(r, line, colon + 1 + strspn(colon + 1, " ")) != MHD_YES) {
			fprintf(stderr, "bare-mhd: cannot add header %s\n", line);
			exit(1);
		}
	}
	return r;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_size, void **state)
{
	static int seen;

	(void)cls, (void)url, (void)method, (void)version, (void)upload_data;
	if (*state == NULL) {	/* queued on the first call, keep-alive would close */
		*state = &seen;
		return MHD_YES;
	}
	*upload_size = 0;
	return MHD_queue_response(c, MHD_HTTP_OK, response);
}

int
main(int argc, char **argv)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
	    MHD_USE_ITC;
	char *cert = NULL, *key = NULL, *raw;
	struct MHD_Daemon *d;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	size_t len;
	sigset_t set;
	int sig;

	if (argc != 4 && argc != 6) {
		fprintf(stderr, "usage: bare-mhd PORT THREADS RESPONSE-FILE [CERT KEY]\n");
		return 2;
	}
	raw = read_file(argv[3], &len);
	response = make_response(raw, len);
	if (argc == 6) {
		cert = read_file(argv[4], &len);
		key = read_file(argv[5], &len);
		flags |= MHD_USE_TLS;
	}
	/* Blocked before the pool's threads start, so that they inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)atoi(argv[2]),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
	    cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITY,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bare-mhd: cannot listen on port %s\n", argv[1]);
		return 1;
	}
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(response);
	return 0;
}
