"""Coordinators, facilitators and groups browsing and writing at once, on PostgreSQL, for a fixed time.

Run: ``make load`` (or ``.venv/bin/python bench/load.py``) on the database ``make bench`` filled.
Settings from the environment:

- ``BENCH_DATABASE_URL``: the PostgreSQL database (required: SQLite is refused, it takes one write
  at a time and is not what many people at once would be served from);
- ``BENCH_GROUPS`` (5000): the scale groups ``seed_scale`` gave it (it adds any that are missing);
- ``BENCH_LOAD_SECONDS`` (60): how long the load runs;
- ``BENCH_LOAD_USERS`` (12): simulated users, a third of each role;
- ``BENCH_LOAD_PORT``: the port of 127.0.0.1 to serve on; by default any free one.

The app is served as ``bench/pages.py`` serves it (gunicorn, two workers, DEBUG off, on a free port
of 127.0.0.1), its static files collected first as ``make run`` does. Each simulated user gets a
session made in this process and an agreement of its own (``bench/locustfile.py`` says what each
role reads and writes); after one untimed request to each page, locust runs them headless for the
set time. Its table (per request: count, failures, p50, p95, p99, max in ms; the totals; requests
per second) goes to stdout and to ``bench/results/load-<database>-<groups>.md``; the run exits 1
if any request failed. Server errors are logged with their traceback to
``bench/.data/load-gunicorn.log``.

Locust rounds times above 100 ms to 10 ms and above 1 s to 100 ms. It runs on the same machine as
gunicorn and the database: compare the figures of one run with each other.
"""

import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url

if "postgresql" not in dj_database_url.parse(os.environ.get("BENCH_DATABASE_URL") or "sqlite://")["ENGINE"]:
    raise SystemExit(
        "bench/load.py runs on PostgreSQL only. Set BENCH_DATABASE_URL=postgres://user:password@host/name "
        "to the database `make bench` filled (SQLite takes one write at a time: not a server's load)."
    )

# bench/pages.py sets the environment up and Django with it, before anything else of Django is read.
from pages import DATA, GROUPS, ROOT, prepare, serve, session_for  # noqa: E402

# isort: split
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from monitoring.health import Health  # noqa: E402
from pendampingan.models import Agreement  # noqa: E402
from plans.models import Activity  # noqa: E402
from records.models import ActivityRecord  # noqa: E402
from tests.pages import HTML, agreement_pages, overview_pages  # noqa: E402

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "12"))
PORT = os.environ.get("BENCH_LOAD_PORT")
ROLES = ("coordinator", "facilitator", "group")
# The pages of an agreement each role opens most (their names in tests/pages.py).
BROWSED = {
    "agreement",
    "journal",
    "plan",
    "progress",
    "activity",
    "health",
    "deviations",
    "corrective actions",
    "meetings",
    "meeting",
    "activity records",
    "activity record",
    "evaluations",
}
# Seconds someone reads a page before the next click: between the two.
WAIT = (0.5, 1.5)
LOG = DATA / "load-gunicorn.log"


def agreements(staff, excluded):
    """Scale agreements in force of ``koordinator`` and ``pendamping``: one per simulated user."""
    found = list(
        Agreement.objects.filter(
            group__account__username__startswith="skala.",
            status=Agreement.Status.ACTIVE,
            coordinator=staff["coordinator"],
            facilitators=staff["facilitator"],
        )
        .exclude(pk=excluded.pk)
        .select_related("coordinator", "group__account")
        .order_by("pk")[: len(ROLES) * USERS]
    )
    if len(found) < len(ROLES) * USERS:
        raise SystemExit(f"{len(ROLES) * USERS} scale agreements are needed, {len(found)} found")
    return found


def slot(role, agreement, staff):
    """What one simulated user of ``role`` needs: its session and the URLs of its pages and forms."""
    pk = {"pk": agreement.pk}
    if role == "group":
        user, officer = agreement.group.account, agreement.group.members.get(position="chair")
    else:
        user, officer = staff[role], None
    reported = set(agreement.progress.values_list("activity_key", flat=True))
    return {
        "cookie": session_for(user, officer),
        "overview": {name: url for name, url, kind in overview_pages(role != "group") if kind == HTML},
        "pages": {name: url for name, url, _kind in agreement_pages(agreement) if name in BROWSED},
        # Activities with progress already, so the form starts from an entry as it does mid-year.
        "activities": [
            reverse("monitoring:entry_create", kwargs={**pk, "key": activity.key})
            for activity in Activity.objects.in_force(agreement)
            if activity.key in reported
        ],
        "records": [
            reverse("records:record", kwargs={**pk, "record_pk": record.pk})
            for record in ActivityRecord.objects.filter(agreement=agreement).order_by("pk")
        ],
        "deviation": reverse("monitoring:report_create", kwargs=pk),
    }


