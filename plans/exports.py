"""The plan as CSV and as an XLSX workbook (openpyxl), for people who work in spreadsheets."""

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pendampingan.formatting import person_name
from pendampingan.models import Member, Party
from pendampingan.text import plain_text


def _person(activity):
    person = activity.person_in_charge
    if person is None:
        return ""
    return person.name if isinstance(person, Member) else person_name(person)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text as a spreadsheet cell: never a formula, never a control character (which breaks XLSX)."""
    if not isinstance(value, str):
        return value
    value = plain_text(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def activity_rows(contents):
    header = [
        _("Stage"),
        _("Activity"),
        _("Place"),
        _("Planned start"),
        _("Due date"),
        _("Expected output"),
        _("Budget from the institution (Rp)"),
        _("Swadaya (Rp)"),
        _("Other sources (Rp)"),
        _("Total (Rp)"),
        _("Responsible party"),
        _("Person in charge"),
        _("Led by"),
    ]
    rows = [
        [
            f"{a.stage.order}. {a.stage.name}",
            a.title,
            a.place,
            a.start_date.isoformat(),
            a.due_date.isoformat(),
            a.expected_output,
            a.budget_institution,
            a.budget_group,
            a.budget_other,
            a.budget_total,
            a.get_responsible_party_display(),
            _person(a),
            a.get_lead_display(),
        ]
        for a in contents["activities"]
    ]
    return header, rows


def _sheets(contents):
    yield _("Activities"), *activity_rows(contents)
    yield (
        _("Stages"),
        [_("Order"), _("Stage"), _("Objective"), _("Start"), _("End")],
        [
            [s.order, s.name, s.objective, s.start_date.isoformat(), s.end_date.isoformat()]
            for s in contents["stages"]
        ],
    )
    yield (
        _("Indicators"),
        [
            _("Indicator"),
            _("Activity"),
            _("Unit"),
            _("Baseline"),
            _("Target"),
            _("Target date"),
            _("Means of verification"),
            _("Reported by"),
        ],
        [
            [
                i.name,
                i.activity.title if i.activity else _("the whole plan"),
                i.unit,
                float(i.baseline),
                float(i.target),
                i.target_date.isoformat(),
                i.means_of_verification,
                i.get_reporting_party_display(),
            ]
            for i in contents["indicators"]
        ],
    )
    yield (
        _("Roles"),
        [_("Party"), _("Commitment")],
        [[str(Party(c.party).label), c.text] for c in contents["commitments"]],
    )


def _filename(revision, extension):
    agreement = revision.plan.agreement
    name = slugify(agreement.title)[:60]
    return f"rencana-{name}-siklus{revision.plan.cycle}-rev{revision.number}.{extension}"


def as_csv(revision, contents):
    header, rows = activity_rows(contents)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    # A byte-order mark lets spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(revision, "csv")}"'
    return response


def as_xlsx(revision, contents):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in _sheets(contents):
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(revision, "xlsx")}"'
    return response
