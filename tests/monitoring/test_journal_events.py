"""Monitoring's services write one journal event per change, in the change's own transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring import services
from pendampingan.models import Refused
from tests.events import mark, the_event, written_since
from tests.monitoring.conftest import record, record_value

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_progress_written_and_changed_are_events(chair_actor, fiona_actor, activity):
    since = mark()
    entry = record(chair_actor, activity, what_was_done="Bibit disemai.")
    event = the_event(since, "monitoring.progress_recorded", actor=chair_actor, obj=entry)
    assert event.summary == {
        "activity": activity.title,
        "activity_key": str(activity.key),
        "status": "in_progress",
        "percent": 30,
        "what_was_done": "Bibit disemai.",
    }
    assert (event.officer_name, event.officer_position) == ("Sumarni", "chair")

    since = mark()
    services.progress_update(actor=chair_actor, entry=entry, read_version=entry.lock_version, percent_done=50)
    event = the_event(since, "monitoring.progress_changed", actor=chair_actor, obj=entry)
    assert event.summary["fields"] == ["percent_done"]

    since = mark()
    with pytest.raises(Refused):  # only the party that wrote it changes it
        services.progress_update(actor=fiona_actor, entry=entry, read_version=None, percent_done=60)
    with pytest.raises(ValidationError):
        record(chair_actor, activity, percent_done=150)
    assert written_since(since) == []


def test_an_indicator_value_is_an_event_with_its_amount_as_text(fiona_actor, indicator):
    since = mark()
    value = record_value(fiona_actor, indicator, value="1500000.50")
    event = the_event(since, "monitoring.indicator_measured", actor=fiona_actor, obj=value)
    assert (event.summary["indicator"], event.summary["value"]) == (indicator.name, "1500000.50")


def test_reports_actions_and_their_steps_are_events(agreement_in_force, fiona_actor, chair_actor):
    since = mark()
    report = services.deviation_report(
        actor=chair_actor,
        agreement=agreement_in_force,
        title="Pendamping tidak hadir",
        concerns_party="institution",
        description="Dua pertemuan berturut-turut.",
        observed_on=timezone.localdate(),
    )
    event = the_event(since, "monitoring.deviation_reported", actor=chair_actor, obj=report)
    assert event.summary == {"title": "Pendamping tidak hadir", "concerns_party": "institution"}
    since = mark()
    services.deviation_report_withdraw(actor=chair_actor, report=report)
    services.deviation_report_withdraw(actor=chair_actor, report=report)  # the second click
    the_event(since, "monitoring.deviation_withdrawn", actor=chair_actor, obj=report)

    since = mark()
    action = services.corrective_action_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        title="Menyusun buku kas",
        owner_party="group",
        owner_name="Sumarni",
        due_date=timezone.localdate() + 14 * DAY,
    )
    event = the_event(since, "monitoring.action_opened", actor=fiona_actor, obj=action)
    assert event.summary["due_date"] == (timezone.localdate() + 14 * DAY).isoformat()

    since = mark()
    services.corrective_action_step(
        actor=chair_actor, action=action, kind="done", read_version=action.lock_version
    )
    step = action.steps.get()
    event = the_event(
        since, "monitoring.action_done", actor=chair_actor, obj=step, agreement=agreement_in_force
    )
    assert event.summary == {"action": action.pk, "title": "Menyusun buku kas", "step": "done", "note": ""}

    since = mark()
    with pytest.raises(Refused):  # from the page read before the step
        services.corrective_action_step(
            actor=fiona_actor, action=action, kind="confirmed", read_version=action.lock_version
        )
    assert written_since(since) == []


def test_a_round_and_its_cards_are_events(agreement_in_force, fiona_actor, chair_actor):
    since = mark()
    round_ = services.assessment_open(actor=chair_actor, agreement=agreement_in_force)
    the_event(since, "monitoring.round_opened", actor=chair_actor, obj=round_)
    scores = {c.pk: (4, "") for c in round_.criteria.all()}

    since = mark()
    with pytest.raises(ValidationError):  # a card submitted without every score
        services.scorecard_save(actor=fiona_actor, round=round_, scores={}, submit=True)
    assert written_since(since) == []
    card = services.scorecard_save(actor=fiona_actor, round=round_, scores=scores, submit=False)
    the_event(since, "monitoring.scorecard_saved", actor=fiona_actor, obj=card, agreement=agreement_in_force)

    since = mark()
    services.scorecard_save(
        actor=fiona_actor, round=round_, scores=scores, submit=True, read_version=card.lock_version
    )
    event = the_event(
        since, "monitoring.scorecard_submitted", actor=fiona_actor, obj=card, agreement=agreement_in_force
    )
    assert event.summary == {"round": 1}
