"""The village box suggests Kemendagri villages as one types, under the site's CSP."""

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_village_box_suggests_villages(live_server, strict_phone):
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    page = strict_phone
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "koordinator")
    page.fill("#id_password", "pendampingan-demo")
    page.click("form button.btn-success")
    page.goto(live_server.url + "/groups/new/")
    page.fill("#id_name", "Kelompok Wanita Tani Melati")
    page.select_option("#id_kind", "women")
    page.type("#id_region", "Canduk", delay=30)
    page.wait_for_selector("#id_region-options option", state="attached")
    suggestion = page.eval_on_selector("#id_region-options option", "o => o.value")
    assert suggestion == "Canduk, Lumbir, Kabupaten Banyumas, Jawa Tengah (33.02.01.2002)"
    page.fill("#id_region", suggestion)
    page.click("form button.btn-success")
    assert "/groups/" in page.url and "/new/" not in page.url
    assert "Canduk, Lumbir" in page.inner_text("main")
    assert page.console_errors == []
