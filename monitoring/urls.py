from django.urls import path

import plans.urls  # noqa: F401  (registers the <fmt:…> converter the export uses)
from monitoring import action_views, assessment_views, deviation_views, health_views, views

app_name = "monitoring"
progress = "agreements/<int:pk>/progress/"
indicators = "agreements/<int:pk>/indicators/"
deviations = "agreements/<int:pk>/deviations/"
actions = "agreements/<int:pk>/actions/"
assessments = "agreements/<int:pk>/assessments/"
urlpatterns = [
    path(progress, views.progress, name="progress"),
    path(progress + "export.<fmt:fmt>", views.progress_export, name="progress_export"),
    path(progress + "print/", views.progress_print, name="progress_print"),
    path(progress + "print.pdf", views.progress_pdf, name="progress_pdf"),
    path(progress + "<uuid:key>/", views.activity, name="activity"),
    path(progress + "<uuid:key>/new/", views.entry_create, name="entry_create"),
    path(progress + "entries/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
    path(indicators, views.indicators, name="indicators"),
    path(indicators + "<uuid:indicator_key>/", views.indicator, name="indicator"),
    path(indicators + "<uuid:indicator_key>/new/", views.value_create, name="value_create"),
    path(indicators + "values/<int:value_pk>/edit/", views.value_edit, name="value_edit"),
    path("agreements/<int:pk>/health/", health_views.agreement_health, name="health"),
    path("portfolio/", health_views.portfolio, name="portfolio"),
    path("portfolio/export.<fmt:fmt>", health_views.portfolio_export, name="portfolio_export"),
    path(deviations, deviation_views.deviation_list, name="deviations"),
    path(deviations + "report/", deviation_views.report_create, name="report_create"),
    path(deviations + "reported/<int:reported_pk>/", deviation_views.report_detail, name="report"),
    path(deviations + "reported/<int:reported_pk>/edit/", deviation_views.report_edit, name="report_edit"),
    path(
        deviations + "reported/<int:reported_pk>/withdraw/",
        deviation_views.report_withdraw,
        name="report_withdraw",
    ),
    path(actions, action_views.action_list, name="actions"),
    path(actions + "new/", action_views.action_create, name="action_create"),
    path(actions + "<int:action_pk>/", action_views.action_detail, name="action"),
    path(actions + "<int:action_pk>/edit/", action_views.action_edit, name="action_edit"),
    path(actions + "<int:action_pk>/done/", action_views.action_done, name="action_done"),
    path(actions + "<int:action_pk>/confirm/", action_views.action_confirm, name="action_confirm"),
    path(actions + "<int:action_pk>/reopen/", action_views.action_reopen, name="action_reopen"),
    path(assessments, assessment_views.assessment_list, name="assessments"),
    path(assessments + "open/", assessment_views.assessment_open, name="assessment_open"),
    path(assessments + "criteria/", assessment_views.criteria_edit, name="criteria"),
    path(assessments + "<int:number>/", assessment_views.round_detail, name="round"),
    path(assessments + "<int:number>/card/", assessment_views.scorecard_edit, name="scorecard_edit"),
    path(assessments + "<int:number>/discussion/", assessment_views.round_note, name="round_note"),
    path("agreements/<int:pk>/evidence/<int:evidence_pk>/", views.evidence, name="evidence"),
]
