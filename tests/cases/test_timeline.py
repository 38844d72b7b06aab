"""The case's one timeline: every kind in order, with who (name and role) and when,
filtered by kind on the server and in place, as the viewer's standing allows, in a
fixed number of queries; and the case's audit log read as sentences."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cases import constants as c
from cases import timeline
from cases.audit_sentences import sentence
from cases.models import CaseHistory, Note
from cases.services.advisor import advisor_action_record
from cases.services.case import case_set_phase
from cases.services.consent import consent_record, consent_revoke
from cases.services.notes import note_add
from cases.services.police import damage_add, police_report_save
from cases.services.referrals import (
    referral_create,
    referral_set_outcome,
    referral_set_status,
)
from cases.workflow import allowed_actions
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import fresh

pytestmark = pytest.mark.django_db

# Accepting the handoff plans the ambassador's first contact: a follow-up.
ALL_KINDS = {"status", "consent", "handoff", "note", "referral", "police", "advisor"}
ALL_KINDS |= {"follow_up"}


@pytest.fixture
def busy_case(accepted_case, advisor, ambassador):
    """An accepted case with an entry of every kind, by the advisor and the
    ambassador."""
    amb = fresh(ambassador.user)
    case = accepted_case
    note_add(case=case, by=amb, text="Eerste gesprek gevoerd. NOTITIE-TEKST-1")
    note_add(
        case=case,
        by=advisor,
        text="Teruggebeld.",
        kind=c.NoteKind.CONTACT,
        contact_mode=c.ContactMode.PHONE,
    )
    consent_record(
        case=case,
        by=amb,
        purpose=c.ConsentPurpose.REFERRAL,
        referral_kind=c.ReferralKind.SECURITY,
        given_by="Gerda Raadslid",
        method=c.ConsentMethod.VERBAL,
        given_at=timezone.now(),
    )
    statistics = consent_record(
        case=case,
        by=amb,
        purpose=c.ConsentPurpose.STATISTICS,
        given_by="Gerda Raadslid",
        method=c.ConsentMethod.VERBAL,
        given_at=timezone.now(),
    )
    consent_revoke(consent=statistics, by=amb, reason="Wil toch niet.")
    referral = referral_create(
        case=case,
        by=amb,
        kind=c.ReferralKind.SECURITY,
        partner="Beveiliging Noord",
    )
    referral_set_status(referral=referral, by=amb, status=c.ReferralStatus.ACCEPTED)
    referral_set_outcome(referral=referral, by=amb, outcome="Camera geplaatst.")
    police_report_save(
        case=case, by=amb, advice=c.PoliceAdvice.AANGIFTE, action=c.PoliceAction.NOT_YET
    )
    damage_add(case=case, by=amb, kind=c.DamageKind.PROPERTY, description="Ruit")
    advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
        description="Klachtenregeling uitgelegd. VP-ACTIE-GEHEIM",
    )
    case_set_phase(case=case, phase=c.Phase.GUIDANCE, by=amb)
    case.refresh_from_db()
    return case


def build(case, user, kind=""):
    user = fresh(user)
    return timeline.build(case, allowed_actions(user, case), kind)


def test_every_kind_is_on_the_timeline_oldest_first(busy_case, advisor):
    story = build(busy_case, advisor)
    kinds = {entry.kind for entry in story.entries}
    assert kinds == ALL_KINDS
    moments = [entry.at for entry in story.entries]
    assert moments == sorted(moments)
    titles = [entry.title for entry in story.entries]
    # Recorded, offered, accepted, …, the last change of phase: in that order.
    assert titles[0].startswith("Melding vastgelegd")
    assert titles.index("Zaak aangenomen") > titles.index(
        "Zaak aangeboden aan Carla Testpersoon"
    )
    assert "Fase van ondersteuning gewijzigd naar Begeleiding" in titles[-1]


def test_each_kind_is_complete(busy_case, advisor):
    story = build(busy_case, advisor)
    by_kind = {}
    for entry in story.entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    assert len(by_kind["status"]) == CaseHistory.objects.filter(case=busy_case).count()
    assert len(by_kind["note"]) == Note.objects.filter(case=busy_case).count() == 2
    # Three consents given (handoff, referral, statistics) and one revoked.
    assert len(by_kind["consent"]) == 4
    assert [e.title for e in by_kind["handoff"]] == [
        "Zaak aangeboden aan Carla Testpersoon",
        "Zaak aangenomen",
    ]
    # The referral, its change of status and its outcome.
    assert len(by_kind["referral"]) == 3
    assert any("geaccepteerd" in e.title for e in by_kind["referral"])
    assert any(e.text == "Camera geplaatst." for e in by_kind["referral"])
    assert len(by_kind["police"]) == 2
    assert len(by_kind["advisor"]) == 1


def test_who_is_a_name_and_a_role_never_a_username_or_an_id(busy_case, advisor):
    story = build(busy_case, advisor)
    people = {entry.who for entry in story.entries}
    assert "Anna Testpersoon (vertrouwenspersoon)" in people
    assert "Carla Testpersoon (regioambassadeur)" in people
    for entry in story.entries:
        assert "vp.anna" not in entry.who
        assert "amb.carla" not in entry.who
        assert not any(ch.isdigit() for ch in entry.who)


def test_the_page_names_people_not_usernames(client, busy_case, advisor):
    client.force_login(advisor)
    response = client.get(reverse("cases:detail", args=[busy_case.pk]))
    section = response.content.decode().split('id="tijdlijn"', 1)[1]
    assert "Carla Testpersoon (regioambassadeur)" in section
    assert "vp.anna" not in section
    assert "amb.carla" not in section


def test_the_ambassador_does_not_see_the_advisors_record(client, busy_case, ambassador):
    story = build(busy_case, ambassador.user)
    kinds = {entry.kind for entry in story.entries}
    assert kinds == ALL_KINDS - {"handoff", "advisor"}
    assert "advisor" not in dict(story.kinds)
    client.force_login(ambassador.user)
    page = client.get(reverse("cases:detail", args=[busy_case.pk]))
    assert "VP-ACTIE-GEHEIM" not in page.content.decode()
    # Asking for the advisor's kind by URL shows the whole (allowed) timeline.
    page = client.get(
        reverse("cases:timeline", args=[busy_case.pk]),
        {"kind": "advisor"},
        HTTP_HX_REQUEST="true",
    )
    assert page.status_code == 200
    assert "VP-ACTIE-GEHEIM" not in page.content.decode()
    assert "Zaak aangeboden" not in page.content.decode()


def test_an_offered_ambassador_sees_no_timeline(client, handed_case, ambassador):
    client.force_login(ambassador.user)
    page = client.get(reverse("cases:timeline", args=[handed_case.pk]))
    assert page.status_code == 404
    page = client.get(reverse("cases:detail", args=[handed_case.pk]))
    assert 'id="tijdlijn"' not in page.content.decode()


def test_another_organisation_gets_a_404(client, busy_case, other_org_advisor):
    client.force_login(other_org_advisor)
    page = client.get(
        reverse("cases:timeline", args=[busy_case.pk]), HTTP_HX_REQUEST="true"
    )
    assert page.status_code == 404


def test_filter_by_kind_without_javascript(client, busy_case, advisor):
    client.force_login(advisor)
    url = reverse("cases:detail", args=[busy_case.pk])
    response = client.get(url, {"kind": "note"})
    story = response.context["timeline"]
    assert {entry.kind for entry in story.entries} == {"note"}
    assert story.kind == "note"
    section = response.content.decode().split('id="tijdlijn"', 1)[1]
    assert '<option value="note" selected>' in section
    # Nonsense is no error: the whole timeline.
    response = client.get(url, {"kind": "<script>"})
    assert response.status_code == 200
    assert {e.kind for e in response.context["timeline"].entries} == ALL_KINDS


def test_filter_in_place_with_htmx(client, busy_case, advisor):
    client.force_login(advisor)
    url = reverse("cases:timeline", args=[busy_case.pk])
    response = client.get(url, {"kind": "referral"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Beveiliging Noord" in html
    assert "NOTITIE-TEKST-1" not in html
    # The read is logged: the case and each referral shown.
    events = AuditEvent.objects.filter(
        actor=advisor, action=AuditAction.VIEW, detail="timeline"
    )
    assert {e.object_type for e in events} == {"case", "referral"}
    # Without htmx: back to the case page with the filter.
    response = client.get(url, {"kind": "referral"})
    assert response.status_code == 302
    assert response["Location"].endswith("?kind=referral#tijdlijn")


def test_what_was_written_is_escaped(client, busy_case, advisor):
    note_add(case=busy_case, by=advisor, text="<img src=x onerror=alert(1)>")
    client.force_login(advisor)
    html = client.get(reverse("cases:detail", args=[busy_case.pk])).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_removed_account_is_named_as_such(busy_case, advisor, colleague):
    note = note_add(case=busy_case, by=colleague, text="Door een collega.")
    colleague.delete()
    entry = next(e for e in build(busy_case, advisor).entries if e.obj == note)
    assert entry.who == "een verwijderd account"


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, busy_case, advisor, django_assert_max_num_queries
):
    """50 more entries of every kind cost no query more."""
    client.force_login(advisor)
    url = reverse("cases:detail", args=[busy_case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(10):
        note_add(case=busy_case, by=advisor, text=f"Notitie {i}")
        advisor_action_record(
            case=busy_case,
            by=advisor,
            kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
            description=f"Actie {i}",
        )
        damage_add(case=busy_case, by=advisor, kind=c.DamageKind.OTHER, description="x")
        referral = referral_create(
            case=busy_case,
            by=advisor,
            kind=c.ReferralKind.SECURITY,
            partner=f"Partner {i}",
        )
        referral_set_status(
            referral=referral, by=advisor, status=c.ReferralStatus.ACCEPTED
        )
    with django_assert_max_num_queries(len(before)):
        response = client.get(url)
    assert len(response.context["timeline"].entries) >= 50


# --- the audit log as sentences ----------------------------------------------------


def test_the_audit_log_reads_as_sentences(client, busy_case, advisor):
    client.force_login(advisor)
    client.get(reverse("cases:detail", args=[busy_case.pk]))
    response = client.get(reverse("cases:audit_log", args=[busy_case.pk]))
    html = response.content.decode()
    assert "Anna Testpersoon (vertrouwenspersoon) bekeek de zaak" in html
    assert (
        "Anna Testpersoon (vertrouwenspersoon) legde toestemming vast voor "
        "overdracht aan de regioambassadeur" in html
    )
    assert "Carla Testpersoon (regioambassadeur) nam de zaak aan" in html
    assert "consent #" not in html
    assert "vp.anna" not in html


@pytest.mark.parametrize(
    ("action", "object_type", "detail", "english"),
    [
        ("view", "case", "", "Anna Testpersoon (confidential advisor) viewed the case"),
        (
            "create",
            "consent",
            "overdracht",
            "Anna Testpersoon (confidential advisor) recorded consent for "
            "handoff to the regional ambassador",
        ),
        (
            "transition",
            "case",
            "nieuw -> in-behandeling",
            "Anna Testpersoon (confidential advisor) changed the status to "
            "with advisor",
        ),
        (
            "update",
            "case",
            "phase - -> luisteren",
            "Anna Testpersoon (confidential advisor) changed the phase of support "
            "to listening",
        ),
        (
            "export",
            "case",
            "dossier pdf",
            "Anna Testpersoon (confidential advisor) printed the case file",
        ),
        # A kind of event no sentence knows yet: the action and the object.
        (
            "update",
            "attachment",
            "whatever 12",
            "Anna Testpersoon (confidential advisor): changed, attachment",
        ),
    ],
)
def test_a_sentence_per_event_with_a_fallback(
    advisor, case, action, object_type, detail, english
):
    event = AuditEvent(
        actor=advisor,
        actor_username="vp.anna",
        actor_role="vertrouwenspersoon",
        action=action,
        object_type=object_type,
        object_id=67,
        case_id=case.pk,
        detail=detail,
    )
    with translation.override("en"):
        text = sentence(event)
    assert text == english
    assert "67" not in text


def test_a_system_event_and_a_removed_account(case):
    system = AuditEvent(
        actor=None, actor_username="system", action="purge", object_type="case"
    )
    removed = AuditEvent(
        actor=None, actor_username="vp.weg", action="view", object_type="case"
    )
    with translation.override("nl"):
        assert sentence(system) == "Klankbord verwijderde de zaak (bewaartermijn)"
        assert sentence(removed) == "Een verwijderd account bekeek de zaak"


def test_files_and_follow_ups_are_on_the_timeline(client, advisor, case):
    """A file added and a follow-up planned and done each appear, with who."""
    import io
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from cases import timeline
    from cases.constants import FollowUpKind
    from cases.permissions import Action
    from cases.services import followups
    from cases.services.files import file_add

    file_add(
        case=case,
        by=advisor,
        upload=SimpleUploadedFile("brief.txt", io.BytesIO(b"Een dreigbrief.").read()),
        description="Dreigbrief van 3 maart.",
    )
    follow_up = followups.follow_up_add(
        case=case,
        by=advisor,
        kind=FollowUpKind.NEXT_CONTACT,
        due_at=timezone.now() + timedelta(days=2),
        owner=advisor,
    )
    followups.follow_up_done(follow_up=follow_up, by=advisor)
    story = timeline.build(case, {Action.READ_CASE, Action.READ_ADVISOR_RECORD})
    kinds = [entry.kind for entry in story.entries]
    assert kinds.count("file") == 1
    assert kinds.count("follow_up") == 2
    file_entry = next(e for e in story.entries if e.kind == "file")
    assert file_entry.text == "Dreigbrief van 3 maart."
    assert "(vertrouwenspersoon)" in file_entry.who
    assert "file" in dict(story.kinds)


# The loop the timeline's entries were written with before ``timeline_items``.
ENTRIES_LOOP = """{% load voice %}<ol class="kb-timeline">
  {% for entry in entries %}
  <li class="kb-timeline__entry" data-kind="{{ entry.kind }}">
    <span class="kb-timeline__meta"><time datetime="{{ entry.at|date:'c' }}">{{ entry.at|page_datetime }}</time> · {{ entry.kind_label }} · {{ entry.who }}</span>
    <p class="utrecht-paragraph">{{ entry.title }}</p>
    {% if entry.text %}<div class="kb-text">{{ entry.text|linebreaks }}</div>{% endif %}
  </li>
  {% endfor %}
