"""The whole facilitation cycle, driven through the domain layer alone: no page, no request.

What a channel other than the web (a job, an import, the offline sync) would do: build the
actor, reach each object through the access entry points, check the permission, call the
service. One story from the agreement to the next plan, then what it left behind: the
journal, the verification codes and the kept PDFs.
"""

import datetime
import hashlib

import pypdfium2
import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evaluation import access as evaluation_access
from evaluation import services as evaluation_services
from monitoring import access as monitoring_access
from monitoring import deviations, health
from monitoring import services as monitoring_services
from monitoring.access import MonitoringAccess
from monitoring.deviations import DeviationStatus
from pendampingan import access, approvals, attachments, verification
from pendampingan import services as core_services
from pendampingan.access import Actor
from pendampingan.models import JournalEvent, Verification
from plans import access as plans_access
from plans import services as plans_services
from plans.models import Activity, Commitment, Indicator, Lead, Plan, Stage
from records import access as records_access
from tests.conftest import upload
from tests.monitoring.conftest import PDF
from tests.records.conftest import new_meeting, take_attendance, write_minutes

pytestmark = pytest.mark.django_db

D = datetime.date


class Calendar:
    """The day every rule reads as today (``timezone.localdate()``), moved forward as the story goes."""

    def __init__(self, monkeypatch):
        self.today = None
        real = timezone.localdate

        def localdate(value=None, timezone=None):
            return self.today if value is None else real(value, timezone)

        monkeypatch.setattr(timezone, "localdate", localdate)

    def on(self, day):
        self.today = day
        return day


def granted(permission):
    """What a channel checks before it calls the service; a refusal fails with the reason a person is told."""
    assert permission is True, str(permission)


def approve_both(subject, coordinator, officer, keep_paper):
    """The coordinator approves, then the group's officer completes the pair, whose commit keeps the PDF."""
    approvals.approve_as_shown_now(subject=subject, actor=coordinator)
    with keep_paper(execute=True):
        approvals.approve_as_shown_now(subject=subject, actor=officer)
    subject.refresh_from_db()
    return subject


def text_of(data):
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def agree(calendar, people, institution, group, keep_paper):
    alice, fiona, chair = people["alice"], people["fiona"], people["chair"]
    calendar.on(D(2026, 1, 5))
    agreement = core_services.agreement_create(
        actor=alice,
        institution=institution,
        facilitators=[fiona.user],
        group=group,
        coordinator=alice.user,
        title="Pendampingan Kelompok Tani Maju",
        purpose="Meningkatkan hasil panen dan kemandirian kelompok.",
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
        institution_commits="Pelatihan bulanan dan pendampingan pembukuan.",
        institution_excludes="Tidak mengelola kas kelompok.",
        group_commits="Pertemuan rutin bulanan dan swadaya tenaga.",
    )
    granted(access.get_agreement(alice, agreement.pk).can_approve)
    granted(access.get_agreement(chair, agreement.pk).can_approve)
    agreement = approve_both(agreement, alice, chair, keep_paper)
    granted(access.get_agreement(alice, agreement.pk).can_manage)
    return core_services.agreement_change_status(actor=alice, agreement=agreement, change="activate")


def plan(calendar, people, agreement, keep_paper):
    """A plan both parties write, item by item, then approve: the activities the story follows."""
    alice, fiona, chair, secretary = (people[n] for n in ("alice", "fiona", "chair", "secretary"))
    granted(plans_access.PlanAccess.for_actor(alice, agreement.pk).can_start)
    revision = plans_services.plan_create(actor=alice, agreement=agreement)
    granted(plans_access.get_revision_access(secretary, agreement.pk, 1, 1).can_edit)

    def add(actor, item, **data):
        return plans_services.plan_item_save(actor=actor, revision=revision, item=item, **data)

    preparing = add(
        fiona,
        Stage(),
        name="Persiapan",
        objective="Anggota siap membuat kompos.",
        start_date=D(2026, 1, 1),
        end_date=D(2026, 3, 31),
    )
    building = add(
        fiona,
        Stage(),
        name="Pelaksanaan",
        objective="Kompos dibuat sendiri oleh kelompok.",
        start_date=D(2026, 4, 1),
        end_date=D(2026, 6, 30),
    )
    activity = {
        "place": "Balai dusun",
        "expected_output": "Hasil yang disepakati.",
        "budget_institution": 1_500_000,
        "budget_group": 300_000,
    }
    training = add(
        fiona,
        Activity(),
        stage=preparing,
        title="Pelatihan kompos",
        start_date=D(2026, 1, 10),
        due_date=D(2026, 2, 27),
        responsible_party="both",
        lead=Lead.JOINT,
        **activity,
    )
    add(
        secretary,
        Activity(),
        stage=preparing,
        title="Pembukuan kas kelompok",
        start_date=D(2026, 1, 15),
        due_date=D(2026, 3, 31),
        responsible_party="group",
        lead=Lead.GROUP,
        **activity,
    )
    add(
        fiona,
        Activity(),
        stage=building,
        title="Rumah kompos",
        start_date=D(2026, 4, 1),
        due_date=D(2026, 6, 30),
        responsible_party="both",
        lead=Lead.JOINT,
        **activity,
    )
    add(
        secretary,
        Indicator(),
        activity=training,
        name="Anggota terlatih",
        unit="orang",
        target=20,
        target_date=D(2026, 6, 30),
        means_of_verification="Daftar hadir pelatihan",
        reporting_party="group",
    )
    add(fiona, Commitment(), party="institution", text="Hadir dua kali sebulan.")
    add(secretary, Commitment(), party="group", text="Menyediakan lahan dan tenaga.")
    granted(plans_access.get_revision_access(alice, agreement.pk, 1, 1).can_approve)
    granted(plans_access.get_revision_access(chair, agreement.pk, 1, 1).can_approve)
    return approve_both(revision, alice, chair, keep_paper)


