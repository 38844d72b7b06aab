from django.urls import path

from security.administration import views

app_name = "administration"

urlpatterns = [
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/nieuw/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path(
        "accounts/<int:pk>/deactiveren/",
        views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "accounts/<int:pk>/activeren/",
        views.account_reactivate,
        name="account_reactivate",
    ),
    path("accounts/<int:pk>/rol/", views.account_role, name="account_role"),
    path(
        "accounts/<int:pk>/rol/intrekken/",
        views.account_role_revoke,
        name="account_role_revoke",
    ),
    path("accounts/<int:pk>/uitnodiging/", views.account_invite, name="account_invite"),
    path("inlogpogingen/", views.login_failures, name="login_failures"),
    path(
        "inlogpogingen/<int:pk>/opheffen/",
        views.lockout_lift,
        name="lockout_lift",
    ),
]
