"""How an agreement is doing, from its deviations: worked out for one agreement's pages, kept at
each recount for the portfolio (``keep``, ``AgreementHealth.kept``).

The rule, as the health page states it: an agreement is *off track* when a
corrective action is overdue or a deviation has gone more than
``UNANSWERED_DAYS`` days without any corrective action; it *needs attention*
while any deviation is not yet corrected; otherwise it is *on track*. An
agreement not yet agreed by both parties, or ended, has no health of its own.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring import deviations
from monitoring.deviations import DeviationStatus
from monitoring.models import HealthStanding
from pendampingan import paging, sql, standing
from pendampingan.models import Agreement

UNANSWERED_DAYS = 30
ACTION_OVERDUE = "action_overdue"


class Health(models.TextChoices):
    # In the order a portfolio lists them: the worst first.
    OFF_TRACK = "off_track", gettext_lazy("Off track")
    NEEDS_ATTENTION = "needs_attention", gettext_lazy("Needs attention")
    ON_TRACK = "on_track", gettext_lazy("On track")
    NOT_RUNNING = "not_running", gettext_lazy("Not running yet")
    ENDED = "ended", gettext_lazy("Ended")


RANK = {value: rank for rank, value in enumerate(Health.values)}


@dataclass
class AgreementHealth:
    agreement: object
    level: str
    reasons: list = field(default_factory=list)
    deviations: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    today: datetime.date | None = None
    # The reasons as ``ranked`` gives them (what is kept); ``reasons`` are their lines.
    ranked: list = field(default_factory=list)
    # The corrective actions' counts as kept (``kept``), when the actions themselves are not read.
    counts: dict | None = None

    @classmethod
    def kept(cls, agreement):
        """``agreement``'s health as last counted (``keep``; read ``with_health``): its level, its
        reasons in the language of the moment and its corrective actions' counts, without reading
        its records. Current when the agreement's standing is (``standing.recount_some``); None
        for a running agreement never counted."""
        found = _not_running(agreement)
        if found is not None:
            return found
        kept = getattr(agreement, "health_standing", None)
        if kept is None:
            return None
        reasons = [tuple(reason) for reason in kept.ranked]
        return cls(agreement, kept.level, texts(reasons), ranked=reasons, counts=Counter(kept.action_counts))

    @property
    def label(self):
        return Health(self.level).label

    @property
    def unresolved(self):
        return [d for d in self.deviations if d.is_unresolved]

    @property
    def by_party(self):
        """How many unresolved deviations concern each party: ``{party: count}``."""
        return Counter(d.party for d in self.unresolved)

    @property
    def action_counts(self):
        """How many corrective actions are open, await the other party's confirmation, are closed,
        and how many of the open ones are overdue."""
        if self.counts is not None:
            return self.counts
        counts = Counter(a.status for a in self.actions)
        counts["overdue"] = sum(1 for a in self.actions if a.is_overdue(self.today))
        return counts

    @property
    def most_urgent(self):
        """The one reason a portfolio shows for it; the others are on the agreement's health page."""
        return self.reasons[0] if self.reasons else ""

    @property
    def more_reasons(self):
        """How many reasons the portfolio leaves to the agreement's page."""
        return max(len(self.reasons) - 1, 0)


def is_serious(deviation, today):
    """An overdue corrective action, or a deviation left without any action for too long."""
    if deviation.status == DeviationStatus.CORRECTED:
        return False
    if deviation.kind == ACTION_OVERDUE:
        return True
    unanswered_since = deviation.since or today
    return deviation.status == DeviationStatus.OPEN and (today - unanswered_since) > datetime.timedelta(
        days=UNANSWERED_DAYS
    )


def ranked(found, today):
    """What makes the health what it is, the most urgent first: each kind of unresolved deviation
    in ``found`` as ``(kind, how many, how many of them serious)``.

    Overdue corrective actions come first, then the kinds with deviations left without any
    corrective action for too long, then the rest, each kind the more of them the earlier.
    """
    unresolved = [d for d in found if d.is_unresolved]
    total = Counter(d.kind for d in unresolved)
    serious = Counter(d.kind for d in unresolved if is_serious(d, today))

    def urgency(kind):
        rank = 0 if kind == ACTION_OVERDUE else 1 if serious[kind] else 2
        return (rank, -serious[kind], -total[kind])

    return [(kind, total[kind], serious[kind]) for kind in sorted(total, key=urgency)]


def texts(reasons):
    """``ranked`` reasons as the lines a person reads, one per kind, in the current language."""
    labels = dict(deviations.kinds())
    lines = []
    for kind, count, serious in reasons:
        values = {"kind": labels.get(kind, kind), "count": count, "days": UNANSWERED_DAYS}
        if kind == ACTION_OVERDUE or not serious:
            lines.append(_("%(kind)s: %(count)s") % values)
        elif serious == count:
            lines.append(
                _("%(kind)s: %(count)s without any corrective action for more than %(days)s days") % values
            )
        else:
            lines.append(
                _(
                    "%(kind)s: %(count)s, %(serious)s of them without any corrective action "
                    "for more than %(days)s days"
                )
                % {**values, "serious": serious}
            )
    return lines


def reasons_for(found, today):
    """The lines of ``ranked``."""
    return texts(ranked(found, today))


