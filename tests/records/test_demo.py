"""The demo shows every part of the records: a schedule, meetings past and coming, attendance below
quorum and without the facilitator, minutes confirmed, corrected and waiting, records with threads."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from monitoring import deviations
from pendampingan.demo_kit import AGREEMENT
from pendampingan.models import Agreement, Approval, JournalEvent
from records import journal
from records.feedback import owed_by
from records.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return Agreement.objects.get(title=AGREEMENT)


def test_it_has_a_schedule_and_meetings_past_and_coming(demo):
    today = timezone.localdate()
    assert demo.meeting_schedule.place
    held = demo.meetings.filter(status="held")
    assert held.count() >= 6 and all(m.held_on <= today for m in held)
    assert demo.meetings.filter(status="planned", held_on__gte=today).count() >= 2
    assert demo.meetings.filter(status="cancelled").exists()
    assert demo.meetings.filter(scheduled=False, held_on__gte=today).exists()
    assert held.filter(files__isnull=False).exists()


def test_its_meetings_show_as_deviations(demo):
    found = deviations.find([demo], timezone.localdate())[demo.pk]
    keys = {d.key.split(":")[0] for d in found}
    assert {"quorum_not_met", "facilitator_absent", "officer_absent", "meeting_not_held"} <= keys
    # One held this morning without the facilitator already shows.
    assert any(d.key.startswith("facilitator_absent:") and d.since == timezone.localdate() for d in found)


def test_its_minutes_are_confirmed_corrected_and_waiting(demo):
    minutes = list(demo.minutes.all())
    assert sum(m.is_confirmed for m in minutes) >= 2
    assert any(m.confirmed_version and not m.is_confirmed for m in minutes)
    waiting = [m for m in minutes if not m.is_confirmed]
    assert {bool(m.approval_by("group")) for m in waiting} == {True, False}
    assert any(m.approval_by("institution") and not m.approval_by("group") for m in waiting)
    assert demo.meetings.filter(status="held", minutes__isnull=True).exists()


def test_its_records_have_threads_and_one_awaits_an_answer(demo):
    records = list(demo.activity_records.prefetch_related("feedback"))
    assert {r.author_party for r in records} == {"group", "institution"}
    assert any(len(r.feedback.all()) >= 2 for r in records)
    assert {owed_by(r) for r in records} >= {"institution", "group"}


def test_its_journal_reads_in_the_order_things_happened(demo):
    entries, more = journal.page(demo)
    assert more
    assert len({e.when.date() for e in entries}) > 5


def test_its_journal_is_written_by_the_services_and_dated_like_what_it_tells(demo):
    events = JournalEvent.objects.filter(agreement=demo)
    assert events.filter(kind="agreement.created").count() == 1
    assert events.filter(kind="plan.item_added").count() > 10
    for message in Feedback.objects.filter(record__agreement=demo):
        assert (
            events.get(kind="records.feedback_added", object_id=message.pk).occurred_at == message.created_at
        )
    for approval in Approval.objects.filter(content_type__model="minutes", object_id__in=demo.minutes.all()):
        told = events.get(
            kind="records.minutes_approved",
            object_id=approval.object_id,
            party=approval.party,
            summary__version=approval.version,
        )
        assert told.occurred_at == approval.approved_at
    first = events.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    assert timezone.now() - first > datetime.timedelta(days=300)


def test_its_approved_documents_print_with_codes_and_one_plan_revision_is_superseded(demo, client):
    from django.core.cache import cache

    from pendampingan.models import Verification

    cache.clear()  # the public page counts lookups per address
    kinds = set(Verification.objects.values_list("content_type__model", flat=True))
    assert kinds == {"agreement", "planrevision", "minutes", "evaluation"}
    answers = {
        code: client.get(f"/v/{code}/") for code in Verification.objects.values_list("code", flat=True)
    }
    superseded = [
        r
        for r in answers.values()
        if r.context["superseded_at"] and r.context["verification"].content_type.model == "planrevision"
    ]
    assert all(r.status_code == 200 for r in answers.values())
    assert len(superseded) == 1
    # Codes date from the approvals that made them, as the demo tells the year.
    for found in Verification.objects.all():
        assert found.issued_at == max(a.approved_at for a in found.approvals())


def test_a_facilitator_who_left_is_deactivated_and_his_agreement_reassigned(demo):
    from django.contrib.auth import get_user_model

    from pendampingan import services

    yusuf = get_user_model().objects.get(username="pendamping.yusuf")
    assert not yusuf.is_active
    assert services.staff_to_reassign(yusuf.staff.institution) == []
    assert Agreement.objects.filter(
        facilitators__username="pendamping.dewi", group__name__contains="Mawar"
    ).exists()


def test_its_corrected_minutes_name_who_changed_them_and_when(demo, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    corrected = next(m for m in demo.minutes.all() if m.confirmed_version and not m.is_confirmed)
    assert corrected.updated_at.date() < timezone.localdate()
    assert corrected.updated_at < corrected.approval_by("institution").approved_at
    client.force_login(get_user_model().objects.get(username="pendamping"))
    url = reverse("records:meeting", kwargs={"pk": demo.pk, "meeting_pk": corrected.meeting_id})
    page = client.get(url).content.decode()
    assert f"Versi 2 diubah oleh {corrected.updated_by.get_full_name()}" in page
