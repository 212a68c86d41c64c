"""Two app servers on one database and one file storage, as behind a load balancer: whichever
answers, a login, a rate limit, a lockout, an approval and a download behave the same. Nothing
the app keeps lives in one server's memory (sessions, the cache, lockouts and locks are in the
database; files in the storage)."""

import re
import secrets
import subprocess
import sys

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache

from pendampingan.models import Agreement, Approval, Verification
from tests.conftest import approve, group_actor
from tests.pendampingan.test_jobs import database_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = django_settings.BASE_DIR
PASSWORD = "dua-server-satu-basis-data"


def free_ports(count):
    import socket

    sockets = [socket.socket() for _ in range(count)]
    for each in sockets:
        each.bind(("127.0.0.1", 0))
    ports = [each.getsockname()[1] for each in sockets]
    for each in sockets:
        each.close()
    return ports


@pytest.fixture
def servers(settings, tmp_path):
    """Two gunicorn servers of one worker each, as `make run` serves (DEBUG off), on the test's
    database and media folder with one secret key: their addresses."""
    environment = {
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "JOBS": "immediate",
        "AXES_FAILURE_LIMIT": "3",
        "LOG_FORMAT": "text",
    }
    env = {**__import__("os").environ, **environment}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    processes, addresses = [], []
    for port in free_ports(2):
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "pendampingan.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        command += ["--workers", "1", "--no-control-socket", "--error-logfile", str(tmp_path / f"{port}.log")]
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL))
        addresses.append(f"http://127.0.0.1:{port}")
    try:
        for address in addresses:
            wait_for(lambda address=address: _answers(address))
        yield addresses
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def _answers(address):
    try:
        return requests.get(f"{address}/health/", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


def log_in(browser, address, username, password):
    """Post the login form read from ``address``; the answer."""
    page = browser.get(f"{address}/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    return browser.post(f"{address}/login/", data=data, allow_redirects=False)


def test_whichever_server_answers_everything_behaves_the_same(
    servers, settings, alice, fiona, agreement, group_a, chair
):
    first, second = servers
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for user in (alice, fiona):
        user.password = make_password(PASSWORD)
        user.save()

    # A login on one server is a session on the other.
    browser = requests.Session()
    assert log_in(browser, first, "alice", PASSWORD).status_code == 302
    assert browser.get(f"{second}/", allow_redirects=False).status_code == 200

    # Wrong passwords on either server count together: the third locks the login out on both.
    stranger = requests.Session()
    for address in (first, second):
        assert log_in(stranger, address, "fiona", "salah").status_code == 200
    assert log_in(stranger, first, "fiona", "salah").status_code == 429
    assert log_in(stranger, second, "fiona", PASSWORD).status_code == 429

    # The verification page's lookups per address are counted once for both servers (from none:
    # the cache is a table the suite's earlier lookups from this address may have filled).
    cache.clear()
    statuses = [requests.get(f"{address}/v/ABCD-EFGH-JKLM/").status_code for address in (first, second) * 11]
    assert 429 not in statuses[:20] and statuses[20:] == [429, 429]

    # An approval read on one server and sent to the other counts once, replayed or not.
    approve(agreement, group_actor(group_a, chair))
    agreement.refresh_from_db()
    read = {"version": agreement.version, "lock_version": agreement.lock_version}
    token = browser.cookies["csrftoken"]
    url = f"/agreements/{agreement.pk}/approve/"
    for address in (second, first):
        answer = browser.post(
            f"{address}{url}", data={**read, "csrfmiddlewaretoken": token}, allow_redirects=False
        )
        assert answer.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    assert Approval.objects.filter(object_id=agreement.pk, version=agreement.version).count() == 2

    # The kept paper is the same file from either server.
    kept = Verification.objects.get(object_id=agreement.pk)
    files = [browser.get(f"{address}/agreements/{agreement.pk}/versions/1/pdf/") for address in servers]
    assert [f.status_code for f in files] == [200, 200]
    assert files[0].content == files[1].content == kept.pdf.open("rb").read()
