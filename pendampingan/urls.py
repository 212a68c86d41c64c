from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pendampingan import health_check_views, verify_views, views

# A database that is down answers 503 and gives back what was typed (pendampingan/unavailable_views.py).
handler500 = "pendampingan.unavailable_views.server_error"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("health/", health_check_views.health, name="health_check"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("v/", verify_views.verify_lookup, name="verify_lookup"),
    path("v/<str:code>/", verify_views.verify, name="verify"),
    path("", include("pendampingan.core_urls")),
    path("", include("plans.urls")),
    path("", include("monitoring.urls")),
    path("", include("records.urls")),
    path("", include("evaluation.urls")),
    path("admin/", admin.site.urls),
]
