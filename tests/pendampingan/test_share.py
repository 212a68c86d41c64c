"""Links to set a password and a group's first login go out by WhatsApp with a ready Indonesian text."""

import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import translation

from pendampingan.share import whatsapp_link
from tests.pendampingan.test_institution_views import STAFF_DATA, url

pytestmark = pytest.mark.django_db


def shared_text(page):
    """The text the page's WhatsApp link carries."""
    [link] = re.findall(r'href="(https://wa\.me/\?text=[^"]*)"', page.content.decode())
    return unquote(unescape(link).split("?text=", 1)[1])


def indonesian(msgid):
    with translation.override("id"):
        return translation.gettext(msgid)


def test_the_link_carries_any_text_whole():
    text = "Untuk: Bu Sri & Pak Budi\nhttps://contoh.id/?a=1&b=2 #1"
    assert unquote(whatsapp_link(text).split("?text=", 1)[1]) == text


@pytest.mark.parametrize("email", ["", "wahyu@example.id"])
def test_a_new_persons_link_says_for_whom_what_to_do_and_whose_username(as_alice, institution_a, email):
    page = as_alice.post(url("core:staff_create", institution_a), {**STAFF_DATA, "email": email})
    text = shared_text(page)
    assert page.context["link"] in text and "Wahyu Nugroho" in text and institution_a.name in text
    assert "wahyu" in text and indonesian("Open this link and choose your own password:") in text


def test_a_new_link_made_later_goes_out_the_same_way(as_alice, institution_a):
    as_alice.post(url("core:staff_create", institution_a), {**STAFF_DATA, "email": ""})
    staff = institution_a.staff.get(user__username="wahyu")
    again = as_alice.post(reverse("core:staff_invite", args=[institution_a.pk, staff.pk]))
    assert again.context["link"] in shared_text(again)


def test_a_groups_slip_can_go_to_its_chair_with_address_username_password_and_steps(as_alice, group_a, gita):
    slip = as_alice.post(reverse("core:group_password_reset", kwargs={"pk": group_a.pk}))
    text = shared_text(slip)
    for expected in (
        group_a.name,
        "http://testserver/login/",
        gita.username,
        slip.context["password"],
        indonesian("Choose the name of the officer who is using the phone."),
    ):
        assert expected in text
    assert re.search(r"(?<!kata )sandi", text, re.IGNORECASE) is None


def test_the_demo_has_someone_waiting_for_a_link_to_send(settings, client):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from pendampingan.models import Staff

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    invited = Staff.objects.select_related("user").get(user__first_name="Rina")
    assert not invited.user.has_usable_password()
    client.force_login(get_user_model().objects.get(username="koordinator"))
    again = client.post(reverse("core:staff_invite", args=[invited.institution_id, invited.pk]))
    assert "Rina Marlina" in shared_text(again)
