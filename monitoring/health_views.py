from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from monitoring import assessments, health
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


@login_required
@require_GET
def portfolio(request):
    actor = request.actor
    staff = actor.party == Party.INSTITUTION or actor.role == access.Role.ADMIN
    access.require(access.allowed_if(staff, _("The portfolio is for the institution's staff.")))
    agreements = access.visible_agreements(request.actor)
    asked = paging.without_page(request.GET)
    filterset = PortfolioFilter(asked or None, queryset=agreements, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    found = agreements.none() if invalid else filterset.qs
    page = health.portfolio_page(found, request.GET.get("page"), timezone.localdate(), filterset.level)
    context = {
        "filter": filterset,
        "rows": page.object_list,
        "page": page,
        "query": asked.urlencode(),
        "levels": [Health.OFF_TRACK, Health.NEEDS_ATTENTION],
        "unanswered_days": health.UNANSWERED_DAYS,
    }
    return render(request, "monitoring/portfolio.html", context)
