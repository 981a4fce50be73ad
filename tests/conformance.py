#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""conformance.py: lyncdiscoverd's answers against real servers', field by field.

Usage: conformance.py FIXTURES OURS

FIXTURES is tests/conformance (see its README for where each answer comes
from); OURS holds the daemon's answers to the same requests, as
tests/conformance.test fetched them: NAME.headers (curl -D) and NAME.body
(decoded, when coded). Each check pins one decision of lyncdiscoverd(8),
PROTOCOL DECISIONS: where we match the real server, the check compares the
two; where we keep our own way, the check holds ours. Values that
legitimately differ (host names, ports, the server FQDN, tokens, dates) are
not compared; names, order, casing, namespaces, escaping, content types and
header sets are. Prints one line per check; exits 1 if any failed.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

FIX, OURS = sys.argv[1], sys.argv[2]
failed = 0
count = 0

# Headers IIS and ASP.NET add (decision: not sent), and the ones the HTTP
# layers write for themselves (connection handling, date, length).
IIS_HEADERS = {"server", "x-powered-by", "x-aspnet-version"}
TRANSPORT_HEADERS = {"connection", "date", "content-length"}
# What content coding adds (decision: coded when asked, Vary on every body).
CODING_HEADERS = {"vary", "content-encoding"}


def check(name, cond, detail=""):
    global failed, count
    count += 1
    if cond:
        print("ok %d - %s" % (count, name))
    else:
        failed += 1
        print("not ok %d - %s%s" % (count, name, ("\n    " + detail) if detail else ""))


def parse_headers(text):
    """[(name, value)] of the last header block in text (curl -D keeps all)."""
    blocks = re.split(r"\r?\n\r?\n", text.strip())
    lines = blocks[-1].replace("\r", "").split("\n")
    status = lines[0]
    out = []
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            out.append((k, v.strip()))
    return status, out


def fixture_http(name):
    text = open(os.path.join(FIX, name), encoding="utf-8").read()
    head, _, body = text.partition("\n\n")
    status, headers = parse_headers(head)
    return status, headers, body


def ours(name):
    status, headers = parse_headers(open(os.path.join(OURS, name + ".headers"), encoding="latin-1").read())
    body = open(os.path.join(OURS, name + ".body"), encoding="utf-8").read()
    return status, headers, body


def fixture(name):
    return open(os.path.join(FIX, name), encoding="utf-8").read()


def names(headers, leave_out=()):
    return [k for k, _ in headers if k.lower() not in leave_out]


def value(headers, name):
    vals = [v for k, v in headers if k.lower() == name.lower()]
    return vals[0] if vals else None


def values(headers, name):
    return [v for k, v in headers if k.lower() == name.lower()]


def path_of(url):
    """The part of an absolute URL after its host: what a server of another name keeps."""
    u = urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def href(doc, rel):
    """The href of a UCWA link, "" when the link is missing."""
    return doc.get("_links", {}).get(rel, {}).get("href", "")


def links(doc):
    """The UCWA _links of a JSON document, in order: [(rel, keys of its object, href)]."""
    return [(rel, list(o.keys()), o.get("href")) for rel, o in doc["_links"].items()]


def compare_header_set(label, real, mine, ordered):
    """Every header the real server sends, we send with the same spelling (in the same
    relative order when ordered: the 401's, which clients scan for the first URL);
    the ones we add are only the coding ones."""
    leave = IIS_HEADERS | TRANSPORT_HEADERS | CODING_HEADERS
    r, m = names(real, leave), names(mine, leave)
    if ordered:
        check("%s: the header names, their spelling and order are the real server's" % label,
              r == m, "real: %s\n    ours: %s" % (r, m))
    else:
        # libmicrohttpd writes Content-Type first; the order of a 200's headers is not read.
        check("%s: the header names and their spelling are the real server's" % label,
              sorted(r) == sorted(m), "real: %s\n    ours: %s" % (r, m))
    extra = [k for k in names(mine, IIS_HEADERS | TRANSPORT_HEADERS) if k not in names(real)]
    check("%s: what we add is only Vary / Content-Encoding" % label,
          all(k.lower() in CODING_HEADERS for k in extra), "added: %s" % extra)
    check("%s: Vary: Accept-Encoding" % label, value(mine, "Vary") == "Accept-Encoding",
          value(mine, "Vary"))
    check("%s: no IIS / ASP.NET headers (Server, X-Powered-By, X-AspNet-Version)" % label,
          not any(k.lower() in IIS_HEADERS for k, _ in mine), "ours: %s" % names(mine))


