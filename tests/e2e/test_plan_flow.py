"""The joint plan on a phone: the group changes the proposed revision, both approve it."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from plans.models import PlanRevision

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def log_in(page, live_server, username):
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pendampingan-demo")
    page.click("form button.btn-success")
    if "/acting-as/" in page.url:
        page.check("input[name=officer] >> nth=0")
        page.click("form button.btn-success")


def test_the_group_changes_the_proposed_revision_and_both_approve(demo, live_server, phone):
    draft = PlanRevision.objects.get(
        status="draft", plan__cycle=1, plan__agreement__group__account__username="kelompok"
    )
    base = live_server.url + draft.url()

    log_in(phone, live_server, "kelompok")
    phone.goto(live_server.url + "/")
    phone.click(f"a[href='{draft.url()}']")
    assert phone.url == base

    # The group adds its own commitment: a change that asks the institution to approve again.
    phone.goto(base + "commitment/new/")
    phone.fill("#id_text", "Bendahara melaporkan kas rumah kompos setiap pertemuan rutin.")
    phone.click("form button.btn-success")
    assert phone.url == base
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.approval_by("institution", 2) is None

    phone.click("form[action$='/approve/'] button")
    draft.refresh_from_db()
    assert draft.approval_by("group", 2).officer is not None
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.click("form[action='/logout/'] button")
    log_in(phone, live_server, "koordinator")
    phone.goto(base)
    phone.click("form[action$='/approve/'] button")
    draft.refresh_from_db()
    assert draft.status == PlanRevision.Status.IN_FORCE
    assert "Bendahara melaporkan kas" in phone.inner_text("main")


def test_two_people_editing_one_activity_never_lose_a_change(demo, live_server, browser):
    """The facilitator and the group open the same activity; the second save shows what changed meanwhile."""
    draft = PlanRevision.objects.get(
        status="draft", plan__cycle=1, plan__agreement__group__account__username="kelompok"
    )
    activity = draft.activities.order_by("start_date").first()
    edit = live_server.url + draft.url("item_edit", kind="activity", item_pk=activity.pk)
    pages = []
    for username in ("pendamping", "kelompok"):
        context = browser.new_context(viewport={"width": 390, "height": 800})
        page = context.new_page()
        log_in(page, live_server, username)
        page.goto(edit)
        pages.append(page)
    facilitator, group = pages

    facilitator.fill("#id_place", "Balai Desa Cirahab")
    facilitator.click("form button.btn-success")
    group.fill("#id_budget_group", "650000")
    group.click("form button.btn-success")

    # The group's page is still the form: its number is kept, the facilitator's change is shown.
    assert group.input_value("#id_budget_group") == "650.000"  # kept, shown grouped
    assert "Balai Desa Cirahab" in group.inner_text(".alert-warning")
    activity.refresh_from_db()
    assert (activity.place, activity.budget_group) == ("Balai Desa Cirahab", activity.budget_group)
    group.click("form button.btn-success")
    activity.refresh_from_db()
    assert (activity.place, activity.budget_group) == ("Balai Desa Cirahab", 650_000)
    for page in pages:
        page.context.close()
