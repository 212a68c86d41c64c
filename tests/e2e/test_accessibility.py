"""axe-core finds no accessibility violation on the main pages, for either party."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from evaluation.models import Evaluation
from monitoring.models import CorrectiveAction
from pendampingan.models import Verification
from plans.models import PlanRevision
from records.models import ActivityRecord, Minutes
from tests.e2e.conftest import AXE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run()).violations.map(v => `${v.id}: ${v.nodes[0].target.join(' ')}`)"
    )


@pytest.mark.parametrize("username", ["kelompok", "koordinator"])
def test_the_main_pages_have_no_violations(demo, live_server, phone, username, axe):
    draft = PlanRevision.objects.get(
        status="draft", plan__cycle=1, plan__agreement__group__account__username="kelompok"
    )
    agreement = draft.plan.agreement_id
    in_force = PlanRevision.objects.get(status="in_force", plan=draft.plan)
    activity_key = in_force.activities.order_by("start_date").first().key
    action = CorrectiveAction.objects.filter(agreement_id=agreement, status="done").first().pk
    revised = Minutes.objects.filter(agreement_id=agreement, confirmed_version=1, version=2).get().meeting_id
    record = ActivityRecord.objects.filter(agreement_id=agreement).first().pk
    evaluation = Evaluation.objects.get(agreement_id=agreement, level="cycle").pk
    code = Verification.objects.first().code
    phone.goto(live_server.url + "/login/")
    assert violations(phone) == []
    phone.fill("#id_username", username)
    phone.fill("#id_password", "pendampingan-demo")
    phone.click("form button.btn-success")
    if "/acting-as/" in phone.url:
        assert violations(phone) == []
        phone.check("input[name=officer] >> nth=0")
        phone.click("form button.btn-success")
    for path in [
        "/",
        "/agreements/",
        f"/agreements/{agreement}/",
        f"/agreements/{agreement}/versions/2/?compare=1",
        f"/agreements/{agreement}/health/",
        f"/agreements/{agreement}/deviations/",
        f"/agreements/{agreement}/deviations/report/",
        f"/agreements/{agreement}/actions/",
        f"/agreements/{agreement}/actions/new/",
        f"/agreements/{agreement}/actions/{action}/",
        f"/agreements/{agreement}/assessments/",
        f"/agreements/{agreement}/assessments/1/",
        f"/agreements/{agreement}/assessments/2/",
        f"/agreements/{agreement}/assessments/criteria/",
        f"/agreements/{agreement}/progress/",
        f"/agreements/{agreement}/progress/{activity_key}/",
        f"/agreements/{agreement}/progress/{activity_key}/new/",
        f"/agreements/{agreement}/amendments/1/",
        f"/agreements/{agreement}/amendments/2/",
        f"/agreements/{agreement}/amendments/2/edit/",
        f"/agreements/{agreement}/plan/{draft.plan.cycle}/revisions/{draft.number}/",
        f"/agreements/{agreement}/plan/{draft.plan.cycle}/revisions/{draft.number}/activities/",
        f"/agreements/{agreement}/plan/{draft.plan.cycle}/revisions/{draft.number}/compare/",
        f"/agreements/{agreement}/plan/{draft.plan.cycle}/revisions/{draft.number}/activity/new/",
        f"/agreements/{agreement}/plan/{draft.plan.cycle}/revisions/{draft.number}/print/",
        f"/agreements/{agreement}/plan/{draft.plan.cycle}/revisions/{draft.number}/stage/"
        f"{draft.stages.first().pk}/delete/",
        f"/agreements/{agreement}/meetings/",
        f"/agreements/{agreement}/meetings/schedule/",
        f"/agreements/{agreement}/meetings/{revised}/",
        f"/agreements/{agreement}/meetings/{revised}/attendance/",
        f"/agreements/{agreement}/meetings/{revised}/minutes/",
        f"/agreements/{agreement}/meetings/{revised}/minutes/print/",
        f"/agreements/{agreement}/records/",
        f"/agreements/{agreement}/records/{record}/",
        f"/agreements/{agreement}/journal/",
        f"/agreements/{agreement}/evaluations/",
        f"/agreements/{agreement}/evaluations/new/",
        f"/agreements/{agreement}/evaluations/{evaluation}/",
        f"/agreements/{agreement}/evaluations/{evaluation}/report/",
        f"/agreements/{agreement}/versions/2/print/",
        f"/agreements/{agreement}/plan/{draft.plan.cycle}/revisions/1/print/",
        f"/v/{code}/",
        "/v/AAAA-BBBB-CCCC-DDDD/",
        "/v/",
        "/v/?code=ABC",
        "/groups/",
        *(["/portfolio/"] if username == "koordinator" else []),
    ]:
        phone.goto(live_server.url + path)
        assert violations(phone) == [], path
