"""Evaluations of the demo's agreements, written by both parties through the services: for the
rice-farming agreement an activity, a stage and the plan cycle evaluated and approved by both; for
the weaving agreement its plan cycle approved by both with the next plan still to draft, and an
activity's evaluation in progress."""

import datetime

from django.utils import timezone

from evaluation import services
from evaluation.factories import EvaluationFactory
from evaluation.models import Evaluation
from pendampingan.demo_kit import actor_of, approved_on, at, dated, story
from pendampingan.factories import acting, agree
from pendampingan.models import Agreement, Member, Party

WEAVING = "Pengembangan Usaha Tenun Ikat Ina Ikat 2026"
DAY = datetime.timedelta(days=1)

# What each party wrote of an evaluation (what worked, what did not, why, lessons), then the joint
# conclusions and recommendations, and the day it was written.
A = {
    ("activity", "Pemetaan lahan dan uji tanah sawah anggota"): {
        "written_on": datetime.date(2026, 3, 19),
        "institution": [
            "Peta 12 ha dan hasil uji 24 petak tersedia untuk setiap anggota.",
            "Selesai dua minggu terlambat.",
            "Genangan setelah hujan deras membuat contoh tanah tidak bisa diambil tepat waktu.",
            "Jadwal lapangan perlu cadangan waktu di musim hujan.",
        ],
        "group": [
            "Anggota tahu kondisi tanah masing-masing dan mau mengubah cara pemupukan.",
            "Hasil laboratorium sulit dipahami tanpa penjelasan.",
            "Istilah dalam laporan laboratorium asing bagi anggota.",
            "Hasil uji dibahas di pertemuan rutin dengan bahasa sehari-hari.",
        ],
        "conclusions": (
            "Pemetaan mencapai hasilnya walau terlambat; hasilnya dipakai untuk rencana pemupukan."
        ),
        "recommendations": (
            "Pada siklus berikut, uji tanah diulang setelah panen dan dibahas di pertemuan rutin."
        ),
    },
    ("stage", 1): {
        "written_on": datetime.date(2026, 5, 7),
        "institution": [
            "Rencana disusun bersama dan aturan internal kelompok disahkan.",
            "Pelatihan pencatatan tertunda.",
            "Pelatih berhalangan dan anggota sedang musim tanam.",
            "Pelatihan dijadwalkan di luar musim tanam.",
        ],
        "group": [
            "Semua anggota ikut menyusun rencana.",
            "Buku kas belum diperbarui tiap bulan.",
            "Bendahara belum terbiasa mencatat.",
            "Bendahara didampingi pada dua pertemuan pertama setiap bulan.",
        ],
        "conclusions": "Tahap persiapan tercapai, kecuali pencatatan keuangan yang masih lemah.",
        "recommendations": (
            "Pendampingan pencatatan keuangan menjadi kegiatan tersendiri pada siklus berikut."
        ),
    },
    # Written three days ago, approved the day after, and the next plan drafted from it yesterday.
    ("cycle", None): {
        "written_on": None,
        "institution": [
            "Luas sawah organik dan produksi kompos sesuai jalur.",
            "Jumlah anggota penerap masih di bawah target.",
            "Kompos belum cukup untuk semua anggota pada musim pertama.",
            "Produksi kompos perlu dimulai sebelum musim tanam.",
        ],
        "group": [
            "Rumah kompos dan pertemuan rutin berjalan dengan baik.",
            "Pendamping beberapa kali tidak hadir tanpa kabar.",
            "Jadwal pendamping bertabrakan dengan kegiatan lain.",
            "Pendamping memberi kabar paling lambat sehari sebelum berhalangan.",
        ],
        "conclusions": (
            "Siklus pertama berjalan sesuai arah: lahan dan kompos tercapai, penerapan anggota tertinggal."
        ),
        "recommendations": "Lanjutkan pendampingan budidaya untuk anggota yang belum menerapkan; "
        "tambah kegiatan pencatatan keuangan; kelompok memimpin sendiri produksi kompos.",
    },
}


def _write(evaluation, texts, institution, group):
    for actor, party in ((institution, "institution"), (group, "group")):
        evaluation.refresh_from_db()
        data = dict(zip(Evaluation.OWN_FIELDS[party], texts[party], strict=True))
        if party == "institution":
            data.update(conclusions=texts["conclusions"], recommendations=texts["recommendations"])
        services.evaluation_update(
            actor=actor, evaluation=evaluation, read_version=evaluation.lock_version, **data
        )


