"""Coordinators, facilitators and groups using the site at once, for ``bench/load.py``.

Run through ``make load``: ``bench/load.py`` serves the app, picks the people and agreements and
hands them to this file in a JSON file named by ``BENCH_LOAD_PLAN`` (each simulated user's session
cookie, made in that process as ``bench/pages.py`` makes them, and the URLs of its pages). When
locust has stopped, its final figures go to the JSON file named by ``BENCH_LOAD_RESULT``.

Three kinds of user, in equal numbers:

- **coordinator** (``koordinator``): the dashboard, what waits, the agreement and group lists, the
  portfolio and the portfolio filtered by each health level, the evaluation portfolio, an
  agreement's pages; writes a message on an activity record's thread;
- **facilitator** (``pendamping``): the same without the group list and the filters; records
  progress of an activity, reports a deviation, writes on an activity record's thread;
- **group** (a scale group's login, its chair as acting officer): dashboard, what waits, its
  agreements, its agreement's pages; records progress and writes on an activity record's thread.

Each write is the real form: its page is read, every field the browser would send is taken from it
(the CSRF token, the one-time ``submission`` key, ``started_from``, ``read_count``, the values the
form starts from), a few are filled in, and it is posted. A redirect is a success; the form shown
again is a failure, reported with the page's error text; any other status is a failure too.

Every simulated user works in an agreement of its own, which no other simulated user writes in, so
no write can meet another's: the "someone recorded a newer entry" and "a new message arrived"
refusals cannot happen in a correct run, and are counted as failures like any other error.
"""

import json
import os
import random
import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())
TAKEN = Counter()
RUN = {}
# An error next to a field (its id names the field) or above the form.
ERROR = re.compile(
    r'<(?:div|ul)(?: id="id_(\w+)_error")? class="[^"]*\b(?:invalid-feedback|alert-danger|errorlist)\b[^"]*"'
    r"[^>]*>(.*?)</(?:div|ul)>",
    re.S,
)


class Forms(HTMLParser):
    """A page's forms: each one's attributes, and the fields a browser would send from it unchanged."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}, "options": {}, "files": []})
            return
        if not self.forms or "name" not in attrs:
            if tag == "option" and self._select is not None:
                self._option(attrs)
            return
        form = self.forms[-1]
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "file":
                form["files"].append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form["fields"][name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "reset", "image"):
                form["fields"][name] = attrs.get("value", "")
        elif tag == "select":
            self._select = name
            form["options"][name] = []
        elif tag == "textarea":
            self._textarea = name
            form["fields"][name] = ""

    def _option(self, attrs):
        form = self.forms[-1]
        value = attrs.get("value", "")
        form["options"][self._select].append(value)
        # A browser sends the selected option, or the first one when none is.
        if "selected" in attrs or self._select not in form["fields"]:
            form["fields"][self._select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            fields = self.forms[-1]["fields"]
            # As in a browser, a newline right after <textarea> is not part of the text.
            fields[self._textarea] = fields[self._textarea].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.forms[-1]["fields"][self._textarea] += data

    def having(self, field):
        """The form that has the field ``field`` (the page's own form, not logout's or the language's)."""
        return next(form for form in self.forms if field in form["fields"])


def errors(html):
    """The error messages a page shows with its form, as one line, each after its field's name."""
    found = []
    for field, text in ERROR.findall(html):
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())
        found.append(f"{field}: {text}" if field else text)
    return "; ".join(found) or "the form was shown again"


