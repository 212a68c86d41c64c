"""send_reminders: each user is e-mailed what is coming or waiting for their side, each thing once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from records import services
from tests.records.conftest import new_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(alice, fiona, frank, gita, bob):
    for user, email in [
        (alice, "alice@example.org"),
        (fiona, "fiona@example.org"),
        (gita, "kelompok@example.org"),
        (bob, "bob@example.org"),
    ]:
        user.email = email
        user.save()


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


def run():
    call_command("send_reminders", "--base-url", "https://pendampingan.example.org", stdout=io.StringIO())


def test_a_coming_meeting_and_owed_feedback_go_to_the_right_people_once(
    addresses, agreement_in_force, fiona_actor, activity
):
    new_meeting(
        fiona_actor,
        agreement_in_force,
        held_on=timezone.localdate() + datetime.timedelta(days=2),
        title="Rapat persiapan panen",
    )
    services.record_create(
        actor=fiona_actor,
        agreement=agreement_in_force,
        activity=activity,
        done_on=timezone.localdate(),
        title="Pelatihan kompos",
        what_was_done="Praktik.",
        results="Dua bak.",
    )
    run()
    group_mail = sent_to("kelompok@example.org")
    assert len(group_mail) == 1
    body = group_mail[0].body
    assert "Rapat persiapan panen" in body and "Pelatihan kompos" in body
    assert "https://pendampingan.example.org/agreements/" in body
    fiona_mail = sent_to("fiona@example.org")[0].body
    assert "Rapat persiapan panen" in fiona_mail and "Pelatihan kompos" not in fiona_mail
    assert sent_to("bob@example.org") == []
    outbox = len(mail.outbox)
    run()
    assert len(mail.outbox) == outbox


def test_something_new_is_sent_alone_later(addresses, agreement_in_force, fiona_actor):
    new_meeting(
        fiona_actor,
        agreement_in_force,
        held_on=timezone.localdate() + datetime.timedelta(days=1),
        title="Rapat pertama",
    )
    run()
    mail.outbox.clear()
    new_meeting(
        fiona_actor,
        agreement_in_force,
        held_on=timezone.localdate() + datetime.timedelta(days=2),
        title="Rapat kedua",
    )
    run()
    body = sent_to("fiona@example.org")[0].body
    assert "Rapat kedua" in body and "Rapat pertama" not in body


def test_a_meeting_further_ahead_is_not_yet_reminded(addresses, agreement_in_force, fiona_actor):
    new_meeting(
        fiona_actor,
        agreement_in_force,
        held_on=timezone.localdate() + datetime.timedelta(days=3),
        title="Rapat jauh",
    )
    run()
    assert not any("Rapat jauh" in m.body for m in mail.outbox)


def test_minutes_to_confirm_are_reminded_to_the_side_that_has_not(addresses, minutes, fiona_actor):
    from tests.conftest import approve

    approve(minutes, fiona_actor)
    run()
    page = f"/meetings/{minutes.meeting_id}/"
    assert page in sent_to("kelompok@example.org")[0].body
    assert not any(page in m.body for m in sent_to("fiona@example.org"))


def test_nobody_without_an_address_or_inactive_gets_mail(addresses, alice, agreement_in_force, fiona_actor):
    alice.is_active = False
    alice.save()
    new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate())
    run()
    assert sent_to("alice@example.org") == []
    assert all(m.to for m in mail.outbox)


def test_the_dashboard_shows_the_same_items(as_alice, agreement_in_force, fiona_actor):
    new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate(), title="Rapat hari ini")
    assert "Rapat hari ini" in as_alice.get("/").content.decode()


def test_a_long_list_comes_a_few_items_an_e_mail_with_a_link_to_the_rest(
    addresses, agreement_in_force, fiona_actor, monkeypatch
):
    from pendampingan import reminders

    monkeypatch.setattr(reminders, "PER_EMAIL", 2)
    for n in range(3):
        new_meeting(
            fiona_actor,
            agreement_in_force,
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            title=f"Rapat {n}",
        )
    bodies = []
    for _run in range(10):
        mail.outbox.clear()
        run()
        if not sent_to("fiona@example.org"):
            break
        bodies.append(sent_to("fiona@example.org")[0].body)
    # The late activities of the plan and the three meetings, two an e-mail, each once.
    assert len(bodies) > 2
    assert all(body.count("\n- ") <= 2 for body in bodies)
    assert all("https://pendampingan.example.org/waiting/" in body for body in bodies[:-1])
    assert "/waiting/" not in bodies[-1]
    assert [sum(f"Rapat {n}" in body for body in bodies) for n in range(3)] == [1, 1, 1]


def test_only_the_agreements_where_something_waits_are_read(
    addresses, agreement_in_force, fiona_actor, institution_a, group_a, alice, fiona, monkeypatch
):
    from pendampingan import reminders
    from pendampingan.factories import agree
    from tests.conftest import make_agreement

    # Agreed by both, to start in two months: only the coordinator has something to do (start it).
    starts = timezone.localdate() + datetime.timedelta(days=60)
    dates = {"start_date": starts, "end_date": starts + datetime.timedelta(days=365)}
    quiet = [
        agree(make_agreement(institution_a, group_a, alice, [fiona], title=f"Tenang {n}", **dates))
        for n in range(3)
    ]
    new_meeting(
        fiona_actor,
        agreement_in_force,
        held_on=timezone.localdate() + datetime.timedelta(days=1),
        title="Rapat",
    )
    read = {}
    waiting_for = reminders.waiting_for

    def counting(actor, agreements):
        read.setdefault(actor.user.username, set()).update(a.pk for a in agreements)
        return waiting_for(actor, agreements)

    monkeypatch.setattr(reminders, "waiting_for", counting)
    run()
    assert "Rapat" in sent_to("fiona@example.org")[0].body
    # The coordinator has them to start; for the facilitator and the group nothing waits in them.
    assert read["alice"] == {agreement_in_force.pk, *(a.pk for a in quiet)}
    assert read["fiona"] == read["gita"] == {agreement_in_force.pk}
