"""The journal: everything both parties did in one agreement, newest first, a page at a time."""

import datetime

import pytest
from django.utils import timezone

from monitoring.models import ActivityProgress
from records import journal, services
from records.models import Feedback
from tests.monitoring.conftest import record as progress
from tests.records.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(agreement_in_force, fiona_actor, chair_actor, activity, minutes):
    """A little of everything: the agreement's and plan's approvals, a meeting and its minutes,
    progress, an activity record with feedback."""
    progress(chair_actor, activity)
    written = services.record_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        activity=activity,
        done_on=timezone.localdate(),
        title="Pelatihan kompos",
        what_was_done="Praktik.",
        results="Dua bak.",
    )
    services.feedback_add(actor=chair_actor, record=written, text="Terima kasih.")
    return agreement_in_force


def kinds(entries):
    return {e.kind for e in entries}


def test_it_holds_both_parties_doing_newest_first(story):
    entries, more = journal.page(story)
    assert {"approval", "meeting", "progress", "record", "feedback"} <= kinds(entries)
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert {e.party for e in entries} >= {"group", "institution", ""}
    assert not more


def test_it_filters_by_kind_and_by_party(story):
    entries, _more = journal.page(story, kind="feedback")
    assert kinds(entries) == {"feedback"}
    entries, _more = journal.page(story, party="group")
    assert {e.party for e in entries} == {"group"} and "meeting" not in kinds(entries)


def test_it_pages_without_losing_or_repeating_anything(story, chair_actor):
    written = story.activity_records.get()
    start = timezone.now() - datetime.timedelta(days=400)
    for n in range(60):
        message = services.feedback_add(actor=chair_actor, record=written, text=f"Pesan {n}")
        Feedback.objects.filter(pk=message.pk).update(created_at=start + datetime.timedelta(hours=n))
    everything = []
    number = 1
    while True:
        entries, more = journal.page(story, number=number)
        everything += entries
        if not more:
            break
        number += 1
    assert number >= 3
    assert len(everything) == len({(e.kind, e.title, e.when) for e in everything})
    texts = [e.detail for e in everything if e.kind == "feedback" and e.detail.startswith("Pesan")]
    assert texts == [f"Pesan {n}" for n in reversed(range(60))]


def test_the_page_links_older_and_newer_and_keeps_the_filter(as_alice, story, chair_actor):
    written = story.activity_records.get()
    for n in range(30):
        services.feedback_add(actor=chair_actor, record=written, text=f"Pesan {n}")
    first = as_alice.get(url("journal", story), {"kind": "feedback"})
    assert first.context["older"] == 2 and first.context["newer"] is None
    assert "kind=feedback&amp;page=2" in first.content.decode()
    second = as_alice.get(url("journal", story), {"kind": "feedback", "page": "2"})
    assert second.context["newer"] == 1 and len(second.context["entries"]) == 6


@pytest.mark.parametrize(
    "query", [{"page": "x"}, {"page": "-5"}, {"page": "99999999999999999999"}, {"kind": "nope"}]
)
def test_nonsense_in_the_address_is_no_error(as_alice, story, query):
    response = as_alice.get(url("journal", story), query)
    assert response.status_code == 200


def test_an_unknown_kind_shows_nothing_and_says_why(as_alice, story):
    response = as_alice.get(url("journal", story), {"kind": "nope"})
    assert response.context["entries"] == [] and response.context["filter"].form.errors


@pytest.mark.parametrize("extra", [0, 40])
def test_it_runs_a_fixed_number_of_queries(as_alice, story, chair_actor, activity, extra, assert_queries):
    for n in range(extra):
        progress(chair_actor, activity, what_was_done=f"Kemajuan {n}")
    assert ActivityProgress.objects.count() == 1 + extra
    # session, user, staff; the agreement with its parties, facilitators, approvals and proposed
    # amendments; one query per source (two for progress and indicator values, which name their
    # activity or indicator; for approvals, one for the agreement's and two for each other kind,
    # which names what was approved); the evaluations started, and the evaluations named for
    # their approvals.
    with assert_queries(27):
        response = as_alice.get(url("journal", story))
    assert len(response.context["entries"]) == min(journal.PER_PAGE, len(response.context["entries"]))
