"""What waits for someone, in their e-mail: the items of ``waiting.waiting_for`` they have not been
e-mailed before.

``send`` (the daily job ``send_daily``, or the ``send_reminders`` command) first recounts what waits in every
agreement whose counts are not today's (``standing.refresh``), then reads, for each user, only the
agreements where the counts say something waits for their side, a few at a time. A reminder is
keyed by what it is about, so running the command twice, or every hour, never sends the same one
twice; one e-mail holds at most ``PER_EMAIL`` items, the rest come with the next.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from pendampingan import access, jobs, standing
from pendampingan.access import Actor
from pendampingan.models import SentReminder
from pendampingan.waiting import waiting_for

PER_EMAIL = 50
# Agreements whose records are read at once, for one user.
CHUNK = 25


def _key(item):
    return hashlib.sha256(item.reminder_key.encode()).hexdigest()


def _new_for(actor):
    """Up to ``PER_EMAIL`` items waiting for ``actor`` not e-mailed to them before, and whether
    there are more: from the agreements where the kept counts say something waits, in order."""
    agreements, _total = standing.waiting_in(actor, access.visible_agreements(actor).open())
    agreements = agreements.with_parties().order_by("pk")
    new, last = [], 0
    while len(new) <= PER_EMAIL:
        chunk = list(agreements.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        items = {_key(item): item for item in waiting_for(actor, chunk)}
        sent = set(SentReminder.objects.filter(user=actor.user, key__in=items).values_list("key", flat=True))
        new += [item for key, item in items.items() if key not in sent]
    return new[:PER_EMAIL], len(new) > PER_EMAIL


def send(base_url, *, stdout=None):
    """E-mail every active user with an address what is new for them; the number of e-mails sent."""
    standing.refresh()
    sent = 0
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    for user in users:
        # Nobody is at the keyboard: staff act in their own name, a group's login with no officer.
        actor = Actor.of(user)
        if actor.party is None:
            continue
        new, more = _new_for(actor)
        if not new:
            continue
        with transaction.atomic():
            # Claimed first: a second run at the same moment finds them taken and sends nothing.
            try:
                SentReminder.objects.bulk_create([SentReminder(user=user, key=_key(i)) for i in new])
            except IntegrityError:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                context = {"user": user, "items": new, "more": more, "base_url": base_url.rstrip("/")}
                subject = render_to_string("registration/reminder_subject.txt", context).strip()
                body = render_to_string("registration/reminder_email.txt", context)
            send_mail(subject, body, None, [user.email])
        sent += 1
        if stdout is not None:
            stdout.write(f"{user.username}: {len(new)}")
    return sent


@jobs.daily("reminders")
@task()
def send_daily():
    """The daily job: each day's counts, then what is new for each user, each reminder once."""
    return send(settings.SITE_URL)
