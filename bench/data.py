"""Bench data made in SQL: office holders and meldingen by ``generate_series``.

Creating a million cases through the ORM took most of an hour (a Python object, an
encrypted account and a history row each); one ``INSERT … SELECT`` per 100,000 cases
takes seconds. The rows are what the services would write: a case with its first
history row, every NOT NULL column filled, the account encrypted (one ciphertext,
decrypted like any other: the bench never compares accounts).
"""

from django.db import connection, connections
from django.utils import timezone

from cases import constants as c
from cases.models import Case, OfficeHolder
from core import crypto

CHUNK = 100_000
ACCOUNT = "Fictief verslag voor de benchmark. " * 5


def _array(values) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def ensure_office_holders(organisation_id: int, count: int = 5000) -> None:
    """``count`` office holders ``Bench Persoon 0…`` over every gemeente (made once)."""
    have = OfficeHolder.objects.filter(
        organisation_id=organisation_id, name__startswith="Bench Persoon "
    ).count()
    if have >= count:
        return
    offices = _array(c.Office.values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH g AS (
                SELECT id, row_number() OVER (ORDER BY id) - 1 AS n,
                       count(*) OVER () AS total
                FROM regions_gemeente
            )
            INSERT INTO cases_officeholder
                (organisation_id, name, office, email, phone, created_at, gemeente_id)
            SELECT %s, 'Bench Persoon ' || i,
                   ({offices})[1 + (i * 7919) %% {len(c.Office.values)}],
                   '', '', now(), g.id
            FROM generate_series(%s, %s - 1) AS i
            JOIN g ON g.n = i %% g.total
            """,  # noqa: S608 - only our own constants are formatted in
            [organisation_id, have, count],
        )


def fill_cases(
    *, organisation_id: int, by_id: int, target: int, owner_ids: list[int]
) -> int:
    """Add cases to the organisation until it has ``target``; returns how many it has.

    Random like the old ORM fill (``setseed``): category, channel and urgency evenly,
    status new / triage / closed / closed, reported over three years, 30 % owned
    (by one of ``owner_ids``), on one of the bench office holders."""
    have = Case.objects.filter(organisation_id=organisation_id).count()
    if have >= target:
        return have
    ensure_office_holders(organisation_id)
    holders = list(
        OfficeHolder.objects.filter(
            organisation_id=organisation_id, name__startswith="Bench Persoon "
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    account = crypto.encrypt(ACCOUNT, Case._meta.get_field("account").context())
    statuses = [c.Status.NEW, c.Status.TRIAGE, c.Status.CLOSED, c.Status.CLOSED]
    owners = "ARRAY[" + ",".join(str(i) for i in owner_ids) + "]::int[]"
    holder_array = "ARRAY[" + ",".join(str(i) for i in holders) + "]::bigint[]"
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [0.42 + (have % 1000) / 10_000])
        while have < target:
            size = min(CHUNK, target - have)
            cursor.execute(
                f"""
                WITH r AS (
                    SELECT %(now)s::timestamptz
                               - floor(random() * 3 * 365 * 24 * 60)
                                 * interval '1 minute' AS reported,
                           random() AS r_status, random() AS r_owner,
                           random() AS r_pick, random() AS r_holder,
                           random() AS r_cat, random() AS r_chan, random() AS r_urg,
                           floor(random() * 31)::int AS days_before
                    FROM generate_series(1, %(size)s)
                ),
                new AS (
                    INSERT INTO cases_case (
                        organisation_id, office_holder_id, channel, category,
                        occurred_on, reported_at, urgency, account, status, phase,
                        created_at, updated_at, closed_at, outcome, created_by_id,
                        owner_id, immediate_danger, immediate_needs, intake_complete,
                        location, scope, told_instead, formal_report_to
                    )
                    SELECT %(org)s,
                           ({holder_array})[1 + floor(r_holder * {len(holders)})::int],
                           ({_array(c.Channel.values)})
                               [1 + floor(r_chan * {len(c.Channel.values)})::int],
                           ({_array(c.Category.values)})
                               [1 + floor(r_cat * {len(c.Category.values)})::int],
                           (reported - days_before * interval '1 day')::date,
                           reported,
                           ({"ARRAY[" + ",".join(map(str, c.Urgency.values)) + "]"})
                               [1 + floor(r_urg * {len(c.Urgency.values)})::int],
                           %(account)s,
                           ({_array(statuses)})[1 + floor(r_status * 4)::int],
                           '', reported, reported, NULL, '', %(by)s,
                           CASE WHEN r_owner < 0.3
                                THEN ({owners})
                                     [1 + floor(r_pick * {len(owner_ids)})::int]
                           END,
                           false, '', true, '', '', '', ''
                    FROM r
                    RETURNING id, status, reported_at
                )
                INSERT INTO cases_casehistory
                    (case_id, from_status, to_status, from_phase, to_phase, at,
                     reason, by_id)
                SELECT id, '', status, '', '', reported_at, '', %(by)s FROM new
                """,  # noqa: S608 - only our own constants and ids are formatted in
                {
                    "now": now,
                    "size": size,
                    "org": organisation_id,
                    "account": account,
                    "by": by_id,
                },
            )
            have += size
            print(f"  {have:,} meldingen", flush=True)
    vacuum_analyze()
    return have


def vacuum_analyze() -> None:
    """Steady state as autovacuum leaves it: statistics and the visibility map. As
    the owner of the tables: the app role may not vacuum them (PostgreSQL skips them
    with a warning, and the planner keeps the statistics of an empty table)."""
    owner = connections["owner"]
    owner.ensure_connection()
    previous = owner.connection.autocommit
    owner.connection.autocommit = True
    try:
        with owner.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        owner.connection.autocommit = previous
