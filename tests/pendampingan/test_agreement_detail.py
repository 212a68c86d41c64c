import pytest
from django.urls import reverse

from pendampingan.models import Agreement
from tests.conftest import approve, institution_actor, login
from tests.pendampingan.conftest import agreed, form_data, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["alice", "fiona", "gita", "admin_user"])
def test_it_shows_the_agreement_to_both_parties(client, request, agreement, chair, who):
    login(client, request.getfixturevalue(who), chair if who == "gita" else None)
    response = client.get(url("core:agreement_detail", agreement))
    assert response.status_code == 200
    assert agreement.title in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_it_hides_the_agreement_from_outsiders(client, request, agreement, who):
    login(client, request.getfixturevalue(who))
    assert client.get(url("core:agreement_detail", agreement)).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, agreement):
    response = client.get(url("core:agreement_detail", agreement))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_answers_an_unknown_id_with_404(as_alice):
    assert as_alice.get(reverse("core:agreement_detail", kwargs={"pk": 999999})).status_code == 404


def test_a_facilitator_reads_who_approves_for_the_institution(client, agreement, fiona):
    client.cookies["django_language"] = "en"
    body = login(client, fiona).get(url("core:agreement_detail", agreement)).content.decode()
    assert "the coordinator, Alice, approves for the institution" in body
    assert "Approval is given by the institution&#x27;s coordinator" in body


def test_the_page_shows_who_changed_what(as_gita, agreement, alice, fiona, client):
    login(client, fiona).post(url("core:agreement_edit", agreement), form_data(agreement, purpose="Baru."))
    login(client, agreement.group.account, agreement.group.members.get(name="Sumarni"))
    response = client.get(url("core:agreement_detail", agreement))
    entries = response.context["history"]
    assert entries[0].user == fiona
    assert [str(f) for f in entries[0].fields] == [str(Agreement._meta.get_field("purpose").verbose_name)]


def test_the_detail_page_runs_a_fixed_number_of_queries(
    as_alice, agreement, alice, group_a, chair, assert_queries
):
    # session, user, staff+institution, agreement with parties, facilitators, approvals
    # with users and officers, proposed amendments, amendments in force, history with users
    with assert_queries(9):
        as_alice.get(url("core:agreement_detail", agreement))
    agreed(agreement, alice, group_a, chair)
    for n in range(4):
        agreement.purpose = f"Tujuan {n}"
        agreement.start_new_version_if_approved()
        agreement.save()
        approve(agreement, institution_actor(alice))
    with assert_queries(9):
        as_alice.get(url("core:agreement_detail", agreement))
