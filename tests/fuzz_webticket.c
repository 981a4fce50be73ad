/* SPDX-License-Identifier: MIT */
/*
 * fuzz_webticket.c: fuzzing what the Web Ticket Service reads from clients
 * — the SOAP RequestSecurityToken (wstrust_parse), the web ticket a client
 * presents (saml_verify, under a fixed key: the seed corpus holds an
 * assertion signed with it, so mutations reach the signature and the
 * claims), the Basic credentials (basic_parse, basic_login_key) — and the
 * safe parser under them (xmlsafe_parse). The first byte chooses; the rest
 * is the input.
 *
 * Invariants: nothing crashes or leaks (ASan/UBSan); a request read is
 * bounded (its fields NUL-terminated within their buffers); a ticket that
 * verifies names a canonical SIP address; no document with a DTD parses.
 *
 * As a libFuzzer target (./configure --enable-fuzzing, clang):
 *   mkdir -p /tmp/wcorpus && tests/fuzz_webticket -max_total_time=60 /tmp/wcorpus tests/fuzz-webticket
 * Without libFuzzer, main() replays the files named on the command line.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "basic.h"
#include "saml.h"
#include "sipuri.h"
#include "wstrust.h"
#include "xmlsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The key the seed assertion (tests/fuzz-webticket/ticket) is signed with. */
#define FUZZ_KEY_BYTE 7
#define FUZZ_ISSUER "lyncdiscover/contoso.com"
#define FUZZ_NOW 1800000100LL

static void
rst(const char *text, size_t len)
{
	struct wst_request w;
	enum wst_fault f;
	const char *why;

	if (wstrust_parse(text, len, &w, &f, &why) == 0 &&
	    (strlen(w.context) > WST_CONTEXT_MAX || strlen(w.applies_to) > WST_ADDRESS_MAX ||
	    strlen(w.claim_user) > SIPURI_MAX))
		abort();
}

static void
ticket(const char *text, size_t len)
{
	struct token_secret s = { .len = 32 };
	char user[SIPURI_MAX + 1], check[SIPURI_MAX + 1];

	memset(s.key, FUZZ_KEY_BYTE, sizeof s.key);
	if (saml_verify(&s, text, len, FUZZ_ISSUER, FUZZ_NOW, user) == SAML_VALID &&
	    (sipuri_canonical(user, check, sizeof check) != 0 || strcmp(user, check) != 0))
		abort();
}

static void
basic(const char *text, size_t len)
{
	struct basic_credentials c;
	char *header = malloc(len + 1), key[SIPURI_MAX + 1];

	if (header == NULL)
		return;
	memcpy(header, text, len);
	header[len] = '\0';
	if (basic_parse(header, &c) == 0)
		(void)basic_login_key(c.login, key);
	free(header);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	xmlDocPtr doc;

	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case 0:
		rst(text, size - 1);
		break;
	case 1:
		ticket(text, size - 1);
		break;
	case 2:
		basic(text, size - 1);
		break;
	case 3:
		if ((doc = xmlsafe_parse(text, size - 1)) != NULL &&
		    (doc->intSubset != NULL || doc->extSubset != NULL))
			abort();
		xmlFreeDoc(doc);
		break;
	}
	return 0;
}

#define FUZZ_NAME "fuzz_webticket"
#define FUZZ_CLAIM "no crash, no DTD parsed, every valid ticket's user canonical"
#include "fuzz_replay.h"
