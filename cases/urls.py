from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("meldingen/", views.queue, name="queue"),
    path("meldingen/nieuw/", views.intake, name="intake"),
    path("meldingen/<int:pk>/", views.detail, name="detail"),
    path("meldingen/<int:pk>/toewijzen/", views.assign, name="assign"),
    path("meldingen/<int:pk>/toestemming/", views.consent_add, name="consent_add"),
    path("meldingen/<int:pk>/overdragen/", views.handoff, name="handoff"),
    path(
        "meldingen/<int:pk>/terugnemen/",
        views.handoff_withdraw,
        name="handoff_withdraw",
    ),
    path("meldingen/<int:pk>/notitie/", views.note_add, name="note_add"),
    path("meldingen/<int:pk>/doorverwijzing/", views.referral_add, name="referral_add"),
    path("meldingen/<int:pk>/fase/", views.phase, name="phase"),
    path("meldingen/<int:pk>/sluiten/", views.close, name="close"),
    path("meldingen/<int:pk>/heropenen/", views.reopen, name="reopen"),
    path("meldingen/<int:pk>/logboek/", views.audit_log, name="audit_log"),
    path(
        "toestemming/<int:pk>/intrekken/", views.consent_revoke, name="consent_revoke"
    ),
    path(
        "overdracht/<int:pk>/accepteren/", views.handoff_accept, name="handoff_accept"
    ),
    path(
        "overdracht/<int:pk>/afwijzen/", views.handoff_decline, name="handoff_decline"
    ),
    path(
        "doorverwijzing/<int:pk>/status/", views.referral_status, name="referral_status"
    ),
    path("ambassadeur/", views.ambassador_list, name="ambassador_list"),
]
