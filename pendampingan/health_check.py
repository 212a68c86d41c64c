"""Whether this app server can do its work: what ``/health/`` answers a proxy or a load balancer.

Each check reports ``status`` ("ok" or "fail") and how long it took. A failing check names the
class of its error only: the message of a storage or database error may hold paths or addresses.
"""

import logging
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

from pendampingan import jobs

logger = logging.getLogger(__name__)

PROBE_NAME = "health/probe"


def _timed(name, check):
    started = time.perf_counter()
    try:
        found = check() or {}
    except Exception as error:  # Any error is the answer: this server cannot do that part.
        logger.warning("Health check %s failed", name, exc_info=True)
        return {"status": "fail", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1), **found}


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage():
    # The storage may rename the probe (another server's probe of the same moment): delete what it saved.
    saved = default_storage.save(PROBE_NAME, ContentFile(b"ok"))
    default_storage.delete(saved)


def _jobs():
    if jobs.immediate():
        return {"mode": "immediate"}
    waiting, oldest = jobs.due()
    return {"mode": "worker", "waiting": waiting, "oldest_waiting_seconds": round(oldest.total_seconds())}


CHECKS = {"database": _database, "storage": _storage, "jobs": _jobs}


def run():
    """Every check's report, and whether all passed: ``{"status": ..., "checks": {...}}``.

    The age of the queue is reported, not judged: a stopped worker is for the monitoring to
    notice, and taking every app server out of the proxy for it would stop the whole site.
    """
    checks = {name: _timed(name, check) for name, check in CHECKS.items()}
    passed = all(check["status"] == "ok" for check in checks.values())
    return {"status": "ok" if passed else "fail", "checks": checks}
