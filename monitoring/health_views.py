from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from monitoring import assessments, exports, health
from monitoring.access import MonitoringAccess
from monitoring.filters import PortfolioFilter
from monitoring.health import Health
from pendampingan import access, paging
from pendampingan.models import Party


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
    """The agreements of the portfolio the request's filters ask for (none if the filters are
    invalid) and the filters (``filterset.level``: the health asked for); for the institution's
    staff only."""
    actor = request.actor
    staff = actor.party == Party.INSTITUTION or actor.role == access.Role.ADMIN
    access.require(access.allowed_if(staff, _("The portfolio is for the institution's staff.")))
    agreements = access.visible_agreements(actor)
    asked = paging.without_page(request.GET)
    filterset = PortfolioFilter(asked or None, queryset=agreements, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    return (agreements.none() if invalid else filterset.qs), filterset


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
        "unanswered_days": health.UNANSWERED_DAYS,
    }
    return render(request, "monitoring/portfolio.html", context)


@login_required
@require_GET
def portfolio_export(request, fmt):
    """The portfolio as the filters show it, every agreement of it on one sheet, streamed."""
    found, filterset = _portfolio(request)
    institution = request.actor.institution
    title = _("Portfolio")
    if institution is not None:
        title = _("Portfolio of %(institution)s") % {"institution": institution.name}
    return exports.portfolio(health.portfolio_rows(found, filterset.level), fmt, title)
