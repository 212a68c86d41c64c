"""Charts drawn on the server as SVG images, the same in a page and in a PDF."""

import base64
import re

from django.utils import translation

from pendampingan import charts
from pendampingan.formatting import rupiah


def svg_of(chart):
    prefix, data = chart.data_uri.split(",", 1)
    assert prefix == "data:image/svg+xml;base64"
    return base64.b64decode(data).decode()


def test_a_bar_chart_carries_its_series_and_rupiah_labels():
    chart = charts.bar_chart(
        "Anggaran per tahap",
        ["Tahap 1", "Tahap 2"],
        [("Rencana", [1_500_000, 2_000_000]), ("Realisasi", [1_700_000, None])],
        formatter=rupiah,
        alt="Anggaran dan belanja per tahap",
    )
    svg = svg_of(chart)
    assert "Rencana" in svg and "Realisasi" in svg
    # The axis in Rupiah, the Indonesian way.
    assert re.search(r"Rp\d{1,3}(\.\d{3})+<", svg)
    assert "<script" not in svg
    assert chart.alt == "Anggaran dan belanja per tahap" and chart.width > 0


def test_hostile_labels_are_text_in_the_svg():
    svg = svg_of(charts.bar_chart("x", ["<script>alert(1)</script>"], [("<b>s</b>", [1])]))
    assert "<script>alert" not in svg and "<b>s</b>" not in svg


def test_an_empty_chart_says_there_is_no_data():
    svg = svg_of(charts.line_chart("Skor", [], []))
    assert "No data yet" in svg or "Belum ada data" in svg


def test_a_horizontal_chart_reads_from_the_top():
    svg = svg_of(charts.horizontal_bar_chart("Indikator", ["1", "2"], [("Tercapai", [10, 90])], maximum=100))
    # pygal draws the last label first (at the bottom): "2" comes before "1" in the SVG.
    assert svg.index(">2</text>") < svg.index(">1</text>")


def test_it_sends_nothing_an_image_never_uses():
    svg = svg_of(
        charts.bar_chart("Anggaran", ["Tahap 1", "Tahap 2"], [("Rencana", [1, 2]), ("Realisasi", [2, 1])])
    )
    assert "<desc" not in svg and "<!--" not in svg and ":hover" not in svg and "transition" not in svg
    # Styles scoped by a short id, not a page-unique one before each rule.
    assert not re.search(r"chart-[0-9a-f]{8}-", svg) and "#c .title" in svg
    assert svg.count("<title>") == 1
    assert not re.search(r'="[^"]*\d\.\d\d', svg)


def test_a_timeline_row_draws_its_month_grid_in_short_lines():
    import datetime

    rows, _axis = charts.timeline(
        [charts.TimelineRow("Tahap 1", datetime.date(2026, 1, 5), datetime.date(2026, 4, 30), kind="stage")],
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        today=datetime.date(2026, 6, 15),
    )
    grid = re.search(r'<g stroke="#dee2e6">(.*?)</g>', str(rows[0].svg)).group(1)
    # One line a month, its colour said once for them all.
    assert re.fullmatch(r'(<line x1="(\d+\.\d)%" x2="\2%" y2="14"/>){12}', grid)
    assert 'stroke="#dc3545"' in str(rows[0].svg)


def test_a_chart_of_the_same_figures_in_the_same_language_is_drawn_once():
    def draw(planned):
        return charts.bar_chart("Anggaran", ["Tahap 1"], [("Rencana", [planned])], formatter=charts.percent)

    charts._drawn.cache_clear()
    first = draw(1_500_000)
    assert draw(1_500_000) is first
    assert draw(2_000_000).data_uri != first.data_uri
    with translation.override("en"):
        assert draw(1_500_000) is not first
    assert charts._drawn.cache_info().misses == 3
