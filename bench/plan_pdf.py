"""What drawing a plan's PDF costs as the plan grows.

Run: .venv/bin/python bench/plan_pdf.py
It builds a throwaway SQLite database in a temporary folder. Compare times
within one run; absolute times vary from machine to machine.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="bench-pdf-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendampingan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from pendampingan.access import Actor  # noqa: E402
from pendampingan.models import Agreement, CommunityGroup, Institution, Staff  # noqa: E402
from plans import services  # noqa: E402
from plans.models import Activity, Stage  # noqa: E402

call_command("migrate", verbosity=0)
D = datetime.date


def build(size):
    from django.contrib.auth import get_user_model

    institution = Institution.objects.create(name=f"Lembaga {size}", kind="ngo")
    user = get_user_model().objects.create_user(f"koordinator{size}", password="x", first_name="Ratna")
    Staff.objects.create(user=user, institution=institution, role="coordinator")
    group = CommunityGroup.objects.create(
        name=f"Kelompok {size}", kind="farmers", region="33.02.01.2001", registered_by=institution
    )
    agreement = Agreement.objects.create(
        institution=institution,
        group=group,
        title=f"Pendampingan Pertanian Organik {size}",
        purpose="x",
        start_date=D(2026, 1, 1),
        end_date=D(2027, 12, 31),
        coordinator=user,
        institution_commits="x",
        institution_excludes="x",
        group_commits="x",
        author_party="institution",
        created_by=user,
    )
    revision = services.plan_create(actor=Actor.for_staff(user), agreement=agreement)
    stages = [
        Stage.objects.create(
            **Stage.authored_like(revision),
            revision=revision,
            order=i + 1,
            name=f"Tahap {i + 1}",
            objective="Tujuan tahap ini.",
            start_date=D(2026, 1, 1),
            end_date=D(2027, 12, 31),
        )
        for i in range(max(1, size // 10))
    ]
    for i in range(size):
        Activity.objects.create(
            **Activity.authored_like(revision),
            revision=revision,
            stage=stages[i % len(stages)],
            title=f"Pelatihan pembuatan pupuk kompos kelompok {i}",
            start_date=D(2026, 1 + i % 12, 1),
            due_date=D(2026, 1 + i % 12, 20),
            expected_output="Anggota mampu membuat kompos sendiri.",
            budget_institution=1_500_000,
            budget_group=250_000,
            responsible_party="both",
            lead="joint",
        )
    return user, revision.url("pdf")


def measure(user, url, runs=3):
    client = Client()
    client.force_login(user)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(times), len(response.content)


results = {}
for size in (10, 30, 60, 120):
    user, url = build(size)
    seconds, length = measure(user, url)
    results[size] = seconds
    print(f"{size:4d} activities: median {seconds:.2f} s, {length / 1024:.0f} KB")
print(f"time ratio 120/10: {results[120] / results[10]:.1f}x")
