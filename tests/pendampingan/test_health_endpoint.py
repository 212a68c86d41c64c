"""/health/: what a proxy or a load balancer asks each app server before sending it visitors."""

import datetime
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db

IMMEDIATE_JOBS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED_JOBS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
URL = reverse("health_check")


@pytest.fixture
def queued_jobs(settings):
    settings.TASKS = QUEUED_JOBS


@pytest.fixture
def immediate_jobs(settings):
    settings.TASKS = IMMEDIATE_JOBS


def a_job(**fields):
    # Only the queue's columns are read: the task itself is never imported.
    defaults = {
        "task_path": "tests.a_job",
        "args_kwargs": {"args": [], "kwargs": {}},
        "run_after": get_date_max(),
    }
    return DBTaskResult.objects.create(backend_name="default", **{**defaults, **fields})


def enqueued(job, ago):
    # enqueued_at is set on creation (auto_now_add): age it afterwards.
    DBTaskResult.objects.filter(pk=job.pk).update(enqueued_at=timezone.now() - ago)


def test_it_answers_ok_when_everything_works(client, queued_jobs):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "storage": "ok",
        "jobs": "ok",
    }
    assert body["checks"]["database"]["ms"] >= 0 and body["checks"]["storage"]["ms"] >= 0
    assert body["checks"]["jobs"] | {"ms": 0} == {
        "status": "ok",
        "ms": 0,
        "mode": "worker",
        "waiting": 0,
        "oldest_waiting_seconds": 0,
    }


def test_it_leaves_no_probe_file_behind(client, queued_jobs):
    client.get(URL)
    client.get(URL)
    assert default_storage.listdir("health") == ([], [])


def test_it_says_jobs_run_in_the_request_when_they_do(client, immediate_jobs):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["checks"]["jobs"]["mode"] == "immediate"
    assert "waiting" not in response.json()["checks"]["jobs"]


def test_it_fails_when_the_database_does_not_answer(client, queued_jobs):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("at /var/run/db")
    ):
        response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "fail", "error": "OperationalError"}
    assert body["checks"]["storage"]["status"] == "ok"
    # The error's class, never its message: that may name paths or addresses.
    assert "/var/run" not in response.content.decode()


@pytest.mark.parametrize("step", ["save", "delete"])
def test_it_fails_when_files_cannot_be_written(client, queued_jobs, step):
    with mock.patch.object(default_storage, step, side_effect=PermissionError("/srv/media/health/probe")):
        response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["storage"] == {"status": "fail", "error": "PermissionError"}
    assert body["checks"]["database"]["status"] == "ok"
    assert "/srv/media" not in response.content.decode()


def test_it_tells_how_long_the_oldest_job_due_has_waited(client, queued_jobs):
    enqueued(a_job(), datetime.timedelta(minutes=10))
    enqueued(a_job(), datetime.timedelta(minutes=2))
    # Not waiting: one that ran, and one queued for tomorrow.
    enqueued(a_job(status="SUCCESSFUL"), datetime.timedelta(hours=5))
    enqueued(a_job(run_after=timezone.now() + datetime.timedelta(days=1)), datetime.timedelta(hours=5))

    response = client.get(URL)

    assert response.status_code == 200
    jobs = response.json()["checks"]["jobs"]
    assert jobs["waiting"] == 2
    assert 600 <= jobs["oldest_waiting_seconds"] < 660


def test_a_job_queued_for_later_has_waited_only_since_it_was_due(client, queued_jobs):
    enqueued(a_job(run_after=timezone.now() - datetime.timedelta(minutes=1)), datetime.timedelta(days=1))
    jobs = client.get(URL).json()["checks"]["jobs"]
    assert jobs["waiting"] == 1
    assert 60 <= jobs["oldest_waiting_seconds"] < 120


def test_a_long_queue_is_reported_not_failed(client, queued_jobs):
    """A stopped worker is for the monitoring: taking every app server out would stop the site."""
    enqueued(a_job(), datetime.timedelta(days=2))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["checks"]["jobs"]["oldest_waiting_seconds"] >= 2 * 24 * 3600


def test_it_answers_anyone_without_a_session_nor_a_cache(client, queued_jobs):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert response.wsgi_request.session.accessed is False


def test_it_never_opens_a_logged_in_visitors_session(client, alice, queued_jobs):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.wsgi_request.session.accessed is False
    assert not response.cookies


def test_it_answers_head_and_refuses_post(client, queued_jobs):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_it_runs_two_queries_whoever_asks(client, alice, assert_queries, queued_jobs):
    # SELECT 1; the queue's waiting jobs counted with the oldest's time (one aggregate).
    with assert_queries(2):
        client.get(URL)
    client.force_login(alice)
    with assert_queries(2):
        client.get(URL)


def test_it_runs_one_query_when_jobs_run_in_the_request(client, assert_queries, immediate_jobs):
    # SELECT 1.
    with assert_queries(1):
        client.get(URL)


def test_a_failing_check_is_logged_once_and_mails_no_one(client, queued_jobs, settings, mailoutbox):
    """A load balancer asks every few seconds: Django's own 503 line would mail the ADMINS each time."""
    settings.ADMINS = [("Admin", "admin@example.id")]
    with mock.patch.object(default_storage, "save", side_effect=PermissionError):
        assert client.get(URL).status_code == 503
    assert mailoutbox == []
