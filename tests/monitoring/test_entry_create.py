import datetime
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import ActivityProgress, Evidence
from pendampingan import bounds
from pendampingan.models import Agreement, Refused
from tests.conftest import institution_actor, login, photo_bytes, upload
from tests.monitoring.conftest import PDF, entry_data, progress_url, record

pytestmark = pytest.mark.django_db


def create_url(activity):
    return progress_url(activity.revision.plan.agreement, "entry_create", key=activity.key)


def test_the_facilitator_records_progress(client, fiona, activity):
    login(client, fiona)
    assert client.get(create_url(activity)).status_code == 200
    response = client.post(create_url(activity), entry_data())
    assert response.status_code == 302
    entry = ActivityProgress.objects.get()
    assert (entry.activity_key, entry.author_party, entry.created_by, entry.percent_done) == (
        activity.key,
        "institution",
        fiona,
        40,
    )


def test_the_group_records_progress_with_the_acting_officer(as_gita, activity, chair):
    as_gita.post(create_url(activity), entry_data(status="done", percent_done="100", actual_end="2026-03-20"))
    entry = ActivityProgress.objects.get()
    assert (entry.author_party, entry.created_by_officer_name, entry.status) == ("group", "Sumarni", "done")


def test_a_double_click_records_once(as_alice, activity):
    response = as_alice.get(create_url(activity))
    key = response.context["form"]["submission"].value()
    for _attempt in range(2):
        as_alice.post(create_url(activity), entry_data(submission=key))
    assert ActivityProgress.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"actual_start": "2026-03-10", "actual_end": "2026-03-01"}, "actual_end"),
        ({"reported_on": "2099-01-01"}, "reported_on"),
        ({"spent_institution": "10000000001"}, "spent_institution"),
        ({"spent_group": "-5"}, "spent_group"),
        ({"percent_done": "101"}, "percent_done"),
        ({"participants_women": "10001"}, "participants_women"),
        ({"status": "done", "actual_end": ""}, "actual_end"),
        ({"what_was_done": ""}, "what_was_done"),
        ({"reported_on": "0026-02-10"}, "reported_on"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(as_alice, activity, changes, field):
    response = as_alice.post(create_url(activity), entry_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ActivityProgress.objects.exists()


def test_the_entry_carries_its_photos_and_documents(as_gita, activity):
    files = [upload("sawah.jpg", photo_bytes((4000, 3000))), upload("daftar-hadir.pdf", PDF)]
    response = as_gita.post(create_url(activity), entry_data(files=files, files_caption="Pelatihan kompos"))
    assert response.status_code == 302
    entry = ActivityProgress.objects.get()
    found = {e.original_name: e for e in entry.evidence.all()}
    photo, listed = found["sawah.jpg"], found["daftar-hadir.pdf"]
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 1600, 1200)
    assert photo.file.name.startswith("evidence/") and "sawah" not in photo.file.name
    assert (listed.content_type, listed.size, listed.caption) == (
        "application/pdf",
        len(PDF),
        "Pelatihan kompos",
    )
    assert {(e.author_party, e.created_by_officer_name) for e in found.values()} == {("group", "Sumarni")}
    assert {e.agreement for e in found.values()} == {entry.agreement}


def test_the_form_posts_files(as_alice, activity):
    page = as_alice.get(create_url(activity)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="files"' in page and "multiple" in page


@pytest.mark.parametrize(
    "files",
    [
        [upload("foto.jpg", b"<html><body>bukan foto</body></html>")],
        # a good file beside one of 10 MB and a byte
        [upload("baik.pdf", PDF), upload("foto.jpg", b"%PDF-" + b"0" * (bounds.MAX_FILE_SIZE - 4))],
        [upload(f"{n}.pdf", PDF) for n in range(bounds.MAX_FILES + 1)],
    ],
)
def test_a_file_refused_saves_nothing_and_says_why_next_to_the_field(as_alice, activity, files, settings):
    response = as_alice.post(create_url(activity), entry_data(files=files))
    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not ActivityProgress.objects.exists() and not Evidence.objects.exists()
    # Nothing uploaded is left (the agreement's approved paper is kept apart, in verified/).
    uploaded = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert [path for path in uploaded if "verified" not in path.parts] == []


def test_a_file_over_the_limit_is_named_with_its_size(as_alice, activity):
    big = upload("foto.jpg", b"%PDF-" + b"0" * (bounds.MAX_FILE_SIZE + 200_000))
    response = as_alice.post(create_url(activity), entry_data(files=[big]))
    [message] = response.context["form"].errors["files"]
    assert "foto.jpg" in message and "10,2 MB" in message and "10 MB" in message


def test_nothing_is_recorded_once_the_agreement_ended(as_alice, agreement_in_force, activity):
    Agreement.objects.filter(pk=agreement_in_force.pk).update(status=Agreement.Status.COMPLETED)
    assert as_alice.post(create_url(activity), entry_data()).status_code == 403
    assert not ActivityProgress.objects.exists()


def test_the_admin_reads_but_does_not_record(as_root, activity):
    assert as_root.post(create_url(activity), entry_data()).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, activity):
    response = client.post(create_url(activity), entry_data())
    assert response.url.startswith(reverse("login"))
    assert not ActivityProgress.objects.exists()


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, activity, who):
    login(client, request.getfixturevalue(who))
    assert client.post(create_url(activity), entry_data()).status_code == 404


def test_what_was_spent_is_typed_the_indonesian_way(as_alice, activity):
    response = as_alice.post(
        create_url(activity), entry_data(spent_institution="Rp1.250.000,-", spent_group="125.000")
    )
    assert response.status_code == 302
    entry = ActivityProgress.objects.get()
    assert (entry.spent_institution, entry.spent_group) == (1_250_000, 125_000)


