# SPDX-License-Identifier: MIT
# lib.sh: helpers for the integration tests (tests/*.test), sourced by each:
#
#	. "$top_srcdir/tests/lib.sh"
#
# POSIX sh. The harness (tests/Makefile.inc) exports top_srcdir, top_builddir,
# LYNCDISCOVERD (the daemon) and FREEPORT (prints N free TCP ports on
# 127.0.0.1). Exit codes: 0 pass, 1 fail, 77 skip (a tool is missing), 99 hard
# error. With LYNCDISCOVER_REQUIRE_TOOLS=1 (CI) a missing tool is a hard error.
#
# What it gives a test:
#   WORK                  a private directory, removed at exit (kept when
#                         KEEP_WORK=1); TMPDIR points at it, and
#                         XDG_STATE_HOME at WORK/state (where a lab keeps its
#                         CA: never in the tester's home)
#   need TOOL...          skip (77) unless every TOOL is installed
#   free_ports N          N distinct free ports on 127.0.0.1, one per line
#   start_daemon ARG...   runs $LYNCDISCOVERD ARG... in the background and waits
#                         until its first listener answers (DAEMON_PROBE=URL to
#                         say which URL to poll when ARG has no listener flag);
#                         sets DAEMON_PID, DAEMON_OUT, DAEMON_ERR; DAEMON_WRAP=CMD
#                         runs it under CMD (e.g. "prlimit --fsize=N --", which
#                         execs it: DAEMON_PID is still the daemon's)
#   stop_daemon PID       SIGTERM, wait (bounded); STOP_RC = its exit status
#   run_bounded S CMD...  runs CMD with stdin /dev/null, killed after S seconds;
#                         RUN_RC, RUN_OUT, RUN_ERR (files)
#   request CURLARG...    one curl call (-sS --max-time 5 added): STATUS (000 if
#                         no answer), CURL_RC, BODY and HEADERS (files), REQ (a
#                         description for messages); a 5xx fails unless
#                         ALLOW_5XX=1 (a test that expects a 503)
#   header NAME           the value of response header NAME of the last request
#                         (all of them, one a line, if repeated)
#   raw_request PORT      sends stdin as-is to 127.0.0.1:PORT and prints what
#                         comes back until the server closes (curl telnet://,
#                         else python3); returns 77 if neither can
#   make_certs DIR [rsa]  CA (DIR/ca.pem) and server certificate (DIR/server.pem,
#                         DIR/server-key.pem) for the test names, with certtool
#   expect_eq / expect_ne / expect_contains / expect_not_contains /
#   expect_match / expect_status / expect_header / fail / pass
#                         assertions: a failure prints what was expected and
#                         what came back, and is counted
#   finish                stops the daemons (each must exit 0 on SIGTERM, and
#                         print no sanitizer report), exits 1 if anything failed

LC_ALL=C
export LC_ALL

if [ -z "${top_srcdir:-}" ]; then
	echo "lib.sh: top_srcdir is not set (run through make check)" >&2
	exit 99
fi
top_builddir=${top_builddir:-$top_srcdir}
LYNCDISCOVERD=${LYNCDISCOVERD:-$top_builddir/src/daemon/lyncdiscoverd}
FREEPORT=${FREEPORT:-$top_builddir/tests/freeport}
for _f in "$LYNCDISCOVERD" "$FREEPORT"; do
	if [ ! -x "$_f" ]; then
		echo "lib.sh: $_f is not built" >&2
		exit 99
	fi
done

TEST_NAME=$(basename "$0" .test)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lyncdiscover-$TEST_NAME.XXXXXX") || exit 99
TMPDIR=$WORK
XDG_STATE_HOME=$WORK/state
export TMPDIR XDG_STATE_HOME

# tools/check-valgrind sets LYNCDISCOVER_VALGRIND to a folder: every run of
# the daemon then goes through valgrind's memcheck, which writes a log there
# (one a process, empty when clean) and turns any error into exit status 97;
# SLOW stretches the waits for the daemon to start and stop and the limits
# of run_bounded.
SLOW=1
if [ -n "${LYNCDISCOVER_VALGRIND:-}" ]; then
	_real_daemon=$LYNCDISCOVERD
	LYNCDISCOVERD=$WORK/lyncdiscoverd-valgrind
	cat >"$LYNCDISCOVERD" <<EOF
