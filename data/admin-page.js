/* SPDX-License-Identifier: MIT */
/*
 * admin-page.js: the script of lyncdiscoverd's admin page (served as
 * /page.js beside GET /). A client of the admin JSON API on its own origin:
 * it polls GET /journal?since=ID and GET /faults about once a second, adds
 * rules (POST /faults, the textarea's text as it is: the API judges it and
 * its error is shown), removes them (DELETE /faults/ID) and reloads
 * (POST /reload).
 *
 * The token: GET /auth says whether writes need one ("needed") and whether
 * the one presented is right; the page asks for it then, checks a typed one
 * the same way before keeping it in sessionStorage (this tab only), and sends
 * it as "Authorization: Bearer TOKEN" with every call. A 401 or 403 from any
 * call asks again.
 *
 * Every value in the journal is the client's (Host, target, user...): the
 * DOM is built with createElement and textContent only, never from markup.
 */
(function () {
	"use strict";

	var TOKEN_KEY = "lyncdiscoverd-admin-token";
	var POLL_MS = 1000;
	var MAX_ROWS = 1000;	/* the journal's default size */
	var lastId = 0;		/* the newest request shown */
	var faultsShown = null;	/* the rules drawn, as JSON text: redrawn only when they change */

	function byId(id) {
		return document.getElementById(id);
	}

	function cell(text, title) {
		var td = document.createElement("td");

		td.textContent = text === null || text === undefined ? "" : String(text);
		if (title)
			td.title = title;
		return td;
	}

	function say(id, text, ok) {
		var out = byId(id);

		out.textContent = text;
		out.className = "answer " + (ok ? "ok" : "bad");
	}

	function state(text, ok) {
		say("state", text, ok);
	}

	/* ------------------------------------------------------------ the API */

	/* The token kept for this tab; storage may be refused (then it is asked each time). */
	function storedToken() {
		try {
			return sessionStorage.getItem(TOKEN_KEY) || "";
		} catch (e) {
			return "";
		}
	}

	function keepToken(t) {
		try {
			if (t)
				sessionStorage.setItem(TOKEN_KEY, t);
			else
				sessionStorage.removeItem(TOKEN_KEY);
		} catch (e) {
			/* not kept: nothing to do */
		}
	}

	/* One call with token: resolves {status, json, text}; rejects when nothing answered. */
	function call(method, path, body, token) {
		var headers = {};

		if (token)
			headers.Authorization = "Bearer " + token;
		if (body !== undefined)
			headers["Content-Type"] = "application/json";
		return fetch(path, { method: method, headers: headers, body: body,
		    cache: "no-store", redirect: "error" }).then(function (r) {
			return r.text().then(function (text) {
				var json = null;

				try {
					json = text ? JSON.parse(text) : null;
				} catch (e) {
					json = null;
				}
				return { status: r.status, json: json, text: text };
			});
		});
	}

	/* A call with the kept token; a refusal for the token asks for it. */
	function api(method, path, body) {
		return call(method, path, body, storedToken()).then(function (a) {
			if (a.status === 401)
				askToken("needed");
			else if (a.status === 403)
				askToken("wrong");
			return a;
		});
	}

	function errorText(a) {
		if (a.json && typeof a.json.error === "string")
			return a.json.error;
		return a.text ? a.text.trim() : "";
	}

	function refused(a) {
		return "refused (" + a.status + "): " + errorText(a);
	}

	function unreachable(id) {
		return function (e) {
			say(id, "not sent or no answer: " + e.message, false);
		};
	}

	/* ------------------------------------------------------------ the token */

	function askToken(why) {
		var panel = byId("token-panel");

		if (why === "wrong") {
			keepToken("");
			byId("token-why").textContent = "The admin token was refused: enter it " +
			    "again (the one in the file of settings/@admin-token).";
		} else {
			byId("token-why").textContent = "This daemon's admin API needs its token " +
			    "(settings/@admin-token) for every change: enter it.";
		}
		if (panel.hidden) {
			panel.hidden = false;
			byId("token").focus();
		}
		document.body.classList.add("need-token");
	}

	function tokenSettled() {
		byId("token-panel").hidden = true;
		document.body.classList.remove("need-token");
	}

	function checkToken() {
		return call("GET", "/auth", undefined, storedToken()).then(function (a) {
			var s = a.json ? a.json.token : null;

			if (s === "needed" || s === "wrong")
				askToken(s);
			else if (s === "none" || s === "accepted")
				tokenSettled();
		});
	}

	function useToken(ev) {
		var t = byId("token").value.trim();

		ev.preventDefault();
		call("GET", "/auth", undefined, t).then(function (a) {
			var s = a.json ? a.json.token : null;

			if (s === "accepted" || s === "none") {
				keepToken(s === "accepted" ? t : "");
				byId("token").value = "";
				say("token-answer", "", true);
				tokenSettled();
			} else if (s === "wrong") {
				say("token-answer", "wrong token", false);
			} else {
				say("token-answer", s === "needed" ? "a token is needed" : refused(a), false);
			}
		}).catch(unreachable("token-answer"));
	}

	/* ------------------------------------------------------------ the journal */

	/* "2026-12-06T07:45:01.123Z" -> "07:45:01.123" */
	function shortTime(t) {
		return typeof t === "string" && t.length >= 23 ? t.substring(11, 23) : t;
	}

	function statusCell(status) {
		var td;

		if (status === null || status === undefined) {
			td = cell("\u2014", "nothing was sent (the connection was reset)");
			td.className = "status none";
			return td;
		}
		td = cell(status);
		td.className = "status s" + Math.floor(status / 100) + "xx";
		return td;
	}

	function details(e) {
		var lines = ["request " + e.id + ", " + e.location + ", " + e.ms + " ms"], keys =
		    ["accept", "user_agent", "origin", "authorization"], i;

		for (i = 0; i < keys.length; i++)
			if (e[keys[i]] !== null && e[keys[i]] !== undefined)
				lines.push(keys[i] + ": " + e[keys[i]]);
		return lines.join("\n");
	}

	function requestRow(e) {
		var tr = document.createElement("tr");

		tr.dataset.id = String(e.id);
		tr.title = details(e);
		tr.appendChild(cell(shortTime(e.time), e.time));
		tr.appendChild(cell(e.peer));
		tr.appendChild(cell(e.host));
		tr.appendChild(cell((e.method || "") + " " + (e.target || "")));
		tr.appendChild(cell(e.resource));
		tr.appendChild(cell(e.representation));
		tr.appendChild(cell(e.user));
		tr.appendChild(statusCell(e.status));
		tr.appendChild(cell(e.fault === null || e.fault === undefined ? "" : "#" + e.fault));
		return tr;
	}

	function countJournal() {
		var rows = byId("journal").tBodies[0].rows.length;

		byId("journal-none").hidden = rows > 0;
		byId("journal-count").textContent = rows > 0 ? "(" + rows + " shown)" : "";
	}

	/* list: the API's, newest first; each goes on top, the oldest first. */
	function addRequests(list) {
		var body = byId("journal").tBodies[0], i, e;

		for (i = list.length - 1; i >= 0; i--) {
			e = list[i];
			if (!e || typeof e.id !== "number" || e.id <= lastId)
				continue;
			body.insertBefore(requestRow(e), body.firstChild);
			lastId = e.id;
		}
		while (body.rows.length > MAX_ROWS)
			body.deleteRow(-1);
		countJournal();
	}

	/*
	 * Nothing new: if the newest id is below the last shown, this is another
	 * daemon (a restart numbers from 1 again), and the journal starts over.
	 */
	function checkRestart() {
		return api("GET", "/journal?limit=1").then(function (a) {
			var newest = a.status === 200 && a.json && a.json.requests ? a.json.requests[0] : null;

			if (newest && typeof newest.id === "number" && newest.id < lastId) {
				lastId = 0;
				return pollJournal();
			}
		});
	}

	function pollJournal() {
		return api("GET", "/journal?since=" + lastId + "&limit=" + MAX_ROWS).then(function (a) {
			var list = a.json ? a.json.requests : null;

			if (a.status !== 200 || !Array.isArray(list)) {
				state(a.status === 409 ? "the journal is off: " + errorText(a) :
				    "GET /journal " + refused(a), false);
				return;
			}
			state("live" + (lastId > 0 || list.length > 0 ? "" : ": no request yet"), true);
			if (list.length > 0)
				addRequests(list);
			else if (lastId > 0)
				return checkRestart();
		});
	}

	function emptyJournal() {
		api("DELETE", "/journal").then(function (a) {
			if (a.status !== 204) {
				say("journal-answer", refused(a), false);
				return;
			}
			byId("journal").tBodies[0].textContent = "";
			countJournal();
			say("journal-answer", "emptied", true);
		}).catch(unreachable("journal-answer"));
	}

	/* ------------------------------------------------------------ the fault rules */

	/* What the rule was given: all but its id, its counts and a probability of 1. */
	function given(r) {
		var out = {}, k;

		for (k in r) {
			if (!Object.prototype.hasOwnProperty.call(r, k) || k === "id" || k === "times" ||
			    k === "fired" || (k === "probability" && r[k] === 1))
				continue;
			out[k] = r[k];
		}
		return JSON.stringify(out);
	}

	function ruleRow(r) {
		var tr = document.createElement("tr"), td = document.createElement("td"),
		    rule = cell(given(r)), button = document.createElement("button");

		tr.dataset.id = String(r.id);
		rule.className = "code";
		tr.appendChild(cell(r.id));
		tr.appendChild(rule);
		tr.appendChild(cell(r.times === null ? "no limit" : r.times));
		tr.appendChild(cell(r.fired));
		button.type = "button";
		button.className = "remove";
		button.textContent = "Remove";
		button.addEventListener("click", function () {
			removeRule(r.id);
		});
		td.appendChild(button);
		tr.appendChild(td);
		return tr;
	}

	function drawFaults(list) {
		var body = byId("faults").tBodies[0], i;

		body.textContent = "";
		for (i = 0; i < list.length; i++)
			body.appendChild(ruleRow(list[i]));
		byId("faults-none").hidden = list.length > 0;
		byId("faults-count").textContent = list.length > 0 ? "(" + list.length + ")" : "";
	}

	function pollFaults() {
		return api("GET", "/faults").then(function (a) {
			var list = a.json ? a.json.faults : null, text;

			if (a.status !== 200 || !Array.isArray(list)) {
				say("faults-answer", "GET /faults " + refused(a), false);
				return;
			}
			text = JSON.stringify(list);
			if (text !== faultsShown) {
				faultsShown = text;
				drawFaults(list);
			}
		});
	}

	function removeRule(id) {
		api("DELETE", "/faults/" + encodeURIComponent(String(id))).then(function (a) {
			if (a.status === 204)
				say("faults-answer", "rule " + id + " removed", true);
			else
				say("faults-answer", "rule " + id + " not removed: " + refused(a), false);
			return pollFaults();
		}).catch(unreachable("faults-answer"));
	}

	function removeAll() {
		api("DELETE", "/faults").then(function (a) {
			if (a.status === 204)
				say("faults-answer", "every rule removed", true);
			else
				say("faults-answer", refused(a), false);
			return pollFaults();
		}).catch(unreachable("faults-answer"));
	}

	function addRule(ev) {
		ev.preventDefault();
		api("POST", "/faults", byId("rule").value).then(function (a) {
			if (a.status === 201 && a.json)
				say("rule-answer", "rule " + a.json.id + " added", true);
			else
				say("rule-answer", refused(a), false);
			return pollFaults();
		}).catch(unreachable("rule-answer"));
	}

	/* The quick fields as JSON in the textarea; a value that is not a number goes as text (the API says why not). */
	function numberOr(v) {
		return /^-?[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : v;
	}

	function quickValue(action, v) {
		if (action === "reset" || action === "malformed")
			return true;
		if (action === "truncate")
			return v === "" || v === "true" ? true : numberOr(v);
		if (action === "redirect")
			return v;
		return numberOr(v);
	}

	function quickRule() {
		var rule = {}, action = byId("q-action").value, times = byId("q-times").value.trim();

		if (byId("q-resource").value)
			rule.resource = byId("q-resource").value;
		if (byId("q-location").value)
			rule.location = byId("q-location").value;
		rule[action] = quickValue(action, byId("q-value").value.trim());
		if (times !== "")
			rule.times = numberOr(times);
		byId("rule").value = JSON.stringify(rule);
	}

	/* ------------------------------------------------------------ reload */

	function diagLine(d) {
		return (d.file || "") + (d.line !== null && d.line !== undefined ? ":" + d.line : "") +
		    ": " + d.message;
	}

	function reload() {
		say("reload-answer", "reloading\u2026", true);
		api("POST", "/reload").then(function (a) {
			if (a.status === 200 && a.json)
				say("reload-answer", "reloaded: generation " + a.json.generation + " in service", true);
			else if (a.status === 422 && a.json && Array.isArray(a.json.errors))
				say("reload-answer", "refused, the running configuration stays:\n" +
				    a.json.errors.map(diagLine).join("\n"), false);
			else
				say("reload-answer", refused(a), false);
		}).catch(unreachable("reload-answer"));
	}

	/* ------------------------------------------------------------ start */

	function tick() {
		pollJournal().then(pollFaults).catch(function (e) {
			state("no answer from the daemon: " + e.message, false);
		}).then(function () {
			setTimeout(tick, POLL_MS);
		});
	}

	byId("token-form").addEventListener("submit", useToken);
	byId("rule-form").addEventListener("submit", addRule);
	byId("q-fill").addEventListener("click", quickRule);
	byId("clear-faults").addEventListener("click", removeAll);
	byId("clear-journal").addEventListener("click", emptyJournal);
	byId("reload").addEventListener("click", reload);
	checkToken().catch(function (e) {
		state("no answer from the daemon: " + e.message, false);
	});
	tick();
}());
