import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

NEW = "sawah-padi-pagi-47"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}


def test_it_sends_anonymous_visitors_to_log_in_before_changing_a_password(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_links_the_password_page_from_the_header(as_alice):
    assert reverse("password_change") in as_alice.get(reverse("dashboard")).content.decode()


def test_it_lets_staff_change_their_own_password(as_alice, alice):
    response = as_alice.post(reverse("password_change"), CHANGE)
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert as_alice.get(response.url).status_code == 200


def test_it_lets_the_groups_shared_login_change_its_password(as_gita, gita):
    page = as_gita.get(reverse("password_change")).content.decode()
    assert "every officer" in page
    assert as_gita.post(reverse("password_change"), CHANGE).status_code == 302
    gita.refresh_from_db()
    assert gita.check_password(NEW)


def test_it_asks_a_group_to_choose_its_officer_before_changing_the_password(client, gita):
    login(client, gita)
    response = client.post(reverse("password_change"), CHANGE)
    assert response.url.startswith(reverse("acting_as"))
    gita.refresh_from_db()
    assert gita.check_password(PASSWORD)


def test_it_explains_a_wrong_old_password_next_to_the_field(as_alice, alice):
    response = as_alice.post(reverse("password_change"), {**CHANGE, "old_password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]


def test_it_refuses_a_weak_new_password_next_to_the_field(as_alice):
    response = as_alice.post(
        reverse("password_change"), {**CHANGE, "new_password1": "12345", "new_password2": "12345"}
    )
    assert response.context["form"].errors["new_password2"]


def test_it_says_a_groups_login_is_reset_by_its_coordinator(client):
    page = client.get(reverse("password_reset")).content.decode()
    assert "coordinator" in page
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_it_sends_staff_a_reset_link_that_sets_a_new_password(client, alice, settings):
    alice.email = "alice@example.id"
    alice.save()
    response = client.post(reverse("password_reset"), {"email": "alice@example.id"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.url == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW)


def test_it_lifts_a_lockout_when_staff_reset_by_email(client, alice, settings):
    alice.email = "alice@example.id"
    alice.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "tebakan"})
    client.post(reverse("password_reset"), {"email": "alice@example.id"})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    client.post(client.get(link).url, {"new_password1": NEW, "new_password2": NEW})
    assert client.post(reverse("login"), {"username": "alice", "password": NEW}).status_code == 302


def test_it_sends_nothing_to_an_unknown_address(client, alice):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.id"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_it_records_new_staffs_email_for_resets(as_alice, institution_a):
    data = {
        "first_name": "Dewi",
        "username": "dewi",
        "role": "facilitator",
        "email": "dewi@example.id",
        "password": "a-long-test-password",
    }
    as_alice.post(reverse("staff_create", kwargs={"pk": institution_a.pk}), data)
    assert institution_a.staff.get(user__username="dewi").user.email == "dewi@example.id"


def test_it_explains_a_bad_email_next_to_the_field(as_alice, institution_a):
    data = {"first_name": "Dewi", "username": "dewi", "role": "facilitator", "email": "dewi@"}
    response = as_alice.post(reverse("staff_create", kwargs={"pk": institution_a.pk}), data)
    assert response.context["form"].errors["email"]
