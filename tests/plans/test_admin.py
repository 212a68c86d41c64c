"""Every admin page opens, and approved content stays as the parties approved it."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from simple_history.admin import SimpleHistoryAdmin

from pendampingan import services
from pendampingan.models import Agreement, AgreementAmendment, Approval
from plans.models import Activity, Commitment, Indicator, Plan, PlanRevision, Stage
from tests.conftest import admin_url, institution_actor, posted_back

pytestmark = pytest.mark.django_db

APPROVED_CONTENT = [
    Agreement,
    AgreementAmendment,
    Approval,
    Plan,
    PlanRevision,
    Stage,
    Activity,
    Indicator,
    Commitment,
]


@pytest.fixture
def everything(in_force, alice):
    """A plan in force with its approvals, under an agreement with an amendment proposed."""
    agreement = in_force.plan.agreement
    services.amendment_propose(
        actor=institution_actor(alice),
        agreement=agreement,
        reason="Kelompok meminta pendampingan tambahan.",
        **{**agreement.content(), "purpose": "Tujuan baru."},
    )
    return in_force


def test_every_admin_page_opens(as_root, everything):
    for model, model_admin in admin.site._registry.items():
        assert as_root.get(admin_url(model, "changelist")).status_code == 200, model
        assert as_root.get(admin_url(model, "add")).status_code in (200, 403), model
        obj = model.objects.first()
        if obj is None:
            continue
        assert as_root.get(admin_url(model, "change", obj.pk)).status_code == 200, model
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert as_root.get(admin_url(model, "history", obj.pk)).status_code == 200, model
            record = obj.history.earliest("history_date")
            url = admin_url(model, "simple_history", obj.pk, record.history_id)
            assert as_root.get(url).status_code == 200, model


def test_approved_content_has_a_read_only_admin(as_root, everything):
    for model in APPROVED_CONTENT:
        obj = model.objects.first()
        change = admin_url(model, "change", obj.pk)
        assert as_root.get(admin_url(model, "add")).status_code == 403, model
        assert as_root.post(change, posted_back(as_root.get(change))).status_code == 403, model
        assert as_root.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, model
        assert model.objects.filter(pk=obj.pk).exists(), model
        if hasattr(model, "history"):
            record = obj.history.earliest("history_date")
            revert = admin_url(model, "simple_history", obj.pk, record.history_id)
            assert as_root.post(revert, posted_back(as_root.get(revert))).status_code == 403, model


def test_it_keeps_an_activity_in_force_as_approved(as_root, in_force):
    activity = in_force.activities.first()
    url = admin_url(Activity, "change", activity.pk)
    response = as_root.post(url, posted_back(as_root.get(url), title="Kegiatan lain"))
    assert response.status_code == 403
    activity.refresh_from_db()
    in_force.refresh_from_db()
    assert (activity.title, in_force.version) == ("Kegiatan 1.1", 1)


# Each list's queries, however many rows: the session and the user, the count (twice: filtered and in
# all), and the rows with what their columns show. The approvals, listed by the core's admin, add the
# choices of their filter by kind and one query per kind of thing approved: agreements, amendments,
# plan revisions, minutes and evaluations in the whole demo.
LIST_QUERIES = {
    Plan: 5,
    PlanRevision: 5,
    Stage: 5,
    Activity: 5,
    Indicator: 5,
    Commitment: 5,
    Approval: 11,
}


def test_it_lists_every_model_in_a_fixed_number_of_queries(as_root, assert_queries, settings, request):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert {model for model in admin.site._registry if model._meta.app_label == "plans"} < set(LIST_QUERIES)
    shown = {}
    for more in (False, True):
        if more:
            request.getfixturevalue("everything")
        for model, queries in LIST_QUERIES.items():
            with assert_queries(queries):
                response = as_root.get(admin_url(model, "changelist"))
            shown[model, more] = response.context["cl"].result_count
    assert all(shown[model, True] > shown[model, False] for model in LIST_QUERIES)
