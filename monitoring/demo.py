"""Progress and indicator values for the demo's rice-farming agreement, recorded by both parties
through the services."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from monitoring import services
from monitoring.content import in_force_indicators
from monitoring.factories import (
    ActivityProgressFactory,
    AssessmentRoundFactory,
    CorrectiveActionFactory,
    IndicatorValueFactory,
    ReportedDeviationFactory,
)
from monitoring.models import (
    ActivityProgress,
    AssessmentRound,
    CorrectiveAction,
    CorrectiveActionStep,
    Evidence,
    IndicatorValue,
    ProgressStatus,
    ReportedDeviation,
    Scorecard,
)
from pendampingan import attachments
from pendampingan.access import Actor
from pendampingan.demo_kit import actor_of, at, attendance_pdf, dated, story, written_on
from pendampingan.models import Member, Party
from plans.models import Activity, Commitment

DAY = datetime.timedelta(days=1)

D = datetime.date

# (activity, who, reported on, status, per cent, actual start, actual end,
#  spent (institution, swadaya, other), participants (women, men), what was done, problems)
# "Pelatihan pencatatan kegiatan dan keuangan kelompok" is left without an entry: it is late.
ENTRIES = [
    (
        "Musyawarah penyusunan rencana bersama",
        Member.Position.CHAIR,
        D(2026, 1, 22),
        ProgressStatus.DONE,
        100,
        D(2026, 1, 10),
        D(2026, 1, 20),
        (1_450_000, 500_000, 0),
        (14, 18),
        "Musyawarah dua kali di balai dusun; rencana pendampingan disepakati dan ditandatangani.",
        "",
    ),
    (
        "Pemetaan lahan dan uji tanah sawah anggota",
        "pendamping",
        D(2026, 2, 20),
        ProgressStatus.IN_PROGRESS,
        60,
        D(2026, 1, 27),
        None,
        (2_600_000, 400_000, 0),
        (3, 12),
        "Lahan 8 ha sudah dipetakan; 16 contoh tanah dikirim ke laboratorium.",
        "Hujan deras membuat beberapa petak tergenang dan belum bisa diambil contohnya.",
    ),
    (
        "Pemetaan lahan dan uji tanah sawah anggota",
        "pendamping",
        D(2026, 3, 12),
        ProgressStatus.DONE,
        100,
        D(2026, 1, 27),
        D(2026, 3, 10),
        (3_950_000, 750_000, 0),
        (4, 15),
        "Peta 12 ha selesai; hasil uji tanah 24 petak dibahas bersama anggota.",
        "Selesai terlambat dua minggu karena genangan.",
    ),
    (
        "Penyusunan aturan internal (AD/ART) kelompok",
        Member.Position.SECRETARY,
        D(2026, 4, 29),
        ProgressStatus.DONE,
        100,
        D(2026, 4, 3),
        D(2026, 4, 28),
        (0, 350_000, 0),
        (12, 17),
        "AD/ART disahkan dalam rapat anggota; iuran bulanan Rp10.000 disepakati.",
        "",
    ),
    (
        "Pembangunan rumah kompos kelompok",
        Member.Position.TREASURER,
        D(2026, 6, 30),
        ProgressStatus.DONE,
        100,
        D(2026, 5, 6),
        D(2026, 6, 27),
        (17_800_000, 6_900_000, 5_000_000),
        (9, 21),
        "Rumah kompos 6 × 10 m berdiri; kerja bakti anggota setiap Sabtu.",
        "Harga bambu naik, kekurangan ditutup dari swadaya.",
    ),
    (
        "Sekolah lapang pembuatan MOL dan agens hayati",
        "pendamping",
        D(2026, 6, 15),
        ProgressStatus.POSTPONED,
        20,
        D(2026, 6, 3),
        None,
        (1_200_000, 150_000, 0),
        (11, 9),
        "Pertemuan pertama sekolah lapang: pengenalan MOL dari bonggol pisang.",
        "Narasumber dari BPP dipindahtugaskan; pertemuan berikutnya ditunda sampai ada pengganti.",
    ),
    (
        "Produksi pupuk kompos oleh kelompok",
        Member.Position.TREASURER,
        D(2026, 11, 20),
        ProgressStatus.IN_PROGRESS,
        75,
        D(2026, 7, 6),
        None,
        (0, 5_600_000, 0),
        (10, 14),
        "Sudah diproduksi 9 ton kompos dari target 12 ton; 6 ton dipakai anggota.",
        "",
    ),
    # Weekly updates by the chair, each a change of the week before.
    *(
        (
            "Penanaman dan perawatan padi organik",
            Member.Position.CHAIR,
            reported_on,
            ProgressStatus.IN_PROGRESS,
            percent,
            D(2026, 8, 5),
            None,
            (0, spent, 0),
            people,
            done,
            problems,
        )
        for reported_on, percent, spent, people, done, problems in [
            (
                D(2026, 11, 4),
                45,
                11_200_000,
                (14, 20),
                "Padi umur 54 hari di 10 ha; penyiangan pertama selesai.",
                "",
            ),
            (
                D(2026, 11, 11),
                50,
                12_100_000,
                (15, 21),
                "Padi umur 61 hari; pupuk kompos susulan diberikan di semua petak.",
                "Wereng terlihat di dua petak milik Karsono.",
            ),
            (
                D(2026, 11, 18),
                55,
                12_800_000,
                (15, 22),
                "Padi umur 68 hari; wereng dikendalikan dengan agens hayati.",
                "Wereng terlihat di dua petak milik Karsono.",
            ),
            (
                D(2026, 11, 25),
                60,
                13_500_000,
                (16, 22),
                "Padi umur 75 hari di 10 ha; penyiangan kedua selesai.",
                "",
            ),
        ]
    ),
]


def seed_progress(stdout):
    agreement = story()
    if agreement is None or ActivityProgress.objects.filter(agreement=agreement).exists():
        return
    activities = {a.title: a for a in Activity.objects.in_force(agreement)}
    if not activities:
        return
    for title, who, reported_on, status, percent, start, end, spent, people, done, problems in ENTRIES:
        ActivityProgressFactory(
            actor=actor_of(agreement, who),
            agreement=agreement,
            activity=activities[title],
            reported_on=reported_on,
            status=status,
            percent_done=percent,
            actual_start=start,
            actual_end=end,
            spent_institution=spent[0],
            spent_group=spent[1],
            spent_other=spent[2],
            participants_women=people[0],
            participants_men=people[1],
            what_was_done=done,
            problems=problems,
        )
    written_on(ActivityProgress.objects.filter(agreement=agreement), "reported_on")
    stdout.write(f"Progress recorded for {agreement.title}.")


# (indicator, who, measured on, value, note). By late November 2026 the farmland and the compost
# are on track, the members farming organically are behind, the facilitator's attendance is
# above its target, and the harvest and the certificate have no value yet.
VALUES = [
    ("Luas sawah yang dikelola organik", Member.Position.CHAIR, D(2026, 6, 30), "5", "Musim tanam pertama."),
    ("Luas sawah yang dikelola organik", "pendamping", D(2026, 11, 20), "11", "Dari peta lahan terbaru."),
    ("Anggota yang menerapkan budidaya organik", Member.Position.SECRETARY, D(2026, 4, 30), "6", ""),
    (
        "Anggota yang menerapkan budidaya organik",
        "pendamping",
        D(2026, 10, 31),
        "13",
        "Sebagian anggota masih memakai pupuk kimia karena kompos belum cukup.",
    ),
    ("Kompos yang diproduksi kelompok", Member.Position.TREASURER, D(2026, 8, 31), "14", "Buku produksi."),
    ("Kompos yang diproduksi kelompok", Member.Position.TREASURER, D(2026, 11, 20), "37.5", ""),
    ("Kehadiran pendamping di pertemuan rutin", Member.Position.CHAIR, D(2026, 6, 30), "80", ""),
    (
        "Kehadiran pendamping di pertemuan rutin",
        Member.Position.CHAIR,
        D(2026, 11, 25),
        "92",
        "Pendamping hadir 11 dari 12 pertemuan.",
    ),
    ("Pertemuan rutin yang tercatat notulennya", "pendamping", D(2026, 9, 30), "70", ""),
]


def seed_indicator_values(stdout):
    agreement = story()
    if agreement is None or IndicatorValue.objects.filter(agreement=agreement).exists():
        return
    indicators = {i.name: i for i in in_force_indicators(agreement)}
    if not indicators:
        return
    for name, who, measured_on, value, note in VALUES:
        IndicatorValueFactory(
            actor=actor_of(agreement, who),
            agreement=agreement,
            indicator=indicators[name],
            measured_on=measured_on,
            value=Decimal(value),
            note=note,
        )
    written_on(IndicatorValue.objects.filter(agreement=agreement), "measured_on")
    stdout.write(f"Indicator values recorded for {agreement.title}.")


def seed_deviations_and_actions(stdout):
    """Both parties report a deviation about the other, and corrective actions go round the loop:
    one open, one overdue, one awaiting the group's confirmation, one closed, one reopened and done
    again. Due dates follow today, so the demo tells the same story whenever it is loaded."""
    agreement = story()
    if agreement is None or ReportedDeviation.objects.filter(agreement=agreement).exists():
        return
    activities = {a.title: a for a in Activity.objects.in_force(agreement)}
    indicators = {i.name: i for i in in_force_indicators(agreement)}
    if not activities:
        return
    facilitator = actor_of(agreement, "pendamping")
    chair = actor_of(agreement, Member.Position.CHAIR)
    treasurer = actor_of(agreement, Member.Position.TREASURER)
    commitment = (
        Commitment.objects.in_force(agreement).filter(party=Party.INSTITUTION).order_by("order").first()
    )
    absent = ReportedDeviationFactory(
        agreement=agreement,
        reporter=Party.GROUP,
        observed_on=D(2026, 10, 13),
        title="Pendamping tidak hadir pada pertemuan rutin bulan Oktober",
        description="Pertemuan 13 Oktober sudah dijadwalkan sebulan sebelumnya; pendamping tidak datang "
        "dan tidak memberi kabar, sehingga pembahasan pupuk organik ditunda.",
        commitment_key=commitment.key if commitment else None,
        our_commitment="Sekretaris mengirim jadwal pertemuan kepada pendamping seminggu sebelumnya, "
        "dan ketua mengingatkannya lewat telepon sehari sebelum pertemuan.",
    )
    late = activities.get("Pelatihan pencatatan kegiatan dan keuangan kelompok")
    books = ReportedDeviationFactory(
        agreement=agreement,
        actor=facilitator,
        reporter=Party.INSTITUTION,
        observed_on=D(2026, 11, 5),
        title="Buku kas kelompok belum diperbarui sejak Agustus",
        description="Iuran anggota September dan Oktober belum dicatat; bendahara menyimpan nota terpisah.",
        activity_key=late.key if late else None,
        our_commitment="Pendamping menemani bendahara mencatat iuran September–Oktober dari nota yang ada "
        "pada pertemuan rutin November.",
    )
    today = timezone.localdate()
    behind = indicators.get("Anggota yang menerapkan budidaya organik")
    treasurer_name = treasurer.officer.name

    def due(day):
        # Relative to today, yet always within the agreement, whenever the demo is loaded.
        return min(max(day, agreement.start_date), agreement.end_date)

    def step(actor, act, kind, note=""):
        act.refresh_from_db()
        return services.corrective_action_step(
            actor=actor, action=act, kind=kind, read_version=act.lock_version, note=note
        )

    CorrectiveActionFactory(
        agreement=agreement,
        actor=facilitator,
        title="Memperbarui buku kas dan menyerahkan salinannya kepada pendamping",
        owner_name=treasurer_name,
        due_date=due(today + 10 * DAY),
        deviation_key=books.deviation_key,
        deviation_title=books.title,
        # Opened from the report: it starts from what the reporter committed to.
        details=books.our_commitment,
    )
    if late:
        CorrectiveActionFactory(
            agreement=agreement,
            actor=chair,
            title="Menjadwalkan ulang pelatihan pencatatan kegiatan dan keuangan",
            owner_party=Party.INSTITUTION,
            due_date=due(today - 5 * DAY),
            deviation_key=f"activity_overdue:{late.key}",
            deviation_title=f"Terlambat: {late.title}",
            # Opened three weeks ago and not done by its day: the demo's overdue action.
            today=today - 21 * DAY,
        )
    attend = CorrectiveActionFactory(
        agreement=agreement,
        actor=chair,
        title="Pendamping hadir pada pertemuan rutin November dan Desember",
        owner_party=Party.INSTITUTION,
        due_date=due(today + 20 * DAY),
        deviation_key=absent.deviation_key,
        deviation_title=absent.title,
        details=absent.our_commitment,
        commitment_key=absent.commitment_key,
    )
    step(
        facilitator,
        attend,
        CorrectiveActionStep.Kind.DONE,
        "Hadir pada pertemuan 10 November; daftar hadir ditandatangani.",
    )
    if behind:
        compost = CorrectiveActionFactory(
            agreement=agreement,
            actor=facilitator,
            title="Menambah produksi kompos agar semua anggota bisa beralih ke pupuk organik",
            owner_name=treasurer_name,
            due_date=due(today + 3 * DAY),
            deviation_key=f"indicator_behind:{behind.key}",
            deviation_title=f"Tertinggal: {behind.name}",
        )
        step(treasurer, compost, CorrectiveActionStep.Kind.DONE, "Dua bak kompos baru sudah berproduksi.")
        step(facilitator, compost, CorrectiveActionStep.Kind.CONFIRMED, "Sudah dilihat di lokasi.")
    receipts = CorrectiveActionFactory(
        agreement=agreement,
        actor=facilitator,
        title="Melampirkan nota pembelian benih pada laporan belanja",
        owner_name=treasurer_name,
        due_date=due(today + 7 * DAY),
    )
    step(treasurer, receipts, CorrectiveActionStep.Kind.DONE, "Laporan belanja sudah diserahkan.")
    step(facilitator, receipts, CorrectiveActionStep.Kind.REOPENED, "Nota pembelian benih belum dilampirkan.")
    step(treasurer, receipts, CorrectiveActionStep.Kind.DONE, "Nota sudah difoto dan dilampirkan.")
    for action in agreement.corrective_actions.all():
        _opened_a_month_before_due(action)
    written_on(ReportedDeviation.objects.filter(agreement=agreement), "observed_on", hour=19)
    stdout.write(f"Deviations reported and corrective actions taken for {agreement.title}.")


def _opened_a_month_before_due(action):
    """Date ``action`` as opened a month before it falls due, its steps three days apart from then."""
    opened = at(action.due_date - 30 * DAY)
    CorrectiveAction.objects.filter(pk=action.pk).update(created_at=opened)
    dated(CorrectiveAction, action.pk, opened)
    for number, step in enumerate(action.steps.order_by("created_at", "pk"), start=1):
        taken = min(opened + 3 * number * DAY, timezone.now())
        CorrectiveActionStep.objects.filter(pk=step.pk).update(created_at=taken)
        dated(CorrectiveActionStep, step.pk, taken)


# Round 1 of the mutual assessment: (criterion, the other party's score and comment, own score).
GROUP_CARD = {
    "Datang sesuai jadwal yang disepakati": (2, "Dua kali tidak datang tanpa kabar.", 4),
    "Menepati komitmen": (3, "Pelatihan pembukuan mundur.", 4),
    "Menghormati keputusan kelompok (tidak mendominasi)": (4, "Mendengarkan usulan anggota.", 4),
    "Menjelaskan dengan jelas dan mudah dipahami": (5, "Contoh di sawah mudah diikuti.", 4),
    "Menanggapi permintaan kelompok tepat waktu": (3, "", 3),
}
INSTITUTION_CARD = {
    "Anggota ikut serta dalam kegiatan": (4, "Kehadiran rata-rata 80%.", 3),
    "Kelompok mengambil inisiatif": (4, "Kelompok sendiri yang mengusulkan rumah kompos.", 4),
    "Pencatatan kelompok terpelihara": (2, "Buku kas tidak diperbarui sejak Agustus.", 4),
    "Menepati komitmen": (4, "", 4),
    "Memberi swadaya (kontribusi sendiri)": (5, "Lahan dan tenaga untuk rumah kompos.", 4),
}


def seed_assessments(stdout):
    """Round 1 complete, with a gap and a low score discussed and one turned into an action;
    round 2 opened ten days ago, where only the group has submitted its card."""
    agreement = story()
    if agreement is None or agreement.assessment_rounds.exists():
        return
    facilitator = actor_of(agreement, "pendamping")
    chair = actor_of(agreement, Member.Position.CHAIR)
    secretary = actor_of(agreement, Member.Position.SECRETARY)
    today = timezone.localdate()
    first = _round(agreement, chair, D(2026, 4, 2), D(2026, 4, 16))
    criteria = {(c.about_party, c.text): c for c in first.criteria.all()}

    def card(round_, actor, party, answers):
        other = Party.GROUP if party == Party.INSTITUTION else Party.INSTITUTION
        scores = {}
        for text, (given, comment, _own) in answers.items():
            scores[criteria[(other, text)].pk] = (given, comment)
        # The card's self-scores are the third column of the other party's table.
        for text, (_given, _comment, own) in (
            GROUP_CARD if party == Party.INSTITUTION else INSTITUTION_CARD
        ).items():
            scores[criteria[(party, text)].pk] = (own, "")
        saved = services.scorecard_save(actor=actor, round=round_, scores=scores, submit=True)
        # Submitted by the group four days after the round opened, by the institution six.
        submitted = at(round_.opened_on + (4 if party == Party.GROUP else 6) * DAY, 16)
        Scorecard.objects.filter(pk=saved.pk).update(submitted_at=submitted)
        dated(Scorecard, saved.pk, submitted)

    card(first, chair, Party.GROUP, GROUP_CARD)
    card(first, facilitator, Party.INSTITUTION, INSTITUTION_CARD)
    first.refresh_from_db()
    services.round_discuss(
        actor=secretary,
        round=first,
        read_version=first.lock_version,
        discussion="Pendamping mengakui dua kali tidak hadir dan berjanji memberi kabar paling lambat sehari "
        "sebelumnya. Kelompok sepakat bendahara memperbarui buku kas setiap bulan.",
    )
    dated(AssessmentRound, first.pk, at(first.opened_on + 7 * DAY, 14), "monitoring.round_discussed")
    late = criteria[(Party.INSTITUTION, "Datang sesuai jadwal yang disepakati")]
    _opened_a_month_before_due(
        CorrectiveActionFactory(
            agreement=agreement,
            actor=secretary,
            title="Pendamping memberi kabar paling lambat sehari sebelum berhalangan hadir",
            owner_party=Party.INSTITUTION,
            due_date=min(today + 30 * DAY, agreement.end_date),
            deviation_key=f"assessment:{first.pk}:{late.pk}",
            deviation_title=f"Putaran 1: {late.text} — nilai 2 dari kelompok, 4 dari diri sendiri",
        )
    )
    second = _round(agreement, facilitator, today - 10 * DAY, today + 4 * DAY)
    card(second, chair, Party.GROUP, GROUP_CARD)
    stdout.write(f"Mutual assessment rounds recorded for {agreement.title}.")


def _round(agreement, actor, opened_on, due_date):
    """The agreement's next round of the mutual assessment, opened by ``actor`` in the morning of
    ``opened_on``."""
    round_ = AssessmentRoundFactory(agreement=agreement, actor=actor)
    AssessmentRound.objects.filter(pk=round_.pk).update(opened_on=opened_on, due_date=due_date)
    round_.refresh_from_db()
    dated(AssessmentRound, round_.pk, at(opened_on), "monitoring.round_opened")
    return round_


def _field_photo(caption, sky, ground):
    """A small picture of a field for the demo: sky, paddies in rows, a caption as a phone adds it."""
    image = Image.new("RGB", (960, 720), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 960, 720), fill=ground)
    for row in range(12):
        y = 320 + row * 34
        draw.line((0, y, 960, y + 60), fill=tuple(max(0, c - 40) for c in ground), width=6)
    draw.ellipse((760, 60, 860, 160), fill=(250, 220, 120))
    draw.rectangle((0, 660, 960, 720), fill=(0, 0, 0))
    draw.text((20, 675), caption, fill=(255, 255, 255), font_size=28)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def seed_evidence(stdout):
    """Photos and a scanned attendance list added to some of the progress entries by their writers
    the evening they recorded them, through the same service as an upload: checked, photos made
    small, in the default storage, and told in the journal."""
    agreement = story()
    if agreement is None or Evidence.objects.filter(agreement=agreement).exists():
        return
    titles = {a.key: a.title for a in Activity.objects.in_force(agreement)}
    entries = {titles.get(e.activity_key): e for e in ActivityProgress.objects.filter(agreement=agreement)}
    members = list(agreement.group.members.filter(is_active=True).values_list("name", flat=True)[:12])
    files = [
        (
            "Musyawarah penyusunan rencana bersama",
            "daftar-hadir-musyawarah.pdf",
            attendance_pdf("Musyawarah penyusunan rencana pendampingan, 20 Januari 2026", members),
            "Daftar hadir musyawarah, ditandatangani peserta",
        ),
        (
            "Pembangunan rumah kompos kelompok",
            "rumah-kompos.jpg",
            _field_photo("Rumah kompos kelompok, Mei 2026", (170, 205, 235), (120, 95, 60)),
            "Rumah kompos selesai dibangun",
        ),
        (
            "Penanaman dan perawatan padi organik",
            "petak-padi-organik.jpg",
            _field_photo("Petak padi organik anggota, Agustus 2026", (180, 210, 240), (90, 150, 70)),
            "Petak padi organik umur 60 hari",
        ),
    ]
    for title, name, content, caption in files:
        entry = entries.get(title)
        if entry is None:
            continue
        prepared = attachments.prepare(SimpleUploadedFile(name, content))
        prepared.caption = caption
        if entry.author_party == Party.INSTITUTION:
            actor = actor_of(agreement, "pendamping")
        else:
            actor = Actor.for_officer(agreement.group, entry.created_by_officer)
        services.progress_update(actor=actor, entry=entry, read_version=entry.lock_version, files=[prepared])
        added = at(entry.reported_on, 18)
        ActivityProgress.objects.filter(pk=entry.pk).update(updated_at=added)
        dated(ActivityProgress, entry.pk, added, "monitoring.progress_changed")
    stdout.write(f"Evidence attached for {agreement.title}.")


def seed_prepared_export(stdout):
    """The coordinator has asked for the portfolio of agreements that need attention as a
    spreadsheet: made by the worker (or at once when jobs are immediate), then on its page."""
    from pendampingan import prepared
    from pendampingan.models import PreparedFile

    agreement = story()
    if agreement is None or PreparedFile.objects.filter(owner=agreement.coordinator).exists():
        return
    prepared.ask(Actor.for_staff(agreement.coordinator), "portfolio", "health=needs_attention", "xlsx")
