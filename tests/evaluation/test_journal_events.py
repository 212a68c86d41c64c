"""The evaluations' services write one journal event per change, in the change's own transaction."""

import pytest
from django.urls import reverse

from evaluation import services
from pendampingan.models import Refused
from tests.conftest import approve, group_actor, institution_actor
from tests.events import mark, the_event, told, written_since

pytestmark = pytest.mark.django_db


def test_an_evaluation_started_changed_approved_and_carried_forward_are_events(
    agreement_in_force, fiona_actor, chair_actor, alice, group_a, chair
):
    since = mark()
    cycle = services.evaluation_start(actor=fiona_actor, agreement=agreement_in_force, level="cycle")
    event = the_event(since, "evaluation.started", actor=fiona_actor, obj=cycle)
    assert event.summary == {"title": cycle.title}

    since = mark()
    with pytest.raises(Refused):  # the other party's assessment is theirs to write
        services.evaluation_update(
            actor=chair_actor, evaluation=cycle, read_version=cycle.lock_version, institution_worked="x"
        )
    assert written_since(since) == []
    services.evaluation_update(
        actor=chair_actor, evaluation=cycle, read_version=cycle.lock_version, group_worked="Kompos jalan."
    )
    event = the_event(since, "evaluation.changed", actor=chair_actor, obj=cycle)
    assert (event.summary["fields"], event.summary["version"]) == (["group_worked"], 1)

    since = mark()
    approve(cycle, institution_actor(alice))
    approve(cycle, group_actor(group_a, chair))
    assert [(e.kind, e.party) for e in written_since(since)] == [
        ("evaluation.approved", "institution"),
        ("evaluation.approved", "group"),
        ("evaluation.final", ""),
    ]

    since = mark()
    revision = services.carry_forward(
        actor=chair_actor, evaluation=cycle, activity_keys=[], new_titles=["Rumah kompos kedua"], targets={}
    )
    # One change, one event: the evaluation's, naming the plan cycle it drafted.
    event = the_event(since, "evaluation.next_plan_drafted", actor=chair_actor, obj=cycle)
    assert event.summary == {"title": cycle.title, "cycle": revision.plan.cycle}


def test_the_journal_page_tells_an_evaluation_from_its_start_to_the_next_plan(
    as_alice, agreement_in_force, fiona_actor, chair_actor, alice, group_a, chair
):
    cycle = services.evaluation_start(actor=fiona_actor, agreement=agreement_in_force, level="cycle")
    services.evaluation_update(
        actor=chair_actor,
        evaluation=cycle,
        read_version=cycle.lock_version,
        group_worked="Kompos jalan.",
        recommendations="Rumah kompos kedua.",
    )
    approve(cycle, institution_actor(alice))
    approve(cycle, group_actor(group_a, chair))
    revision = services.carry_forward(
        actor=chair_actor, evaluation=cycle, activity_keys=[], new_titles=["Rumah kompos kedua"], targets={}
    )

    page = reverse("evaluation:evaluation", kwargs={"pk": agreement_in_force.pk, "evaluation_pk": cycle.pk})
    assert told(as_alice, agreement_in_force, "evaluation") == [
        (f"Evaluasi “{cycle.title}” disetujui kedua pihak: sudah final", page, ""),
        (
            f"Evaluasi diubah: {cycle.title}",
            page,
            "Diubah: yang berhasil, menurut kelompok; rekomendasi bersama",
        ),
        (f"Evaluasi dimulai: {cycle.title}", page, ""),
    ]
    # The plan drafted is told among the plan's events, linked to the draft.
    assert told(as_alice, agreement_in_force, "plan")[0] == (
        f"Rencana siklus 2 disusun dari evaluasi “{cycle.title}”",
        reverse("plans:revision", kwargs={"pk": agreement_in_force.pk, "cycle": 2, "number": 1}),
        "",
    )
    assert revision.plan.cycle == 2 and revision.number == 1
    assert [title for title, _url, _detail in told(as_alice, agreement_in_force, "approval")[:2]] == [
        f"Disetujui: evaluasi “{cycle.title}”, versi 1",
        f"Disetujui: evaluasi “{cycle.title}”, versi 1",
    ]
