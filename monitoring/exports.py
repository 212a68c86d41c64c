"""Monitoring's sheets: every progress entry and indicator value, for people who work in
spreadsheets; pendampingan.exports writes them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendampingan.exports import (
    CHOICE,
    DATE,
    MONEY,
    NUMBER,
    Column,
    Sheet,
    csv_response,
    filename,
    xlsx_response,
)
from pendampingan.models import Party

ENTRIES = (
    Column(gettext_lazy("Stage"), lambda e: f"{e.activity.stage.order}. {e.activity.stage.name}"),
    Column(gettext_lazy("Activity"), lambda e: e.activity.title),
    Column(gettext_lazy("Reported on"), "reported_on", DATE),
    Column(gettext_lazy("Status"), "get_status_display", CHOICE),
    Column(gettext_lazy("Per cent done"), "percent_done", NUMBER),
    Column(gettext_lazy("Actual start"), "actual_start", DATE),
    Column(gettext_lazy("Actual end"), "actual_end", DATE),
    Column(gettext_lazy("Spent from the institution (Rp)"), "spent_institution", MONEY),
    Column(gettext_lazy("Spent from swadaya (Rp)"), "spent_group", MONEY),
    Column(gettext_lazy("Spent from other sources (Rp)"), "spent_other", MONEY),
    Column(gettext_lazy("Participants, women"), "participants_women", NUMBER),
    Column(gettext_lazy("Participants, men"), "participants_men", NUMBER),
    Column(gettext_lazy("What was done"), "what_was_done"),
    Column(gettext_lazy("Problems met"), "problems"),
    Column(gettext_lazy("Written by"), lambda e: Party(e.author_party).label, CHOICE),
    Column(gettext_lazy("Person"), "written_by"),
)

VALUES = (
    Column(gettext_lazy("Indicator"), lambda v: v.indicator.name),
    Column(gettext_lazy("Unit"), lambda v: v.indicator.unit),
    Column(gettext_lazy("Baseline"), lambda v: v.indicator.baseline, NUMBER),
    Column(gettext_lazy("Target"), lambda v: v.indicator.target, NUMBER),
    Column(gettext_lazy("Target date"), lambda v: v.indicator.target_date, DATE),
    Column(gettext_lazy("Measured on"), "measured_on", DATE),
    Column(gettext_lazy("Value"), "value", NUMBER),
    Column(gettext_lazy("Note"), "note"),
    Column(gettext_lazy("Written by"), lambda v: Party(v.author_party).label, CHOICE),
    Column(gettext_lazy("Person"), "written_by"),
)


def _filename(agreement, extension):
    return filename("pemantauan", agreement.title, extension=extension)


def as_csv(agreement, entries):
    """The progress entries, one per row."""
    return csv_response(Sheet(_("Progress"), ENTRIES, entries), _filename(agreement, "csv"))


def as_xlsx(agreement, entries, values):
    sheets = [Sheet(_("Progress"), ENTRIES, entries), Sheet(_("Indicator values"), VALUES, values)]
    return xlsx_response(sheets, _filename(agreement, "xlsx"), title_lines=[agreement.title])
