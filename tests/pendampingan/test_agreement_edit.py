import pytest
from django.urls import reverse

from pendampingan import services
from pendampingan.concurrency import EditConflict
from pendampingan.models import Agreement, Party, Refused
from tests.conftest import approve, group_actor, institution_actor, login
from tests.pendampingan.conftest import form_data, url

pytestmark = pytest.mark.django_db


def test_a_facilitator_edits_a_draft_without_a_new_version(client, fiona, agreement):
    login(client, fiona)
    response = client.post(
        url("core:agreement_edit", agreement), form_data(agreement, purpose="Tujuan baru.")
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.purpose == "Tujuan baru."
    assert agreement.version == 1
    assert agreement.updated_by == fiona


def test_an_edit_after_one_approval_asks_both_parties_again(as_alice, agreement, alice, group_a, chair):
    approve(agreement, group_actor(group_a, chair))
    response = as_alice.post(
        url("core:agreement_edit", agreement),
        form_data(agreement, group_commits="Pertemuan dua kali sebulan."),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.version == 2
    assert agreement.status == Agreement.Status.DRAFT
    assert agreement.agreed_version is None
    assert agreement.approval_by(Party.GROUP, 1) is not None
    assert agreement.approval_by(Party.GROUP) is None
    assert agreement.version_snapshot(1).group_commits == "Pertemuan rutin."


def test_an_agreed_text_changes_only_through_an_amendment(as_alice, agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    form = as_alice.get(url("core:agreement_edit", agreement)).context["form"]
    assert "purpose" not in form.fields and "facilitators" in form.fields
    as_alice.post(url("core:agreement_edit", agreement), form_data(agreement, end_date="2999-12-31"))
    agreement.refresh_from_db()
    assert (agreement.version, agreement.end_date.isoformat()) == (1, "2026-12-31")
    with pytest.raises(Refused):
        services.agreement_update(
            actor=institution_actor(alice),
            agreement=agreement,
            read_version=agreement.lock_version,
            purpose="Diubah tanpa persetujuan.",
        )


def test_changing_only_the_facilitators_keeps_the_version(as_alice, agreement, alice, frank):
    approve(agreement, institution_actor(alice))
    as_alice.post(url("core:agreement_edit", agreement), form_data(agreement, facilitators=[frank.pk]))
    agreement.refresh_from_db()
    assert agreement.version == 1
    assert list(agreement.facilitators.all()) == [frank]


def test_a_facilitator_cannot_reassign_the_agreement(client, fiona, frank, agreement):
    login(client, fiona)
    data = form_data(agreement, facilitators=[frank.pk], purpose="Tujuan baru.")
    assert "facilitators" not in client.get(url("core:agreement_edit", agreement)).context["form"].fields
    client.post(url("core:agreement_edit", agreement), data)
    agreement.refresh_from_db()
    assert list(agreement.facilitators.all()) == [fiona]
    assert agreement.purpose == "Tujuan baru."


def test_the_edit_page_says_which_party_approved(as_alice, agreement, group_a, chair):
    as_alice.cookies["django_language"] = "en"
    approve(agreement, group_actor(group_a, chair))
    body = as_alice.get(url("core:agreement_edit", agreement)).content.decode()
    assert "The group has approved version 1; the institution has not yet." in body


def test_the_group_cannot_edit_the_agreement(as_gita, agreement):
    assert as_gita.get(url("core:agreement_edit", agreement)).status_code == 403
    assert as_gita.post(url("core:agreement_edit", agreement), form_data(agreement)).status_code == 403


def test_a_refused_step_says_why(client, agreement, gita, chair):
    client.cookies["django_language"] = "en"
    response = login(client, gita, chair).get(url("core:agreement_edit", agreement))
    assert response.status_code == 403
    assert "The institution&#x27;s staff draft the agreement" in response.content.decode()


def test_outsiders_cannot_edit(client, bob, agreement):
    login(client, bob)
    assert client.post(url("core:agreement_edit", agreement), form_data(agreement)).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, agreement):
    for address in [url("core:agreement_edit", agreement)]:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("login")), address


def test_an_edit_made_while_both_parties_approved_is_not_saved(agreement, alice, group_a, chair):
    read_at = agreement.lock_version
    approve(agreement, group_actor(group_a, chair))
    approve(agreement, institution_actor(alice))
    with pytest.raises(EditConflict):
        services.agreement_update(
            actor=institution_actor(alice),
            agreement=agreement,
            read_version=read_at,
            group_commits="Diam-diam.",
        )
    agreement.refresh_from_db()
    assert agreement.group_commits == "Pertemuan rutin."
    assert agreement.status == Agreement.Status.AGREED
