"""Every page and message about logging in says "kata sandi", never a bare "sandi" (Django's own words)."""

import re

import pytest
from django.contrib.auth import password_validation
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from pendampingan import invitations
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

BARE = re.compile(r"(?<!kata )sandi", re.IGNORECASE)
# Too short, too common, all digits, like the username: every validator has its say.
WEAK = ["abc", "password", "12345678901", "gitagita"]


def words(response):
    """What the page says, as one line of text."""
    return " ".join(strip_tags(response.content.decode()).split())


def bare(text):
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in BARE.finditer(text)]


def test_the_validators_and_their_help_say_kata_sandi(gita):
    with translation.override("id"):
        said = list(password_validation.password_validators_help_texts())
        for weak in WEAK:
            try:
                password_validation.validate_password(weak, gita)
            except password_validation.ValidationError as refused:
                said += refused.messages
        assert len(said) > len(WEAK)
        assert bare(" ".join(str(s) for s in said)) == []


def test_the_pages_of_logging_in_and_out_say_kata_sandi(client, gita, chair):
    pages = [client.get(reverse("login"))]
    pages.append(client.post(reverse("login"), {"username": "gita", "password": "salah"}))
    phone = Client()
    phone.post(reverse("login"), {"username": "gita", "password": PASSWORD})
    pages.append(phone.get(reverse("core:acting_as")))
    phone.post(reverse("core:acting_as"), {"officer": chair.pk})
    pages.append(phone.post(reverse("logout"), follow=True))
    for page in pages:
        assert page.status_code in {200, 302} and bare(words(page)) == [], page.request["PATH_INFO"]


def test_the_pages_of_changing_a_password_say_kata_sandi(gita, chair):
    phone = login(Client(), gita, chair)
    pages = [phone.get(reverse("password_change"))]
    for weak in WEAK:
        pages.append(
            phone.post(
                reverse("password_change"),
                {"old_password": "salah", "new_password1": weak, "new_password2": weak},
            )
        )
    pages.append(phone.get(reverse("password_change_done")))
    for page in pages:
        assert bare(words(page)) == [], page.request["PATH_INFO"]


def test_the_pages_of_setting_a_password_from_a_link_say_kata_sandi(client, alice):
    alice.email = "alice@example.id"
    alice.save()
    pages = [client.get(reverse("password_reset"))]
    pages.append(client.post(reverse("password_reset"), {"email": alice.email}, follow=True))
    pages.append(client.get(reverse("password_reset_confirm", args=["MQ", "salah-token"])))
    link = invitations.link(alice).split("testserver", 1)[-1].split("127.0.0.1:8000", 1)[-1]
    page = client.get(link, follow=True)
    pages.append(page)
    form_url = page.redirect_chain[-1][0]
    for weak in WEAK:
        pages.append(client.post(form_url, {"new_password1": weak, "new_password2": weak + "x"}))
    pages.append(client.get(reverse("password_reset_complete")))
    for page in pages:
        assert bare(words(page)) == [], page.request["PATH_INFO"]
    assert bare(" ".join(m.subject + m.body for m in mail.outbox)) == []


def test_the_lockout_page_and_the_handover_slip_say_kata_sandi(client, settings, as_alice, group_a):
    guesser = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        locked = guesser.post(reverse("login"), {"username": "gita", "password": "tebakan"})
    assert locked.status_code == 429
    slip = as_alice.post(reverse("core:group_password_reset", kwargs={"pk": group_a.pk}))
    account = as_alice.get(reverse("core:group_account", kwargs={"pk": group_a.pk}))
    for page in (locked, slip, account):
        assert bare(words(page)) == [], page.request["PATH_INFO"]


def test_the_administrators_password_pages_say_kata_sandi(as_root, gita):
    pages = [
        as_root.get(reverse("admin:password_change")),
        as_root.get(reverse("admin:auth_user_password_change", args=[gita.pk])),
        as_root.get(reverse("admin:auth_user_change", args=[gita.pk])),
        Client().get(reverse("admin:login")),
    ]
    for page in pages:
        assert page.status_code == 200 and bare(words(page)) == [], page.request["PATH_INFO"]
