import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import deviations
from monitoring.deviations import Deviation, Rule
from pendampingan.models import Agreement, Standing
from tests.conftest import login, make_agreement
from tests.monitoring.conftest import late_in, running

pytestmark = pytest.mark.django_db
PORTFOLIO = reverse("monitoring:portfolio")


def test_the_running_come_first_then_those_not_agreed_then_the_ended(
    as_alice, three, agreement_b, institution_a, group_a, alice, fiona
):
    calm, worried, bad = three
    make_agreement(institution_a, group_a, alice, [fiona], title="Rancangan")
    ended = running(make_agreement(institution_a, group_a, alice, [fiona], title="Awal"))
    Agreement.objects.filter(pk=ended.pk).update(status=Agreement.Status.COMPLETED)
    with deviations.rules.replaced(late_in(worried)):
        rows = as_alice.get(PORTFOLIO).context["rows"]
    assert [(h.agreement.title, h.level) for h in rows] == [
        ("Gawat", "on_track"),
        ("Tenang", "on_track"),
        ("Waspada", "needs_attention"),
        ("Rancangan", "not_running"),
        ("Awal", "ended"),
    ]
    assert agreement_b.title not in [h.agreement.title for h in rows]


def test_a_health_lists_its_agreements_the_most_urgent_first(as_alice, three):
    calm, worried, bad = three
    old = datetime.date.today() - datetime.timedelta(days=60)

    def two_in_bad(snapshot):
        if bad.pk in snapshot.agreements:
            yield Deviation(bad.pk, "old", f"old:{bad.pk}", "group", "Lama", since=old)

    rules = (late_in(worried, bad, since=old), Rule("old", "Lama", two_in_bad))
    with deviations.rules.replaced(*rules):
        rows = as_alice.get(PORTFOLIO, {"health": "off_track"}).context["rows"]
    assert [h.agreement.title for h in rows] == ["Gawat", "Waspada"]


def test_the_health_of_the_page_s_agreements_only_is_counted_and_then_kept(
    as_alice, three, institution_a, group_a, alice, fiona, monkeypatch
):
    from pendampingan import paging

    monkeypatch.setattr(paging, "PER_PAGE", 2)
    make_agreement(institution_a, group_a, alice, [fiona], title="Rancangan")
    looked_at = []

    def spy(snapshot):
        looked_at.append(set(snapshot.agreements))
        return []

    with deviations.rules.replaced(Rule("spy", "Mata-mata", spy)):
        response = as_alice.get(PORTFOLIO, {"page": "2"})
    assert [h.agreement.title for h in response.context["rows"]] == ["Waspada", "Rancangan"]
    # The running one on the page is counted (for each side's waiting items and its health) ...
    assert looked_at and set().union(*looked_at) == {three[1].pk}
    assert "?page=1" in response.content.decode()
    # ... and read as kept the next time, until it changes.
    looked_at.clear()
    with deviations.rules.replaced(Rule("spy", "Mata-mata", spy)):
        as_alice.get(PORTFOLIO, {"page": "2"})
    assert looked_at == []


def test_it_filters_by_health(as_alice, three):
    calm, worried, bad = three
    with deviations.rules.replaced(late_in(worried)):
        rows = as_alice.get(PORTFOLIO, {"health": "needs_attention"}).context["rows"]
    assert [h.agreement.title for h in rows] == ["Waspada"]


