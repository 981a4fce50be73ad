#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""smuggling.py: the differential framing test (tests/smuggling.test).

Each case is a byte string that client A sends on a connection of its own:
requests with ambiguous, hostile or plain framing, drawn from RFC 9110/9112,
PortSwigger's request-smuggling research and the HTTP Garden corpus. Every
request in a case has a marker of its own in its target
(/?sipuri=<marker>@contoso.com), including the requests hidden in bodies,
which only a desynchronised server would answer. The daemon's answer to a
Root with a sipuri echoes the marker, so an answer says which request it
was for.

The cases go to three fronts: the daemon itself, HAProxy (HTTP mode,
http-reuse always) and nginx (upstream keep-alive). Between each proxy and
the daemon a relay records the bytes the proxy forwards, connection by
connection. While A's cases run, client B sends plain keep-alive requests
through the same front, so the proxies share backend connections between
the two clients.

What must hold, for each front:
  1. the daemon's journal holds only requests that a strict RFC 9112 parser
     finds in the forwarded bytes (or, straight, in A's bytes): a marker the
     strict parser saw only inside a body, journaled, is a desync;
  2. every request the strict parser finds complete and well framed before
     its connection's first refusal is in the journal;
  3. no client gets an answer meant for another: A's answers carry only its
     case's markers, B's each carry the marker of the request it answers;
  4. straight to the daemon, A gets no more answers than the strict parser
     finds requests (a refusal counting as one, after which nothing).

It prints one line per failure and, last, "CASES n FRONTS m FAILURES k".
"""
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

HOST = b"lyncdiscover.contoso.com"
TCHAR = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
MARK = re.compile(rb"sipuri=([a-z0-9]+)@")
DEVIATION = "deviation: "	# a case the daemon is not sent straight
IDLE = 0.35			# A stops reading after this long without a byte


# ---------------------------------------------------------------- the cases

def target(marker):
    return b"/?sipuri=" + marker.encode() + b"@contoso.com"


def req(marker, method=b"GET", headers=(), body=b"", version=b"HTTP/1.1", host=True,
        line=None, eol=b"\r\n"):
    """A request: its line, Host (unless host=False), headers, then body."""
    out = line if line is not None else method + b" " + target(marker) + b" " + version
    out += eol
    if host:
        out += b"Host: " + HOST + eol
    for h in headers:
        out += h + eol
    return out + eol + body


def cases():
    """(name, bytes): each marker is the case's number, r (a request) or s
    (smuggled: only a server that misreads the framing sees it) and an index."""
    out = []

    def add(name, build):
        n = len(out)
        out.append((name, build(lambda kind, i=0: "a%d%s%d" % (n, kind, i))))

    # Plain traffic: every request answered, in order.
    add("one GET", lambda m: req(m("r")))
    add("two GETs pipelined", lambda m: req(m("r")) + req(m("r", 1)))
    add("three GETs pipelined", lambda m: req(m("r")) + req(m("r", 1)) + req(m("r", 2)))
    add("POST with a body, then GET",
        lambda m: req(m("r"), b"POST", [b"Content-Length: 5"], b"hello") + req(m("r", 1)))
    add("GET with a body (Content-Length), then GET",
        lambda m: req(m("r"), b"GET", [b"Content-Length: 3"], b"abc") + req(m("r", 1)))
    add("HTTP/1.0 keep-alive, then GET",
        lambda m: req(m("r"), version=b"HTTP/1.0", headers=[b"Connection: keep-alive"]) +
        req(m("r", 1)))
    add("HTTP/1.0 without keep-alive: nothing after",
        lambda m: req(m("r"), version=b"HTTP/1.0") + req(m("s")))
    add("Connection: close: nothing after",
        lambda m: req(m("r"), headers=[b"Connection: close"]) + req(m("s")))
    add("empty lines before the request", lambda m: b"\r\n\r\n" + req(m("r")))
    add("absolute-form target",
        lambda m: req(m("r"), line=b"GET http://lyncdiscover.contoso.com" + target(m("r")) +
                      b" HTTP/1.1"))
    add("Expect: 100-continue POST, then GET",
        lambda m: req(m("r"), b"POST", [b"Content-Length: 4", b"Expect: 100-continue"], b"abcd") +
        req(m("r", 1)))
    add("OWS tabs around a value",
        lambda m: req(m("r"), headers=[b"Accept:\t*/*\t"]) + req(m("r", 1)))
    add("identical Content-Length twice",
        lambda m: req(m("r"), b"POST", [b"Content-Length: 3", b"Content-Length: 3"], b"abc") +
        req(m("r", 1)))
    add("405 (PUT) goes on", lambda m: req(m("r"), b"PUT", [b"Content-Length: 0"]) +
        req(m("r", 1)))
    add("unknown method FOO goes on or closes", lambda m: req(m("r"), b"FOO") + req(m("r", 1)))

    # CL.TE and TE.CL, and Transfer-Encoding in disguise (PortSwigger).
    te_forms = [b"Transfer-Encoding: chunked", b"Transfer-Encoding:\tchunked",
                b"Transfer-Encoding: chunked ", b"Transfer-Encoding:  chunked",
                b"Transfer-Encoding: xchunked", b"Transfer-Encoding: chunked, identity",
                b"Transfer-Encoding: identity, chunked", b"Transfer-Encoding: CHUNKED",
                b"Transfer-encoding: chunked", b"Transfer-Encoding: \"chunked\"",
                b"Transfer-Encoding: chunk", b"Transfer-Encoding: chunked\r\nTransfer-Encoding: x",
                b"Transfer-Encoding: x\r\nTransfer-Encoding: chunked",
                b"Transfer-Encoding : chunked", b"Transfer-Encoding\t: chunked",
                b"X: y\r\n Transfer-Encoding: chunked", b"Transfer-Encoding:\r\n chunked",
                b"Transfer-Encoding: \x0bchunked", b"Transfer-Encoding: \x0cchunked",
                b"Transfer-Encoding: chunked\x00", b"Transfer_Encoding: chunked",
                b" Transfer-Encoding: chunked", b"Transfer-Encoding: chunked\r",
                b"Transfer-Encoding: \xffchunked"]
    for te in te_forms:
        name = te.decode("latin-1").encode("unicode_escape").decode()
        # CL.TE: Content-Length covers the smuggled request, the chunked body ends before it.
        add("CL.TE, " + name, lambda m, te=te: (lambda tail: req(
            m("r"), b"POST", [b"Content-Length: %d" % len(tail), te], tail))(
            b"0\r\n\r\n" + req(m("s"))))
        # TE.CL: the smuggled request is chunk data; Content-Length covers the chunk size.
        add("TE.CL, " + name, lambda m, te=te: (lambda inner: req(
            m("r"), b"POST", [te, b"Content-Length: %d" % len(b"%x\r\n" % len(inner))],
            b"%x\r\n" % len(inner) + inner + b"\r\n0\r\n\r\n"))(
            req(m("s"), b"POST", [b"Content-Length: 7"])))
        add("TE only, " + name, lambda m, te=te: req(
            m("r"), b"POST", [te], b"0\r\n\r\n") + req(m("s")))

    # Content-Length in disguise.
    cl_forms = [b"Content-Length: +5", b"Content-Length: -5", b"Content-Length: 0x5",
                b"Content-Length: 5 5", b"Content-Length: 5, 5", b"Content-Length: 5,6",
                b"Content-Length: 05", b"Content-Length:  5 ", b"Content-Length: 5\t",
                b"Content-Length: \x0b5", b"Content-Length : 5", b"Content-Length\t: 5",
                b"Content-Length: 5\r\nContent-Length: 6", b"Content-Length: 6\r\nContent-Length: 5",
                b"Content-Length: 5\r\nContent-Length: 5abc", b"Content-Length: 5\r\nContent-Length: 5, 5",
                b"Content-Length: 99999999999999999999", b"Content-Length: 1e1",
                b"Content_Length: 5", b"Content-Length:\r\n 5", b"Content-Length: 5.0",
                "Content-Length: ５".encode(), b"Content-Length: 5\x00", b"Content-Length: \"5\"",
                b"Content-Length: 00000000000000000000005"]
    for cl in cl_forms:
        name = cl.decode("utf-8", "replace").encode("unicode_escape").decode()
        # The body's first 5 bytes, then a request only a misreading server sees.
        add("POST " + name, lambda m, cl=cl: req(m("r"), b"POST", [cl], b"abcde") + req(m("s")))
        add("GET " + name, lambda m, cl=cl: req(m("r"), b"GET", [cl], b"") + req(m("s")))

    # The request line and the header block (RFC 9112 sections 2-5; HTTP Garden).
    lines = [b"GET  " + b"/?sipuri=%s@contoso.com HTTP/1.1", b"GET\t/?sipuri=%s@contoso.com HTTP/1.1",
             b"GET /?sipuri=%s@contoso.com  HTTP/1.1", b"GET /?sipuri=%s@contoso.com HTTP/1.1 ",
             b"get /?sipuri=%s@contoso.com HTTP/1.1", b"GET /?sipuri=%s@contoso.com http/1.1",
             b"GET /?sipuri=%s@contoso.com HTTP/1.2", b"GET /?sipuri=%s@contoso.com HTTP/2.0",
             b"GET /?sipuri=%s@contoso.com HTTP/0.9", b"GET /?sipuri=%s@contoso.com HTTP/1.01",
             b"GET /?sipuri=%s@contoso.com HTTP/11", b"GET /?sipuri=%s@contoso.com",
             b"GET /?sipuri=%s@contoso.com\x00 HTTP/1.1", b"GET /?sipuri=%s@con toso.com HTTP/1.1",
             b"G\x00ET /?sipuri=%s@contoso.com HTTP/1.1", b"GET /?sipuri=%s@contoso.com HTTP/1.1\r",
             b"\x16\x03\x01 /?sipuri=%s@contoso.com HTTP/1.1", b"GET ?sipuri=%s@contoso.com HTTP/1.1",
             b"GET /?sipuri=%s@contoso.com\x7f HTTP/1.1", b"GET /?sipuri=%s@contoso.com\xff HTTP/1.1"]
    for ln in lines:
        name = ln.decode("latin-1").encode("unicode_escape").decode()
        add("request line " + name, lambda m, ln=ln: req(
            m("r"), line=ln.replace(b"%s", m("r").encode())) + req(m("s")))

    heads = [[b"Host: " + HOST], [b"Host: a.example"], [b"X: a\x00b"], [b"X: a\rb"],
             [b"X: a\x01b"], [b"X: a\x7fb"], [b"X a"], [b": a"], [b"X:: a"], [b"X\x00: a"],
             [b"X : a"], [b"X\t: a"], [b"X\r\n: a"], [b" X: a"], [b"\tX: a"],
             [b"X: a\r\n b"], [b"X: a\r\n\tb"], [b"X: \xff\xfe"], [b"X-\xc3\xa9: a"],
             [b"X: " + b"a" * 9000], [b"Content-Length: 0", b"Transfer-Encoding: chunked"],
             [b"\x00" * 8], [b"X: a\x00\x00"], [b":"], [b"X: a", b":"]]
    for hs in heads:
        name = b" / ".join(hs).decode("latin-1")[:40].encode("unicode_escape").decode()
        add("header " + name, lambda m, hs=hs: req(m("r"), headers=hs) + req(m("s")))
    add("no Host", lambda m: req(m("r"), host=False) + req(m("s")))
    add("bare LF line ends", lambda m: req(m("r"), eol=b"\n") + req(m("r", 1)))
    add("bare LF in one header line",
        lambda m: req(m("r"), headers=[b"X: a\nTransfer-Encoding: chunked"], method=b"POST") +
        b"0\r\n\r\n" + req(m("s")))
    add("bare CR line ends", lambda m: req(m("r"), eol=b"\r") + req(m("s")))
    add("Upgrade: h2c", lambda m: req(m("r"), headers=[b"Connection: Upgrade, HTTP2-Settings",
                                                     b"Upgrade: h2c", b"HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA"]) +
        req(m("r", 1)))
    add("Upgrade: websocket", lambda m: req(m("r"), headers=[
        b"Connection: Upgrade", b"Upgrade: websocket", b"Sec-WebSocket-Version: 13",
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="]) + req(m("r", 1)))
    add("CONNECT", lambda m: req(m("r"), line=b"CONNECT lyncdiscover.contoso.com:443 HTTP/1.1") +
        req(m("s")))
    add("OPTIONS * ", lambda m: req(m("r"), line=b"OPTIONS * HTTP/1.1") + req(m("r", 1)))
    add("TRACE with a body", lambda m: req(m("r"), b"TRACE", [b"Content-Length: 4"], b"abcd") +
        req(m("r", 1)))
    add("POST body shorter than Content-Length (the rest never comes)",
        lambda m: req(m("r"), b"POST", [b"Content-Length: 100"], b"abc"))
    add("a head without its blank line", lambda m: req(m("r"))[:-2])
    # The documented deviation (lyncdiscoverd(8), bad input): libmicrohttpd
    # 0.9.75 ends a head at a field line that is a lone colon (after the
    # first) or begins with a NUL; where the line ends leave no more NULs
    # than an empty line's, the daemon cannot see it. Sent through the
    # proxies only, to show that neither forwards such a line.
    for hs in ([b"X: a\n:"], [b"X: a\n\x00"], [b":\n:"]):
        name = b" / ".join(hs).decode("latin-1").encode("unicode_escape").decode()
        add(DEVIATION + "header " + name, lambda m, hs=hs: req(m("r"), headers=hs) + req(m("s")))
    return out


# ------------------------------------------------------- the strict parser

VALID, EITHER, REFUSED = "valid", "either", "refused"


class Parsed:
    def __init__(self):
        self.requests = []	# (marker or None, VALID / EITHER / REFUSED) in stream order
        self.stopped = False	# nothing after the last is answered


def line_at(data, pos):
    """(line, next) with CRLF or a bare LF as the end (RFC 9112 2.2 allows
    LF, as libmicrohttpd does); None when no line end came."""
    end = data.find(b"\n", pos)
    if end < 0:
        return None
    line = data[pos:end]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line, end + 1


def marker_of(tgt):
    m = MARK.search(tgt)
    return m.group(1).decode() if m else None


def worst(a, b):
    order = {VALID: 0, EITHER: 1, REFUSED: 2}
    return a if order[a] >= order[b] else b


def judge_line(line):
    """(verdict, method, target, version) of a request line. RFC 9112 3:
    a token, one SP, a target of URI characters in origin or absolute form
    (the daemon serves no other), one SP, HTTP/1.x. More spaces around the
    target are a leniency the RFC allows (either); anything else in the
    method or target is refused, as is a version other than HTTP/1.x (505)
    or one not spelt HTTP/d.d."""
    words = line.strip(b" ").split(b" ")
    words = [w for w in words if w != b""]
    if len(words) < 3:
        return REFUSED, b"", line, b""
    method, version, tgt = words[0], words[-1], b" ".join(words[1:-1])
    verdict = VALID
    if line.count(b" ") != 2 or line.startswith(b" ") or line.endswith(b" "):
        verdict = EITHER
    if not TCHAR.match(method) or len(words) != 3:
        return REFUSED, method, tgt, version
    if re.search(rb"[\x00-\x20\x7f-\xff]", tgt):
        return REFUSED, method, tgt, version	# URI characters only (RFC 3986)
    if not re.match(rb"^HTTP/1\.[0-9]$", version):
        return REFUSED, method, tgt, version
    if not (tgt.startswith(b"/") or re.match(rb"^https?://", tgt, re.I)):
        return REFUSED, method, tgt, version	# the daemon serves origin and absolute form only
    return verdict, method, tgt, version


def judge_fields(fields, method, version):
    """(verdict, body length, closes) of a header block, under the daemon's
    rules where RFC 9112 lets a server choose."""
    verdict, names = VALID, {}
    for fl in fields:
        name, colon, value = fl.partition(b":")
        if not colon or not TCHAR.match(name):
            # Whitespace before the colon is a MUST 400 (5.1), a name not a
            # token is invalid; a line opening with whitespace is obs-fold
            # (the daemon refuses it) or, as the first, to be rejected or
            # skipped (2.2).
            return REFUSED, 0, True
        value = value.lstrip(b" \t")
        trailing = value != value.rstrip(b" \t")
        if re.search(rb"[\x00\r]", value):
            verdict = worst(verdict, EITHER)	# reject, or read as SP (RFC 9110 5.5)
            value = re.sub(rb"[\x00\r]", b" ", value)
        if re.search(rb"[\x01-\x08\x0a-\x1f\x7f]", value):
            verdict = worst(verdict, EITHER)	# invalid; the daemon refuses
        names.setdefault(name.lower(), []).append((value.rstrip(b" \t"), trailing))
    hosts = names.get(b"host", [])
    if len(hosts) > 1 or (version != b"HTTP/1.0" and len(hosts) != 1):
        return REFUSED, 0, True		# RFC 9112 3.2: MUST 400
    if names.get(b"transfer-encoding"):
        return REFUSED, 0, True		# the daemon takes no Transfer-Encoding (400, 411, 501)
    length = 0
    cls = names.get(b"content-length", [])
    if cls:
        values = []
        for v, trailing in cls:
            items = [x.strip(b" \t") for x in v.split(b",")]
            if not all(re.match(rb"^[0-9]+$", x) for x in items):
                return REFUSED, 0, True
            if len(items) > 1 or trailing:
                verdict = worst(verdict, EITHER)	# a list (RFC 9110 8.6), trailing OWS
            values += [int(x) for x in items]
        if len(set(values)) != 1 or values[0] >= 10 ** 18:
            return REFUSED, 0, True
        length = values[0]
    if length > 0 and method != b"POST":
        return REFUSED, length, True	# the daemon reads only a POST's body
    tokens = [t.strip(b" \t").lower() for v, _ in names.get(b"connection", [])
              for t in v.split(b",")]
    closes = b"close" in tokens or (version == b"HTTP/1.0" and b"keep-alive" not in tokens)
    return verdict, length, closes


def parse_stream(data):
    """Requests a strict RFC 9112 parser finds in one connection's bytes,
    each VALID (must be answered), EITHER (the RFC lets a server refuse it
    or take it; taken, it is read as the RFC says) or REFUSED (answered with
    a refusal, or not at all, and nothing after it). Connection: close and
    HTTP/1.0 without keep-alive end the stream after their request."""
    out = Parsed()
    pos = 0
    while pos < len(data) and not out.stopped:
        # Empty lines before a request line are ignored (RFC 9112 2.2).
        while data.startswith(b"\r\n", pos) or data.startswith(b"\n", pos):
            pos += 2 if data.startswith(b"\r\n", pos) else 1
        got = line_at(data, pos)
        if got is None:
            return out			# incomplete: not answered
        line, pos = got
        fields = []
        while True:
            got = line_at(data, pos)
            if got is None:
                return out		# head incomplete: not answered
            fl, pos = got
            if fl == b"":
                break
            fields.append(fl)
        verdict, method, tgt, version = judge_line(line)
        if verdict != REFUSED:
            fverdict, length, closes = judge_fields(fields, method, version)
            verdict = worst(verdict, fverdict)
        if verdict == REFUSED:
            out.requests.append((marker_of(tgt), REFUSED))
            out.stopped = True
            break
        if len(data) - pos < length:
            return out		# the body never came whole: not answered
        pos += length
        out.requests.append((marker_of(tgt), verdict))
        if closes:
            out.stopped = True
    return out


# --------------------------------------------------------- answers, strictly

def parse_answers(data):
    """(status, marker or None) of each answer in a client's bytes; 1xx
    skipped; answers without Content-Length end the parse."""
    out = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n\r\n", pos)
        if end < 0:
            break
        head = data[pos:end].split(b"\r\n")
        status = int(head[0].split(b" ")[1]) if len(head[0].split(b" ")) > 1 else 0
        length = None
        for h in head[1:]:
            n, _, v = h.partition(b":")
            if n.strip().lower() == b"content-length":
                length = int(v.strip())
        pos = end + 4
        if 100 <= status < 200:
            continue
        body = data[pos:pos + (length or 0)]
        pos += length or 0
        out.append((status, marker_of(body)))
        if length is None:
            break
    return out


# ----------------------------------------------------------------- the relay

class Relay:
    """Listens on a port and forwards each connection to the daemon,
    recording the bytes each sends it."""

    def __init__(self, port, upstream):
        self.upstream = upstream
        self.streams = []
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            c, _ = self.sock.accept()
            buf = bytearray()
            with self.lock:
                self.streams.append(buf)
            try:
                u = socket.create_connection(self.upstream)
            except OSError:
                c.close()
                continue
            threading.Thread(target=self.pump, args=(c, u, buf), daemon=True).start()
            threading.Thread(target=self.pump, args=(u, c, None), daemon=True).start()

    def pump(self, src, dst, record):
        try:
            while True:
                d = src.recv(65536)
                if not d:
                    break
                if record is not None:
                    with self.lock:
                        record += d
                dst.sendall(d)
        except OSError:
            pass
        for s in (dst, src):
            try:
                s.shutdown(socket.SHUT_WR if s is dst else socket.SHUT_RD)
            except OSError:
                pass

    def snapshot(self):
        with self.lock:
            return [bytes(b) for b in self.streams]


# --------------------------------------------------------------- the clients

def exchange(port, data):
    """Sends data on a new connection; reads until the server closes or is quiet."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(IDLE)
    got = bytearray()
    try:
        s.sendall(data)
    except OSError:
        pass
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            got += d
    except (socket.timeout, OSError):
        pass
    s.close()
    return bytes(got)


class ClientB(threading.Thread):
    """Keep-alive Roots, each checked to carry its own marker."""

    def __init__(self, port, prefix):
        super().__init__(daemon=True)
        self.port, self.prefix = port, prefix
        self.stop = threading.Event()
        self.sent = 0
        self.errors = []

    def read_answer(self, f):
        status_line = f.readline()
        if not status_line:
            return None
        length, closes = 0, False
        while True:
            h = f.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            n, _, v = h.partition(b":")
            if n.strip().lower() == b"content-length":
                length = int(v.strip())
            if n.strip().lower() == b"connection" and b"close" in v.lower():
                closes = True	# nginx's keepalive_requests (1,000), say
        return status_line, f.read(length), closes

    def run(self):
        s = f = None
        while not self.stop.is_set():
            if s is None:
                s = socket.create_connection(("127.0.0.1", self.port))
                s.settimeout(5)
                f = s.makefile("rb")
            marker = "%s%d" % (self.prefix, self.sent)
            self.sent += 1
            try:
                s.sendall(req(marker))
                got = self.read_answer(f)
            except OSError as e:
                got = None
                err = str(e)
            if got is None:
                s.close()
                s = None
                self.errors.append("B %s: no answer (%s)" % (marker, locals().get("err", "closed")))
                continue
            status_line, body, closes = got
            if not status_line.startswith(b"HTTP/1.1 200") or marker_of(body) != marker:
                self.errors.append("B %s: got %r carrying %r" % (
                    marker, status_line.strip(), marker_of(body)))
            if closes:
                s.close()
                s = None
            time.sleep(0.005)
        if s is not None:
            s.close()


# ------------------------------------------------------------------ the run

def journal(admin, since):
    with urllib.request.urlopen("http://%s/journal?since=%d&limit=1000000" % (admin, since)) as r:
        return json.load(r)["requests"]


def last_id(admin):
    j = journal(admin, 0)
    return max([r["id"] for r in j], default=0)


def run_front(name, port, relay, admin, all_cases):
    failures = []
    since = last_id(admin)
    b = ClientB(port, "b" + name[0])
    b.start()
    a_bytes = {}
    for i, (cname, data) in enumerate(all_cases):
        if relay is None and cname.startswith(DEVIATION):
            continue
        got = exchange(port, data)
        a_bytes[i] = (cname, data, parse_answers(got))
    time.sleep(0.5)
    b.stop.set()
    b.join()
    time.sleep(0.3)
    failures += ["%s: %s" % (name, e) for e in b.errors]
    if b.sent < 50:
        failures.append("%s: client B sent only %d requests" % (name, b.sent))

    streams = relay.snapshot() if relay is not None else [d for _, d, _ in a_bytes.values()]
    may, must = set(), set()
    for st in streams:
        doubt = False		# an EITHER before: what follows may go unanswered
        for marker, verdict in parse_stream(st).requests:
            if marker is not None:
                may.add(marker)
                if verdict == VALID and not doubt:
                    must.add(marker)
            doubt = doubt or verdict != VALID
    seen = {}
    entries = journal(admin, since)
    print("%s: %d cases, client B %d requests, %d connections to the daemon, "
          "%d journal entries" % (name, len(all_cases), b.sent, len(streams), len(entries)))
    for r in entries:
        m = marker_of((r.get("target") or "").encode("latin-1", "replace"))
        if m is not None:
            seen[m] = r
    # B's markers are on B's own requests, which every front forwards as sent.
    for m, r in seen.items():
        if m.startswith("b"):
            continue
        if m not in may:
            failures.append("%s: the daemon answered %s (%s), which the forwarded bytes hold "
                            "only inside a body or after a refusal" % (name, m, r.get("status")))
    for m in must:
        if not m.startswith("b") and m not in seen:
            failures.append("%s: %s was forwarded whole and well framed but not answered" %
                            (name, m))
    for i, (cname, data, answers) in a_bytes.items():
        own = "a%d" % i
        for status, m in answers:
            if m is not None and not re.match(r"^%s[rs]\d+$" % own, m):
                failures.append("%s: case %d (%s): an answer for %s" % (name, i, cname, m))
        if relay is None:
            p = parse_stream(data)
            if len(answers) > len(p.requests):
                failures.append("%s: case %d (%s): %d answers to %d requests" % (
                    name, i, cname, len(answers), len(p.requests)))
    return failures


def start_proxies(work, hport, hrelay, nport, nrelay):
    with open(work + "/haproxy.cfg", "w") as f:
        f.write("""global
	maxconn 256
defaults
	mode http
	timeout connect 5s
	timeout client 5s
	timeout server 5s
	timeout http-keep-alive 5s
	option http-keep-alive
	http-reuse always
frontend fe
	bind 127.0.0.1:%d
	default_backend be
backend be
	server d 127.0.0.1:%d
""" % (hport, hrelay))
    import os
    os.makedirs(work + "/nginx", exist_ok=True)
    with open(work + "/nginx.conf", "w") as f:
        f.write("""worker_processes 1;
error_log %s/nginx.err;
pid %s/nginx.pid;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path %s/nginx/body;
	proxy_temp_path %s/nginx/proxy;
	fastcgi_temp_path %s/nginx/fastcgi;
	uwsgi_temp_path %s/nginx/uwsgi;
	scgi_temp_path %s/nginx/scgi;
	upstream d { server 127.0.0.1:%d; keepalive 8; }
	server {
		listen 127.0.0.1:%d;
		location / {
			proxy_pass http://d;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $http_host;
		}
	}
}
""" % ((work,) * 7 + (nrelay, nport)))
    h = subprocess.Popen(["haproxy", "-db", "-f", work + "/haproxy.cfg"],
                         stdout=open(work + "/haproxy.out", "w"), stderr=subprocess.STDOUT)
    n = subprocess.Popen(["nginx", "-p", work + "/nginx", "-c", work + "/nginx.conf",
                          "-g", "daemon off;"],
                         stdout=open(work + "/nginx.out", "w"), stderr=subprocess.STDOUT)
    for port in (hport, nport):
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.1)
    return [h, n]


def main():
    work, daemon, admin = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    hport, hrelay, nport, nrelay = (int(x) for x in sys.argv[4:8])
    only = sys.argv[8] if len(sys.argv) > 8 else None
    all_cases = cases()
    relays = {"haproxy": Relay(hrelay, ("127.0.0.1", daemon)),
              "nginx": Relay(nrelay, ("127.0.0.1", daemon))}
    procs = start_proxies(work, hport, hrelay, nport, nrelay)
    failures = []
    fronts = [("direct", daemon, None), ("haproxy", hport, relays["haproxy"]),
              ("nginx", nport, relays["nginx"])]
    try:
        for name, port, relay in fronts:
            if only and name != only:
                continue
            failures += run_front(name, port, relay, admin, all_cases)
    finally:
        for p in procs:
            p.terminate()
            p.wait()
    for f in failures:
        print(f)
    print("CASES %d FRONTS %d FAILURES %d" % (len(all_cases), len(fronts), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
