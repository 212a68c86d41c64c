"""What every page costs at scale, next to a bare Django view served the same way in the same run.

Run: ``make bench`` (or ``.venv/bin/python bench/pages.py``). Settings from the environment:

- ``BENCH_GROUPS`` (5000): the scale groups ``seed_scale`` adds to the demo;
- ``BENCH_DATABASE_URL``: the database to build or reuse; by default a SQLite file in
  ``bench/.data/``, kept between runs (``seed_scale`` adds only what is missing);
- ``BENCH_ROUNDS`` (15): timed requests per page, after two untimed ones.

What is timed, per figure:

- **pages and exports**: a GET through HTTP to gunicorn (two workers, DEBUG off, as ``make run``
  serves), logged in as the role, from the request's first byte to the response's last; the same
  for the bare view (``bench/bare.py``: the project's settings and middleware, one view returning
  a few bytes). Queries are counted in this process on the same database.
- **PDFs**: drawing the file, in this process through the page's own view (an approved document's
  kept file is removed before each request, so the view draws it rather than serving it), next to
  WeasyPrint alone drawing the very HTML the view drew.
- **profiles**: for the slowest pages, one request under cProfile, its time split by where it went
  (queries, templates, crispy forms, openpyxl, WeasyPrint, the application, the rest).

The table goes to stdout and to ``bench/results/pages-<database>-<groups>.md``. Compare figures
of one run with each other (ratios); absolute times vary from machine to machine.
"""

