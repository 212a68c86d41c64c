"""The links between a list's pages fit a phone: no sideways scrolling, each a thumb's size, and axe
finds nothing to fault, on a page of the site and on the portfolio report's print page."""

import pytest

from pendampingan import paging
from pendampingan.models import Agreement
from tests.conftest import PASSWORD, make_agreement

pytestmark = pytest.mark.django_db(transaction=True)

PAGER = """() => {
  const links = [...document.querySelectorAll("nav.pager .page-link")];
  return {
    labels: links.map((link) => link.textContent.trim()),
    current: document.querySelector("nav.pager [aria-current=page]").textContent,
    smallest: Math.min(...links.map((link) => link.getBoundingClientRect().height)),
    narrowest: Math.min(...links.map((link) => link.getBoundingClientRect().width)),
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  };
}"""


def violations(page, axe):
    page.add_script_tag(path=str(axe))
    return page.evaluate(
        "async () => (await axe.run()).violations.map(v => `${v.id}: ${v.nodes[0].target.join(' ')}`)"
    )


@pytest.mark.parametrize("path", ["/agreements/", "/reports/portfolio/?start=2026-01-01&end=2026-12-31"])
def test_the_page_links_fit_a_phone(
    live_server, phone, axe, institution_a, group_a, alice, fiona, monkeypatch, path
):
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    for n in range(30):
        agreement = make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n:02}")
        Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ACTIVE, agreed_version=1)
    phone.goto(live_server.url + "/login/")
    phone.fill("#id_username", "alice")
    phone.fill("#id_password", PASSWORD)
    phone.click("form button.btn-success")
    phone.goto(live_server.url + path + ("&" if "?" in path else "?") + "page=8")
    found = phone.evaluate(PAGER)
    assert found["labels"] == ["← Sebelumnya", "1", "…", "7", "8", "9", "…", "15", "Berikutnya →"]
    assert found["current"] == "8"
    assert found["scrollWidth"] <= found["width"], found
    assert found["smallest"] >= 44 and found["narrowest"] >= 44, found
    assert violations(phone, axe) == []
    phone.click("nav.pager >> text=9")
    assert phone.evaluate(PAGER)["current"] == "9" and "page=9" in phone.url
