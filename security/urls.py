from django.urls import path

from security import access_log, views

app_name = "security"

urlpatterns = [
    path("2fa/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("toegangslog/", access_log.access_log, name="access_log"),
    path(
        "toegangslog/export.csv",
        access_log.access_log_export,
        name="access_log_export",
    ),
]
