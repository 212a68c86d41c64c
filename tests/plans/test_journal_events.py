"""The plans' services write one journal event per change, in the change's own transaction."""

import pytest

from pendampingan.models import Refused
from plans import services
from plans.models import Stage
from tests.conftest import approve, group_actor, institution_actor
from tests.events import mark, the_event, written_since
from tests.plans.conftest import add_stage, fill

pytestmark = pytest.mark.django_db


def test_starting_a_plan_and_each_item_change_are_events(draft, alice, group_a, chair):
    assert the_event(
        0, "plan.created", actor=institution_actor(alice), obj=draft, agreement=draft.plan.agreement
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
