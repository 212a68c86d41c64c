"""Checks of the journal's events: what a service wrote since a mark."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils.html import escape

from pendampingan.models import JournalEvent


def mark():
    """The last event's id now: what follows it was written after."""
    return JournalEvent.objects.aggregate(last=Max("id"))["last"] or 0


def written_since(since):
    return list(JournalEvent.objects.filter(pk__gt=since).order_by("pk"))


def the_event(since, kind, *, actor, obj, party=None, agreement=None):
    """The one event written since ``since``: ``kind``, by ``actor`` (user, officer as they were, and
    party unless ``party`` says otherwise), about ``obj``."""
    written = written_since(since)
    assert [e.kind for e in written] == [kind]
    event = written[0]
    assert (event.user, event.officer) == (actor.user, actor.officer)
    assert (event.officer_name, event.officer_position) == (
        (actor.officer.name, actor.officer.position) if actor.officer else ("", "")
    )
    assert event.party == (actor.party if party is None else party)
    assert (event.content_type, event.object_id) == (ContentType.objects.get_for_model(obj), obj.pk)
    assert event.agreement_id == (agreement or obj.agreement).pk
    return event


def told(client, agreement, group):
    """What the journal page of ``agreement`` shows under the filter ``group``, newest first: each
    entry's ``(title, url, detail)``. Every entry is of that group, and every link opens a page."""
    response = client.get(reverse("records:journal", kwargs={"pk": agreement.pk}), {"kind": group})
    assert response.status_code == 200
    entries = response.context["entries"]
    assert {e.kind for e in entries} <= {group}
    page = response.content.decode()
    for e in entries:
        assert (f'<a href="{e.url}">' if e.url else "<span>") + escape(e.title) in page
        if e.url:
            assert client.get(e.url).status_code == 200, e.url
    return [(e.title, e.url, e.detail) for e in entries]