#!/bin/sh
exec valgrind --quiet --vgdb=no --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \\
    --log-file="$LYNCDISCOVER_VALGRIND/$TEST_NAME.%p.log" "$_real_daemon" "\$@"
EOF
	chmod +x "$LYNCDISCOVERD" || exit 99
	SLOW=20
fi

FAILURES=0
CHECKS=0
DAEMON_PIDS=""
DAEMON_N=0
REQ_N=0
STATUS=""
CURL_RC=0
BODY=$WORK/body
HEADERS=$WORK/headers
REQ=""

_cleanup() {
	_rc=$?
	trap - EXIT HUP INT TERM
	for _p in $DAEMON_PIDS; do
		kill -TERM "$_p" 2>/dev/null
	done
	_i=0
	while [ "$_i" -lt 50 ]; do
		_alive=""
		for _p in $DAEMON_PIDS; do
			kill -0 "$_p" 2>/dev/null && _alive="$_alive $_p"
		done
		[ -z "$_alive" ] && break
		_nap
		_i=$((_i + 1))
	done
	for _p in $DAEMON_PIDS; do
		kill -KILL "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	if [ "${KEEP_WORK:-0}" = 1 ]; then
		echo "work directory kept: $WORK"
	else
		rm -rf "$WORK"
	fi
	exit "$_rc"
}
trap _cleanup EXIT
trap 'echo "interrupted"; exit 99' HUP INT TERM

# ---------------------------------------------------------------- tools

need() {
	for _t in "$@"; do
		if ! command -v "$_t" >/dev/null 2>&1; then
			if [ "${LYNCDISCOVER_REQUIRE_TOOLS:-0}" = 1 ]; then
				echo "ERROR: $_t is required (LYNCDISCOVER_REQUIRE_TOOLS=1) but not installed"
				exit 99
			fi
			echo "SKIP: $_t is not installed"
			exit 77
		fi
	done
}

free_ports() {
	"$FREEPORT" "$1" || { echo "ERROR: $FREEPORT $1 failed"; exit 99; }
}

# Fractional sleeps are not POSIX; fall back to a whole second.
_nap() {
	sleep 0.1 2>/dev/null || sleep 1
}

# ---------------------------------------------------------------- assertions

pass() {
	CHECKS=$((CHECKS + 1))
}

fail() {
	CHECKS=$((CHECKS + 1))
	FAILURES=$((FAILURES + 1))
	printf 'FAIL: %s\n' "$1"
	shift
	for _l in "$@"; do
		[ -n "$_l" ] && printf '      %s\n' "$_l"
	done
}

_req_context() {
	[ -n "$REQ" ] && printf 'request:  %s' "$REQ"
}

# expect_eq LABEL ACTUAL EXPECTED
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1" "expected: $3" "got:      $2" "$(_req_context)"
	fi
}

# expect_ne LABEL ACTUAL UNEXPECTED
expect_ne() {
	if [ "$2" != "$3" ]; then
		pass
	else
		fail "$1" "expected anything but: $3" "got:      $2" "$(_req_context)"
	fi
}

# expect_contains LABEL HAYSTACK NEEDLE
expect_contains() {
	case $2 in
	*"$3"*) pass ;;
	*) fail "$1" "expected to contain: $3" "got:      $2" "$(_req_context)" ;;
	esac
}

# expect_not_contains LABEL HAYSTACK NEEDLE
expect_not_contains() {
	case $2 in
	*"$3"*) fail "$1" "expected not to contain: $3" "got:      $2" "$(_req_context)" ;;
	*) pass ;;
	esac
}

# expect_match LABEL ACTUAL ERE
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		pass
	else
		fail "$1" "expected to match: $3" "got:      $2" "$(_req_context)"
	fi
}

# expect_status LABEL EXPECTED: the status of the last request.
expect_status() {
	if [ "$STATUS" = "$2" ]; then
		pass
	else
		fail "$1: status" "expected: $2" "got:      $STATUS (curl exit $CURL_RC)" \
		    "$(_req_context)" "headers:  $(tr -d '\r' <"$HEADERS" 2>/dev/null | tr '\n' '|')" \
		    "body:     $(head -c 400 "$BODY" 2>/dev/null)"
	fi
}