def shown(form):
    """What the form's page shows in each field, as a browser would send it back."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "") and name != "files":
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def test_it_starts_from_the_latest_entry_of_the_activity(
    as_alice, fiona_actor, chair_actor, activity, in_force
):
    import datetime

    from django.utils import timezone

    from tests.monitoring.conftest import add_evidence, record

    start = activity.start_date
    record(fiona_actor, activity, reported_on=start, percent_done=20, what_was_done="Minggu pertama.")
    latest = record(
        chair_actor,
        activity,
        reported_on=start + datetime.timedelta(days=7),
        percent_done=35,
        spent_group=250_000,
        participants_women=9,
        problems="Hujan.",
        what_was_done="Minggu kedua.",
    )
    add_evidence(chair_actor, latest)
    other = in_force.activities.exclude(pk=activity.pk).first()
    record(fiona_actor, other, reported_on=start + datetime.timedelta(days=8), status="postponed")
    page = as_alice.get(create_url(activity))
    data = shown(page.context["form"])
    assert (data["status"], data["percent_done"], data["spent_group"], data["participants_women"]) == (
        "in_progress",
        "35",
        "250000",
        "9",
    )
    assert (data["what_was_done"], data["problems"]) == ("Minggu kedua.", "Hujan.")
    assert data["reported_on"] == timezone.localdate().isoformat()
    assert 'value="250.000"' in page.content.decode()
    response = as_alice.post(
        create_url(activity), {**data, "percent_done": "50", "reported_on": "2026-02-10"}
    )
    assert response.status_code == 302
    new = ActivityProgress.objects.latest("created_at", "pk")
    assert (new.percent_done, new.spent_group, new.author_party) == (50, 250_000, "institution")
    assert not new.evidence.exists() and latest.evidence.count() == 1
    assert ActivityProgress.objects.get(pk=latest.pk).percent_done == 35


def test_the_first_entry_of_an_activity_starts_empty(as_alice, activity):
    form = as_alice.get(create_url(activity)).context["form"]
    assert form.latest is None and form["percent_done"].value() == 0 and not form["what_was_done"].value()


def test_the_services_keep_the_forms_date_rules_for_every_channel(agreement_in_force, activity, fiona_actor):
    """A job or an import calling the service directly meets the same refusals as the form."""
    from django.core.exceptions import ValidationError

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    cases = [
        ({"reported_on": tomorrow}, "reported_on"),
        ({"actual_start": tomorrow}, "actual_start"),
        ({"status": "done", "percent_done": 100}, "actual_end"),
        ({"actual_end": activity.start_date - datetime.timedelta(days=1)}, "actual_end"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as refused:
            record(fiona_actor, activity, **changes)
        assert field in refused.value.message_dict, changes
    assert not ActivityProgress.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.deviation_report(
            actor=fiona_actor,
            agreement=agreement_in_force,
            title="Terlalu awal",
            concerns_party="group",
            description="Sebelum kesepakatan dimulai.",
            observed_on=agreement_in_force.start_date - datetime.timedelta(days=1),
        )
    assert "observed_on" in refused.value.message_dict


def test_a_form_opened_before_someone_recorded_newer_progress_is_refused_once(
    as_alice, client, gita, chair, fiona_actor, activity
):
    record(fiona_actor, activity, percent_done=20)
    opened = shown(as_alice.get(create_url(activity)).context["form"])
    login(client, gita, chair)
    newer = shown(client.get(create_url(activity)).context["form"])
    assert client.post(create_url(activity), {**newer, "percent_done": "60"}).status_code == 302
    # The older form still says 20 per cent: saved now, it would undo the 60 without anyone seeing.
    response = as_alice.post(create_url(activity), {**opened, "what_was_done": "Catatan pendamping."})
    assert response.status_code == 200 and ActivityProgress.objects.count() == 2
    form = response.context["form"]
    assert form.non_field_errors() and form["what_was_done"].value() == "Catatan pendamping."
    again = {**opened, "what_was_done": "Catatan pendamping.", "started_from": form["started_from"].value()}
    assert as_alice.post(create_url(activity), again).status_code == 302
    assert ActivityProgress.objects.count() == 3


def test_a_double_click_on_a_form_that_started_from_an_entry_records_once(as_alice, fiona_actor, activity):
    record(fiona_actor, activity, percent_done=20)
    data = shown(as_alice.get(create_url(activity)).context["form"])
    responses = [as_alice.post(create_url(activity), {**data, "percent_done": "30"}) for _click in range(2)]
    assert [r.status_code for r in responses] == [302, 302] and ActivityProgress.objects.count() == 2


def test_the_services_refuse_an_outsider_and_a_group_login_without_its_officer(activity, bob, group_a):
    """Who may write is checked by the service itself, whichever channel calls it."""
    from pendampingan.access import Actor
    from pendampingan.models import Refused

    for actor in (Actor.of(bob), Actor.for_officer(group_a, None)):
        with pytest.raises(Refused):
            record(actor, activity)
    assert not ActivityProgress.objects.exists()


def test_progress_is_recorded_only_against_the_plan_in_force(in_force, fiona_actor, alice):
    from plans import services as plan_services

    draft = plan_services.plan_revision_start(actor=institution_actor(alice), plan=in_force.plan)
    new = draft.activities.first()
    new.key = uuid.uuid4()
    new.save()
    with pytest.raises(Refused):
        record(fiona_actor, new)
    assert not ActivityProgress.objects.exists()
