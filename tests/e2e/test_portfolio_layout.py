"""A coordinator's ten agreements fit one laptop screen in the portfolio: one line each."""

import datetime

import pytest

from monitoring import deviations
from monitoring.deviations import Deviation, Rule
from pendampingan.models import Agreement
from tests.conftest import PASSWORD, make_agreement

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 768}


def worries(snapshot):
    """Several kinds of deviation in every other agreement, some long left without an action."""
    old = datetime.date.today() - datetime.timedelta(days=60)
    for n, pk in enumerate(snapshot.agreements):
        if n % 2:
            yield Deviation(pk, "late", f"late:{pk}", "group", "Pelatihan pembukuan terlambat", since=old)
            yield Deviation(pk, "spent", f"spent:{pk}", "institution", "Belanja melebihi rencana")


def test_ten_agreements_fit_one_laptop_screen_one_line_each(
    browser, live_server, institution_a, group_a, alice, fiona
):
    for n in range(10):
        agreement = make_agreement(
            institution_a,
            group_a,
            alice,
            [fiona],
            title=f"Pendampingan Pemberdayaan Ekonomi dan Kelembagaan Kelompok Tani Maju Sejahtera {n + 1}",
        )
        Agreement.objects.filter(pk=agreement.pk).update(agreed_version=1, status=Agreement.Status.ACTIVE)
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("form button.btn-success")
    rules = (
        Rule("late", "Kegiatan terlambat", worries),
        Rule("spent", "Belanja melebihi rencana", lambda s: []),
    )
    with deviations.rules.replaced(*rules):
        page.goto(live_server.url + "/portfolio/")
        rows = page.evaluate(
            """() => [...document.querySelectorAll("tbody tr")].map((row) => {
                 const box = row.getBoundingClientRect();
                 return {bottom: box.bottom, height: box.height,
                         line: parseFloat(getComputedStyle(row.cells[1]).lineHeight)};
               })"""
        )
    context.close()
    assert len(rows) == 10
    assert all(row["height"] < 2 * row["line"] for row in rows), rows
    assert rows[-1]["bottom"] <= LAPTOP["height"]
