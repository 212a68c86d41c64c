from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from pendampingan import lockout
from pendampingan.forms import RegionField
from pendampingan.models import (
    Agreement,
    AgreementAmendment,
    Approvable,
    Approval,
    CommunityGroup,
    Institution,
    JournalEvent,
    Member,
    Staff,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages that show past versions but never restore one.

    django-simple-history's SIMPLE_HISTORY_REVERT_DISABLED only hides the button:
    its page still saves whatever is posted to it, past every version check.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin:
    """For approved content, its approvals and its containers: shown here, changed only in the app.

    The app's services keep the versions and the approvals; an edit here would bypass them.
    """

    read_only_note = _(
        "Changed only in the application, which keeps every version and both parties' approvals."
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fieldsets(self, request, obj=None):
        (name, options), *rest = super().get_fieldsets(request, obj)
        return [(name, {**options, "description": self.read_only_note}), *rest]


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    autocomplete_fields = ["user"]


class VillageInAdmin:
    """The village typed as in the app's forms (name and district, or code) and looked up, never cut."""

    class Media:
        js = ["js/app.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "region":
            return RegionField(label=db_field.verbose_name.capitalize(), required=not db_field.blank)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Institution)
class InstitutionAdmin(VillageInAdmin, HistoryAdmin):
    list_display = ["name", "kind", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [StaffInline]


@admin.register(Staff)
class StaffAdmin(HistoryAdmin):
    list_display = ["user", "institution", "role"]
    list_select_related = ["user", "institution"]
    list_filter = ["role", "institution"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


@admin.register(CommunityGroup)
class CommunityGroupAdmin(VillageInAdmin, HistoryAdmin):
    list_display = ["name", "kind", "region", "registered_by", "account"]
    list_select_related = ["registered_by", "account"]
    list_filter = ["kind", "registered_by"]
    search_fields = ["name", "decree_number"]
    autocomplete_fields = ["account"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(HistoryAdmin):
    list_display = ["name", "group", "position", "sex", "is_active"]
    list_select_related = ["group"]
    list_filter = ["position", "sex", "is_active"]
    search_fields = ["name", "group__name"]


class ApprovalInline(ReadOnlyAdmin, GenericTabularInline):
    model = Approval
    fields = ["version", "party", "user", "officer", "officer_name", "officer_position", "approved_at"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["title", "institution", "group", "status", "start_date", "end_date", "version"]
    list_select_related = ["institution", "group"]
    list_filter = ["status", "institution"]
    search_fields = ["title", "group__name"]
    inlines = [ApprovalInline]


@admin.register(AgreementAmendment)
class AgreementAmendmentAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["__str__", "agreement", "status", "version", "adopted_as_version"]
    list_select_related = ["agreement"]
    list_filter = ["status"]
    search_fields = ["agreement__title"]
    inlines = [ApprovalInline]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["subject", "version", "party", "user", "officer", "approved_at"]
    list_filter = ["party", "content_type"]
    list_select_related = ["user", "officer"]

    def get_queryset(self, request):
        # Each subject with what its name reads: one query per kind of subject, not one per row.
        subjects = [
            model._base_manager.select_related(*model.str_related)
            for model in apps.get_models()
            if issubclass(model, Approvable)
        ]
        return super().get_queryset(request).prefetch_related(GenericPrefetch("subject", subjects))


@admin.register(JournalEvent)
class JournalEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The journal is written by the app's services only, and never changed afterwards."""

    list_display = ["occurred_at", "agreement", "kind", "party", "user", "officer_name"]
    list_filter = ["party", "kind"]
    list_select_related = ["agreement", "user"]
    search_fields = ["agreement__title", "kind"]


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    """A password the administrator sets ends every lockout of the login, as one set in the app does."""

    def save(self, commit=True):
        user = super().save(commit)
        lockout.lift(user.get_username())
        return user


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(auth_admin.UserAdmin):
    change_password_form = AdminPasswordChangeForm


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    # Each row shows when its lockout ends: read with the rows, not one query per row.
    list_select_related = ["expiration"]
