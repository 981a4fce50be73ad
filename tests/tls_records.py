# SPDX-License-Identifier: MIT
"""A TLS client that sees the records on the wire, for tls_records.test.

  tls_records.py records PORT CAFILE
      Two GETs on one connection; prints the TLS records that carried the
      second answer and its status, e.g. "records 1 status 200".
  tls_records.py flights PORT CAFILE
      A full handshake, then a resumed one, each with a GET sent with the
      client's Finished; prints per connection the reads the handshake took
      and those the answer took (session tickets before it), e.g.
      "resumed 1 handshake-reads 1 answer-reads 1 status 200".
  tls_records.py behind PORT CAFILE ADMIN_PORT keepalive|close|abandon
      Sends GETs one after another, reading nothing, until the daemon's
      /metrics counts a write behind (its socket is full); then:
        keepalive  sends 5 more, reads every answer; prints "answers K
                   status S eof E" (S: the distinct statuses, E: 1 if the
                   daemon closed);
        close      sends one with "Connection: close" (its answer goes
                   behind, and the daemon closes the connection), waits
                   0.5 s, prints "open N" (the daemon's open connections),
                   then reads every answer and the end, printed as above;
        abandon    as close, prints "sent N" and reads nothing, ever.

The bytes read from the socket are parsed as records before OpenSSL (a
MemoryBIO) decrypts them, so what is counted is what went on the wire.
"""
import socket
import ssl
import sys
import time
import urllib.request

HOST = "lyncdiscover.contoso.com"


class Client:
    """Its Finished leaves with the first request, in one write (as wrk's and browsers' do)."""
    def __init__(self, port, cafile, rcvbuf=None, ctx=None, session=None):
        ctx = ctx or ssl.create_default_context(cafile=cafile)
        self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = ctx.wrap_bio(self.inc, self.out, server_hostname=HOST, session=session)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(20)
        self.sock.connect(("127.0.0.1", port))
        self.raw = b""          # bytes of a record not yet whole
        self.records = 0        # application data records seen (type 23)
        self.plain = b""
        self.eof = False
        self.reads = 0          # recv() calls that returned bytes
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.sock.sendall(self.out.read())
                self.feed()

    def feed(self):
        data = self.sock.recv(65536)
        if not data:
            self.eof = True
            return
        self.reads += 1
        self.raw += data
        while len(self.raw) >= 5:
            size = 5 + int.from_bytes(self.raw[3:5], "big")
            if len(self.raw) < size:
                break
            self.records += self.raw[0] == 23
            self.raw = self.raw[size:]
        self.inc.write(data)
        try:
            while True:
                chunk = self.tls.read(65536)
                if not chunk:
                    break
                self.plain += chunk
        except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
            pass

    def answer(self):
        """One whole answer from self.plain (reading more as needed): its status, or None at the end."""
        while True:
            end = self.plain.find(b"\r\n\r\n")
            if end >= 0:
                head = self.plain[:end].decode("latin-1")
                length = 0
                for line in head.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if len(self.plain) >= end + 4 + length:
                    self.plain = self.plain[end + 4 + length:]
                    return int(head.split(" ")[1])
            if self.eof:
                return None
            self.feed()


def request(close=False):
    extra = "Connection: close\r\n" if close else ""
    return ("GET / HTTP/1.1\r\nHost: %s\r\nAccept: application/json\r\n%s\r\n" % (HOST, extra)).encode()


def records(port, cafile):
    c = Client(port, cafile)
    c.tls.write(request())
    c.sock.sendall(c.out.read())
    c.answer()                          # the first, with any session tickets before it
    c.records = 0
    c.tls.write(request())
    c.sock.sendall(c.out.read())
    status = c.answer()
    print("records %d status %s" % (c.records, status))


def flights(port, cafile):
    """A full handshake, then one resuming its session. Each flight of the
    daemon must come in one read: the handshake's, then the first answer
    with the session tickets before it."""
    ctx = ssl.create_default_context(cafile=cafile)
    session = None
    for _ in range(2):
        c = Client(port, cafile, ctx=ctx, session=session)
        handshake_reads, c.reads = c.reads, 0
        c.tls.write(request())
        c.sock.sendall(c.out.read())
        status = c.answer()
        print("resumed %d handshake-reads %d answer-reads %d status %s" %
              (c.tls.session_reused, handshake_reads, c.reads, status))
        session = c.tls.session
        c.sock.close()


def metric(admin, name):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % admin, timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line.startswith(name + " "):
                return int(line.split()[1])
    return None


def read_all(c, n, close):
    answers, statuses = 0, set()
    while answers < n:
        status = c.answer()
        if status is None:
            break
        answers += 1
        statuses.add(status)
    if close and answers == n:
        while not c.eof:
            c.feed()
    print("answers %d status %s eof %d" % (answers, ",".join(map(str, sorted(statuses))) or "-", c.eof))
    sys.stdout.flush()


def behind(port, cafile, admin, how):
    c = Client(port, cafile, rcvbuf=4096)
    name, answered = "lyncdiscover_tls_writes_behind_total", "lyncdiscover_request_duration_seconds_count"
    before, done, sent = metric(admin, name), metric(admin, answered), 0
    while sent < 100000:
        for _ in range(20):
            c.tls.write(request())
        c.sock.sendall(c.out.read())
        sent += 20
        # Until the daemon has answered them all: then at most 20 answers are behind.
        for _ in range(500):
            if metric(admin, answered) - done >= sent:
                break
            time.sleep(0.01)
        if metric(admin, name) != before:
            break
    if how == "keepalive":
        for _ in range(5):
            c.tls.write(request())
        c.sock.sendall(c.out.read())
        read_all(c, sent + 5, False)
        return
    c.tls.write(request(close=True))
    c.sock.sendall(c.out.read())
    sent += 1
    if how == "abandon":
        print("sent %d" % sent)
        sys.stdout.flush()
        time.sleep(3600)
    time.sleep(0.5)
    print("open %s" % metric(admin, "lyncdiscover_open_connections"))
    read_all(c, sent, True)


if __name__ == "__main__":
    mode, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == "records":
        records(port, cafile)
    elif mode == "flights":
        flights(port, cafile)
    else:
        behind(port, cafile, int(sys.argv[4]), sys.argv[5])
