from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from monitoring import assessments, health
from monitoring.access import MonitoringAccess
from monitoring.filters import PortfolioFilter
from pendampingan import access
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
    filterset = PortfolioFilter(request.GET or None, queryset=agreements, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    rows = []
    if not invalid:
        found = health.health_of(filterset.qs.with_parties(), timezone.localdate()).values()
        rows = health.worst_first(h for h in found if filterset.keeps(h))
    context = {"filter": filterset, "rows": rows, "unanswered_days": health.UNANSWERED_DAYS}
    return render(request, "monitoring/portfolio.html", context)
