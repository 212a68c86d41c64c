"""Deviations (penyimpangan): what departs from the plan and the agreed rules, found when read.

Nothing here is stored as a flag that goes stale. Each ``Rule`` looks at the
data of many agreements at once and returns the deviations it finds; a rule's
data is loaded once per ``Snapshot`` and shared, so finding every deviation of
a whole portfolio takes the same few queries as finding those of one agreement.

A higher pillar adds its own kinds (a meeting missed, a quorum not met) by
registering a rule on ``rules`` from its ``AppConfig.ready()``; monitoring never
imports it.

Each deviation has a ``key`` that stays the same while the condition lasts
("activity_overdue:<activity key>"), so the corrective actions taken for it
(``CorrectiveAction.deviation_key``) are found again on every read.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from monitoring.models import CorrectiveAction
from pendampingan.registry import Hook
from plans.models import Responsibility


class DeviationStatus(models.TextChoices):
    OPEN = "open", _("Open, no corrective action yet")
    BEING_CORRECTED = "being_corrected", _("Being corrected")
    CORRECTED = "corrected", _("Corrected, confirmed by the other party")


CONCERNS = {
    "institution": _("concerns the institution"),
    "group": _("concerns the group"),
    "both": _("concerns both parties"),
}


@dataclass
class Deviation:
    agreement_id: int
    kind: str
    key: str
    # Whose role or responsibility it concerns: "institution", "group" or "both".
    party: str
    title: str
    detail: str = ""
    since: datetime.date | None = None
    url: str = ""
    # The hand-reported deviation behind it, for the "reported" kind.
    reported: object = None
    actions: list = field(default_factory=list)

    @property
    def status(self):
        if not self.actions:
            return DeviationStatus.OPEN
        if any(a.status != CorrectiveAction.Status.CLOSED for a in self.actions):
            return DeviationStatus.BEING_CORRECTED
        return DeviationStatus.CORRECTED

    @property
    def is_unresolved(self):
        return self.status != DeviationStatus.CORRECTED

    def get_status_display(self):
        return DeviationStatus(self.status).label

    @property
    def concerns_label(self):
        """ "concerns the group", as a list says whose role it is."""
        return CONCERNS[self.party]


class Snapshot:
    """The agreements being looked at on ``today``, and the data the rules share, each loaded once."""

    def __init__(self, agreements, today):
        self.agreements = {a.pk: a for a in agreements}
        self.today = today
        self._loaded = {}

    def load(self, name, loader):
        """``loader(self)``'s answer, computed the first time ``name`` is asked for."""
        if name not in self._loaded:
            self._loaded[name] = loader(self) if self.agreements else []
        return self._loaded[name]


@dataclass(frozen=True)
class Rule:
    kind: str
    label: str
    find: Callable[[Snapshot], Iterable[Deviation]]


rules = Hook("deviation rules")

# What else a corrective action can follow up besides a deviation (an action item of minutes):
# ``fn(agreement, key) -> dict | None``, the action's initial data for ``key``, or None if not its own.
origins = Hook("corrective action origins")


def kinds():
    """``(kind, label)`` of every registered rule, for filters and headings."""
    return [(rule.kind, rule.label) for rule in rules.registered]


def find(agreements, today):
    """``{agreement pk: [Deviation]}`` for ``agreements`` on ``today``, each with its corrective actions.

    One query for the corrective actions, plus what the rules load.
    """
    return find_in(Snapshot(agreements, today))


def find_in(snapshot):
    """``find`` on a snapshot whose loaded data the caller goes on using."""
    found = {pk: [] for pk in snapshot.agreements}
    for rule in rules.registered:
        for deviation in rule.find(snapshot):
            found[deviation.agreement_id].append(deviation)
    if not any(found.values()):
        return found
    by_key = {}
    for action in corrective_actions(snapshot):
        by_key.setdefault((action.agreement_id, action.deviation_key), []).append(action)
    for deviations in found.values():
        for deviation in deviations:
            deviation.actions = by_key.get((deviation.agreement_id, deviation.key), [])
        deviations.sort(key=lambda d: (d.since or snapshot.today, d.title))
    return found


def corrective_actions(snapshot):
    """Every corrective action of the snapshot's agreements: one query, shared by the rules."""
    return snapshot.load(
        "corrective_actions",
        lambda s: list(
            CorrectiveAction.objects.filter(agreement__in=list(s.agreements)).order_by("due_date", "pk")
        ),
    )


def action_draft(agreement, key, today):
    """What a corrective action for ``key`` starts from: the deviation it corrects as it reads
    on ``today`` (its title, the party concerned, and for a reported one the commitment named and
    what the reporting party said it will do), or what another pillar names by that key (an action
    item of minutes). None when nothing goes by that key any more."""
    deviation = next((d for d in find([agreement], today)[agreement.pk] if d.key == key), None)
    if deviation is None:
        return next((o for o in origins(agreement, key) if o), None)
    draft = {
        "title": gettext("Correct: %(deviation)s") % {"deviation": deviation.title},
        "deviation_key": deviation.key,
        "deviation_title": deviation.title,
    }
    if deviation.party != Responsibility.BOTH:
        draft["owner_party"] = deviation.party
    report = deviation.reported
    if report is not None:
        draft["commitment_key"] = report.commitment_key
        draft["details"] = report.our_commitment
    return draft
