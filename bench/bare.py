"""The floor every page is measured against: one Django view that returns a few bytes, behind the
project's own settings and middleware (sessions, authentication, CSP, whitenoise), served by
gunicorn exactly as the project is. Settings: ``DJANGO_SETTINGS_MODULE=bench.bare``.
"""

from django.http import HttpResponse
from django.urls import path

from pendampingan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"


def bare(request):
    return HttpResponse(f"ok {request.user.is_authenticated}", content_type="text/plain")


urlpatterns = [path("", bare)]
