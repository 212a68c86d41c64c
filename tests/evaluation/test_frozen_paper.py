"""Paper that does not change: the approval that completes the pair keeps the document's PDF,
whatever channel approved, and what is printed of an approved version comes only from what both
parties approved, so nothing done afterwards ever shows on it."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation

from evaluation import services as evaluation_services
from monitoring import services as monitoring_services
from pendampingan import pdf, verification
from pendampingan import services as core_services
from pendampingan.models import Agreement, Verification
from plans import services as plan_services
from records import services as records_services
from tests.conftest import approve, group_actor, institution_actor, login
from tests.monitoring.conftest import record
from tests.records.conftest import activity, gita_actor, held, minutes  # noqa: F401
from tests.records.test_printed_codes import code_of, text_of

pytestmark = pytest.mark.django_db


def approve_both(document, first, second, capture):
    """Both parties approve through the service, no request anywhere; the commit runs what follows."""
    approve(document, first)
    with capture(execute=True):
        approve(document, second)
    document.refresh_from_db()
    return document


def redrawn(document, version):
    """What the printer draws of ``document``'s ``version`` now: what a later try to keep it would keep."""
    with translation.override("id"):
        template, context, _name = verification.printers[type(document)](document, version)
        return text_of(pdf.draw(template, context))


def kept(code):
    code.refresh_from_db()
    assert code.pdf, "the approval kept no file"
    with code.pdf.open("rb") as f:
        data = f.read()
    assert hashlib.sha256(data).hexdigest() == code.pdf_sha256
    return data


def assert_unchanged(client, document, before):
    code = code_of(document)
    data = kept(code)
    assert data == before
    assert redrawn(document, code.version) == text_of(data)
    checked = client.post(f"/v/{code.code}/", {"file": SimpleUploadedFile("dokumen.pdf", data)})
    assert checked.context["same_file"] is True


@pytest.fixture
def amend(alice, group_a, chair, django_capture_on_commit_callbacks):
    def amend(agreement, **changes):
        amendment = core_services.amendment_propose(
            actor=institution_actor(alice), agreement=agreement, reason="Perubahan.", **changes
        )
        approve_both(
            amendment,
            institution_actor(alice),
            group_actor(group_a, chair),
            django_capture_on_commit_callbacks,
        )

    return amend


def test_an_agreement_version_keeps_its_paper_through_an_amendment(
    client, agreement, alice, group_a, chair, amend, django_capture_on_commit_callbacks
):
    approve_both(
        agreement, institution_actor(alice), group_actor(group_a, chair), django_capture_on_commit_callbacks
    )
    before = kept(code_of(agreement))
    assert "Meningkatkan hasil panen." in text_of(before)
    amend(agreement, **{**agreement.content(), "purpose": "Membangun koperasi."})
    agreement.refresh_from_db()
    assert agreement.version == 2 and kept(code_of(agreement, 2))
    assert_unchanged(client, agreement, before)


def test_a_plan_revision_keeps_its_paper_through_progress_and_its_successor(
    client, draft, alice, group_a, chair, fiona_actor, django_capture_on_commit_callbacks
):
    from tests.plans.conftest import fill

    fill(draft)
    revision = approve_both(
        draft, institution_actor(alice), group_actor(group_a, chair), django_capture_on_commit_callbacks
    )
    before = kept(code_of(revision))
    done = revision.activities.first()
    record(fiona_actor, done, status="done", percent_done=100, actual_end=done.start_date)
    following = plan_services.plan_revision_start(actor=institution_actor(alice), plan=revision.plan)
    approve_both(
        following, institution_actor(alice), group_actor(group_a, chair), django_capture_on_commit_callbacks
    )
    revision.refresh_from_db()
    assert revision.status == revision.Status.SUPERSEDED
    assert_unchanged(client, revision, before)


