#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# layers.py: the link-level shape of a built tree, for tests/layers.test.
#
#   layers.py table MAKEFILE_AM
#       prints the daemon's table of allowed directions (the DAEMON_USES_x
#       lines of Makefile.am), one "PART: USED..." line a part, and exits 1
#       if the table has a circle (a part that may use itself through others)
#   layers.py uses MAKEFILE_AM BUILD_DIR [PART:FORBIDDEN ...]
#       prints every call from an object of one daemon part into a symbol
#       that another part defines, where the table does not allow it, as
#       "PART/OBJECT needs SYMBOL (OTHER)"; PART:FORBIDDEN strikes a line
#       of the table first (to see the check find a violation)
#   layers.py circles DIR...
#       prints every link-level circle between the objects (*.o) under the
#       DIRs: objects a, b, ... each needing a symbol the next defines, the
#       last one the first's, as "circle: a b ..."
#
# Objects are read with nm: U is a symbol an object needs, T/D/B/R/C one it
# defines. Test programs, fuzzers and unit tests are not parts of the tree.
import os
import re
import subprocess
import sys


def table(makefile_am):
    text = open(makefile_am).read()
    uses = {}
    for m in re.finditer(r'^DAEMON_USES_(\w+) =(.*)$', text, re.M):
        uses[m.group(1)] = re.findall(r'\$\(DAEMON_I_(\w+)\)', m.group(2))
    return uses


def closure_circles(uses):
    """Parts that may use themselves, through the table."""
    bad = []
    for start in uses:
        seen, todo = set(), list(uses[start])
        while todo:
            p = todo.pop()
            if p == start:
                bad.append(start)
                break
            if p not in seen:
                seen.add(p)
                todo.extend(uses.get(p, []))
    return bad


def objects(top):
    found = []
    for d, _, files in os.walk(top):
        for f in files:
            if f.endswith('.o') and not re.match(r'(unit_|fuzz_|layer_|tls_client)', f):
                found.append(os.path.join(d, f))
    return sorted(found)


def symbols(obj):
    out = subprocess.run(['nm', obj], capture_output=True, text=True, check=True).stdout
    defs, needs = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'TDBRC':
            defs.add(parts[2])
        elif len(parts) == 2 and parts[0] == 'U':
            needs.add(parts[1])
    return defs, needs


def name(obj, top):
    rel = os.path.relpath(obj, top)
    d, f = os.path.split(rel)
    f = re.sub(r'^[A-Za-z0-9_]+?_a-', '', f)       # automake's "libx_a-" prefix
    f = re.sub(r'^lyncdiscover[a-z_]*-', '', f)    # a program's own objects
    return os.path.join(d, f[:-2])


def cmd_uses(makefile_am, build, struck):
    uses = table(makefile_am)
    for s in struck:
        part, _, forbidden = s.partition(':')
        uses[part] = [u for u in uses.get(part, []) if u != forbidden]
    daemon = os.path.join(build, 'src', 'daemon')
    owner, needs = {}, {}
    for part in uses:
        for obj in objects(os.path.join(daemon, part)):
            defs, n = symbols(obj)
            key = (part, name(obj, os.path.join(daemon, part)))
            needs[key] = n
            for sym in defs:
                owner[sym] = part
    bad = []
    for (part, obj), n in sorted(needs.items()):
        for sym in sorted(n):
            other = owner.get(sym)
            if other is not None and other != part and other not in uses[part]:
                bad.append(f'{part}/{obj} needs {sym} ({other})')
    print('\n'.join(bad))
    return 0


def cmd_circles(dirs):
    defs, needs = {}, {}
    for top in dirs:
        for obj in objects(top):
            d, n = symbols(obj)
            key = name(obj, os.path.dirname(os.path.normpath(top)))
            needs[key] = n
            for sym in d:
                defs.setdefault(sym, key)
    edges = {k: {defs[s] for s in n if s in defs and defs[s] != k} for k, n in needs.items()}
    # Tarjan's strongly connected components, iteratively.
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append('circle: ' + ' '.join(sorted(comp)))
    print('\n'.join(sorted(out)))
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == 'table':
        uses = table(argv[2])
        for part in uses:
            print(f'{part}: {" ".join(uses[part])}')
        bad = closure_circles(uses)
        for part in bad:
            print(f'circle in the table: {part} may use itself', file=sys.stderr)
        return 1 if bad or not uses else 0
    if len(argv) >= 4 and argv[1] == 'uses':
        return cmd_uses(argv[2], argv[3], argv[4:])
    if len(argv) >= 3 and argv[1] == 'circles':
        return cmd_circles(argv[2:])
    print(__doc__ if __doc__ else 'usage: layers.py table|uses|circles ...', file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
