import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def url(name, institution):
    return reverse(name, kwargs={"pk": institution.pk})


@pytest.mark.parametrize("who", ["alice", "fiona", "admin_user"])
def test_staff_see_their_institution(client, request, institution_a, alice, fiona, who):
    login(client, request.getfixturevalue(who))
    body = client.get(url("institution_detail", institution_a)).content.decode()
    assert "Lembaga Sejahtera" in body
    assert "Fiona" in body


@pytest.mark.parametrize("who", ["bob", "gita"])
def test_others_do_not(client, request, institution_a, who):
    login(client, request.getfixturevalue(who))
    assert client.get(url("institution_detail", institution_a)).status_code == 404


def test_the_coordinator_edits_the_institution(as_alice, institution_a):
    data = {"name": "Lembaga Sejahtera Mandiri", "kind": "ngo", "region": "Cirahab", "email": "a@b.id"}
    response = as_alice.post(url("institution_edit", institution_a), data)
    assert response.status_code == 302
    institution_a.refresh_from_db()
    assert institution_a.name == "Lembaga Sejahtera Mandiri"
    assert institution_a.region == "33.02.01.2001"


def test_a_bad_email_is_refused(as_alice, institution_a):
    data = {"name": "Lembaga", "kind": "ngo", "email": "bukan-email"}
    response = as_alice.post(url("institution_edit", institution_a), data)
    assert "email" in response.context["form"].errors
    institution_a.refresh_from_db()
    assert institution_a.name == "Lembaga Sejahtera"


def test_a_facilitator_cannot_edit(client, fiona, institution_a):
    login(client, fiona)
    assert client.get(url("institution_edit", institution_a)).status_code == 403


def test_edit_rejects_other_methods(as_alice, institution_a):
    assert as_alice.put(url("institution_edit", institution_a)).status_code == 405