def compare_values(label, real, mine, header_names):
    for h in header_names:
        check("%s: %s is the real server's (%r)" % (label, h, value(real, h)),
              value(real, h) is not None and value(mine, h) == value(real, h),
              "ours: %r" % value(mine, h))


# ---------------------------------------------------------------- UCWA JSON Root (Lync 2013)

real_status, real_h, real_b = fixture_http("lync2013-root-ucwa.http")
st, h, b = ours("root-ucwa")
check("Root: status line", st.split(" ", 1)[1] == real_status.split(" ", 1)[1], st)
compare_header_set("Root", real_h, h, False)
compare_values("Root", real_h, h, ["Content-Type", "Expires", "Cache-Control", "Pragma",
                                    "X-Content-Type-Options"])
check("Root: X-MS-Server-Fqdn present", bool(value(h, "X-MS-Server-Fqdn")))
real, mine = json.loads(real_b), json.loads(b)
for label, doc in (("Lync 2013", real), ("Lync 2013 (client fixture)",
                                         json.loads(fixture("lync2013-root-ucwa-2.json"))),
                   ("SfB Online", json.loads(fixture("online-root-ucwa.json"))),
                   ("SfB Online (logged)", json.loads(fixture("online-root-ucwa-2.json")))):
    check("Root: the _links of %s, in order, and each an object with href alone" % label,
          [(r, k) for r, k, _ in links(doc)] == [(r, k) for r, k, _ in links(mine)],
          "real: %s\n    ours: %s" % (links(doc), links(mine)))
check("Root: the hrefs' paths and queries are Lync 2013's",
      [path_of(u) for _, _, u in links(real)] == [path_of(u) for _, _, u in links(mine)],
      "real: %s\n    ours: %s" % ([u for _, _, u in links(real)], [u for _, _, u in links(mine)]))
check("Root: absolute https hrefs", all(u.startswith("https://") for _, _, u in links(mine)))
check("Root: top-level members are _links alone", list(mine.keys()) == list(real.keys()))
online = fixture("online-root-ucwa.json").strip()
check("Root: compact JSON, slashes raw, as SfB Online's",
      not re.search(r"\s", b.strip()) and "\\/" not in b and not re.search(r"\s", online),
      b[:120])

# ---------------------------------------------------------------- UCWA JSON Redirect (SfB Online)

real = json.loads(fixture("online-root-redirect-ucwa.json"))
st, h, b = ours("redirect-ucwa")
mine = json.loads(b)
check("Redirect: self, xframe, redirect in SfB Online's order, each {href}",
      [(r, k) for r, k, _ in links(real)] == [(r, k) for r, k, _ in links(mine)],
      "real: %s\n    ours: %s" % (links(real), links(mine)))
check("Redirect: self is the answering server's HTTPS Root, with originalDomain",
      path_of(href(mine, "self")).split("?")[0] ==
      path_of(href(real, "self")).split("?")[0] and
      "originalDomain=" in href(mine, "self") and
      href(mine, "self").startswith("https://"), href(mine, "self"))
check("Redirect: the redirect is to a Root (same path as SfB Online's)",
      urlsplit(href(mine, "redirect")).path ==
      urlsplit(href(real, "redirect")).path, href(mine, "redirect"))
# Decision: our xframe is the XFrame page we serve (the Root's), not Online's .../root/xframe.
check("Redirect: xframe is the XFrame page the Root names (kept: /Autodiscover/XFrame/XFrame.html)",
      path_of(href(mine, "xframe")) == "/Autodiscover/XFrame/XFrame.html")

# ---------------------------------------------------------------- UCWA XML (SfB Online)

