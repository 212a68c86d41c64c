"""The journal: everything both parties did in one agreement, newest first, a page at a time."""

import ast
import datetime
import importlib
import pathlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.formats import date_format

from monitoring.models import ActivityProgress, CorrectiveActionStep
from pendampingan import journal as core_journal
from pendampingan.models import Agreement, Approvable, JournalEvent
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
    # amendments; the journal's events: one query to count them, one for the page with their users.
    with assert_queries(9):
        response = as_alice.get(url("journal", story), {"page": "2" if extra else "1"})
    told = journal.events(story).count()
    assert len(response.context["entries"]) == min(
        told - journal.PER_PAGE if extra else told, journal.PER_PAGE
    )


def feedback_events(story, count, start):
    """``count`` events of feedback on the story's record, an hour apart from ``start``, written
    straight into the journal (the page, not the services, is under test)."""
    written = story.activity_records.get()
    JournalEvent.objects.bulk_create(
        JournalEvent(
            agreement=story,
            occurred_at=start + datetime.timedelta(hours=n),
            party="group",
            kind="records.feedback_added",
            content_type=ContentType.objects.get_for_model(Feedback),
            object_id=n + 1,
            summary={"record": written.pk, "title": written.title, "text": f"Pesan {n}"},
        )
        for n in range(count)
    )


def test_it_pages_past_two_hundred_pages(as_alice, story, monkeypatch):
    monkeypatch.setattr(journal, "PER_PAGE", 1)
    feedback_events(story, 250, timezone.now() - datetime.timedelta(days=400))
    # The story's own feedback is the newest, on page 1.
    response = as_alice.get(url("journal", story), {"kind": "feedback", "page": "250"})
    assert response.context["number"] == 250 and response.context["older"] == 251
    assert [e.detail for e in response.context["entries"]] == ["Pesan 1"]
    last = as_alice.get(url("journal", story), {"kind": "feedback", "page": "251"})
    assert last.context["older"] is None and last.context["newer"] == 250
    assert last.context["entries"][0].detail == "Pesan 0"


def test_it_filters_by_dates_of_the_reader_s_calendar(as_alice, story):
    start = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30))  # late evening in Jakarta
    feedback_events(story, 3, start)  # 1 March 23:30, 2 March 00:30 and 01:30
    response = as_alice.get(url("journal", story), {"since": "2026-03-02", "until": "2026-03-02"})
    assert [e.detail for e in response.context["entries"]] == ["Pesan 2", "Pesan 1"]
    response = as_alice.get(url("journal", story), {"until": "2026-03-01"})
    assert [e.detail for e in response.context["entries"]] == ["Pesan 0"]


def test_an_end_before_the_start_is_said_next_to_the_field(as_alice, story):
    response = as_alice.get(url("journal", story), {"since": "2026-03-02", "until": "2026-03-01"})
    assert response.status_code == 200 and response.context["entries"] == []
    assert "until" in response.context["filter"].form.errors


@pytest.mark.parametrize(("name", "day"), [("since", "0001-01-01"), ("until", "9999-12-31")])
def test_a_date_past_the_calendar_s_ends_is_said_next_to_the_field(as_alice, story, name, day):
    response = as_alice.get(url("journal", story), {name: day})
    assert response.status_code == 200 and response.context["entries"] == []
    assert name in response.context["filter"].form.errors


def test_it_reads_as_before_in_the_reader_s_words(as_alice, story):
    titles = {e.title for e in as_alice.get(url("journal", story)).context["entries"]}
    assert {
        "Umpan balik untuk “Pelatihan kompos”",
        "Catatan kegiatan: Pelatihan kompos",
        "Disetujui: rencana siklus 1, revisi 1, versi 1",
        "Pertemuan diadakan: Pertemuan rutin",
    } <= titles


def test_it_tells_in_english_for_a_reader_who_chose_it(as_alice, story, minutes):
    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        held_on = date_format(minutes.meeting.held_on)
    titles = {
        group: [e.title for e in as_alice.get(url("journal", story), {"kind": group}).context["entries"]]
        for group in ("minutes", "plan")
    }
    assert titles["minutes"] == [f"Minutes of {held_on} written"]
    assert titles["plan"] == [
        "Plan cycle 1, revision 1 approved by both parties and in force",
        "Plan cycle 1 started",
    ]


def test_another_agreement_s_journal_is_not_found(as_alice, agreement_b):
    assert as_alice.get(url("journal", agreement_b)).status_code == 404


APPS = ["pendampingan", "plans", "monitoring", "records", "evaluation"]
PREFIX = r"(agreement|plan|monitoring|records|evaluation)\."
KIND = re.compile(PREFIX + "[a-z_]+")
# The kinds the code makes from a value, with every value it can take.
MADE = {
    "f'agreement.{current.status}'": [f"agreement.{s}" for s in Agreement.Status.values if s != "draft"],
    "f'monitoring.action_{kind}'": [f"monitoring.action_{k}" for k in CorrectiveActionStep.Kind.values],
}


def kinds_written():
    """Every kind of event the code can write: those the modules writing events name, those they make
    from a value (as ``MADE`` spells them out), and the two of each approvable document."""
    found = set()
    for app in APPS:
        for path in sorted((pathlib.Path(settings.BASE_DIR) / app).rglob("*.py")):
            source = path.read_text()
            if "migrations" in path.parts or "journal.record(" not in source:
                continue
            tree = ast.parse(source)
            inside_made = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.JoinedStr):
                    inside_made |= {id(part) for part in node.values}
                    made = ast.unparse(node)
                    if re.match(PREFIX, made[2:]):
                        assert made in MADE, f"{path.name}: say which kinds {made} makes in MADE"
                        found |= set(MADE[made])
            found |= {
                node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and id(node) not in inside_made
                and isinstance(node.value, str)
                and KIND.fullmatch(node.value)
            }
    for model in apps.get_models():
        if issubclass(model, Approvable):
            found |= set(model.journal_kinds)
    return found


def not_told():
    """The kinds an app decided the journal does not tell (each says why next to its list)."""
    return {
        kind for app in APPS for kind in getattr(importlib.import_module(f"{app}.journal"), "NOT_TOLD", ())
    }


def test_every_kind_the_code_writes_is_told_or_deliberately_not():
    written, told = kinds_written(), set(core_journal.kinds_of())
    assert {"agreement.created", "monitoring.action_confirmed", "records.minutes_confirmed"} <= written
    assert written - told - not_told() == set(), "give these kinds a renderer, or say why they are not told"
    assert told & not_told() == set()
    assert told - written == set(), "a renderer for a kind nothing writes"


def test_a_draft_score_card_is_not_told():
    assert "monitoring.scorecard_saved" in not_told()
