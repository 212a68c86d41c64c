"""A realistic demo: two institutions, their staff, groups with officers, agreements in every state.

Running it again changes nothing that is already there.
"""

import datetime

from axes.models import AccessAttempt, AccessAttemptExpiration
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pendampingan import lockout, registry, services
from pendampingan.demo_kit import AGREEMENT, approved_on, at, dated
from pendampingan.factories import (
    PASSWORD,
    AgreementFactory,
    CommunityGroupFactory,
    InstitutionFactory,
    MemberFactory,
    StaffFactory,
    UserFactory,
    acting,
    agree,
)
from pendampingan.models import (
    Agreement,
    AgreementAmendment,
    CommunityGroup,
    Institution,
    Member,
    Party,
    Staff,
    Verification,
)

User = get_user_model()

INSTITUTIONS = [
    {
        "name": "Yayasan Bina Swadaya Banyumas",
        "kind": Institution.Kind.NGO,
        "address": "Jl. Jenderal Soedirman No. 112, Purwokerto",
        "region": "33.02.26.1001",
        "phone": "0281 635 112",
        "email": "sekretariat@binaswadaya-bms.or.id",
        "staff": [
            ("koordinator", "Ratna", "Kusumawati", Staff.Role.COORDINATOR, "0812 2611 4470"),
            ("pendamping", "Agus", "Setiawan", Staff.Role.FACILITATOR, "0813 2755 9021"),
            ("pendamping.dewi", "Dewi", "Lestari", Staff.Role.FACILITATOR, "0857 2630 1188"),
            # Left the foundation: deactivated, the agreement he facilitated reassigned to Dewi.
            ("pendamping.yusuf", "Yusuf", "Hidayat", Staff.Role.FACILITATOR, "0819 0377 2514"),
        ],
    },
    {
        "name": "Pusat Pemberdayaan Masyarakat Universitas Nusa Cendana",
        "kind": Institution.Kind.UNIVERSITY,
        "address": "Jl. Adisucipto, Penfui, Kupang",
        "region": "53.71.02.1003",
        "phone": "0380 881 580",
        "email": "ppm@undana.example.id",
        "staff": [
            ("koordinator2", "Yohanes", "Bria", Staff.Role.COORDINATOR, "0812 3790 5512"),
            ("pendamping2", "Maria", "Ndun", Staff.Role.FACILITATOR, "0821 4460 7719"),
        ],
    },
]

# Added by the coordinator and not logged in yet: the institution's page offers a new link to send
# by WhatsApp.
INVITED = {
    "first_name": "Rina",
    "last_name": "Marlina",
    "username": "pendamping.rina",
    "role": Staff.Role.FACILITATOR,
    "phone": "0838 6512 0947",
}

