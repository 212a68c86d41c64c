"""The coordinator's evaluation report of many agreements: on screen a page of it, on paper all of
it, drawn by a job when asked for (``pendampingan.prepared``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import portfolio, report
from pendampingan import access, paging, pdf
from pendampingan.access import Role
from pendampingan.models import Agreement


def allowed(actor):
    """The institution's coordinators and facilitators see the report."""
    return actor.role in {Role.COORDINATOR, Role.FACILITATOR}


def context(actor, query, *, paged):
    """The report's context for ``actor`` with the filters ``query`` (a QueryDict): a page of its
    rows (``paged``, the page ``query`` names), or all of them."""
    access.require(
        access.allowed_if(allowed(actor), _("The portfolio report is for the institution's staff."))
    )
    today = timezone.localdate()
    start, end = portfolio.default_period(today)
    asked = paging.without_page(query)
    form = portfolio.PeriodForm(asked or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    agreements = portfolio.running(
        access.visible_agreements(actor)
        .exclude(status=Agreement.Status.DRAFT)
        .select_related("institution", "group")
        .prefetch_related("facilitators"),
        start,
        end,
    )
    if paged:
        page = paging.page_of(agreements, query.get("page"))
        found = portfolio.rows(page.object_list, start, end, first=page.start_index())
        count = page.paginator.count
    else:
        page = None
        found = portfolio.rows(agreements, start, end)
        count = len(found)
    return {
        "form": form,
        "start": start,
        "end": end,
        "rows": found,
        "count": count,
        "page": page,
        "query": asked.urlencode(),
        "chart": report.portfolio_chart(found),
        "printed_at": timezone.now(),
        "institution": actor.institution,
    }


def title(actor):
    return _("Portfolio report")


def name(found):
    return _("portfolio %(start)s %(end)s") % {
        "start": found["start"].isoformat(),
        "end": found["end"].isoformat(),
    }


def make(actor, query, fmt, file, progress):
    """The whole report as a PDF written to ``file``, as a job draws it; its file name."""
    found = context(actor, query, paged=False)
    progress(0, found["count"])
    file.write(pdf.draw("evaluation/portfolio.html", found))
    progress(found["count"], found["count"])
    return pdf.file_name(name(found))
