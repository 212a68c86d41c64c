from django.contrib import admin

from pendampingan.admin import ApprovalInline, HistoryAdmin, ReadOnlyAdmin
from plans.models import Activity, Commitment, Indicator, Plan, PlanRevision, Stage


class RevisionInline(ReadOnlyAdmin, admin.TabularInline):
    model = PlanRevision
    fields = ["number", "status", "version", "in_force_since"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["agreement", "cycle", "status"]
    list_select_related = ["agreement"]
    list_filter = ["status"]
    search_fields = ["agreement__title"]
    inlines = [RevisionInline]


@admin.register(PlanRevision)
class PlanRevisionAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["__str__", "plan", "number", "status", "version"]
    list_select_related = ["plan"]
    list_filter = ["status"]
    inlines = [ApprovalInline]


@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["name", "revision", "order", "start_date", "end_date"]
    list_select_related = ["revision__plan"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = [
        "title",
        "revision",
        "stage",
        "start_date",
        "due_date",
        "responsible_party",
        "lead",
    ]
    list_select_related = ["revision__plan", "stage"]
    list_filter = ["responsible_party", "lead"]
    search_fields = ["title"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["name", "revision", "unit", "baseline", "target", "target_date", "reporting_party"]
    list_select_related = ["revision__plan"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["__str__", "revision", "party", "order"]
    list_select_related = ["revision__plan"]
    list_filter = ["party"]
