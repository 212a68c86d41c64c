import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import login, workbook_of
from tests.monitoring.conftest import record, record_value
from tests.plans.conftest import add_activity

pytestmark = pytest.mark.django_db


def export_url(agreement, fmt):
    return reverse("monitoring:progress_export", kwargs={"pk": agreement.pk, "fmt": fmt})


def test_the_csv_has_one_row_per_entry_with_who_wrote_it(
    client, agreement_in_force, activity, chair_actor, gita, chair
):
    record(chair_actor, activity, spent_institution=1_500_000, what_was_done='=HYPERLINK("x")')
    login(client, gita, chair)
    client.cookies["django_language"] = "en"
    response = client.get(export_url(agreement_in_force, "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Stage", "Activity", "Reported on"]
    assert rows[1][1] == activity.title and rows[1][7] == "1500000"
    assert rows[1][-1] == "Sumarni (Ketua)" or rows[1][-1].startswith("Sumarni")
    # A cell that looks like a formula is written as text.
    assert not rows[1][12].startswith("=")


def test_the_workbook_has_progress_and_indicator_values(
    as_alice, agreement_in_force, activity, indicator, fiona_actor
):
    record(fiona_actor, activity)
    record_value(fiona_actor, indicator, value=7)
    response = as_alice.get(export_url(agreement_in_force, "xlsx"))
    book = workbook_of(response)
    assert len(book.sheetnames) == 2
    values = book.worksheets[1]
    assert any(cell.value == 7 for row in values.iter_rows() for cell in row)


@pytest.mark.parametrize("extra", [0, 6])
def test_it_runs_a_fixed_number_of_queries(
    as_alice, agreement_in_force, in_force, activity, indicator, fiona_actor, extra, assert_queries
):
    for n in range(extra):
        record(fiona_actor, add_activity(in_force, activity.stage, f"Tambahan {n}"))
        record_value(fiona_actor, indicator, value=n)
    # session, user, staff; the agreement with its parties, facilitators, approvals, proposed
    # amendments; the activities, the indicators, the entries, the values.
    with assert_queries(11):
        as_alice.get(export_url(agreement_in_force, "xlsx"))


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, agreement_in_force, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(export_url(agreement_in_force, "csv")).status_code == 404


def test_it_is_read_only(as_alice, agreement_in_force):
    assert as_alice.post(export_url(agreement_in_force, "csv")).status_code == 405
