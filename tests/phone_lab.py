#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""phone_lab.py README: runs the README's "Testing a real phone" section in
two network namespaces that tests/phone_lab.test made, and checks what a
phone would meet there. Prints one line a check ("ok N ..." or "FAIL N ...",
with details); exits 1 if any failed.

The section's convention: a block indented four spaces holds commands, each
after a prompt, "lab# " (run in the lab namespace, LAB_NS, as root, in the
directory WORK/lab) or "client$ " (in the phone namespace, PHONE_NS, in
WORK/client, where the lab's ca.pem is copied as the README tells the tester
to); a line ending in "\\" continues a command; the lines up to the next
prompt are what it prints on stdout ("..." as in tests/readme.test). A lab
command ("./src/daemon/lyncdiscoverd --lab ...") runs in the background
(stopping the previous one) and its banner is its output; "dnsmasq ..." runs
in the background too. Client commands may not use --resolve or
--connect-to: the names must resolve through the lab's DNS.

Besides the README's own output, each lab (its sign-in mode) is checked with
the probe's JSON when the next one starts and at the end: --internal and
--external each walk once to "ok" on their own names, every hop over TLS
trusted through the lab CA alone; without --cacert the verdict is
tls-untrusted; the walk of both locations stops at the internal one. And the
DNS, once: the client's resolv.conf names only the lab, the lab names
resolve to its address, AAAA and MX get an empty answer (NOERROR), another
name REFUSED, and dnsmasq forwards nothing.

