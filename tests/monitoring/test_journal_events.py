"""Monitoring's services write one journal event per change, in the change's own transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from monitoring import services
from pendampingan.models import Refused
from tests.events import mark, the_event, told, written_since
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


def murl(name, agreement, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"pk": agreement.pk, **kwargs})


def test_the_journal_page_tells_progress_and_indicator_values_and_their_changes(
    as_alice, agreement_in_force, chair_actor, fiona_actor, activity, indicator
):
    entry = record(chair_actor, activity, what_was_done="Bibit disemai.")
    services.progress_update(
        actor=chair_actor, entry=entry, read_version=entry.lock_version, percent_done=50, status="in_progress"
    )
    value = record_value(fiona_actor, indicator, value=4, note="Dari daftar hadir.")
    services.indicator_value_update(
        actor=fiona_actor, indicator_value=value, read_version=value.lock_version, value=6
    )

    page = murl("activity", agreement_in_force, key=activity.key)
    assert told(as_alice, agreement_in_force, "progress") == [
        (f"Realisasi {activity.title} diubah", page, "Diubah: persen selesai"),
        (f"Realisasi {activity.title}: sedang berjalan, 30%", page, "Bibit disemai."),
    ]
    page = murl("indicator", agreement_in_force, indicator_key=indicator.key)
    assert told(as_alice, agreement_in_force, "indicator") == [
        (f"Nilai {indicator.name} diubah", page, "Diubah: nilai"),
        (f"Pengukuran {indicator.name}: 4", page, "Dari daftar hadir."),
    ]


def test_a_change_written_before_its_event_named_the_activity_is_told_without_the_name(
    as_alice, agreement_in_force, chair_actor, activity
):
    entry = record(chair_actor, activity)
    services.progress_update(actor=chair_actor, entry=entry, read_version=entry.lock_version, percent_done=50)
    event = written_since(0)[-1]
    del event.summary["activity"]
    event.save()
    title, _url, detail = told(as_alice, agreement_in_force, "progress")[0]
    assert (title, detail) == ("Catatan realisasi diubah", "Diubah: persen selesai")


def test_the_journal_page_tells_reported_deviations_and_corrective_actions(
    as_alice, agreement_in_force, chair_actor, fiona_actor
):
    report = services.deviation_report(
        actor=chair_actor,
        agreement=agreement_in_force,
        title="Pendamping tidak hadir",
        concerns_party="institution",
        description="Dua pertemuan.",
        observed_on=timezone.localdate(),
    )
    services.deviation_report_update(
        actor=chair_actor, report=report, read_version=report.lock_version, description="Tiga pertemuan."
    )
    services.deviation_report_withdraw(actor=chair_actor, report=report)
    action = services.corrective_action_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        title="Menyusun buku kas",
        owner_party="group",
        owner_name="Sumarni",
        due_date=timezone.localdate() + 14 * DAY,
    )
    services.corrective_action_update(
        actor=fiona_actor, action=action, read_version=action.lock_version, owner_name="Rahmat"
    )
    for actor, step, note in [
        (chair_actor, "done", ""),
        (fiona_actor, "reopened", "Belum lengkap."),
        (chair_actor, "done", "Sudah lengkap."),
        (fiona_actor, "confirmed", ""),
    ]:
        action.refresh_from_db()
        services.corrective_action_step(
            actor=actor, action=action, kind=step, read_version=action.lock_version, note=note
        )

    page = murl("report", agreement_in_force, reported_pk=report.pk)
    assert told(as_alice, agreement_in_force, "deviation") == [
        ("Laporan penyimpangan ditarik kembali: Pendamping tidak hadir", page, ""),
        ("Laporan penyimpangan diubah: Pendamping tidak hadir", page, "Diubah: rincian"),
        ("Penyimpangan dilaporkan: Pendamping tidak hadir", page, "Lembaga"),
    ]
    page = murl("action", agreement_in_force, action_pk=action.pk)
    with translation.override("id"):
        due = date_format(timezone.localdate() + 14 * DAY)
    assert told(as_alice, agreement_in_force, "action") == [
        ("Dikonfirmasi dan ditutup: Menyusun buku kas", page, ""),
        ("Ditandai selesai: Menyusun buku kas", page, "Sudah lengkap."),
        ("Dibuka kembali: Menyusun buku kas", page, "Belum lengkap."),
        ("Ditandai selesai: Menyusun buku kas", page, ""),
        ("Tindak lanjut diubah: Menyusun buku kas", page, "Diubah: penanggung jawab"),
        ("Tindak lanjut dibuka: Menyusun buku kas", page, f"Sumarni, batas {due}"),
    ]


def test_the_journal_page_tells_the_mutual_assessment_but_never_a_draft_card(
    as_gita, agreement_in_force, chair_actor, fiona_actor
):
    round_ = services.assessment_open(actor=chair_actor, agreement=agreement_in_force)
    about_group = [c for c in round_.criteria.all() if c.about_party == "group"]
    services.criteria_update(
        actor=fiona_actor,
        agreement=agreement_in_force,
        texts=["Hadir di pertemuan", "Mencatat kas"],
        read_version=services.criteria_version(about_group),
    )
    scores = {c.pk: (2, "Jarang hadir.") for c in round_.criteria.all()}
    journal = reverse("records:journal", kwargs={"pk": agreement_in_force.pk})
    before = as_gita.get(journal).context["entries"]
    card = services.scorecard_save(actor=fiona_actor, round=round_, scores=scores, submit=False)
    # The group reads nothing of the institution's draft, nor that there is one.
    response = as_gita.get(journal)
    assert response.context["entries"] == before and "Jarang hadir" not in response.content.decode()

    services.scorecard_save(
        actor=fiona_actor, round=round_, scores=scores, submit=True, read_version=card.lock_version
    )
    services.scorecard_save(
        actor=chair_actor, round=round_, scores={c.pk: (4, "") for c in round_.criteria.all()}, submit=True
    )
    round_.refresh_from_db()
    services.round_discuss(
        actor=chair_actor, round=round_, read_version=round_.lock_version, discussion="Sepakat hadir rutin."
    )

    page = murl("round", agreement_in_force, number=1)
    assert told(as_gita, agreement_in_force, "assessment") == [
        ("Pembahasan bersama putaran 1 dicatat", page, ""),
        ("Kartu penilaian putaran 1 diserahkan", page, ""),
        ("Kartu penilaian putaran 1 diserahkan", page, ""),
        (
            "Kriteria penilaian kelompok diubah",
            murl("assessments", agreement_in_force),
            "Hadir di pertemuan\nMencatat kas",
        ),
        ("Putaran 1 penilaian timbal balik dibuka", page, ""),
    ]
