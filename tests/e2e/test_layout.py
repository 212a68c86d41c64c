"""Amounts stay on one line, words break only when they must, and no page scrolls sideways.

Checked on a laptop (1366 px), a phone (390 px) and, for the print view, on paper: a plan
printed in a village office once showed "Penda mping" and "Rp400.0 / 00".
"""

import datetime

import pytest

from pendampingan.models import Agreement
from plans import services
from plans.models import Commitment, Indicator, Lead
from tests.conftest import PASSWORD, approve, group_actor, institution_actor
from tests.plans.conftest import add_activity, add_stage

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date

# Every .money element on one line; every word of six letters or more unbroken
# (none in this plan is wider than the narrowest box it sits in).
MEASURE = """() => {
  const problems = [];
  const money = [...document.querySelectorAll(".money")].filter((el) => el.getClientRects().length);
  for (const el of money) {
    const lines = el.getClientRects().length;
    const tall = el.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(el).fontSize);
    if (lines !== 1 || tall) problems.push(`amount on ${lines} lines: ${el.textContent}`);
  }
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (["SCRIPT", "STYLE", "OPTION"].includes(node.parentElement.tagName)) continue;
    for (const word of node.data.matchAll(/\\p{L}{6,}/gu)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length > 1) problems.push(`word broken: ${word[0]}`);
    }
  }
  return {
    amounts: money.length,
    problems,
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  };
}"""


@pytest.fixture
def plan(agreement, alice, fiona, group_a, chair):
    """An in-force plan written the way a village group writes one, with a large budget."""
    Agreement.objects.filter(pk=agreement.pk).update(
        status=Agreement.Status.ACTIVE,
        agreed_version=1,
        title="Pendampingan Pemberdayaan Ekonomi Kelompok Tani Maju Sejahtera Sidomulyo",
    )
    agreement.refresh_from_db()
    revision = services.plan_create(actor=institution_actor(alice), agreement=agreement)
    stages = [
        ("Penguatan kelembagaan dan pertanggungjawaban keuangan kelompok", D(2026, 1, 1), D(2026, 3, 31)),
        ("Pengembangan usaha pengolahan hasil pertanian berkelanjutan", D(2026, 4, 1), D(2026, 6, 30)),
        ("Pemasaran bersama dan kemitraan dengan koperasi kabupaten", D(2026, 7, 1), D(2026, 12, 31)),
    ]
    # Budgets from the institution, the group (swadaya) and other sources, in thousands of rupiah.
    activities = [
        (1, "Pelatihan pembukuan dan pertanggungjawaban kas kelompok", Lead.JOINT, (2_000, 400, 0)),
        (1, "Penyusunan anggaran dasar dan peraturan kelompok", Lead.GROUP, (400, 150, 0)),
        (2, "Pembangunan rumah kompos kelompok", Lead.INSTITUTION, (4_000_000, 2_500_000, 3_000_000)),
        (2, "Pendampingan sertifikasi pangan industri rumah tangga", Lead.JOINT, (350_000, 125_000, 75_000)),
        (3, "Penjajakan kemitraan pemasaran dengan koperasi kabupaten", Lead.GROUP, (1_500, 750, 250)),
    ]
    stage_objects = {
        order: add_stage(revision, order, start, end, name=name)
        for order, (name, start, end) in enumerate(stages, start=1)
    }
    for order, title, lead, thousands in activities:
        party = {Lead.GROUP: "group", Lead.JOINT: "both", Lead.INSTITUTION: "institution"}[lead]
        activity = add_activity(
            revision,
            stage_objects[order],
            title,
            lead=lead,
            party=party,
            budget=[amount * 1000 for amount in thousands],
            place="Balai Desa Sidomulyo, Kecamatan Karanganyar",
            expected_output="Tersusunnya laporan pertanggungjawaban yang disetujui pengurus dan anggota.",
            member_in_charge=chair if party != "institution" else None,
            facilitator_in_charge=fiona if party == "institution" else None,
        )
        Indicator.objects.create(
            **Indicator.authored_like(revision),
            revision=revision,
            activity=activity,
            name="Anggota yang mempraktikkan pembukuan sederhana",
            unit="orang",
            baseline=3,
            target=25,
            target_date=D(2026, 12, 1),
            means_of_verification="Buku kas kelompok dan daftar hadir pertemuan",
            reporting_party="group",
        )
    for party, text in [
        ("institution", "Mendampingi pertemuan rutin dua kali sebulan dan memeriksa pembukuan kelompok."),
        ("group", "Bendahara melaporkan pertanggungjawaban kas setiap pertemuan rutin anggota."),
    ]:
        Commitment.objects.create(
            **Commitment.authored_like(revision), revision=revision, party=party, text=text
        )
    approve(revision, institution_actor(alice))
    approve(revision, group_actor(group_a, chair))
    return revision


@pytest.fixture
def open_as_alice(browser, live_server, alice):
    """Opens a page of the given width with alice logged in."""
    contexts = []

    def open_page(width):
        contexts.append(browser.new_context(viewport={"width": width, "height": 900}))
        page = contexts[-1].new_page()
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", "alice")
        page.fill("#id_password", PASSWORD)
        page.click("form button.btn-success")
        return page

    yield open_page
    for context in contexts:
        context.close()


def assert_laid_out(page, url):
    page.goto(url)
    result = page.evaluate(MEASURE)
    assert result["amounts"] > 0, url
    assert result["problems"] == [], url
    assert result["scrollWidth"] <= result["width"], url


@pytest.mark.parametrize("width", [1366, 390])
def test_it_keeps_amounts_and_words_whole_on_screen(plan, live_server, open_as_alice, width):
    page = open_as_alice(width)
    base = live_server.url + plan.url()
    for path in ["", "activities/", "print/"]:
        assert_laid_out(page, base + path)


# 718 px is an A4 page less Chromium's default margins.
@pytest.mark.parametrize("width", [1366, 718, 390])
def test_it_keeps_amounts_and_words_whole_on_paper(plan, live_server, open_as_alice, width):
    page = open_as_alice(width)
    page.emulate_media(media="print")
    assert_laid_out(
        page,
        live_server.url + plan.url("print"),
    )