# expect_header LABEL NAME EXPECTED: header NAME of the last request, exactly.
expect_header() {
	expect_eq "$1: header $2" "$(header "$2")" "$3"
}

# ---------------------------------------------------------------- HTTP

request() {
	REQ_N=$((REQ_N + 1))
	REQ=$(printf 'curl %s' "$*" | cut -c 1-300)
	: >"$HEADERS"
	: >"$BODY"
	STATUS=$(curl -sS --max-time 5 -D "$HEADERS" -o "$BODY" -w '%{http_code}' "$@" \
	    2>"$WORK/curl.err")
	CURL_RC=$?
	if [ "$CURL_RC" -ne 0 ]; then
		REQ="$REQ [curl exit $CURL_RC: $(head -n 1 "$WORK/curl.err")]"
	fi
	[ -n "$STATUS" ] || STATUS=000
	case $STATUS in
	5*) [ "${ALLOW_5XX:-0}" = 1 ] || fail "never a 5xx" "got: $STATUS" "$(_req_context)" ;;
	esac
	return 0
}

# metric ADMIN_PORT NAME: the value of NAME (labels included, as printed) on
# the admin listener's /metrics; empty when absent.
metric() {
	curl -s --max-time 5 "http://127.0.0.1:$1/metrics" | awk -v k="$2" 'index($0, k " ") == 1 { print $2 }'
}

# The values of header $1 in the last response, one a line, without CR.
header() {
	tr -d '\r' <"$HEADERS" | awk -v name="$1" '
		BEGIN { name = tolower(name) }
		/^HTTP\// { n = 0; split("", v); next }
		{
			i = index($0, ":")
			if (i > 0 && tolower(substr($0, 1, i - 1)) == name) {
				val = substr($0, i + 1)
				sub(/^[ \t]+/, "", val)
				sub(/[ \t]+$/, "", val)
				v[++n] = val
			}
		}
		END { for (j = 1; j <= n; j++) print v[j] }'
}

body() {
	cat "$BODY"
}

# raw_request PORT: stdin to 127.0.0.1:PORT, the answer on stdout.
raw_request() {
	if curl --version 2>/dev/null | grep -i '^Protocols:' | grep -qw telnet; then
		curl -sS --max-time 5 "telnet://127.0.0.1:$1"
		return $?
	fi
	if command -v python3 >/dev/null 2>&1; then
		python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.stdin.buffer.read())
while True:
    try:
        b = s.recv(65536)
    except socket.timeout:
        sys.exit(28)
    if not b:
        break
    sys.stdout.buffer.write(b)
' "$1"
		return $?
	fi
	return 77
}

# Whether raw_request can work here.
raw_available() {
	curl --version 2>/dev/null | grep -i '^Protocols:' | grep -qw telnet ||
	    command -v python3 >/dev/null 2>&1
}

# ---------------------------------------------------------------- processes

# _wait_bounded PID SECONDS: waits for PID (a child), SIGKILL after SECONDS;
# returns its exit status (137 when killed). Polls, so that no watcher process
# is left behind.
_wait_bounded() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ "$_i" -lt $(($2 * 10)) ]; do
		_nap
		_i=$((_i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
}

# run_bounded SECONDS CMD...: runs CMD (stdin /dev/null), killed after SECONDS.
run_bounded() {
	_secs=$(($1 * SLOW))
	shift
	RUN_OUT=$WORK/run.out
	RUN_ERR=$WORK/run.err
	if command -v timeout >/dev/null 2>&1; then
		timeout -s KILL "$_secs" "$@" >"$RUN_OUT" 2>"$RUN_ERR" </dev/null
		RUN_RC=$?
	else
		"$@" >"$RUN_OUT" 2>"$RUN_ERR" </dev/null &
		_wait_bounded $! "$_secs"
		RUN_RC=$?
	fi
	if [ "$RUN_RC" -eq 137 ]; then
		fail "$* did not exit within $_secs s"
	fi
	return 0
}

# The first listener flag among the arguments, as a URL to poll.
_probe_url() {
	_next=""
	for _a in "$@"; do
		case $_next in
		plain) echo "http://$_a/"; return 0 ;;
		tls) echo "https://$_a/"; return 0 ;;
		esac
		case $_a in
		--internal|--external) _next=plain ;;
		--internal-tls|--external-tls) _next=tls ;;
		--internal=*|--external=*) echo "http://${_a#*=}/"; return 0 ;;
		--internal-tls=*|--external-tls=*) echo "https://${_a#*=}/"; return 0 ;;
		esac
	done
	return 1
}

