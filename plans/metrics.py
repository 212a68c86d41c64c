"""Budget totals and the participation and independence of the group, computed from activities."""

from dataclasses import dataclass, field

from plans.models import Lead, Responsibility


def share(part, whole):
    """``part`` of ``whole`` as a whole percentage, 0 when there is nothing.

    A share that rounds to 0 or 100 without being it reads "<1" or ">99": a
    small swadaya beside a large grant is still there.
    """
    if not whole:
        return 0
    exact = 100 * part / whole
    if 0 < exact < 1:
        return "<1"
    if 99 < exact < 100:
        return ">99"
    return round(exact)


@dataclass
class PlanFigures:
    activities: int = 0
    by_lead: dict = field(default_factory=lambda: dict.fromkeys(Lead.values, 0))
    budget_by_lead: dict = field(default_factory=lambda: dict.fromkeys(Lead.values, 0))
    budget_by_party: dict = field(default_factory=lambda: dict.fromkeys(Responsibility.values, 0))
    budget_institution: int = 0
    budget_group: int = 0
    budget_other: int = 0

    @property
    def budget_total(self):
        return self.budget_institution + self.budget_group + self.budget_other

    @property
    def group_led_share(self):
        """Share of activities the group leads on its own."""
        return share(self.by_lead[Lead.GROUP], self.activities)

    @property
    def joint_share(self):
        return share(self.by_lead[Lead.JOINT], self.activities)

    @property
    def group_led_budget_share(self):
        return share(self.budget_by_lead[Lead.GROUP], self.budget_total)

    @property
    def swadaya_share(self):
        """Share of the budget the group brings itself."""
        return share(self.budget_group, self.budget_total)

    @property
    def lead_rows(self):
        return [
            (
                label,
                self.by_lead[value],
                share(self.by_lead[value], self.activities),
                self.budget_by_lead[value],
            )
            for value, label in Lead.choices
        ]

    @property
    def party_rows(self):
        return [
            (label, self.budget_by_party[value], share(self.budget_by_party[value], self.budget_total))
            for value, label in Responsibility.choices
        ]


def plan_figures(activities):
    figures = PlanFigures()
    for activity in activities:
        figures.activities += 1
        figures.by_lead[activity.lead] += 1
        figures.budget_by_lead[activity.lead] += activity.budget_total
        figures.budget_by_party[activity.responsible_party] += activity.budget_total
        figures.budget_institution += activity.budget_institution
        figures.budget_group += activity.budget_group
        figures.budget_other += activity.budget_other
    return figures
