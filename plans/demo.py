"""Demo plans: an approved plan with a revision awaiting the group, and the other institution's plan,
whose first revision was replaced by a second both approved."""

import datetime
from decimal import Decimal

from pendampingan.demo_kit import approved_on, at
from pendampingan.factories import acting, agree
from pendampingan.models import Agreement, JournalEvent, Member, Party
from plans import services
from plans.factories import ActivityFactory, CommitmentFactory, IndicatorFactory, StageFactory, in_force
from plans.models import Lead, Plan

D = datetime.date

SIDO_MAKMUR = {
    "agreement": "Pendampingan Pertanian Padi Organik Sido Makmur 2026–2027",
    # Drafted the day before both parties approved it.
    "approved_on": D(2026, 1, 7),
    "stages": [
        (
            "Persiapan dan penguatan kelompok",
            "Kelompok menyepakati rencana, menata organisasi dan mengenali kondisi lahan.",
            D(2026, 1, 5),
            D(2026, 4, 30),
            [
                (
                    "Musyawarah penyusunan rencana bersama",
                    "Balai Dusun Karanganyar",
                    D(2026, 1, 8),
                    D(2026, 1, 22),
                    "Rencana pendampingan disepakati dan ditandatangani",
                    1_500_000,
                    500_000,
                    0,
                    "both",
                    "chair",
                    Lead.JOINT,
                ),
                (
                    "Pemetaan lahan dan uji tanah sawah anggota",
                    "Sawah anggota",
                    D(2026, 1, 26),
                    D(2026, 2, 28),
                    "Peta 12 ha lahan dan hasil uji tanah 24 petak",
                    4_000_000,
                    750_000,
                    0,
                    "institution",
                    "facilitator",
                    Lead.INSTITUTION,
                ),
                (
                    "Pelatihan pencatatan kegiatan dan keuangan kelompok",
                    "Rumah Ketua",
                    D(2026, 3, 2),
                    D(2026, 3, 27),
                    "Buku kas, buku notulen dan daftar hadir dipakai rutin",
                    2_000_000,
                    300_000,
                    0,
                    "both",
                    "secretary",
                    Lead.JOINT,
                ),
                (
                    "Penyusunan aturan internal (AD/ART) kelompok",
                    "Balai Dusun Karanganyar",
                    D(2026, 4, 1),
                    D(2026, 4, 30),
                    "AD/ART disahkan rapat anggota",
                    0,
                    400_000,
                    0,
                    "group",
                    "chair",
                    Lead.GROUP,
                ),
            ],
        ),
        (
            "Budidaya padi organik musim tanam I",
            "Anggota menerapkan budidaya organik pada 12 ha dengan input buatan sendiri.",
            D(2026, 5, 1),
            D(2026, 12, 31),
            [
                (
                    "Pembangunan rumah kompos kelompok",
                    "Lahan kas desa",
                    D(2026, 5, 4),
                    D(2026, 6, 30),
                    "Rumah kompos 6 × 10 m berfungsi",
                    18_000_000,
                    6_500_000,
                    5_000_000,
                    "both",
                    "treasurer",
                    Lead.JOINT,
                ),
                (
                    "Sekolah lapang pembuatan MOL dan agens hayati",
                    "Rumah kompos",
                    D(2026, 6, 1),
                    D(2026, 7, 31),
                    "20 anggota mampu membuat MOL dan Trichoderma",
                    7_500_000,
                    1_000_000,
                    0,
                    "institution",
                    "facilitator",
                    Lead.INSTITUTION,
                ),
                (
                    "Produksi pupuk kompos oleh kelompok",
                    "Rumah kompos",
                    D(2026, 7, 1),
                    D(2026, 11, 30),
                    "40 ton kompos untuk kebutuhan anggota",
                    0,
                    8_000_000,
                    0,
                    "group",
                    "treasurer",
                    Lead.GROUP,
                ),
                (
                    "Penanaman dan perawatan padi organik",
                    "Sawah anggota",
                    D(2026, 8, 3),
                    D(2026, 12, 15),
                    "12 ha tertanam padi organik",
                    0,
                    24_000_000,
                    0,
                    "group",
                    "chair",
                    Lead.GROUP,
                ),
            ],
        ),
        (
            "Sertifikasi dan pemasaran bersama",
            "Beras organik kelompok bersertifikat dan terjual bersama dengan harga lebih baik.",
            D(2027, 1, 4),
            D(2027, 12, 20),
            [
                (
                    "Pendampingan sertifikasi organik (PAMOR)",
                    "Kelompok",
                    D(2027, 1, 4),
                    D(2027, 6, 30),
                    "Sertifikat organik PAMOR terbit",
                    12_000_000,
                    1_500_000,
                    0,
                    "institution",
                    "facilitator",
                    Lead.INSTITUTION,
                ),
                (
                    "Panen dan pascapanen bersama",
                    "Sawah anggota",
                    D(2027, 1, 11),
                    D(2027, 3, 31),
                    "Gabah kering giling tercatat per anggota",
                    0,
                    6_000_000,
                    0,
                    "group",
                    "chair",
                    Lead.GROUP,
                ),
                (
                    "Penjajakan pembeli dan kontrak pemasaran",
                    "Purwokerto",
                    D(2027, 4, 1),
                    D(2027, 8, 31),
                    "Kontrak dengan minimal dua pembeli",
                    3_500_000,
                    500_000,
                    0,
                    "both",
                    "facilitator",
                    Lead.JOINT,
                ),
                (
                    "Penjualan beras organik dengan merek kelompok",
                    "Purwokerto",
                    D(2027, 7, 1),
                    D(2027, 12, 15),
                    "15 ton beras organik terjual bersama",
                    0,
                    2_500_000,
                    0,
                    "group",
                    "secretary",
                    Lead.GROUP,
                ),
            ],
        ),
    ],
    "indicators": [
        (
            "Luas sawah yang dikelola organik",
            "ha",
            0,
            12,
            D(2026, 12, 31),
            "Peta lahan dan catatan tanam",
            Party.GROUP,
            None,
        ),
        (
            "Anggota yang menerapkan budidaya organik",
            "orang",
            0,
            25,
            D(2026, 12, 31),
            "Daftar anggota penerap",
            Party.GROUP,
            None,
        ),
        (
            "Kompos yang diproduksi kelompok",
            "ton",
            0,
            40,
            D(2026, 11, 30),
            "Buku produksi rumah kompos",
            Party.GROUP,
            "Produksi pupuk kompos oleh kelompok",
        ),
        (
            "Hasil panen padi organik",
            "ton GKG/ha",
            4.8,
            5.5,
            D(2027, 3, 31),
            "Catatan panen per anggota",
            Party.GROUP,
            "Panen dan pascapanen bersama",
        ),
        (
            "Sertifikat organik terbit",
            "sertifikat",
            0,
            1,
            D(2027, 6, 30),
            "Salinan sertifikat PAMOR",
            Party.INSTITUTION,
            "Pendampingan sertifikasi organik (PAMOR)",
        ),
        (
            "Kehadiran pendamping di pertemuan rutin",
            "%",
            0,
            90,
            D(2027, 12, 20),
            "Daftar hadir pertemuan rutin",
            Party.GROUP,
            None,
        ),
        (
            "Pertemuan rutin yang tercatat notulennya",
            "%",
            20,
            100,
            D(2027, 12, 20),
            "Buku notulen",
            Party.INSTITUTION,
            None,
        ),
    ],
    "commitments": {
        Party.INSTITUTION: [
            "Pendamping lapangan hadir di pertemuan rutin minimal dua kali sebulan.",
            "Menyediakan pelatih untuk MOL, agens hayati dan pencatatan.",
            "Mengurus pendaftaran sertifikasi dan menanggung biayanya.",
            "Tidak mengambil keputusan atas nama kelompok.",
        ],
        Party.GROUP: [
            "Menyelenggarakan pertemuan rutin dua minggu sekali pada hari Kamis, dihadiri seluruh pengurus.",
            "Menyediakan tenaga dan bahan swadaya untuk rumah kompos.",
            "Mencatat produksi, panen dan keuangan secara tertib dan terbuka.",
            "Menyampaikan kendala kepada pendamping paling lambat pada pertemuan berikutnya.",
        ],
    },
    "revision": {
        "note": "Menambah kegiatan pengajuan proposal mesin penggiling ke Dinas Pertanian dan "
        "menaikkan swadaya panen karena harga sewa alat naik.",
        "add": (
            "Pengajuan proposal mesin penggiling ke Dinas Pertanian",
            "Purwokerto",
            D(2027, 2, 1),
            D(2027, 4, 30),
            "Proposal diajukan dan dipresentasikan",
            1_000_000,
            250_000,
            0,
            "both",
            "secretary",
            Lead.JOINT,
            3,
        ),
        "change": ("Panen dan pascapanen bersama", {"budget_group": 7_500_000}),
        # Approved by the institution; the group has yet to.
        "approved_on": D(2026, 5, 27),
    },
}

