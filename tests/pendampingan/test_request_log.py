"""The logs: one JSON line per record, each request's lines and response sharing the request's id,
and one access line per request."""

import datetime
import io
import json
import logging
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from django.utils.module_loading import import_string

from pendampingan import request_log
from pendampingan.request_log import RequestIdFilter
from tests.pendampingan.test_core import run_manage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def formatter(name):
    """The formatter ``name`` exactly as the settings configure it."""
    config = dict(settings.LOGGING["formatters"][name])
    return import_string(config.pop("()"))(**config)


@pytest.fixture
def json_lines():
    """What the app logs while a test runs, as the JSON lines a server writes (read with ``lines()``)."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter("json"))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in out.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def access_lines(lines):
    return [line for line in lines if line["logger"] == "pendampingan.requests"]


def test_a_requests_access_line_is_json_with_the_id_its_response_carries(client, json_lines):
    response = client.get(reverse("login") + "?next=/agreements/")
    [line] = access_lines(json_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32
    assert line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/login/" and line["status"] == 200
    assert line["user_id"] is None and line["duration_ms"] >= 0
    assert line["message"].startswith("GET /login/ 200 ")
    written = datetime.datetime.fromisoformat(line["time"])
    assert written.utcoffset() == datetime.timedelta(0)


def test_a_password_reset_links_token_stays_out_of_the_log(client, json_lines):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "cn1x2y-0123456789abcdef"})
    client.get(url)
    [line] = access_lines(json_lines())
    assert line["path"] == "/password/reset/<uidb64>/<token>/"
    assert "0123456789abcdef" not in json.dumps(json_lines())


def test_the_access_line_names_the_user(client, alice, json_lines):
    client.force_login(alice)
    client.get(reverse("core:dashboard"))
    [line] = access_lines(json_lines())
    assert line["user_id"] == alice.pk and line["status"] == 200


def test_every_line_of_a_request_carries_its_id(client, json_lines):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get(reverse("health_check"))
    failed = [line for line in json_lines() if line["logger"] == "pendampingan.health_check"]
    assert failed and {line["request_id"] for line in failed} == {response["X-Request-ID"]}
    assert "OperationalError" in failed[0]["exc_info"]
    assert access_lines(json_lines())[0]["status"] == 503


def test_a_sane_incoming_id_is_kept(client, json_lines):
    response = client.get(reverse("login"), headers={"X-Request-ID": "lb-7f3a.92_Z"})
    assert response["X-Request-ID"] == "lb-7f3a.92_Z"
    assert access_lines(json_lines())[0]["request_id"] == "lb-7f3a.92_Z"


@pytest.mark.parametrize("offered", ["<script>alert(1)</script>", "a" * 500, "a" * 65, "abc\ndef", "a b", ""])
def test_an_insane_incoming_id_is_replaced(client, offered, json_lines):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID=offered)
    made = response["X-Request-ID"]
    assert made != offered and len(made) == 32 and made.isalnum()
    assert access_lines(json_lines())[0]["request_id"] == made


def test_no_id_leaks_from_one_request_to_the_next_nor_out_of_it(client, json_lines):
    first = client.get(reverse("login"), headers={"X-Request-ID": "first"})
    second = client.get(reverse("login"))
    logging.getLogger("pendampingan").warning("after the requests")
    assert first["X-Request-ID"] == "first" and second["X-Request-ID"] not in {"first", ""}
    lines = json_lines()
    assert [line["request_id"] for line in access_lines(lines)] == ["first", second["X-Request-ID"]]
    assert "request_id" not in lines[-1] and request_log.request_id.get() is None


def test_the_text_lines_carry_the_id_too():
    record = logging.LogRecord("pendampingan", logging.WARNING, __file__, 1, "hello", None, None)
    token = request_log.request_id.set("abc")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_log.request_id.reset(token)
    assert formatter("text").format(record).endswith("Z WARNING pendampingan [abc] hello")
    outside = logging.LogRecord("pendampingan", logging.WARNING, __file__, 1, "hello", None, None)
    RequestIdFilter().filter(outside)
    assert formatter("text").format(outside).endswith(" [-] hello")


LOG_A_LINE = "import logging; logging.getLogger('pendampingan').warning('hello')"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "s" * 60,
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
}


def test_the_logs_are_json_when_debug_is_off():
    result = run_manage("shell", "-c", LOG_A_LINE, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert {k: line[k] for k in ("level", "logger", "message")} == {
        "level": "WARNING",
        "logger": "pendampingan",
        "message": "hello",
    }
    assert datetime.datetime.fromisoformat(line["time"]).utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize("env", [{"DEBUG": "true"}, {**PRODUCTION, "LOG_FORMAT": "text"}])
def test_the_logs_are_text_while_debugging_or_when_asked(env):
    result = run_manage("shell", "-c", LOG_A_LINE, **env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(" WARNING pendampingan [-] hello")


def test_a_misspelt_log_format_stops_the_start():
    result = run_manage("check", LOG_FORMAT="jsno")
    assert result.returncode != 0 and "LOG_FORMAT must be 'json' or 'text'" in result.stderr


def test_make_run_keeps_one_access_log():
    """gunicorn's own access log would repeat each request without its id or its user."""
    commands = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    serve = next(line for line in commands.splitlines() if "gunicorn" in line)
    assert "--access-logfile" not in serve
