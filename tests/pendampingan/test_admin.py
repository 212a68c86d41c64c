"""The admin shows approved content and its approvals, but changes them only through the app."""

import pytest
from django.contrib import admin
from django.core.management import call_command

from pendampingan import services
from pendampingan.models import Agreement, AgreementAmendment, Approval, Institution, Member
from tests.conftest import admin_url, approve, group_actor, institution_actor, posted_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(agreement, alice, group_a, chair):
    approve(agreement, institution_actor(alice))
    approve(agreement, group_actor(group_a, chair))
    return agreement


def test_it_keeps_an_agreed_agreement_as_agreed(as_root, agreed):
    url = admin_url(Agreement, "change", agreed.pk)
    response = as_root.post(url, posted_back(as_root.get(url), purpose="Tujuan lain."))
    assert response.status_code == 403
    agreed.refresh_from_db()
    assert (agreed.purpose, agreed.version, agreed.agreed_version) == ("Meningkatkan hasil panen.", 1, 1)
    assert agreed.version_snapshot(1).purpose == "Meningkatkan hasil panen."


def test_it_says_where_an_agreement_is_changed(as_root, agreed):
    as_root.cookies["django_language"] = "en"
    response = as_root.get(admin_url(Agreement, "change", agreed.pk))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert b"Changed only in the application" in response.content


def test_it_adds_no_approval(as_root, agreement, alice):
    url = admin_url(Approval, "add")
    assert as_root.get(url).status_code == 403
    response = as_root.post(url, {"version": 1, "party": "institution", "user": alice.pk})
    assert response.status_code == 403
    assert not Approval.objects.exists()


def test_it_deletes_no_approval(as_root, agreed):
    approval = agreed.approvals.first()
    response = as_root.post(admin_url(Approval, "delete", approval.pk), {"post": "yes"})
    assert response.status_code == 403
    assert agreed.approvals.count() == 2


def test_it_deletes_no_agreement(as_root, agreed):
    response = as_root.post(admin_url(Agreement, "delete", agreed.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Agreement.objects.filter(pk=agreed.pk).exists()


def test_it_reverts_no_agreement_from_its_history(as_root, agreed):
    first = agreed.history.earliest("history_date")
    url = admin_url(Agreement, "simple_history", agreed.pk, first.history_id)
    response = as_root.get(url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert as_root.post(url, posted_back(response)).status_code == 403
    agreed.refresh_from_db()
    assert (agreed.status, agreed.agreed_version) == (Agreement.Status.AGREED, 1)


def test_it_reverts_no_institution_from_its_history(as_root, institution_a):
    first = institution_a.history.get()
    institution_a.name = "Lembaga Baru"
    institution_a.save()
    url = admin_url(Institution, "simple_history", institution_a.pk, first.history_id)
    response = as_root.get(url)
    assert response.status_code == 200
    assert as_root.post(url, posted_back(response)).status_code == 403
    institution_a.refresh_from_db()
    assert institution_a.name == "Lembaga Baru"


@pytest.mark.parametrize("fixture", ["institution_a", "group_a"])
def test_it_refuses_to_delete_a_party_to_an_agreement(as_root, request, agreement, fixture):
    party = request.getfixturevalue(fixture)
    url = admin_url(type(party), "delete", party.pk)
    assert as_root.get(url).context["protected"]
    response = as_root.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert type(party).objects.filter(pk=party.pk).exists()


def test_it_refuses_to_delete_an_officer_who_approved(as_root, agreed, chair):
    response = as_root.post(admin_url(Member, "delete", chair.pk), {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert Member.objects.filter(pk=chair.pk).exists()


def test_it_refuses_to_delete_an_officer_who_approved_from_the_group_page(as_root, agreed, group_a, chair):
    url = admin_url(type(group_a), "change", group_a.pk)
    data = posted_back(as_root.get(url))
    row = next(key for key, value in data.items() if key.endswith("-id") and value == chair.pk)
    response = as_root.post(url, {**data, row.replace("-id", "-DELETE"): "on"})
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors
    assert Member.objects.filter(pk=chair.pk).exists()


def test_it_still_edits_an_institution(as_root, institution_a):
    url = admin_url(Institution, "change", institution_a.pk)
    response = as_root.post(url, posted_back(as_root.get(url), name="Lembaga Sejahtera Baru"))
    assert response.status_code == 302
    institution_a.refresh_from_db()
    assert institution_a.name == "Lembaga Sejahtera Baru"


def core_lists():
    """Every list of the admin but the plans' (tests/plans/test_admin.py pins those)."""
    return [model for model in admin.site._registry if model._meta.app_label != "plans"]


# Each list's queries, however many rows: the session and the user, the count (twice: filtered and in
# all), the rows with what their columns show, and the choices of each filter by a related row.
# The approvals add one query per kind of thing approved: agreements and amendments in the core's
# demo (tests/plans/test_admin.py lists them with every pillar's).
CORE_LIST_QUERIES = {
    "auth.group": 5,
    "auth.user": 6,
    "axes.accessattempt": 8,
    "axes.accesslog": 8,
    "axes.accessfailurelog": 8,
    "pendampingan.institution": 5,
    "pendampingan.staff": 6,
    "pendampingan.communitygroup": 6,
    "pendampingan.member": 5,
    "pendampingan.agreement": 6,
    "pendampingan.agreementamendment": 5,
    "pendampingan.approval": 8,
    "pendampingan.journalevent": 6,
    # The queue's jobs (django-tasks-db's own admin): where a job that failed for good shows its error.
    "django_tasks_database.dbtaskresult": 7,
}


def test_it_lists_every_model_in_a_fixed_number_of_queries(as_root, assert_queries, settings, request):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert {model._meta.label_lower for model in core_lists()} == set(CORE_LIST_QUERIES)
    shown = {}
    for more in (False, True):
        if more:
            agreed = request.getfixturevalue("agreed")
            services.amendment_propose(
                actor=institution_actor(request.getfixturevalue("alice")),
                agreement=agreed,
                reason="Kelompok meminta pendampingan tambahan.",
                **{**agreed.content(), "purpose": "Tujuan baru."},
            )
        for model in core_lists():
            with assert_queries(CORE_LIST_QUERIES[model._meta.label_lower]):
                response = as_root.get(admin_url(model, "changelist"))
            shown[model, more] = response.context["cl"].result_count
    grown = (Institution, Member, Agreement, AgreementAmendment, Approval)
    assert all(shown[model, True] > shown[model, False] for model in grown)
