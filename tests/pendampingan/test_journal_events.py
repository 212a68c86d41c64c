"""The core's services write one journal event per change, in the change's own transaction."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from pendampingan import journal, registry, services
from pendampingan.models import Agreement, JournalEvent, Refused
from tests.conftest import admin_url, approve, group_actor, institution_actor
from tests.events import mark, the_event, told, written_since
from tests.pendampingan.conftest import agreed

pytestmark = pytest.mark.django_db


def test_creating_and_changing_an_agreement_are_events(institution_a, group_a, alice, fiona):
    actor = institution_actor(alice)
    since = mark()
    agreement = services.agreement_create(
        actor=actor,
        institution=institution_a,
        facilitators=[fiona],
        group=group_a,
        coordinator=alice,
        title="Pendampingan Kelompok Tani Maju",
        purpose="Meningkatkan hasil panen.",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        institution_commits="Pelatihan bulanan.",
        institution_excludes="Tidak mengelola kas kelompok.",
        group_commits="Pertemuan rutin.",
    )
    event = the_event(since, "agreement.created", actor=actor, obj=agreement)
    assert event.summary == {"title": "Pendampingan Kelompok Tani Maju"}

    since = mark()
    services.agreement_update(
        actor=actor, agreement=agreement, read_version=agreement.lock_version, purpose="Panen naik 20%."
    )
    assert the_event(since, "agreement.changed", actor=actor, obj=agreement).summary["fields"] == ["purpose"]


def test_an_edit_that_changes_nothing_is_no_event(agreement, alice):
    since = mark()
    services.agreement_update(
        actor=institution_actor(alice),
        agreement=agreement,
        read_version=agreement.lock_version,
        purpose=agreement.purpose,
        facilitators=list(agreement.facilitators.all()),
    )
    assert written_since(since) == []


def test_each_party_approving_is_an_event_and_the_pair_one_more(agreement, alice, group_a, chair):
    since = mark()
    approve(agreement, institution_actor(alice))
    event = the_event(since, "agreement.approved", actor=institution_actor(alice), obj=agreement)
    assert event.summary == {"version": 1}

    since = mark()
    chair_actor = group_actor(group_a, chair)
    approve(agreement, chair_actor)
    approved, both = written_since(since)
    assert (approved.kind, approved.party, approved.officer_name) == (
        "agreement.approved",
        "group",
        "Sumarni",
    )
    assert (both.kind, both.party, both.user, both.officer) == (
        "agreement.agreed",
        "",
        chair.group.account,
        chair,
    )

    since = mark()
    approve(agreement, chair_actor)  # a replay records nothing
    assert written_since(since) == []


def test_status_changes_and_amendments_are_events(agreement, alice, gita, group_a, chair):
    agreement = agreed(agreement, alice, group_a, chair)
    actor, group = institution_actor(alice), group_actor(group_a, chair)
    since = mark()
    services.agreement_change_status(actor=actor, agreement=agreement, change="activate")
    the_event(since, "agreement.active", actor=actor, obj=agreement)

    since = mark()
    amendment = services.amendment_propose(
        actor=group,
        agreement=agreement,
        reason="Butuh waktu lebih.",
        **{**agreement.content(), "purpose": "Baru."},
    )
    assert the_event(since, "agreement.amendment_proposed", actor=group, obj=amendment).summary["number"] == 1
    since = mark()
    services.amendment_withdraw(actor=group, amendment=amendment)
    the_event(since, "agreement.amendment_withdrawn", actor=group, obj=amendment)

    since = mark()
    services.agreement_change_status(
        actor=group,
        agreement=agreement,
        change="end_early",
        reason="Kelompok bubar.",
        ended_on=agreement.start_date,
    )
    event = the_event(since, "agreement.ended_early", actor=group, obj=agreement)
    assert event.summary == {"status": "ended_early", "reason": "Kelompok bubar."}


def test_a_refused_write_leaves_no_event(agreement, alice):
    since = mark()
    with pytest.raises(Refused):
        services.amendment_propose(
            actor=institution_actor(alice), agreement=agreement, reason="x", **agreement.content()
        )
    assert written_since(since) == []


def test_an_approval_refused_after_its_event_was_written_takes_the_event_back(
    agreement, alice, group_a, chair
):
    """The party's approval event is written before the pair's consequences are checked; when those
    refuse, the transaction takes the approval and its event back together."""
    agreement = agreed(agreement, alice, group_a, chair)
    amendment = services.amendment_propose(
        actor=institution_actor(alice),
        agreement=agreement,
        reason="Diperpanjang.",
        **{**agreement.content(), "purpose": "Baru."},
    )
    approve(amendment, institution_actor(alice))
    since = mark()
    outside = registry.period_checks.replaced(lambda agreement, start, end: ["Kegiatan 1.1"])
    with outside, pytest.raises(Refused):
        approve(amendment, group_actor(group_a, chair))
    assert written_since(since) == []
    assert not amendment.approvals.filter(party="group").exists()


def test_an_event_is_written_only_inside_the_change_s_transaction(agreement, alice, monkeypatch):
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(RuntimeError):
        journal.record(
            actor=institution_actor(alice), agreement=agreement, kind="agreement.changed", obj=agreement
        )


def test_the_admin_shows_events_but_never_changes_or_removes_them(as_root, agreement, alice):
    approve(agreement, institution_actor(alice))
    event = JournalEvent.objects.get(kind="agreement.approved")
    assert as_root.get(admin_url(JournalEvent, "changelist")).status_code == 200
    assert as_root.post(admin_url(JournalEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert as_root.get(admin_url(JournalEvent, "add")).status_code == 403
    response = as_root.post(admin_url(JournalEvent, "change", event.pk), {"kind": "agreement.changed"})
    assert response.status_code in {302, 403}
    event.refresh_from_db()
    assert event.kind == "agreement.approved"
    assert JournalEvent.objects.filter(pk=event.pk).exists()
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_the_journal_page_tells_every_change_to_the_agreement_and_its_amendments(
    as_alice, institution_a, group_a, alice, fiona, chair
):
    actor, group = institution_actor(alice), group_actor(group_a, chair)
    agreement = services.agreement_create(
        actor=actor,
        institution=institution_a,
        facilitators=[fiona],
        group=group_a,
        coordinator=alice,
        title="Pendampingan Kelompok Tani Maju",
        purpose="Meningkatkan hasil panen.",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        institution_commits="Pelatihan bulanan.",
        institution_excludes="Tidak mengelola kas kelompok.",
        group_commits="Pertemuan rutin.",
    )
    services.agreement_update(
        actor=actor, agreement=agreement, read_version=agreement.lock_version, purpose="Panen naik 20%."
    )
    agreement = agreed(agreement, alice, group_a, chair)
    services.agreement_change_status(actor=actor, agreement=agreement, change="activate")
    first = services.amendment_propose(
        actor=group,
        agreement=agreement,
        reason="Butuh waktu lebih.",
        **{**agreement.content(), "purpose": "Baru."},
    )
    services.amendment_update(
        actor=group, amendment=first, read_version=first.lock_version, purpose="Panen naik 30%."
    )
    services.amendment_withdraw(actor=group, amendment=first)
    second = services.amendment_propose(
        actor=actor,
        agreement=agreement,
        reason="Target baru.",
        **{**agreement.content(), "purpose": "Naik 25%."},
    )
    approve(second, group)
    approve(second, actor)
    services.agreement_change_status(actor=actor, agreement=agreement, change="complete")

    page = reverse("core:agreement_detail", kwargs={"pk": agreement.pk})

    def amendment(number):
        return reverse("core:amendment_detail", kwargs={"pk": agreement.pk, "number": number})

    assert told(as_alice, agreement, "agreement") == [
        ("Kesepakatan selesai", page, ""),
        ("Adendum 2 disepakati kedua pihak dan berlaku", amendment(2), ""),
        ("Adendum 2 diusulkan", amendment(2), "Target baru."),
        ("Adendum 1 ditarik kembali", amendment(1), ""),
        ("Adendum 1 diubah", amendment(1), "Diubah: tujuan"),
        ("Adendum 1 diusulkan", amendment(1), "Butuh waktu lebih."),
        ("Kesepakatan mulai berjalan", page, ""),
        ("Kesepakatan disepakati kedua pihak, versi 1", page, ""),
        ("Kesepakatan diubah", page, "Diubah: tujuan"),
        ("Kesepakatan disusun: Pendampingan Kelompok Tani Maju", page, ""),
    ]
    assert told(as_alice, agreement, "approval") == [
        ("Disetujui: adendum 2, versi 1", amendment(2), ""),
        ("Disetujui: adendum 2, versi 1", amendment(2), ""),
        ("Disetujui: kesepakatan, versi 1", page, ""),
        ("Disetujui: kesepakatan, versi 1", page, ""),
    ]


def test_an_agreement_ended_early_is_told_with_its_reason(as_alice, agreement, alice, group_a, chair):
    agreement = agreed(agreement, alice, group_a, chair)
    services.agreement_change_status(
        actor=group_actor(group_a, chair),
        agreement=agreement,
        change="end_early",
        reason="Kelompok bubar.",
        ended_on=agreement.start_date,
    )
    page = reverse("core:agreement_detail", kwargs={"pk": agreement.pk})
    assert told(as_alice, agreement, "agreement")[0] == (
        "Kesepakatan diakhiri lebih awal",
        page,
        "Kelompok bubar.",
    )