def warm(port, plan):
    """One untimed request to each page, as each role: the workers' first requests load code."""
    for role in ROLES:
        first = plan["users"][role][0]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": f"{plan['cookie_name']}={first['cookie']}", "Host": "127.0.0.1"}
        for url in [*first["overview"].values(), *first["pages"].values()]:
            for _ in range(2):  # once for each worker, most likely
                conn.request("GET", url, headers=headers)
                conn.getresponse().read()
        conn.close()


def run_locust(port, plan, folder):
    """Locust's final figures (``bench/locustfile.py`` writes them), its own summary left out."""
    plan_file, result = folder / "plan.json", folder / "result.json"
    plan_file.write_text(json.dumps(plan))
    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        *("-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--skip-log-setup"),
        *("--host", f"http://127.0.0.1:{port}", "--users", str(USERS), "--spawn-rate", str(USERS)),
        *("--run-time", f"{SECONDS}s", "--stop-timeout", "30"),
    ]
    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan_file), "BENCH_LOAD_RESULT": str(result)}
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)
    return json.loads(result.read_text())


def table(result, vendor, load):
    total = result["total"]
    requests = sorted(result["requests"], key=lambda row: row["name"])
    per_role = {role: USERS // len(ROLES) + (i < USERS % len(ROLES)) for i, role in enumerate(ROLES)}
    errors = total["failures"] + sum(row["count"] for row in result["exceptions"])
    lines = [
        f"# Load at scale: {GROUPS} groups on {vendor}, {USERS} users for {SECONDS} s\n",
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}; "
        "gunicorn with two workers, the database and locust on the same machine; load average "
        f"{load[0]:.1f} before the run, {load[1]:.1f} at its end (other work shares the machine).\n",
        "Users: " + ", ".join(f"{count} {role}" for role, count in per_role.items()) + ", each waiting "
        f"{WAIT[0]}–{WAIT[1]} s between clicks, each in an agreement of its own (`bench/locustfile.py`).\n",
        "| request | count | failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in [*requests, {**total, "name": "**all requests**"}]:
        figures = [row[key] for key in ("count", "failures", "p50", "p95", "p99")]
        lines.append(f"| {row['name']} | {' | '.join(map(str, figures))} | {row['max']:.0f} |")
    lines.append(
        f"\n{total['count']} requests, {errors} errors, {total['rps']:.1f} requests/s; "
        f"p50 {total['p50']} ms, p99 {total['p99']} ms.\n"
    )
    if result["failures"]:
        lines += ["| failed request | error | times |", "|---|---|---:|"]
        lines += [f"| {row['name']} | {row['error']} | {row['occurrences']} |" for row in result["failures"]]
    for row in result["exceptions"]:
        lines.append(f"\nError in the load script ({row['count']} times):\n\n```\n{row['traceback']}```")
    return "\n".join(lines) + "\n", errors


def main():
    bench_agreement, _people = prepare()
    vendor = connection.vendor
    accounts = get_user_model().objects
    staff = {
        "coordinator": accounts.get(username="koordinator"),
        "facilitator": accounts.get(username="pendamping"),
    }
    chosen = agreements(staff, bench_agreement)
    plan = {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "health": Health.values,
        "wait": WAIT,
        "users": {
            role: [slot(role, agreement, staff) for agreement in chosen[i * USERS : (i + 1) * USERS]]
            for i, role in enumerate(ROLES)
        },
    }
    app, port = serve("pendampingan.wsgi", "pendampingan.settings", port=PORT, log=LOG)
    try:
        load = [os.getloadavg()[0]]
        warm(port, plan)
        with tempfile.TemporaryDirectory() as folder:
            result = run_locust(port, plan, Path(folder))
        load.append(os.getloadavg()[0])
    finally:
        app.terminate()
        app.wait()
        Session.objects.filter(
            session_key__in=[user["cookie"] for slots in plan["users"].values() for user in slots]
        ).delete()
    text, errors = table(result, vendor, load)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"load-{vendor}-{GROUPS}.md").write_text(text)
    if "Traceback" in LOG.read_text():
        print(f"The app raised errors: their tracebacks are in {LOG}.")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
