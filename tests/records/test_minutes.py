"""Minutes: written once the meeting is held, confirmed by both parties, corrected as a new version."""

import datetime

import pytest
from django.utils import timezone

from records.models import Minutes
from tests.conftest import approve_data, login
from tests.records.conftest import DAY, meeting_url, new_meeting, write_minutes

pytestmark = pytest.mark.django_db


def minutes_data(**changes):
    data = {
        "chair": "Sumarni",
        "minute_taker": "Rahmat",
        "opened_at": "14:05",
        "closed_at": "15:30",
        "discussion_0": "Saldo kas Rp1.200.000.",
        "discussion_1": "",
        "discussion_2": "",
        "decisions": "Iuran tetap Rp10.000.\nTanam serentak pekan depan.",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "30",
        "items-0-what": "Menagih iuran",
        "items-0-who": "Joko",
        "items-0-due_date": (timezone.localdate() + 7 * DAY).isoformat(),
        "items-0-activity_key": "",
        "items-1-what": "",
        "items-1-who": "",
        "items-1-due_date": "",
        "items-1-activity_key": "",
    }
    data.update(changes)
    return data


def test_either_party_writes_them_for_a_held_meeting(client, gita, chair, held):
    login(client, gita, chair)
    response = client.post(meeting_url("minutes_edit", held), minutes_data())
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.author_party == "group" and minutes.created_by_officer == chair
    assert minutes.discussion == [{"item": "Laporan kas", "text": "Saldo kas Rp1.200.000."}]
    assert [i.what for i in minutes.action_items.all()] == ["Menagih iuran"]
    assert minutes.decision_list == ["Iuran tetap Rp10.000.", "Tanam serentak pekan depan."]


