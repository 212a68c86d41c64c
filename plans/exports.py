"""The plan's sheets, for people who work in spreadsheets; pendampingan.exports writes them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

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
from pendampingan.formatting import person_name
from pendampingan.models import Member, Party


def _person(activity):
    person = activity.person_in_charge
    if person is None:
        return ""
    return person.name if isinstance(person, Member) else person_name(person)


ACTIVITIES = (
    Column(gettext_lazy("Stage"), lambda a: f"{a.stage.order}. {a.stage.name}"),
    Column(gettext_lazy("Activity"), "title"),
    Column(gettext_lazy("Place"), "place"),
    Column(gettext_lazy("Planned start"), "start_date", DATE),
    Column(gettext_lazy("Due date"), "due_date", DATE),
    Column(gettext_lazy("Expected output"), "expected_output"),
    Column(gettext_lazy("Budget from the institution (Rp)"), "budget_institution", MONEY, total=True),
    Column(gettext_lazy("Swadaya (Rp)"), "budget_group", MONEY, total=True),
    Column(gettext_lazy("Other sources (Rp)"), "budget_other", MONEY, total=True),
    Column(gettext_lazy("Total (Rp)"), "budget_total", MONEY, total=True),
    Column(gettext_lazy("Responsible party"), "get_responsible_party_display", CHOICE),
    Column(gettext_lazy("Person in charge"), _person),
    Column(gettext_lazy("Led by"), "get_lead_display", CHOICE),
)

STAGES = (
    Column(gettext_lazy("Order"), "order", NUMBER),
    Column(gettext_lazy("Stage"), "name"),
    Column(gettext_lazy("Objective"), "objective"),
    Column(pgettext_lazy("date column", "Start"), "start_date", DATE),
    Column(pgettext_lazy("date column", "End"), "end_date", DATE),
)

INDICATORS = (
    Column(gettext_lazy("Indicator"), "name"),
    Column(gettext_lazy("Activity"), lambda i: i.activity.title if i.activity else _("the whole plan")),
    Column(gettext_lazy("Unit"), "unit"),
    Column(gettext_lazy("Baseline"), "baseline", NUMBER),
    Column(gettext_lazy("Target"), "target", NUMBER),
    Column(gettext_lazy("Target date"), "target_date", DATE),
    Column(gettext_lazy("Means of verification"), "means_of_verification"),
    Column(gettext_lazy("Reported by"), "get_reporting_party_display", CHOICE),
)

ROLES = (
    Column(gettext_lazy("Party"), lambda c: Party(c.party).label, CHOICE),
    Column(gettext_lazy("Commitment"), "text"),
)


def _filename(revision, extension):
    plan = revision.plan
    return filename(
        "rencana", plan.agreement.title, f"siklus{plan.cycle}", f"rev{revision.number}", extension=extension
    )


def as_csv(revision, contents):
    """The activities, one per row: the sheet people sort and filter."""
    return csv_response(
        Sheet(_("Activities"), ACTIVITIES, contents["activities"]), _filename(revision, "csv")
    )


def as_xlsx(revision, contents):
    """A workbook of the activities, stages, indicators and roles, each headed by the plan's name."""
    sheets = [
        Sheet(_("Activities"), ACTIVITIES, contents["activities"]),
        Sheet(_("Stages"), STAGES, contents["stages"]),
        Sheet(_("Indicators"), INDICATORS, contents["indicators"]),
        Sheet(_("Roles"), ROLES, contents["commitments"]),
    ]
    title_lines = [revision.plan.agreement.title, str(revision)]
    return xlsx_response(sheets, _filename(revision, "xlsx"), title_lines=title_lines)
