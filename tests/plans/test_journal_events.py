"""The plans' services write one journal event per change, in the change's own transaction."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pendampingan.models import Agreement, Refused
from plans import services
from plans.models import Commitment, Stage
from tests.conftest import approve, group_actor, institution_actor
from tests.events import mark, the_event, told, written_since
from tests.plans.conftest import add_stage, fill

pytestmark = pytest.mark.django_db


def test_starting_a_plan_and_each_item_change_are_events(agreement, alice, group_a, chair):
    from pendampingan.models import Agreement

    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ACTIVE, agreed_version=1)
    since = mark()
    draft = services.plan_create(actor=institution_actor(alice), agreement=agreement)
    assert the_event(
        since, "plan.created", actor=institution_actor(alice), obj=draft, agreement=draft.plan.agreement
    )
    group = group_actor(group_a, chair)
    stage = Stage(order=1)
    dates = {"start_date": draft.plan.agreement.start_date, "end_date": draft.plan.agreement.end_date}

    since = mark()
    stage = services.plan_item_save(
        actor=group, revision=draft, item=stage, name="Persiapan", objective="Siap.", **dates
    )
    event = the_event(since, "plan.item_added", actor=group, obj=stage, agreement=draft.plan.agreement)
    assert event.summary == {
        "item": "stage",
        "name": "1. Persiapan",
        "cycle": 1,
        "number": 1,
        "fields": ["end_date", "name", "objective", "start_date"],
    }

    since = mark()
    services.plan_item_save(
        actor=group, revision=draft, item=stage, read_version=stage.lock_version, name="Persiapan"
    )
    assert written_since(since) == []  # nothing changed

    since = mark()
    services.plan_item_save(
        actor=group, revision=draft, item=stage, read_version=stage.lock_version, name="Persiapan lahan"
    )
    event = the_event(since, "plan.item_changed", actor=group, obj=stage, agreement=draft.plan.agreement)
    assert event.summary["fields"] == ["name"]

    since = mark()
    services.plan_item_delete(actor=group, revision=draft, item=stage)
    event = the_event(since, "plan.item_removed", actor=group, obj=draft, agreement=draft.plan.agreement)
    assert (event.summary["item"], event.summary["name"]) == ("stage", "1. Persiapan lahan")


def test_approving_a_revision_is_one_event_per_party_and_one_when_it_comes_into_force(
    draft, alice, group_a, chair
):
    fill(draft)
    since = mark()
    approve(draft, institution_actor(alice))
    approve(draft, group_actor(group_a, chair))
    kinds = [(e.kind, e.party) for e in written_since(since)]
    assert kinds == [
        ("plan.revision_approved", "institution"),
        ("plan.revision_approved", "group"),
        ("plan.revision_in_force", ""),
    ]
    assert written_since(since)[0].summary == {"cycle": 1, "number": 1, "version": 1}

    since = mark()
    revision = services.plan_revision_start(
        actor=institution_actor(alice), plan=draft.plan, note="Musim hujan"
    )
    event = the_event(
        since,
        "plan.revision_started",
        actor=institution_actor(alice),
        obj=revision,
        agreement=draft.plan.agreement,
    )
    assert event.summary == {"cycle": 1, "number": 2, "note": "Musim hujan"}


def test_a_refused_item_leaves_no_event(draft, alice):
    stage = add_stage(draft, 1, draft.plan.agreement.start_date, draft.plan.agreement.end_date)
    since = mark()
    draft.status = "in_force"
    draft.save()
    with pytest.raises(Refused):
        services.plan_item_save(
            actor=institution_actor(alice),
            revision=draft,
            item=stage,
            read_version=stage.lock_version,
            name="X",
        )
    assert written_since(since) == []


def test_the_journal_page_tells_every_change_to_a_plan(as_alice, draft, alice, group_a, chair):
    agreement = draft.plan.agreement
    # Running until a year from today, so that a next cycle fits whatever day the tests run.
    Agreement.objects.filter(pk=agreement.pk).update(
        end_date=timezone.localdate() + datetime.timedelta(days=365)
    )
    agreement.refresh_from_db()
    group, institution = group_actor(group_a, chair), institution_actor(alice)
    dates = {"start_date": agreement.start_date, "end_date": agreement.end_date}
    stage = services.plan_item_save(
        actor=group, revision=draft, item=Stage(order=1), name="Persiapan", objective="Siap.", **dates
    )
    services.plan_item_save(
        actor=group, revision=draft, item=stage, read_version=stage.lock_version, name="Persiapan lahan"
    )
    services.plan_item_delete(actor=group, revision=draft, item=stage)
    fill(draft)
    approve(draft, institution)
    approve(draft, group)
    services.plan_revision_start(actor=institution, plan=draft.plan, note="Musim hujan")
    services.plan_next_cycle(
        actor=group,
        agreement=agreement,
        source=draft,
        activity_keys=[],
        new_titles=["Rumah kompos"],
        targets={},
        note="",
    )

    def revision(cycle, number):
        return reverse("plans:revision", kwargs={"pk": agreement.pk, "cycle": cycle, "number": number})

    assert told(as_alice, agreement, "plan") == [
        ("Rencana siklus 2 disusun dari siklus 1", revision(2, 1), ""),
        ("Revisi 2 rencana siklus 1 mulai disusun", revision(1, 2), "Musim hujan"),
        ("Rencana siklus 1, revisi 1 disetujui kedua pihak dan berlaku", revision(1, 1), ""),
        # The stage removed has no page any more: told without a link.
        ("Dihapus dari rencana siklus 1, revisi 1: tahapan “1. Persiapan lahan”", "", ""),
        (
            "Diubah di rencana siklus 1, revisi 1: tahapan “1. Persiapan lahan”",
            revision(1, 1),
            "Diubah: nama",
        ),
        ("Ditambahkan ke rencana siklus 1, revisi 1: tahapan “1. Persiapan”", revision(1, 1), ""),
        ("Rencana siklus 1 mulai disusun", revision(1, 1), ""),
    ]
    assert [title for title, _url, _detail in told(as_alice, agreement, "approval")] == [
        "Disetujui: rencana siklus 1, revisi 1, versi 1",
        "Disetujui: rencana siklus 1, revisi 1, versi 1",
    ]


def test_each_kind_of_plan_item_is_named_as_the_reader_calls_it(as_alice, draft, alice):
    institution = institution_actor(alice)
    commitment = services.plan_item_save(
        actor=institution,
        revision=draft,
        item=Commitment(),
        party="institution",
        text="Hadir dua kali sebulan.",
    )
    services.plan_item_save(
        actor=institution,
        revision=draft,
        item=commitment,
        read_version=commitment.lock_version,
        text="Hadir tiap minggu.",
    )
    title, _url, detail = told(as_alice, draft.plan.agreement, "plan")[0]
    assert (title, detail) == (
        "Diubah di rencana siklus 1, revisi 1: komitmen “Hadir tiap minggu.”",
        "Diubah: komitmen",
    )
