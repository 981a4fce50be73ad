#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# admin_page.py: the admin listener's page in headless chromium, for
# tests/admin_page.test. Chromium is driven through the DevTools protocol
# over a pipe (--remote-debugging-pipe: commands on its fd 3, answers and
# events on its fd 4, each a JSON text ending in a NUL), so nothing but the
# standard library is needed and no debugging port is opened. Requests to
# the daemon's client listener are made with curl.
#
#   admin_page.py open CHROMIUM WORK ADMIN_URL CLIENT_URL
#       the page without a token: loads from the admin listener alone with
#       no console error; a request made after it opened appears in its
#       journal (a hostile Host as text, a reset as "—"); a rule added from
#       its form gives curl a 503 and removing it from the page a 200 again;
#       a refused rule shows the API's error; reload shows the generation
#   admin_page.py token CHROMIUM WORK ADMIN_URL CLIENT_URL TOKEN
#       with settings/@admin-token: the page says a token is needed, refuses
#       a wrong one, works with the right one, keeps it for the tab
#
# Prints "PASS what" or "FAIL what<TAB>detail" a check; exit status 0 when
# the run reached its end (the checks say whether it passed), 2 on a setup
# error.
import fcntl
import json
import os
import select
import subprocess
import sys
import time

HOSTILE_HOST = '<img src=x id=injected>.contoso.com'


class Browser:
    """Headless chromium with one page, driven over the DevTools pipe."""

    def __init__(self, chromium, profile):
        to_r, self.to_w = os.pipe()        # our commands -> chromium's fd 3
        self.from_r, from_w = os.pipe()    # chromium's fd 4 -> its answers

        def fds():
            a = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
            b = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
             '--no-default-browser-check', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--disable-extensions',
             '--disable-default-apps', '--user-data-dir=' + profile,
             '--remote-debugging-pipe', 'about:blank'],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(profile + '.stderr', 'wb'), preexec_fn=fds, close_fds=False)
        os.close(to_r)
        os.close(from_w)
        self.buf = b''
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.send('Browser.close', session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def _read(self, timeout):
        """One message, or None after timeout seconds."""
        end = time.monotonic() + timeout
        while b'\0' not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.from_r], [], [], left)[0]:
                return None
            chunk = os.read(self.from_r, 65536)
            if not chunk:
                raise RuntimeError('chromium closed its pipe')
            self.buf += chunk
        text, self.buf = self.buf.split(b'\0', 1)
        return json.loads(text)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session is None:
            session = self.session
        if session:
            msg['sessionId'] = session
        os.write(self.to_w, json.dumps(msg).encode() + b'\0')
        end = time.monotonic() + timeout
        while True:
            m = self._read(max(0.0, end - time.monotonic()))
            if m is None:
                raise RuntimeError(f'{method}: no answer in {timeout} s')
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError(f'{method}: {m["error"]}')
                return m.get('result', {})
            if 'method' in m:
                self.events.append(m)

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            m = self._read(max(0.0, end - time.monotonic()))
            if m is None:
                return
            if 'method' in m:
                self.events.append(m)

    def open(self, url):
        target = self.send('Target.createTarget', {'url': 'about:blank'}, session=False)
        self.session = self.send('Target.attachToTarget',
                                 {'targetId': target['targetId'], 'flatten': True},
                                 session=False)['sessionId']
        for domain in ('Network', 'Runtime', 'Log', 'Page'):
            self.send(domain + '.enable')
        self.navigate(url)

    def navigate(self, url):
        self.events = [e for e in self.events if e['method'] != 'Page.loadEventFired']
        self.send('Page.navigate', {'url': url})
        self.wait_event('Page.loadEventFired', 20)

    def wait_event(self, method, seconds):
        end = time.monotonic() + seconds
        while not any(e['method'] == method for e in self.events):
            if time.monotonic() > end:
                raise RuntimeError(f'no {method} in {seconds} s')
            self.pump(0.2)

    def js(self, expression):
        r = self.send('Runtime.evaluate', {'expression': expression, 'returnByValue': True,
                                           'awaitPromise': True})
        if 'exceptionDetails' in r:
            raise RuntimeError(f'{expression}: {r["exceptionDetails"]}')
        return r['result'].get('value')

    def wait_js(self, expression, seconds=10):
        """The value of expression once it is truthy, or its last value after seconds."""
        end = time.monotonic() + seconds
        while True:
            v = self.js(expression)
            if v or time.monotonic() > end:
                return v
            self.pump(0.2)

    def click(self, selector):
        """A real click (mouse pressed and released) in the middle of the element."""
        box = self.js('(function () { var e = document.querySelector(%s);'
                      ' if (!e) return null; e.scrollIntoView({block: "center"});'
                      ' var r = e.getBoundingClientRect();'
                      ' return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()'
                      % json.dumps(selector))
        if box is None:
            raise RuntimeError(f'no element {selector}')
        for kind in ('mousePressed', 'mouseReleased'):
            self.send('Input.dispatchMouseEvent', {'type': kind, 'x': box['x'], 'y': box['y'],
                                                   'button': 'left', 'clickCount': 1})

    def type_into(self, selector, text):
        """Replaces the field's text as typing would (focus, select all, insert)."""
        self.js('(function () { var e = document.querySelector(%s); e.focus(); e.select(); })()'
                % json.dumps(selector))
        self.send('Input.insertText', {'text': text})

    def requests(self):
        return [e['params']['request']['url'] for e in self.events
                if e['method'] == 'Network.requestWillBeSent']

    def console_errors(self):
        out = []
        for e in self.events:
            p = e['params']
            if e['method'] == 'Runtime.exceptionThrown':
                out.append('exception: ' + json.dumps(p['exceptionDetails'])[:300])
            elif e['method'] == 'Runtime.consoleAPICalled' and p['type'] in ('error', 'assert'):
                out.append('console.' + p['type'] + ': ' + json.dumps(p['args'])[:300])
            elif e['method'] == 'Log.entryAdded' and p['entry']['level'] == 'error':
                out.append('log: ' + p['entry'].get('text', '') + ' ' + p['entry'].get('url', ''))
        return out

    def exceptions(self):
        return [e for e in self.console_errors() if e.startswith('exception')]


