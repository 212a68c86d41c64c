from django.urls import path

from monitoring import views

app_name = "monitoring"
progress = "agreements/<int:pk>/progress/"
urlpatterns = [
    path(progress, views.progress, name="progress"),
    path(progress + "<uuid:key>/", views.activity, name="activity"),
    path(progress + "<uuid:key>/new/", views.entry_create, name="entry_create"),
    path(progress + "entries/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
]