def meet(calendar, people, agreement, keep_paper):
    """The February meeting, everyone there, its minutes written by the secretary and confirmed by both."""
    alice, fiona, chair, secretary = (people[n] for n in ("alice", "fiona", "chair", "secretary"))
    calendar.on(D(2026, 2, 3))
    february = new_meeting(fiona, agreement, held_on=D(2026, 2, 3), title="Pertemuan rutin Februari")
    granted(records_access.get_meeting_access(fiona, agreement.pk, february.pk).can_take_attendance(february))
    take_attendance(fiona, february)
    february.refresh_from_db()
    granted(
        records_access.get_meeting_access(secretary, agreement.pk, february.pk).can_write_minutes(february)
    )
    minutes = write_minutes(secretary, february)
    granted(records_access.get_meeting_access(alice, agreement.pk, february.pk).can_confirm)
    granted(records_access.get_meeting_access(chair, agreement.pk, february.pk).can_confirm)
    return approve_both(minutes, alice, chair, keep_paper)


def monitor(calendar, people, agreement, revision):
    """Progress with its evidence and a value of the indicator, written by the group's officers."""
    chair, secretary = people["chair"], people["secretary"]
    training = revision.activities.get(title="Pelatihan kompos")
    calendar.on(D(2026, 2, 20))
    granted(MonitoringAccess.for_actor(chair, agreement.pk).can_report)
    entry = monitoring_services.progress_create(
        actor=chair,
        agreement=agreement,
        activity=training,
        files=[attachments.prepare(upload("daftar-hadir.pdf", PDF, "application/pdf"))],
        reported_on=D(2026, 2, 20),
        status="in_progress",
        percent_done=60,
        actual_start=D(2026, 1, 12),
        spent_institution=900_000,
        spent_group=150_000,
        participants_women=9,
        participants_men=7,
        what_was_done="Tiga kali pelatihan, dua bak kompos jadi.",
    )
    value = monitoring_services.indicator_value_create(
        actor=secretary,
        agreement=agreement,
        indicator=revision.indicators.get(),
        measured_on=D(2026, 2, 20),
        value=16,
        note="Dari daftar hadir.",
    )
    return training, entry, value


def deviations_and_action(calendar, people, agreement, training):
    """The deviations the health page finds by itself (an activity overdue, a meeting without the
    facilitator), one reported by hand and its corrective action taken round the loop: opened,
    done by its owner, confirmed by the other party."""
    fiona, chair = people["fiona"], people["chair"]
    calendar.on(D(2026, 3, 3))
    march = new_meeting(chair, agreement, held_on=D(2026, 3, 3), title="Pertemuan rutin Maret")
    take_attendance(chair, march, Fiona="absent")
    overdue = f"activity_overdue:{training.key}"
    absent = f"facilitator_absent:{march.pk}"

    def found(day):
        return {d.key: d for d in health.health_of([agreement], day)[agreement.pk].deviations}

    assert overdue not in found(training.due_date)  # due today is not yet overdue
    calendar.on(D(2026, 3, 5))
    automatic = found(calendar.today)
    assert automatic[overdue].party == "both"
    assert automatic[absent].party == "institution"

    report = monitoring_services.deviation_report(
        actor=chair,
        agreement=agreement,
        title="Bibit pengurai dari lembaga terlambat datang",
        concerns_party="institution",
        description="Dijanjikan awal Februari, belum datang sampai Maret.",
        observed_on=D(2026, 3, 5),
    )
    reported = found(calendar.today)[report.deviation_key]
    assert reported.status == DeviationStatus.OPEN
    # The action starts from the deviation as the page's form would: named after it, owned by
    # the party it concerns.
    draft = deviations.action_draft(agreement, reported.key, calendar.today)
    assert draft["deviation_key"] == reported.key and draft["owner_party"] == "institution"
    action = monitoring_services.corrective_action_create(
        actor=fiona, agreement=agreement, owner_name="Fiona", due_date=D(2026, 3, 15), **draft
    )
    calendar.on(D(2026, 3, 12))
    done = monitoring_access.get_action_access(fiona, agreement.pk, action.pk)
    granted(done.can_mark_done(done.action))
    action = monitoring_services.corrective_action_step(
        actor=fiona, action=action, kind="done", read_version=done.action.lock_version
    )
    calendar.on(D(2026, 3, 13))
    confirm = monitoring_access.get_action_access(chair, agreement.pk, action.pk)
    granted(confirm.can_confirm(confirm.action))
    monitoring_services.corrective_action_step(
        actor=chair, action=action, kind="confirmed", read_version=confirm.action.lock_version
    )
    assert found(calendar.today)[report.deviation_key].status == DeviationStatus.CORRECTED
    return report