def _not_running(agreement):
    """The health of an agreement that has none of its own (ended, or not yet agreed); None for a
    running one."""
    if not agreement.is_open:
        return AgreementHealth(agreement, Health.ENDED)
    if not agreement.is_agreed:
        return AgreementHealth(agreement, Health.NOT_RUNNING, [_("Not yet agreed by both parties.")])
    return None


def health_of(agreements, today):
    """``{agreement pk: AgreementHealth}``, in the queries ``deviations.find`` makes for all of them."""
    agreements = list(agreements)
    running = [a for a in agreements if a.is_open and a.is_agreed]
    snapshot = deviations.Snapshot(running, today)
    found = deviations.find_in(snapshot)
    actions = {}
    for action in deviations.corrective_actions(snapshot):
        actions.setdefault(action.agreement_id, []).append(action)
    result = {}
    for agreement in agreements:
        result[agreement.pk] = _not_running(agreement)
        if result[agreement.pk] is not None:
            continue
        listed = found[agreement.pk]
        if any(is_serious(d, today) for d in listed):
            level = Health.OFF_TRACK
        elif any(d.is_unresolved for d in listed):
            level = Health.NEEDS_ATTENTION
        else:
            level = Health.ON_TRACK
        reasons = ranked(listed, today)
        result[agreement.pk] = AgreementHealth(
            agreement, level, texts(reasons), listed, actions.get(agreement.pk, []), today, reasons
        )
    return result


def keep(agreements, today):
    """Keep the health of ``agreements`` as it is ``today`` (``pendampingan.standing`` calls it as it
    recounts them), in one write."""
    found = health_of(agreements, today).values()
    HealthStanding.objects.bulk_create(
        [
            HealthStanding(
                agreement_id=h.agreement.pk,
                level=h.level,
                reasons=len(h.reasons),
                unresolved=len(h.unresolved),
                ranked=h.ranked,
                action_counts=dict(h.action_counts) if h.level in RUNNING else {},
            )
            for h in found
        ],
        update_conflicts=True,
        unique_fields=["agreement"],
        update_fields=["level", "reasons", "unresolved", "ranked", "action_counts"],
    )


def in_order(agreements):
    """``agreements`` (a queryset) in the order of the health levels as far as the database knows
    them: those running first, then those not yet agreed, then the ended ones; each by title."""
    return agreements.running_first()


RUNNING = (Health.OFF_TRACK, Health.NEEDS_ATTENTION, Health.ON_TRACK)


def of_level(agreements, level=""):
    """Those of ``agreements`` (a queryset) of the health ``level`` ("" for all), in the portfolio's
    order. The levels of those not running and of the ended are the database's to find; one level
    of the running ones is found by the health kept at each agreement's last recount (``keep``),
    the changed ones recounted first, the most urgent first."""
    if level == Health.ENDED:
        agreements = agreements.filter(status__in=Agreement.CLOSED)
    elif level == Health.NOT_RUNNING:
        agreements = agreements.open().filter(agreed_version__isnull=True)
    elif level:
        running = agreements.open().filter(agreed_version__isnull=False)
        standing.recount_some(running)
        return running.filter(health_standing__level=level).order_by(
            "-health_standing__reasons", "-health_standing__unresolved", "title", "pk"
        )
    return in_order(agreements)


def portfolio_page(agreements, asked, level=""):
    """Page ``asked`` (``paging.page_of``) of the portfolio of ``agreements`` (a queryset), its
    ``object_list`` an ``AgreementHealth`` per agreement as kept (``AgreementHealth.kept``).

    The database picks the page (``of_level``; of one level of the running ones, the worst first),
    the page's agreements changed since their last count are recounted, then only the page's
    agreements are read, however many there are, and none of their records.
    """

    def recount(keys):
        standing.recount_some(Agreement.objects.open().filter(pk__in=keys))

    rows = of_level(agreements, level).with_parties().select_related("health_standing")
    page = paging.page_of_keys(rows, asked, before_read=recount)
    found = {agreement.pk: AgreementHealth.kept(agreement) for agreement in page.object_list}
    # One never counted (more of them than a read recounts) is worked out from its records.
    never_counted = [agreement for agreement in page.object_list if found[agreement.pk] is None]
    if never_counted:
        found.update(health_of(never_counted, timezone.localdate()))
    page.object_list = [found[agreement.pk] for agreement in page.object_list]
    return page


def portfolio_rows(agreements, level=""):
    """Every agreement of the portfolio of ``agreements`` (``of_level``'s), for an export, with its
    health as kept (``kept_level``, ``health_standing``, ``standing.counted_on``), its group,
    coordinator and facilitators' names (``facilitator_names``): read in one query whatever their
    number, with no record worked out. The changed ones are recounted first, as on the page."""
    if level not in RUNNING:
        standing.recount_some(agreements.open())
    kept_level = Case(
        When(status__in=Agreement.CLOSED, then=Value(Health.ENDED)),
        When(agreed_version__isnull=True, then=Value(Health.NOT_RUNNING)),
        default=F("health_standing__level"),
        output_field=models.CharField(),
    )
    return (
        of_level(agreements, level)
        .select_related("group", "coordinator", "health_standing", "standing")
        .annotate(
            kept_level=kept_level,
            facilitator_names=sql.names_of(Agreement.facilitators.through, "agreement"),
        )
    )
