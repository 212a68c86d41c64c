"""The mutual assessment: score cards both ways, hidden from the other party until both are in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import assessments, services
from monitoring.models import AssessmentRound, Score
from pendampingan.models import Agreement
from tests.conftest import login, race

pytestmark = pytest.mark.django_db


def url(agreement, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"pk": agreement.pk, **kwargs})


@pytest.fixture
def round_one(agreement_in_force, chair_actor):
    return services.assessment_open(actor=chair_actor, agreement=agreement_in_force)


def card_data(round_, party, score=4, comment="", **overrides):
    data = {}
    for criterion in round_.criteria.all():
        data[f"score_{criterion.pk}"] = str(score)
        data[f"comment_{criterion.pk}"] = comment
    data.update(overrides)
    return data


def submit(client, round_, party, **kwargs):
    return client.post(
        url(round_.agreement, "scorecard_edit", number=round_.number),
        {**card_data(round_, party, **kwargs), "submit": "1"},
    )


def test_opening_a_round_starts_from_the_default_criteria(round_one):
    texts = {c.text for c in round_one.criteria.all()}
    assert "Menghormati keputusan kelompok (tidak mendominasi)" in texts
    assert "Memberi swadaya (kontribusi sendiri)" in texts
    assert round_one.number == 1


def test_the_other_partys_scores_stay_hidden_until_both_submitted(client, round_one, gita, chair, fiona):
    login(client, gita, chair)
    submit(client, round_one, "group", score=2, comment="Rahasia-kelompok-123")
    login(client, fiona)
    for page in [
        url(round_one.agreement, "round", number=1),
        url(round_one.agreement, "assessments"),
        url(round_one.agreement, "scorecard_edit", number=1),
        url(round_one.agreement, "deviations"),
        url(round_one.agreement, "health"),
        reverse("core:dashboard"),
    ]:
        assert "Rahasia-kelompok-123" not in client.get(page).content.decode(), page
    submit(client, round_one, "institution", score=4, comment="Catatan-lembaga")
    body = client.get(url(round_one.agreement, "round", number=1)).content.decode()
    assert "Rahasia-kelompok-123" in body and "Catatan-lembaga" in body


def test_a_coordinator_sees_no_more_than_the_facilitator(client, round_one, gita, chair, alice):
    login(client, gita, chair)
    submit(client, round_one, "group", comment="Rahasia-kelompok-123")
    login(client, alice)
    assert (
        "Rahasia-kelompok-123" not in client.get(url(round_one.agreement, "round", number=1)).content.decode()
    )


def test_a_submitted_card_no_longer_changes(client, round_one, gita, chair):
    login(client, gita, chair)
    submit(client, round_one, "group", score=3)
    response = submit(client, round_one, "group", score=5)
    assert response.status_code == 302
    assert set(Score.objects.values_list("score", flat=True)) == {3}


def test_a_draft_may_be_partial_but_a_submission_needs_every_score(client, round_one, gita, chair):
    login(client, gita, chair)
    first = round_one.criteria.first()
    partial = {f"score_{first.pk}": "4", "draft": "1"}
    edit = url(round_one.agreement, "scorecard_edit", number=1)
    assert client.post(edit, partial).status_code == 302
    card = round_one.scorecards.get()
    response = client.post(edit, {**partial, "lock_version": card.lock_version, "submit": "1"})
    assert response.status_code == 200
    assert len(response.context["form"].errors) == round_one.criteria.count() - 1
    card.refresh_from_db()
    assert card.submitted_at is None


@pytest.mark.parametrize("value", ["0", "6", "lima", "-1"])
def test_scores_outside_one_to_five_are_refused_next_to_the_field(client, round_one, gita, chair, value):
    login(client, gita, chair)
    first = round_one.criteria.first()
    response = submit(client, round_one, "group", **{f"score_{first.pk}": value})
    assert f"score_{first.pk}" in response.context["form"].errors
    assert not round_one.scorecards.exists()


def test_a_save_from_a_page_read_before_another_save_is_refused(client, round_one, gita, chair, secretary):
    edit = url(round_one.agreement, "scorecard_edit", number=1)
    login(client, gita, chair)
    client.post(edit, {**card_data(round_one, "group", score=3), "draft": "1"})
    read = round_one.scorecards.get().lock_version
    login(client, gita, secretary)
    client.post(edit, {**card_data(round_one, "group", score=4), "lock_version": read, "draft": "1"})
    login(client, gita, chair)
    response = client.post(
        edit, {**card_data(round_one, "group", score=1), "lock_version": read, "draft": "1"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert set(Score.objects.values_list("score", flat=True)) == {4}


def test_only_one_round_is_open_at_a_time(as_alice, round_one):
    response = as_alice.post(url(round_one.agreement, "assessment_open"))
    assert response.status_code == 302
    assert AssessmentRound.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parties_opening_at_once_open_one_round(agreement_in_force, fiona_actor, chair_actor):
    outcomes = race(
        lambda: services.assessment_open(actor=fiona_actor, agreement=agreement_in_force),
        lambda: services.assessment_open(actor=chair_actor, agreement=agreement_in_force),
    )
    assert AssessmentRound.objects.count() == 1
    assert sum(isinstance(o, AssessmentRound) for o in outcomes) == 1


def test_side_by_side_the_gaps_and_low_scores_become_findings(client, round_one, gita, chair, fiona):
    about_institution = round_one.criteria.filter(about_party="institution").first()
    login(client, gita, chair)
    submit(client, round_one, "group", score=4, **{f"score_{about_institution.pk}": "1"})
    login(client, fiona)
    submit(client, round_one, "institution", score=4)
    round_one.refresh_from_db()
    found = [f for f in assessments.findings(round_one) if f.needs_action]
    assert [(f.criterion_id, f.given, f.own, f.gap) for f in found] == [(about_institution.pk, 1, 4, -3)]
    response = client.get(url(round_one.agreement, "deviations"), {"kind": "assessment"})
    listed = response.context["deviations"]
    assert [d.party for d in listed] == ["institution"]
    action_link = url(round_one.agreement, "action_create") + "?deviation=" + listed[0].key
    assert client.get(action_link).context["form"].initial["owner_party"] == "institution"


def test_the_discussion_note_waits_for_both_cards_and_refuses_a_stale_save(
    client, round_one, gita, chair, fiona
):
    note = url(round_one.agreement, "round_note", number=1)
    login(client, fiona)
    assert (
        client.post(note, {"discussion": "Terlalu awal.", "lock_version": round_one.lock_version}).status_code
        == 200
    )
    submit(client, round_one, "institution")
    login(client, gita, chair)
    submit(client, round_one, "group")
    round_one.refresh_from_db()
    read = round_one.lock_version
    client.post(note, {"discussion": "Disepakati bersama.", "lock_version": read})
    login(client, fiona)
    response = client.post(note, {"discussion": "Versi lama.", "lock_version": read})
    round_one.refresh_from_db()
    assert round_one.discussion == "Disepakati bersama."
    assert response.context["note_form"]["discussion"].value() == "Versi lama."


def test_each_party_edits_the_criteria_it_scores_the_other_on(client, agreement_in_force, gita, chair):
    login(client, gita, chair)
    page = client.get(url(agreement_in_force, "criteria"))
    form = page.context["form"]
    texts = form.initial["texts"].split("\n")
    assert texts[0] == "Datang sesuai jadwal yang disepakati"
    new = "\n".join(texts[1:] + ["Membawa contoh pupuk organik"])
    client.post(url(agreement_in_force, "criteria"), {"texts": new, "read": form.initial["read"]})
    active = list(agreement_in_force.assessment_criteria.filter(about_party="institution", is_active=True))
    assert "Membawa contoh pupuk organik" in [c.text for c in active]
    assert "Datang sesuai jadwal yang disepakati" not in [c.text for c in active]
    # Set aside, not deleted: the group's own criteria were not touched.
    assert agreement_in_force.assessment_criteria.filter(about_party="group", is_active=True).count() == 5
    assert agreement_in_force.assessment_criteria.filter(text="Datang sesuai jadwal yang disepakati").exists()


def test_a_stale_criteria_edit_is_refused(client, agreement_in_force, gita, chair):
    login(client, gita, chair)
    read = client.get(url(agreement_in_force, "criteria")).context["form"].initial["read"]
    client.post(url(agreement_in_force, "criteria"), {"texts": "Satu\nDua", "read": read})
    response = client.post(url(agreement_in_force, "criteria"), {"texts": "Tiga", "read": read})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_the_next_round_is_due_at_the_agreed_interval(agreement_in_force):
    assert assessments.next_due(agreement_in_force, []) == datetime.date(2026, 4, 1)
    Agreement.objects.filter(pk=agreement_in_force.pk).update(assessment_interval_months=6)
    agreement_in_force.refresh_from_db()
    assert assessments.next_due(agreement_in_force, []) == datetime.date(2026, 7, 1)
    assert assessments.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


def test_a_party_owing_its_card_sees_it_on_the_dashboard(client, round_one, gita, chair, fiona):
    login(client, gita, chair)
    submit(client, round_one, "group")
    client.cookies["django_language"] = "en"
    titles = [i.title for i in client.get(reverse("core:dashboard")).context["waiting_shown"]]
    assert "Score card to submit: round 1" not in titles
    login(client, fiona)
    titles = [i.title for i in client.get(reverse("core:dashboard")).context["waiting_shown"]]
    assert "Score card to submit: round 1" in titles


@pytest.mark.parametrize("name", ["assessment_open", "round_note"])
def test_writes_are_post_only(as_alice, round_one, name):
    kwargs = {"number": 1} if name == "round_note" else {}
    assert as_alice.get(url(round_one.agreement, name, **kwargs)).status_code == 405


@pytest.mark.parametrize("who", ["bob", "gabe"])
def test_outsiders_get_a_404(client, request, round_one, who):
    user = request.getfixturevalue(who)
    group = getattr(user, "community_group", None)
    login(client, user, group.members.first() if group else None)
    assert client.get(url(round_one.agreement, "round", number=1)).status_code == 404
    assert client.get(url(round_one.agreement, "assessments")).status_code == 404


def test_an_unknown_round_is_a_404(as_alice, round_one):
    assert as_alice.get(url(round_one.agreement, "round", number=9)).status_code == 404


@pytest.mark.parametrize("rounds", [1, 5])
def test_the_pages_run_a_fixed_number_of_queries(
    client, agreement_in_force, fiona_actor, chair_actor, fiona, rounds, assert_queries
):
    for _n in range(rounds):
        r = services.assessment_open(actor=chair_actor, agreement=agreement_in_force)
        for actor in (chair_actor, fiona_actor):
            services.scorecard_save(
                actor=actor, round=r, scores={c.pk: (3, "") for c in r.criteria.all()}, submit=True
            )
    login(client, fiona)
    # session, user, staff; the agreement with its parties, facilitators, approvals, proposed
    # amendments; the rounds, their cards, their scores, their criteria; the criteria in use.
    with assert_queries(12):
        client.get(url(agreement_in_force, "assessments"))
    # the same, without the criteria in use; the corrective actions taken for its findings.
    with assert_queries(12):
        client.get(url(agreement_in_force, "round", number=rounds))


def test_an_ended_agreement_opens_no_round(as_alice, agreement_in_force):
    Agreement.objects.filter(pk=agreement_in_force.pk).update(status="completed")
    assert as_alice.post(url(agreement_in_force, "assessment_open")).status_code == 403
    assert not AssessmentRound.objects.exists()
    assert timezone.localdate()