head = fixture("online-root-ucwa-xml.head")
real_open = re.match(r'<resource xmlns="([^"]+)" rel="root" href="[^"]+">\s*<link rel="(\w+)"', head)
for name in ("root-ucwa-xml", "redirect-ucwa-xml"):
    st, h, b = ours(name)
    m = re.match(r'<resource xmlns="([^"]+)" rel="root" href="[^"]+">\s*<link rel="(\w+)"', b)
    check("UCWA XML %s: no XML declaration, resource's xmlns then rel then href, first link "
          "rel=%s, as SfB Online's" % (name, real_open.group(2) if real_open else "?"),
          real_open is not None and m is not None and m.groups() == real_open.groups(), b[:200])
    check("UCWA XML %s: Content-Type application/xml" % name,
          value(h, "Content-Type") == "application/xml", value(h, "Content-Type"))

# ---------------------------------------------------------------- the 401 (Lync 2013)

real_status, real_h, _ = fixture_http("lync2013-oauth-401.http")
st, h, b = ours("oauth-401")
check("401: status line", st.split(" ", 1)[1] == real_status.split(" ", 1)[1], st)
compare_header_set("401", real_h, h, True)
compare_values("401", real_h, h, ["Content-Type", "X-Content-Type-Options", "Vary"])
order = [k for k in names(h) if k.lower() not in TRANSPORT_HEADERS | {"content-encoding"}]
real_order = [k for k in names(real_h) if k.lower() not in TRANSPORT_HEADERS | IIS_HEADERS]
check("401: Vary last but Content-Encoding, as Lync 2013's", order == real_order,
      "real: %s\n    ours: %s" % (real_order, order))
rb, rm = values(real_h, "WWW-Authenticate"), values(h, "WWW-Authenticate")
check("401: two WWW-Authenticate fields, Bearer then MsRtcOAuth",
      len(rm) == 2 and rm[0].startswith("Bearer ") and rm[1].startswith("MsRtcOAuth "), rm)
bearer = r'^Bearer trusted_issuers="[^"]*", client_id="00000004-0000-0ff1-ce00-000000000000"$'
check("401: the Bearer challenge has Lync 2013's shape",
      re.match(bearer, rb[0]) is not None and re.match(bearer, rm[0]) is not None, rm[0])
host = lambda s: re.sub(r"https://[^/]+/", "https://HOST/", s)
check("401: the MsRtcOAuth challenge is Lync 2013's byte for byte but the host",
      host(rm[1]) == host(rb[1]), "real: %s\n    ours: %s" % (rb[1], rm[1]))
check("401: no cache headers, as Lync 2013's",
      not any(value(h, n) for n in ("Cache-Control", "Pragma", "Expires")))
joined = fixture("lync2013-oauth-401-joined.txt").strip()
ours_joined = ", ".join(rm)
norm = lambda s: host(re.sub(r'trusted_issuers="[^"]*"', 'trusted_issuers=""', s))
check("401: joined as a Java client joins them, the challenges are the client fixture's",
      norm(ours_joined) == norm(joined), "real: %s\n    ours: %s" % (joined, ours_joined))
# The clients' regexes (doc/protocol.md §7.2).
mm = re.search(r"href=(.*?),", ours_joined)
check("401: Mattermost's regex href=(.*?), finds the token URL",
      mm is not None and mm.group(1).strip('"').endswith("/WebTicket/oauthtoken"), ours_joined)
check("401: grant_type lists password", re.search(r'grant_type="[^"]*\bpassword\b', rm[1]) is not None)

# ---------------------------------------------------------------- the token (Lync 2013)

real_status, real_h, real_b = fixture_http("lync2013-token.http")
st, h, b = ours("token")
compare_header_set("token", real_h, h, True)
compare_values("token", real_h, h, ["Content-Type", "Cache-Control", "Pragma",
                                     "X-Content-Type-Options"])
real, mine = json.loads(real_b), json.loads(b)
check("token: members and their order are Lync 2013's",
      list(real.keys()) == list(mine.keys()), "real: %s\n    ours: %s" % (list(real), list(mine)))
check("token: expires_in a number, ms_rtc_identityscope and token_type as Lync 2013's",
      isinstance(mine["expires_in"], int) and mine["ms_rtc_identityscope"] == real["ms_rtc_identityscope"]
      and mine["token_type"] == real["token_type"], b)