def test_an_invalid_filter_says_so_and_lists_nothing(as_alice, three):
    response = as_alice.get(PORTFOLIO, {"health": "bagus", "status": "x"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["filter"].form.errors


def test_a_facilitator_sees_only_the_agreements_assigned(client, three, frank, institution_a, group_a, alice):
    mine = running(make_agreement(institution_a, group_a, alice, [frank], title="Milik Frank"))
    login(client, frank)
    assert [h.agreement for h in client.get(PORTFOLIO).context["rows"]] == [mine]


def test_a_groups_login_is_refused(as_gita):
    assert as_gita.get(PORTFOLIO).status_code == 403


def test_it_is_read_only(as_alice):
    assert as_alice.post(PORTFOLIO).status_code == 405


def test_the_menu_shows_it_to_staff_only(as_alice, client, gita, chair):
    assert PORTFOLIO in as_alice.get(reverse("core:dashboard")).content.decode()
    login(client, gita, chair)
    assert PORTFOLIO not in client.get(reverse("core:agreement_list")).content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_it_runs_a_fixed_number_of_queries(
    as_alice, institution_a, group_a, alice, fiona, size, assert_queries
):
    agreements = [
        running(make_agreement(institution_a, group_a, alice, [fiona], title=f"P{i}")) for i in range(size)
    ]
    with deviations.rules.replaced(late_in(*agreements)):
        as_alice.get(PORTFOLIO)  # counts them: what a change or a new day makes a read do
        # session, user, staff record; how many agreements and the page's keys; which of them to
        # recount (none); its agreements with their kept health, their facilitators, approvals and
        # proposed amendments; the facilitator choices of the filter form.
        with assert_queries(11):
            as_alice.get(PORTFOLIO)


def test_the_health_shown_is_the_one_kept_until_the_agreement_changes(as_alice, three, alice):
    calm, worried, bad = three

    def level_of_bad():
        return {h.agreement.title: h.level for h in as_alice.get(PORTFOLIO).context["rows"]}["Gawat"]

    with deviations.rules.replaced(late_in(bad)):
        assert level_of_bad() == "needs_attention"
    # The rule no longer finds anything; a change to the agreement is what makes it counted again.
    assert level_of_bad() == "needs_attention"
    Standing.changed(bad.pk)
    assert level_of_bad() == "on_track"


def test_an_agreement_never_counted_has_its_health_worked_out(as_alice, three, monkeypatch):
    from pendampingan import standing

    calm, worried, bad = three
    monkeypatch.setattr(standing, "RECOUNT_ON_READ", 0)
    with deviations.rules.replaced(late_in(bad)):
        rows = as_alice.get(PORTFOLIO).context["rows"]
    assert not Standing.objects.exists()
    assert {h.agreement.title: h.level for h in rows} == {
        "Gawat": "needs_attention",
        "Tenang": "on_track",
        "Waspada": "on_track",
    }


def test_the_kept_reasons_are_read_in_the_reader_s_language(as_alice, three, settings):
    calm, worried, bad = three
    old = datetime.date.today() - datetime.timedelta(days=60)

    def forgotten(snapshot):
        yield Deviation(bad.pk, "forgotten", "forgotten:1", "group", "Terlupakan", since=old)

    with deviations.rules.replaced(late_in(bad), Rule("forgotten", "Terlupakan", forgotten)):
        as_alice.get(PORTFOLIO)
        as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = as_alice.get(PORTFOLIO).content.decode()
    assert "Terlupakan: 1 without any corrective action for more than 30 days" in html
    assert "(+1 more)" in html


def test_each_agreement_is_one_line_with_its_most_urgent_reason_only(as_alice, three):
    calm, worried, bad = three
    old = datetime.date.today() - datetime.timedelta(days=60)

    def forgotten(snapshot):
        yield Deviation(bad.pk, "forgotten", "forgotten:1", "group", "Lama", since=old)

    with deviations.rules.replaced(late_in(bad), Rule("forgotten", "Terlupakan", forgotten)):
        html = as_alice.get(PORTFOLIO).content.decode()
    row = next(r for r in html.split("<tr>") if ">Gawat<" in r)
    assert "Terlupakan: 1 tanpa tindak lanjut lebih dari 30 hari" in row and "(+1 lainnya)" in row
    assert "Kegiatan terlambat" not in html
    assert html.count("Terlupakan") == 2  # the cell and its hover text


def test_the_real_rules_run_as_many_queries_for_ten_agreements_as_for_one(
    as_alice, institution_a, group_a, alice, fiona
):
    counts = []
    for size in (1, 10):
        while Agreement.objects.filter(title__startswith="Berjalan").count() < size:
            running(make_agreement(institution_a, group_a, alice, [fiona], title=f"Berjalan {size}"))
        as_alice.get(PORTFOLIO)  # counts the new ones
        with CaptureQueriesContext(connection) as queries:
            as_alice.get(PORTFOLIO)
        counts.append(len(queries))
    assert counts[0] == counts[1]