def check(label, ok, detail=''):
    if ok:
        print('PASS ' + label)
    else:
        print('FAIL ' + label + '\t' + str(detail).replace('\n', ' ')[:600])
    sys.stdout.flush()


def curl(url, *args):
    """The status curl gets (000: none)."""
    r = subprocess.run(['curl', '-s', '-o', '/dev/null', '--max-time', '10', '-w', '%{http_code}',
                        *args, url], capture_output=True, text=True)
    return r.stdout or '000'


def admin(method, url, body=None, token=None):
    args = ['-X', method]
    if body is not None:
        args += ['--data-binary', body]
    if token:
        args += ['-H', 'Authorization: Bearer ' + token]
    return curl(url, *args)


JOURNAL_TEXT = 'document.querySelector("#journal tbody").textContent'
FAULT_IDS = ('Array.prototype.map.call(document.querySelectorAll("#faults tbody tr"),'
             ' function (r) { return r.dataset.id; }).join(" ")')


def row_of(browser, needle):
    """The cells of the newest journal row holding needle, as texts."""
    return browser.js('(function () { var rows = document.querySelectorAll("#journal tbody tr");'
                      ' for (var i = 0; i < rows.length; i++)'
                      '  if (rows[i].textContent.indexOf(%s) >= 0)'
                      '   return Array.prototype.map.call(rows[i].cells,'
                      '    function (c) { return c.textContent; });'
                      ' return null; })()' % json.dumps(needle))


