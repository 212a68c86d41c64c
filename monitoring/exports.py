"""Monitoring's sheets: every progress entry and indicator value of an agreement, and the
portfolio of many agreements, for people who work in spreadsheets; pendampingan.exports writes
them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from monitoring import health
from monitoring.filters import PortfolioFilter
from monitoring.health import RUNNING, Health
from pendampingan import access, paging, sql
from pendampingan.exports import (
    CHOICE,
    DATE,
    MONEY,
    NUMBER,
    Column,
    Sheet,
    counted,
    csv_response,
    filename,
    write_csv,
    write_xlsx,
    xlsx_response,
)
from pendampingan.formatting import person_name
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


def _kept(figure):
    """A figure of the health kept at the last count, for a running agreement (the others have none)."""

    def value(agreement):
        if agreement.kept_level not in RUNNING:
            return None
        kept = getattr(agreement, "standing" if figure == "counted_on" else "health_standing", None)
        return getattr(kept, figure, None)

    return value


PORTFOLIO = (
    Column(
        gettext_lazy("Health"),
        lambda a: Health(a.kept_level).label if a.kept_level else _("Not counted yet"),
        CHOICE,
    ),
    Column(gettext_lazy("Health as counted on"), _kept("counted_on"), DATE),
    Column(gettext_lazy("Reasons"), _kept("reasons"), NUMBER),
    Column(gettext_lazy("Deviations not yet corrected"), _kept("unresolved"), NUMBER),
    Column(gettext_lazy("Agreement"), "title", width=40),
    Column(gettext_lazy("Group"), "group.name"),
    Column(gettext_lazy("Village"), "group.region_label", width=45),
    Column(gettext_lazy("Status"), "get_status_display", CHOICE),
    Column(pgettext_lazy("date column", "Start"), "start_date", DATE),
    Column(pgettext_lazy("date column", "End"), "end_date", DATE),
    Column(gettext_lazy("Coordinator"), lambda a: person_name(a.coordinator)),
    Column(gettext_lazy("Facilitators"), lambda a: sql.joined(a.facilitator_names)),
)
# Rows read from the database at a time: a long portfolio is never held in memory whole.
CHUNK = 500


def may_see_portfolio(actor):
    """The institution's staff (and the administrator) see the portfolio."""
    return actor.party == Party.INSTITUTION or actor.role == access.Role.ADMIN


def asked_portfolio(actor, query):
    """The agreements of the portfolio ``actor`` asks for with the filters ``query`` (a QueryDict;
    none if the filters are invalid) and the filters (``filterset.level``: the health asked for);
    for the institution's staff only."""
    refused = _("The portfolio is for the institution's staff.")
    access.require(access.allowed_if(may_see_portfolio(actor), refused))
    agreements = access.visible_agreements(actor)
    asked = paging.without_page(query)
    filterset = PortfolioFilter(asked or None, queryset=agreements)
    invalid = filterset.is_bound and not filterset.is_valid()
    return (agreements.none() if invalid else filterset.qs), filterset


def portfolio_title(actor):
    institution = actor.institution
    if institution is None:
        return _("Portfolio")
    return _("Portfolio of %(institution)s") % {"institution": institution.name}


def portfolio(agreements, fmt, title):
    """The portfolio rows (``health.portfolio_rows``) as CSV, streamed, or as an XLSX workbook."""
    sheet = Sheet(_("Portfolio"), PORTFOLIO, agreements.iterator(chunk_size=CHUNK))
    name = filename("portofolio", title, extension=fmt)
    if fmt == "csv":
        return csv_response(sheet, name)
    return xlsx_response([sheet], name, title_lines=[title])


def portfolio_file(actor, query, fmt, file, progress):
    """The portfolio ``actor`` asks for with the filters ``query``, written to ``file`` as a job
    does it (``pendampingan.prepared``), reporting its progress row by row; its file name."""
    found, filterset = asked_portfolio(actor, query)
    rows = health.portfolio_rows(found, filterset.level)
    total = rows.count()
    sheet = Sheet(_("Portfolio"), PORTFOLIO, counted(rows.iterator(chunk_size=CHUNK), total, progress))
    title = portfolio_title(actor)
    if fmt == "csv":
        write_csv(sheet, file)
    else:
        write_xlsx([sheet], file, title_lines=[title])
    return filename("portofolio", title, extension=fmt)
