"""The portfolio as a spreadsheet: every agreement the filters show, with its health as kept, read
in a fixed number of queries and streamed, so that memory does not grow with the portfolio."""

import csv
import datetime
import io
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import deviations
from monitoring.exports import CHUNK
from pendampingan.models import Agreement
from tests.conftest import body, login, make_agreement, workbook_of
from tests.monitoring.conftest import late_in, running

pytestmark = pytest.mark.django_db


def export(client, fmt="csv", **filters):
    return client.get(reverse("monitoring:portfolio_export", args=[fmt]), filters)


def rows_of(response):
    assert response.streaming, "a long portfolio is streamed, never built in memory"
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_every_agreement_with_its_health_as_kept(as_alice, three, agreement_b, institution_a, group_a, alice):
    calm, worried, bad = three
    make_agreement(institution_a, group_a, alice, [], title="Rancangan")
    with deviations.rules.replaced(late_in(worried)):
        header, *rows = rows_of(export(as_alice))
    assert header[:4] == ["Kondisi", "Kondisi dihitung pada", "Alasan", "Penyimpangan belum diperbaiki"]
    by_title = {row[4]: row for row in rows}
    # The running ones first, by title, then those not agreed yet; agreement_b is another tenant's.
    assert list(by_title) == ["Gawat", "Tenang", "Waspada", "Rancangan"]
    assert by_title["Waspada"][:4] == ["Perlu perhatian", datetime.date.today().isoformat(), "1", "1"]
    assert by_title["Tenang"][:4] == ["Sesuai rencana", datetime.date.today().isoformat(), "0", "0"]
    assert by_title["Rancangan"][:4] == ["Belum berjalan", "", "", ""]
    assert by_title["Rancangan"][11] == ""
    assert by_title["Gawat"][5:8] == ["Kelompok Tani Maju", by_title["Gawat"][6], "Berjalan"]


def test_it_exports_what_the_filters_show(as_alice, three):
    calm, worried, bad = three
    with deviations.rules.replaced(late_in(worried)):
        _header, *rows = rows_of(export(as_alice, health="needs_attention"))
    assert [row[4] for row in rows] == ["Waspada"]
    _header, *rows = rows_of(export(as_alice, q="tenang"))
    assert [row[4] for row in rows] == ["Tenang"]


def test_an_invalid_filter_exports_nothing(as_alice, three):
    header, *rows = rows_of(export(as_alice, health="bagus", status="x"))
    assert header[0] == "Kondisi" and rows == []


def test_facilitators_are_named_in_order(as_alice, institution_a, group_a, alice, fiona, frank):
    running(make_agreement(institution_a, group_a, alice, [frank, fiona], title="Berdua"))
    _header, *rows = rows_of(export(as_alice, q="berdua"))
    assert rows[0][10:] == ["Alice", "Fiona, Frank"]


def test_the_workbook_holds_dates_and_numbers_and_never_a_formula(as_alice, three):
    calm, worried, bad = three
    Agreement.objects.filter(pk=calm.pk).update(title='=HYPERLINK("http://x")')
    sheet = workbook_of(export(as_alice, "xlsx")).worksheets[0]
    assert sheet.freeze_panes == "A5"
    header = [cell.value for cell in sheet[4]]
    assert header[4] == "Kesepakatan"
    rows = {row[4].value: row for row in sheet.iter_rows(min_row=5)}
    row = rows['\'=HYPERLINK("http://x")']
    assert row[4].data_type == "s"
    assert isinstance(row[1].value, datetime.datetime) and row[1].number_format == "d mmmm yyyy"
    assert row[2].value == 0 and row[2].data_type == "n"
    assert isinstance(row[8].value, datetime.datetime)


def test_a_facilitator_exports_only_the_agreements_assigned(
    client, three, frank, institution_a, group_a, alice
):
    running(make_agreement(institution_a, group_a, alice, [frank], title="Milik Frank"))
    login(client, frank)
    _header, *rows = rows_of(export(client))
    assert [row[4] for row in rows] == ["Milik Frank"]


def test_a_groups_login_is_refused(as_gita):
    assert export(as_gita).status_code == 403
    assert export(as_gita, "xlsx").status_code == 403


def test_anonymous_is_sent_to_the_login(client):
    for fmt in ("csv", "xlsx"):
        response = export(client, fmt)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_only_csv_and_xlsx(as_alice):
    assert as_alice.get("/portfolio/export.pdf").status_code == 404
    assert as_alice.post(reverse("monitoring:portfolio_export", args=["csv"])).status_code == 405


def clone(agreement, count):
    """``count`` copies of ``agreement``'s row, straight into the table: a large portfolio made fast."""
    fields = {
        f.attname: getattr(agreement, f.attname) for f in Agreement._meta.concrete_fields if not f.primary_key
    }
    Agreement.objects.bulk_create(
        [Agreement(**{**fields, "title": f"Salinan {n:05}"}) for n in range(count)], batch_size=500
    )


def peak_memory(client, fmt):
    """Queries and the peak of memory allocated while the export is made and read to its end."""
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as captured:
            response = export(client, fmt)
            size = sum(len(chunk) for chunk in response.streaming_content)
        return len(captured), tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_and_memory_do_not_grow_with_the_portfolio(as_alice, agreement, fmt):
    running(agreement)
    export(as_alice, fmt)  # the first export counts the agreement's health; later ones read it
    clone(agreement, 2 * CHUNK)
    export(as_alice, fmt)
    small_queries, small_peak, small_size = peak_memory(as_alice, fmt)
    clone(agreement, 4 * CHUNK)
    export(as_alice, fmt)
    large_queries, large_peak, large_size = peak_memory(as_alice, fmt)
    assert large_size > 2.5 * small_size
    assert large_queries == small_queries
    # Three times the rows, and the peak stays about the same: the rows of one chunk at a time.
    assert large_peak < 1.25 * small_peak, (small_peak, large_peak)
