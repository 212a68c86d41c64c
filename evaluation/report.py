"""The evaluation report, on a page and as the coordinator's PDF: the figures, their charts, both
parties' words, in the structure Indonesian evaluation reports follow."""

import datetime
from dataclasses import asdict, dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluation import results
from monitoring.models import CorrectiveAction
from pendampingan import charts
from pendampingan.models import Party


def figures(evaluation):
    """The figures both parties approved, or, before that, as the record stands today."""
    if evaluation.is_final and evaluation.approved_results:
        return results.from_data(evaluation.approved_results)
    return results.compute(evaluation, timezone.localdate())


def charts_of(figures):
    """The report's charts (SVG, drawn on the server), each beside a table of the same figures."""
    drawn = []
    if figures.indicators:
        drawn.append(
            charts.horizontal_bar_chart(
                _("Indicators: share of the target achieved (%)"),
                [str(n) for n in range(1, len(figures.indicators) + 1)],
                [
                    (
                        _("Achieved"),
                        [None if i.percent is None else float(i.counted) for i in figures.indicators],
                    )
                ],
                formatter=charts.percent,
                maximum=100,
                alt=_("Share of each indicator's target achieved; the indicator table gives the figures."),
            )
        )
    if figures.activity_rows:
        drawn.append(
            charts.bar_chart(
                _("Budget planned and spent per activity (million Rp)"),
                [str(n) for n in range(1, len(figures.activity_rows) + 1)],
                [
                    (_("Planned"), [row.budget / 1_000_000 for row in figures.activity_rows]),
                    (_("Spent"), [row.spent / 1_000_000 for row in figures.activity_rows]),
                ],
                formatter=charts.one_decimal,
                alt=_("Budget planned and spent per activity; the activity table gives the figures."),
            )
        )
    if figures.attendance_by_meeting:
        drawn.append(
            charts.line_chart(
                _("Members present at routine meetings (%)"),
                [date_format(row["date"], "j M") for row in figures.attendance_by_meeting],
                [
                    (
                        _("Present"),
                        [
                            round(100 * row["present"] / row["listed"]) if row["listed"] else None
                            for row in figures.attendance_by_meeting
                        ],
                    )
                ],
                formatter=charts.percent,
                maximum=100,
                alt=_("Share of members present at each routine meeting; the table gives the figures."),
            )
        )
    if figures.scores:
        rounds = sorted({s["round"] for s in figures.scores})
        series = []
        for about, label in (
            (Party.INSTITUTION, _("The institution, scored by the group")),
            (Party.GROUP, _("The group, scored by the institution")),
        ):
            given = {s["round"]: float(s["average"]) for s in figures.scores if s["about"] == about}
            series.append((label, [given.get(r) for r in rounds]))
        drawn.append(
            charts.line_chart(
                _("Mutual assessment: average score given, per round"),
                [_("Round %(number)s") % {"number": r} for r in rounds],
                series,
                formatter=charts.one_decimal,
                maximum=5,
                alt=_("Average score each party was given, per round; the scores table gives the figures."),
            )
        )
    return drawn


@dataclass(frozen=True)
class Problem:
    """A corrective action as the report lists it: as it stood when both parties approved the
    evaluation, or, before that, as it stands now."""

    title: str
    deviation_title: str
    owner_party: str
    owner_name: str
    due_date: datetime.date
    status: str

    def get_owner_party_display(self):
        return Party(self.owner_party).label

    def get_status_display(self):
        return CorrectiveAction.Status(self.status).label

    def as_data(self):
        return dict(asdict(self), due_date=self.due_date.isoformat())

    @classmethod
    def from_data(cls, data):
        return cls(**dict(data, due_date=datetime.date.fromisoformat(data["due_date"])))


def problems(evaluation, figures):
    """The corrective actions taken in the evaluated period: what went wrong and what was done.

    Those of an approved evaluation are the ones kept with its approval (none read live, so its
    paper never tells of what happened afterwards); otherwise one query.
    """
    kept = (evaluation.approved_results or {}).get("problems") if evaluation.is_final else None
    if kept is not None:
        return [Problem.from_data(row) for row in kept]
    found = CorrectiveAction.objects.filter(
        agreement=evaluation.agreement,
        created_at__date__range=(figures.start, min(figures.end, figures.on)),
    ).order_by("due_date", "pk")
    return [
        Problem(a.title, a.deviation_title, a.owner_party, a.owner_name, a.due_date, a.status) for a in found
    ]


def portfolio_chart(rows):
    """Each agreement's effectiveness and cost efficiency, in one chart beside the portfolio's table,
    named by its number there."""
    measured = [row for row in rows if row.figures is not None]
    if not measured:
        return None
    return charts.horizontal_bar_chart(
        _("Effectiveness and cost efficiency per agreement (%)"),
        [str(row.number) for row in measured],
        [
            (_("Effectiveness"), [_number(row.figures.effectiveness) for row in measured]),
            (_("Cost efficiency"), [_number(row.figures.cost_efficiency) for row in measured]),
        ],
        formatter=charts.percent,
        alt=_("Effectiveness and cost efficiency of each agreement; the table gives the figures."),
    )


def _number(value):
    return None if value is None else float(value)