def scenario_open(b, admin_url, client_url):
    b.open(admin_url + '/')
    # Two polls at least, then the load is judged.
    live = b.wait_js('document.getElementById("state").textContent.indexOf("live") === 0', 10)
    check('the page says it is live', live, b.js('document.getElementById("state").textContent'))
    b.pump(2.5)
    urls = b.requests()
    others = [u for u in urls if not u.startswith(admin_url + '/')]
    check('the page loads from the admin listener alone', not others and urls, others or urls)
    check('the page fetched its script and style and polled the journal',
          all(any(u.startswith(admin_url + p) for u in urls)
              for p in ('/page.js', '/page.css', '/journal?since=', '/faults', '/auth')), urls)
    check('no console error while the page loads and polls', not b.console_errors(),
          b.console_errors())
    check('no token asked when none is set', b.js('document.getElementById("token-panel").hidden'),
          'the token panel is shown')

    # A request made after the page opened shows up, by itself.
    status = curl(client_url + '/?sipuri=page-watcher@contoso.com', '-H',
                  'Host: lyncdiscover.contoso.com')
    check('the client request is answered', status == '200', status)
    seen = b.wait_js(JOURNAL_TEXT + '.indexOf("page-watcher@contoso.com") >= 0', 10)
    check('a request made after the page opened appears in its journal', seen,
          b.js(JOURNAL_TEXT)[:500])
    row = row_of(b, 'page-watcher@contoso.com') or []
    check('its row: host, resource, representation, user, status',
          row[2:3] == ['lyncdiscover.contoso.com'] and row[4:9] ==
          ['root', 'ucwa-json', 'page-watcher@contoso.com', '200', ''], row)
    check('its row: the client (peer)', row[1:2] == ['127.0.0.1'], row)
    first = b.js('document.querySelector("#journal tbody tr").textContent')
    check('newest first', 'page-watcher@contoso.com' in (first or ''), first)

    # A hostile Host is text in the table, never markup.
    curl(client_url + '/', '-H', 'Host: ' + HOSTILE_HOST)
    seen = b.wait_js(JOURNAL_TEXT + '.indexOf(%s) >= 0' % json.dumps(HOSTILE_HOST), 10)
    check('a Host full of markup shows as its text', seen, b.js(JOURNAL_TEXT)[:500])
    check('... and makes no element', b.js('document.getElementById("injected") === null &&'
                                           ' document.querySelectorAll("#journal img").length === 0'),
          'an element was made from the journal')

    # A reset: nothing sent, shown as a dash, with the rule that fired.
    reset_rule = admin('POST', admin_url + '/faults', '{"resource": "domain", "reset": true, "times": 1}')
    check('a reset rule added with curl', reset_rule == '201', reset_rule)
    curl(client_url + '/Autodiscover/AutodiscoverService.svc/root/domain?sipuri=reset-me@contoso.com',
         '-H', 'Host: lyncdiscover.contoso.com')
    b.wait_js('(function () { var r = document.querySelectorAll("#journal tbody tr");'
              ' return r.length && r[0].textContent.indexOf("/root/domain") >= 0; })()', 10)
    row = row_of(b, '/root/domain?sipuri=reset-me') or []
    check('a reset shows status "\u2014" and its rule', row[4:5] == ['domain'] and
          row[7:9] == ['\u2014', '#1'], row)

    # A rule from the page's form: the next answer is a 503; removed from the page, a 200.
    b.type_into('#rule', '{"resource": "root", "status": 503}')
    b.click('#add')
    added = b.wait_js('document.getElementById("rule-answer").textContent', 10)
    check('the form adds the rule', added == 'rule 2 added', added)
    ids = b.wait_js(FAULT_IDS + ' === "2" && ' + FAULT_IDS, 10)
    check('the rule is listed with its remove button', ids == '2' and b.js(
        'document.querySelectorAll("#faults tbody tr button.remove").length') == 1,
        b.js('document.querySelector("#faults").textContent'))
    root = client_url + '/?sipuri=after-rule@contoso.com'
    status = curl(root, '-H', 'Host: lyncdiscover.contoso.com')
    check('curl gets the 503 of the rule added from the page', status == '503', status)
    fired = b.wait_js('(function () { var r = document.querySelector("#faults tbody tr");'
                      ' return r && r.cells[3].textContent === "1"; })()', 10)
    check('the page counts the rule as fired', fired,
          b.js('document.querySelector("#faults").textContent'))
    b.wait_js(JOURNAL_TEXT + '.indexOf("after-rule@contoso.com") >= 0', 10)
    row = row_of(b, 'after-rule@contoso.com') or []
    check('the journal shows the 503 and the rule that fired', row[7:9] == ['503', '#2'], row)
    b.click('#faults tbody tr[data-id="2"] button.remove')
    gone = b.wait_js(FAULT_IDS + ' === ""', 10)
    check('the page removes the rule', gone, b.js(FAULT_IDS))
    status = curl(root, '-H', 'Host: lyncdiscover.contoso.com')
    check('removed from the page: curl gets 200 again', status == '200', status)

    # The quick fields write JSON; a rule the API refuses shows the API's words.
    b.js('document.getElementById("q-resource").value = "oauth";'
         'document.getElementById("q-action").value = "delay_ms";')
    b.type_into('#q-value', '1500')
    b.type_into('#q-times', '2')
    b.click('#q-fill')
    quick = b.js('document.getElementById("rule").value')
    check('the quick fields write the rule as JSON', quick ==
          '{"resource":"oauth","delay_ms":1500,"times":2}', quick)
    b.type_into('#rule', '{"resource": "root"}')
    b.click('#add')
    said = b.wait_js('(function () { var t = document.getElementById("rule-answer").textContent;'
                     ' return t.indexOf("refused") === 0 && t; })()', 10)
    check('a refused rule: the API\'s error is shown', said and said.startswith('refused (400): ')
          and len(said) > len('refused (400): '), said)
    b.type_into('#rule', '{"resource": ')
    b.click('#add')
    said = b.wait_js('(function () { var t = document.getElementById("rule-answer").textContent;'
                     ' return t.indexOf("not JSON") >= 0 && t; })()', 10)
    check('text that is not JSON: the API\'s error is shown', said, said)

    # Reload.
    b.click('#reload')
    said = b.wait_js('(function () { var t = document.getElementById("reload-answer").textContent;'
                     ' return t.indexOf("generation") >= 0 && t; })()', 10)
    check('the reload button shows the answer', said == 'reloaded: generation 2 in service', said)
    check('no script error all along', not b.exceptions(), b.exceptions())


