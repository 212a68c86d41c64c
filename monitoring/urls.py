from django.urls import path

from monitoring import health_views, views

app_name = "monitoring"
progress = "agreements/<int:pk>/progress/"
indicators = "agreements/<int:pk>/indicators/"
urlpatterns = [
    path(progress, views.progress, name="progress"),
    path(progress + "<uuid:key>/", views.activity, name="activity"),
    path(progress + "<uuid:key>/new/", views.entry_create, name="entry_create"),
    path(progress + "entries/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
    path(indicators, views.indicators, name="indicators"),
    path(indicators + "<uuid:indicator_key>/", views.indicator, name="indicator"),
    path(indicators + "<uuid:indicator_key>/new/", views.value_create, name="value_create"),
    path(indicators + "values/<int:value_pk>/edit/", views.value_edit, name="value_edit"),
    path("agreements/<int:pk>/health/", health_views.agreement_health, name="health"),
    path("portfolio/", health_views.portfolio, name="portfolio"),
]
