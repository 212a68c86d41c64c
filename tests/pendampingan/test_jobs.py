"""The job queue through the real worker process (``manage.py db_worker``) on the suite's own
database (SQLite, or PostgreSQL in CI), with the jobs committed as a page would commit them."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pendampingan import jobs, pdf
from pendampingan.models import DailyRun
from tests.conftest import QUEUED_JOBS, group_actor, institution_actor
from tests.pendampingan import jobs_for_tests
from tests.pendampingan.jobs_for_tests import lines

ROOT = Path(django_settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(settings):
    settings.TASKS = QUEUED_JOBS


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"


def start_worker(*args, **env):
    """A worker process on the test's database, as production starts one."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "JOBS": "worker",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        **{name: str(value) for name, value in env.items()},
    }
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", *args]
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    return subprocess.Popen(command, cwd=ROOT, env=environment, **output)


def finish(worker, timeout=60):
    output, _ = worker.communicate(timeout=timeout)
    assert worker.returncode == 0, output.decode()
    return output.decode()


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_two_workers_run_each_job_once(queued, tmp_path):
    log = tmp_path / "runs"
    for key in range(30):
        jobs_for_tests.note.enqueue(str(log), f"job {key}")
    workers = [start_worker("--batch"), start_worker("--batch")]
    for worker in workers:
        finish(worker)
    assert sorted(lines(log)) == sorted(f"job {key}" for key in range(30))
    notes = DBTaskResult.objects.successful().filter(task_path__endswith=".note")
    assert notes.count() == 30 and all(len(result.worker_ids) == 1 for result in notes)


def test_a_failed_job_is_tried_again_after_a_pause_then_succeeds(queued, tmp_path):
    log = tmp_path / "runs"
    result = jobs_for_tests.fail_first.enqueue(str(log), 2)
    started = time.monotonic()
    worker = start_worker(JOBS_RETRY_PAUSES="0.5,0.5,0.5")
    try:
        wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert len(lines(log)) == 3 and time.monotonic() - started >= 1.0
    assert len(DBTaskResult.objects.get(pk=result.id).worker_ids) == 3


def test_after_its_last_try_a_job_stays_failed_with_its_error(queued, tmp_path):
    log = tmp_path / "runs"
    result = jobs_for_tests.fail_first.enqueue(str(log), 99)
    finish(start_worker("--batch", JOBS_RETRY_PAUSES="0,0"))
    failed = jobs.failed().get()
    assert str(failed.pk) == result.id and len(lines(log)) == 3
    assert failed.exception_class_path == "builtins.OSError" and "not yet (3)" in failed.traceback


def test_a_job_whose_worker_is_killed_in_the_middle_is_run_again(queued, tmp_path):
    log = tmp_path / "runs"
    result = jobs_for_tests.slow.enqueue(str(log), 2)
    first = start_worker()
    wait_for(lambda: lines(log) == ["start"])
    first.kill()
    first.wait(timeout=10)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    time.sleep(1.2)
    finish(start_worker("--batch", JOBS_LEASE_SECONDS=1))
    assert lines(log) == ["start", "start", "end"]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL


def test_the_approval_queues_its_pdf_and_the_worker_keeps_it(queued, agreement, alice, group_a, chair):
    from pendampingan import approvals

    approvals.approve_as_shown_now(subject=agreement, actor=institution_actor(alice))
    approvals.approve_as_shown_now(subject=agreement, actor=group_actor(group_a, chair))
    # The approval did not wait for the drawing: the job waits in the queue.
    assert pdf.missing().exists()
    assert DBTaskResult.objects.ready().filter(task_path="pendampingan.pdf.keep_pdfs").count() == 1
    finish(start_worker("--batch"))
    assert not pdf.missing().exists()


def test_the_daily_jobs_are_queued_once_a_day_whoever_looks(queued):
    today = timezone.localtime().replace(hour=1, minute=0)
    assert sorted(jobs.queue_daily(today)) == sorted(jobs.DAILY)
    assert jobs.queue_daily(today) == []
    assert DailyRun.objects.count() == len(jobs.DAILY)
    assert DBTaskResult.objects.ready().count() == len(jobs.DAILY)
    # Before the hour, a new day queues nothing yet.
    assert jobs.queue_daily(today.replace(hour=0, minute=10) + datetime.timedelta(days=1)) == []


def test_how_many_jobs_are_due_and_the_longest_wait(queued, tmp_path):
    assert jobs.due() == (0, datetime.timedelta(0))
    result = jobs_for_tests.note.enqueue(str(tmp_path / "runs"), "x")
    waited = timezone.now() - datetime.timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=waited)
    count, oldest = jobs.due()
    assert count == 1 and oldest >= datetime.timedelta(minutes=5)
    # Tried again after a pause that ended a minute ago: it has waited a minute, not five.
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now() - datetime.timedelta(minutes=1))
    assert datetime.timedelta(minutes=1) <= jobs.due()[1] < datetime.timedelta(minutes=2)


def test_a_password_link_is_written_by_the_page_and_e_mailed_by_a_job(queued, client, alice, mailoutbox):
    from pendampingan.management.commands.db_worker import Worker

    alice.email = "alice@example.org"
    alice.save()
    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302 and mailoutbox == []
    waiting = DBTaskResult.objects.ready().get(task_path="pendampingan.jobs.send_email")
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    worker.run_task(worker.claim_next())
    assert [message.to for message in mailoutbox] == [["alice@example.org"]]
    assert "/password/reset/" in mailoutbox[0].body
    assert DBTaskResult.objects.get(pk=waiting.pk).status == TaskResultStatus.SUCCESSFUL
