"""The case page's own reads: a fixed number of queries, none of them a server-side
cursor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_case_page_reads_in_plain_queries(
    client, advisor, colleague, case, django_assert_max_num_queries
):
    client.force_login(advisor)
    url = reverse("cases:detail", args=[case.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert not [q for q in queries if q["sql"].startswith("DECLARE")]
    owners = response.context["assign_form"].fields["owner"]
    assert [label for _value, label in owners.choices][1:] == [
        "Anna Testpersoon",
        "Bert Testpersoon",
    ]
    # Session, user, second factor, roles, organisation; the case (with whether it
    # has rows of each section: a section without rows costs no query), its status
    # history, the names and roles of the people on the timeline (one query), the
    # audit row, the handoff proposal, the advisors, the confidentiality section.
    # It was 23 before issue 17 (each empty section its own query).
    with django_assert_max_num_queries(12):
        client.get(url)


def test_a_case_with_every_kind_of_record_reads_each_once(
    client, advisor, case, django_assert_max_num_queries
):
    """A query per section that has rows (9 kinds), and the follow-ups once for the
    timeline and the follow-ups section together."""
    from datetime import timedelta

    from django.utils import timezone

    from cases import constants as c
    from cases.services.advisor import advisor_action_record
    from cases.services.consent import consent_record
    from cases.services.followups import follow_up_add
    from cases.services.notes import note_add
    from cases.services.police import damage_add, police_report_save
    from cases.services.referrals import referral_create

    note_add(case=case, by=advisor, text="Een notitie.")
    consent_record(
        case=case,
        by=advisor,
        purpose=c.ConsentPurpose.REFERRAL,
        referral_kind=c.ReferralKind.SECURITY,
        given_by="Iemand",
        method=c.ConsentMethod.VERBAL,
        given_at=timezone.now(),
    )
    referral_create(case=case, by=advisor, kind=c.ReferralKind.SECURITY, partner="P")
    police_report_save(
        case=case,
        by=advisor,
        advice=c.PoliceAdvice.MELDING,
        action=c.PoliceAction.MELDING_MADE,
        reported_on=timezone.localdate(),
        police_reference="X-1",
        notes="",
    )
    damage_add(case=case, by=advisor, kind=c.DamageKind.OTHER, description="x")
    advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
        description="Actie.",
    )
    kind = next(iter(c.PLANNED_FOLLOW_UP_KINDS))
    now = timezone.now()
    later, sooner = (
        follow_up_add(case=case, by=advisor, kind=kind, due_at=now + due, owner=advisor)
        for due in (timedelta(days=2), timedelta(days=1))
    )
    client.force_login(advisor)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    # The 12 above, the notes, consents, referrals, police report, damages, advisor
    # actions and follow-ups (handoffs and files: none here), and the police
    # report's changes in the access log (the timeline's entries of it).
    with django_assert_max_num_queries(12 + 7 + 1):
        response = client.get(url)
    content = response.content.decode()
    assert "Een notitie." in content
    assert "Actie." in content
    assert [f.pk for f in response.context["open_follow_ups"]] == [sooner.pk, later.pk]
    kinds = {entry.kind for entry in response.context["timeline"].entries}
    assert {"note", "consent", "referral", "follow_up"} <= kinds


def test_the_benchmarks_large_case_in_a_fixed_number_of_queries(
    client, advisor, case, private_dir, django_assert_max_num_queries
):
    """Sixty entries and ten files cost no query per row: the 12 of every case page,
    the notes, consents, damages, advisor actions and files (a query each), and the
    read events of all 60 rows in one INSERT (issue 17)."""
    from core.models import AuditEvent
    from demo.seeders.case_scenarios import long_record

    # The benchmark's large case (bench/run.py ``timeline_case``): a consent, 16
    # notes, 16 damages, 16 advisor actions and 10 image files: 60 timeline entries.
    long_record(case, advisor)
    client.force_login(advisor)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    before = AuditEvent.objects.count()
    with django_assert_max_num_queries(12 + 5) as queries:
        response = client.get(url)
    assert len(response.context["timeline"].entries) >= 60
    inserts = [q for q in queries if q["sql"].lstrip().startswith("INSERT")]
    assert len(inserts) == 1
    assert "cases_auditevent" in inserts[0]["sql"]
    # The case, 16 notes, 1 consent, 16 damages, 16 advisor actions, 10 files, and
    # the rows only the timeline shows (none here): each read once.
    assert AuditEvent.objects.count() - before == 1 + 16 + 1 + 16 + 16 + 10


# The loop the notes were written with before ``note_items``.
NOTES_LOOP = """{% load i18n voice %}{% for note in notes %}
    <li>
      <p class="kb-muted">{% if note.kind == "contact" %}{% translate "Contact" %} ({{ note.get_contact_mode_display }}) {{ note.contact_at|page_datetime }}{% else %}{% translate "Note" %} {{ note.created_at|page_datetime }}{% endif %} – {{ note.author.get_full_name|default:note.author.username }}</p>
      <div class="kb-text">{{ note.text|linebreaks }}</div>
    </li>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_notes_tag_writes_what_the_template_loop_wrote(language, advisor):
    """Byte for byte: a note, a contact with and without its moment, an author
    without a name and a removed one, markup escaped."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth.models import User
    from django.template import Context, Template
    from django.utils import translation
    from django.utils.translation import gettext

    from cases import constants as c
    from cases.models import Note

    utc = ZoneInfo("UTC")
    nameless = User(pk=999, username="<zonder>.naam")
    notes = [
        Note(
            kind=c.NoteKind.NOTE,
            text="Een <b>notitie</b>.\n\nTwee & drie",
            author=advisor,
            created_at=datetime(2026, 3, 29, 0, 30, tzinfo=utc),
        ),
        Note(
            kind=c.NoteKind.CONTACT,
            contact_mode=c.ContactMode.PHONE,
            contact_at=datetime(2026, 7, 1, 22, 59, tzinfo=utc),
            text="Gebeld.",
            author=nameless,
            created_at=datetime(2026, 7, 2, 9, 0, tzinfo=utc),
        ),
        Note(
            kind=c.NoteKind.CONTACT,
            contact_mode=c.ContactMode.EMAIL,
            contact_at=None,
            text="x",
            author=None,
            created_at=datetime(2026, 12, 31, 23, 5, tzinfo=utc),
        ),
    ]
    tag = Template("{% load case_page %}{% note_items notes %}")
    with translation.override(language):
        old = Template(NOTES_LOOP).render(Context({"notes": notes[:2]}))
        new = tag.render(Context({"notes": notes[:2]}))
        removed = tag.render(Context({"notes": notes[2:]}))
        named = gettext("a removed account")
    assert "&lt;b&gt;notitie&lt;/b&gt;" in new
    assert new == old
    # The loop failed on a note of a removed account; the tag says so.
    assert f" – {named}</p>" in removed


# The loop the advisor's actions were written with before ``advisor_action_items``.
ADVISOR_ACTIONS_LOOP = """{% load i18n voice %}{% for action in advisor_actions %}
    <li>
      <p class="kb-muted">{{ action.created_at|page_datetime }} – {{ action.created_by.get_full_name|default:action.created_by.username }}</p>
      <p><strong>{{ action.get_kind_display }}</strong>{% if action.both_parties_agree %} ({% translate "both parties agree" %}){% endif %}{% if action.consent_id %} ({% translate "with consent" %}){% endif %}</p>
      <div class="kb-text">{{ action.description|linebreaks }}</div>
    </li>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_advisor_actions_tag_writes_what_the_template_loop_wrote(language, advisor):
    """Byte for byte: with and without agreement and consent, an author without a
    name and a removed one, markup and line breaks in the description."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth.models import User
    from django.template import Context, Template
    from django.utils import translation
    from django.utils.translation import gettext

    from cases import constants as c
    from cases.models import AdvisorAction

    utc = ZoneInfo("UTC")
    actions = [
        AdvisorAction(
            kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
            description=(
                "Gesprek <b>gevoerd</b>.\r\nMet \"beide\" & 'partijen'.\n\n\nKlaar"
            ),
            both_parties_agree=True,
            consent_id=7,
            created_by=advisor,
            created_at=datetime(2026, 3, 29, 0, 30, tzinfo=utc),
        ),
        AdvisorAction(
            kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
            description="",
            both_parties_agree=False,
            consent_id=None,
            created_by=User(pk=999, username="<zonder>.naam"),
            created_at=datetime(2026, 12, 31, 23, 5, tzinfo=utc),
        ),
        AdvisorAction(
            kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
            description="x\ry",
            created_by=None,
            created_at=datetime(2026, 7, 1, 22, 59, tzinfo=utc),
        ),
    ]
    tag = Template("{% load case_page %}{% advisor_action_items advisor_actions %}")
    with translation.override(language):
        old = Template(ADVISOR_ACTIONS_LOOP).render(
            Context({"advisor_actions": actions[:2]})
        )
        new = tag.render(Context({"advisor_actions": actions[:2]}))
        removed = tag.render(Context({"advisor_actions": actions[2:]}))
        named = gettext("a removed account")
    assert "&lt;b&gt;gevoerd&lt;/b&gt;" in new
    assert new == old
    # The loop failed on an action of a removed account; the tag says so.
    assert f" – {named}</p>" in removed


@pytest.mark.parametrize(
    "text",
    [
        "",
        "één regel",
        "a\nb",
        "a\r\nb\rc",
        "a\n\nb\n\n\n\nc\n",
        "\n\nbegint leeg",
        "<script>alert('x')</script> & \"q\"",
        "tab\tna\n \nspatie",
    ],
)
def test_paragraphs_are_what_the_linebreaks_filter_writes(text):
    from django.template.defaultfilters import linebreaks_filter
    from django.utils.safestring import mark_safe

    from cases.templatetags.case_page import _paragraphs

    assert _paragraphs(text) == linebreaks_filter(text)
    safe = mark_safe("<em>al veilig</em>\n\nx")  # noqa: S308 - a test value
    assert _paragraphs(safe) == linebreaks_filter(safe)


# The loop the damages were written with before ``damage_rows``.
DAMAGES_LOOP = """{% load i18n %}{% for damage in damages %}
      <tr class="utrecht-table__row">
        <th class="utrecht-table__header-cell" scope="row">{{ damage.get_kind_display }}</th>
        <td class="utrecht-table__cell kb-text">{{ damage.description|default:"–" }}</td>
        <td class="utrecht-table__cell kb-numeric">{% if damage.amount is not None %}€ {{ damage.amount|floatformat:"2g" }}{% else %}–{% endif %}</td>
        <td class="utrecht-table__cell kb-numeric">{% if damage.compensation_claimed is not None %}€ {{ damage.compensation_claimed|floatformat:"2g" }}{% else %}{% translate "not claimed" %}{% endif %}</td>
        <td class="utrecht-table__cell kb-numeric">{% if damage.compensation_received is not None %}€ {{ damage.compensation_received|floatformat:"2g" }}{% else %}–{% endif %}</td>
      </tr>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_damages_tag_writes_what_the_template_loop_wrote(language):
    """Byte for byte: amounts in the language's notation (thousands, cents), what
    was not claimed or not received, no description, markup escaped."""
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    from cases import constants as c
    from cases.models import Damage

    damages = [
        Damage(
            kind=c.DamageKind.OTHER,
            description="Ruit <b>ingegooid</b> & deur",
            amount=Decimal("1234.5"),
            compensation_claimed=Decimal("1000000"),
            compensation_received=Decimal("0.07"),
        ),
        Damage(
            kind=c.DamageKind.OTHER,
            description="",
            amount=None,
            compensation_claimed=None,
            compensation_received=None,
        ),
    ]
    context = {"damages": damages}
    with translation.override(language):
        old = Template(DAMAGES_LOOP).render(Context(context))
        new = Template("{% load case_page %}{% damage_rows damages %}").render(
            Context(context)
        )
    assert "&lt;b&gt;ingegooid&lt;/b&gt;" in new
    assert new == old


def test_the_prepared_case_read_is_each_viewers_own(
    client,
    case,
    advisor,
    other_org_advisor,
    other_ambassador,
    accepted_case,
    ambassador,
):
    """The case page's case is read through SQL compiled once per capacity
    (``selectors.page_case``); each request fills in its own viewer. One after the
    other in one process: the case's advisor, an advisor of another organisation,
    an ambassador it was not handed to, and the ambassador who accepted it."""
    url = f"/meldingen/{accepted_case.pk}/"
    for user, status in [
        (advisor, 200),
        (other_org_advisor, 404),
        (advisor, 200),
        (other_ambassador.user, 404),
        (ambassador.user, 200),
        (other_ambassador.user, 404),
        (other_org_advisor, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
