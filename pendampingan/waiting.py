"""What waits for someone in their agreements: approvals, an agreement to start, and what each
pillar lists (``registry.waiting``). The dashboard and the waiting list show it, ``standing``
counts it for every agreement, the reminders e-mail it: one list, seen three ways.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pendampingan import approvals, registry
from pendampingan.registry import WaitingItem


def waiting_for(actor, agreements):
    """Everything waiting for ``actor`` in ``agreements`` (read with ``with_parties``): approvals, then
    what the pillars list."""
    waiting = [
        WaitingItem(
            agreement=a,
            title=a.title,
            detail=_("version %(version)s needs your approval") % {"version": a.version},
            url=reverse("core:agreement_detail", kwargs={"pk": a.pk}),
            key=f"agreement:{a.pk}:{a.version}",
        )
        for a in approvals.awaiting(actor, [a for a in agreements if a.awaiting_approval])
    ]
    proposals = [a.proposed_amendment for a in agreements if a.is_open and a.proposed_amendment]
    waiting += [
        WaitingItem(
            agreement=p.agreement,
            title=p.agreement.title,
            detail=_("amendment %(number)s needs your approval") % {"number": p.number},
            url=reverse("core:amendment_detail", kwargs={"pk": p.agreement_id, "number": p.number}),
            key=f"amendment:{p.pk}:{p.version}",
        )
        for p in approvals.awaiting(actor, proposals)
    ]
    if actor.is_coordinator:
        # Agreed by both, not started yet: only the coordinator starts it.
        waiting += [
            WaitingItem(
                agreement=a,
                title=a.title,
                detail=_("agreed by both parties: start the facilitation (agreed start: %(date)s)")
                % {"date": date_format(a.start_date)},
                url=reverse("core:agreement_detail", kwargs={"pk": a.pk}),
                key=f"agreement-start:{a.pk}",
            )
            for a in agreements
            if a.can_activate()
        ]
    return waiting + registry.waiting.items(actor, agreements)
