from django.urls import path

from records import journal_views, record_views, views

app_name = "records"
meetings = "agreements/<int:pk>/meetings/"
meeting = meetings + "<int:meeting_pk>/"
records = "agreements/<int:pk>/records/"
urlpatterns = [
    path(meetings, views.meeting_list, name="meetings"),
    path(meetings + "schedule/", views.schedule_edit, name="schedule"),
    path(meetings + "new/", views.meeting_create, name="meeting_create"),
    path(meeting, views.meeting_detail, name="meeting"),
    path(meeting + "edit/", views.meeting_edit, name="meeting_edit"),
    path(meeting + "cancel/", views.meeting_cancel, name="meeting_cancel"),
    path(meeting + "attendance/", views.attendance_edit, name="attendance"),
    path(meeting + "attendance.pdf", views.attendance_pdf, name="attendance_pdf"),
    path(
        meeting + "attendance-blank.pdf", views.attendance_pdf, {"blank": True}, name="attendance_blank_pdf"
    ),
    path(meeting + "minutes/", views.minutes_edit, name="minutes_edit"),
    path(meeting + "minutes/confirm/", views.minutes_confirm, name="minutes_confirm"),
    path(meeting + "minutes/print/", views.minutes_print, name="minutes_print"),
    path(meeting + "minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(records, record_views.record_list, name="records"),
    path(records + "new/<uuid:key>/", record_views.record_create_view, name="record_create"),
    path(records + "<int:record_pk>/", record_views.record_detail, name="record"),
    path(records + "<int:record_pk>/edit/", record_views.record_edit, name="record_edit"),
    path(records + "<int:record_pk>/feedback/", record_views.feedback_create, name="feedback"),
    path("agreements/<int:pk>/journal/", journal_views.journal_page, name="journal"),
    path("agreements/<int:pk>/files/<int:file_pk>/", views.record_file, name="file"),
]