def _dated(evaluation, day):
    """``evaluation`` started and written on ``day`` and approved by both the day after."""
    Evaluation.objects.filter(pk=evaluation.pk).update(created_at=at(day))
    dated(Evaluation, evaluation.pk, at(day))
    approved_on(evaluation, day + DAY)
    Evaluation.objects.filter(pk=evaluation.pk).update(approved_at=at(day + DAY, 15))


def _carry_forward(evaluation, actor):
    """The group drafts cycle 2 from the approved cycle evaluation: the activities still running,
    two new ones the evaluation recommends, and a higher target for the members farming organically."""
    _source, open_ones, indicators = services.unfinished(evaluation, timezone.localdate())
    targets = {
        i.key: i.target + 5 for i in indicators if i.name == "Anggota yang menerapkan budidaya organik"
    }
    services.carry_forward(
        actor=actor,
        evaluation=evaluation,
        activity_keys=[a.key for a in open_ones if "sertifikasi" not in a.title.lower()],
        new_titles=[
            "Pendampingan pencatatan keuangan kelompok setiap bulan",
            "Produksi kompos dipimpin kelompok sebelum musim tanam",
        ],
        targets=targets,
    )


WEAVING_CYCLE = {
    "institution": [
        "Dua belas penenun mencoba pewarna alam dan kain yang lulus uji luntur naik.",
        "Penjualan bulanan belum mencapai 30 lembar.",
        "Pasar di Kupang baru dibuka lewat satu pameran kampus.",
        "Penjualan lewat toko oleh-oleh dan pesanan daring dicoba pada siklus berikut.",
    ],
    "group": [
        "Penenun senang warna alam lebih diminati pembeli.",
        "Harga pokok belum dihitung untuk setiap motif.",
        "Pencatatan bahan dan waktu kerja tiap penenun belum rapi.",
        "Sekretaris mencatat produksi tiap Sabtu pertama bersama pendamping.",
    ],
    "conclusions": "Mutu warna tercapai; pasar dan harga pokok menjadi pekerjaan siklus berikut.",
    "recommendations": "Target kain terjual dipertahankan; tambah kegiatan perhitungan harga pokok.",
}


def _cycle_awaiting_next_plan(agreement, staff):
    """The weaving plan's first cycle evaluated and approved by both; drafting the next cycle's plan
    from it is left to the users, so its form (with targets such as 90 %) can be opened."""
    evaluation = EvaluationFactory(agreement=agreement, actor=staff, level="cycle")
    _write(evaluation, WEAVING_CYCLE, staff, acting(agreement, Party.GROUP))
    agree(evaluation)


def seed_evaluations(stdout):
    agreement = story()
    if agreement is None or agreement.evaluations.exists():
        return
    cycle, activities, stages = services.subjects(agreement)
    if cycle is None:
        return
    institution = actor_of(agreement, "pendamping")
    group = actor_of(agreement, Member.Position.SECRETARY)
    today = timezone.localdate()
    by_title = {a.title: a.key for a in activities}
    for (level, which), texts in A.items():
        if level == "activity":
            key = by_title[which]
        elif level == "stage":
            key = stages[which - 1].key
        else:
            key = None
        evaluation = EvaluationFactory(agreement=agreement, actor=institution, level=level, subject_key=key)
        _write(evaluation, texts, institution, group)
        # Approved by the coordinator and the group's chair.
        agree(evaluation)
        _dated(evaluation, texts["written_on"] or today - 3 * DAY)
    cycle_evaluation = agreement.evaluations.get(level="cycle")
    _carry_forward(cycle_evaluation, group)
    dated(Evaluation, cycle_evaluation.pk, at(today - DAY, 16), "evaluation.next_plan_drafted")

    weaving = Agreement.objects.filter(title=WEAVING).select_related("group").first()
    if weaving is not None:
        cycle, activities, _stages = services.subjects(weaving)
        if activities:
            staff = actor_of(weaving, "pendamping")
            _cycle_awaiting_next_plan(weaving, staff)
            evaluation = EvaluationFactory(
                agreement=weaving, actor=staff, level="activity", subject_key=activities[0].key
            )
            services.evaluation_update(
                actor=staff,
                evaluation=evaluation,
                read_version=evaluation.lock_version,
                institution_worked=(
                    "Penenun antusias mencoba pewarna alam; 9 dari 12 penenun ikut sampai selesai."
                ),
                institution_did_not="Warna dari mengkudu belum rata pada percobaan pertama.",
            )
    stdout.write(f"Evaluations recorded for {agreement.title}.")
