"""Sheets for people who work in spreadsheets: declared once, written as CSV or as an XLSX workbook.

An app declares its columns (a header, where the value comes from and what kind of value it is)
and hands over the objects; this module decides how each kind is written, so a date is a date
and an amount is a number in Rupiah in every export of every app. No text cell can become a
formula and no control character reaches a file.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pendampingan.formatting import plain_decimal
from pendampingan.text import plain_text

TEXT = "text"
DATE = "date"
MONEY = "money"
NUMBER = "number"
CHOICE = "choice"

DATE_FORMAT = "d mmmm yyyy"
MONEY_FORMAT = '"Rp"#,##0'
NUMBER_FORMAT = "General"
FORMATS = {DATE: DATE_FORMAT, MONEY: MONEY_FORMAT, NUMBER: NUMBER_FORMAT}
# A column's width in characters when the caller does not choose one: rows may be a generator,
# so widths come from what a column holds rather than from measuring every cell.
WIDTHS = {TEXT: 30, CHOICE: 18, DATE: 18, MONEY: 16, NUMBER: 12}
MAX_WIDTH = 60

# A cell starting with one of these is a formula to some spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Text as a spreadsheet cell: never a formula, never a control character (which breaks XLSX)."""
    if not isinstance(value, str):
        return value
    value = plain_text(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column: its header, where its value comes from and what kind of value it is.

    ``value`` is an attribute path (``"stage.name"``; a method found there is called, like
    ``"get_lead_display"``) or a function of the row's object. ``total`` adds the column up in
    the workbook's totals row.
    """

    header: str
    value: str | Callable[[Any], Any]
    kind: str = TEXT
    total: bool = False
    width: int | None = None

    def __post_init__(self):
        if self.kind not in WIDTHS:
            raise ValueError(f"Unknown column kind {self.kind!r}")
        if self.total and self.kind not in (MONEY, NUMBER):
            raise ValueError("Only money and number columns can be totalled")

    def get(self, obj):
        if callable(self.value):
            return self.value(obj)
        value = attrgetter(self.value)(obj)
        return value() if callable(value) else value

    @property
    def is_text(self):
        return self.kind in (TEXT, CHOICE)

    @property
    def xlsx_width(self):
        width = self.width or max(WIDTHS[self.kind], len(str(self.header)) // 2 + 2)
        return min(width, MAX_WIDTH)


@dataclass
class Sheet:
    """A title, the columns, and the objects that make its rows (a list, a queryset, a generator)."""

    title: str
    columns: tuple[Column, ...]
    objects: Iterable[Any] = field(default_factory=list)

    @property
    def headers(self):
        return [str(column.header) for column in self.columns]

    def rows(self):
        """Each object's values, one per column, converted the way its column's kind wants."""
        for obj in self.objects:
            yield [_value(column, column.get(obj)) for column in self.columns]


def _value(column, value):
    if value is None or value == "":
        return None
    if column.is_text:
        return safe_cell(str(value))
    if column.kind == DATE and isinstance(value, datetime.datetime):
        # Spreadsheets know no time zones: the date is the one people here saw.
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def filename(*parts, extension):
    """``parts`` slugified and joined with hyphens, e.g. ``rencana-kelompok-tani-siklus1.xlsx``."""
    stem = "-".join(slug for slug in (slugify(str(part))[:60] for part in parts) if slug)
    return f"{stem or 'export'}.{extension}"


def _attach(response, name):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


# --- CSV ------------------------------------------------------------------------------------


class _Echo:
    """A file that hands back what is written to it, so csv.writer can feed a streaming response."""

    def write(self, value):
        return value


def _csv_cell(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain_decimal(value)
    return value


def _csv_lines(sheet):
    writer = csv.writer(_Echo())
    # A byte-order mark lets spreadsheet programs read the file as UTF-8.
    yield "\ufeff" + writer.writerow(sheet.headers)
    for row in sheet.rows():
        yield writer.writerow([_csv_cell(value) for value in row])


def csv_response(sheet, name):
    """The sheet as CSV: a header row and the data rows, nothing above or below them.

    Rows given as a list or a queryset are already at hand and go out in one response; rows
    from a generator are streamed, so a long sheet is never held in memory as a whole.
    """
    content_type = "text/csv; charset=utf-8"
    if isinstance(sheet.objects, Sized):
        response = HttpResponse("".join(_csv_lines(sheet)), content_type=content_type)
    else:
        response = StreamingHttpResponse(_csv_lines(sheet), content_type=content_type)
    return _attach(response, name)


# --- XLSX -----------------------------------------------------------------------------------


def _cell(worksheet, value, kind=TEXT, bold=False):
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        # Set, not inferred: a text cell stays text whatever it starts with.
        cell.data_type = "s"
    elif kind in FORMATS:
        cell.number_format = FORMATS[kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def _write_sheet(workbook, sheet, title_lines, exported_on):
    # Sheet names are at most 31 characters and may not hold []:*?/\
    worksheet = workbook.create_sheet(
        title=str(sheet.title).translate(str.maketrans("", "", "[]:*?/\\"))[:31]
    )
    # Widths and the frozen rows go at the top of the file, before the first row is written.
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.xlsx_width
    header_row = len(title_lines) + 3
    worksheet.freeze_panes = f"A{header_row + 1}"
    for index, line in enumerate(title_lines):
        worksheet.append([_cell(worksheet, safe_cell(str(line)), bold=index == 0)])
    worksheet.append([_cell(worksheet, _("Exported on")), _cell(worksheet, exported_on, DATE)])
    worksheet.append([])
    wrap = Alignment(wrap_text=True, vertical="top")
    headers = []
    for header in sheet.headers:
        cell = _cell(worksheet, safe_cell(header), bold=True)
        cell.alignment = wrap
        headers.append(cell)
    worksheet.append(headers)

    totals = [0 if column.total else None for column in sheet.columns]
    for row in sheet.rows():
        worksheet.append(
            [_cell(worksheet, value, column.kind) for column, value in zip(sheet.columns, row, strict=True)]
        )
        for index, value in enumerate(row):
            if totals[index] is not None and value is not None:
                totals[index] += value
    if any(total is not None for total in totals):
        # The sums are written as numbers, not SUM formulas: a formula has no value until a
        # spreadsheet program recalculates it, and phones' previews and other readers show none.
        cells = [
            _cell(worksheet, total, column.kind, bold=True) if total is not None else None
            for column, total in zip(sheet.columns, totals, strict=True)
        ]
        if cells[0] is None:
            cells[0] = _cell(worksheet, _("Total"), bold=True)
        worksheet.append(cells)


def xlsx_response(sheets, name, title_lines=(), exported_on=None):
    """The sheets as one XLSX workbook, each under the same header block (``write_xlsx``),
    zipped into a file on disk and streamed from there: a workbook of thousands of rows is never
    held in memory whole. The file goes when the response is closed."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    write_xlsx(sheets, file, title_lines, exported_on)
    file.seek(0)
    return _attach(FileResponse(file, content_type=XLSX_TYPE), name)


def write_xlsx(sheets, file, title_lines=(), exported_on=None):
    """Write the sheets to ``file`` (binary) as one XLSX workbook, each under the same header block.

    The block above every table holds ``title_lines`` (the first in bold) and the date of the
    export; then the bold header row, frozen so it stays in view, the rows, and a totals row
    when some column is marked ``total``. The workbook is written row by row (openpyxl's
    write-only mode), so memory does not grow with the rows (given rows from a generator or
    ``QuerySet.iterator``).
    """
    exported_on = exported_on or timezone.localdate()
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet, list(title_lines), exported_on)
    workbook.save(file)


def write_csv(sheet, file):
    """Write the sheet to ``file`` (binary) as ``csv_response`` sends it."""
    for line in _csv_lines(sheet):
        file.write(line.encode())


def counted(rows, total, progress, every=250):
    """``rows`` as they are read, calling ``progress(done, total)`` every ``every`` rows and at the
    end: what a long export run as a job reports."""
    done = 0
    for done, row in enumerate(rows, start=1):
        if done % every == 0:
            progress(done, total)
        yield row
    progress(done, total)
