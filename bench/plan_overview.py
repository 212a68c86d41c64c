"""How the plan overview scales: queries and render time at a small and a large plan.

Run: .venv/bin/python bench/plan_overview.py
It builds a throwaway SQLite database in a temporary folder. Compare the ratio
between the two sizes within one run; absolute times vary from machine to machine.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="bench-plan-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendampingan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

call_command("migrate", verbosity=0)

import datetime  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402

from pendampingan.access import Actor  # noqa: E402
from pendampingan.models import Agreement, CommunityGroup, Institution, Member, Staff  # noqa: E402
from plans import services  # noqa: E402
from plans.models import Activity, Indicator, Stage  # noqa: E402

User = get_user_model()


def build(size):
    institution = Institution.objects.create(name=f"Lembaga {size}", kind="ngo")
    user = User.objects.create_user(f"koordinator{size}", password="x")
    Staff.objects.create(user=user, institution=institution, role="coordinator")
    group = CommunityGroup.objects.create(
        name=f"Kelompok {size}", kind="farmers", region="33.02.01.2001", registered_by=institution
    )
    Member.objects.create(group=group, name="Ketua", sex="f", position="chair")
    agreement = Agreement.objects.create(
        institution=institution,
        group=group,
        title=f"Kesepakatan {size}",
        purpose="x",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        coordinator=user,
        institution_commits="x",
        institution_excludes="x",
        group_commits="x",
        author_party="institution",
        created_by=user,
    )
    actor = Actor.for_staff(user)
    revision = services.plan_create(actor=actor, agreement=agreement)
    stages = [
        Stage.objects.create(
            **Stage.authored_like(revision),
            revision=revision,
            order=i + 1,
            name=f"Tahap {i + 1}",
            objective="x",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2027, 12, 31),
        )
        for i in range(max(1, size // 10))
    ]
    for i in range(size):
        activity = Activity.objects.create(
            **Activity.authored_like(revision),
            revision=revision,
            stage=stages[i % len(stages)],
            title=f"Kegiatan {i}",
            start_date=datetime.date(2026, 2, 1),
            due_date=datetime.date(2026, 6, 1),
            expected_output="x",
            budget_institution=1_000_000,
            budget_group=100_000,
            responsible_party="both",
            lead="joint",
        )
        Indicator.objects.create(
            **Indicator.authored_like(revision),
            revision=revision,
            activity=activity,
            name=f"Indikator {i}",
            unit="x",
            target=1,
            target_date=datetime.date(2026, 6, 1),
            means_of_verification="x",
            reporting_party="group",
        )
    return user, revision.url()


def measure(user, url, runs=15):
    client = Client()
    client.force_login(user)
    client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return len(queries), statistics.median(times)


results = {}
for size in (10, 200):
    user, url = build(size)
    results[size] = measure(user, url)
    print(f"{size:4d} activities: {results[size][0]} queries, median {results[size][1] * 1000:.1f} ms")
ratio = results[200][1] / results[10][1]
print(f"time ratio 200/10: {ratio:.1f}×; queries equal: {results[200][0] == results[10][0]}")
