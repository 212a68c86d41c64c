"""`make run` serves the demo as users meet it; `make dev` is for development; pages travel compressed."""

import gzip
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings

from tests.pendampingan.test_core import run_manage

ROOT = Path(__file__).resolve().parents[2]


def dry_run(target, *variables):
    """The commands ``make target`` would run, without running them."""
    result = subprocess.run(
        ["make", "-n", target, *variables], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_serves_with_debug_off_gunicorn_and_collected_static_files():
    commands = dry_run("run")
    assert "runserver" not in commands
    serve = [line for line in commands.splitlines() if "gunicorn" in line]
    assert len(serve) == 1 and "DEBUG=0" in serve[0] and 'SECRET_KEY="$(cat .secret-key)"' in serve[0]
    assert "collectstatic" in commands and "seed_demo --force" in commands


def test_make_run_on_another_port_serves_there_and_writes_links_to_it():
    serve = next(line for line in dry_run("run", "PORT=8123").splitlines() if "gunicorn" in line)
    assert "--bind 127.0.0.1:8123" in serve and "SITE_URL=http://127.0.0.1:8123" in serve
    assert "8000" not in serve
    assert "runserver 127.0.0.1:8123" in dry_run("dev", "PORT=8123")


def test_make_dev_keeps_djangos_server_with_debug():
    commands = dry_run("dev")
    assert "runserver 127.0.0.1:8000" in commands and "DEBUG=0" not in commands


def test_the_secret_key_file_stays_out_of_git():
    assert ".secret-key" in (ROOT / ".gitignore").read_text().split()


@pytest.mark.django_db
def test_pages_travel_compressed(client):
    response = client.get("/login/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert b"<form" in gzip.decompress(response.content)


@pytest.mark.parametrize("value,secure", [(None, "True"), ("0", "False")])
def test_secure_cookies_are_off_only_when_asked(value, secure):
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
    }
    if value is not None:
        env["SECURE_COOKIES"] = value
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE)", **env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(secure)


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_address_gets_the_plain_indonesian_page(client):
    response = client.get("/tidak-ada/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Tidak ditemukan" in body and "urlpatterns" not in body and "admin/" not in body
