from django.urls import path

from security import access_log, approvals_views, views
from security.administration.password import PasswordSetView

app_name = "security"

urlpatterns = [
    path("2fa/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/instellen/", views.two_factor_setup, name="two_factor_setup"),
    # The link of an invitation (security.administration): choose a password.
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        PasswordSetView.as_view(),
        name="password_set",
    ),
    path("toegangslog/", access_log.access_log, name="access_log"),
    path(
        "toegangslog/export.csv",
        access_log.access_log_export,
        name="access_log_export",
    ),
    path("goedkeuringen/", approvals_views.approval_list, name="approvals"),
    path(
        "goedkeuringen/rol/",
        approvals_views.request_role,
        name="approval_request_role",
    ),
    path(
        "goedkeuringen/organisatie/",
        approvals_views.request_membership,
        name="approval_request_membership",
    ),
    path(
        "goedkeuringen/tweestapsverificatie/",
        approvals_views.request_two_factor_reset,
        name="approval_request_two_factor",
    ),
    path(
        "goedkeuringen/<int:pk>/",
        approvals_views.approval_detail,
        name="approval_detail",
    ),
]
