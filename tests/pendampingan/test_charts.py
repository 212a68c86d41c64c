import datetime

from pendampingan.charts import BAR_COLOURS, TimelineRow, timeline

D = datetime.date


def test_it_draws_each_bar_in_the_colour_of_who_leads():
    # A PDF renderer applies no page stylesheet inside an SVG: the colour must be in the SVG itself.
    rows = [
        TimelineRow(label="Tahap 1", start=D(2026, 1, 1), end=D(2026, 3, 31), kind="stage"),
        TimelineRow(label="Sekolah lapang", start=D(2026, 2, 1), end=D(2026, 2, 28), kind="lead-group"),
    ]
    rows, axis = timeline(rows, D(2026, 1, 1), D(2026, 12, 31))
    assert f'fill="{BAR_COLOURS["stage"]}"' in rows[0].svg
    assert f'fill="{BAR_COLOURS["lead-group"]}"' in rows[1].svg
    assert 'font-size="10"' in axis