def scenario_token(b, admin_url, client_url, token):
    b.open(admin_url + '/')
    shown = b.wait_js('!document.getElementById("token-panel").hidden', 10)
    check('with a token set and none given, the page asks for it', shown,
          'the token panel stays hidden')
    why = b.js('document.getElementById("token-why").textContent')
    check('... saying it is needed', 'needs its token' in why, why)
    b.pump(1.5)
    check('the journal is read meanwhile (reads need no token)',
          b.js('document.getElementById("state").textContent').startswith('live'),
          b.js('document.getElementById("state").textContent'))

    # A write without the token: refused, and the page still asks.
    b.type_into('#rule', '{"resource": "root", "status": 502}')
    b.click('#add')
    said = b.wait_js('(function () { var t = document.getElementById("rule-answer").textContent;'
                     ' return t.indexOf("refused") === 0 && t; })()', 10)
    check('a rule without the token: 401, the API\'s words', said and said.startswith('refused (401)'),
          said)

    b.type_into('#token', 'not-' + token)
    b.click('#token-use')
    said = b.wait_js('document.getElementById("token-answer").textContent', 10)
    check('a wrong token is refused', said == 'wrong token', said)
    check('... and not kept', b.js('sessionStorage.length') == 0, b.js('sessionStorage.length'))

    b.type_into('#token', token)
    b.click('#token-use')
    hidden = b.wait_js('document.getElementById("token-panel").hidden', 10)
    check('the right token is taken', hidden,
          b.js('document.getElementById("token-answer").textContent'))
    check('... and kept for the tab', b.js('sessionStorage.getItem("lyncdiscoverd-admin-token")')
          == token, 'sessionStorage')

    b.type_into('#rule', '{"resource": "root", "status": 502}')
    b.click('#add')
    said = b.wait_js('(function () { var t = document.getElementById("rule-answer").textContent;'
                     ' return t.indexOf("added") >= 0 && t; })()', 10)
    check('with the token the form adds the rule', said == 'rule 1 added', said)
    status = curl(client_url + '/', '-H', 'Host: lyncdiscover.contoso.com')
    check('... and curl gets its 502', status == '502', status)
    b.wait_js(FAULT_IDS + ' === "1"', 10)
    b.click('#faults tbody tr[data-id="1"] button.remove')
    gone = b.wait_js(FAULT_IDS + ' === ""', 10)
    check('with the token the page removes the rule', gone, b.js(FAULT_IDS))
    status = curl(client_url + '/', '-H', 'Host: lyncdiscover.contoso.com')
    check('... and curl gets 200 again', status == '200', status)

    # Opened again in the same tab: the token is not asked again.
    b.navigate(admin_url + '/')
    b.pump(1.5)
    check('reopened in the tab, the page does not ask again',
          b.js('document.getElementById("token-panel").hidden'), 'the token panel is shown')

    # The token changed under the page (a write answered 403): asked again.
    b.js('sessionStorage.setItem("lyncdiscoverd-admin-token", "stale")')
    b.click('#reload')
    shown = b.wait_js('!document.getElementById("token-panel").hidden', 10)
    check('a refused token asks again', shown, 'the token panel stays hidden')
    why = b.js('document.getElementById("token-why").textContent')
    check('... saying it was refused', 'refused' in why, why)
    check('no script error all along', not b.exceptions(), b.exceptions())


def main(argv):
    if len(argv) < 6 or argv[1] not in ('open', 'token') or (argv[1] == 'token') != (len(argv) == 7):
        print(__doc__ or 'usage: see the head of admin_page.py', file=sys.stderr)
        return 2
    mode, chromium, work, admin_url, client_url = argv[1:6]
    b = Browser(chromium, os.path.join(work, 'chromium-' + mode))
    try:
        if mode == 'open':
            scenario_open(b, admin_url, client_url)
        else:
            scenario_token(b, admin_url, client_url, argv[6])
    except Exception as e:  # the run stopped: say where
        check('the browser run reached its end', False, repr(e))
        return 0
    finally:
        b.close()
    print('END')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
