import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def url(name, institution):
    return reverse(name, kwargs={"pk": institution.pk})


@pytest.mark.parametrize("who", ["alice", "fiona", "admin_user"])
def test_staff_see_their_institution(client, request, institution_a, alice, fiona, who):
    login(client, request.getfixturevalue(who))
    body = client.get(url("core:institution_detail", institution_a)).content.decode()
    assert "Lembaga Sejahtera" in body
    assert "Fiona" in body


@pytest.mark.parametrize("who", ["bob", "gita"])
def test_others_do_not(client, request, institution_a, who):
    login(client, request.getfixturevalue(who))
    assert client.get(url("core:institution_detail", institution_a)).status_code == 404


def test_the_coordinator_edits_the_institution(as_alice, institution_a):
    data = {
        "name": "Lembaga Sejahtera Mandiri",
        "kind": "ngo",
        "region": "Cirahab",
        "email": "a@b.id",
        "lock_version": institution_a.lock_version,
    }
    response = as_alice.post(url("core:institution_edit", institution_a), data)
    assert response.status_code == 302
    institution_a.refresh_from_db()
    assert institution_a.name == "Lembaga Sejahtera Mandiri"
    assert institution_a.region == "33.02.01.2001"


def test_a_bad_email_is_refused(as_alice, institution_a):
    data = {"name": "Lembaga", "kind": "ngo", "email": "bukan-email"}
    response = as_alice.post(url("core:institution_edit", institution_a), data)
    assert "email" in response.context["form"].errors
    institution_a.refresh_from_db()
    assert institution_a.name == "Lembaga Sejahtera"


def test_a_facilitator_cannot_edit(client, fiona, institution_a):
    login(client, fiona)
    assert client.get(url("core:institution_edit", institution_a)).status_code == 403


def test_edit_rejects_other_methods(as_alice, institution_a):
    assert as_alice.put(url("core:institution_edit", institution_a)).status_code == 405


STAFF_DATA = {
    "first_name": "Wahyu",
    "last_name": "Nugroho",
    "username": "wahyu",
    "role": "facilitator",
    "phone": "0812 1111 2222",
    "email": "wahyu@example.id",
}


def test_the_coordinator_adds_a_facilitator(as_alice, institution_a):
    response = as_alice.post(url("core:staff_create", institution_a), STAFF_DATA)
    assert response.status_code == 200 and response.context["sent"]
    staff = institution_a.staff.get(user__username="wahyu")
    assert staff.role == "facilitator"
    assert not staff.user.has_usable_password()


def test_adding_staff_rejects_a_taken_username(as_alice, institution_a, fiona):
    response = as_alice.post(url("core:staff_create", institution_a), {**STAFF_DATA, "username": "FIONA"})
    assert "username" in response.context["form"].errors
    assert institution_a.staff.count() == 2


@pytest.mark.parametrize("who,status", [("fiona", 403), ("bob", 404), ("gita", 404)])
def test_only_the_coordinator_adds_staff(client, request, institution_a, chair, who, status):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    assert client.post(url("core:staff_create", institution_a), STAFF_DATA).status_code == status
    assert not institution_a.staff.filter(user__username="wahyu").exists()


def test_error_pages_keep_the_site_look(as_alice):
    response = as_alice.get("/tidak-ada/")
    assert response.status_code == 404
    assert "navbar" in response.content.decode()


def test_the_institution_page_runs_a_fixed_number_of_queries(as_alice, institution_a, assert_queries):
    from tests.conftest import make_staff

    # session, user, staff with institution, staff list with users, agreements naming deactivated
    # staff with their facilitators, the lockouts of the institution's logins and their users
    with assert_queries(8):
        as_alice.get(url("core:institution_detail", institution_a))
    for n in range(5):
        make_staff(f"staf{n}", institution_a, "facilitator").__class__.objects.filter(
            username=f"staf{n}", pk__gt=0
        ).update(is_active=n % 2 == 0)
    with assert_queries(8):
        as_alice.get(url("core:institution_detail", institution_a))