start_daemon() {
	DAEMON_N=$((DAEMON_N + 1))
	DAEMON_OUT=$WORK/daemon$DAEMON_N.out
	DAEMON_ERR=$WORK/daemon$DAEMON_N.err
	_url=${DAEMON_PROBE:-$(_probe_url "$@")}
	if [ -z "$_url" ]; then
		echo "ERROR: start_daemon $*: no listener flag, and DAEMON_PROBE is not set"
		exit 99
	fi
	# As root (CI), a daemon with a configuration file must be told it may stay root.
	_root=""
	if [ "$(id -u)" -eq 0 ]; then
		case " $* " in *" --lab "*|*" --lab") ;; *) _root=--allow-root ;; esac
	fi
	# shellcheck disable=SC2086
	${DAEMON_WRAP:-} "$LYNCDISCOVERD" "$@" $_root >"$DAEMON_OUT" 2>"$DAEMON_ERR" </dev/null &
	DAEMON_PID=$!
	DAEMON_PIDS="$DAEMON_PIDS $DAEMON_PID"
	_i=0
	while [ "$_i" -lt $((50 * SLOW)) ]; do
		if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
			wait "$DAEMON_PID"
			echo "ERROR: lyncdiscoverd $* exited ($?) at start; its stderr:"
			sed 's/^/  | /' "$DAEMON_ERR"
			exit 99
		fi
		# Any HTTP answer will do (-k: the certificate is checked by the tests).
		if curl -sk --max-time 1 -o /dev/null -g "$_url" 2>/dev/null; then
			# Under valgrind the other listeners come up seconds after the first.
			[ "$SLOW" -eq 1 ] || sleep 3
			return 0
		fi
		_nap
		_i=$((_i + 1))
	done
	echo "ERROR: lyncdiscoverd $* does not answer at $_url after $((5 * SLOW)) s; its stderr:"
	sed 's/^/  | /' "$DAEMON_ERR"
	exit 99
}

_forget_daemon() {
	_left=""
	for _q in $DAEMON_PIDS; do
		[ "$_q" = "$1" ] || _left="$_left $_q"
	done
	DAEMON_PIDS=$_left
}

# stop_daemon PID: SIGTERM and wait (SIGKILL after 5 s, times SLOW); STOP_RC = exit status.
stop_daemon() {
	kill -TERM "$1" 2>/dev/null
	_wait_bounded "$1" $((5 * SLOW))
	STOP_RC=$?
	_forget_daemon "$1"
	return 0
}

# Stops every daemon still running; each must exit 0 and its stderr must hold
# no sanitizer report.
_stop_all() {
	_n=0
	for _p in $DAEMON_PIDS; do
		stop_daemon "$_p"
		expect_eq "daemon (pid $_p) exit status after SIGTERM" "$STOP_RC" 0
	done
	while [ "$_n" -lt "$DAEMON_N" ]; do
		_n=$((_n + 1))
		_e=$WORK/daemon$_n.err
		if grep -Eq 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' \
		    "$_e" 2>/dev/null; then
			fail "daemon $_n: sanitizer report on stderr" "$(head -c 3000 "$_e")"
		fi
	done
}

finish() {
	_stop_all
	if [ "$FAILURES" -gt 0 ]; then
		echo "$TEST_NAME: $FAILURES of $CHECKS checks failed"
		exit 1
	fi
	echo "$TEST_NAME: all $CHECKS checks passed"
	exit 0
}

# ---------------------------------------------------------------- certificates

# The names every test certificate covers.
CERT_DNS_NAMES="lyncdiscover.contoso.com lyncdiscoverinternal.contoso.com
webint.contoso.com webext.contoso.com lyncdiscover.fabrikam.com
lyncdiscoverinternal.fabrikam.com"