def test_a_meeting_not_held_has_no_minutes_yet(as_alice, agreement_in_force, fiona_actor):
    planned = new_meeting(fiona_actor, agreement_in_force)
    assert as_alice.get(meeting_url("minutes_edit", planned)).status_code == 403


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"closed_at": "14:00"}, "closed_at"),
        ({"chair": ""}, "chair"),
        ({"items-0-who": ""}, "who"),
        ({"items-0-due_date": "0026-01-01"}, "due_date"),
        ({"items-0-what": "", "items-0-who": "Joko"}, "what"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(as_alice, held, changes, field):
    response = as_alice.post(meeting_url("minutes_edit", held), minutes_data(**changes))
    assert response.status_code == 200
    errors = {**response.context["form"].errors}
    for form in response.context["items"].forms:
        errors.update(form.errors)
    assert field in errors
    assert not Minutes.objects.exists()


def test_an_action_item_due_outside_the_agreement_is_refused(as_alice, held, agreement_in_force):
    late = (agreement_in_force.end_date + DAY).isoformat()
    response = as_alice.post(meeting_url("minutes_edit", held), minutes_data(**{"items-0-due_date": late}))
    assert response.status_code == 200 and not Minutes.objects.exists()


def test_a_second_create_does_not_make_second_minutes(as_alice, held):
    as_alice.post(meeting_url("minutes_edit", held), minutes_data())
    response = as_alice.post(meeting_url("minutes_edit", held), minutes_data(decisions="Lain."))
    assert Minutes.objects.count() == 1
    assert response.status_code == 200


def confirm(client, minutes):
    minutes.refresh_from_db()
    return client.post(meeting_url("minutes_confirm", minutes.meeting), approve_data(minutes))


def test_both_parties_confirm_them_the_facilitator_for_the_institution(client, fiona, gita, chair, minutes):
    login(client, fiona)
    confirm(client, minutes)
    minutes.refresh_from_db()
    assert not minutes.is_confirmed
    login(client, gita, chair)
    confirm(client, minutes)
    minutes.refresh_from_db()
    assert minutes.is_confirmed and minutes.confirmed_version == 1
    revision = minutes.revisions.get()
    assert revision.content["decisions"] == ["Iuran tetap Rp10.000."]
    assert revision.content["action_items"][0]["who"] == "Joko"


def test_a_confirmation_of_what_changed_after_it_was_shown_is_refused(client, fiona, alice, minutes):
    from records import services

    shown = approve_data(minutes)
    services.minutes_update(
        actor=services_actor(alice), minutes=minutes, read_version=minutes.lock_version, decisions="Berubah."
    )
    login(client, fiona)
    client.post(meeting_url("minutes_confirm", minutes.meeting), shown)
    assert not minutes.approvals.exists()


def services_actor(user):
    from tests.conftest import institution_actor

    return institution_actor(user)


def confirmed(minutes, fiona_actor, gita_actor):
    from tests.conftest import approve

    approve(minutes, fiona_actor)
    approve(minutes, gita_actor)
    minutes.refresh_from_db()
    return minutes


def same_as(minutes, **changes):
    """The edit form as it opens on ``minutes`` (written by ``write_minutes``), with ``changes``."""
    item = minutes.action_items.get()
    return minutes_data(
        **{
            "decisions": "Iuran tetap Rp10.000.",
            "discussion_0": "Saldo Rp1.200.000.",
            "items-0-due_date": item.due_date.isoformat(),
            "lock_version": minutes.lock_version,
            **changes,
        }
    )


def test_a_correction_after_confirmation_is_a_new_version_and_the_confirmed_one_still_counts(
    as_alice, minutes, fiona_actor, gita_actor
):
    minutes = confirmed(minutes, fiona_actor, gita_actor)
    response = as_alice.post(
        meeting_url("minutes_edit", minutes.meeting),
        same_as(minutes, decisions="Iuran naik menjadi Rp15.000."),
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.version, minutes.confirmed_version) == (2, 1)
    page = as_alice.get(meeting_url("meeting", minutes.meeting))
    assert page.context["confirmed"].content["decisions"] == ["Iuran tetap Rp10.000."]
    assert page.context["pending"] and [c.field for c in page.context["changes"]] == ["decisions"]
    latest = page.context["history"][0]
    assert latest.user.username == "alice" and any(
        "decision" in str(f) or "keputusan" in str(f) for f in latest.fields
    )
    assert page.context["summary"] and "Rp10.000" in page.context["summary"]
    assert "Rp15.000" not in page.context["summary"]


def test_saving_the_same_content_again_starts_no_new_version(as_alice, minutes, fiona_actor, gita_actor):
    minutes = confirmed(minutes, fiona_actor, gita_actor)
    as_alice.post(meeting_url("minutes_edit", minutes.meeting), same_as(minutes))
    minutes.refresh_from_db()
    assert minutes.version == 1 and minutes.is_confirmed


def test_an_edit_from_an_older_form_is_refused_and_keeps_the_newer(as_alice, minutes):
    stale = minutes_data(decisions="Dari tab lama.", lock_version=minutes.lock_version)
    as_alice.post(
        meeting_url("minutes_edit", minutes.meeting),
        minutes_data(decisions="Terbaru.", lock_version=minutes.lock_version),
    )
    response = as_alice.post(meeting_url("minutes_edit", minutes.meeting), stale)
    assert response.status_code == 200 and response.context["form"].conflict
    minutes.refresh_from_db()
    assert minutes.decisions == "Terbaru."


def test_an_action_item_becomes_a_corrective_action(as_alice, minutes):
    from django.urls import reverse

    url = reverse("monitoring:action_create", kwargs={"pk": minutes.agreement_id})
    response = as_alice.get(url, {"deviation": f"minutes:{minutes.pk}:0"})
    initial = response.context["form"].initial
    assert initial["title"] == "Menagih iuran" and initial["deviation_key"] == f"minutes:{minutes.pk}:0"
    foreign = as_alice.get(url, {"deviation": "minutes:999999:0"})
    assert "title" not in foreign.context["form"].initial


def test_the_group_confirming_is_recorded_in_its_officers_name(client, gita, chair, minutes):
    login(client, gita, chair)
    confirm(client, minutes)
    assert minutes.approvals.get().officer_name == "Sumarni"


def test_the_admin_reads_but_does_not_confirm(as_root, minutes):
    assert as_root.get(meeting_url("meeting", minutes.meeting)).status_code == 200
    confirm(as_root, minutes)
    assert not minutes.approvals.exists()


def test_confirming_is_a_post(as_alice, minutes):
    assert as_alice.get(meeting_url("minutes_confirm", minutes.meeting)).status_code == 405


def test_the_meeting_page_runs_a_fixed_number_of_queries(as_alice, minutes, assert_queries, fiona_actor):
    with assert_queries(22):
        as_alice.get(meeting_url("meeting", minutes.meeting))
    for n in range(5):
        write_minutes(fiona_actor, new_meeting_held(minutes, fiona_actor, n))
    with assert_queries(22):
        as_alice.get(meeting_url("meeting", minutes.meeting))


def new_meeting_held(minutes, actor, n):
    from tests.records.conftest import take_attendance

    meeting = new_meeting(
        actor, minutes.agreement, held_on=timezone.localdate() - datetime.timedelta(days=n + 2)
    )
    return take_attendance(actor, meeting)


def test_a_proposed_version_names_who_changed_it_and_when_beside_the_comparison(
    client, as_alice, gita, chair, minutes, fiona_actor, gita_actor
):
    from django.utils import translation
    from django.utils.formats import date_format

    from pendampingan.templatetags.pendampingan import acted_by
    from tests.conftest import login

    minutes = confirmed(minutes, fiona_actor, gita_actor)
    phone = login(client.__class__(), gita, chair)
    phone.post(
        meeting_url("minutes_edit", minutes.meeting),
        same_as(minutes, decisions="Iuran naik menjadi Rp15.000."),
    )
    minutes.refresh_from_db()
    page = as_alice.get(meeting_url("meeting", minutes.meeting)).content.decode()
    with translation.override("id"):
        who = acted_by(gita, minutes.updated_by_officer_name, minutes.updated_by_officer_position)
        when = date_format(timezone.localtime(minutes.updated_at), "DATETIME_FORMAT")
        said = translation.gettext("Version %(version)s was changed by %(who)s on %(date)s.") % {
            "version": 2,
            "who": who,
            "date": when,
        }
    assert chair.name in who
    assert said in page and page.index(said) < page.index("version-diff")