# ---------------------------------------------------------------- UCWA JSON User

real_status, real_h, real_b = fixture_http("lync2013-user-ucwa.http")
st, h, b = ours("user-ucwa")
compare_header_set("User", real_h, h, False)
compare_values("User", real_h, h, ["Content-Type", "Expires", "Cache-Control", "Pragma",
                                    "X-Content-Type-Options"])
real, mine, online = json.loads(real_b), json.loads(b), json.loads(fixture("online-user-ucwa.json"))
check("User: self, applications, xframe in order (Lync 2013 and SfB Online)",
      [r for r, _, _ in links(mine)] == [r for r, _, _ in links(real)] ==
      [r for r, _, _ in links(online)])
check("User: applications and xframe paths are Lync 2013's",
      [path_of(u) for r, _, u in links(mine) if r != "self"] ==
      [path_of(u) for r, _, u in links(real) if r != "self"])
# Decision: self is the URL asked (/root/oauth/user), as SfB Online; Lync 2013 wrote /root/user.
check("User: self is the resource asked, as SfB Online's (Lync 2013 wrote /root/user)",
      path_of(href(mine, "self")) == path_of(href(online, "self")),
      href(mine, "self"))
# Decision: no "revision" on applications (SfB Online adds revision 2; Lync 2013 does not).
check("User: applications is {href} alone, as Lync 2013's (no SfB Online revision)",
      list(mine["_links"].get("applications", {}).keys()) ==
      list(real["_links"]["applications"].keys())
      == ["href"])

# ---------------------------------------------------------------- MS-OCDISCWS XML User

real_text, b = fixture("lync2013-user.xml"), ours("user-xml")[2]
check("MS XML User: no XML declaration, as the documented answer",
      not real_text.lstrip().startswith("<?xml") and not b.lstrip().startswith("<?xml"), b[:80])
root_open = lambda s: (re.search(r"(<AutodiscoverResponse[^>]*>)", s) or re.search("()", s)).group(1)
attrs = lambda tag: re.findall(r'([\w:]+)\s*=\s*"', tag)
check("MS XML User: document element, its namespace declarations and AccessLocation, in order",
      attrs(root_open(real_text)) == attrs(root_open(b)) and
      re.findall(r'xmlns:\w+="[^"]+"', root_open(real_text)) ==
      re.findall(r'xmlns:\w+="[^"]+"', root_open(b)),
      "real: %s\n    ours: %s" % (root_open(real_text), root_open(b)))
real, mine = ET.fromstring(real_text), ET.fromstring(b)
shape = lambda e: [(c.tag, list(c.attrib.keys()), c.attrib.get("token")) for c in e]
check("MS XML User: the children of User — SipAccess elements, then Links by token — in order",
      [c.tag for c in real] == [c.tag for c in mine] and shape(real[0]) == shape(mine[0]),
      "real: %s\n    ours: %s" % (shape(real[0]), shape(mine[0])))
check("MS XML User: no namespace on the elements",
      all(not e.tag.startswith("{") for e in mine.iter()))

# ---------------------------------------------------------------- MS-OCDISCWS JSON Root

real_text = fixture("lync2013-root.json")
st, h, b = ours("root-msjson")
real, mine = json.loads(real_text), json.loads(b)
check("MS JSON Root: members AccessLocation then Root, Root.Links",
      list(real.keys()) == list(mine.keys()) and list(real["Root"]) == list(mine["Root"]))
check("MS JSON Root: each link {href, token} in that order, tokens Domain, User, OAuth",
      [(list(l.keys()), l["token"]) for l in real["Root"]["Links"]] ==
      [(list(l.keys()), l["token"]) for l in mine["Root"]["Links"]])
check("MS JSON Root: '/' escaped as '\\/', as the documented answer",
      "https:\\/\\/" in real_text and "https:\\/\\/" in b and "https://" not in b, b[:100])
check("MS JSON Root: the hrefs' paths are the documented ones",
      [path_of(l["href"]) for l in real["Root"]["Links"]] ==
      [path_of(l["href"]) for l in mine["Root"]["Links"]])

print("conformance: %d checks, %d failed" % (count, failed))
sys.exit(1 if failed else 0)
