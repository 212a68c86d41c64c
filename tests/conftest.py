"""The people every test talks about.

Institution A ("Lembaga Sejahtera") accompanies group A ("Kelompok Tani Maju") under
one agreement: alice coordinates, fiona facilitates it, frank is A's facilitator on
nothing. The group's shared login is gita; its officers are Sumarni (chair) and
Rahmat (secretary), and Joko is a plain member. Institution B with bob and bella
accompanies group B (login gabe) under its own agreement: they are the outsiders.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from pendampingan.access import OFFICER_SESSION_KEY, Actor
from pendampingan.factories import (
    AgreementFactory,
    CommunityGroupFactory,
    InstitutionFactory,
    MemberFactory,
    StaffFactory,
    UserFactory,
)
from pendampingan.models import CommunityGroup, Member, Staff

PASSWORD = "a-long-test-password"


def make_user(username, first_name=""):
    return UserFactory(username=username, first_name=first_name, last_name="", password=PASSWORD)


def make_staff(username, institution, role):
    user = make_user(username, username.title())
    StaffFactory(user=user, institution=institution, role=role, phone="")
    return user


def make_agreement(institution, group, coordinator, facilitators, **overrides):
    fields = {
        "purpose": "Meningkatkan hasil panen.",
        "institution_commits": "Pelatihan bulanan.",
        "group_commits": "Pertemuan rutin.",
        **overrides,
    }
    return AgreementFactory(
        institution=institution, group=group, coordinator=coordinator, facilitators=facilitators, **fields
    )


@pytest.fixture
def institution_a(db):
    return InstitutionFactory(name="Lembaga Sejahtera", region="", phone="")


@pytest.fixture
def institution_b(db):
    return InstitutionFactory(name="Yayasan Lain", region="", phone="")


@pytest.fixture
def alice(institution_a):
    return make_staff("alice", institution_a, Staff.Role.COORDINATOR)


@pytest.fixture
def fiona(institution_a):
    return make_staff("fiona", institution_a, Staff.Role.FACILITATOR)


@pytest.fixture
def frank(institution_a):
    return make_staff("frank", institution_a, Staff.Role.FACILITATOR)


@pytest.fixture
def bob(institution_b):
    return make_staff("bob", institution_b, Staff.Role.COORDINATOR)


@pytest.fixture
def bella(institution_b):
    return make_staff("bella", institution_b, Staff.Role.FACILITATOR)


@pytest.fixture
def group_a(institution_a):
    group = CommunityGroupFactory(
        name="Kelompok Tani Maju",
        region="33.02.01.2001",
        registered_by=institution_a,
        account=make_user("gita", "Kelompok Tani Maju"),
        officers=[],
    )
    for name, sex, position in [
        ("Sumarni", "f", Member.Position.CHAIR),
        ("Rahmat", "m", Member.Position.SECRETARY),
        ("Joko", "m", Member.Position.MEMBER),
    ]:
        MemberFactory(group=group, name=name, sex=sex, position=position, phone="")
    return group


@pytest.fixture
def group_b(institution_b):
    group = CommunityGroupFactory(
        name="Kelompok Tenun Lain",
        kind=CommunityGroup.Kind.WOMEN,
        region="53.01.08.2006",
        registered_by=institution_b,
        account=make_user("gabe", "Kelompok Tenun Lain"),
        officers=[],
    )
    MemberFactory(group=group, name="Yuliana", sex="f", position=Member.Position.CHAIR, phone="")
    return group


@pytest.fixture
def gita(group_a):
    return group_a.account


@pytest.fixture
def gabe(group_b):
    return group_b.account


@pytest.fixture
def chair(group_a):
    return group_a.members.get(name="Sumarni")


@pytest.fixture
def secretary(group_a):
    return group_a.members.get(name="Rahmat")


@pytest.fixture
def agreement(institution_a, group_a, alice, fiona):
    return make_agreement(institution_a, group_a, alice, [fiona])


@pytest.fixture
def agreement_b(institution_b, group_b, bob, bella):
    return make_agreement(institution_b, group_b, bob, [bella])


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.id", PASSWORD)


def login(client, user, officer=None):
    client.force_login(user)
    if officer is not None:
        session = client.session
        session[OFFICER_SESSION_KEY] = officer.pk
        session.save()
    return client


@pytest.fixture
def as_alice(client, alice):
    return login(client, alice)


@pytest.fixture
def as_gita(client, gita, chair):
    return login(client, gita, chair)


def approve(subject, actor):
    """``actor``'s party approves ``subject`` as it is now, as someone reading its page would."""
    from pendampingan import approvals

    _subject, approval = approvals.approve_as_shown_now(subject=subject, actor=actor)
    subject.refresh_from_db()
    return approval


