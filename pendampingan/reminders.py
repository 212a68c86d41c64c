"""What waits for someone, on their dashboard and in their e-mail: one list, two ways to see it.

The dashboard shows ``waiting_for`` on every visit. ``send`` (the ``send_reminders``
command, run from cron) e-mails each user the items of that same list they have
not been e-mailed before: a reminder is keyed by what it is about, so running the
command twice, or every hour, never sends the same one twice.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pendampingan import access, approvals, registry
from pendampingan.access import Actor
from pendampingan.models import SentReminder
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


def _key(item):
    return hashlib.sha256(item.reminder_key.encode()).hexdigest()


def send(base_url, *, stdout=None):
    """E-mail every active user with an address what is new for them; the number of e-mails sent."""
    sent = 0
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    for user in users:
        # Nobody is at the keyboard: staff act in their own name, a group's login with no officer.
        actor = Actor.of(user)
        if actor.party is None:
            continue
        agreements = list(
            access.visible_agreements(actor).with_parties().filter(status__in=["draft", "active"])
        )
        items = waiting_for(actor, agreements)
        already = set(SentReminder.objects.filter(user=user).values_list("key", flat=True))
        new = [item for item in items if _key(item) not in already]
        if not new:
            continue
        with transaction.atomic():
            # Claimed first: a second run at the same moment finds them taken and sends nothing.
            try:
                SentReminder.objects.bulk_create([SentReminder(user=user, key=_key(i)) for i in new])
            except IntegrityError:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                context = {"user": user, "items": new, "base_url": base_url.rstrip("/")}
                subject = render_to_string("registration/reminder_subject.txt", context).strip()
                body = render_to_string("registration/reminder_email.txt", context)
            send_mail(subject, body, None, [user.email])
        sent += 1
        if stdout is not None:
            stdout.write(f"{user.username}: {len(new)}")
    return sent
