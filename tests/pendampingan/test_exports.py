import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from pendampingan import exports
from pendampingan.exports import DATE, MONEY, NUMBER, Column, Sheet
from tests.conftest import workbook_of

COLUMNS = (
    Column("Activity", "title"),
    Column("Due date", "due", DATE),
    Column("Budget (Rp)", "budget", MONEY, total=True),
    Column("Target", "target", NUMBER),
)
# Title lines, the date of export and a blank row come before the header row.
HEADER_ROW = 5


def item(title="Pelatihan", due=datetime.date(2026, 3, 31), budget=1_500_000, target=Decimal("12.5")):
    return SimpleNamespace(title=title, due=due, budget=budget, target=target)


def read_csv(response):
    if isinstance(response, StreamingHttpResponse):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(sheets, **kwargs):
    response = exports.xlsx_response(
        sheets, "x.xlsx", title_lines=["Kelompok Tani Maju", "Siklus 1"], **kwargs
    )
    return workbook_of(response)


def test_it_keeps_text_from_becoming_a_formula():
    for text in ["=1+1", "+62 812", "-5", "@SUM(A1)", "\tx"]:
        assert exports.safe_cell(text) == "'" + text
    assert exports.safe_cell("Rapat desa") == "Rapat desa"
    assert exports.safe_cell(5) == 5


def test_it_strips_control_characters():
    assert exports.safe_cell("Ra\x00pat\x1b de\u202esa\r\nbaru") == "Rapat desa\nbaru"


def test_the_csv_starts_with_a_byte_order_mark_and_has_no_formulas():
    sheet = Sheet(
        "Kegiatan", COLUMNS, [item(title='=HYPERLINK("http://x.example")'), item(title="Sa\x07wah")]
    )
    response = exports.csv_response(sheet, "kegiatan.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[0] == ["Activity", "Due date", "Budget (Rp)", "Target"]
    assert rows[1] == ['\'=HYPERLINK("http://x.example")', "2026-03-31", "1500000", "12.5"]
    assert rows[2][0] == "Sawah"


def test_it_streams_a_long_csv_row_by_row():
    made = []

    def objects():
        for n in range(10_000):
            made.append(n)
            yield item(title=f"Kegiatan {n}")

    response = exports.csv_response(Sheet("Kegiatan", COLUMNS, objects()), "kegiatan.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert made == []
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks)
    # Only the rows sent so far have been made.
    assert len(made) == 1
    rows = list(csv.reader(io.StringIO((b"".join(chunks)).decode())))
    assert len(rows) == 9_999
    assert rows[-1][0] == "Kegiatan 9999"


def test_the_attachment_is_named_with_a_slug():
    response = exports.csv_response(
        Sheet("x", COLUMNS, []), exports.filename("rencana", "Tani Maju: Desa/Ölé", extension="csv")
    )
    assert response["Content-Disposition"] == 'attachment; filename="rencana-tani-maju-desaole.csv"'


def test_xlsx_dates_are_dates_and_money_is_rupiah():
    sheet = read_xlsx([Sheet("Kegiatan", COLUMNS, [item()])]).active
    due, budget, target = (sheet.cell(row=HEADER_ROW + 1, column=c) for c in (2, 3, 4))
    assert due.is_date
    assert due.value.date() == datetime.date(2026, 3, 31)
    assert budget.value == 1_500_000
    assert budget.number_format == '"Rp"#,##0'
    assert target.value == 12.5


def test_xlsx_text_never_becomes_a_formula():
    sheet = read_xlsx([Sheet("Kegiatan", COLUMNS, [item(title="=1+1\x0b")])]).active
    cell = sheet.cell(row=HEADER_ROW + 1, column=1)
    assert (cell.data_type, cell.value) == ("s", "'=1+1")


def test_xlsx_has_a_header_block_and_a_bold_frozen_header_row():
    sheet = read_xlsx([Sheet("Kegiatan", COLUMNS, [item()])], exported_on=datetime.date(2026, 5, 2)).active
    assert [sheet["A1"].value, sheet["A2"].value] == ["Kelompok Tani Maju", "Siklus 1"]
    assert sheet["B3"].value.date() == datetime.date(2026, 5, 2)
    header = sheet[HEADER_ROW]
    assert [cell.value for cell in header] == ["Activity", "Due date", "Budget (Rp)", "Target"]
    assert all(cell.font.b for cell in header)
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.column_dimensions["A"].width >= 20


def test_xlsx_sums_the_columns_marked_as_totals():
    objects = [item(budget=1_000_000), item(budget=250_000), item(budget=None)]
    sheet = read_xlsx([Sheet("Kegiatan", COLUMNS, objects)]).active
    totals = [cell.value for cell in sheet[sheet.max_row]]
    assert sheet.max_row == HEADER_ROW + 3 + 1
    assert totals == [str(_("Total")), None, 1_250_000, None]
    assert sheet.cell(row=sheet.max_row, column=3).number_format == '"Rp"#,##0'


def test_xlsx_has_no_totals_row_when_nothing_is_summed():
    columns = (Column("Activity", "title"),)
    sheet = read_xlsx([Sheet("Kegiatan", columns, [item()])]).active
    assert sheet.max_row == HEADER_ROW + 1


def test_xlsx_writes_a_long_sheet_from_a_generator():
    objects = (item(title=f"Kegiatan {n}", budget=n) for n in range(10_000))
    sheet = read_xlsx([Sheet("Kegiatan", COLUMNS, objects)]).active
    assert sheet.cell(row=HEADER_ROW + 10_000, column=1).value == "Kegiatan 9999"
    assert sheet.cell(row=sheet.max_row, column=3).value == sum(range(10_000))


def test_a_column_must_be_of_a_known_kind_and_only_numbers_add_up():
    with pytest.raises(ValueError):
        Column("Activity", "title", "percentage")
    with pytest.raises(ValueError):
        Column("Activity", "title", total=True)
