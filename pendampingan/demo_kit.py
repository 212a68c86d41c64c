"""What every app's demo (``<app>/demo.py``) builds with: the agreement the demo's story follows,
its people as the actors the services take, a scanned attendance list, and records dated on the
day they tell of. Imported only by the demo modules, which only ``seed_demo`` loads.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import escape

from pendampingan import pdf_engine
from pendampingan.access import Actor
from pendampingan.models import Approval, JournalEvent

# The agreement whose plan, progress, meetings, records and evaluations the demo tells of.
AGREEMENT = "Pendampingan Pertanian Padi Organik Sido Makmur 2026–2027"


def actor_of(agreement, who):
    """The demo's facilitator ("pendamping") or the officer of ``agreement``'s group holding the
    position ``who``, as an actor."""
    if who == "pendamping":
        return Actor.for_staff(get_user_model().objects.get(username=who))
    return Actor.for_officer(agreement.group, agreement.group.members.get(position=who))


def written_on(queryset, date_field, hour=17):
    """Date the demo's records on the day they are about, as if written then: the journal reads in order."""
    for pk, day in queryset.values_list("pk", date_field):
        at = min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), timezone.now())
        queryset.model.objects.filter(pk=pk).update(created_at=at)
        dated(queryset.model, pk, at)


def events_of(model, pk):
    return JournalEvent.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk)


def dated(model, pk, at, *kinds):
    """Date the journal's events of ``model``'s row ``pk`` (those of ``kinds``, or all) at ``at``, as
    the demo dates the row itself after the fact."""
    events = events_of(model, pk)
    if kinds:
        events = events.filter(kind__in=kinds)
    events.update(occurred_at=at)


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
