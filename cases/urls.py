from django.urls import path

from cases import views, views_support

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
    # Issue 6: the 24/7 line, the expert network, police and damage, party advisors.
    path("hulp/", views_support.help_page, name="help"),
    path("meldingen/nachtmelding/", views_support.night_call, name="night_call"),
    path(
        "meldingen/<int:pk>/intake-afronden/",
        views_support.complete_intake,
        name="complete_intake",
    ),
    path("meldingen/<int:pk>/politie/", views_support.police_report, name="police"),
    path("meldingen/<int:pk>/schade/", views_support.damage_add, name="damage_add"),
    path(
        "meldingen/<int:pk>/vp-actie/",
        views_support.advisor_action_add,
        name="advisor_action_add",
    ),
    path(
        "meldingen/<int:pk>/formele-melding/",
        views_support.formal_report,
        name="formal_report",
    ),
    path(
        "doorverwijzing/<int:pk>/uitkomst/",
        views_support.referral_outcome,
        name="referral_outcome",
    ),
    path("netwerkpartners/", views_support.partner_list, name="partner_list"),
]
