"""Staff set their own password from a link; the coordinator never knows it."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.pendampingan.test_institution_views import STAFF_DATA, url

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "padi-organik-banyumas-27"


def invite(client, institution, **changes):
    return client.post(url("core:staff_create", institution), {**STAFF_DATA, **changes})


def set_password(link):
    """What the person does with the link: open it, type a password twice."""
    person = Client()
    page = person.get(link, follow=True)
    assert page.context["validlink"]
    done = person.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    return done


def logs_in(username, password):
    return Client().post(reverse("login"), {"username": username, "password": password}).status_code == 302


def test_the_person_gets_a_link_by_email_and_sets_their_own_password(as_alice, institution_a):
    response = invite(as_alice, institution_a)
    [message] = mail.outbox
    assert message.to == ["wahyu@example.id"] and "wahyu" in message.body
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link == response.context["link"]
    assert "no-store" in response["Cache-Control"]
    assert set_password(link).status_code == 302
    assert logs_in("wahyu", NEW_PASSWORD)


def test_the_coordinators_form_has_no_password(as_alice, institution_a):
    form = as_alice.get(url("core:staff_create", institution_a)).context["form"]
    assert "password" not in form.fields


def test_without_an_email_the_coordinator_gets_the_link_to_send_by_hand(as_alice, institution_a):
    response = invite(as_alice, institution_a, email="")
    assert not response.context["sent"] and not mail.outbox
    assert response.context["link"] in response.content.decode()
    assert set_password(response.context["link"]).status_code == 302
    assert logs_in("wahyu", NEW_PASSWORD)


def test_a_link_works_once(as_alice, institution_a):
    link = invite(as_alice, institution_a).context["link"]
    set_password(link)
    assert not Client().get(link, follow=True).context["validlink"]


def test_before_setting_a_password_nobody_logs_in_and_a_new_link_can_be_made(as_alice, institution_a):
    invite(as_alice, institution_a, email="")
    staff = institution_a.staff.get(user__username="wahyu")
    assert not logs_in("wahyu", "")
    page = as_alice.get(reverse("core:institution_detail", args=[institution_a.pk])).content.decode()
    invite_url = reverse("core:staff_invite", args=[institution_a.pk, staff.pk])
    assert invite_url in page
    again = as_alice.post(invite_url)
    assert again.status_code == 200 and set_password(again.context["link"]).status_code == 302
    after = as_alice.post(invite_url)
    assert after.status_code == 302  # a password is set: no more links


@pytest.mark.parametrize("who,status", [("fiona", 403), ("bob", 404)])
def test_only_the_coordinator_makes_links(client, request, institution_a, alice, who, status):
    login(client, request.getfixturevalue(who))
    assert (
        client.post(reverse("core:staff_invite", args=[institution_a.pk, alice.staff.pk])).status_code
        == status
    )
