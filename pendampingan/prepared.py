"""Files that take a while to make (an export of many agreements): asked for on a page, made by a
job, then downloaded by the person who asked.

A pillar registers each kind it can make (``register``): a function taking the actor who asked,
the page's filters (a ``QueryDict``), the format, a binary file to write to and a ``progress(done,
of)`` callback; it checks what the actor may see exactly as the page does, and returns the file's
name. The job makes it as the person who asked (their access today, not when they asked).
"""

import logging
import tempfile
from importlib import import_module

from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from pendampingan import jobs
from pendampingan.access import Actor
from pendampingan.models import PreparedFile

logger = logging.getLogger(__name__)

# kind: (module, formats): the module's make, title and allowed (``register``).
KINDS = {}


def register(kind, module, formats):
    """Let ``kind`` be asked for in ``formats``, made by ``module`` (a dotted path, imported when a
    file is asked for or made, so that starting the app loads no spreadsheet or PDF library):
    ``make(actor, query, fmt, file, progress)`` writes the file and returns its name,
    ``title(actor)`` is what the person sees it called, ``allowed(actor)`` whether they may ask
    (``make`` checks what they may see, as the page does)."""
    KINDS[kind] = (module, tuple(formats))


def _maker(kind):
    return import_module(KINDS[kind][0])


def askable(actor, kind, fmt):
    """Whether ``actor`` may ask for ``kind`` in ``fmt``."""
    return kind in KINDS and fmt in KINDS[kind][1] and _maker(kind).allowed(actor)


def ask(actor, kind, query, fmt):
    """The file of ``kind`` in ``fmt`` with the filters ``query`` (a query string) for ``actor``:
    the one already being made for the same ask (a double click, a page sent twice), or a new one
    whose job is queued. The caller has checked ``askable``."""
    title = _maker(kind).title
    with transaction.atomic():
        waiting = PreparedFile.objects.select_for_update().filter(
            owner=actor.user, kind=kind, fmt=fmt, query=query, status=PreparedFile.Status.WAITING
        )
        found = waiting.first()
        if found is not None:
            return found
        found = PreparedFile.objects.create(
            owner=actor.user, kind=kind, fmt=fmt, query=query, title=title(actor)
        )
        jobs.later(prepare, found.pk)
    return found


def of(actor, pk):
    """``actor``'s prepared file ``pk``; None for anyone else's (a 404 to the page)."""
    return PreparedFile.objects.filter(owner=actor.user, pk=pk).first()


def latest(actor, kind, limit=5):
    """``actor``'s latest files of ``kind``, the newest first."""
    return list(PreparedFile.objects.filter(owner=actor.user, kind=kind)[:limit])


@task()
def prepare(pk):
    """The job: make prepared file ``pk``, reporting its progress, and keep it. A failure is kept as
    the file's status for the person who asked (who may ask again), and logged."""
    found = (
        PreparedFile.objects.select_related("owner").filter(pk=pk, status=PreparedFile.Status.WAITING).first()
    )
    if found is None:
        return
    make = _maker(found.kind).make

    def progress(done, total):
        PreparedFile.objects.filter(pk=pk).update(done=done, total=total)

    try:
        with tempfile.TemporaryFile() as written:
            name = make(Actor.of(found.owner), QueryDict(found.query), found.fmt, written, progress)
            written.seek(0)
            found.file.save(name, File(written), save=False)
        found.filename = name
        found.status = PreparedFile.Status.READY
    except Exception:
        logger.exception("Could not prepare %s for user %s", found, found.owner_id)
        found.status = PreparedFile.Status.FAILED
    found.finished_at = timezone.now()
    found.save(update_fields=["file", "filename", "status", "finished_at"])
