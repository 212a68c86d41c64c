import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services
from tests.conftest import institution_actor, login, workbook_of
from tests.plans.conftest import fill, rurl

pytestmark = pytest.mark.django_db


def test_the_csv_export_lists_every_activity(as_gita, in_force):
    response = as_gita.get(rurl("export", in_force, fmt="csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 4
    assert rows[1][1] == "Kegiatan 1.1"
    assert rows[1][9] == "1200000"


# Above each sheet's table: the agreement, the plan's cycle and revision, the date of export and a
# blank row; the header row is the fifth.
HEADER_ROW = 5


def test_the_xlsx_export_has_a_sheet_per_part(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="xlsx"))
    workbook = workbook_of(response)
    assert len(workbook.sheetnames) == 4
    activities = workbook.worksheets[0]
    assert activities.max_row == HEADER_ROW + 4 + 1
    assert activities.cell(row=HEADER_ROW + 1, column=2).value == "Kegiatan 1.1"
    roles = workbook.worksheets[3]
    assert {roles.cell(row=r, column=2).value for r in (HEADER_ROW + 1, HEADER_ROW + 2)} == {
        "Hadir dua kali sebulan.",
        "Pertemuan rutin.",
    }


def test_each_xlsx_sheet_names_the_plan_and_the_day_of_export(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="xlsx"))
    for sheet in workbook_of(response).worksheets:
        assert sheet["A1"].value == in_force.plan.agreement.title
        assert sheet["A2"].value == str(in_force)
        assert sheet["B3"].value.date() == timezone.localdate()
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


def test_the_xlsx_export_sums_the_budget(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="xlsx"))
    activities = workbook_of(response).worksheets[0]
    totals = [cell.value for cell in activities[activities.max_row]]
    activities_in_force = list(in_force.activities.all())
    assert totals[6:10] == [
        sum(a.budget_institution for a in activities_in_force),
        sum(a.budget_group for a in activities_in_force),
        sum(a.budget_other for a in activities_in_force),
        sum(a.budget_total for a in activities_in_force),
    ]
    first = activities[HEADER_ROW + 1]
    assert first[3].value.date() == in_force.stages.get(order=1).start_date
    assert first[9].number_format == '"Rp"#,##0'


def test_the_export_is_named_for_the_plan(as_alice, in_force):
    response = as_alice.get(rurl("export", in_force, fmt="csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="rencana-')
    assert response["Content-Disposition"].endswith('-siklus1-rev1.csv"')


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_lets_no_cache_keep_an_export(as_alice, in_force, fmt):
    response = as_alice.get(rurl("export", in_force, fmt=fmt))
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]


def test_an_unknown_export_format_is_404(as_alice, in_force):
    url = rurl("export", in_force, fmt="csv").replace("export.csv", "export.pdf")
    assert as_alice.get(url).status_code == 404


def test_exports_do_not_carry_spreadsheet_formulas(as_alice, draft):
    fill(draft, stages=1, per_stage=1)
    draft.activities.update(title='=HYPERLINK("http://contoh.example","Klik")')
    workbook = workbook_of(as_alice.get(rurl("export", draft, fmt="xlsx")))
    title = workbook.worksheets[0].cell(row=HEADER_ROW + 1, column=2)
    assert title.data_type == "s"
    assert title.value.startswith("'=")
    rows = list(
        csv.reader(io.StringIO(as_alice.get(rurl("export", draft, fmt="csv")).content.decode("utf-8-sig")))
    )
    assert rows[1][1].startswith("'=")


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404(client, request, in_force, who):
    login(client, request.getfixturevalue(who))
    for fmt in ["csv", "xlsx"]:
        assert client.get(rurl("export", in_force, fmt=fmt)).status_code == 404, fmt


def test_anonymous_visitors_log_in_first(client, in_force):
    for url in [rurl("export", in_force, fmt="csv"), rurl("export", in_force, fmt="xlsx")]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


# session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
# the revision with its approvals (2), the four kinds of items
def test_the_export_runs_a_fixed_number_of_queries(as_alice, in_force, alice, assert_queries):
    revision = services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    with assert_queries(13):
        as_alice.get(rurl("export", revision, fmt="xlsx"))
    fill(revision, stages=3, per_stage=4)
    with assert_queries(13):
        as_alice.get(rurl("export", revision, fmt="xlsx"))
