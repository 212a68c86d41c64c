"""Behind a proxy that ends TLS: the production settings (DEBUG off) as each request meets them."""

import json

import pytest

from tests.pendampingan.test_core import run_manage

SITE = "pendampingan.example.id"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "s" * 60,
    "ALLOWED_HOSTS": SITE,
    "DATABASE_URL": "sqlite:////tmp/unused-behind-proxy.sqlite3",
    # Nothing here reads the queue: the check of the jobs passes without its table.
    "JOBS": "immediate",
}

PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Requests as the proxy passes them on; what each got. set_language is a form post that reads no table.
REQUESTS = f"""
import json
from django.test import Client
plain = {{"HTTP_HOST": "{SITE}"}}
tls = {{**plain, "HTTP_X_FORWARDED_PROTO": "https"}}
def post_through(client, headers):
    page = client.get("/login/", **headers)
    if page.status_code != 200:
        return page.status_code
    token = client.cookies["csrftoken"].value
    data = {{"csrfmiddlewaretoken": token, "language": "en", "next": "/login/"}}
    return client.post("/i18n/setlang/", data, HTTP_ORIGIN="https://{SITE}", **headers).status_code
renamed = {{"HTTP_HOST": "app:8000", "HTTP_X_FORWARDED_HOST": "{SITE}", "HTTP_X_FORWARDED_PROTO": "https"}}
from django.conf import settings
from django.test.utils import override_settings
# The pages name their static files as collected (a manifest); a test checkout has collected none.
collected_or_not = {{**settings.STORAGES, "staticfiles": {{"BACKEND": "{PLAIN_STATIC}"}}}}
with override_settings(STORAGES=collected_or_not):
    found = {{
        "health_plain": Client().get("/health/", **plain).status_code,
        "page_plain": Client().get("/login/", **plain).status_code,
        "page_tls": Client().get("/login/", **tls).status_code,
        "post_tls": post_through(Client(enforce_csrf_checks=True), tls),
        "renamed_host": post_through(Client(enforce_csrf_checks=True), renamed),
    }}
print(json.dumps(found))
"""


def through_the_proxy(**env):
    result = run_manage("shell", "-c", REQUESTS, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_serves_through_a_proxy_that_ends_tls():
    found = through_the_proxy()
    # A page asked over plain HTTP is sent to HTTPS; the probe of a load balancer is answered.
    assert found["page_plain"] == 301 and found["health_plain"] == 200
    assert found["page_tls"] == 200
    # A form posted from the site's own HTTPS address is accepted with no trusted origin set.
    assert found["post_tls"] == 302
    # The host a proxy renames is not believed unless said: Django refuses app:8000 (not allowed).
    assert found["renamed_host"] == 400


def test_it_reads_the_forwarded_host_when_told_the_proxy_sets_it():
    assert through_the_proxy(USE_X_FORWARDED_HOST="true")["renamed_host"] == 302


def read_setting(name, **env):
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = run_manage("shell", "-c", code, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_trusted_origins_come_from_the_environment():
    origins = "https://pendampingan.example.id, https://lama.example.id"
    assert read_setting("CSRF_TRUSTED_ORIGINS", CSRF_TRUSTED_ORIGINS=origins) == repr(
        ["https://pendampingan.example.id", "https://lama.example.id"]
    )
    assert read_setting("USE_X_FORWARDED_HOST") == "False"


@pytest.mark.parametrize(
    "env,message",
    [
        ({"CSRF_TRUSTED_ORIGINS": "pendampingan.example.id"}, "must start with https:// or http://"),
        ({"USE_X_FORWARDED_HOST": "sometimes"}, "USE_X_FORWARDED_HOST must be true or false"),
    ],
)
def test_a_malformed_proxy_setting_stops_the_start(env, message):
    result = run_manage("check", **{**PRODUCTION, **env})
    assert result.returncode != 0 and message in result.stderr
