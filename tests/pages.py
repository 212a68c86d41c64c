"""The pages each party opens, for tests that pin their cost and for the benchmark (``bench/``).

``agreement_pages(agreement)`` lists every page of one agreement a party reads, with the records
it shows (a meeting, an action, an evaluation, …) picked from the agreement itself;
``overview_pages()`` lists the pages over many agreements (dashboard, lists, portfolio).
"""

from django.urls import reverse

from evaluation.models import Evaluation
from monitoring.models import AssessmentRound, CorrectiveAction
from plans.models import Activity, Indicator, PlanRevision
from records.models import ActivityRecord, Meeting

HTML, FILE, PDF = "html", "file", "pdf"


def agreement_pages(agreement):
    """``[(name, url, kind)]`` of ``agreement``'s pages, kind one of HTML, FILE (an export), PDF."""
    pk = {"pk": agreement.pk}
    revision = (
        PlanRevision.objects.filter(plan__agreement=agreement, status="in_force")
        .select_related("plan")
        .first()
    )
    activity = Activity.objects.in_force(agreement).order_by("start_date", "title").first()
    indicator = Indicator.objects.in_force(agreement).order_by("name").first()
    action = CorrectiveAction.objects.filter(agreement=agreement).order_by("pk").first()
    round_ = AssessmentRound.objects.filter(agreement=agreement).order_by("number").first()
    meeting = Meeting.objects.filter(agreement=agreement, minutes__isnull=False).order_by("held_on").first()
    record = ActivityRecord.objects.filter(agreement=agreement).order_by("pk").first()
    evaluation = Evaluation.objects.filter(agreement=agreement).order_by("pk").first()
    revision_kwargs = {**pk, "cycle": revision.plan.cycle, "number": revision.number}
    meeting_kwargs = {**pk, "meeting_pk": meeting.pk}
    evaluation_kwargs = {**pk, "evaluation_pk": evaluation.pk}
    pages = [
        ("agreement", reverse("core:agreement_detail", kwargs=pk), HTML),
        (
            "agreement version",
            reverse("core:agreement_version", kwargs={**pk, "version": agreement.version}),
            HTML,
        ),
        ("journal", reverse("records:journal", kwargs=pk), HTML),
        ("plan", reverse("plans:overview", kwargs=pk), HTML),
        ("plan revisions", reverse("plans:revisions", kwargs=pk), HTML),
        ("plan revision", reverse("plans:revision", kwargs=revision_kwargs), HTML),
        ("plan activities", reverse("plans:activities", kwargs=revision_kwargs), HTML),
        ("plan print", reverse("plans:print", kwargs=revision_kwargs), HTML),
        ("progress", reverse("monitoring:progress", kwargs=pk), HTML),
        ("progress print", reverse("monitoring:progress_print", kwargs=pk), HTML),
        ("activity", reverse("monitoring:activity", kwargs={**pk, "key": activity.key}), HTML),
        ("new progress entry", reverse("monitoring:entry_create", kwargs={**pk, "key": activity.key}), HTML),
        ("indicators", reverse("monitoring:indicators", kwargs=pk), HTML),
        ("indicator", reverse("monitoring:indicator", kwargs={**pk, "indicator_key": indicator.key}), HTML),
        ("health", reverse("monitoring:health", kwargs=pk), HTML),
        ("deviations", reverse("monitoring:deviations", kwargs=pk), HTML),
        ("corrective actions", reverse("monitoring:actions", kwargs=pk), HTML),
        ("corrective action", reverse("monitoring:action", kwargs={**pk, "action_pk": action.pk}), HTML),
        ("new corrective action", reverse("monitoring:action_create", kwargs=pk), HTML),
        ("assessments", reverse("monitoring:assessments", kwargs=pk), HTML),
        ("assessment round", reverse("monitoring:round", kwargs={**pk, "number": round_.number}), HTML),
        ("meetings", reverse("records:meetings", kwargs=pk), HTML),
        ("meeting", reverse("records:meeting", kwargs=meeting_kwargs), HTML),
        ("minutes print", reverse("records:minutes_print", kwargs=meeting_kwargs), HTML),
        ("activity records", reverse("records:records", kwargs=pk), HTML),
        ("activity record", reverse("records:record", kwargs={**pk, "record_pk": record.pk}), HTML),
        ("evaluations", reverse("evaluation:evaluations", kwargs=pk), HTML),
        ("evaluation", reverse("evaluation:evaluation", kwargs=evaluation_kwargs), HTML),
        ("evaluation report", reverse("evaluation:report", kwargs=evaluation_kwargs), HTML),
        ("plan export", reverse("plans:export", kwargs={**revision_kwargs, "fmt": "xlsx"}), FILE),
        ("progress export", reverse("monitoring:progress_export", kwargs={**pk, "fmt": "xlsx"}), FILE),
        ("agreement PDF", reverse("core:agreement_pdf", kwargs={**pk, "version": agreement.version}), PDF),
        ("plan PDF", reverse("plans:pdf", kwargs=revision_kwargs), PDF),
        ("progress PDF", reverse("monitoring:progress_pdf", kwargs=pk), PDF),
        ("minutes PDF", reverse("records:minutes_pdf", kwargs=meeting_kwargs), PDF),
        ("attendance PDF", reverse("records:attendance_pdf", kwargs=meeting_kwargs), PDF),
        ("evaluation report PDF", reverse("evaluation:report_pdf", kwargs=evaluation_kwargs), PDF),
    ]
    return pages


def overview_pages(staff=True):
    """``[(name, url, kind)]`` of the pages over all of a person's agreements."""
    pages = [
        ("dashboard", reverse("core:dashboard"), HTML),
        ("waiting", reverse("core:waiting"), HTML),
        ("agreements", reverse("core:agreement_list"), HTML),
    ]
    if staff:
        pages += [
            ("groups", reverse("core:group_list"), HTML),
            ("portfolio", reverse("monitoring:portfolio"), HTML),
            ("portfolio, off track", reverse("monitoring:portfolio") + "?health=off_track", HTML),
            ("portfolio export", reverse("monitoring:portfolio_export", kwargs={"fmt": "xlsx"}), FILE),
            ("evaluation portfolio", reverse("evaluation:portfolio"), HTML),
            ("evaluation portfolio PDF", reverse("evaluation:portfolio_pdf"), PDF),
        ]
    return pages