INA_IKAT = {
    "agreement": "Pengembangan Usaha Tenun Ikat Ina Ikat 2026",
    "stages": [
        (
            "Perbaikan mutu pewarna alam",
            "Penenun menguasai pewarnaan alam yang tahan luntur.",
            D(2026, 4, 1),
            D(2026, 9, 30),
            [
                (
                    "Pelatihan pewarna alam dari mengkudu dan nila",
                    "Rumah tenun Dusun II",
                    D(2026, 4, 13),
                    D(2026, 5, 29),
                    "15 penenun mampu mewarnai dengan pewarna alam",
                    6_000_000,
                    750_000,
                    0,
                    "institution",
                    "facilitator",
                    Lead.INSTITUTION,
                ),
                (
                    "Kebun bahan pewarna kelompok",
                    "Pekarangan anggota",
                    D(2026, 6, 1),
                    D(2026, 9, 30),
                    "Kebun mengkudu dan nila 0,25 ha",
                    0,
                    2_000_000,
                    0,
                    "group",
                    "chair",
                    Lead.GROUP,
                ),
            ],
        ),
        (
            "Harga pokok dan pemasaran",
            "Kelompok menghitung harga pokok dan menjual di Kupang.",
            D(2026, 10, 1),
            D(2027, 3, 31),
            [
                (
                    "Pelatihan perhitungan harga pokok produksi",
                    "Kampus Penfui",
                    D(2026, 10, 5),
                    D(2026, 10, 30),
                    "Daftar harga pokok tiap motif",
                    3_000_000,
                    300_000,
                    0,
                    "both",
                    "treasurer",
                    Lead.JOINT,
                ),
                (
                    "Pameran kain tenun di kampus",
                    "Kampus Penfui",
                    D(2026, 11, 16),
                    D(2026, 11, 21),
                    "Penjualan minimal 40 lembar kain",
                    4_500_000,
                    1_000_000,
                    0,
                    "institution",
                    "facilitator",
                    Lead.INSTITUTION,
                ),
                (
                    "Pencatatan produksi dan penjualan tiap penenun",
                    "Dusun II",
                    D(2026, 10, 1),
                    D(2027, 3, 31),
                    "Buku produksi terisi tiap bulan",
                    0,
                    200_000,
                    0,
                    "group",
                    "secretary",
                    Lead.GROUP,
                ),
            ],
        ),
    ],
    "indicators": [
        (
            "Penenun yang memakai pewarna alam",
            "orang",
            3,
            15,
            D(2026, 9, 30),
            "Daftar penenun dan contoh kain",
            Party.GROUP,
            None,
        ),
        ("Kain terjual per bulan", "lembar", 10, 30, D(2027, 3, 31), "Buku penjualan", Party.GROUP, None),
        (
            "Kain lulus uji luntur",
            "%",
            40,
            90,
            D(2026, 9, 30),
            "Hasil uji luntur laboratorium kampus",
            Party.INSTITUTION,
            "Pelatihan pewarna alam dari mengkudu dan nila",
        ),
    ],
    "commitments": {
        Party.INSTITUTION: ["Menyediakan pelatih pewarna alam dan ruang pameran di kampus."],
        Party.GROUP: ["Pertemuan rutin setiap Sabtu pertama; mencatat produksi tiap penenun."],
    },
    "revision": {
        "note": "Sewa stan dan angkutan kain ke pameran naik; lembaga menambah anggaran pameran.",
        "change": ("Pameran kain tenun di kampus", {"budget_institution": 5_250_000}),
        "agreed": True,
    },
}

