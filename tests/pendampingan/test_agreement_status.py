import pytest
from django.urls import reverse

from pendampingan import services
from pendampingan.models import Agreement, Refused
from tests.conftest import approve, group_actor, institution_actor, login
from tests.pendampingan.conftest import agreed, url

pytestmark = pytest.mark.django_db


def test_the_coordinator_starts_and_completes_the_facilitation(as_alice, agreement, alice, group_a, chair):
    agreed(agreement, alice, group_a, chair)
    as_alice.post(url("core:agreement_activate", agreement))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    as_alice.post(url("core:agreement_complete", agreement))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.COMPLETED


def test_a_draft_cannot_be_started(as_alice, agreement):
    as_alice.cookies["django_language"] = "en"
    response = as_alice.post(url("core:agreement_activate", agreement), follow=True)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert "not possible" in response.content.decode()


def test_a_second_start_of_the_facilitation_changes_nothing(as_alice, agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    as_alice.post(url("core:agreement_activate", agreement))
    entries = agreement.history.count()
    response = as_alice.post(url("core:agreement_activate", agreement), follow=True)
    assert response.status_code == 200
    assert agreement.history.count() == entries


@pytest.mark.parametrize("who", ["fiona", "gita"])
def test_only_the_coordinator_starts_the_facilitation(client, request, agreement, chair, who):
    login(client, request.getfixturevalue(who), chair)
    assert client.post(url("core:agreement_activate", agreement)).status_code == 403
    assert client.post(url("core:agreement_complete", agreement)).status_code == 403


def test_status_changes_need_a_post(as_alice, agreement):
    assert as_alice.get(url("core:agreement_activate", agreement)).status_code == 405
    assert as_alice.get(url("core:agreement_complete", agreement)).status_code == 405


def test_the_group_ends_the_agreement_early_with_a_reason(as_gita, agreement):
    response = as_gita.post(
        url("core:agreement_end", agreement),
        {"reason": "Kelompok memilih pendamping lain.", "ended_on": "2026-06-01"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED_EARLY
    assert agreement.end_reason == "Kelompok memilih pendamping lain."


@pytest.mark.parametrize(
    "data,field",
    [
        ({"reason": "", "ended_on": "2026-06-01"}, "reason"),
        ({"reason": "Alasan yang cukup panjang.", "ended_on": "2025-06-01"}, "ended_on"),
        ({"reason": "Alasan yang cukup panjang.", "ended_on": "2999-01-01"}, "ended_on"),
        ({"reason": "Alasan yang cukup panjang.", "ended_on": "bukan tanggal"}, "ended_on"),
    ],
)
def test_ending_early_rejects_bad_input(as_alice, agreement, data, field):
    response = as_alice.post(url("core:agreement_end", agreement), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_an_agreement_that_has_not_started_can_end_today(as_gita, agreement):
    import datetime

    from django.utils import timezone

    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        end_date=timezone.localdate() + datetime.timedelta(days=300),
    )
    data = {"reason": "Kelompok belum siap memulai.", "ended_on": timezone.localdate().isoformat()}
    assert as_gita.post(url("core:agreement_end", agreement), data).status_code == 302


def test_ending_early_records_the_acting_officer_in_the_history(as_gita, agreement, gita, chair):
    as_gita.post(
        url("core:agreement_end", agreement), {"reason": "Kelompok bubar.", "ended_on": "2026-06-01"}
    )
    agreement.refresh_from_db()
    assert (agreement.updated_by, agreement.updated_by_officer) == (gita, chair)
    response = as_gita.get(url("core:agreement_detail", agreement))
    assert response.context["history"][0].officer_name == chair.name
    assert "Sumarni" in response.content.decode()


def test_ending_an_agreement_already_ended_keeps_the_first_reason(client, agreement, alice, gita, chair):
    # Both parties opened the "end early" page; the group ends first.
    login(client, gita, chair).post(
        url("core:agreement_end", agreement), {"reason": "Kelompok bubar.", "ended_on": "2026-06-01"}
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED_EARLY
    with pytest.raises(Refused):
        services.agreement_change_status(
            actor=institution_actor(alice),
            agreement=agreement,
            change="end_early",
            reason="Alasan kedua yang menimpa.",
            ended_on="2026-06-02",
        )
    agreement.refresh_from_db()
    assert agreement.end_reason == "Kelompok bubar."


def test_a_facilitator_cannot_end_the_agreement(client, fiona, agreement):
    login(client, fiona)
    assert client.get(url("core:agreement_end", agreement)).status_code == 403


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_cannot_change_the_status(client, request, agreement, alice, group_a, chair, who):
    agreed(agreement, alice, group_a, chair)
    officer = request.getfixturevalue("group_b").members.first() if who == "gabe" else None
    login(client, request.getfixturevalue(who), officer)
    assert client.post(url("core:agreement_activate", agreement)).status_code == 404
    assert client.post(url("core:agreement_complete", agreement)).status_code == 404
    ending = {"reason": "Kelompok memilih pendamping lain.", "ended_on": "2026-06-01"}
    assert client.get(url("core:agreement_end", agreement)).status_code == 404
    assert client.post(url("core:agreement_end", agreement), ending).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED


def test_it_sends_anonymous_visitors_to_log_in(client, agreement):
    for address in [
        url(name, agreement)
        for name in ("core:agreement_activate", "core:agreement_complete", "core:agreement_end")
    ]:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("login")), address


def test_starting_before_the_agreed_date_asks_for_confirmation(as_alice, agreement, alice, group_a, chair):
    import datetime

    from django.utils import timezone

    later = timezone.localdate() + datetime.timedelta(days=30)
    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=later, end_date=later + datetime.timedelta(days=300)
    )
    agreed(agreement, alice, group_a, chair)
    page = as_alice.get(url("core:agreement_detail", agreement)).content.decode()
    assert 'name="early"' in page
    response = as_alice.post(url("core:agreement_activate", agreement), follow=True)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    as_alice.post(url("core:agreement_activate", agreement), {"early": "1"})
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
