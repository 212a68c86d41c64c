"""One page of every kind that the demo reaches, rendered by the Django test client for each role.

Shared by the checks that look at every page's HTML (validity, weight). A page is rendered for every
role that may open it; a path no role can open is a mistake in this list, not a page to skip.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from evaluation.models import Evaluation
from monitoring.models import (
    ActivityProgress,
    AssessmentRound,
    CorrectiveAction,
    IndicatorValue,
    ReportedDeviation,
)
from pendampingan.access import OFFICER_SESSION_KEY
from pendampingan.demo_kit import AGREEMENT
from pendampingan.models import Agreement, CommunityGroup, Verification
from plans.models import PlanRevision
from records.models import ActivityRecord, Meeting, Minutes

ROLES = ["koordinator", "pendamping", "kelompok"]
# A verification code nobody issued: its "not found" page is a page of its own.
UNKNOWN_CODE = "/v/AAAA-BBBB-CCCC-DDDD/"


@dataclass
class Page:
    role: str
    path: str
    html: str


def _logged_in_paths():
    agreement = Agreement.objects.select_related("group", "institution").get(title=AGREEMENT)
    a = f"/agreements/{agreement.pk}"
    group, institution = agreement.group, agreement.institution
    in_force = PlanRevision.objects.get(plan__agreement=agreement, plan__cycle=1, status="in_force")
    draft = PlanRevision.objects.get(plan__agreement=agreement, plan__cycle=1, status="draft")
    next_cycle = PlanRevision.objects.get(plan__agreement=agreement, plan__cycle=2)
    revisions = [f"{a}/plan/{r.plan.cycle}/revisions/{r.number}" for r in (in_force, draft, next_cycle)]
    draft_path = revisions[1]
    activity = draft.activities.order_by("start_date").first()
    indicator = draft.indicators.first()
    entry = ActivityProgress.objects.filter(agreement=agreement).first()
    value = IndicatorValue.objects.filter(agreement=agreement).first()
    reported = ReportedDeviation.objects.filter(agreement=agreement).first()
    action = CorrectiveAction.objects.filter(agreement=agreement, status="open").first()
    rounds = list(
        AssessmentRound.objects.filter(agreement=agreement)
        .order_by("number")
        .values_list("number", flat=True)
    )
    meeting = (
        Minutes.objects.filter(agreement_id=agreement.pk, confirmed_version=1, version=2).get().meeting_id
    )
    planned = Meeting.objects.filter(agreement=agreement, status="planned").first().pk
    record = ActivityRecord.objects.filter(agreement=agreement).first()
    member = group.members.first()
    staff = institution.staff.filter(user__is_active=True).exclude(role="coordinator").first()
    return [
        "/",
        "/acting-as/",
        "/password/",
        "/password/done/",
        "/portfolio/",
        "/reports/portfolio/",
        "/agreements/",
        "/agreements/new/",
        f"{a}/",
        f"{a}/edit/",
        f"{a}/end/",
        f"{a}/amendments/1/",
        f"{a}/amendments/2/",
        f"{a}/amendments/2/edit/",
        f"{a}/amendments/2/withdraw/",
        f"{a}/versions/1/",
        f"{a}/versions/2/?compare=1",
        f"{a}/versions/2/print/",
        "/groups/",
        "/groups/new/",
        f"/groups/{group.pk}/",
        f"/groups/{group.pk}/edit/",
        f"/groups/{group.pk}/delete/",
        f"/groups/{group.pk}/account/",
        f"/groups/{group.pk}/members/new/",
        f"/groups/{group.pk}/members/{member.pk}/edit/",
        f"/institutions/{institution.pk}/",
        f"/institutions/{institution.pk}/edit/",
        f"/institutions/{institution.pk}/staff/new/",
        f"/institutions/{institution.pk}/staff/{staff.pk}/deactivate/",
        f"{a}/plan/",
        f"{a}/plan/revisions/",
        *(f"{r}/" for r in revisions),
        *(f"{r}/print/" for r in revisions),
        f"{draft_path}/compare/",
        f"{draft_path}/activities/",
        *(f"{draft_path}/{kind}/new/" for kind in ("stage", "activity", "indicator", "commitment")),
        f"{draft_path}/activity/{activity.pk}/edit/",
        f"{draft_path}/stage/{draft.stages.first().pk}/delete/",
        f"{a}/progress/",
        f"{a}/progress/print/",
        f"{a}/progress/{activity.key}/",
        f"{a}/progress/{activity.key}/new/",
        f"{a}/progress/entries/{entry.pk}/edit/",
        f"{a}/indicators/",
        f"{a}/indicators/{indicator.key}/",
        f"{a}/indicators/{indicator.key}/new/",
        f"{a}/indicators/values/{value.pk}/edit/",
        f"{a}/health/",
        f"{a}/deviations/",
        f"{a}/deviations/report/",
        f"{a}/deviations/reported/{reported.pk}/",
        f"{a}/deviations/reported/{reported.pk}/edit/",
        f"{a}/deviations/reported/{reported.pk}/withdraw/",
        f"{a}/actions/",
        f"{a}/actions/new/",
        f"{a}/actions/{action.pk}/",
        f"{a}/actions/{action.pk}/edit/",
        f"{a}/assessments/",
        f"{a}/assessments/criteria/",
        *(f"{a}/assessments/{number}/" for number in rounds),
        f"{a}/assessments/{rounds[1]}/card/",
        f"{a}/meetings/",
        f"{a}/meetings/schedule/",
        f"{a}/meetings/new/",
        f"{a}/meetings/{meeting}/",
        f"{a}/meetings/{meeting}/edit/",
        f"{a}/meetings/{planned}/cancel/",
        f"{a}/meetings/{meeting}/attendance/",
        f"{a}/meetings/{meeting}/minutes/",
        f"{a}/meetings/{meeting}/minutes/print/",
        f"{a}/records/",
        f"{a}/records/new/{activity.key}/",
        f"{a}/records/{record.pk}/",
        f"{a}/records/{record.pk}/edit/",
        f"{a}/journal/",
        f"{a}/evaluations/",
        f"{a}/evaluations/new/",
        *(
            f"{a}/evaluations/{e.pk}/{page}"
            for e in Evaluation.objects.filter(agreement=agreement)
            for page in ("", "report/")
        ),
    ]


def _unfinished_paths():
    """Pages the main agreement's state leaves out: another agreement, with no amendment proposed and
    an evaluation still being written."""
    evaluation = Evaluation.objects.filter(approved_at__isnull=True).select_related("agreement").first()
    a = f"/agreements/{evaluation.agreement_id}"
    return evaluation.agreement.coordinator.username, [
        f"{a}/amendments/new/",
        f"{a}/evaluations/{evaluation.pk}/edit/",
    ]


def _administrator_paths():
    """What only the installation's administrator opens: the institutions using it."""
    return "admin", ["/institutions/", "/institutions/new/"]


