"""A year of two-way monitoring for ``seed_scale``: progress of each activity begun (two activities
left late), indicator values (one indicator behind), a deviation reported by each party with the
corrective actions taken (one confirmed by the other party, one overdue), and a mutual assessment
round both parties scored and discussed. Written through the monitoring services."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from monitoring import services
from monitoring.factories import (
    ActivityProgressFactory,
    CorrectiveActionFactory,
    IndicatorValueFactory,
    ReportedDeviationFactory,
    scored_round,
)
from monitoring.models import CorrectiveActionStep, ProgressStatus
from pendampingan import attachments
from pendampingan.factories import acting, person_of
from pendampingan.models import Party
from plans.models import Activity, Indicator

DAY = datetime.timedelta(days=1)
_PHOTO = {}


def photo():
    """A small field photo, drawn once (Pillow) and attached as a phone's upload would be."""
    if "jpeg" not in _PHOTO:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (800, 600), (96, 140, 72))
        ImageDraw.Draw(image).rectangle((120, 260, 680, 560), fill=(150, 110, 70))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=70)
        _PHOTO["jpeg"] = out.getvalue()
    return attachments.prepare(SimpleUploadedFile("foto-kegiatan.jpg", _PHOTO["jpeg"], "image/jpeg"))


def year(agreement, rng):
    today = timezone.localdate()
    activities = list(Activity.objects.in_force(agreement).order_by("start_date", "title"))
    begun = [a for a in activities if a.start_date <= today]
    overdue = [a.pk for a in begun if a.due_date < today]
    late = set(rng.sample(overdue, k=min(2, len(overdue))))
    for n, activity in enumerate(begun):
        first = min(activity.start_date + 7 * DAY, today)
        ActivityProgressFactory(
            activity=activity,
            reported_on=first,
            percent_done=rng.choice([20, 30, 40, 50]),
            spent_institution=activity.budget_institution // 3,
            spent_group=activity.budget_group // 3,
            participants_women=rng.randint(6, 12),
            participants_men=rng.randint(5, 11),
            files=[photo()] if n % 3 == 0 else [],
        )
        if activity.due_date < today:
            done = activity.pk not in late
            ActivityProgressFactory(
                activity=activity,
                reported_on=activity.due_date,
                status=ProgressStatus.DONE if done else ProgressStatus.IN_PROGRESS,
                percent_done=100 if done else 60,
                actual_end=activity.due_date if done else None,
                spent_institution=activity.budget_institution,
                spent_group=activity.budget_group,
                what_was_done="Kegiatan selesai; hasilnya dicatat bersama pengurus."
                if done
                else "Baru sebagian anggota ikut; sisanya dijadwalkan ulang.",
                problems="" if done else "Hujan deras dua minggu; lahan belum bisa dikerjakan.",
            )
    indicators = list(Indicator.objects.in_force(agreement).select_related("activity"))
    behind = rng.choice(indicators) if indicators else None
    for indicator in indicators:
        measured = [
            d for d in (indicator.activity.start_date + 20 * DAY, indicator.activity.due_date) if d <= today
        ]
        for step, day in enumerate(measured, start=1):
            share = Decimal("0.2") if indicator == behind else Decimal(step) / 2
            value = indicator.baseline + (indicator.target - indicator.baseline) * share
            IndicatorValueFactory(indicator=indicator, measured_on=day, value=value.quantize(Decimal("0.01")))
    _deviations_and_actions(agreement, today)
    round_ = scored_round(agreement, score=rng.choice([3, 4]))
    services.round_discuss(
        actor=acting(agreement, Party.GROUP),
        round=round_,
        read_version=round_.lock_version,
        discussion="Kedua pihak sepakat jadwal kunjungan disusun bersama setiap awal bulan.",
    )


def _deviations_and_actions(agreement, today):
    absent = ReportedDeviationFactory(agreement=agreement, observed_on=today - 40 * DAY)
    books = ReportedDeviationFactory(
        agreement=agreement,
        reporter=Party.INSTITUTION,
        observed_on=today - 25 * DAY,
        title="Buku kas kelompok belum diperbarui dua bulan",
        description="Iuran dua bulan terakhir belum dicatat; nota disimpan terpisah.",
        our_commitment="Pendamping menemani bendahara mencatat iuran pada pertemuan berikut.",
    )
    visit = CorrectiveActionFactory(
        agreement=agreement,
        opened_by=Party.GROUP,
        owner_party=Party.INSTITUTION,
        title="Pendamping memberi kabar paling lambat sehari sebelum berhalangan",
        due_date=today - 10 * DAY,
        deviation_key=absent.deviation_key,
        deviation_title=absent.title,
        today=today - 38 * DAY,
    )
    for kind, party in [
        (CorrectiveActionStep.Kind.DONE, Party.INSTITUTION),
        (CorrectiveActionStep.Kind.CONFIRMED, Party.GROUP),
    ]:
        visit.refresh_from_db()
        visit = services.corrective_action_step(
            actor=acting(agreement, party),
            action=visit,
            kind=kind,
            read_version=visit.lock_version,
            note="Sudah dilakukan.",
        )
    CorrectiveActionFactory(
        agreement=agreement,
        title="Memperbarui buku kas dan menyerahkan salinannya kepada pendamping",
        owner_name=person_of(agreement, Party.GROUP),
        due_date=today - 5 * DAY,
        deviation_key=books.deviation_key,
        deviation_title=books.title,
        today=today - 24 * DAY,
    )
