import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.deviations import Deviation, Rule
from pendampingan.models import Agreement
from tests.conftest import group_actor, institution_actor, make_agreement
from tests.plans.conftest import draft, in_force  # noqa: F401  (fixtures used here too)

D = datetime.date


def progress_url(agreement, name="progress", **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"pk": agreement.pk, **kwargs})


def entry_data(**changes):
    """What the entry form posts for a valid entry."""
    data = {
        "reported_on": "2026-02-10",
        "status": "in_progress",
        "percent_done": "40",
        "actual_start": "2026-01-05",
        "actual_end": "",
        "spent_institution": "500000",
        "spent_group": "100000",
        "spent_other": "0",
        "participants_women": "8",
        "participants_men": "6",
        "what_was_done": "Pelatihan pertama selesai.",
        "problems": "",
    }
    data.update(changes)
    return data


def record(actor, activity, **changes):
    """An entry written through the service, as the form would send it."""
    fields = {
        "reported_on": activity.start_date,
        "status": "in_progress",
        "percent_done": 30,
        "actual_start": activity.start_date,
        "what_was_done": "Sudah berjalan.",
        **changes,
    }
    return services.progress_create(
        actor=actor, agreement=activity.revision.plan.agreement, activity=activity, **fields
    )


@pytest.fixture
def activity(in_force):  # noqa: F811
    return in_force.activities.order_by("start_date", "title").first()


@pytest.fixture
def agreement_in_force(in_force):  # noqa: F811
    """The agreement of the plan in force, running until a year from today, so that whatever day the
    tests run, a corrective action can fall due within it."""
    agreement = in_force.plan.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        end_date=timezone.localdate() + datetime.timedelta(days=365)
    )
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def fiona_actor(fiona):
    return institution_actor(fiona)


@pytest.fixture
def chair_actor(group_a, chair):
    return group_actor(group_a, chair)


def indicator_url(agreement, name="indicators", **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"pk": agreement.pk, **kwargs})


def value_data(**changes):
    """What the value form posts for a valid value."""
    return {"measured_on": "2026-06-30", "value": "4.5", "note": "Dari daftar hadir.", **changes}


def record_value(actor, indicator, **changes):
    """A value written through the service, as the form would send it."""
    fields = {"measured_on": D(2026, 6, 30), "value": 5, "note": "", **changes}
    return services.indicator_value_create(
        actor=actor, agreement=indicator.revision.plan.agreement, indicator=indicator, **fields
    )


@pytest.fixture
def indicator(in_force):  # noqa: F811
    return in_force.indicators.order_by("name").first()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def add_evidence(actor, record, name="daftar-hadir.pdf", content=PDF, caption=""):
    """A file attached to ``record`` (a progress entry or an indicator value) as an upload would be."""
    from monitoring.models import ActivityProgress, Evidence
    from pendampingan import attachments
    from tests.conftest import upload

    prepared = attachments.prepare(upload(name, content))
    prepared.caption = caption
    parent = "progress" if isinstance(record, ActivityProgress) else "value"
    return attachments.attach(
        Evidence, actor=actor, prepared=prepared, agreement=record.agreement, **{parent: record}
    )


def evidence_url(item, thumbnail=False):
    url = reverse("monitoring:evidence", kwargs={"pk": item.agreement_id, "evidence_pk": item.pk})
    return url + ("?thumbnail" if thumbnail else "")


# The portfolio's agreements: running ones whose health a rule given to the test decides.
def running(agreement):
    Agreement.objects.filter(pk=agreement.pk).update(agreed_version=1, status=Agreement.Status.ACTIVE)
    agreement.refresh_from_db()
    return agreement


def late_in(*agreements, since=None):
    """A rule finding one deviation in each of ``agreements``."""
    wanted = {a.pk for a in agreements}

    def find(snapshot):
        for pk in snapshot.agreements:
            if pk in wanted:
                yield Deviation(pk, "late", f"late:{pk}", "group", "Terlambat", since=since)

    return Rule("late", "Kegiatan terlambat", find)


@pytest.fixture
def three(institution_a, group_a, alice, fiona):
    calm = running(make_agreement(institution_a, group_a, alice, [fiona], title="Tenang"))
    worried = running(make_agreement(institution_a, group_a, alice, [fiona], title="Waspada"))
    bad = running(make_agreement(institution_a, group_a, alice, [fiona], title="Gawat"))
    return calm, worried, bad