def _anonymous_paths():
    user = get_user_model().objects.get(username="pendamping")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return [
        "/login/",
        "/password/reset/",
        "/password/reset/sent/",
        f"/password/reset/{uid}/{default_token_generator.make_token(user)}/",
        f"/password/reset/{uid}/not-a-token/",
        "/password/reset/done/",
        "/v/",
        "/v/?code=ABC",
        f"/v/{Verification.objects.first().code}/",
        UNKNOWN_CODE,
    ]


def _client(username):
    client = Client()
    if username is None:
        return client
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    group = CommunityGroup.objects.filter(account=user).first()
    if group is not None:
        session = client.session
        session[OFFICER_SESSION_KEY] = group.members.get(position="chair").pk
        session.save()
    return client


def _get(client, path):
    # A reset link's first visit keeps its token in the session and sends on to the form.
    response = client.get(path)
    if response.status_code == 302 and "/password/reset/" in path:
        response = client.get(response["Location"])
    return response


def render_all():
    """Seed the demo and render every page for every role that may open it.

    Returns the pages, and the paths that no role could open (with each role's status), which
    should be none."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    pages, refused = [], []
    visits = [
        (None, _anonymous_paths()),
        *((role, _logged_in_paths()) for role in ROLES),
        _unfinished_paths(),
        _administrator_paths(),
    ]
    for username, paths in visits:
        client = _client(username)
        for path in paths:
            response = _get(client, path)
            expected = 404 if path == UNKNOWN_CODE else 200
            if response.status_code == expected and response["Content-Type"].startswith("text/html"):
                pages.append(Page(username or "anonymous", path, response.content.decode()))
            else:
                refused.append((username, path, response.status_code))
    opened = {page.path for page in pages}
    never = sorted({(path, f"{role}:{status}") for role, path, status in refused if path not in opened})
    return pages, never
