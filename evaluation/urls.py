from django.urls import path

from evaluation import views

app_name = "evaluation"
evaluations = "agreements/<int:pk>/evaluations/"
urlpatterns = [
    path("reports/portfolio/", views.portfolio_report, name="portfolio"),
    path("reports/portfolio.pdf", views.portfolio_pdf, name="portfolio_pdf"),
    path(evaluations, views.evaluation_list, name="evaluations"),
    path(evaluations + "new/", views.evaluation_start, name="start"),
    path(evaluations + "<int:evaluation_pk>/", views.evaluation_detail, name="evaluation"),
    path(evaluations + "<int:evaluation_pk>/edit/", views.evaluation_edit, name="edit"),
    path(evaluations + "<int:evaluation_pk>/approve/", views.evaluation_approve, name="approve"),
    path(evaluations + "<int:evaluation_pk>/next-plan/", views.carry_forward, name="carry_forward"),
    path(evaluations + "<int:evaluation_pk>/report/", views.evaluation_report, name="report"),
    path(evaluations + "<int:evaluation_pk>/report.pdf", views.evaluation_report_pdf, name="report_pdf"),
]
