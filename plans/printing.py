"""How a plan revision is printed: from the revision's own rows, never from a request."""

from django.utils import timezone

from pendampingan import verification
from plans.content import revision_context


def revision_printed(revision, version):
    """(template, context, filename) of ``revision``; registered as its printer.

    An approved revision's rows no longer change, and its paper is dated by its approval,
    so it reads the same whenever it is drawn; a draft is marked "not yet approved".
    """
    verified = verification.printed(revision, version)
    context = {
        **revision_context(revision, today=None if verified else timezone.localdate(), states=False),
        "verified": verified,
        "printed_at": timezone.now(),
    }
    filename = f"{revision.plan.agreement.title} {revision.plan.cycle}-{revision.number}"
    return "plans/plan_print.html", context, filename