import cProfile
import http.client
import io
import os
import pstats
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
GROUPS = int(os.environ.get("BENCH_GROUPS", "5000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{DATA}/scale.sqlite3"
DATA.mkdir(exist_ok=True)
SERVE_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "MEDIA_ROOT": str(DATA / "media"),
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
}
os.environ.update(SERVE_ENV)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendampingan.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from pendampingan import pdf_engine  # noqa: E402
from pendampingan.access import OFFICER_SESSION_KEY  # noqa: E402
from pendampingan.models import CommunityGroup, Verification  # noqa: E402
from tests.pages import HTML, PDF, agreement_pages, overview_pages  # noqa: E402


def prepare():
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not CommunityGroup.objects.filter(account__username="kelompok").exists():
        settings.DEBUG = True
        call_command("seed_demo", verbosity=0)
        settings.DEBUG = False
    call_command("seed_scale", groups=GROUPS, force=True, stdout=io.StringIO())
    group = CommunityGroup.objects.filter(account__username__startswith="skala.").order_by("-pk").first()
    agreement = group.agreements.get()
    people = {
        "coordinator": (agreement.coordinator, None),
        "facilitator": (agreement.facilitators.first(), None),
        "group": (group.account, group.members.get(position="chair")),
    }
    return agreement, people


def session_for(user, officer):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if officer is not None:
        session[OFFICER_SESSION_KEY] = officer.pk
    session.save()
    return session.session_key


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app, settings_module, port=None, log=None):
    """gunicorn serving ``app`` as ``make run`` does (two workers, DEBUG off, the static files
    collected first), on ``port`` of 127.0.0.1 or a free one; the process and its port. The
    workers' output (a server error's traceback) goes to ``log``, by default
    ``bench/.data/<settings module>.log``."""
    call_command("collectstatic", interactive=False, verbosity=0)
    port = int(port or free_port())
    log = log or DATA / f"{settings_module.rsplit('.', 1)[-1]}.log"
    log.write_text("")
    env = {**os.environ, **SERVE_ENV, "DJANGO_SETTINGS_MODULE": settings_module}
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--no-control-socket",
    ]
    command += ["--capture-output", "--error-logfile", str(log)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(command, cwd=ROOT, env=env, **quiet)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn for {app} did not start: see {log}")


def timed_get(port, url, cookie):
    """Median and 95th percentile (ms) of ROUNDS GETs, the last response's status and size."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}", "Host": "127.0.0.1"}
    times = []
    for n in range(ROUNDS + 2):
        started = time.perf_counter()
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if n >= 2:
            times.append((time.perf_counter() - started) * 1000)
    conn.close()
    times.sort()
    return (
        statistics.median(times),
        times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        response.status,
        len(body),
    )


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def client_for(user, officer):
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(user, officer)
    return client


def pdf_costs(client, url):
    """(ms per drawing through the view, ms for WeasyPrint alone on the same HTML)."""
    drawn = []
    original = pdf_engine.pdf_bytes

    def capture(html):
        drawn.append(html)
        return original(html)

    pdf_engine.pdf_bytes = capture
    try:
        times = []
        for _ in range(3):
            Verification.objects.exclude(pdf="").update(pdf="", pdf_sha256="")
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    finally:
        pdf_engine.pdf_bytes = original
    alone = []
    for _ in range(3):
        started = time.perf_counter()
        original(drawn[-1])
        alone.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.median(alone)


CATEGORIES = [
    ("queries", ("django/db/", "sqlite3", "psycopg2")),
    ("crispy forms", ("crispy_forms", "crispy_bootstrap5")),
    ("templates", ("django/template/", "django/templatetags/")),
    ("openpyxl", ("openpyxl",)),
    ("WeasyPrint", ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fontTools")),
    (
        "application",
        tuple(f"{ROOT}/{app}/" for app in ("pendampingan", "plans", "monitoring", "records", "evaluation")),
    ),
]


def profile(client, url):
    """Where one request's time goes: ``{category: share}``, by each function's own time."""
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    totals = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, callers) in stats.items():
        if filename == "~" and callers:
            # A built-in (a C function, a method of a str) counts where it was called from most.
            filename = max(callers.items(), key=lambda item: item[1][3])[0][0]
        category = next((name for name, marks in CATEGORIES if any(m in filename for m in marks)), None)
        if category is None:
            category = "Django, other" if "/django/" in filename else "other"
        totals[category] = totals.get(category, 0) + own
    whole = sum(totals.values()) or 1
    return {name: share / whole for name, share in sorted(totals.items(), key=lambda item: -item[1])}


def main():
    agreement, people = prepare()
    vendor = connection.vendor
    app, app_port = serve("pendampingan.wsgi", "pendampingan.settings")
    bare, bare_port = serve("pendampingan.wsgi", "bench.bare")
    rows, pdfs, lines = [], [], []
    # A report over every agreement is drawn once a page of it per agreement: at thousands of them it
    # is work for a background job, not a request to time here.
    skipped_pdfs = {url for _name, url, kind in overview_pages() if kind == PDF} if GROUPS > 300 else set()
    try:
        for role, (user, officer) in people.items():
            cookie = session_for(user, officer)
            client = client_for(user, officer)
            bare_median, bare_p95, *_ = timed_get(bare_port, "/", cookie)
            for name, url, kind in agreement_pages(agreement) + overview_pages(role != "group"):
                if kind == PDF:
                    if url in skipped_pdfs:
                        continue
                    if role == "coordinator":
                        pdfs.append((name, *pdf_costs(client, url), queries(client, url)))
                    continue
                median, p95, status, size = timed_get(app_port, url, cookie)
                rows.append(
                    (
                        role,
                        name,
                        kind,
                        median,
                        p95,
                        median / bare_median,
                        queries(client, url),
                        size,
                        status,
                        url,
                    )
                )
            rows.append((role, "(bare Django view)", HTML, bare_median, bare_p95, 1.0, 0, 0, 200, "/"))
        worst = sorted(
            (r for r in rows if r[2] == HTML and r[1] != "(bare Django view)"), key=lambda r: -r[5]
        )[:6]
        profiles = []
        for role, name, *_rest, url in worst:
            profiles.append((role, name, profile(client_for(*people[role]), url)))
    finally:
        app.terminate()
        bare.terminate()
    groups = CommunityGroup.objects.count()
    lines.append(
        f"# Pages at scale: {groups} groups on {vendor} ({GROUPS} from seed_scale), {ROUNDS} requests each\n"
    )
    lines.append(
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}.\n"
    )
    lines.append("| role | page | median ms | p95 ms | × bare | queries | KB | status |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for role, name, _kind, median, p95, ratio, count, size, status, _url in rows:
        figures = f"{median:.1f} | {p95:.1f} | {ratio:.1f} | {count} | {size / 1024:.0f} | {status}"
        lines.append(f"| {role} | {name} | {figures} |")
    ratios = [r[5] for r in rows if r[1] != "(bare Django view)" and r[2] == HTML]
    lines.append(
        f"\nHTML pages: median {statistics.median(ratios):.1f}× the bare view, worst {max(ratios):.1f}× "
        "(aim: median ≤ 5×, worst ≤ 10×).\n"
    )
    lines.append(
        "| PDF (coordinator) | drawn through the view, ms | WeasyPrint alone, ms | × WeasyPrint | queries |"
    )
    lines.append("|---|---:|---:|---:|---:|")
    for name, through, alone, count in pdfs:
        lines.append(f"| {name} | {through:.0f} | {alone:.0f} | {through / alone:.2f} | {count} |")
    if skipped_pdfs:
        left_out = ", ".join(sorted(skipped_pdfs))
        lines.append(f"\nNot timed at {GROUPS} groups: the PDFs over every agreement ({left_out}).")
    lines.append(
        "\nWhere the slowest pages' time goes (one request under cProfile, by each function's own time):\n"
    )
    for role, name, shares in profiles:
        split = ", ".join(f"{category} {share:.0%}" for category, share in shares.items() if share >= 0.01)
        lines.append(f"- {role}, {name}: {split}")
    text = "\n".join(lines) + "\n"
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"pages-{vendor}-{GROUPS}.md").write_text(text)


if __name__ == "__main__":
    main()
