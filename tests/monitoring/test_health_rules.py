"""How an agreement's health follows from its deviations, at the boundaries of the rule."""

import datetime

import pytest

from monitoring import deviations
from monitoring.deviations import Deviation, Rule
from monitoring.health import UNANSWERED_DAYS, Health, health_of
from monitoring.models import CorrectiveAction
from pendampingan.models import Agreement
from tests.conftest import make_agreement

TODAY = datetime.date(2026, 6, 1)


def rule(*found):
    """A rule finding ``found`` — (kind, key, since) — in every agreement it looks at."""

    def find(snapshot):
        for pk in snapshot.agreements:
            for kind, key, since in found:
                yield Deviation(pk, kind, key, "group", f"Temuan {key}", since=since)

    return Rule("late", "Kegiatan terlambat", find)


def action(agreement, alice, key, status):
    return CorrectiveAction.objects.create(
        agreement=agreement,
        title="Perbaikan",
        owner_party="group",
        owner_name="Sumarni",
        due_date=TODAY,
        deviation_key=key,
        status=status,
        author_party="institution",
        created_by=alice,
    )


@pytest.fixture
def running(agreement):
    Agreement.objects.filter(pk=agreement.pk).update(agreed_version=1, status=Agreement.Status.ACTIVE)
    agreement.refresh_from_db()
    return agreement


def level(agreement, *found):
    with deviations.rules.replaced(rule(*found)):
        return health_of([agreement], TODAY)[agreement.pk]


def test_with_no_deviation_it_is_on_track(running):
    assert level(running).level == Health.ON_TRACK


def test_a_deviation_not_yet_corrected_needs_attention(running):
    found = level(running, ("late", "a", TODAY))
    assert found.level == Health.NEEDS_ATTENTION
    assert found.reasons == ["Kegiatan terlambat: 1"]


def test_a_deviation_left_without_action_for_longer_than_the_limit_is_off_track(running):
    on_the_limit = TODAY - datetime.timedelta(days=UNANSWERED_DAYS)
    assert level(running, ("late", "a", on_the_limit)).level == Health.NEEDS_ATTENTION
    past_it = on_the_limit - datetime.timedelta(days=1)
    assert level(running, ("late", "a", past_it)).level == Health.OFF_TRACK


def test_an_action_under_way_keeps_an_old_deviation_from_being_off_track(running, alice):
    action(running, alice, "a", CorrectiveAction.Status.OPEN)
    old = TODAY - datetime.timedelta(days=90)
    assert level(running, ("late", "a", old)).level == Health.NEEDS_ATTENTION


def test_a_corrected_deviation_no_longer_counts(running, alice):
    action(running, alice, "a", CorrectiveAction.Status.CLOSED)
    found = level(running, ("late", "a", TODAY - datetime.timedelta(days=90)))
    assert (found.level, found.reasons) == (Health.ON_TRACK, [])


def test_an_overdue_corrective_action_is_off_track(running):
    assert level(running, ("action_overdue", "x", TODAY)).level == Health.OFF_TRACK


def test_drafts_and_ended_agreements_have_no_health_of_their_own(running, institution_a, group_a, alice):
    draft = make_agreement(institution_a, group_a, alice, [], title="Draf")
    ended = running
    Agreement.objects.filter(pk=ended.pk).update(status=Agreement.Status.COMPLETED)
    ended.refresh_from_db()
    with deviations.rules.replaced(rule(("late", "a", TODAY))):
        found = health_of([draft, ended], TODAY)
    assert found[draft.pk].level == Health.NOT_RUNNING
    assert found[ended.pk].level == Health.ENDED


def test_each_kind_is_one_reason_saying_how_many_are_left_too_long(running):
    old = TODAY - datetime.timedelta(days=UNANSWERED_DAYS + 5)
    found = level(running, ("late", "a", old), ("late", "b", TODAY), ("late", "c", TODAY))
    assert found.reasons == [
        f"Kegiatan terlambat: 3, 1 di antaranya tanpa tindak lanjut lebih dari {UNANSWERED_DAYS} hari"
    ]


def test_the_most_urgent_reason_comes_first(running):
    old = TODAY - datetime.timedelta(days=UNANSWERED_DAYS + 5)
    found = level(
        running, ("late", "a", TODAY), ("late", "b", TODAY), ("old", "c", old), ("action_overdue", "d", TODAY)
    )
    assert len(found.reasons) == 3
    assert found.most_urgent == found.reasons[0] and found.most_urgent.endswith(": 1")
    assert "30" in found.reasons[1] and found.reasons[2] == "Kegiatan terlambat: 2"