def assess(calendar, people, agreement):
    """A round of the mutual score card: each party scores, then both talk it over."""
    fiona, chair, secretary = people["fiona"], people["chair"], people["secretary"]
    calendar.on(D(2026, 3, 25))
    round_ = monitoring_services.assessment_open(actor=fiona, agreement=agreement)
    scores = {criterion.pk: (4, "") for criterion in round_.criteria.all()}
    monitoring_services.scorecard_save(actor=fiona, round=round_, scores=scores, submit=True)
    monitoring_services.scorecard_save(actor=chair, round=round_, scores=scores, submit=True)
    round_.refresh_from_db()
    return monitoring_services.round_discuss(
        actor=secretary,
        round=round_,
        read_version=round_.lock_version,
        discussion="Kehadiran pendamping perlu dijadwalkan bersama.",
    )


def evaluate(calendar, people, agreement, keep_paper):
    """The plan cycle's evaluation, each party in its own words, approved by both; the next plan from it."""
    alice, fiona, chair = people["alice"], people["fiona"], people["chair"]
    calendar.on(D(2026, 7, 6))
    granted(evaluation_access.EvaluationAccess.for_actor(fiona, agreement.pk).can_start)
    evaluation = evaluation_services.evaluation_start(actor=fiona, agreement=agreement, level="cycle")
    evaluation = evaluation_services.evaluation_update(
        actor=fiona,
        evaluation=evaluation,
        read_version=evaluation.lock_version,
        institution_worked="Pelatihan diikuti banyak anggota.",
        institution_did_not="Bibit pengurai terlambat.",
    )
    evaluation = evaluation_services.evaluation_update(
        actor=chair,
        evaluation=evaluation,
        read_version=evaluation.lock_version,
        group_worked="Kompos sudah dibuat sendiri.",
        group_lessons="Pembukuan perlu didampingi lebih lama.",
        recommendations="Pendampingan pembukuan kas\nRumah kompos kedua",
    )
    granted(evaluation_access.get_evaluation_access(alice, agreement.pk, evaluation.pk).can_approve)
    granted(evaluation_access.get_evaluation_access(chair, agreement.pk, evaluation.pk).can_approve)
    evaluation = approve_both(evaluation, alice, chair, keep_paper)
    granted(evaluation_access.get_evaluation_access(chair, agreement.pk, evaluation.pk).can_carry_forward)
    _source, unfinished, _indicators = evaluation_services.unfinished(evaluation, calendar.today)
    next_plan = evaluation_services.carry_forward(
        actor=chair,
        evaluation=evaluation,
        activity_keys=[a.key for a in unfinished],
        new_titles=evaluation.recommendations.splitlines(),
        targets={},
    )
    return evaluation, unfinished, next_plan


