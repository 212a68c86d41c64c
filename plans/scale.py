"""A year's plan for ``seed_scale``: four quarterly stages of five activities, six indicators and
each party's commitments, written through the plan's services and approved by both parties."""

import datetime
from decimal import Decimal

from pendampingan.models import Party
from plans.factories import (
    ActivityFactory,
    CommitmentFactory,
    IndicatorFactory,
    PlanRevisionFactory,
    StageFactory,
    in_force,
)
from plans.models import Lead

DAY = datetime.timedelta(days=1)

STAGES = [
    (
        "Penguatan organisasi kelompok",
        "Kelompok menyepakati rencana, menata pengurus dan pencatatan.",
        [
            "Musyawarah penyusunan rencana kerja kelompok",
            "Pelatihan pencatatan kas dan notulen",
            "Penyusunan aturan internal kelompok",
            "Pemetaan lahan dan potensi anggota",
            "Kunjungan belajar ke kelompok maju",
        ],
    ),
    (
        "Peningkatan keterampilan budidaya",
        "Anggota menerapkan cara budidaya yang lebih baik di lahan masing-masing.",
        [
            "Sekolah lapang pembuatan pupuk organik",
            "Pembuatan demplot kelompok",
            "Pelatihan pengendalian hama terpadu",
            "Pembuatan rumah kompos bersama",
            "Pendampingan penanaman di lahan anggota",
        ],
    ),
    (
        "Usaha dan permodalan kelompok",
        "Kelompok mengelola usaha bersama dan simpan pinjam dengan tertib.",
        [
            "Pelatihan perhitungan biaya usaha tani",
            "Pembentukan unit simpan pinjam",
            "Pengadaan alat pengolahan hasil",
            "Pelatihan pengemasan produk",
            "Penjajakan kerja sama dengan pembeli",
        ],
    ),
    (
        "Pemasaran dan keberlanjutan",
        "Hasil dijual bersama dan kelompok siap berjalan tanpa pendampingan.",
        [
            "Penjualan bersama hasil panen",
            "Promosi produk di pasar kecamatan",
            "Penyusunan laporan tahunan kelompok",
            "Musyawarah evaluasi bersama",
            "Penyusunan rencana tahun berikutnya",
        ],
    ),
]
LEADS = [Lead.JOINT, Lead.GROUP, Lead.INSTITUTION, Lead.GROUP, Lead.JOINT]
RESPONSIBLE = {Lead.JOINT: "both", Lead.GROUP: "group", Lead.INSTITUTION: "institution"}
INDICATORS = [
    # (activity's place: stage, activity), name, unit, baseline, target, reported by
    ((0, 1), "Pengurus yang mencatat kas setiap bulan", "orang", 0, 3, Party.GROUP),
    ((1, 0), "Anggota yang membuat pupuk organik sendiri", "orang", 2, 15, Party.GROUP),
    ((1, 4), "Luas lahan yang dikelola dengan cara baru", "ha", 1, 8, Party.INSTITUTION),
    ((2, 1), "Simpanan anggota yang terkumpul", "rupiah", 0, 12_000_000, Party.GROUP),
    ((3, 0), "Hasil yang dijual bersama", "kg", 0, 5_000, Party.GROUP),
    ((3, 2), "Laporan kegiatan yang disetujui kedua pihak", "laporan", 0, 4, Party.INSTITUTION),
]
COMMITMENTS = {
    Party.INSTITUTION: [
        "Pendamping hadir dua kali sebulan dan memberi kabar sehari sebelum berhalangan.",
        "Lembaga menyediakan pelatih dan bahan pelatihan sesuai rencana.",
    ],
    Party.GROUP: [
        "Kelompok mengadakan pertemuan rutin bulanan dan mencatat hasilnya.",
        "Pengurus memperbarui buku kas setiap bulan.",
    ],
}


def year(agreement, rng):
    revision = PlanRevisionFactory(agreement=agreement)
    start, end = agreement.start_date, agreement.end_date
    quarter = (end - start).days // len(STAGES)
    activities = {}
    for s, (name, objective, titles) in enumerate(STAGES):
        first = start + s * quarter * DAY
        last = end if s == len(STAGES) - 1 else first + (quarter - 1) * DAY
        stage = StageFactory(
            revision=revision, name=name, objective=objective, start_date=first, end_date=last
        )
        for a, title in enumerate(titles):
            begins = first + a * 12 * DAY
            lead = LEADS[a]
            activities[s, a] = ActivityFactory(
                stage=stage,
                title=title,
                place=rng.choice(["Balai desa", "Rumah ketua", "Lahan kelompok", "Balai dusun"]),
                start_date=begins,
                due_date=min(begins + rng.randint(20, 45) * DAY, last),
                expected_output=f"{title} terlaksana dan dicatat",
                budget_institution=rng.choice([0, 1, 2, 3, 5]) * 500_000 if lead != Lead.GROUP else 0,
                budget_group=rng.choice([1, 2, 3]) * 250_000,
                lead=lead,
                responsible_party=RESPONSIBLE[lead],
            )
    for place, name, unit, baseline, target, party in INDICATORS:
        activity = activities[place]
        IndicatorFactory(
            activity=activity,
            name=name,
            unit=unit,
            baseline=Decimal(baseline),
            target=Decimal(target),
            target_date=activity.due_date,
            reporting_party=party,
        )
    for party, texts in COMMITMENTS.items():
        for order, text in enumerate(texts, start=1):
            CommitmentFactory(revision=revision, party=party, order=order, text=text)
    return in_force(revision)
