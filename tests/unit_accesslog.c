/* SPDX-License-Identifier: MIT */
/*
 * unit_access_log.c: access-log lines, byte for byte — escaping (controls,
 * quotes, backslashes, invalid and valid UTF-8, in one pass per field), the
 * quoted fields of the combined format, null fields and the three-decimal
 * duration of JSON.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "access_log.h"
#include "check.h"

static struct access_entry
entry(void)
{
	struct access_entry e = {
		.when = { .tv_sec = 1795000000 }, .tls = true, .host = "lyncdiscover.contoso.com",
		.method = "GET", .target = "/", .version = "HTTP/1.1", .status = 200, .bytes = 345,
		.resource = "root",
		.content_type = "application/vnd.microsoft.rtc.autodiscover+xml; v=1",
		.location = ACCESS_EXTERNAL, .ms = 0.055924, .user_agent = "curl/7.88.1",
	};
	CHECK(netaddr_parse("192.0.2.7", 9, &e.client) == 0, "the client address");
	return e;
}

/* The line of e holds want. */
static void
check_line(const char *what, const struct access_entry *e, bool json, const char *want)
{
	char *line = access_log_format(e, json);

	CHECK(line != NULL, "%s: a line", what);
	if (line != NULL)
		CHECK(strstr(line, want) != NULL, "%s: \"%s\" not in %s", what, want, line);
	free(line);
}

static void
test_combined(void)
{
	struct access_entry e = entry();

	check_line("combined", &e, false,
	    "\"GET / HTTP/1.1\" 200 345 \"-\" \"curl/7.88.1\" https \"lyncdiscover.contoso.com\" "
	    "external root \"application/vnd.microsoft.rtc.autodiscover+xml; v=1\" 0.056\n");
	e.user_agent = "a \"q\" b\\s \x01\x7f \xc3\xa9 \xff";
	check_line("combined: every odd byte as \\xHH, ASCII only", &e, false,
	    "\"a \\x22q\\x22 b\\x5cs \\x01\\x7f \\xc3\\xa9 \\xff\"");
	e.user_agent = NULL;
	e.host = NULL;
	e.content_type = NULL;
	check_line("combined: missing fields are -", &e, false, "\"-\" https \"-\" external root \"-\" ");
}

static void
test_json(void)
{
	struct access_entry e = entry();

	check_line("json: three decimals", &e, true, "\"ms\":0.056,");
	e.ms = 1234.56789;
	check_line("json: three decimals above 1000", &e, true, "\"ms\":1234.568,");
	e.ms = 0.0004;
	check_line("json: under a microsecond", &e, true, "\"ms\":0.0,");
	e.ms = 12.5;
	check_line("json: fewer decimals when they are zeros", &e, true, "\"ms\":12.5,");
	e.user_agent = "a \"q\" b\\s \x01 \xc3\xa9 \xff \xed\xa0\x80 \xc0\xaf";
	check_line("json: invalid UTF-8 (bad byte, surrogate, overlong) escaped, valid kept", &e, true,
	    "\"user_agent\":\"a \\\\x22q\\\\x22 b\\\\x5cs \\\\x01 \xc3\xa9 \\\\xff \\\\xed\\\\xa0\\\\x80 "
	    "\\\\xc0\\\\xaf\"}");
	e.target = "/\xff";
	check_line("json: a target that is not UTF-8 still logs", &e, true, "\"target\":\"/\\\\xff\"");
	e.host = NULL;
	e.user_agent = NULL;
	check_line("json: missing fields are null", &e, true, "\"host\":null,");
}

int
main(void)
{
	test_combined();
	test_json();
	return check_done("unit_accesslog");
}
