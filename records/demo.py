"""Routine meetings, minutes and activity records of the demo's rice-farming agreement, written by
both parties through the services. Dates follow today, so the story reads the same whenever loaded."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pendampingan import approvals, attachments
from pendampingan.demo_kit import actor_of, approvals_dated, at, attendance_pdf, dated, story, written_on
from pendampingan.factories import agree, person_of
from pendampingan.models import Approval, Member, Party
from plans.models import Activity
from records import schedule, services
from records.factories import ActivityRecordFactory, FeedbackFactory, MeetingFactory, MinutesFactory, held
from records.models import ActivityRecord, Feedback, Meeting, MeetingSchedule, Minutes, MinutesRevision

T = datetime.time
DAY = datetime.timedelta(days=1)
PLACE = "Balai Dusun Krajan, Desa Sidomulyo"

# Each past routine meeting, oldest first: agenda, who was absent and who excused (the facilitator
# is "pendamping"), then the minutes: discussion per agenda item, decisions, action items (what,
# who, days after the meeting), and how far the confirmation went.
MEETINGS = [
    {
        "agenda": ["Laporan kas kelompok", "Jadwal penyiangan bersama"],
        "excused": ["Darsum"],
        "discussion": [
            "Bendahara melaporkan saldo kas Rp2.350.000; iuran dua anggota belum masuk.",
            "Penyiangan dilakukan bergiliran per hamparan; pendamping membawa contoh alat gasrok.",
        ],
        "decisions": [
            "Iuran bulanan tetap Rp10.000 per anggota.",
            "Penyiangan bersama mulai Sabtu depan.",
        ],
        "items": [("Menagih iuran yang belum masuk", "Warsito", 14)],
        "confirm": "both",
    },
    {
        "agenda": ["Pengamatan hama wereng", "Jadwal ulang pelatihan pencatatan"],
        "absent": ["Paijo Sutrisno", "Tumini", "Rusmini", "Darsum"],
        "excused": ["Karsono"],
        "discussion": [
            "Wereng terlihat di hamparan timur; pendamping menunjukkan cara membuat perangkap lampu.",
            "Banyak anggota sedang menyiang di sawah, sehingga pertemuan tidak mencapai kuorum.",
        ],
        "decisions": ["Pelatihan pencatatan dibicarakan lagi pada pertemuan berikutnya."],
        "items": [],
        "confirm": "both",
    },
    {
        "agenda": ["Perluasan rumah kompos", "Pembagian tugas piket kompos"],
        "absent": ["pendamping"],
        "excused": ["Tumini"],
        "discussion": [
            "Rumah kompos penuh; Pak Sugeng meminjamkan lahan di sebelahnya untuk bak tambahan.",
            "Piket kompos dua orang per minggu, jadwal ditempel di balai dusun.",
        ],
        "decisions": ["Dua bak kompos tambahan dibangun gotong royong hari Sabtu."],
        "items": [("Menyusun jadwal piket kompos", "Siti Aminah", 7)],
        "confirm": "both",
    },
    {
        "agenda": ["Evaluasi produksi kompos", "Rencana sekolah lapang MOL"],
        "absent": ["Darsum"],
        "discussion": [
            "Produksi kompos bulan ini 6 ton; kotoran ternak kurang, perlu tambahan dari dusun sebelah.",
            "Sekolah lapang MOL dipandu pendamping setiap Kamis sore selama empat minggu.",
        ],
        "decisions": ["Kelompok membeli kotoran ternak Rp150.000 per truk dari kas."],
        "items": [("Menghubungi peternak Dusun Ngasem", "Karsono", 10)],
        # Confirmed by both, then corrected: the new version waits for the group.
        "confirm": "revised",
    },
    {
        "agenda": ["Iuran sertifikasi PAMOR", "Penjualan kompos kepada anggota"],
        "absent": ["Rusmini"],
        "excused": ["Warsito"],
        "discussion": [
            "Bendahara berhalangan; sekretaris membacakan iuran sertifikasi yang sudah terkumpul Rp640.000.",
            "Kompos yang berlebih dijual kepada anggota Rp500 per kg; uangnya masuk kas.",
        ],
        "decisions": ["Iuran sertifikasi dilunasi paling lambat akhir bulan.", "Harga kompos Rp500 per kg."],
        "items": [("Mendaftar anggota yang membeli kompos", "Siti Aminah", 5)],
        # Confirmed by the group; the facilitator has not read them yet.
        "confirm": "group",
    },
    {
        "agenda": ["Pengendalian hama keong", "Rencana pelatihan harga pokok"],
        "absent": ["Tumini"],
        "discussion": [],
        "decisions": [],
        "items": [],
        "confirm": None,
    },
]


def _schedule(agreement):
    """Every other Thursday from the first Thursday of the agreement, as its group committed to."""
    first = agreement.start_date + datetime.timedelta(days=(3 - agreement.start_date.weekday()) % 7)
    return MeetingSchedule(
        agreement=agreement,
        frequency=MeetingSchedule.Frequency.WEEKS,
        interval_weeks=2,
        weekday=3,
        week_of_month=MeetingSchedule.Week.SECOND,
        starts_on=first,
        start_time=T(14),
        place=PLACE,
    )


def _past_dates(agreement, count):
    """The last ``count`` meeting days of the schedule before today, oldest first."""
    rule = _schedule(agreement)
    found = list(schedule.dates(rule, rule.starts_on, timezone.localdate() - DAY))
    return found[-count:]


def _attended(meeting, actor, absent=(), excused=(), files=()):
    """``meeting`` held, everyone present but ``absent`` and ``excused`` ("pendamping": its facilitator)."""
    facilitator = person_of(meeting.agreement, Party.INSTITUTION)

    def named(names):
        return [facilitator if name == "pendamping" else name for name in names]

    return held(meeting, actor, absent=named(absent), excused=named(excused), files=files)


def _routine(agreement, actor, held_on, agenda):
    """A routine meeting of the schedule, called when the schedule was agreed."""
    meeting = MeetingFactory(
        agreement=agreement,
        actor=actor,
        title="Pertemuan rutin",
        held_on=held_on,
        start_time=T(14),
        place=PLACE,
        agenda=agenda,
    )
    Meeting.objects.filter(pk=meeting.pk).update(scheduled=True)
    meeting.refresh_from_db()
    return meeting


def seed_meetings(stdout):
    agreement = story()
    if agreement is None or agreement.meetings.exists():
        return
    facilitator = actor_of(agreement, "pendamping")
    chair = actor_of(agreement, Member.Position.CHAIR)
    secretary = actor_of(agreement, Member.Position.SECRETARY)
    today = timezone.localdate()
    days = _past_dates(agreement, len(MEETINGS) + 1)
    activities = {a.title: a.key for a in Activity.objects.in_force(agreement)}
    # The month before the last: cancelled, which stays a deviation both parties see.
    cancelled_on = days.pop(-2) if len(days) > len(MEETINGS) else None
    for day, plan in zip(days, MEETINGS, strict=False):
        meeting = _routine(agreement, secretary, day, "\n".join(plan["agenda"]))
        files = []
        if plan is MEETINGS[0]:
            names = [m.name for m in agreement.group.members.filter(is_active=True)]
            scan = SimpleUploadedFile("daftar-hadir.pdf", attendance_pdf("Pertemuan rutin", names))
            files = [attachments.prepare(scan)]
        absent, excused = plan.get("absent", []), plan.get("excused", [])
        meeting = _attended(meeting, secretary, absent, excused, files)
        if not plan["discussion"]:
            continue
        minutes = MinutesFactory(
            meeting=meeting,
            actor=secretary,
            chair="Sugeng Riyadi" if "Sugeng Riyadi" not in absent + excused else "Siti Aminah",
            minute_taker="Siti Aminah",
            opened_at=T(14, 10),
            closed_at=T(16, 0),
            discussion=[
                {"item": i, "text": t} for i, t in zip(plan["agenda"], plan["discussion"], strict=True)
            ],
            decisions="\n".join(plan["decisions"]),
            action_items=[
                {
                    "what": what,
                    "who": who,
                    "due_date": min(day + after * DAY, agreement.end_date),
                    "activity_key": activities.get("Produksi pupuk kompos oleh kelompok")
                    if "kompos" in what
                    else None,
                }
                for what, who, after in plan["items"]
            ],
        )
        # The facilitator who was there confirms for the institution, the chair for the group.
        if plan["confirm"] in {"both", "revised"}:
            approvals.approve_as_shown_now(subject=minutes, actor=facilitator)
        if plan["confirm"] in {"both", "revised", "group"}:
            agree(minutes, Party.GROUP)
        if plan["confirm"] == "revised":
            services.minutes_update(
                actor=facilitator,
                minutes=minutes,
                read_version=minutes.lock_version,
                decisions="Kelompok membeli kotoran ternak Rp125.000 per truk dari kas, "
                "sesuai harga yang disepakati dengan peternak.",
                action_items=services.action_items_of(minutes),
            )
            minutes.refresh_from_db()
            approvals.approve_as_shown_now(subject=minutes, actor=facilitator)
    if cancelled_on is not None:
        meeting = _routine(agreement, chair, cancelled_on, "Laporan kas kelompok")
        services.meeting_cancel(
            actor=chair,
            meeting=meeting,
            read_version=meeting.lock_version,
            reason="Bertepatan dengan kerja bakti perbaikan saluran irigasi desa.",
        )
    rule = _schedule(agreement)
    agreed = services.schedule_save(
        actor=facilitator,
        agreement=agreement,
        **{name: getattr(rule, name) for name in MeetingSchedule.CONTENT_FIELDS},
    )
    if today <= agreement.end_date:
        # Held early today without the facilitator: the deviation shows as soon as the list is saved.
        meeting = MeetingFactory(
            agreement=agreement,
            actor=chair,
            title="Rapat mendadak serangan tikus",
            held_on=today,
            start_time=T(6, 30),
            place="Gubuk tani hamparan barat",
            agenda="Laporan serangan tikus di hamparan barat\nGropyokan tikus bersama",
        )
        _attended(meeting, secretary, absent=["Rusmini", "Darsum"], excused=["pendamping"])
    soon = today + 2 * DAY
    if soon <= agreement.end_date:
        MeetingFactory(
            agreement=agreement,
            actor=chair,
            title="Rapat persiapan panen",
            held_on=soon,
            start_time=T(19, 30),
            place="Rumah Bapak Sugeng Riyadi, RT 02",
            agenda="Perkiraan hasil panen per hamparan\nSewa alat perontok\nPembagian tugas pascapanen",
        )
    _date_meetings(agreement, agreed)
    _date_confirmations(agreement)
    stdout.write(f"Meetings, attendance and minutes recorded for {agreement.title}.")


def _date_meetings(agreement, agreed):
    """The schedule (``agreed``) and its meetings set when the agreement started; every meeting held,
    or called off, at the hour it was to start. The others stay called today."""
    start = agreement.start_date
    dated(MeetingSchedule, agreed.pk, at(start), "records.schedule_set")
    agreement.meetings.filter(scheduled=True).update(created_at=at(start))
    for meeting in agreement.meetings.exclude(status=Meeting.Status.PLANNED):
        when = at(meeting.held_on, meeting.start_time.hour, meeting.start_time.minute)
        dated(Meeting, meeting.pk, when, "records.meeting_held", "records.meeting_cancelled")
        if meeting.scheduled:
            dated(Meeting, meeting.pk, at(start), "records.meeting_called")


def _date_confirmations(agreement):
    """Confirmations dated in the days after each meeting (a correction three weeks later), as they
    would have been given: the journal then tells the year in order."""
    for minutes in Minutes.objects.filter(agreement=agreement).select_related("meeting"):
        held_on = minutes.meeting.held_on
        for approval in Approval.objects.filter(
            content_type__model="minutes", content_type__app_label="records", object_id=minutes.pk
        ):
            later = 21 if approval.version > 1 else 0
            days = later + (2 if approval.party == "institution" else 3)
            Approval.objects.filter(pk=approval.pk).update(approved_at=at(held_on + days * DAY, 10))
        for revision in minutes.revisions.all():
            when = at(held_on + (3 + (21 if revision.version > 1 else 0)) * DAY, 10)
            MinutesRevision.objects.filter(pk=revision.pk).update(confirmed_at=when)
            Minutes.objects.filter(pk=minutes.pk).update(confirmed_at=when)
        approvals_dated(minutes)
        # Written the evening of the meeting.
        dated(Minutes, minutes.pk, at(held_on, 20), "records.minutes_written")
        if minutes.version > 1:
            # The correction, the morning before its first confirmation.
            corrected = at(held_on + 23 * DAY, 8)
            Minutes.objects.filter(pk=minutes.pk).update(updated_at=corrected)
            minutes.history.filter(version=minutes.version).update(history_date=corrected)
            dated(Minutes, minutes.pk, corrected, "records.minutes_changed")


# (activity, who wrote it, done on, title, what was done, what it produced, thread: (who, text, asks))
RECORDS = [
    (
        "Musyawarah penyusunan rencana bersama",
        Member.Position.CHAIR,
        datetime.date(2026, 1, 20),
        "Musyawarah rencana pendampingan",
        "Dua kali musyawarah di balai dusun dihadiri 32 orang; rencana dibaca per kegiatan dan disepakati.",
        "Rencana pendampingan 2026–2027 disetujui; pembagian peran kelompok dan pendamping jelas.",
        [
            ("pendamping", "Terima kasih, catatan ini lengkap. Mohon daftar hadir kedua dilampirkan.", True),
            (Member.Position.SECRETARY, "Sudah kami lampirkan di catatan kemajuan musyawarah.", False),
        ],
    ),
    (
        "Pemetaan lahan dan uji tanah sawah anggota",
        "pendamping",
        datetime.date(2026, 3, 10),
        "Peta lahan dan hasil uji tanah",
        "Pemetaan 12 ha sawah anggota dengan GPS dan pengambilan 24 contoh tanah.",
        "Peta lahan per anggota dan tabel hasil uji tanah; 5 petak perlu tambahan bahan organik.",
        [
            (
                Member.Position.CHAIR,
                "Peta sangat membantu. Apakah petak yang rendah bahan organiknya bisa didahulukan "
                "mendapat kompos?",
                True,
            ),
        ],
    ),
    (
        "Pembangunan rumah kompos kelompok",
        Member.Position.TREASURER,
        datetime.date(2026, 6, 27),
        "Rumah kompos selesai dibangun",
        "Gotong royong dua hari Sabtu; rangka bambu, atap asbes bekas, lantai semen.",
        "Rumah kompos 6 × 8 m siap dipakai; biaya swadaya Rp1.850.000 tercatat di buku kas.",
        [
            (
                "pendamping",
                "Bagus sekali, cepat selesai. Apakah ukurannya cukup untuk produksi 8 ton kompos per bulan?",
                True,
            ),
        ],
    ),
]


def seed_activity_records(stdout):
    agreement = story()
    if agreement is None or ActivityRecord.objects.filter(agreement=agreement).exists():
        return
    activities = {a.title: a for a in Activity.objects.in_force(agreement)}
    if not activities:
        return
    for title, who, done_on, record_title, done, results, thread in RECORDS:
        record = ActivityRecordFactory(
            actor=actor_of(agreement, who),
            agreement=agreement,
            activity=activities[title],
            done_on=min(done_on, timezone.localdate()),
            title=record_title,
            what_was_done=done,
            results=results,
        )
        for writer, text, asks in thread:
            FeedbackFactory(actor=actor_of(agreement, writer), record=record, text=text, expects_answer=asks)
    written_on(ActivityRecord.objects.filter(agreement=agreement), "done_on", hour=18)
    thread = Feedback.objects.filter(record__agreement=agreement).select_related("record")
    for number, message in enumerate(thread):
        when = at(message.record.done_on + (2 + 2 * number) * DAY, 20)
        Feedback.objects.filter(pk=message.pk).update(created_at=when)
        dated(Feedback, message.pk, when)
    stdout.write(f"Activity records and feedback recorded for {agreement.title}.")