Environment: LAB_NS, PHONE_NS, LAB_ADDR (the address the README uses),
LYNCDISCOVERD, top_builddir, TMPDIR (the test's directory), XDG_STATE_HOME.
"""
import json, os, re, shutil, signal, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from readme_examples import README_LAB_DIR, matches  # noqa: E402

SECTION = "Testing a real phone"
PROMPTS = ("lab# ", "client$ ")
NAMES = ["lyncdiscoverinternal.contoso.com", "webint.contoso.com",
         "lyncdiscover.contoso.com", "webext.contoso.com"]


def section(text):
    """The lines of the section, from its heading to the next heading."""
    lines = text.split("\n")
    start = next(i for i in range(len(lines) - 1)
                 if lines[i] == SECTION and set(lines[i + 1]) == {"-"})
    end = next((i for i in range(start + 2, len(lines) - 1)
                if lines[i] and set(lines[i + 1]) == {"-"} and len(lines[i + 1]) == len(lines[i])),
               len(lines))
    return lines[start + 2:end]


def commands(lines):
    """(prompt, command, expected lines) of the section's blocks, in order."""
    out, cur = [], None
    for line in lines + ["end"]:
        body = line[4:] if line.startswith("    ") else None
        if cur is not None and cur[1].endswith("\\") and body is not None:
            cur[1] += "\n" + body
            continue
        prompt = next((p for p in PROMPTS if body is not None and body.startswith(p)), None)
        if prompt is not None:
            cur = [prompt, body[len(prompt):], []]
            out.append(cur)
        elif cur is not None and body is not None:
            cur[2].append(body)
        elif cur is not None and line.strip() == "":
            cur[2].append("")
        else:
            cur = None
    for c in out:
        while c[2] and c[2][-1] == "":
            c[2].pop()
    return out


class Lab:
    def __init__(self):
        self.lab_ns, self.phone_ns = os.environ["LAB_NS"], os.environ["PHONE_NS"]
        self.addr = os.environ["LAB_ADDR"]
        self.work = os.environ["TMPDIR"]
        self.dirs = {"lab# ": os.path.join(self.work, "lab"),
                     "client$ ": os.path.join(self.work, "client")}
        for d in self.dirs.values():
            os.makedirs(d, exist_ok=True)
        self.probe = os.path.join(os.environ["top_builddir"], "src", "probe", "lyncdiscover-probe")
        self.daemon = None      # the lab running now, its sign-in mode, its number
        self.mode = None
        self.n_labs = 0
        self.dns = None
        self.lab_dir = None
        self.n = 0
        self.failed = 0

    # ------------------------------------------------------------ reporting

    def check(self, ok, what, detail=""):
        self.n += 1
        if ok:
            print("ok %d %s" % (self.n, what))
            return
        self.failed += 1
        print("FAIL %d %s" % (self.n, what))
        if detail:
            print("\n".join("    | " + d for d in detail.rstrip("\n").split("\n")))

    # ------------------------------------------------------------ running

    def to_real(self, s):
        s = s.replace("./src/daemon/lyncdiscoverd", os.environ["LYNCDISCOVERD"])
        s = s.replace("./src/probe/lyncdiscover-probe", self.probe)
        return s.replace(README_LAB_DIR, self.lab_dir) if self.lab_dir else s

    def to_readme(self, s):
        return s.replace(self.lab_dir, README_LAB_DIR) if self.lab_dir else s

    def popen(self, ns, cmd, cwd, out, err):
        return subprocess.Popen(["ip", "netns", "exec", ns, "sh", "-c", "exec " + cmd],
                                cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True)

    def run(self, ns, cmd, cwd=None, timeout=60):
        """(exit status, stdout, stderr) of cmd in namespace ns."""
        try:
            p = subprocess.run(["ip", "netns", "exec", ns, "sh", "-c", cmd], cwd=cwd,
                               capture_output=True, text=True, timeout=timeout,
                               stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return 124, "", "timed out"
        return p.returncode, p.stdout, p.stderr

    def client(self, cmd):
        return self.run(self.phone_ns, cmd, self.dirs["client$ "])

    def stop(self, p, what):
        if p is None:
            return
        p.send_signal(signal.SIGTERM)
        try:
            rc = p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
        self.check(rc == 0, "%s exits 0 on SIGTERM" % what, "exit status %d" % rc)

    def start_lab(self, cmd):
        if self.daemon is not None:
            self.lab_checks()
        self.stop(self.daemon, "lab %d" % self.n_labs)
        self.n_labs += 1
        self.mode = "password" if "--sign-in password" in cmd else "open"
        self.check(("--listen " + self.addr) in cmd,
                   "the README's lab listens on %s, the test's lab address" % self.addr, cmd)
        out = open(os.path.join(self.work, "lab%d.out" % self.n_labs), "w+")
        err = open(os.path.join(self.work, "lab%d.err" % self.n_labs), "w")
        self.daemon = self.popen(self.lab_ns, self.to_real(cmd), self.dirs["lab# "], out, err)
        text = ""
        for _ in range(150):
            out.seek(0)
            text = out.read()
            if re.search(r"^A phone on this network.*\n(  .*\n){3}", text, re.M) or \
                    self.daemon.poll() is not None:
                break
            time.sleep(0.1)
        d = re.search(r"CA certificate: (.*?)/ca\.pem", text)
        if d:
            self.lab_dir = d.group(1)
            # The tester copies ca.pem to the client: here, the same file system.
            shutil.copy(os.path.join(self.lab_dir, "ca.pem"), self.dirs["client$ "])
        return text

    def start_dns(self, cmd):
        out = open(os.path.join(self.work, "dnsmasq.out"), "w+")
        err = open(os.path.join(self.work, "dnsmasq.log"), "w")
        self.dns = self.popen(self.lab_ns, self.to_real(cmd), self.dirs["lab# "], out, err)
        for _ in range(100):
            if self.client("getent hosts lyncdiscover.contoso.com")[0] == 0 or \
                    self.dns.poll() is not None:
                break
            time.sleep(0.1)
        self.dns_checks()
        out.seek(0)
        return out.read()

    def command(self, prompt, cmd):
        if prompt == "lab# " and re.match(r"\./src/daemon/lyncdiscoverd --lab\b", cmd):
            return self.start_lab(cmd)
        if prompt == "lab# " and cmd.startswith("dnsmasq "):
            return self.start_dns(cmd)
        if prompt == "client$ ":
            self.check("--resolve" not in cmd and "--connect-to" not in cmd,
                       "the client's command resolves through DNS: " + cmd.split("\n")[0])
        ns = self.lab_ns if prompt == "lab# " else self.phone_ns
        rc, out, err = self.run(ns, self.to_real(cmd), self.dirs[prompt])
        if rc != 0:
            out += "(exit %d: %s)\n" % (rc, err.strip())
        return out

    # ------------------------------------------------------------ checks beyond the README

    def dns_checks(self):
        rc, conf, _ = self.client("cat /etc/resolv.conf")
        servers = re.findall(r"^nameserver\s+(\S+)", conf, re.M)
        self.check(servers == [self.addr], "the client's only resolver is the lab's", conf)
        for name in NAMES:
            rc, out, err = self.client("dig +short +time=2 +tries=1 %s A" % name)
            self.check(out.split() == [self.addr], "DNS: %s is %s" % (name, self.addr), out + err)
        for qtype in ("AAAA", "MX", "TXT"):
            rc, out, err = self.client("dig +time=2 +tries=1 lyncdiscover.contoso.com " + qtype)
            self.check("status: NOERROR" in out and "ANSWER: 0" in out,
                       "DNS: %s of a lab name is an empty answer, not REFUSED" % qtype, out + err)
        rc, out, err = self.client("dig +time=2 +tries=1 example.com A")
        self.check("status: REFUSED" in out, "DNS: another name is refused, not forwarded",
                   out + err)
        log = open(os.path.join(self.work, "dnsmasq.log")).read()
        self.check("query[AAAA] lyncdiscover.contoso.com" in log and "forwarded" not in log,
                   "dnsmasq logs the questions and forwards none", log[-2000:])

    def probe_json(self, args):
        rc, out, err = self.client("%s --json --timeout 5 %s alice@contoso.com" % (self.probe, args))
        try:
            return rc, json.loads(out)
        except ValueError:
            return rc, {"error": out + err}

    def lab_checks(self):
        """The running lab, with the probe's JSON: each location on its own names."""
        pw = ""
        if self.mode == "password":
            with open(os.path.join(self.dirs["client$ "], "check.pw"), "w") as f:
                f.write("alice-lab-pw\n")
            pw = "--password-file check.pw"
        for where, first, web in (("internal", "lyncdiscoverinternal", "webint"),
                                  ("external", "lyncdiscover", "webext")):
            rc, j = self.probe_json("--%s --cacert ca.pem %s" % (where, pw))
            walks = j.get("walks", [])
            hops = walks[0]["hops"] if len(walks) == 1 else []
            hosts = [re.sub(r"^https://([^/]*)/.*", r"\1", h["url"]) for h in hops]
            sound = all(h["tls"] and h["tls"]["trusted"] and h["tls"]["name_matches"]
                        and h["url"].startswith("https://") for h in hops)
            label = "%s sign-in, --%s" % (self.mode, where)
            self.check(rc == 0 and j.get("verdict") == "ok" and len(walks) == 1 and
                       walks[0]["location"] == where and j.get("user") is not None,
                       label + ": one walk, ok, the User reached", json.dumps(j)[:3000])
            self.check(bool(hosts) and hosts[0] == first + ".contoso.com" and
                       all(h in (first + ".contoso.com", web + ".contoso.com") for h in hosts)
                       and sound, label + ": %s then %s, over TLS the lab CA vouches for"
                       % (first, web), json.dumps(hops)[:3000])
            if self.mode == "password":
                self.check(any(h["method"] == "POST" and h["url"].endswith("/WebTicket/oauthtoken")
                               and h["status"] == 200 for h in hops),
                           label + ": a token for alice's password", json.dumps(hops)[:3000])
        rc, j = self.probe_json("--cacert ca.pem %s" % pw)
        self.check(rc == 0 and [w["location"] for w in j.get("walks", [])] == ["internal"],
                   "%s sign-in, both locations: the internal walk works, and is the only one"
                   % self.mode, json.dumps(j)[:2000])
        if self.mode == "open":
            rc, j = self.probe_json("--internal")
            self.check(rc == 1 and j.get("verdict") == "tls-untrusted",
                       "without the lab CA: tls-untrusted (the client trusts nothing else)",
                       json.dumps(j)[:2000])

    def finish(self):
        if self.daemon is not None:
            self.lab_checks()
        self.stop(self.daemon, "lab %d" % self.n_labs)
        self.stop(self.dns, "dnsmasq")
        self.daemon = self.dns = None


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    lab = Lab()
    cmds = commands(section(text))
    try:
        lab.check(len(cmds) > 0, "the section has commands")
        for prompt, cmd, want in cmds:
            got = lab.to_readme(lab.command(prompt, cmd)).rstrip("\n").split("\n")
            if got == [""]:
                got = []
            lab.check(matches(want, got), prompt + cmd.split("\n")[0],
                      "README shows:\n" + "\n".join("  " + w for w in want) +
                      "\nit printed:\n" + "\n".join("  " + g for g in got))
        lab.check(lab.n_labs >= 2 and lab.dns is not None,
                  "the section runs the lab in both sign-in modes, with its DNS")
        lab.finish()
    finally:
        for p in (lab.daemon, lab.dns):
            if p is not None:
                p.kill()
                p.wait()
    return 1 if lab.failed else 0


if __name__ == "__main__":
    sys.exit(main())