def test_confirmed_minutes_keep_their_paper_while_a_second_version_waits(
    client,
    minutes,  # noqa: F811
    fiona_actor,
    gita_actor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    minutes.meeting.agenda = "Laporan kas\nJadwal tanam"
    confirmed = approve_both(minutes, fiona_actor, gita_actor, django_capture_on_commit_callbacks)
    before = kept(code_of(confirmed))
    records_services.minutes_update(
        actor=fiona_actor,
        minutes=confirmed,
        read_version=confirmed.lock_version,
        decisions="Iuran naik menjadi Rp15.000.",
        discussion=[],
        action_items=records_services.action_items_of(confirmed),
    )
    meeting = confirmed.meeting
    meeting.refresh_from_db()
    records_services.meeting_update(
        actor=fiona_actor, meeting=meeting, read_version=meeting.lock_version, agenda="Agenda yang diganti"
    )
    confirmed.refresh_from_db()
    assert confirmed.version == 2 and confirmed.confirmed_version == 1
    text = text_of(before)
    with translation.override("id"):
        assert translation.gettext("Version %(version)s") % {"version": 1} in text
    assert "Iuran tetap Rp10.000." in text and "Rp15.000" not in text
    assert_unchanged(client, confirmed, before)
    assert "Agenda yang diganti" not in redrawn(confirmed, 1)


def test_an_evaluation_keeps_the_corrective_actions_as_they_stood_when_approved(
    client, in_force, fiona_actor, alice, group_a, chair, django_capture_on_commit_callbacks
):
    agreement = in_force.plan.agreement
    action = monitoring_services.corrective_action_create(
        actor=fiona_actor,
        agreement=agreement,
        title="Menjadwal ulang pelatihan",
        owner_party="institution",
        owner_name="Fiona",
        due_date=timezone.localdate(),
    )
    # Taken within the evaluated period (the plan's first half of 2026).
    type(action).objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 2))
    )
    evaluation = evaluation_services.evaluation_start(actor=fiona_actor, agreement=agreement, level="cycle")
    approve_both(
        evaluation, institution_actor(alice), group_actor(group_a, chair), django_capture_on_commit_callbacks
    )
    before = kept(code_of(evaluation))
    with translation.override("id"):
        open_label, closed_label = (str(s.label) for s in (action.Status.OPEN, action.Status.CLOSED))
    assert "Menjadwal ulang pelatihan" in text_of(before)
    assert open_label in text_of(before)
    action = monitoring_services.corrective_action_step(
        actor=fiona_actor, action=action, kind="done", read_version=action.lock_version
    )
    monitoring_services.corrective_action_step(
        actor=group_actor(group_a, chair), action=action, kind="confirmed", read_version=action.lock_version
    )
    done = in_force.activities.first()
    record(fiona_actor, done, status="done", percent_done=100, actual_end=done.start_date)
    assert closed_label not in text_of(before)
    assert_unchanged(client, evaluation, before)
    page = login(client, alice).get(f"/agreements/{agreement.pk}/evaluations/{evaluation.pk}/report/")
    assert [p.get_status_display() for p in page.context["problems"]] == [open_label]


def test_a_file_that_could_not_be_kept_at_approval_is_kept_by_the_command(
    agreement, alice, group_a, chair, django_capture_on_commit_callbacks, monkeypatch
):
    real = pdf.draw
    monkeypatch.setattr(pdf, "draw", lambda *args: (_ for _ in ()).throw(OSError("disk full")))
    approve_both(
        agreement, institution_actor(alice), group_actor(group_a, chair), django_capture_on_commit_callbacks
    )
    assert agreement.is_agreed and not code_of(agreement).pdf
    monkeypatch.setattr(pdf, "draw", real)
    call_command("keep_pdfs", verbosity=0)
    assert kept(code_of(agreement))
    assert not pdf.missing().exists()


def test_a_drawing_that_fails_leaves_the_approval_and_the_file_to_the_next_try(
    agreement, alice, group_a, chair, django_capture_on_commit_callbacks, monkeypatch
):
    real, calls = pdf.draw, []

    def flaky(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("busy")
        return real(*args)

    monkeypatch.setattr(pdf, "draw", flaky)
    approve_both(
        agreement, institution_actor(alice), group_actor(group_a, chair), django_capture_on_commit_callbacks
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED and pdf.missing().exists()
    # The daily job (or the worker's next try of the same job) keeps it.
    pdf.keep_missing_pdfs.call()
    assert len(calls) == 2 and kept(code_of(agreement)) and not pdf.missing().exists()


@pytest.mark.django_db(transaction=True)
def test_the_demo_keeps_the_paper_of_every_document_it_approves():
    call_command("seed_demo", "--force", verbosity=0)
    codes = Verification.objects.all()
    assert codes.count() >= 10
    for code in codes:
        data = kept(code)
        assert verification.written(code.code) in text_of(data)
    first = codes.order_by("issued_at").first()
    assert first.issued_at < timezone.now() - datetime.timedelta(days=1)
