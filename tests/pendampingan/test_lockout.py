import datetime

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
from django.urls import reverse

from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
GUESSER = "203.0.113.5"
PHONE = "198.51.100.7"


@pytest.fixture
def behind_a_proxy(settings):
    settings.PROXY_COUNT = 1


def log_in(client, password, address, forwarded_for=None):
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for or address}
    return client.post(reverse("login"), {"username": "gita", "password": password}, **extra)


def guess(client, settings, address=GUESSER):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "tebakan", address)


def wait(minutes):
    """Move every recorded attempt ``minutes`` into the past."""
    delta = datetime.timedelta(minutes=minutes)
    for model in (AccessAttempt, AccessFailureLog):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - delta)
    for row in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=row.pk).update(expires_at=row.expires_at - delta)


def test_it_reads_each_phones_address_behind_the_proxy(client, gita, settings, behind_a_proxy):
    guess(client, settings)
    assert log_in(client, PASSWORD, GUESSER).status_code == 429
    assert log_in(client, PASSWORD, PHONE).status_code == 302


def test_it_ignores_addresses_a_guesser_writes_into_the_header(client, gita, settings, behind_a_proxy):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "tebakan", GUESSER, forwarded_for=f"192.0.2.{attempt}, {GUESSER}")
    assert log_in(client, PASSWORD, GUESSER, forwarded_for=f"{PHONE}, {GUESSER}").status_code == 429


def test_it_lets_a_locked_phone_in_after_a_short_pause(client, gita, settings, behind_a_proxy):
    guess(client, settings)
    wait(settings.AXES_COOLOFF_MINUTES - 1)
    assert log_in(client, PASSWORD, GUESSER).status_code == 429
    wait(2)
    assert log_in(client, PASSWORD, GUESSER).status_code == 302


def test_it_pauses_twice_as_long_after_each_lockout(client, gita, settings, behind_a_proxy):
    guess(client, settings)
    wait(settings.AXES_COOLOFF_MINUTES + 1)
    guess(client, settings)
    wait(settings.AXES_COOLOFF_MINUTES + 1)
    assert log_in(client, PASSWORD, GUESSER).status_code == 429
    wait(settings.AXES_COOLOFF_MINUTES)
    assert log_in(client, PASSWORD, GUESSER).status_code == 302


def test_it_lifts_the_lock_when_the_coordinator_sets_a_new_password(
    client, gita, group_a, alice, settings, behind_a_proxy
):
    guess(client, settings)
    login(client, alice)
    password = client.post(reverse("core:group_password_reset", kwargs={"pk": group_a.pk})).context[
        "password"
    ]
    client.logout()
    assert log_in(client, password, GUESSER).status_code == 302
