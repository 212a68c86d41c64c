import math
import re

import pytest
from django.core import mail
from django.urls import reverse

from pendampingan.passwords import WORDS, readable_password
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

NEW = "sawah-padi-pagi-47"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}


def test_it_sends_anonymous_visitors_to_log_in_before_changing_a_password(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_links_the_password_page_from_the_header(as_alice):
    assert reverse("password_change") in as_alice.get(reverse("core:dashboard")).content.decode()


def test_it_lets_staff_change_their_own_password(as_alice, alice):
    response = as_alice.post(reverse("password_change"), CHANGE)
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert as_alice.get(response.url).status_code == 200


def test_it_lets_the_groups_shared_login_change_its_password(as_gita, gita):
    as_gita.cookies["django_language"] = "en"
    page = as_gita.get(reverse("password_change")).content.decode()
    assert "every officer" in page
    assert as_gita.post(reverse("password_change"), CHANGE).status_code == 302
    gita.refresh_from_db()
    assert gita.check_password(NEW)


def test_it_asks_a_group_to_choose_its_officer_before_changing_the_password(client, gita):
    login(client, gita)
    response = client.post(reverse("password_change"), CHANGE)
    assert response.url.startswith(reverse("core:acting_as"))
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
    client.cookies["django_language"] = "en"
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
    as_alice.post(reverse("core:staff_create", kwargs={"pk": institution_a.pk}), data)
    assert institution_a.staff.get(user__username="dewi").user.email == "dewi@example.id"


def test_it_explains_a_bad_email_next_to_the_field(as_alice, institution_a):
    data = {"first_name": "Dewi", "username": "dewi", "role": "facilitator", "email": "dewi@"}
    response = as_alice.post(reverse("core:staff_create", kwargs={"pk": institution_a.pk}), data)
    assert response.context["form"].errors["email"]


# --- a group's shared login: the coordinator sets a generated password ------------


def new_password_url(group):
    return reverse("core:group_password_reset", kwargs={"pk": group.pk})


def test_it_generates_readable_passwords_that_are_hard_to_guess():
    assert re.fullmatch(r"([a-z]+-){4}\d\d", readable_password())
    assert len({readable_password() for _i in range(50)}) == 50
    assert 4 * math.log2(len(set(WORDS))) + math.log2(100) >= 40


def test_it_shows_the_coordinator_a_new_group_password_once(as_alice, group_a, gita):
    response = as_alice.post(new_password_url(group_a))
    assert response.status_code == 200
    password = response.context["password"]
    page = response.content.decode()
    assert password in page and "gita" in page and "http://testserver/login/" in page
    assert "no-store" in response.headers["Cache-Control"]
    gita.refresh_from_db()
    assert gita.check_password(password)
    assert password not in gita.password
    assert (
        password
        not in as_alice.get(reverse("core:group_account", kwargs={"pk": group_a.pk})).content.decode()
    )
    assert (
        password not in as_alice.get(reverse("core:group_detail", kwargs={"pk": group_a.pk})).content.decode()
    )


def test_it_offers_a_button_not_a_password_box_for_an_existing_login(as_alice, group_a):
    page = as_alice.get(reverse("core:group_account", kwargs={"pk": group_a.pk})).content.decode()
    assert new_password_url(group_a) in page
    assert 'type="password"' not in page


def test_it_sends_anonymous_visitors_to_log_in_before_a_new_group_password(client, group_a, gita):
    response = client.post(new_password_url(group_a))
    assert response.url.startswith(reverse("login"))
    gita.refresh_from_db()
    assert gita.check_password(PASSWORD)


def test_it_hides_another_institutions_group_from_an_outsider(client, bob, group_a, gita):
    login(client, bob)
    assert client.post(new_password_url(group_a)).status_code == 404
    gita.refresh_from_db()
    assert gita.check_password(PASSWORD)


@pytest.mark.parametrize("who", ["fiona", "gita"])
def test_it_lets_only_the_coordinator_set_a_group_password(client, request, group_a, agreement, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    assert client.post(new_password_url(group_a)).status_code == 403
    group_a.account.refresh_from_db()
    assert group_a.account.check_password(PASSWORD)


def test_it_sets_a_group_password_only_on_post(as_alice, group_a):
    assert as_alice.get(new_password_url(group_a)).status_code == 405


def test_it_sends_a_group_without_a_login_to_create_one(as_alice, institution_a):
    from pendampingan.models import CommunityGroup

    group = CommunityGroup.objects.create(
        name="Pokdarwis Curug", kind="pokdarwis", region="33.02.01.2001", registered_by=institution_a
    )
    response = as_alice.post(new_password_url(group))
    assert response.url == reverse("core:group_account", kwargs={"pk": group.pk})