GROUPS = [
    {
        "institution": 0,
        "account": "kelompok",
        "name": "Kelompok Tani Sido Makmur",
        "kind": CommunityGroup.Kind.FARMERS,
        "decree_number": "141/07/KPTS/2019",
        "decree_date": datetime.date(2019, 3, 14),
        "region": "33.02.01.2001",
        "address": "Dusun Karanganyar RT 02 RW 04",
        "members": [
            ("Sugeng Riyadi", "m", Member.Position.CHAIR, "0812 2790 3345"),
            ("Siti Aminah", "f", Member.Position.SECRETARY, "0813 2901 7762"),
            ("Warsito", "m", Member.Position.TREASURER, "0857 2744 1180"),
            ("Paijo Sutrisno", "m", Member.Position.MEMBER, ""),
            ("Tumini", "f", Member.Position.MEMBER, ""),
            ("Karsono", "m", Member.Position.MEMBER, "0822 2501 6634"),
            ("Rusmini", "f", Member.Position.MEMBER, ""),
            ("Darsum", "m", Member.Position.MEMBER, ""),
        ],
    },
    {
        "institution": 0,
        "account": "kelompok.mawar",
        "name": "KUBE Mawar Sejahtera",
        "kind": CommunityGroup.Kind.KUBE,
        "decree_number": "400/12/Ds.Wangon/2021",
        "decree_date": datetime.date(2021, 8, 2),
        "region": "33.02.02.2006",
        "address": "Jl. Raya Wangon, RT 01 RW 03",
        "members": [
            ("Sri Wahyuni", "f", Member.Position.CHAIR, "0812 2633 9054"),
            ("Endang Susilowati", "f", Member.Position.SECRETARY, "0878 2613 4490"),
            ("Nur Hidayah", "f", Member.Position.TREASURER, ""),
            ("Suparti", "f", Member.Position.MEMBER, ""),
            ("Kasmini", "f", Member.Position.MEMBER, ""),
        ],
    },
    {
        "institution": 1,
        "account": "kelompok2",
        "name": "Kelompok Perempuan Tenun Ina Ikat",
        "kind": CommunityGroup.Kind.WOMEN,
        "decree_number": "05/SK/Ds.Oelnasi/2020",
        "decree_date": datetime.date(2020, 11, 9),
        "region": "53.01.08.2006",
        "address": "Dusun II, Desa Oelnasi",
        "members": [
            ("Yuliana Tefa", "f", Member.Position.CHAIR, "0813 3802 6671"),
            ("Agustina Benu", "f", Member.Position.VICE_CHAIR, ""),
            ("Martha Seran", "f", Member.Position.SECRETARY, "0852 3911 2208"),
            ("Ermelinda Nahak", "f", Member.Position.TREASURER, ""),
            ("Florentina Kase", "f", Member.Position.MEMBER, ""),
            ("Dorkas Lakapu", "f", Member.Position.MEMBER, ""),
        ],
    },
    {
        # Registered this week: no agreement yet, and its login just handed over on a slip, so
        # its first login asks it to set its own password.
        "institution": 0,
        "account": "kelompok.melati",
        "temporary_password": True,
        "name": "Kelompok Wanita Tani Melati",
        "kind": CommunityGroup.Kind.WOMEN,
        "decree_number": "12/SK/Ds.Lumbir/2024",
        "decree_date": datetime.date(2024, 5, 10),
        "region": "33.02.01.2007",
        "address": "Grumbul Cikawung RT 03 RW 01",
        "members": [
            ("Sumiyati", "f", Member.Position.CHAIR, "0813 2917 5520"),
            ("Wartini", "f", Member.Position.SECRETARY, ""),
            ("Rasiyem", "f", Member.Position.TREASURER, ""),
            ("Karsinah", "f", Member.Position.MEMBER, ""),
        ],
    },
]

