"""The portfolio exported as a job: asked for on the portfolio page, made as the person who asked,
watched with its progress, then downloaded by that person only."""

import pytest
from django.urls import reverse

from monitoring import deviations
from pendampingan import prepared
from pendampingan.access import Actor
from pendampingan.models import PreparedFile
from tests.conftest import QUEUED_JOBS, body, login, make_agreement, workbook_of
from tests.monitoring.conftest import late_in, running

pytestmark = pytest.mark.django_db
PORTFOLIO = reverse("monitoring:portfolio")


def ask(client, fmt="xlsx", query=""):
    return client.post(reverse("core:prepared_ask", args=["portfolio", fmt]), {"query": query})


def test_the_portfolio_page_asks_for_the_file_with_its_filters(as_alice, three):
    calm, worried, bad = three
    with deviations.rules.replaced(late_in(worried)):
        html = as_alice.get(PORTFOLIO, {"health": "needs_attention"}).content.decode()
    assert reverse("core:prepared_ask", args=["portfolio", "xlsx"]) in html
    assert 'name="query" value="health=needs_attention"' in html


def test_the_file_is_made_with_the_filters_and_downloaded(as_alice, three):
    calm, worried, bad = three
    with deviations.rules.replaced(late_in(worried)):
        response = ask(as_alice, "xlsx", "health=needs_attention")
    found = PreparedFile.objects.get()
    assert response.url == reverse("core:prepared_file", args=[found.pk])
    assert found.status == PreparedFile.Status.READY and (found.done, found.total) == (1, 1)
    page = as_alice.get(response.url).content.decode()
    assert reverse("core:prepared_download", args=[found.pk]) in page and "http-equiv" not in page
    sheet = workbook_of(as_alice.get(reverse("core:prepared_download", args=[found.pk]))).active
    cells = {value for row in sheet.iter_rows(values_only=True) for value in row}
    assert "Waspada" in cells and "Tenang" not in cells


def test_a_csv_file(as_alice, three):
    ask(as_alice, "csv")
    found = PreparedFile.objects.get()
    text = body(as_alice.get(reverse("core:prepared_download", args=[found.pk]))).decode("utf-8-sig")
    assert "Tenang" in text and "Gawat" in text


def test_while_it_is_made_the_page_shows_its_progress_and_looks_again(as_alice, three, settings):
    settings.TASKS = QUEUED_JOBS
    ask(as_alice)
    found = PreparedFile.objects.get()
    assert found.status == PreparedFile.Status.WAITING
    PreparedFile.objects.filter(pk=found.pk).update(done=500, total=2000)
    page = as_alice.get(reverse("core:prepared_file", args=[found.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "25%" in page and "500" in page
    assert as_alice.get(reverse("core:prepared_download", args=[found.pk])).status_code == 404


def test_asking_twice_while_it_is_made_makes_one_file(as_alice, three, settings):
    settings.TASKS = QUEUED_JOBS
    first, second = ask(as_alice), ask(as_alice)
    assert first.url == second.url and PreparedFile.objects.count() == 1
    ask(as_alice, "csv")
    ask(as_alice, "xlsx", "health=off_track")
    assert PreparedFile.objects.count() == 3


def test_someone_else_s_file_is_not_found(as_alice, three, client, frank, bob):
    ask(as_alice)
    found = PreparedFile.objects.get()
    for other in (frank, bob):
        login(client, other)
        assert client.get(reverse("core:prepared_file", args=[found.pk])).status_code == 404
        assert client.get(reverse("core:prepared_download", args=[found.pk])).status_code == 404


def test_a_group_cannot_ask(as_gita):
    assert ask(as_gita).status_code == 404
    assert not PreparedFile.objects.exists()


def test_an_unknown_kind_or_format_cannot_be_asked_for(as_alice):
    assert as_alice.post(reverse("core:prepared_ask", args=["secrets", "xlsx"])).status_code == 404
    assert ask(as_alice, "pdf").status_code == 404
    assert as_alice.get(reverse("core:prepared_ask", args=["portfolio", "xlsx"])).status_code == 405
    assert not PreparedFile.objects.exists()


def test_the_file_holds_what_the_person_may_see_when_it_is_made(three, frank, institution_a, group_a, alice):
    mine = running(make_agreement(institution_a, group_a, alice, [frank], title="Milik Frank"))
    found = prepared.ask(Actor.of(frank), "portfolio", "", "csv")
    found.refresh_from_db()
    text = found.file.open("rb").read().decode("utf-8-sig")
    assert mine.title in text and "Tenang" not in text


def test_a_file_that_cannot_be_made_says_so_and_can_be_asked_for_again(as_alice, three, monkeypatch):
    from monitoring import exports

    monkeypatch.setattr(exports, "write_xlsx", lambda *args, **kwargs: 1 / 0)
    response = ask(as_alice)
    found = PreparedFile.objects.get()
    assert found.status == PreparedFile.Status.FAILED
    page = as_alice.get(response.url).content.decode()
    assert reverse("core:prepared_ask", args=["portfolio", "xlsx"]) in page
    monkeypatch.undo()
    ask(as_alice)
    assert PreparedFile.objects.filter(status=PreparedFile.Status.READY).count() == 1


def test_hostile_filters_are_refused_by_the_filters_and_nothing_is_exported(as_alice, three):
    ask(as_alice, "csv", "status=<script>&health=x&start_after=31-31-99999")
    found = PreparedFile.objects.get()
    text = body(as_alice.get(reverse("core:prepared_download", args=[found.pk]))).decode("utf-8-sig")
    assert "Tenang" not in text and found.total == 0


def test_the_file_s_page_runs_a_fixed_number_of_queries(as_alice, three, assert_queries):
    for _ in range(3):
        ask(as_alice, "csv")
    found = PreparedFile.objects.first()
    # session, user, staff record; the file; the person's latest files of its kind.
    with assert_queries(5):
        as_alice.get(reverse("core:prepared_file", args=[found.pk]))
