"""What a proxy or a load balancer asks each app server before sending it visitors."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pendampingan import health_check


@never_cache
@require_safe
def health(request):
    """200 when this server can reach its database, its files and its job queue; 503 when not.
    Open to anyone: it tells how the server is, nothing of the data."""
    report = health_check.run()
    response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
    # The failed check logged why; Django's own line for a 503 would repeat it at each probe,
    # every few seconds, and mail it to the ADMINS each time.
    response._has_been_logged = True
    return response