AGREEMENTS = [
    {
        "group": 0,
        "title": AGREEMENT,
        "purpose": (
            "Mendampingi Kelompok Tani Sido Makmur beralih dari padi konvensional ke padi organik "
            "bersertifikat pada 12 hektare sawah anggota, sampai kelompok mampu memproduksi pupuk "
            "dan agens hayati sendiri serta memasarkan beras organik secara bersama."
        ),
        "start": datetime.date(2026, 1, 5),
        "end": datetime.date(2027, 12, 20),
        "facilitators": ["pendamping"],
        "institution_commits": (
            "Menyediakan pendamping lapangan yang hadir minimal dua kali sebulan.\n"
            "Melatih pembuatan pupuk kompos, MOL dan agens hayati.\n"
            "Membantu proses sertifikasi organik dan menghubungkan kelompok dengan pembeli."
        ),
        "institution_excludes": (
            "Tidak memutuskan pembagian lahan, jadwal tanam atau harga jual atas nama kelompok.\n"
            "Tidak mengelola uang kas kelompok.\n"
            "Tidak memberikan bantuan tunai langsung kepada anggota."
        ),
        "group_commits": (
            "Mengadakan pertemuan anggota rutin dua minggu sekali pada hari Kamis.\n"
            "Menyediakan swadaya tenaga dan bahan untuk rumah kompos.\n"
            "Mencatat kegiatan dan keuangan kelompok secara tertib."
        ),
        "state": "active",
        # The day both parties approved it; it was drafted a week before.
        "agreed_on": datetime.date(2025, 12, 29),
        "adopted_amendment": {
            "reason": (
                "Rapat anggota 12 Februari 2026 sepakat membentuk kas kelompok untuk biaya "
                "sertifikasi; kewajiban iuran perlu masuk ke kesepakatan."
            ),
            "content": {
                "group_commits": (
                    "Mengadakan pertemuan anggota rutin dua minggu sekali pada hari Kamis.\n"
                    "Menyediakan swadaya tenaga dan bahan untuk rumah kompos.\n"
                    "Mencatat kegiatan dan keuangan kelompok secara tertib.\n"
                    "Mengumpulkan iuran kas Rp10.000 per anggota setiap bulan untuk biaya sertifikasi."
                ),
            },
            "approved_on": datetime.date(2026, 4, 15),
        },
        "amendment": {
            "reason": (
                "Dinas Pertanian membuka bantuan alat pascapanen tahun ini. Kelompok meminta "
                "lembaga ikut mendampingi penyusunan proposalnya."
            ),
            "content": {
                "institution_commits": (
                    "Menyediakan pendamping lapangan yang hadir minimal dua kali sebulan.\n"
                    "Melatih pembuatan pupuk kompos, MOL dan agens hayati.\n"
                    "Membantu proses sertifikasi organik dan menghubungkan kelompok dengan pembeli.\n"
                    "Mendampingi penyusunan proposal ke Dinas Pertanian untuk mesin penggiling."
                ),
            },
            "approved_on": datetime.date(2026, 7, 24),
        },
    },
    {
        "group": 1,
        "title": "Penguatan Usaha Olahan Singkong KUBE Mawar Sejahtera",
        "purpose": (
            "Meningkatkan mutu dan pemasaran produk olahan singkong (getuk, keripik, tepung mocaf) "
            "agar usaha kelompok memperoleh izin PIRT dan omzet stabil."
        ),
        "start": datetime.date(2026, 12, 1),
        "end": datetime.date(2027, 11, 30),
        "facilitators": ["pendamping.yusuf"],
        "reassigned_to": "pendamping.dewi",
        "institution_commits": "Pelatihan higiene pangan dan pengemasan.\nPendampingan pengurusan PIRT.",
        "institution_excludes": "Tidak menentukan harga jual.\nTidak menjadi pemasok bahan baku.",
        "group_commits": "Menyisihkan 5% laba untuk kas usaha.\nMencatat produksi dan penjualan harian.",
        "state": "awaiting_group",
    },
    {
        "group": 0,
        "title": "Pendampingan Sekolah Lapang Pengendalian Hama Terpadu 2024",
        "purpose": "Sekolah lapang PHT satu musim tanam untuk 25 anggota.",
        "start": datetime.date(2024, 2, 1),
        "end": datetime.date(2024, 9, 30),
        "facilitators": ["pendamping"],
        "institution_commits": "Fasilitator sekolah lapang setiap minggu.",
        "institution_excludes": "Tidak menyediakan pestisida.",
        "group_commits": "Menyediakan petak belajar seluas 1.000 m².",
        "state": "completed",
    },
    {
        "group": 1,
        "title": "Pendampingan Simpan Pinjam Mawar 2025",
        "purpose": "Membangun pembukuan simpan pinjam kelompok.",
        "start": datetime.date(2025, 3, 1),
        "end": datetime.date(2026, 2, 28),
        "facilitators": ["pendamping.dewi"],
        "institution_commits": "Pelatihan pembukuan sederhana.",
        "institution_excludes": "Tidak memberikan modal pinjaman.",
        "group_commits": "Rapat bulanan pengurus dan anggota.",
        "state": "ended_early",
        "end_reason": (
            "Anggota sepakat memusatkan tenaga pada usaha olahan singkong; simpan pinjam "
            "dilanjutkan oleh koperasi desa."
        ),
        "ended_on": datetime.date(2025, 10, 15),
    },
    {
        "group": 2,
        "title": "Pengembangan Usaha Tenun Ikat Ina Ikat 2026",
        "purpose": (
            "Mendampingi kelompok perempuan penenun Desa Oelnasi memperbaiki mutu pewarna alam, "
            "menyusun harga pokok produksi dan membuka pasar kain tenun di Kupang."
        ),
        "start": datetime.date(2026, 4, 1),
        "end": datetime.date(2027, 3, 31),
        "facilitators": ["pendamping2"],
        "institution_commits": (
            "Pelatihan pewarna alam dan perhitungan harga pokok.\nPromosi di pameran kampus."
        ),
        "institution_excludes": "Tidak membeli kain untuk dijual kembali.\nTidak menentukan motif tenun.",
        "group_commits": "Pertemuan rutin setiap Sabtu pertama.\nMenyimpan catatan produksi tiap penenun.",
        "state": "active",
    },
    {
        "group": 2,
        "title": "Rencana Pendampingan Koperasi Tenun 2027",
        "purpose": "Menyiapkan pembentukan koperasi produsen tenun.",
        "start": datetime.date(2027, 4, 1),
        "end": datetime.date(2028, 3, 31),
        "facilitators": ["pendamping2"],
        "institution_commits": "Pendampingan penyusunan AD/ART koperasi.",
        "institution_excludes": "Tidak menjadi pengurus koperasi.",
        "group_commits": "Mengumpulkan simpanan pokok anggota.",
        "state": "draft",
    },
]


