/* SPDX-License-Identifier: MIT */
/*
 * layer_main.c: a program that does nothing, linked two ways (tests/Makefile.inc):
 *   tests/layer_core   the whole core library (--whole-archive), with GnuTLS,
 *                      libxml2 and jansson only: no libmicrohttpd, no daemon;
 *   tests/layer_probe  the whole probe library and the core, with libcurl:
 *                      no libmicrohttpd, no daemon.
 * A core or probe function that calls into the daemon or libmicrohttpd makes
 * its link fail, and with it the build of make check.
 */
int
main(void)
{
	return 0;
}