def test_it_runs_a_whole_cycle_through_the_services_with_actors_alone(
    monkeypatch,
    django_capture_on_commit_callbacks,
    institution_a,
    group_a,
    alice,
    fiona,
    chair,
    secretary,
    agreement_b,
):
    calendar = Calendar(monkeypatch)
    people = {
        "alice": Actor.for_staff(alice),
        "fiona": Actor.for_staff(fiona),
        "chair": Actor.for_officer(group_a, chair),
        "secretary": Actor.for_officer(group_a, secretary),
    }
    keep_paper = django_capture_on_commit_callbacks

    agreement = agree(calendar, people, institution_a, group_a, keep_paper)
    assert agreement.status == "active"
    revision = plan(calendar, people, agreement, keep_paper)
    assert revision.is_in_force
    minutes = meet(calendar, people, agreement, keep_paper)
    assert minutes.confirmed_version == 1
    training, entry, _value = monitor(calendar, people, agreement, revision)
    assert [e.original_name for e in entry.evidence.all()] == ["daftar-hadir.pdf"]
    deviations_and_action(calendar, people, agreement, training)
    assert assess(calendar, people, agreement).discussion
    evaluation, unfinished, next_revision = evaluate(calendar, people, agreement, keep_paper)
    assert evaluation.is_final

    # The next plan: a draft of cycle 2 with what was unfinished and what the evaluation recommended.
    assert next_revision.plan.cycle == 2 and next_revision.plan.status == Plan.Status.PREPARING
    assert {a.title for a in unfinished} == {"Pelatihan kompos", "Pembukuan kas kelompok", "Rumah kompos"}
    assert set(next_revision.activities.values_list("title", flat=True)) == {
        "Pelatihan kompos",
        "Pembukuan kas kelompok",
        "Rumah kompos",
        "Pendampingan pembukuan kas",
        "Rumah kompos kedua",
    }
    assert "Rumah kompos kedua" in next_revision.note

    # The journal: one event per change, by whom, with the officer acting on the group's login.
    expected = [
        ("agreement.created", "institution", "alice"),
        ("agreement.approved", "institution", "alice"),
        ("agreement.approved", "group", "Sumarni"),
        ("agreement.agreed", "", "Sumarni"),
        ("agreement.active", "institution", "alice"),
        ("plan.created", "institution", "alice"),
        ("plan.item_added", "institution", "fiona"),
        ("plan.item_added", "institution", "fiona"),
        ("plan.item_added", "institution", "fiona"),
        ("plan.item_added", "group", "Rahmat"),
        ("plan.item_added", "institution", "fiona"),
        ("plan.item_added", "group", "Rahmat"),
        ("plan.item_added", "institution", "fiona"),
        ("plan.item_added", "group", "Rahmat"),
        ("plan.revision_approved", "institution", "alice"),
        ("plan.revision_approved", "group", "Sumarni"),
        ("plan.revision_in_force", "", "Sumarni"),
        ("records.meeting_called", "institution", "fiona"),
        ("records.meeting_held", "", "fiona"),
        ("records.minutes_written", "group", "Rahmat"),
        ("records.minutes_approved", "institution", "alice"),
        ("records.minutes_approved", "group", "Sumarni"),
        ("records.minutes_confirmed", "", "Sumarni"),
        ("monitoring.progress_recorded", "group", "Sumarni"),
        ("monitoring.indicator_measured", "group", "Rahmat"),
        ("records.meeting_called", "group", "Sumarni"),
        ("records.meeting_held", "", "Sumarni"),
        ("monitoring.deviation_reported", "group", "Sumarni"),
        ("monitoring.action_opened", "institution", "fiona"),
        ("monitoring.action_done", "institution", "fiona"),
        ("monitoring.action_confirmed", "group", "Sumarni"),
        ("monitoring.round_opened", "institution", "fiona"),
        ("monitoring.scorecard_submitted", "institution", "fiona"),
        ("monitoring.scorecard_submitted", "group", "Sumarni"),
        ("monitoring.round_discussed", "group", "Rahmat"),
        ("evaluation.started", "institution", "fiona"),
        ("evaluation.changed", "institution", "fiona"),
        ("evaluation.changed", "group", "Sumarni"),
        ("evaluation.approved", "institution", "alice"),
        ("evaluation.approved", "group", "Sumarni"),
        ("evaluation.final", "", "Sumarni"),
        ("evaluation.next_plan_drafted", "group", "Sumarni"),
    ]
    # The other institution's agreement (a fixture) has its own creation event, and nothing more.
    assert list(agreement_b.journal_events.values_list("kind", flat=True)) == ["agreement.created"]
    events = list(JournalEvent.objects.exclude(agreement=agreement_b).order_by("pk"))
    assert [e.agreement_id for e in events] == [agreement.pk] * len(events)
    written = [(e.kind, e.party, e.officer_name or e.user.username) for e in events]
    assert written == expected
    # On the group's login the officer acting is named, with the office held then; staff act as themselves.
    assert {(e.officer_name, e.officer_position) for e in events if e.user == group_a.account} == {
        ("Sumarni", "chair"),
        ("Rahmat", "secretary"),
    }
    assert all(e.officer_id is None for e in events if e.user != group_a.account)

    # A verification code for each document both approved, its PDF kept at the approval.
    documents = [agreement, revision, minutes, evaluation]
    codes = Verification.objects.order_by("pk")
    assert [(c.content_type, c.object_id, c.version) for c in codes] == [
        (ContentType.objects.get_for_model(d), d.pk, 1) for d in documents
    ]
    for code in codes:
        with code.pdf.open("rb") as kept:
            data = kept.read()
        assert hashlib.sha256(data).hexdigest() == code.pdf_sha256
        assert verification.written(code.code) in text_of(data)
