#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""doc_refs.py TOP_SRCDIR TOP_BUILDDIR: what the documentation names exists.

Prints one line per problem (nothing when all is well), then a last line
"checked: N files, M paths, S section references, E examples", so that a
caller can tell a check that ran from one that found nothing to read.

- No file of the tree (the README, HACKING, NEWS, doc/, the man pages and
  schemas in data/, examples/, deploy/, debian/, the sources' and tests'
  comments) names a path outside the repository: "shared/..." (the
  development workspace's notes) or "/work/...".
- The protocol reference is doc/protocol.md: it exists, and every mention of
  a "protocol.md" names it so.
- Every repository path the README, HACKING, NEWS, doc/, the man pages and
  examples/ name ("examples/two-pools.xml", "tests/conformance", ...) exists,
  in the source tree or, for a generated file, the build tree (a program
  when its source does: "tests/unit_core", "tests/unit_core.c").
- Every section a file cites as "doc/protocol.md §N.N" (and, in a file that
  cites doc/protocol.md, every bare "§N.N" that is not an RFC's), and every
  "section N.N" of the man pages that is not an RFC's or [MS-OCDISCWS]'s,
  is a heading of doc/protocol.md; an "example X" cited with it is there.
- Every example of doc/protocol.md marked "<!-- golden: FILE -->" is FILE,
  byte for byte (the goldens are the daemon's answers: tests/unit_documents).
"""
import glob
import os
import re
import sys

top, build = sys.argv[1], sys.argv[2]
problems = []
counts = {"files": 0, "paths": 0, "sections": 0, "examples": 0}

READER = ["README", "HACKING", "NEWS", "doc/*", "data/*.[158]", "data/*.5.in", "data/*.xsd",
          "data/*.html", "examples/*", "examples/*/*"]
CODE = ["src/*/*.[ch]", "src/*/*/*.[ch]", "tests/*.test", "tests/*.c", "tests/*.h", "tests/*.py",
        "tests/*.sh", "tests/conformance/README", "tools/*", "deploy/*/*", "debian/*",
        "Makefile.am", "tests/Makefile.inc", "configure.ac"]
BINARY = (".pem", ".key", ".o", ".a", ".gz")


def files(patterns):
    seen = []
    for pat in patterns:
        for path in sorted(glob.glob(os.path.join(top, pat))):
            rel = os.path.relpath(path, top)
            if os.path.isfile(path) and not rel.endswith(BINARY) and rel not in seen:
                seen.append(rel)
    return seen


def read(rel):
    with open(os.path.join(top, rel), encoding="utf-8", errors="replace") as f:
        return f.read()


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


OUTSIDE = re.compile(r"(?<![\w.-])(shared/[\w./-]*|/work/[\w./-]*)")
BARE_REF = re.compile(r"(?<![\w./-])protocol\.md")
PATH = re.compile(r"(?<![\w/.$~-])(?:doc|data|examples|src|tests|tools|deploy|debian)/[\w.+*/-]*[\w*]")
SECTION_SIGN = re.compile(r"(?<!RFC \d{4} )§(\d+(?:\.\d+)*)(?:\s+example\s+([A-H])\b)?")
MAN_SECTION = re.compile(r"(?<!RFC \d{4} )(?<!\] )section (\d+(?:\.\d+)*)(?:\s+example\s+([A-H])\b)?")

doc_path = os.path.join(top, "doc/protocol.md")
if not os.path.isfile(doc_path):
    problems.append("doc/protocol.md: missing (the protocol reference the documentation names)")
    doc = ""
else:
    doc = read("doc/protocol.md")
headings = set(m.group(1) for m in re.finditer(r"^#{2,3} (\d+(?:\.\d+)?)[. ]", doc, re.M))
examples = set(m.group(1) for m in re.finditer(r"^Example ([A-H]) ", doc, re.M))


def check_section(rel, text, m):
    number, example = m.group(1), m.group(2)
    if number.count(".") > 1:
        return	# three levels and more: [MS-OCDISCWS]'s or an RFC's numbering, not ours
    counts["sections"] += 1
    if number not in headings:
        problems.append("%s:%d: cites section %s, which doc/protocol.md does not have"
                        % (rel, line_of(text, m.start()), number))
    elif example is not None and example not in examples:
        problems.append("%s:%d: cites example %s, which doc/protocol.md does not have"
                        % (rel, line_of(text, m.start()), example))


for rel in files(READER + CODE):
    if rel in ("tests/doc_refs.py", "tests/readme.test"):
        continue	# they name what is looked for, to show that it is found
    text = read(rel)
    counts["files"] += 1
    for m in OUTSIDE.finditer(text):
        problems.append("%s:%d: names %s, a path outside the repository"
                        % (rel, line_of(text, m.start()), m.group(1)))
    for m in BARE_REF.finditer(text):
        if text[max(0, m.start() - 4):m.start()] != "doc/":
            problems.append("%s:%d: names protocol.md: the reference is doc/protocol.md"
                            % (rel, line_of(text, m.start())))
    if rel != "doc/protocol.md" and "doc/protocol.md" in text:
        for m in SECTION_SIGN.finditer(text):
            check_section(rel, text, m)
    if re.match(r"data/.*\.(8|1|5\.in)$", rel):
        for m in MAN_SECTION.finditer(text):
            check_section(rel, text, m)

for rel in files(READER):
    text = read(rel)
    for m in PATH.finditer(text):
        path = m.group(0)
        counts["paths"] += 1
        # A program is there when its source is (tests/unit_core: tests/unit_core.c).
        found = any(glob.glob(os.path.join(d, p)) for d in (top, build) for p in (path, path + ".c"))
        if not found:
            problems.append("%s:%d: names %s, which is not in the tree"
                            % (rel, line_of(text, m.start()), path))

for m in re.finditer(r"^<!-- golden: (\S+) -->\n```\w*\n(.*?)^```$", doc, re.M | re.S):
    counts["examples"] += 1
    golden = os.path.join(top, m.group(1))
    if not os.path.isfile(golden):
        problems.append("doc/protocol.md:%d: example of %s, which does not exist"
                        % (line_of(doc, m.start()), m.group(1)))
        continue
    with open(golden, encoding="utf-8") as f:
        want = f.read()
    if m.group(2).rstrip("\n") != want.rstrip("\n"):
        problems.append("doc/protocol.md:%d: the example is no longer %s (copy it again)"
                        % (line_of(doc, m.start()), m.group(1)))

for p in problems:
    print(p)
print("checked: %(files)d files, %(paths)d paths, %(sections)d section references, "
      "%(examples)d examples" % counts)