POSITIONS = {
    "chair": Member.Position.CHAIR,
    "secretary": Member.Position.SECRETARY,
    "treasurer": Member.Position.TREASURER,
}

# What the parties agreed counts most when the plan is evaluated: the harvest and the organic land.
WEIGHTS = {
    "Hasil panen padi organik": 3,
    "Luas sawah yang dikelola organik": 2,
    "Anggota yang menerapkan budidaya organik": 2,
    "Penenun yang memakai pewarna alam": 2,
}


def seed_plans(stdout):
    for spec in (SIDO_MAKMUR, INA_IKAT):
        agreement = (
            Agreement.objects.filter(title=spec["agreement"]).select_related("group", "institution").first()
        )
        if agreement is None or Plan.objects.filter(agreement=agreement).exists():
            continue
        _seed_plan(agreement, spec)


def _activity(revision, stage, row):
    """The activity of ``row``, proposed by the party that leads it (both lead: the institution)."""
    title, place, start, due, output, b_inst, b_group, b_other, party, who, lead = row[:11]
    agreement = revision.plan.agreement
    if who == "facilitator":
        person = {"facilitator_in_charge": agreement.facilitators.first()}
    else:
        person = {"member_in_charge": agreement.group.members.filter(position=POSITIONS[who]).first()}
    return ActivityFactory(
        actor=acting(agreement, Party.GROUP if lead == Lead.GROUP else Party.INSTITUTION),
        revision=revision,
        stage=stage,
        title=title,
        description="",
        place=place,
        start_date=start,
        due_date=due,
        expected_output=output,
        budget_institution=b_inst,
        budget_group=b_group,
        budget_other=b_other,
        responsible_party=party,
        lead=lead,
        **person,
    )


