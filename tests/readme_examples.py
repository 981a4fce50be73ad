#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""readme_examples.py README: runs the runnable examples of the README and
compares what they print with what the README shows (see tests/readme.test
for the convention). Prints one line per example ("ok ..." or "FAIL ...",
with a diff); exits 1 if any failed. With UPDATE=1, prints the normalised
actual output of every command instead (to paste into the README after
review).

Environment: LYNCDISCOVERD (the daemon), FREEPORT (prints free ports),
top_srcdir (commands run there), TMPDIR, XDG_STATE_HOME (where labs keep their
directory: tests/lib.sh points it into the test's work directory).
"""
import os, re, signal, subprocess, sys, time

README_LAB_DIR = "/home/you/.local/state/lyncdiscoverd/contoso.com"
README_PORTS = ["8080", "8443", "9080", "9443"]	# the lab's listeners
README_ADMIN_PORT = "9102"	# --admin 127.0.0.1:9102 in the README


def blocks(text):
    """The runnable blocks: runs of lines indented 4 spaces (blank lines
    inside) whose first line starts with "$ "."""
    out, cur = [], []
    for line in text.split("\n") + ["end"]:
        if line.startswith("    ") or (cur and line.strip() == ""):
            cur.append(line[4:])
            continue
        if cur and cur[0].startswith("$ "):
            out.append(cur)
        cur = []
    return out


def commands(block):
    """(command, expected output lines) pairs of a block."""
    while block and block[-1] == "":
        block.pop()
    pairs, i = [], 0
    while i < len(block):
        line = block[i]
        assert line.startswith("$ "), line
        cmd = line[2:]
        i += 1
        while cmd.endswith("\\") and i < len(block):
            cmd = cmd + "\n" + block[i]
            i += 1
        want = []
        while i < len(block) and not block[i].startswith("$ "):
            want.append(block[i])
            i += 1
        while want and want[-1] == "":
            want.pop()
        pairs.append((cmd, want))
    return pairs


def matches(want, got):
    """Line by line; "..." in a line stands for any text, a line of only
    "..." (indented or not) for any number of lines."""
    def line_re(w):
        return re.compile("^" + ".*".join(re.escape(p) for p in w.split("...")) + "$")

    def m(wi, gi):
        if wi == len(want):
            return gi == len(got)
        if want[wi].strip() == "...":
            return any(m(wi + 1, g) for g in range(gi, len(got) + 1))
        return gi < len(got) and line_re(want[wi]).match(got[gi]) is not None and m(wi + 1, gi + 1)
    return m(0, 0)


class Runner:
    def __init__(self):
        self.daemon = None
        self.lab_dir = None
        ports = subprocess.run([os.environ["FREEPORT"], "5"], capture_output=True, text=True,
                               check=True).stdout.split()
        self.ports = dict(zip(README_PORTS + [README_ADMIN_PORT], ports))
        self.assignments = []   # NAME=$(...) lines: later commands see their variables
        self.failed = 0

    def to_real(self, s):
        for rp, p in self.ports.items():
            s = re.sub(r"(?<=:)%s\b" % rp, p, s)
        if self.lab_dir:
            s = s.replace(README_LAB_DIR, self.lab_dir)
        probe = os.path.join(os.environ["top_builddir"], "src", "probe",
                             "lyncdiscover-probe")
        s = s.replace("./src/probe/lyncdiscover-probe", probe)
        return s.replace("./src/daemon/lyncdiscoverd", os.environ["LYNCDISCOVERD"])

    def to_readme(self, s):
        for rp, p in self.ports.items():
            s = re.sub(r"(?<=:)%s\b" % p, rp, s)
        if self.lab_dir:
            s = s.replace(self.lab_dir, README_LAB_DIR)
        return s

    def stop(self):
        if self.daemon is not None:
            self.daemon.send_signal(signal.SIGTERM)
            try:
                self.daemon.wait(15)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
            self.daemon = None

    def start_lab(self, cmd):
        """A lab command: the README's ports become listener flags on free ports."""
        self.stop()
        flags = " --internal 127.0.0.1:{0} --internal-tls 127.0.0.1:{1} " \
                "--external 127.0.0.1:{2} --external-tls 127.0.0.1:{3}".format(
                    *[self.ports[p] for p in README_PORTS])
        out = open(os.path.join(os.environ["TMPDIR"], "lab.out"), "w+")
        self.daemon = subprocess.Popen("exec " + self.to_real(cmd) + flags, shell=True, stdout=out,
                                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                       cwd=os.environ["top_srcdir"], start_new_session=True)
        text = ""
        for _ in range(150):
            out.seek(0)
            text = out.read()
            if re.search(r"^Try:\n(  .*\n)+", text, re.M) and self.daemon.poll() is None:
                time.sleep(0.2)
                out.seek(0)
                text = out.read()
                break
            time.sleep(0.1)
        d = re.search(r"CA certificate: (.*?)/ca\.pem", text)
        self.lab_dir = d.group(1) if d else None
        return text

    def run(self, cmd):
        if re.match(r"\./src/daemon/lyncdiscoverd --lab\b", cmd):
            return self.start_lab(cmd)
        script = "\n".join(self.assignments + [self.to_real(cmd)])
        if re.match(r"^[A-Z_]+=\$\(", cmd):
            self.assignments.append(self.to_real(cmd))
        try:
            p = subprocess.run(script, shell=True, capture_output=True, text=True, timeout=60,
                               cwd=os.environ["top_srcdir"], stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return "(timed out)\n"
        if p.returncode != 0:
            return p.stdout + "(exit %d: %s)\n" % (p.returncode, p.stderr.strip())
        return p.stdout


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    update = os.environ.get("UPDATE") == "1"
    r = Runner()
    n = 0
    try:
        for b in blocks(text):
            for cmd, want in commands(b):
                n += 1
                got = r.to_readme(r.run(cmd)).rstrip("\n").split("\n")
                if got == [""]:
                    got = []
                first = cmd.split("\n")[0]
                if update:
                    print("$ " + cmd)
                    print("\n".join(got))
                    continue
                if matches(want, got):
                    print("ok %d %s" % (n, first))
                else:
                    r.failed += 1
                    print("FAIL %d %s" % (n, first))
                    print("  README shows:\n" + "\n".join("    | " + w for w in want))
                    print("  it printed:\n" + "\n".join("    | " + g for g in got))
    finally:
        r.stop()
    if n == 0:
        print("FAIL no runnable example found")
        return 1
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