def proposed_on(amendment, day):
    """``amendment`` proposed in the morning of ``day`` and approved that day, as the demo tells the year."""
    if day is not None:
        dated(AgreementAmendment, amendment.pk, at(day, 8))
        approved_on(amendment, day)


class Command(BaseCommand):
    help = "Fill the database with a realistic Indonesian demo (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on real data)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force to seed anyway.")
        with transaction.atomic():
            self.seed()
            registry.demo(self.stdout)
            self.date_verifications()
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Every demo account's password: {PASSWORD}"))

    def date_verifications(self):
        """Codes issued when the approvals the demo dated back happened, so "superseded on" reads true."""
        for found in Verification.objects.all():
            times = [approval.approved_at for approval in found.approvals() if approval is not None]
            if times and max(times) != found.issued_at:
                Verification.objects.filter(pk=found.pk).update(issued_at=max(times))

    def seed(self):
        if not User.objects.filter(username="admin").exists():
            UserFactory(
                username="admin",
                first_name="Admin",
                last_name="Sistem",
                is_staff=True,
                is_superuser=True,
                email="admin@example.id",
            )
        institutions = [self.institution(spec) for spec in INSTITUTIONS]
        if not User.objects.filter(username=INVITED["username"]).exists():
            services.staff_create(institution=institutions[0], **INVITED)
        groups = [self.group(spec, institutions[spec["institution"]]) for spec in GROUPS]
        for spec in AGREEMENTS:
            group = groups[spec["group"]]
            if not Agreement.objects.filter(title=spec["title"], group=group).exists():
                self.agreement(spec, group)
        self.departed()
        self.stranger_guessed()

    def institution(self, spec):
        institution = InstitutionFactory(
            **{k: spec[k] for k in ("name", "kind", "address", "region", "phone", "email")}
        )
        for username, first_name, last_name, role, phone in spec["staff"]:
            if not Staff.objects.filter(user__username=username).exists():
                StaffFactory(
                    user__username=username,
                    user__first_name=first_name,
                    user__last_name=last_name,
                    institution=institution,
                    role=role,
                    phone=phone,
                )
        return institution

    def group(self, spec, institution):
        group = CommunityGroup.objects.filter(name=spec["name"], region=spec["region"]).first()
        if group is not None:
            return group
        group = CommunityGroupFactory(
            registered_by=institution,
            account__username=spec["account"],
            password_is_temporary=spec.get("temporary_password", False),
            officers=[],
            **{k: spec[k] for k in ("name", "kind", "decree_number", "decree_date", "region", "address")},
        )
        for name, sex, position, phone in spec["members"]:
            MemberFactory(group=group, name=name, sex=sex, position=position, phone=phone)
        return group

    def agreement(self, spec, group):
        state = spec["state"]
        agreement = AgreementFactory(
            institution=group.registered_by,
            group=group,
            coordinator=group.registered_by.staff.get(role=Staff.Role.COORDINATOR).user,
            facilitators=list(User.objects.filter(username__in=spec["facilitators"])),
            title=spec["title"],
            purpose=spec["purpose"],
            start_date=spec["start"],
            end_date=spec["end"],
            institution_commits=spec["institution_commits"],
            institution_excludes=spec["institution_excludes"],
            group_commits=spec["group_commits"],
            active=state in {"active", "completed", "ended_early"},
        )
        if "agreed_on" in spec:
            dated(
                Agreement,
                agreement.pk,
                at(spec["agreed_on"] - datetime.timedelta(days=7)),
                "agreement.created",
            )
            approved_on(agreement, spec["agreed_on"])
            dated(Agreement, agreement.pk, at(agreement.start_date, 8), "agreement.active")
        if state == "awaiting_group":
            agree(agreement, Party.INSTITUTION)
        coordinator, chair = acting(agreement, Party.INSTITUTION), acting(agreement, Party.GROUP)
        if state == "completed":
            services.agreement_change_status(actor=coordinator, agreement=agreement, change="complete")
        if state == "ended_early":
            services.agreement_change_status(
                actor=chair,
                agreement=agreement,
                change="end_early",
                reason=spec["end_reason"],
                ended_on=spec["ended_on"],
            )
        adopted = spec.get("adopted_amendment")
        if adopted:
            # An amendment both parties approved: it made version 2 of the agreement.
            proposal = services.amendment_propose(
                actor=chair,
                agreement=agreement,
                reason=adopted["reason"],
                **{**agreement.content(), **adopted["content"]},
            )
            agree(proposal, Party.GROUP, Party.INSTITUTION)
            proposed_on(proposal, adopted.get("approved_on"))
            agreement.refresh_from_db()
        amendment = spec.get("amendment")
        if amendment:
            # An amendment approved by the institution and waiting for the group,
            # while the version in force stays in force.
            proposal = services.amendment_propose(
                actor=coordinator,
                agreement=agreement,
                reason=amendment["reason"],
                **{**agreement.content(), **amendment["content"]},
            )
            agree(proposal, Party.INSTITUTION)
            proposed_on(proposal, amendment.get("approved_on"))

    def departed(self):
        """A facilitator who left: his agreements go to a colleague, then he is deactivated."""
        for spec in AGREEMENTS:
            if "reassigned_to" not in spec:
                continue
            agreement = Agreement.objects.get(title=spec["title"])
            leaving = list(User.objects.filter(username__in=spec["facilitators"]))
            agreement.facilitators.remove(*leaving)
            agreement.facilitators.add(User.objects.get(username=spec["reassigned_to"]))
            for user in leaving:
                if user.is_active:
                    coordinator = acting(agreement, Party.INSTITUTION)
                    services.staff_set_active(actor=coordinator, staff=user.staff, active=False)

    def stranger_guessed(self, username="kelompok.mawar", address="203.0.113.45"):
        """Someone kept guessing a group's password from one address: its login is locked there for a
        day, for devices that never logged in, and shows on the coordinator's page to unlock. The
        address is one reserved for examples, so every demo login from this machine still works."""
        now = timezone.now()
        attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
        if attempts.filter(expiration__expires_at__gt=now).exists():
            return
        attempts.delete()
        attempt = AccessAttempt.objects.create(
            username=username,
            ip_address=address,
            user_agent=lockout.UNTRUSTED,
            http_accept="text/html",
            path_info=reverse("login"),
            get_data="",
            post_data=f"username={username}",
            failures_since_start=3 * settings.AXES_FAILURE_LIMIT,
        )
        AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=now + lockout.MEMORY)
