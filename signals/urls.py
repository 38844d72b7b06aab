"""Signals, the trend dashboard and the reports for the landelijke terugkomdag."""

from django.urls import path

from signals import views

app_name = "signals"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("publicaties/", views.release_list, name="release_list"),
    path("publicaties/controle/", views.release_digests, name="release_digests"),
    path("publicaties/<int:number>/", views.release_detail, name="release_detail"),
    path("rapporten/", views.report_list, name="report_list"),
    path("rapporten/<int:pk>/", views.report_detail, name="report_detail"),
    path(
        "rapporten/<int:pk>/voortgang/", views.report_progress, name="report_progress"
    ),
    path(
        "rapporten/<int:pk>/download/<str:fmt>/",
        views.report_download,
        name="report_download",
    ),
    path("terugkomdagen/", views.return_days, name="return_days"),
    path("terugkomdagen/<int:pk>/", views.return_day_edit, name="return_day_edit"),
    path("terugkoppeling/", views.feedback_list, name="feedback_list"),
    path("terugkoppeling/nieuw/", views.feedback_create, name="feedback_create"),
    path(
        "terugkoppeling/beoordelen/",
        views.feedback_review_list,
        name="feedback_review_list",
    ),
    path(
        "terugkoppeling/<int:pk>/beoordelen/",
        views.feedback_review,
        name="feedback_review",
    ),
    path("mijn-signalen/", views.signal_list, name="signal_list"),
    path("mijn-signalen/nieuw/", views.signal_create, name="signal_create"),
    path(
        "mijn-signalen/<int:pk>/toestemming-intrekken/",
        views.signal_revoke,
        name="signal_revoke",
    ),
    path("melding/", views.signal_case_lookup, name="signal_case_lookup"),
    path("melding/<int:case_pk>/", views.signal_from_case, name="signal_from_case"),
]
