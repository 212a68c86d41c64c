"""A database that is down, briefly: a 503 page that gives back what was typed, one log line.

The first tests make the database fail inside one request. The last one restarts a real
PostgreSQL 15 under a few people's reading and writing, and counts what they got.
"""

import contextlib
import http.client
import itertools
import json
import logging
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import psycopg2
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, connections
from django.urls import reverse

from tests.conftest import PASSWORD, login

REFUSED = (
    'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


@contextlib.contextmanager
def database_down(monkeypatch):
    """Every query of the request fails as it does while PostgreSQL is restarting."""

    def refuse():
        raise OperationalError(REFUSED)

    with monkeypatch.context() as patched:
        patched.setattr(connections["default"], "ensure_connection", refuse)
        yield


def warnings_logged(caplog):
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


@pytest.fixture
def browser_client(db, client, caplog):
    """The test client answering as a server does: an exception is a response, not raised here."""
    client.raise_request_exception = False
    caplog.set_level(logging.WARNING)
    return client


def test_it_answers_a_page_with_503_while_the_database_is_down(browser_client, alice, caplog, monkeypatch):
    login(browser_client, alice)
    with database_down(monkeypatch):
        response = browser_client.get(reverse("core:dashboard"))

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Sementara tidak tersedia" in page
    assert "Silakan coba lagi beberapa saat lagi" in page
    assert "Coba lagi" in page
    # Reading a page sends nothing to lose.
    assert "TIDAK tersimpan" not in page
    # Neither the error's text nor the database's address reaches the person.
    assert "5432" not in page
    # One line: which request, which error, its first line; no traceback, no second record from Django.
    [record] = warnings_logged(caplog)
    assert record.name == "pendampingan.unavailable"
    assert record.getMessage() == (
        'Database unavailable: GET /: OperationalError: connection to server at "127.0.0.1", '
        "port 5432 failed: Connection refused"
    )
    assert record.exc_info is None


def test_it_gives_back_what_was_typed_but_no_secret(browser_client, alice, group_a, caplog, monkeypatch):
    login(browser_client, alice)
    key = str(uuid.uuid4())
    with database_down(monkeypatch):
        response = browser_client.post(
            reverse("core:member_create", kwargs={"pk": group_a.pk}),
            {
                "name": "<script>alert(1)</script> Siti Aminah",
                "phone": "0812 3456 7890",
                "password": "rahasia-sekali",
                "csrfmiddlewaretoken": "token-yang-rahasia",
                "submission": key,
            },
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Yang baru saja Anda kirim TIDAK tersimpan." in page
    assert "Tombol Kembali" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Siti Aminah" in page
    assert "<script>" not in page
    assert "0812 3456 7890" in page
    for secret in ["rahasia-sekali", "token-yang-rahasia", key]:
        assert secret not in page
    [record] = warnings_logged(caplog)
    assert record.getMessage().startswith(f"Database unavailable: POST /groups/{group_a.pk}/members/new/: ")


def test_a_login_that_meets_the_database_down_keeps_the_username_only(
    browser_client, gita, caplog, monkeypatch
):
    # No session yet: the view's own query is the one that fails.
    with database_down(monkeypatch):
        response = browser_client.post(reverse("login"), {"username": "gita", "password": PASSWORD})

    assert response.status_code == 503
    page = response.content.decode()
    assert "gita" in page
    assert PASSWORD not in page
    assert len(warnings_logged(caplog)) == 1


def test_a_session_that_cannot_be_saved_on_the_way_out_is_a_503(
    browser_client, gita, chair, caplog, monkeypatch
):
    login(browser_client, gita)

    def lost(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(SessionStore, "save", lost)
    response = browser_client.post(reverse("core:acting_as"), {"officer": chair.pk})

    assert response.status_code == 503
    assert "TIDAK tersimpan" in response.content.decode()
    [record] = warnings_logged(caplog)
    assert record.getMessage() == (
        "Database unavailable: POST /acting-as/: InterfaceError: connection already closed"
    )


def test_it_speaks_english_when_english_was_chosen(browser_client, alice, settings, monkeypatch):
    login(browser_client, alice)
    browser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with database_down(monkeypatch):
        response = browser_client.get(reverse("core:dashboard"))

    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Briefly unavailable" in page


def test_any_other_error_is_still_the_500_page(browser_client, alice, caplog, monkeypatch):
    login(browser_client, alice)

    def broken(request):
        raise RuntimeError("a bug, not the database")

    monkeypatch.setattr("pendampingan.middleware.actor_for", broken)
    response = browser_client.get(reverse("core:dashboard"))

    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()
    assert not any(record.name == "pendampingan.unavailable" for record in caplog.records)


# The real thing: a private PostgreSQL 15 cluster, gunicorn as `make run` serves it, and a restart.

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[2]
# One agreement, as its coordinator drafted it, and the coordinator's session.
SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from pendampingan.factories import AgreementFactory
agreement = AgreementFactory()
session = SessionStore()
session[SESSION_KEY] = str(agreement.coordinator.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = agreement.coordinator.get_session_auth_hash()
session.save()
print(json.dumps({"agreement": agreement.pk, "group": agreement.group_id, "session": session.session_key}))
"""


def free_port():
    """A port of 127.0.0.1 in 8150-8199 that nothing listens on now."""
    for port in random.sample(range(8150, 8200), 50):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 8150-8199")


def as_postgres(*command):
    """Run a PostgreSQL program as the postgres user: the server refuses to run as root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *map(str, command)], check=True, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def private_postgres():
    """A PostgreSQL 15 cluster of this test's own on 127.0.0.1, with a role that logs in by password:
    its database address and how to restart it. Stopped and removed afterwards."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 is not installed ({PG_BIN} has no initdb)")
    folder = Path(tempfile.mkdtemp(prefix="pendampingan-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    password = secrets.token_urlsafe(16)
    try:
        as_postgres(PG_BIN / "initdb", "-D", data, "-U", "postgres", "--no-sync", "-E", "UTF8")
        with (data / "postgresql.conf").open("a") as conf:
            # Its own socket folder; fsync matters only when the machine stops, not for a restart.
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{folder}'\n"
            )
            conf.write("fsync = off\n")
        with (data / "pg_hba.conf").open("w") as hba:
            hba.write("local all postgres trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
        # The server's output goes to its log: on pg_ctl's pipe it would keep pg_ctl from ending.
        pg_ctl = [PG_BIN / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w"]
        as_postgres(*pg_ctl, "start")
        for statement in [
            f"CREATE ROLE pendampingan LOGIN PASSWORD '{password}'",
            "CREATE DATABASE pendampingan OWNER pendampingan",
        ]:
            as_postgres(PG_BIN / "psql", "-h", folder, "-p", port, "-U", "postgres", "-q", "-c", statement)
        yield SimpleNamespace(
            url=f"postgres://pendampingan:{password}@127.0.0.1:{port}/pendampingan",
            restart=lambda: as_postgres(*pg_ctl, "-m", "fast", "restart"),
        )
    finally:
        if (data / "postmaster.pid").exists():
            as_postgres(PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def served(private_postgres, tmp_path):
    """gunicorn serving the app on the private cluster as `make run` does (DEBUG off, two workers):
    its port, what the database holds (``ids``) and the server's log."""
    database_url = private_postgres.url
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pendampingan.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_FORMAT": "text",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    started = time.monotonic()
    # Collecting the static files needs no database: it runs beside the migrations.
    collecting = subprocess.Popen(
        [python, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    assert collecting.wait(timeout=120) == 0
    made = subprocess.run(
        [python, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ids = json.loads(made.stdout.strip().splitlines()[-1])
    print(f"\nmigrated, static files collected and one agreement made in {time.monotonic() - started:.1f} s")
    log = tmp_path / "gunicorn.log"
    # No control socket: its one path in the home folder would be shared with any other gunicorn here.
    gunicorn = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "pendampingan.wsgi",
        "--workers",
        "2",
        "--no-control-socket",
    ]
    with log.open("w") as output:
        server = subprocess.Popen(
            [*gunicorn, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        for _attempt in range(100):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            time.sleep(0.1)
        yield {
            "port": port,
            "ids": ids,
            "log": log,
            "server": server,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


class Load:
    """Two readers opening pages and two writers adding a member through the real form, as one
    logged-in coordinator: every answer as (method, status, when), the names of the writes
    acknowledged (a redirect) or refused (503), and any other answer as a failure."""

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')

    def __init__(self, port, ids):
        self.port = port
        self.session = ids["session"]
        self.pages = [
            reverse("core:dashboard"),
            reverse("core:agreement_detail", kwargs={"pk": ids["agreement"]}),
        ]
        self.form = reverse("core:member_create", kwargs={"pk": ids["group"]})
        self.answers, self.acknowledged, self.refused, self.failures = [], [], [], []
        self.acknowledged_after_restart = 0
        self.restarted = None
        self.seconds = 0
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()

    def request(self, method, url, cookies, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, url, body=data and urllib.parse.urlencode(data), headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name] = rest.split(";", 1)[0]
        with self.lock:
            self.answers.append((method, response.status, time.monotonic()))
        return response.status, page

    def read(self):
        cookies = {"sessionid": self.session}
        while time.monotonic() < self.until:
            for url in self.pages:
                status, page = self.request("GET", url, cookies)
                if status not in {200, 503}:
                    self.failed(url, status, page)

    def write(self, writer):
        cookies = {"sessionid": self.session}
        while time.monotonic() < self.until:
            status, page = self.request("GET", self.form, cookies)
            if status != 200:
                if status != 503:
                    self.failed(self.form, status, page)
                continue
            with self.lock:
                name = f"Anggota {writer}-{next(self.numbers)}"
            data = {
                "csrfmiddlewaretoken": self.CSRF.search(page).group(1),
                "submission": self.SUBMISSION.search(page).group(1),
                "name": name,
                "sex": "f",
                "position": "member",
                "phone": "",
                "is_active": "on",
            }
            status, page = self.request("POST", self.form, cookies, data)
            with self.lock:
                if status == 302:
                    self.acknowledged.append(name)
                    if self.restarted is not None:
                        self.acknowledged_after_restart += 1
                elif status == 503:
                    self.refused.append(name)
                else:
                    self.failures.append((self.form, status, page[:500]))

    def failed(self, url, status, page):
        with self.lock:
            self.failures.append((url, status, page[:500]))

    def run(self, seconds, *, then=None, for_seconds=0):
        """Load for ``seconds`` (counted from the first acknowledged write: by then every server
        worker has met the database), call ``then()`` under the load, go on ``for_seconds`` more."""

        def guarded(work, *args):
            try:
                work(*args)
            except Exception as error:  # Reported by the test: a client that stops counts as a failure.
                self.failed("", 0, repr(error))

        began = time.monotonic()
        self.until = began + 60
        threads = [threading.Thread(target=guarded, args=(self.read,)) for _ in range(2)]
        threads += [threading.Thread(target=guarded, args=(self.write, n)) for n in range(2)]
        for thread in threads:
            thread.start()
        try:
            while not self.acknowledged and not self.failures and time.monotonic() < began + 30:
                time.sleep(0.05)
            time.sleep(seconds)
            if then is not None:
                restarting = time.monotonic()
                then()
                self.restarted = time.monotonic()
                self.restart_seconds = self.restarted - restarting
                time.sleep(for_seconds)
        finally:
            self.until = time.monotonic()
            for thread in threads:
                thread.join(timeout=60)
        self.seconds += time.monotonic() - began


def test_a_restart_of_postgresql_under_load_loses_no_acknowledged_write(private_postgres, served):
    load = Load(served["port"], served["ids"])
    load.run(3, then=private_postgres.restart, for_seconds=3)
    under_load = len(load.answers)
    # A restart while nobody uses the site: each worker's kept connection is dead when the next
    # request comes, and is checked and replaced before use.
    private_postgres.restart()
    load.run(2)
    still_serving = served["server"].poll() is None

    with contextlib.closing(psycopg2.connect(private_postgres.url)) as db, db.cursor() as cursor:
        cursor.execute("SELECT name FROM pendampingan_member WHERE group_id = %s", [served["ids"]["group"]])
        saved = {name for (name,) in cursor.fetchall()}
    statuses = Counter(status for _method, status, _at in load.answers)
    refused_at = [at for _method, status, at in load.answers[:under_load] if status == 503]
    refused_after_quiet_restart = [
        status for _method, status, _at in load.answers[under_load:] if status == 503
    ]
    server_log = served["log"].read_text()
    print(
        f"\n{len(load.answers)} requests in {load.seconds:.1f} s, the restart under load taking "
        f"{load.restart_seconds:.1f} s; statuses {dict(sorted(statuses.items()))}, the 503s within "
        f"{max(refused_at, default=0) - min(refused_at, default=0):.1f} s, "
        f"{len(refused_after_quiet_restart)} after the quiet restart; writes acknowledged: "
        f"{len(load.acknowledged)} ({load.acknowledged_after_restart} after the restart), in the database: "
        f"{len(set(load.acknowledged) & saved)}; writes answered 503: {len(load.refused)}, saved all the "
        f"same: {len(set(load.refused) & saved)}; log lines of a database down: "
        f"{server_log.count('pendampingan.unavailable')}"
    )
    assert not load.failures, load.failures[:5]
    assert still_serving
    assert [status for status in statuses if status >= 500 and status != 503] == []
    assert set(load.acknowledged) <= saved
    # The app carried on by itself: the same workers acknowledged writes after the restart.
    assert load.acknowledged_after_restart > 0
    assert refused_after_quiet_restart == []
    # One line for each 503, and never a traceback.
    assert server_log.count("pendampingan.unavailable") == statuses[503]
    assert "Traceback" not in server_log
