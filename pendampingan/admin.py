from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from simple_history.admin import SimpleHistoryAdmin

from pendampingan.models import Agreement, Approval, CommunityGroup, Institution, Member, Staff


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [StaffInline]


@admin.register(Staff)
class StaffAdmin(SimpleHistoryAdmin):
    list_display = ["user", "institution", "role"]
    list_filter = ["role", "institution"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


@admin.register(CommunityGroup)
class CommunityGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "registered_by", "account"]
    list_filter = ["kind", "registered_by"]
    search_fields = ["name", "decree_number"]
    autocomplete_fields = ["account"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "group", "position", "sex", "is_active"]
    list_filter = ["position", "sex", "is_active"]
    search_fields = ["name", "group__name"]


class ApprovalInline(GenericTabularInline):
    model = Approval
    extra = 0
    readonly_fields = ["version", "party", "user", "officer", "approved_at"]
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "institution", "group", "status", "start_date", "end_date", "version"]
    list_filter = ["status", "institution"]
    search_fields = ["title", "group__name"]
    filter_horizontal = ["facilitators"]
    raw_id_fields = ["created_by", "updated_by", "created_by_officer", "updated_by_officer"]
    inlines = [ApprovalInline]


@admin.register(Approval)
class ApprovalAdmin(admin.ModelAdmin):
    list_display = ["subject", "version", "party", "user", "officer", "approved_at"]
    list_filter = ["party", "content_type"]
    readonly_fields = ["content_type", "object_id", "version", "party", "user", "officer", "approved_at"]
