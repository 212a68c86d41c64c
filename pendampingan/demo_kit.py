"""What every app's demo (``<app>/demo.py``) builds with, besides the factories: the agreement the
demo's story follows, its people as actors, a scanned attendance list, and records and approvals
dated on the day they tell of. Imported only by the demo modules, which only ``seed_demo`` loads.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import escape

from pendampingan import pdf_engine
from pendampingan.access import Actor
from pendampingan.factories import officer_actor
from pendampingan.models import Agreement, Approval, JournalEvent

# The agreement whose plan, progress, meetings, records and evaluations the demo tells of.
AGREEMENT = "Pendampingan Pertanian Padi Organik Sido Makmur 2026–2027"


def story():
    """The agreement the demo tells of, or None before ``seed_demo`` made it."""
    return Agreement.objects.filter(title=AGREEMENT).select_related("group").first()


def actor_of(agreement, who):
    """The agreement's facilitator ("pendamping") or its group's officer in the position ``who``."""
    if who == "pendamping":
        return Actor.for_staff(agreement.facilitators.order_by("pk").first())
    return officer_actor(agreement.group, who)


def at(day, hour=9, minute=0):
    """``day`` at ``hour`` o'clock, or now if that is still to come."""
    return min(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute))), timezone.now()
    )


def written_on(queryset, date_field, hour=17):
    """Date the demo's records on the day they are about, as if written then: the journal reads in order."""
    for pk, day in queryset.values_list("pk", date_field):
        when = at(day, hour)
        queryset.model.objects.filter(pk=pk).update(created_at=when)
        dated(queryset.model, pk, when)


def events_of(model, pk):
    return JournalEvent.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk)


def dated(model, pk, when, *kinds):
    """Date the journal's events of ``model``'s row ``pk`` (those of ``kinds``, or all) at ``when``, as
    the demo dates the row itself after the fact."""
    events = events_of(model, pk)
    if kinds:
        events = events.filter(kind__in=kinds)
    events.update(occurred_at=when)


def approved_on(subject, day):
    """``subject``'s approvals given on ``day``: the institution's in the morning, the group's in the
    afternoon, and their journal events with them."""
    for approval in Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ):
        Approval.objects.filter(pk=approval.pk).update(
            approved_at=at(day, 10 if approval.party == "institution" else 15)
        )
    approvals_dated(subject)


def approvals_dated(subject):
    """Date the journal's events of ``subject``'s approvals as the demo dated the approvals: each
    party's at its approval, both parties' at the later of the two."""
    approved, agreed = subject.journal_kinds
    events = events_of(type(subject), subject.pk)
    times = {}
    for approval in Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ):
        events.filter(kind=approved, party=approval.party, summary__version=approval.version).update(
            occurred_at=approval.approved_at
        )
        times.setdefault(approval.version, []).append(approval.approved_at)
    for version, pair in times.items():
        if len(pair) == 2:
            events.filter(kind=agreed, summary__version=version).update(occurred_at=max(pair))


def attendance_pdf(title, names):
    """A one-page attendance list (daftar hadir) of ``names``, as a scanned paper list is attached."""
    rows = "".join(
        f"<tr><td>{n}</td><td>{escape(name)}</td><td></td></tr>" for n, name in enumerate(names, start=1)
    )
    html = (
        "<style>@page{size:A5}body{font-family:'DejaVu Sans';font-size:10pt}h1{font-size:13pt}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:4px}</style>"
        f"<h1>Daftar Hadir</h1><p>{escape(title)}</p>"
        f"<table><tr><th>No</th><th>Nama</th><th>Tanda tangan</th></tr>{rows}</table>"
    )
    return pdf_engine.pdf_bytes(html)