class Party(HttpUser):
    abstract = True
    role = None
    # Someone reading a page before the next click (bench/load.py says how long).
    wait_time = between(*PLAN["wait"])

    def on_start(self):
        slots = PLAN["users"][self.role]
        index = TAKEN[self.role]
        TAKEN[self.role] += 1
        if index >= len(slots):
            raise RuntimeError(f"more {self.role} users than the plan has agreements for")
        self.slot = slots[index]
        self.client.cookies.set(PLAN["cookie_name"], self.slot["cookie"])

    def name(self, page):
        return f"{self.role}: {page}"

    def page(self, page, url):
        """GET ``url``; its HTML if it answered 200, else None (and a failure)."""
        with self.client.get(url, name=self.name(page), allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code} {r.headers.get('Location', '')}".strip())
                return None
            return r.text

    def post(self, page, url, field, fill):
        """Open the form at ``url`` (the one with the field ``field``), fill it in and post it."""
        html = self.page(f"{page} (form)", url)
        if html is None:
            return
        form = Forms(html).having(field)
        data = {**form["fields"], **fill(form)}
        # An empty file field, as a browser sends it when no file was chosen.
        files = dict.fromkeys(form["files"], ("", b"", "application/octet-stream")) or None
        action = form["attrs"].get("action") or url
        with self.client.post(
            action,
            data=data,
            files=files,
            headers={"Referer": self.host + url},
            name=self.name(f"{page} (POST)"),
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code == 302:
                r.success()
                location = r.headers["Location"]
            elif r.status_code == 200:
                r.failure(f"not saved: {errors(r.text)}")
                return
            else:
                r.failure(f"status {r.status_code}")
                return
        self.page(f"{page} (after saving)", location)

    @task(4)
    def dashboard(self):
        self.page("dashboard", self.slot["overview"]["dashboard"])

    @task(2)
    def waiting(self):
        self.page("waiting", self.slot["overview"]["waiting"])

    @task(1)
    def agreements(self):
        self.page("agreements", self.slot["overview"]["agreements"])

    @task(10)
    def agreement_page(self):
        name, url = random.choice(list(self.slot["pages"].items()))
        self.page(name, url)

    @task(2)
    def feedback(self):
        """A message on an activity record's thread."""
        self.post(
            "feedback",
            random.choice(self.slot["records"]),
            "read_count",
            lambda form: {"text": f"Tanggapan uji beban dari {self.role}."},
        )


class Reporting(Party):
    """A party of the agreement that records what it did: progress of the plan's activities."""

    abstract = True

    @task(3)
    def progress_entry(self):
        # The form starts from the activity's latest entry; only what was done is new.
        self.post(
            "progress entry",
            random.choice(self.slot["activities"]),
            "started_from",
            lambda form: {"what_was_done": f"Kegiatan dilanjutkan ({self.role}, uji beban)."},
        )


class Coordinator(Party):
    role = "coordinator"

    @task(1)
    def groups(self):
        self.page("groups", self.slot["overview"]["groups"])

    @task(2)
    def portfolio(self):
        self.page("portfolio", self.slot["overview"]["portfolio"])

    @task(2)
    def portfolio_by_health(self):
        health = random.choice(PLAN["health"])
        self.page("portfolio, by health", f"{self.slot['overview']['portfolio']}?health={health}")

    @task(1)
    def evaluation_portfolio(self):
        self.page("evaluation portfolio", self.slot["overview"]["evaluation portfolio"])


class Facilitator(Reporting):
    role = "facilitator"

    @task(2)
    def portfolio(self):
        self.page("portfolio", self.slot["overview"]["portfolio"])

    @task(1)
    def deviation(self):
        def fill(form):
            party = next(value for value in form["options"]["concerns_party"] if value)
            return {
                "concerns_party": party,
                "title": "Jadwal kegiatan bergeser",
                "description": "Kegiatan mundur dua minggu karena musim tanam (uji beban).",
            }

        self.post("deviation report", self.slot["deviation"], "concerns_party", fill)


class Group(Reporting):
    role = "group"


@events.init.add_listener
def keep_environment(environment, **_kwargs):
    RUN["environment"] = environment


@events.quit.add_listener
def write_result(**_kwargs):
    """Locust's own figures, once every user has stopped (its CSV files are written earlier)."""
    environment = RUN["environment"]
    stats = environment.runner.stats

    def figures(entry):
        return {
            "name": entry.name,
            "method": entry.method,
            "count": entry.num_requests,
            "failures": entry.num_failures,
            **{f"p{n}": entry.get_response_time_percentile(n / 100) for n in (50, 95, 99)},
            "max": entry.max_response_time,
            "rps": entry.total_rps,
        }

    result = {
        "requests": [figures(entry) for entry in stats.entries.values()],
        "total": figures(stats.total),
        "failures": [
            {
                "name": error.name,
                "error": error.to_name().removeprefix(f"{error.method} {error.name}: "),
                "occurrences": error.occurrences,
            }
            for error in stats.errors.values()
        ],
        "exceptions": [
            {"message": row["msg"], "count": row["count"], "traceback": row["traceback"]}
            for row in environment.runner.exceptions.values()
        ],
    }
    Path(os.environ["BENCH_LOAD_RESULT"]).write_text(json.dumps(result))
