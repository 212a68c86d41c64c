"""Work done beside the pages: slow work a page asks for, and the daily work nobody asks for.

Each job is a task of Django's tasks API (``django-tasks``), queued as a row in the app's own
database (``django-tasks-db``) and run by ``manage.py db_worker`` (this project's worker:
``pendampingan/management/commands/db_worker.py``), on SQLite or PostgreSQL, with no broker
beside the database. A job takes plain data (ids), never a request, and calls the same services
as a page.

The promises the worker keeps on top of the queue:

- a job queued by a write exists exactly when the write commits (``later`` queues it in the
  write's own transaction);
- a job that fails is tried again after a pause (``settings.JOBS_RETRY_PAUSES``); after its
  last try it stays in the queue as failed, with its error, for the administrator (``failed``);
- a job whose worker died in the middle (killed, machine lost) is taken to be abandoned once it
  has run ``settings.JOBS_LEASE_SECONDS`` without finishing (no job of this project takes a
  minute), and is run again (``recover``), so no job is lost; jobs are
  written so that running one twice does it once;
- the daily jobs (``DAILY``) are queued once a day whatever the number of workers (``DailyRun``).

``JOBS=immediate`` (the test suite, ``make dev``) runs each job in the same process where it is
queued, a slow one once the write that queued it commits.
"""

import datetime
import logging
import traceback

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus

logger = logging.getLogger(__name__)

# When the daily jobs are queued, in the site's time zone: after midnight, when a new day has
# made things due.
DAILY_AT = datetime.time(0, 30)


def later(job, *args, slow=False, **kwargs):
    """Queue ``job`` with ``args`` (plain data) as part of the current transaction: the job exists if
    and only if the write around it commits. When jobs are immediate it runs here and now, or, if
    ``slow`` (drawing a PDF), once the write has committed, so that it never holds the write's
    locks."""
    if slow and immediate():
        transaction.on_commit(lambda: job.enqueue(*args, **kwargs))
    else:
        job.enqueue(*args, **kwargs)


@task()
def send_email(subject, body, to):
    """E-mail ``body`` to the addresses ``to``: written by the page that asks, sent by the worker,
    so a slow or unreachable mail server never holds up a page."""
    send_mail(subject, body, None, to)


def email(subject, body, to):
    """Queue an e-mail (``send_email``)."""
    later(send_email, subject, body, list(to))


def after_failure(result, error, now=None):
    """What the worker does with the queued job ``result`` (a ``DBTaskResult``) that raised
    ``error``: queue it again after its pause, or, after its last try, leave it failed. True if it
    will be tried again. The error is kept either way, for the administrator."""
    now = now or timezone.now()
    pauses = settings.JOBS_RETRY_PAUSES
    tries = len(result.worker_ids)
    if tries > len(pauses):
        result.set_failed(error)
        logger.error("Job %s (%s) failed for good, try %s: %r", result.pk, result.task_path, tries, error)
        return False
    result.status = TaskResultStatus.READY
    result.run_after = now + datetime.timedelta(seconds=pauses[tries - 1])
    result.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
    result.traceback = "".join(traceback.format_exception(error))
    result.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
    logger.warning(
        "Job %s (%s) failed, try %s; again at %s: %r",
        result.pk,
        result.task_path,
        tries,
        result.run_after,
        error,
    )
    return True


def recover(now=None):
    """Queue again every job running for longer than the lease: its worker died in the middle.
    The try it was on counts. How many were recovered."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    abandoned = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - lease)
    recovered = abandoned.update(status=TaskResultStatus.READY, run_after=now)
    if recovered:
        logger.warning("%s job(s) whose worker stopped in the middle queued again", recovered)
    return recovered


def failed():
    """The jobs that failed for good, the latest first: what the administrator looks at."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.failed().order_by("-finished_at")


def immediate():
    """Whether jobs run where they are queued (``JOBS=immediate``): no queue, no worker."""
    return isinstance(task_backends["default"], ImmediateBackend)


def due(now=None):
    """How many jobs are due now, and how long the one due longest has waited (a timedelta, zero
    when none waits); a job queued for later, or tried again after a pause, waits only since it
    became due."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    since = Case(
        When(run_after=get_date_max(), then="enqueued_at"), default=Greatest("enqueued_at", "run_after")
    )
    found = DBTaskResult.objects.ready().aggregate(waiting=Count("pk"), oldest=Min(since))
    oldest = found["oldest"]
    return found["waiting"], max(now - oldest, datetime.timedelta(0)) if oldest else datetime.timedelta(0)


# The daily jobs, by name: queued once a day after DAILY_AT by whichever worker looks first.
DAILY = {}


def daily(name):
    """Register the decorated job (a task taking no arguments) to run once a day."""

    def register(job):
        DAILY[name] = job
        return job

    return register


def queue_daily(now=None):
    """Queue each daily job not yet queued today, if it is past ``DAILY_AT``; the names queued.
    Two workers looking at once queue each job once: the day's row is claimed first."""
    from pendampingan.models import DailyRun

    now = timezone.localtime(now)
    if now.time() < DAILY_AT:
        return []
    queued = []
    for name, job in DAILY.items():
        try:
            with transaction.atomic():
                DailyRun.objects.create(name=name, day=now.date())
                job.enqueue()
        except IntegrityError:
            continue
        queued.append(name)
    return queued
