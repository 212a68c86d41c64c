"""The core's pages, named ``core:…``: agreements, amendments, groups, members, institutions."""

from django.urls import path

from pendampingan import agreement_views, group_views, institution_views, prepared_views, views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("acting-as/", views.acting_as, name="acting_as"),
    path("waiting/", views.waiting, name="waiting"),
    path("files/ask/<slug:kind>.<slug:fmt>", prepared_views.prepared_ask, name="prepared_ask"),
    path("files/<int:pk>/", prepared_views.prepared_file, name="prepared_file"),
    path("files/<int:pk>/download/", prepared_views.prepared_download, name="prepared_download"),
    path("agreements/", agreement_views.agreement_list, name="agreement_list"),
    path("agreements/new/", agreement_views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreement_views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreement_views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/approve/", agreement_views.agreement_approve, name="agreement_approve"),
    path("agreements/<int:pk>/activate/", agreement_views.agreement_activate, name="agreement_activate"),
    path("agreements/<int:pk>/complete/", agreement_views.agreement_complete, name="agreement_complete"),
    path("agreements/<int:pk>/end/", agreement_views.agreement_end, name="agreement_end"),
    path("agreements/<int:pk>/amendments/new/", agreement_views.amendment_create, name="amendment_create"),
    path(
        "agreements/<int:pk>/amendments/<int:number>/",
        agreement_views.amendment_detail,
        name="amendment_detail",
    ),
    path(
        "agreements/<int:pk>/amendments/<int:number>/edit/",
        agreement_views.amendment_edit,
        name="amendment_edit",
    ),
    path(
        "agreements/<int:pk>/amendments/<int:number>/approve/",
        agreement_views.amendment_approve,
        name="amendment_approve",
    ),
    path(
        "agreements/<int:pk>/amendments/<int:number>/withdraw/",
        agreement_views.amendment_withdraw,
        name="amendment_withdraw",
    ),
    path(
        "agreements/<int:pk>/versions/<int:version>/",
        agreement_views.agreement_version,
        name="agreement_version",
    ),
    path(
        "agreements/<int:pk>/versions/<int:version>/print/",
        agreement_views.agreement_print,
        name="agreement_print",
    ),
    path(
        "agreements/<int:pk>/versions/<int:version>/pdf/", agreement_views.agreement_pdf, name="agreement_pdf"
    ),
    path("groups/", group_views.group_list, name="group_list"),
    path("groups/new/", group_views.group_create, name="group_create"),
    path("groups/<int:pk>/", group_views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", group_views.group_edit, name="group_edit"),
    path("groups/<int:pk>/delete/", group_views.group_delete, name="group_delete"),
    path("groups/<int:pk>/archive/", group_views.group_archive, name="group_archive"),
    path(
        "groups/<int:pk>/unarchive/", group_views.group_archive, {"archived": False}, name="group_unarchive"
    ),
    path("groups/<int:pk>/account/", group_views.group_account, name="group_account"),
    path("groups/<int:pk>/account/password/", group_views.group_password_reset, name="group_password_reset"),
    path("groups/<int:pk>/members/new/", group_views.member_create, name="member_create"),
    path("groups/<int:pk>/members/<int:member_pk>/edit/", group_views.member_edit, name="member_edit"),
    path("institutions/", institution_views.institution_list, name="institution_list"),
    path("institutions/new/", institution_views.institution_create, name="institution_create"),
    path("institutions/<int:pk>/", institution_views.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", institution_views.institution_edit, name="institution_edit"),
    path("institutions/<int:pk>/staff/new/", institution_views.staff_create, name="staff_create"),
    path(
        "institutions/<int:pk>/staff/<int:staff_pk>/deactivate/",
        institution_views.staff_deactivate,
        name="staff_deactivate",
    ),
    path(
        "institutions/<int:pk>/staff/<int:staff_pk>/reactivate/",
        institution_views.staff_reactivate,
        name="staff_reactivate",
    ),
    path(
        "institutions/<int:pk>/staff/<int:staff_pk>/invite/",
        institution_views.staff_invite,
        name="staff_invite",
    ),
    path(
        "institutions/<int:pk>/logins/<int:user_pk>/unlock/",
        institution_views.login_unlock,
        name="login_unlock",
    ),
    path("regions/", views.region_search, name="region_search"),
]
