"""Charts drawn on the server as SVG, for pages and printed reports alike.

Each chart is plain SVG markup with percentages, so it scales to a phone's
width and prints without JavaScript. Colours and sizes are attributes of the SVG
itself: WeasyPrint does not apply the page's stylesheets inside an SVG, and a
PDF without them shows every bar black.
"""

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# The legend's keys (.tl-key in static/css/app.css) use the same colours.
BAR_COLOURS = {
    "stage": "#343a40",
    "lead-group": "#198754",
    "lead-joint": "#0dcaf0",
    "lead-institution": "#fd7e14",
}
GRID_COLOUR = "#dee2e6"
TODAY_COLOUR = "#dc3545"
MONTH_COLOUR = "#6c757d"


@dataclass
class TimelineRow:
    label: str
    start: datetime.date
    end: datetime.date
    kind: str = "activity"
    note: str = ""
    url: str = ""

    svg: str = ""


def _position(day, start, total_days):
    return max(0.0, min(100.0, 100 * (day - start).days / total_days))


def _months(start, end):
    month = datetime.date(start.year, start.month, 1)
    while month <= end:
        yield month
        month = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def timeline(rows, start, end, today=None):
    """Give every row a bar on a track from ``start`` to ``end``; return the rows and a month axis."""
    total_days = max((end - start).days + 1, 1)
    ticks = [(m, _position(m, start, total_days)) for m in _months(start, end) if m >= start]
    grid = format_html_join(
        "",
        '<line x1="{0}%" x2="{0}%" y1="0" y2="100%" class="tl-grid" stroke="{1}" stroke-width="1"/>',
        ((f"{x:.2f}", GRID_COLOUR) for _m, x in ticks),
    )
    today_line = ""
    if today is not None and start <= today <= end:
        x = _position(today, start, total_days)
        today_line = format_html(
            '<line x1="{0}%" x2="{0}%" y1="0" y2="100%" class="tl-today" stroke="{1}" stroke-width="2"/>',
            f"{x:.2f}",
            TODAY_COLOUR,
        )
    for row in rows:
        left = _position(row.start, start, total_days)
        right = _position(row.end + datetime.timedelta(days=1), start, total_days)
        width = max(right - left, 0.8)
        row.svg = format_html(
            '<svg class="tl-track" width="100%" height="14" role="img" aria-label="{label}: {start} – {end}">'
            '{grid}{today}<rect x="{left}%" y="2" width="{width}%" height="10" rx="2" '
            'class="tl-bar tl-{kind}" fill="{colour}"/>'
            "</svg>",
            label=row.label,
            start=formats.date_format(row.start),
            end=formats.date_format(row.end),
            grid=grid,
            today=mark_safe(today_line),
            left=f"{left:.2f}",
            width=f"{width:.2f}",
            kind=row.kind,
            colour=BAR_COLOURS.get(row.kind, BAR_COLOURS["stage"]),
        )
    # About six month labels fit a phone's width; the grid still marks every month.
    step = max(1, -(-len(ticks) // 6))
    axis = format_html(
        '<svg class="tl-axis" width="100%" height="18" aria-hidden="true">{}</svg>',
        format_html_join(
            "",
            '<text x="{0}%" y="13" class="tl-month" font-size="10" fill="{1}">{2}</text>',
            ((f"{x:.2f}", MONTH_COLOUR, formats.date_format(m, "M y")) for m, x in ticks[::step] if x < 90),
        ),
    )
    return rows, axis
