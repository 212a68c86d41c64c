from django.urls import path, register_converter

from plans import views


class ItemKindConverter:
    regex = "stage|activity|indicator|commitment"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ItemKindConverter, "kind")
register_converter(ExportFormatConverter, "fmt")

app_name = "plans"
revision = "agreements/<int:pk>/plan/<int:cycle>/revisions/<int:number>/"
urlpatterns = [
    path("agreements/<int:pk>/plan/", views.plan_overview, name="overview"),
    path("agreements/<int:pk>/plan/new/", views.plan_create, name="create"),
    path("agreements/<int:pk>/plan/revisions/", views.revision_list, name="revisions"),
    path(revision, views.revision_detail, name="revision"),
    path(revision + "revise/", views.revision_start, name="revise"),
    path(revision + "approve/", views.revision_approve, name="approve"),
    path(revision + "compare/", views.revision_compare, name="compare"),
    path(revision + "print/", views.revision_print, name="print"),
    path(revision + "print.pdf", views.revision_pdf, name="pdf"),
    path(revision + "export.<fmt:fmt>", views.revision_export, name="export"),
    path(revision + "activities/", views.activity_list, name="activities"),
    path(revision + "<kind:kind>/new/", views.item_create, name="item_create"),
    path(revision + "<kind:kind>/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path(revision + "<kind:kind>/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
]
