"""Reporting a deviation by hand: either party, about either party; only the reporter changes or
withdraws it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import ReportedDeviation
from tests.conftest import login

pytestmark = pytest.mark.django_db


def report_data(**changes):
    return {
        "concerns_party": "institution",
        "observed_on": timezone.localdate().isoformat(),
        "title": "Pendamping tidak hadir pada pertemuan rutin",
        "description": "Sudah dijadwalkan sebulan sebelumnya.",
        "commitment_key": "",
        "activity_key": "",
        **changes,
    }


def url(agreement, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"pk": agreement.pk, **kwargs})


@pytest.fixture
def report(client, agreement_in_force, gita, chair):
    login(client, gita, chair)
    client.post(url(agreement_in_force, "report_create"), report_data())
    return ReportedDeviation.objects.get()


def test_the_group_reports_the_institution_not_keeping_its_commitment(
    client, agreement_in_force, report, in_force
):
    assert (report.author_party, report.concerns_party) == ("group", "institution")
    assert report.created_by_officer_name == "Sumarni"
    listed = client.get(url(agreement_in_force, "deviations")).context["deviations"]
    assert [d.title for d in listed if d.kind == "reported"] == [report.title]


def test_it_may_name_the_commitment_concerned(client, agreement_in_force, in_force, gita, chair):
    commitment = in_force.commitments.get(party="institution")
    login(client, gita, chair)
    client.post(url(agreement_in_force, "report_create"), report_data(commitment_key=str(commitment.key)))
    assert ReportedDeviation.objects.get().commitment_key == commitment.key


@pytest.mark.parametrize(
    "field,value",
    [
        ("observed_on", "2999-01-01"),
        ("observed_on", "2020-01-01"),
        ("title", ""),
        ("concerns_party", "desa"),
        ("our_commitment", "x" * 2001),
    ],
)
def test_bad_input_is_refused_next_to_the_field(as_alice, agreement_in_force, field, value):
    response = as_alice.post(url(agreement_in_force, "report_create"), report_data(**{field: value}))
    assert field in response.context["form"].errors
    assert not ReportedDeviation.objects.exists()


def test_only_the_reporter_changes_it(client, agreement_in_force, report, fiona):
    login(client, fiona)
    edit = url(agreement_in_force, "report_edit", reported_pk=report.pk)
    assert client.post(edit, report_data(title="Lain", lock_version=report.lock_version)).status_code == 403


def test_a_stale_edit_is_refused_keeping_what_was_typed(client, agreement_in_force, report):
    edit = url(agreement_in_force, "report_edit", reported_pk=report.pk)
    stale = report_data(title="Dari halaman lama", lock_version=report.lock_version)
    client.post(edit, report_data(description="Baru.", lock_version=report.lock_version))
    response = client.post(edit, stale)
    report.refresh_from_db()
    assert report.title == "Pendamping tidak hadir pada pertemuan rutin"
    assert response.context["form"]["title"].value() == "Dari halaman lama"


def test_withdrawing_asks_first_and_then_it_no_longer_counts(client, agreement_in_force, report, fiona):
    withdraw = url(agreement_in_force, "report_withdraw", reported_pk=report.pk)
    assert client.get(withdraw).status_code == 200
    client.post(withdraw)
    client.post(withdraw)  # a second click changes nothing
    report.refresh_from_db()
    assert report.withdrawn_at is not None
    assert not [
        d for d in client.get(url(agreement_in_force, "deviations")).context["deviations"] if d.reported
    ]
    login(client, fiona)
    page = client.get(url(agreement_in_force, "report", reported_pk=report.pk))
    assert page.status_code == 200 and page.context["report"].withdrawn_at


def test_the_other_party_cannot_withdraw_it(client, agreement_in_force, report, alice):
    login(client, alice)
    assert client.post(url(agreement_in_force, "report_withdraw", reported_pk=report.pk)).status_code == 403


def test_hostile_text_is_escaped(client, agreement_in_force, gita, chair):
    login(client, gita, chair)
    client.post(url(agreement_in_force, "report_create"), report_data(title="<script>alert(1)</script>"))
    body = client.get(url(agreement_in_force, "deviations")).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, agreement_in_force, report, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(url(agreement_in_force, "report", reported_pk=report.pk)).status_code == 404


@pytest.fixture
def named(client, agreement_in_force, in_force, gita, chair):
    """The group reports the institution's commitment not kept in an activity, and says what it will do."""
    commitment = in_force.commitments.get(party="institution")
    activity = in_force.activities.order_by("start_date", "title").first()
    login(client, gita, chair)
    data = report_data(
        commitment_key=str(commitment.key),
        activity_key=str(activity.key),
        our_commitment="Kami mengingatkan pendamping lewat ketua seminggu sebelum pertemuan.",
    )
    client.post(url(agreement_in_force, "report_create"), data)
    return ReportedDeviation.objects.get(), commitment, activity


def test_its_page_names_the_commitment_and_activity_and_what_the_reporter_will_do(
    client, agreement_in_force, named
):
    report, commitment, activity = named
    html = client.get(url(agreement_in_force, "report", reported_pk=report.pk)).content.decode()
    assert commitment.text in html and activity.title in html
    assert url(agreement_in_force, "activity", key=activity.key) in html
    assert "What the group will do about it" in html or "Yang akan dilakukan kelompok" in html
    assert report.our_commitment in html


def test_a_corrective_action_opened_from_it_starts_from_what_the_reporter_committed(
    client, agreement_in_force, named
):
    import datetime

    report, commitment, activity = named
    create = url(agreement_in_force, "action_create")
    page = client.get(create, {"deviation": report.deviation_key})
    form = page.context["form"]
    assert (form.initial["commitment_key"], form.initial["details"]) == (
        commitment.key,
        report.our_commitment,
    )
    assert form.initial["owner_party"] == "institution" and activity.title in page.content.decode()
    data = {name: form[name].value() for name in form.fields}
    data.update(
        owner_name="Fiona",
        due_date=(timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        commitment_key=str(commitment.key),
    )
    assert client.post(create, {k: v for k, v in data.items() if v is not None}).status_code == 302
    action = agreement_in_force.corrective_actions.get()
    assert (action.commitment_key, action.details, action.deviation_key) == (
        commitment.key,
        report.our_commitment,
        report.deviation_key,
    )
    html = client.get(url(agreement_in_force, "action", action_pk=action.pk)).content.decode()
    assert url(agreement_in_force, "report", reported_pk=report.pk) in html and activity.title in html


def test_its_page_runs_a_fixed_number_of_queries(client, agreement_in_force, named, assert_queries):
    report, _commitment, _activity = named
    # session, user, staff record, group and officer; the agreement, its facilitators, approvals and
    # proposed amendments; the report; what the deviation rules load (activities and their entries,
    # indicators and their values, actions, reports, assessment rounds, meetings and attendance);
    # the commitment and the activity it names; its corrective actions.
    with assert_queries(22):
        client.get(url(agreement_in_force, "report", reported_pk=report.pk))
