"""What waits in each agreement, counted for each side and kept (``Standing``), so that pages over
many agreements work out the waiting items of the few agreements they show. The pillars keep their
own figures of an agreement at the same moments (``registry.recounted``).

A change to an agreement (any service's journal event) marks its counts outdated in the change's
own transaction. A page reading the counts first recounts the outdated ones among the agreements
it looks at, at most ``RECOUNT_ON_READ`` of them; ``manage.py refresh_standings`` recounts the rest
and, run daily, what a new day makes wait (a due date passed).
"""

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from pendampingan import registry, waiting
from pendampingan.access import Actor, Role
from pendampingan.models import Agreement, Standing

RECOUNT_ON_READ = 25


def audience(actor):
    """Whose counts ``actor`` reads: "coordinator", "facilitator" or "group"; None for anyone else."""
    return {Role.COORDINATOR: "coordinator", Role.FACILITATOR: "facilitator", Role.GROUP: "group"}.get(
        actor.role
    )


def _actors(agreement):
    """One actor of each side, as the side's members read their dashboard; a group's login with no
    officer chosen (what waits for the group waits for whichever officer acts)."""
    actors = {"coordinator": Actor.for_staff(agreement.coordinator)}
    facilitator = next(iter(agreement.facilitators.all()), None)
    if facilitator is not None:
        actors["facilitator"] = Actor.for_staff(facilitator)
    if agreement.group.account_id is not None:
        actors["group"] = Actor.of(agreement.group.account)
    return actors


def recount(agreements, today=None):
    """Count what waits for each side in ``agreements`` (read ``with_parties``) and keep it. The
    agreements one person sees are counted in one pass: a coordinator's all at once."""
    today = today or timezone.localdate()
    agreements = list(agreements)
    if not agreements:
        return
    seen = dict(Standing.objects.filter(pk__in=[a.pk for a in agreements]).values_list("pk", "changes"))
    counts = {a.pk: {Standing.waiting_field(side): 0 for side in Standing.AUDIENCES} for a in agreements}
    readers = {}
    for agreement in agreements:
        for side, actor in _actors(agreement).items():
            key = (side, actor.user.pk)
            readers.setdefault(key, (actor, []))[1].append(agreement)
    for (side, _user), (actor, theirs) in readers.items():
        for item in waiting.waiting_for(actor, theirs):
            counts[item.agreement.pk][Standing.waiting_field(side)] += 1
    # The pillars keep their own figures of the same agreements (monitoring: their health).
    registry.recounted(agreements, today)
    for agreement in agreements:
        with transaction.atomic():
            if agreement.pk not in seen:
                Standing.objects.get_or_create(
                    agreement=agreement,
                    defaults={"counted_on": today, "outdated": False, **counts[agreement.pk]},
                )
            else:
                # A change made while counting leaves the standing outdated, for the next read.
                Standing.objects.filter(pk=agreement.pk, changes=seen[agreement.pk]).update(
                    counted_on=today, outdated=False, **counts[agreement.pk]
                )


def to_recount(agreements, today=None):
    """Those of ``agreements`` (a queryset) whose counts are missing, outdated or from another day."""
    today = today or timezone.localdate()
    return agreements.filter(
        Q(standing__isnull=True) | Q(standing__outdated=True) | Q(standing__counted_on__lt=today)
    )


def refresh(chunk=200, progress=None):
    """Recount every open agreement whose counts are missing, outdated or from another day,
    ``chunk`` at a time, calling ``progress(done, of)`` after each; how many were recounted. What
    ``manage.py refresh_standings`` runs daily, and the reminders before they are read."""
    pks = list(to_recount(Agreement.objects.open()).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk):
        recount(Agreement.objects.filter(pk__in=pks[start : start + chunk]).with_parties())
        if progress is not None:
            progress(min(start + chunk, len(pks)), len(pks))
    return len(pks)


def recount_some(agreements):
    """Recount those of ``agreements`` (a queryset) that need it, the changed ones first, at most
    ``RECOUNT_ON_READ``: what a page does before it reads the counts."""
    stale = to_recount(agreements).order_by("-standing__outdated", "pk")[:RECOUNT_ON_READ]
    recount(Agreement.objects.filter(pk__in=[a.pk for a in stale]).with_parties())


def waiting_in(actor, agreements):
    """Those of ``agreements`` (a queryset of ``actor``'s open agreements) where something waits for
    ``actor``, each with its count (``waiting_here``), and how many things wait in all. Recounts
    the outdated ones first, up to ``RECOUNT_ON_READ``: a change shows at once, a new day's as the
    daily recount comes round."""
    side = audience(actor)
    if side is None:
        return agreements.none(), 0
    recount_some(agreements)
    field = f"standing__{Standing.waiting_field(side)}"
    waiting = agreements.filter(**{f"{field}__gt": 0}).annotate(waiting_here=F(field))
    total = waiting.aggregate(total=Sum("waiting_here"))["total"] or 0
    return waiting, total


def enough(agreements, wanted):
    """The first of ``agreements`` (from ``waiting_in``) whose counts add up to ``wanted`` items:
    the few whose records a page that shows ``wanted`` items must read."""
    chosen, counted = [], 0
    for agreement in agreements:
        if counted >= wanted:
            break
        chosen.append(agreement)
        counted += agreement.waiting_here
    return chosen
