import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks.base import TaskContext
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from pendampingan import jobs


class Worker(db_worker.Worker):
    """django-tasks-db's worker with this project's promises (``pendampingan.jobs``): a failed job
    is tried again after a pause, an abandoned one is run again, and the daily jobs are queued."""

    # How often, in seconds, the worker looks for abandoned jobs and the day's jobs.
    LOOK_AROUND_EVERY = 30

    def run(self):
        looked_around = 0.0
        while self.running:
            close_old_connections()
            if time.monotonic() - looked_around >= self.LOOK_AROUND_EVERY:
                jobs.recover()
                jobs.queue_daily()
                looked_around = time.monotonic()
            result = self.claim_next()
            if result is not None:
                self.run_task(result)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and result is None:
                time.sleep(self.interval)

    def claim_next(self):
        """The next job due, claimed under a lock another worker skips; None when none is due."""
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            ready = ready.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(ready.db):
            try:
                result = ready.get_locked()
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None
                raise
            if result is not None:
                result.claim(self.worker_id)
        return result

    def run_task(self, result):
        self.running_task = True
        try:
            job, found = result.task, result.task_result
            context = (TaskContext(task_result=found),) if job.takes_context else ()
            result.set_successful(job.call(*context, *found.args, **found.kwargs))
        except Exception as error:
            jobs.after_failure(result, error)
        finally:
            self.running_task = False
            self._run_tasks += 1


class Command(BaseCommand):
    help = (
        "Run the queued jobs (kept PDFs, reports, exports, reminders, e-mail) until stopped; start "
        "one or more beside the app servers. Failed jobs are tried again after a pause, jobs left "
        "running by a worker that died are run again, and the daily jobs are queued once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="Queues to run, comma-separated (* for all).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks when idle.")
        parser.add_argument("--batch", action="store_true", help="Stop once nothing is due.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Stop after this many jobs.")
        parser.add_argument("--worker-id", default=None, help="This worker's name (default: a random one).")
        # Accepted for the options of django-tasks-db's own worker, which this one replaces.
        parser.add_argument("--backend", dest="backend_name", default="default", help="The task backend.")
        parser.add_argument("--no-startup-delay", action="store_true", help="Start at once.")

    def handle(self, *args, queue_name, interval, batch, max_tasks, worker_id, backend_name, **options):
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
