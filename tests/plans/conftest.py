import datetime

import pytest

from pendampingan.models import Agreement
from plans import services
from plans.models import Activity, Commitment, Indicator, Lead, Stage
from tests.conftest import approve, group_actor, institution_actor

D = datetime.date


def rurl(name, revision, **kwargs):
    return revision.url(name, **kwargs)


def activity_data(stage, **changes):
    data = {
        "stage": stage.pk,
        "title": "Pelatihan kompos",
        "description": "",
        "place": "Balai desa",
        "start_date": stage.start_date.isoformat(),
        "due_date": stage.end_date.isoformat(),
        "expected_output": "20 anggota terlatih",
        "budget_institution": "1000000",
        "budget_group": "250000",
        "budget_other": "0",
        "responsible_party": "both",
        "facilitator_in_charge": "",
        "member_in_charge": "",
        "lead": "joint",
        "status": "planned",
    }
    data.update(changes)
    return data


def add_stage(revision, order, start, end, name=None):
    return Stage.objects.create(
        **Stage.authored_like(revision),
        revision=revision,
        order=order,
        name=name or f"Tahap {order}",
        objective="Tujuan tahap.",
        start_date=start,
        end_date=end,
    )


def add_activity(
    revision, stage, title, lead=Lead.JOINT, party="both", budget=(1_000_000, 200_000, 0), **extra
):
    fields = {
        **Activity.authored_like(revision),
        "revision": revision,
        "stage": stage,
        "title": title,
        "start_date": stage.start_date,
        "due_date": stage.end_date,
        "expected_output": "Hasil.",
        "budget_institution": budget[0],
        "budget_group": budget[1],
        "budget_other": budget[2],
        "responsible_party": party,
        "lead": lead,
        **extra,
    }
    return Activity.objects.create(**fields)


def fill(revision, stages=2, per_stage=2):
    """A plan with ``stages`` stages of ``per_stage`` activities, an indicator each and commitments."""
    for s in range(stages):
        stage = add_stage(revision, s + 1, D(2026, 1 + s * 3, 1), D(2026, 3 + s * 3, 28))
        for a in range(per_stage):
            activity = add_activity(
                revision,
                stage,
                f"Kegiatan {s + 1}.{a + 1}",
                lead=[Lead.GROUP, Lead.JOINT, Lead.INSTITUTION][a % 3],
            )
            Indicator.objects.create(
                **Indicator.authored_like(revision),
                revision=revision,
                activity=activity,
                name=f"Indikator {s + 1}.{a + 1}",
                unit="orang",
                target=10,
                target_date=D(2026, 12, 1),
                means_of_verification="Daftar hadir",
                reporting_party="group",
            )
    Commitment.objects.create(
        **Commitment.authored_like(revision),
        revision=revision,
        party="institution",
        text="Hadir dua kali sebulan.",
    )
    Commitment.objects.create(
        **Commitment.authored_like(revision), revision=revision, party="group", text="Pertemuan rutin."
    )
    return revision


@pytest.fixture
def draft(agreement, alice):
    """A draft plan under an agreement both parties have agreed and started."""
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ACTIVE, agreed_version=1)
    agreement.refresh_from_db()
    return services.plan_create(actor=institution_actor(alice), agreement=agreement)


@pytest.fixture
def in_force(draft, alice, group_a, chair):
    fill(draft)
    approve(draft, institution_actor(alice))
    approve(draft, group_actor(group_a, chair))
    return draft
