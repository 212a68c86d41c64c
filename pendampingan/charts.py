"""Charts drawn on the server as SVG, for pages and printed reports alike.

Each chart is plain SVG markup with percentages, so it scales to a phone's
width and prints without JavaScript. Colours and sizes are attributes of the SVG
itself: WeasyPrint does not apply the page's stylesheets inside an SVG, and a
PDF without them shows every bar black.
"""

import base64
import datetime
import functools
import re
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
    # Every row repeats the month grid, so each line is as short as it can be: the colour is said
    # once for the group, and a tenth of a percent is finer than a pixel on any screen or page.
    grid = format_html(
        '<g stroke="{}">{}</g>',
        GRID_COLOUR,
        format_html_join("", '<line x1="{0}%" x2="{0}%" y2="14"/>', ((f"{x:.1f}",) for _m, x in ticks)),
    )
    today_line = ""
    if today is not None and start <= today <= end:
        x = _position(today, start, total_days)
        today_line = format_html(
            '<line x1="{0}%" x2="{0}%" y2="14" stroke="{1}" stroke-width="2"/>', f"{x:.1f}", TODAY_COLOUR
        )
    for row in rows:
        left = _position(row.start, start, total_days)
        right = _position(row.end + datetime.timedelta(days=1), start, total_days)
        width = max(right - left, 0.8)
        row.svg = format_html(
            '<svg class="tl-track" width="100%" height="14" role="img" aria-label="{label}: {start} – {end}">'
            '{grid}{today}<rect x="{left}%" y="2" width="{width}%" height="10" rx="2" fill="{colour}"/>'
            "</svg>",
            label=row.label,
            start=formats.date_format(row.start),
            end=formats.date_format(row.end),
            grid=grid,
            today=mark_safe(today_line),
            left=f"{left:.2f}",
            width=f"{width:.2f}",
            colour=BAR_COLOURS.get(row.kind, BAR_COLOURS["stage"]),
        )
    # About six month labels fit a phone's width; the grid still marks every month.
    step = max(1, -(-len(ticks) // 6))
    axis = format_html(
        '<svg class="tl-axis" width="100%" height="18" aria-hidden="true">'
        '<g font-size="10" fill="{}">{}</g></svg>',
        MONTH_COLOUR,
        format_html_join(
            "",
            '<text x="{0}%" y="13">{1}</text>',
            ((f"{x:.1f}", formats.date_format(m, "M y")) for m, x in ticks[::step] if x < 90),
        ),
    )
    return rows, axis


# Bar, line and comparison charts, drawn by pygal (Kozea, who also make WeasyPrint). Its SVG
# carries its own <style>, which the site's Content-Security-Policy forbids inline in a page;
# so each chart travels as an image (a data: URI), where its styles apply and nothing runs,
# and is the same in a page and in a PDF. A table with the same numbers always goes with it.
SERIES_COLOURS = ("#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#dc3545", "#20c997")
FONT = "DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class Chart:
    data_uri: str
    width: int
    height: int
    alt: str


def _style():
    from pygal.style import Style

    return Style(
        font_family=FONT,
        background="white",
        plot_background="white",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#6c757d",
        colors=SERIES_COLOURS,
        title_font_size=17,
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=15,
        value_font_size=13,
        no_data_font_size=17,
    )


CHART_ID = re.compile(rb"chart-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")
STYLE_RULE = re.compile(rb"[^{}]*\{[^{}]*\}")
# Style rules for what an image never does: hover, tooltips, animation, kinds of chart not drawn here.
UNUSED_STYLE = re.compile(
    rb":hover|\.tooltip|\.active|transition|map-element|gauge|\.bound|max-value|xlink|showable"
)


def _compact(svg):
    """An image shows no tooltip, runs no script and is a document of its own: what pygal writes for
    those only weighs on the page that carries it. Coordinates keep a tenth of a pixel."""
    svg = re.sub(rb"<script.*?</script>|<!--.*?-->|<desc [^>]*>[^<]*</desc>", b"", svg, flags=re.DOTALL)
    # The chart's own title first, then each axis tick's tooltip.
    title, end, rest = svg.partition(b"</title>")
    svg = title + end + re.sub(rb"<title>[^<]*</title>", b"", rest)
    svg = re.sub(rb' class=""| rx="0" ry="0"| tooltip-trigger', b"", CHART_ID.sub(b"c", svg))
    svg = re.sub(
        rb"(<style[^>]*>)(.*?)(</style>)",
        lambda style: (
            style[1]
            + b"".join(rule for rule in STYLE_RULE.findall(style[2]) if not UNUSED_STYLE.search(rule))
            + style[3]
        ),
        svg,
        flags=re.DOTALL,
    )
    return re.sub(rb'="[^"]*"', lambda value: re.sub(rb"(\.\d)\d+", rb"\1", value.group()), svg)


def _render(chart, alt, width, height):
    svg = _compact(chart.render(is_unicode=False))
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return Chart(data_uri=uri, width=width, height=height, alt=alt)


def _chart(kind, title, labels, series, formatter, width, height, **options):
    import pygal

    chart = getattr(pygal, kind)(
        js=[],
        width=width,
        height=height,
        style=_style(),
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 3) or 1,
        truncate_label=18,
        truncate_legend=40,
        value_formatter=formatter,
        no_data_text=gettext("No data yet"),
        print_values=False,
        **options,
    )
    chart.title = title
    chart.x_labels = [str(label) for label in labels]
    for name, values in series:
        chart.add(str(name), list(values))
    return chart


@functools.lru_cache(maxsize=256)
def _drawn(kind, title, labels, series, formatter, width, height, alt, language, options):
    return _render(
        _chart(kind, title, labels, series, formatter, width, height, **dict(options)), alt, width, height
    )


def _draw(kind, title, labels, series, formatter, width, height, alt, **options):
    """The chart, drawn once for the same figures in the same language and kept (a few hundred of
    them): a page read again, or by the other party, does not draw its charts again. A chart is
    a function of its figures only; ``formatter`` is one function for every call (``PERCENT``)."""
    return _drawn(
        kind,
        str(title),
        tuple(str(label) for label in labels),
        tuple((str(name), tuple(values)) for name, values in series),
        formatter,
        width,
        height,
        str(alt or title),
        translation.get_language(),
        tuple(sorted(options.items())),
    )


def whole_number(value):
    return f"{value:.0f}"


def percent(value):
    return f"{value:.0f}%"


def one_decimal(value):
    return formats.number_format(value, decimal_pos=1)


# Drawn at about a phone's width, so that its text stays readable when the image fits the screen.
def bar_chart(title, labels, series, formatter=formats.number_format, width=440, height=340, alt=""):
    """Grouped vertical bars: one group per label, one bar per series (``[(name, values)]``)."""
    return _draw("Bar", title, labels, series, formatter, width, height, alt)


def horizontal_bar_chart(
    title, labels, series, formatter=formats.number_format, width=440, height=None, alt="", maximum=None
):
    """Grouped horizontal bars, the first label at the top."""
    height = height or max(220, 90 + 34 * len(labels) * max(len(series), 1))
    # pygal stacks the labels from the bottom up.
    labels = list(labels)[::-1]
    series = [(name, list(values)[::-1]) for name, values in series]
    options = {"range": (0, maximum)} if maximum is not None else {}
    return _draw("HorizontalBar", title, labels, series, formatter, width, height, alt, **options)


def line_chart(
    title, labels, series, formatter=formats.number_format, width=640, height=320, alt="", maximum=None
):
    """Lines over ``labels`` (dates, rounds); a missing value is ``None`` and leaves a gap."""
    options = {"range": (0, maximum)} if maximum is not None else {}
    return _draw(
        "Line", title, labels, series, formatter, width, height, alt, allow_interruptions=True, **options
    )