def _seed_plan(agreement, spec):
    revision = services.plan_create(actor=acting(agreement, Party.INSTITUTION), agreement=agreement)
    activities = {}
    for order, (name, objective, start, end, rows) in enumerate(spec["stages"], start=1):
        stage = StageFactory(
            revision=revision, order=order, name=name, objective=objective, start_date=start, end_date=end
        )
        for row in rows:
            activities[row[0]] = _activity(revision, stage, row)
    for name, unit, baseline, target, date, means, party, activity in spec["indicators"]:
        IndicatorFactory(
            revision=revision,
            activity=activities.get(activity),
            name=name,
            unit=unit,
            # As a form gives them: decimals, not floats.
            baseline=Decimal(str(baseline)),
            target=Decimal(str(target)),
            target_date=date,
            means_of_verification=means,
            reporting_party=party,
            weight=WEIGHTS.get(name, 1),
        )
    for party, texts in spec["commitments"].items():
        for order, text in enumerate(texts, start=1):
            # Each party writes its own commitments.
            CommitmentFactory(revision=revision, party=party, order=order, text=text)
    in_force(revision)
    if "approved_on" in spec:
        _dated(revision, spec["approved_on"])

    change = spec.get("revision")
    if change is None:
        return
    institution = acting(agreement, Party.INSTITUTION)
    draft = services.plan_revision_start(actor=institution, plan=revision.plan, note=change["note"])
    row = change.get("add")
    if row is not None:
        _activity(draft, draft.stages.get(order=row[11]), row)
    title, fields = change["change"]
    changed = draft.activities.get(title=title)
    services.plan_item_save(
        actor=institution, revision=draft, item=changed, read_version=changed.lock_version, **fields
    )
    agree(draft, Party.INSTITUTION)
    if change.get("agreed"):
        # The group approves too: the first revision is superseded, and its printed code says so.
        agree(draft, Party.GROUP)
    if "approved_on" in change:
        _dated(draft, change["approved_on"])


def _dated(revision, day):
    """``revision`` written the day before the parties approved it on ``day``, as the demo tells the year."""
    JournalEvent.objects.filter(
        agreement=revision.plan.agreement,
        kind__in=["plan.created", "plan.revision_started", "plan.item_added", "plan.item_changed"],
        summary__cycle=revision.plan.cycle,
        summary__number=revision.number,
    ).update(occurred_at=at(day - datetime.timedelta(days=1)))
    approved_on(revision, day)