def approve_data(subject):
    """What an approve form posts for ``subject`` as it is now."""
    subject.refresh_from_db()
    return {"version": subject.version, "lock_version": subject.lock_version}


def race(*calls):
    """Run ``calls`` in threads let go at the same moment; each one's result, or the exception it raised.

    Each thread connects before the start, so that both reach the database together,
    and closes its connection at the end (an open one would keep the test database in use).
    Needs ``django_db(transaction=True)``: the threads see only what is committed.
    """
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            connection.ensure_connection()
            start.wait()
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting after a minute"
    return outcomes


def institution_actor(user):
    return Actor.for_staff(user)


def group_actor(group, officer):
    return Actor.for_officer(group, officer)


@pytest.fixture
def as_root(client, admin_user):
    client.force_login(admin_user)
    return client


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def posted_back(response, **changes):
    """What the admin page's forms would post back, with ``changes``."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    return {**data, **changes}


@pytest.fixture
def assert_queries(db, django_assert_num_queries):
    """django_assert_num_queries with Django's per-process caches warmed, so counts are stable."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())
    return django_assert_num_queries


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a second per user; the tests check access, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


IMMEDIATE_JOBS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED_JOBS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def jobs_run_as_their_write_commits(settings):
    """Jobs run in the test's own process as their write commits (``JOBS=immediate``); the tests of
    the queue itself use the database queue and a real worker (``QUEUED_JOBS``)."""
    settings.TASKS = IMMEDIATE_JOBS


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files go to a folder of the test's own, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


def photo_bytes(size=(640, 480), fmt="JPEG", exif=None, colour=(120, 160, 90)):
    """A photo as a phone would send it."""
    import io

    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def body(response):
    """A response's bytes, streamed (a file, a long export) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def workbook_of(response):
    """The XLSX workbook a response carries, read back with openpyxl."""
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(body(response)))


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server (moto's) on this machine for the whole session: its address."""
    from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    app = DomainDispatcherApplication(create_backend_app)
    for port in range(8150, 8200):
        try:
            server = make_server("127.0.0.1", port, app, threaded=True, request_handler=MotoRequestHandler)
            break
        except OSError:
            continue
    else:
        pytest.fail("No free port in 8150-8199 for the S3 server")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join()


class Bucket:
    """A bucket of the test's own on the S3 server, holding the default storage's files."""

    def __init__(self, endpoint):
        import uuid

        import boto3

        self.name = f"test-{uuid.uuid4().hex[:12]}"
        self.endpoint = endpoint
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
            region_name="us-east-1",
        )
        self.client.create_bucket(Bucket=self.name)

    def storages(self, endpoint=None, attempts=3):
        """``STORAGES`` with the default storage in this bucket, as production sets it; reached at
        ``endpoint`` (another address: a storage that does not answer) and tried ``attempts`` times."""
        from django.conf import settings

        from pendampingan.settings import s3_storage

        default = s3_storage(
            self.name,
            endpoint_url=endpoint or self.endpoint,
            access_key="test-key",
            secret_key="test-secret",
            region="us-east-1",
            attempts=attempts,
        )
        return {**settings.STORAGES, "default": default}

    def names(self, prefix=""):
        found = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix).get("Contents", [])
        return sorted(item["Key"] for item in found)

    def read(self, name):
        return self.client.get_object(Bucket=self.name, Key=name)["Body"].read()


@pytest.fixture
def s3(settings, s3_server):
    """The default storage in a fresh bucket of the session's S3 server (``Bucket``)."""
    bucket = Bucket(s3_server)
    settings.STORAGES = bucket.storages()
    return bucket
