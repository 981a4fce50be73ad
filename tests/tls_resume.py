# SPDX-License-Identifier: MIT
# tls_resume.py CA NAME PORT PORT...: one TLS connection to 127.0.0.1:PORT
# (SNI NAME, trusting CA), then one to each later PORT offering its session;
# prints "resumed" or "full" for each later connection, space-separated.
# Used by tls.test and cluster.test (session tickets across instances).
import socket
import ssl
import sys

ca, name, ports = sys.argv[1], sys.argv[2], [int(p) for p in sys.argv[3:]]
ctx = ssl.create_default_context(cafile=ca)


def get(port, session=None):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=5),
                        server_hostname=name, session=session)
    s.sendall(b"GET / HTTP/1.1\r\nHost: " + name.encode() + b"\r\nConnection: close\r\n\r\n")
    while s.recv(65536):
        pass
    session, reused = s.session, s.session_reused
    s.close()
    return session, reused


first, _ = get(ports[0])
print(" ".join("resumed" if get(p, first)[1] else "full" for p in ports[1:]))
