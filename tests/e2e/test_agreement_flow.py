"""The foundation's promise, in a real browser on a phone-sized screen."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from pendampingan.models import Agreement

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pendampingan-demo"


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def log_in(page, live_server, username):
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button.btn-success")


def log_out(page):
    page.click("text=Keluar")


def test_each_party_sees_its_own_agreements_and_both_approve(demo, live_server, phone):
    draft = Agreement.objects.get(title__startswith="Penguatan Usaha Olahan Singkong")

    # The other institution's coordinator does not see it, not even by its address.
    log_in(phone, live_server, "koordinator2")
    assert "Penguatan Usaha Olahan Singkong" not in phone.content()
    phone.goto(f"{live_server.url}/agreements/{draft.pk}/")
    assert "Halaman tidak ditemukan" in phone.content()
    log_out(phone)

    # The group's shared login names its officer, then approves.
    log_in(phone, live_server, "kelompok.mawar")
    assert "/acting-as/" in phone.url
    phone.check("text=Endang Susilowati")
    phone.click("form button.btn-success")
    assert "Endang Susilowati" in phone.inner_text(".acting-as")
    phone.goto(f"{live_server.url}/agreements/{draft.pk}/")
    phone.click("form.approve-form button")
    body = phone.inner_text("main")
    assert "Kedua pihak" in body or "kedua pihak" in body
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.AGREED
    group_approval = draft.approvals.get(party="group")
    assert group_approval.officer.name == "Endang Susilowati"

    # The page fits a 360 px screen: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_amendment_waits_for_both_and_the_old_version_stays_readable(demo, live_server, phone):
    agreement = Agreement.objects.get(title__startswith="Pengembangan Usaha Tenun Ikat")
    log_in(phone, live_server, "koordinator2")
    phone.goto(f"{live_server.url}/agreements/{agreement.pk}/amendments/new/")
    phone.fill("#id_reason", "Kelompok menambah pertemuan untuk persiapan pameran.")
    phone.fill("#id_group_commits", "Pertemuan rutin setiap Sabtu pertama dan ketiga.")
    phone.click("form button.btn-success")
    # A proposal, marked line by line; the agreement in force is unchanged.
    assert "Sabtu pertama dan ketiga" in phone.inner_text(".version-diff ins")
    phone.click("form.approve-form button")
    agreement.refresh_from_db()
    assert agreement.version == 1 and "ketiga" not in agreement.group_commits
    log_out(phone)

    log_in(phone, live_server, "kelompok2")
    phone.check("text=Martha Seran")
    phone.click("form button.btn-success")
    phone.goto(f"{live_server.url}/agreements/{agreement.pk}/amendments/1/")
    assert "Menyimpan catatan produksi" in phone.inner_text(".version-diff")
    phone.click("form.approve-form button")
    agreement.refresh_from_db()
    assert (agreement.version, agreement.agreed_version) == (2, 2)
    assert "ketiga" in agreement.group_commits
    phone.goto(f"{live_server.url}/agreements/{agreement.pk}/versions/2/")
    assert "Sabtu pertama dan ketiga" in phone.inner_text(".version-diff")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
