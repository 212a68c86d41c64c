from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Activity, Commitment, Indicator, Plan, PlanRevision, Stage


class RevisionInline(admin.TabularInline):
    model = PlanRevision
    extra = 0
    fields = ["number", "status", "version", "in_force_since"]
    readonly_fields = fields
    can_delete = False


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "cycle", "status"]
    list_filter = ["status"]
    search_fields = ["agreement__title"]
    inlines = [RevisionInline]


@admin.register(PlanRevision)
class PlanRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "number", "status", "version"]
    list_filter = ["status"]
    raw_id_fields = ["plan", "created_by", "updated_by", "created_by_officer", "updated_by_officer"]


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    list_display = ["name", "revision", "order", "start_date", "end_date"]
    raw_id_fields = ["revision"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "revision",
        "stage",
        "start_date",
        "due_date",
        "responsible_party",
        "lead",
    ]
    list_filter = ["responsible_party", "lead"]
    search_fields = ["title"]
    raw_id_fields = ["revision", "stage", "facilitator_in_charge", "member_in_charge"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "revision", "unit", "baseline", "target", "target_date", "reporting_party"]
    raw_id_fields = ["revision", "activity"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "revision", "party", "order"]
    list_filter = ["party"]
    raw_id_fields = ["revision"]
