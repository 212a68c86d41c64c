"""How an evaluation report is printed: an approved one from what both parties approved, never
from a request."""

from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import report
from pendampingan import verification
from pendampingan.models import Party


def report_context(evaluation):
    """The report's page and paper: the figures, their charts, the corrective actions, both
    parties' words and approvals."""
    found = report.figures(evaluation)
    return {
        "agreement": evaluation.agreement,
        "evaluation": evaluation,
        "figures": found,
        "charts": report.charts_of(found),
        "problems": report.problems(evaluation, found),
        "institution_approval": evaluation.approval_by(Party.INSTITUTION),
        "group_approval": evaluation.approval_by(Party.GROUP),
        "verified": verification.printed(evaluation, evaluation.version),
        "printed_at": timezone.now(),
    }


def evaluation_printed(evaluation, version):
    """(template, context, filename) of ``evaluation``; registered as its printer."""
    name = _("evaluation %(title)s") % {"title": evaluation.title}
    return "evaluation/report.html", report_context(evaluation), name
