from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from monitoring import assessments, exports, health
from monitoring.access import MonitoringAccess
from monitoring.health import Health
from pendampingan import paging


@login_required
@require_GET
def agreement_health(request, pk):
    monitoring_access = MonitoringAccess.for_actor(request.actor, pk)
    agreement = monitoring_access.agreement
    found = health.health_of([agreement], timezone.localdate())[agreement.pk]
    rounds = list(agreement.assessment_rounds.prefetch_related("scorecards"))
    context = {
        "access": monitoring_access,
        "agreement": agreement,
        "health": found,
        "unanswered_days": health.UNANSWERED_DAYS,
        "latest_round": rounds[-1] if rounds else None,
        "next_round_due": assessments.next_due(agreement, rounds),
    }
    return render(request, "monitoring/health.html", context)


def _portfolio(request):
    """The agreements of the portfolio the request's filters ask for and the filters
    (``exports.asked_portfolio``)."""
    return exports.asked_portfolio(request.actor, request.GET)


@login_required
@require_GET
def portfolio(request):
    found, filterset = _portfolio(request)
    page = health.portfolio_page(found, request.GET.get("page"), filterset.level)
    asked = paging.without_page(request.GET)
    context = {
        "filter": filterset,
        "rows": page.object_list,
        "page": page,
        "query": asked.urlencode(),
        "levels": [Health.OFF_TRACK, Health.NEEDS_ATTENTION],
        "export_formats": [("xlsx", "Excel (.xlsx)"), ("csv", "CSV")],
        "unanswered_days": health.UNANSWERED_DAYS,
    }
    return render(request, "monitoring/portfolio.html", context)


@login_required
@require_GET
def portfolio_export(request, fmt):
    """The portfolio as the filters show it, every agreement of it on one sheet, streamed."""
    found, filterset = _portfolio(request)
    title = exports.portfolio_title(request.actor)
    return exports.portfolio(health.portfolio_rows(found, filterset.level), fmt, title)
