"""New logins as a coordinator meets them: usernames Django accepts, plain refusals, facilitator
by default, a group's login made once even from two tabs, and a login error without doubled words."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from pendampingan import services
from pendampingan.models import CommunityGroup, Refused
from tests.conftest import PASSWORD
from tests.pendampingan.test_institution_views import STAFF_DATA, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_group(institution_a):
    return CommunityGroup.objects.create(
        name="Pokdarwis Curug", kind="pokdarwis", region="33.02.01.2001", registered_by=institution_a
    )


def test_a_wrong_password_is_said_once_and_plainly(client, gita):
    response = client.post(reverse("login"), {"username": "gita", "password": "salah"})
    [message] = response.context["form"].non_field_errors()
    assert "nama pengguna nama pengguna" not in message.lower()
    with translation.override("id"):
        assert message == translation.gettext(
            "The username or the password is not right. Check both, including capital letters, and try again."
        )


@pytest.mark.parametrize("username", ["budi.mandiri", "ina@yayasan", "pak_rt-02", "Dewi+2"])
def test_usernames_with_dots_and_signs_are_accepted(as_alice, institution_a, username):
    response = as_alice.post(url("core:staff_create", institution_a), {**STAFF_DATA, "username": username})
    assert response.status_code == 200 and "link" in response.context
    assert institution_a.staff.filter(user__username=username).exists()


@pytest.mark.parametrize("username", ["budi mandiri", "budi/mandiri", "<b>", "budi!"])
def test_other_usernames_are_refused_plainly(as_alice, institution_a, new_group, username):
    response = as_alice.post(url("core:staff_create", institution_a), {**STAFF_DATA, "username": username})
    assert response.status_code == 200
    [error] = response.context["form"].errors["username"]
    assert "slug" not in error.lower() and ". @ + - _" in error
    account_url = reverse("core:group_account", kwargs={"pk": new_group.pk})
    assert "username" in as_alice.post(account_url, {"username": username}).context["form"].errors
    assert not get_user_model().objects.filter(username=username).exists()


def test_a_new_person_is_a_facilitator_unless_the_coordinator_chooses(as_alice, institution_a):
    form = as_alice.get(url("core:staff_create", institution_a)).context["form"]
    assert form["role"].value() == "facilitator"
    data = {k: v for k, v in STAFF_DATA.items() if k != "role"}
    response = as_alice.post(url("core:staff_create", institution_a), data)
    assert "role" in response.context["form"].errors
    as_alice.post(
        url("core:staff_create", institution_a), {**data, "role": "coordinator", "username": "k.baru"}
    )
    assert institution_a.staff.get(user__username="k.baru").role == "coordinator"


def test_a_group_login_made_from_a_second_tab_changes_nothing_and_says_so(as_alice, new_group):
    account_url = reverse("core:group_account", kwargs={"pk": new_group.pk})
    first = as_alice.post(account_url, {"username": "pokdarwis.curug"})
    handed_over = first.context["password"]
    second = as_alice.post(account_url, {"username": "curug2"})
    new_group.refresh_from_db()
    assert new_group.account.username == "pokdarwis.curug" and new_group.account.check_password(handed_over)
    assert not get_user_model().objects.filter(username="curug2").exists()
    said = [str(m) for m in second.context["messages"] if m.level_tag == "error"]
    assert len(said) == 1 and "pokdarwis.curug" in said[0]
    assert "password" not in second.context


def test_the_service_refuses_a_second_login_under_its_lock(new_group):
    services.group_account_create(group=new_group, username="satu", password=PASSWORD)
    stale = CommunityGroup.objects.get(pk=new_group.pk)
    stale.account = None  # as read before the first was made
    with pytest.raises(Refused):
        services.group_account_create(group=stale, username="dua", password=PASSWORD)
    assert CommunityGroup.objects.get(pk=new_group.pk).account.username == "satu"