</ol>"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_entries_tag_writes_what_the_template_loop_wrote(language):
    """Byte for byte, in both languages, across midnight and summer time, with
    markup in every text (escaped) and paragraphs in what was written."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.template import Context, Template

    utc = ZoneInfo("UTC")
    entries = []
    for i, (at, text) in enumerate(
        [
            (datetime(2026, 3, 29, 0, 30, tzinfo=utc), ""),
            (
                datetime(2026, 7, 1, 22, 59, tzinfo=utc),
                "Een <b>regel</b>.\n\nTwee & drie",
            ),
            (datetime(2026, 12, 31, 23, 5, tzinfo=utc), "x\ny"),
        ]
    ):
        entry = timeline.Entry(at, f"kind-{i}", f'Titel "{i}" <script>', 7, text)
        entry.who = "Anna <Jansen> (vertrouwenspersoon)"
        entry.kind_label = "Notities & contacten"
        entries.append(entry)
    with translation.override(language):
        old = Template(ENTRIES_LOOP).render(Context({"entries": entries}))
        new = Template(
            '{% load case_page %}<ol class="kb-timeline">\n'
            "  {% timeline_items entries %}\n</ol>"
        ).render(Context({"entries": entries}))
    assert "&lt;script&gt;" in new
    assert new == old
