"""Every address that names an agreement, a group or an institution is a 404 for an outsider, read or written.

It lives with the plans' tests because it needs a plan in force; it walks the core's addresses too.

The addresses are read from the URL configuration itself, so a page added
later is checked without anyone remembering to list it here.
"""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login
from tests.plans.conftest import fill

pytestmark = pytest.mark.django_db

OWNED = re.compile(r"^(agreements|groups|institutions)/<int:pk>/")


def owned_routes(patterns=None, prefix=""):
    """(route, url name) of every pattern under an agreement, a group or an institution."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from owned_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and OWNED.match(route):
            yield route


def concrete(route, objects):
    """The route with every parameter filled in from group A's side of things."""
    kind = route.split("/", 1)[0]
    values = {
        "pk": objects[kind],
        "cycle": 1,
        "number": 1,
        "version": 1,
        "member_pk": objects["member"],
        "item_pk": objects["stage"],
        "kind": "stage",
        "fmt": "csv",
        "key": objects["activity_key"],
        "entry_pk": objects["entry"],
        "indicator_key": objects["indicator_key"],
        "value_pk": objects["value"],
        "reported_pk": objects["report"],
        "action_pk": objects["action"],
        "evidence_pk": objects["evidence"],
        "meeting_pk": objects["meeting"],
        "record_pk": objects["record"],
        "file_pk": objects["file"],
        "evaluation_pk": objects["evaluation"],
        "staff_pk": objects["staff"],
        "user_pk": objects["login"],
    }
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    return "/" + path


@pytest.fixture
def everything(in_force, alice, group_a, chair):
    """Agreement A with a plan in force, progress with a file of evidence and an indicator value
    recorded, and an amendment proposed."""
    from monitoring.services import (
        corrective_action_create,
        deviation_report,
        indicator_value_create,
        progress_create,
    )
    from pendampingan import attachments, services
    from pendampingan.models import Agreement
    from records.services import attendance_save, meeting_create, minutes_create, participants, record_create
    from tests.conftest import institution_actor, upload

    agreement = in_force.plan.agreement
    agreement.refresh_from_db()
    assert agreement.is_agreed
    services.amendment_propose(
        actor=institution_actor(alice),
        agreement=agreement,
        reason="Alasan.",
        **{**agreement.content(), "purpose": "Baru."},
    )
    fill(in_force, stages=0)
    activity = in_force.activities.first()
    entry = progress_create(
        actor=institution_actor(alice),
        agreement=agreement,
        activity=activity,
        reported_on=activity.start_date,
        status="in_progress",
        what_was_done="Mulai.",
        files=[attachments.prepare(upload("daftar-hadir.pdf", b"%PDF-1.4\n"))],
    )
    indicator = in_force.indicators.first()
    value = indicator_value_create(
        actor=institution_actor(alice),
        agreement=agreement,
        indicator=indicator,
        measured_on=activity.start_date,
        value=3,
    )
    report = deviation_report(
        actor=institution_actor(alice),
        agreement=agreement,
        concerns_party="group",
        observed_on=activity.start_date,
        title="Tidak hadir.",
    )
    action = corrective_action_create(
        actor=institution_actor(alice),
        agreement=agreement,
        title="Hadir.",
        owner_party="group",
        owner_name="Sumarni",
        due_date=agreement.end_date,
        deviation_key=report.deviation_key,
    )
    meeting = meeting_create(
        actor=institution_actor(alice),
        agreement=agreement,
        title="Pertemuan rutin",
        held_on=activity.start_date,
        start_time=datetime.time(14),
        place="Balai dusun",
        agenda="Kas",
    )
    meeting = attendance_save(
        actor=institution_actor(alice),
        meeting=meeting,
        read_version=meeting.lock_version,
        statuses={p["key"]: "present" for p in participants(meeting, agreement)},
        files=[attachments.prepare(upload("daftar-hadir.pdf", b"%PDF-1.4\n"))],
    )
    minutes_create(
        actor=institution_actor(alice),
        meeting=meeting,
        chair="Sumarni",
        minute_taker="Alice",
        opened_at=datetime.time(14),
        closed_at=datetime.time(15),
    )
    record = record_create(
        actor=institution_actor(alice),
        agreement=agreement,
        activity=activity,
        done_on=activity.start_date,
        title="Catatan",
        what_was_done="Dikerjakan.",
        results="Hasil.",
    )
    from evaluation.services import evaluation_start

    evaluation = evaluation_start(actor=institution_actor(alice), agreement=agreement, level="cycle")
    return {
        "evaluation": evaluation.pk,
        "meeting": meeting.pk,
        "record": record.pk,
        "file": meeting.files.get().pk,
        "agreements": agreement.pk,
        "evidence": entry.evidence.get().pk,
        "report": report.pk,
        "action": action.pk,
        "groups": group_a.pk,
        "institutions": agreement.institution_id,
        "member": chair.pk,
        "staff": alice.staff.pk,
        "login": group_a.account.pk,
        "stage": in_force.stages.first().pk,
        "activity_key": activity.key,
        "entry": entry.pk,
        "indicator_key": indicator.key,
        "value": value.pk,
        "agreement": Agreement.objects.get(pk=agreement.pk),
    }


def test_the_walk_finds_every_kind_of_page(everything):
    routes = list(owned_routes())
    assert len(routes) > 30
    assert any("amendments" in r for r in routes) and any("revisions" in r for r in routes)


@pytest.mark.parametrize("who", ["bob", "bella", "gabe", "frank"])
def test_outsiders_get_404_reading_or_writing_anything_of_another_party(client, request, everything, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None) if who == "gabe" else None
    login(client, user, group.members.first() if group else None)
    for route in owned_routes():
        url = concrete(route, everything)
        if who == "frank" and route.startswith("institutions/"):
            continue  # frank works for institution A: its page is his to read
        for method in (client.get, client.post):
            response = method(url, {"version": 1, "lock_version": 1})
            assert response.status_code in {404, 405}, (who, method.__name__, url, response.status_code)


def test_anonymous_visitors_are_sent_to_log_in_from_every_page(client, everything):
    for route in owned_routes():
        url = concrete(route, everything)
        for method in (client.get, client.post):
            response = method(url, {"version": 1, "lock_version": 1})
            assert response.status_code == 302 and response["Location"].startswith("/login/"), (
                method.__name__,
                url,
                response.status_code,
            )
