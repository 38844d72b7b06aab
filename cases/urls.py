from django.urls import path

from cases.views import (
    advisor,
    case,
    closed,
    consent,
    dossier,
    files,
    handoff,
    inbox,
    intake,
    notes,
    police,
    queue,
    referrals,
)

app_name = "cases"

urlpatterns = [
    path("meldingen/", queue.queue, name="queue"),
    path("meldingen/nieuw/", intake.intake, name="intake"),
    path("meldingen/nieuw/suggesties/", intake.intake_suggest, name="intake_suggest"),
    path("meldingen/<int:pk>/", case.detail, name="detail"),
    path("meldingen/<int:pk>/toewijzen/", case.assign, name="assign"),
    path("meldingen/<int:pk>/toestemming/", consent.consent_add, name="consent_add"),
    path("meldingen/<int:pk>/overdragen/", handoff.handoff, name="handoff"),
    path(
        "meldingen/<int:pk>/terugnemen/",
        handoff.handoff_withdraw,
        name="handoff_withdraw",
    ),
    path("meldingen/<int:pk>/notitie/", notes.note_add, name="note_add"),
    path(
        "meldingen/<int:pk>/doorverwijzing/",
        referrals.referral_add,
        name="referral_add",
    ),
    path("meldingen/<int:pk>/fase/", case.phase, name="phase"),
    path("meldingen/<int:pk>/sluiten/", case.close, name="close"),
    path("meldingen/<int:pk>/heropenen/", case.reopen, name="reopen"),
    path("meldingen/<int:pk>/logboek/", case.audit_log, name="audit_log"),
    path(
        "toestemming/<int:pk>/intrekken/", consent.consent_revoke, name="consent_revoke"
    ),
    path(
        "overdracht/<int:pk>/accepteren/", handoff.handoff_accept, name="handoff_accept"
    ),
    path(
        "overdracht/<int:pk>/afwijzen/", handoff.handoff_decline, name="handoff_decline"
    ),
    path(
        "doorverwijzing/<int:pk>/status/",
        referrals.referral_status,
        name="referral_status",
    ),
    path("ambassadeur/", queue.ambassador_list, name="ambassador_list"),
    path("hulp/", intake.help_page, name="help"),
    path("meldingen/24-7-lijn/", intake.hotline_call, name="hotline_call"),
    path(
        "meldingen/<int:pk>/intake-afronden/",
        intake.complete_intake,
        name="complete_intake",
    ),
    path("meldingen/<int:pk>/politie/", police.police_report, name="police"),
    path("meldingen/<int:pk>/schade/", police.damage_add, name="damage_add"),
    path(
        "meldingen/<int:pk>/vp-actie/",
        advisor.advisor_action_add,
        name="advisor_action_add",
    ),
    path(
        "meldingen/<int:pk>/formele-melding/",
        advisor.formal_report,
        name="formal_report",
    ),
    path(
        "doorverwijzing/<int:pk>/uitkomst/",
        referrals.referral_outcome,
        name="referral_outcome",
    ),
    path("netwerkpartners/", referrals.partner_list, name="partner_list"),
    path("meldingen/<int:pk>/tijdlijn/", case.timeline_part, name="timeline"),
    path("meldingen/<int:pk>/dossier.pdf", dossier.dossier_pdf, name="dossier_pdf"),
    path("meldingen/<int:pk>/bestand/", files.file_add, name="file_add"),
    path("bestand/<int:pk>/", files.file_download, name="file_download"),
    path("bestand/<int:pk>/miniatuur/", files.file_thumbnail, name="file_thumbnail"),
    path("berichten/", inbox.inbox, name="inbox"),
    path(
        "berichten/<int:pk>/gelezen/",
        inbox.notification_read,
        name="notification_read",
    ),
    path(
        "berichten/alles-gelezen/",
        inbox.notifications_read_all,
        name="notifications_read_all",
    ),
    path("berichten/aantal/", inbox.inbox_count, name="inbox_count"),
    path("berichten/e-mail/", inbox.email_setting, name="email_setting"),
    path("meldingen/<int:pk>/opvolging/", inbox.follow_up_add, name="follow_up_add"),
    path("opvolging/<int:pk>/gedaan/", inbox.follow_up_done, name="follow_up_done"),
    path("ambassadeur/gesloten/", closed.closed_list, name="ambassador_closed_list"),
    path(
        "ambassadeur/gesloten/<int:pk>/",
        closed.closed_detail,
        name="ambassador_closed_detail",
    ),
    path(
        "ambassadeur/gesloten/<int:pk>/heropenen/",
        closed.reopen_request,
        name="reopen_request",
    ),
    path("heropenverzoeken/", closed.reopen_request_list, name="reopen_request_list"),
    path(
        "heropenverzoek/<int:pk>/",
        closed.reopen_request_decide,
        name="reopen_request_decide",
    ),
]
