"""Jobs the queue's tests give the real worker: each writes a line to a file per run, so a test
counts how often each ran, whatever process ran it."""

import time
from pathlib import Path

from django_tasks import task


def lines(path):
    path = Path(path)
    return path.read_text().splitlines() if path.exists() else []


def _write(path, line):
    with open(path, "a") as out:
        out.write(line + "\n")


@task()
def note(path, key):
    _write(path, key)


@task()
def fail_first(path, times):
    """Fails its first ``times`` runs, then succeeds."""
    _write(path, "run")
    if len(lines(path)) <= times:
        raise OSError(f"not yet ({len(lines(path))})")


@task()
def slow(path, seconds):
    _write(path, "start")
    time.sleep(seconds)
    _write(path, "end")