# make_certs DIR [ecdsa|rsa]: DIR/ca.pem, DIR/ca-key.pem, DIR/server.pem,
# DIR/server-key.pem, valid for 90 days (past the daemon's 30-day expiry warning,
# so --check says nothing of them). The server certificate covers CERT_DNS_NAMES, 127.0.0.1
# and ::1, and is signed by the CA.
make_certs() {
	_d=$1
	_type=${2:-ecdsa}
	mkdir -p "$_d" || exit 99
	cat >"$_d/ca.tmpl" <<EOF
organization = "lyncdiscover tests"
cn = "lyncdiscover test CA"
serial = 1
expiration_days = 90
ca
cert_signing_key
crl_signing_key
EOF
	{
		echo 'organization = "lyncdiscover tests"'
		echo 'cn = "lyncdiscover.contoso.com"'
		echo 'serial = 2'
		echo 'expiration_days = 90'
		for _n in $CERT_DNS_NAMES; do
			echo "dns_name = \"$_n\""
		done
		echo 'ip_address = "127.0.0.1"'
		echo 'ip_address = "::1"'
		echo 'tls_www_server'
		echo 'signing_key'
		[ "$_type" = rsa ] && echo 'encryption_key'
	} >"$_d/server.tmpl"
	if ! {
		certtool --generate-privkey --key-type="$_type" --outfile "$_d/ca-key.pem" &&
		certtool --generate-self-signed --load-privkey "$_d/ca-key.pem" \
		    --template "$_d/ca.tmpl" --outfile "$_d/ca.pem" &&
		certtool --generate-privkey --key-type="$_type" --outfile "$_d/server-key.pem" &&
		certtool --generate-certificate --load-privkey "$_d/server-key.pem" \
		    --load-ca-certificate "$_d/ca.pem" --load-ca-privkey "$_d/ca-key.pem" \
		    --template "$_d/server.tmpl" --outfile "$_d/server.pem"
	} >"$_d/certtool.log" 2>&1; then
		echo "ERROR: certtool failed:"
		sed 's/^/  | /' "$_d/certtool.log"
		exit 99
	fi
}

# ---------------------------------------------------------------- documents

# xpath FILE EXPR: the string value of EXPR in the XML document FILE.
xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

# jqb FILTER: jq -r FILTER on the last body.
jqb() {
	jq -r "$1" <"$BODY" 2>/dev/null
}

# expect_xml_valid LABEL SCHEMA: the last body validates against SCHEMA.
expect_xml_valid() {
	if xmllint --noout --schema "$2" "$BODY" >"$WORK/xmllint.out" 2>&1; then
		pass
	else
		fail "$1: does not validate against $(basename "$2")" \
		    "xmllint: $(tr '\n' ' ' <"$WORK/xmllint.out")" "$(_req_context)" \
		    "body:     $(head -c 600 "$BODY")"
	fi
}

# expect_json_valid LABEL: the last body is one JSON object.
expect_json_valid() {
	if [ "$(jq -r 'type' <"$BODY" 2>/dev/null)" = object ]; then
		pass
	else
		fail "$1: not a JSON object" "$(_req_context)" "body:     $(head -c 600 "$BODY")"
	fi
}

# expect_common_headers LABEL [SERVER_FQDN]: the headers of every answer but
# the 401s (expect_challenge_headers).
expect_common_headers() {
	expect_header "$1" Cache-Control no-cache
	expect_header "$1" Pragma no-cache
	expect_header "$1" Expires -1
	expect_challenge_headers "$1" "${2:-fe01.contoso.com}"
}

# expect_challenge_headers LABEL [SERVER_FQDN]: the headers of a 401 — the
# server's, Vary (it has a body), and no cache headers (as Lync 2013's).
expect_challenge_headers() {
	expect_header "$1" X-Content-Type-Options nosniff
	expect_header "$1" X-MS-Server-Fqdn "${2:-fe01.contoso.com}"
	if [ -s "$BODY" ]; then
		expect_contains "$1: Vary" "$(header Vary)" Accept-Encoding
	fi
	if [ "$STATUS" = 401 ]; then
		expect_eq "$1: no cache headers on a 401" \
		    "$(header Cache-Control)$(header Pragma)$(header Expires)" ""
	fi
}
