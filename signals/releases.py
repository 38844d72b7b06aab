"""Statistics releases: the only way signals become published figures.

A release is requested (after a quarter closes and before a return day by Celery beat,
or by staff), then compiled by ``compile_release`` in one transaction from one
snapshot (REPEATABLE READ) and stored, numbered per organisation, immutable. The
dashboard and every report show a stored release; nothing is counted when a page is
opened. The open quarter never appears.

Frozen periods. A period published by an earlier release keeps its figures until at
least the threshold of persons have changed in it (a late signal, a changed signal, a
revoked consent): then all its figures are recomputed together from the snapshot and
the period is listed as revised. So a single new or revoked person never changes a
published figure; their signals count in (or leave) that period with the batch that
reaches the threshold, and every newly computed period uses the current data at once.
The design and its threat model: docs/disclosure.md.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.audit import audit
from core.constants import AuditAction, OrganisationKind
from core.models import Organisation
from regions.models import Province
from signals import catalogue, protection
from signals import constants as sc
from signals.catalogue import Period
from signals.models import PROVINCE_SHIFT, Signal, StatisticsRelease
from signals.perturbation import Params, bounds, new_record_key, publish

logger = logging.getLogger(__name__)

MAX_PROVINCES = 63 - PROVINCE_SHIFT
LOCK_NAMESPACE = 7_150_001  # pg_advisory_xact_lock(namespace, organisation id)


def quarters_kept() -> int:
    return getattr(settings, "SIGNALS_RELEASE_QUARTERS", 12)


def last_closed_quarter(today=None) -> int:
    return sc.quarter_of_date(today or timezone.localdate()) - 1


def population(organisation: Organisation) -> list[int]:
    """Whose signals an organisation's figures count: its own, and for the association
    also those of the parties that allow it (``Organisation.shares_signals``)."""
    ids = [organisation.pk]
    if organisation.kind == OrganisationKind.ASSOCIATION:
        ids += list(
            Organisation.objects.filter(
                kind=OrganisationKind.PARTY, shares_signals=True
            ).values_list("pk", flat=True)
        )
    return ids


# --- requesting -----------------------------------------------------------------------


@transaction.atomic
def request_release(
    organisation: Organisation, reason: str, by=None, last_quarter: int | None = None
) -> StatisticsRelease:
    """A queued release with the next number; compiled by the worker after commit.
    While one is queued or being compiled, that one is returned instead: releases are
    compiled in order, each on top of the one before."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, organisation.pk]
        )
    pending = StatisticsRelease.objects.filter(
        organisation=organisation,
        status__in=(sc.ReportStatus.QUEUED, sc.ReportStatus.RUNNING),
    ).first()
    if pending is not None:
        return pending
    previous = (
        StatisticsRelease.objects.filter(organisation=organisation)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    last = last_quarter if last_quarter is not None else last_closed_quarter()
    last = min(last, last_closed_quarter())
    release = StatisticsRelease.objects.create(
        organisation=organisation,
        number=(previous or 0) + 1,
        reason=reason,
        requested_by=by,
        first_quarter=last - quarters_kept() + 1,
        last_quarter=last,
    )
    audit(by, AuditAction.CREATE, release, reason)
    return release


def latest(organisation_id: int, *, before: int | None = None):
    releases = StatisticsRelease.objects.filter(
        organisation_id=organisation_id, status=sc.ReportStatus.DONE
    )
    if before is not None:
        releases = releases.filter(number__lt=before)
    return releases.order_by("-number").first()


# --- compiling ------------------------------------------------------------------------


@dataclass
class Snapshot:
    """What one compile counted: per period, per cell, persons and key sums; which
    relations are exact; how many persons changed per frozen period."""

    counts: dict = field(default_factory=dict)  # (period db, cell) -> count
    key_sums: dict = field(default_factory=dict)  # (period db, cell) -> sum of keys
    inexact: set = field(default_factory=set)  # (period db, relation id)
    changed: dict = field(default_factory=dict)  # (period db, version) -> persons


def _counted_sql(organisation_ids, first, last, province_pks):
    queryset = (
        Signal.objects.counted()
        .filter(organisation_id__in=organisation_ids, quarter__range=(first, last))
        .values("quarter", "person_key", "mask", "province_id")
    )
    sql, params = queryset.query.sql_with_params()
    # Each signal's mask with its province's bit (place in the order of CBS codes).
    fold = f"""
    INSERT INTO kb_release_cur (period, person_key, mask)
    SELECT s.quarter, s.person_key, bit_or(
        s.mask | COALESCE(1::bigint << ({PROVINCE_SHIFT}
                 + array_position(%s::int[], s.province_id) - 1), 0))
    FROM ({sql}) s
    GROUP BY s.quarter, s.person_key
    """  # noqa: S608 (the inner SQL is Django's, with its parameters)
    return fold, [province_pks, *params]


def _relations(province_codes) -> list[tuple[str, str, str, int, bool]]:
    """(relation id, margin cell, table, group mask, years only) for every relation
    of the catalogue, in the form the exactness query needs."""
    result = []
    for dimension in catalogue.DIMENSIONS:
        cells = catalogue.dimension_cells(dimension, province_codes)
        mask = sum(1 << int(cell[1:]) for cell, _value in cells)
        result.append((dimension, "t", dimension, mask, False))
    for first, second in catalogue.PAIRS:
        table = catalogue.pair_key(first, second)
        first_cells = catalogue.dimension_cells(first, province_codes)
        second_cells = catalogue.dimension_cells(second, province_codes)
        first_mask = sum(1 << int(c[1:]) for c, _v in first_cells)
        second_mask = sum(1 << int(c[1:]) for c, _v in second_cells)
        for cell, _value in first_cells:  # row: persons with this first value
            result.append((f"{table}:{cell}", cell, table, second_mask, True))
        for cell, _value in second_cells:  # column
            result.append((f"{table}:{cell}", cell, table, first_mask, True))
    return result


def provinces_in_order() -> list[tuple[int, str]]:
    """(pk, CBS code) of the provinces in bit order."""
    return list(
        Province.objects.order_by("code").values_list("pk", "code")[:MAX_PROVINCES]
    )


def count_snapshot(
    organisation: Organisation, first_quarter: int, last_quarter: int, frozen=()
) -> Snapshot:
    """Count every cell of every period of the catalogue over these quarters, in
    SQL (one statement per kind), for ``organisation``'s population. Inside a
    transaction; ``frozen``: (period, basis version) pairs to compare."""
    provinces = provinces_in_order()
    return _snapshot(
        organisation.pk,
        population(organisation),
        first_quarter,
        last_quarter,
        [pk for pk, _code in provinces],
        _relations([code for _pk, code in provinces]),
        list(frozen),
    )


def _snapshot(
    organisation_id, organisation_ids, first, last, province_pks, relations, frozen
) -> Snapshot:
    snap = Snapshot()
    pairs = catalogue.pair_bits()
    first_bits = [a for a, _b in pairs]
    second_bits = [b for _a, b in pairs]
    years = sorted({p.number for p in catalogue.periods(first, last) if p.is_year})
    with connection.cursor() as cursor:
        # ON COMMIT DROP, and dropped first in case an outer transaction (a test)
        # holds one from an earlier compile.
        cursor.execute("DROP TABLE IF EXISTS kb_release_cur")
        cursor.execute(
            "CREATE TEMP TABLE kb_release_cur (period int, person_key bigint, "
            "mask bigint) ON COMMIT DROP"
        )
        sql, params = _counted_sql(organisation_ids, first, last, province_pks)
        cursor.execute(sql, params)
        cursor.execute(
            """
            INSERT INTO kb_release_cur (period, person_key, mask)
            SELECT -(period / 4), person_key, bit_or(mask) FROM kb_release_cur
            WHERE period / 4 = ANY(%s::int[]) GROUP BY period / 4, person_key
            """,
            [years],
        )
        cursor.execute("CREATE INDEX ON kb_release_cur (period, person_key)")
        cursor.execute("ANALYZE kb_release_cur")
        # Record keys for persons counted for the first time.
        cursor.execute(
            """
            SELECT DISTINCT c.person_key FROM kb_release_cur c
            WHERE NOT EXISTS (SELECT 1 FROM signals_recordkey k
                              WHERE k.person_key = c.person_key)
            """
        )
        missing = [row[0] for row in cursor.fetchall()]
        if missing:
            cursor.execute(
                """
                INSERT INTO signals_recordkey (person_key, key)
                SELECT * FROM unnest(%s::bigint[], %s::bigint[])
                ON CONFLICT (person_key) DO NOTHING
                """,
                [missing, [new_record_key() for _ in missing]],
            )
        cursor.execute(
            """
            SELECT c.period, 't', count(*), sum(k.key)
            FROM kb_release_cur c JOIN signals_recordkey k USING (person_key)
            GROUP BY c.period
            UNION ALL
            SELECT c.period, 'b' || n, count(*), sum(k.key)
            FROM kb_release_cur c JOIN signals_recordkey k USING (person_key)
            CROSS JOIN generate_series(0, 62) n
            WHERE (c.mask >> n) & 1 = 1
            GROUP BY c.period, n
            UNION ALL
            SELECT c.period, 'p' || pr.a || '_' || pr.b, count(*), sum(k.key)
            FROM kb_release_cur c JOIN signals_recordkey k USING (person_key)
            CROSS JOIN unnest(%s::int[], %s::int[]) AS pr(a, b)
            WHERE c.period < 0 AND (c.mask >> pr.a) & (c.mask >> pr.b) & 1 = 1
            GROUP BY c.period, pr.a, pr.b
            """,
            [first_bits, second_bits],
        )
        for period, cell, count, key_sum in cursor.fetchall():
            snap.counts[(period, cell)] = count
            snap.key_sums[(period, cell)] = int(key_sum)
        # Relations that are not exact: some person of the margin has two cells.
        cursor.execute(
            """
            SELECT c.period, r.id
            FROM kb_release_cur c
            JOIN unnest(%s::text[], %s::int[], %s::bigint[], %s::bool[])
                 AS r(id, bit, grp, years_only)
              ON (r.bit < 0 OR (c.mask >> r.bit) & 1 = 1)
             AND (c.period < 0 OR NOT r.years_only)
            WHERE (c.mask & r.grp) & ((c.mask & r.grp) - 1) <> 0
            GROUP BY c.period, r.id
            """,
            [
                [r[0] for r in relations],
                [-1 if r[1] == "t" else int(r[1][1:]) for r in relations],
                [r[3] for r in relations],
                [r[4] for r in relations],
            ],
        )
        snap.inexact = {(period, rid) for period, rid in cursor.fetchall()}
        if frozen:
            cursor.execute(
                """
                WITH pv AS (
                  SELECT * FROM unnest(%s::int[], %s::int[]) AS pv(period, version)),
                b AS (
                  SELECT rb.period, rb.version, rb.person_key, rb.mask
                  FROM signals_releasebasis rb JOIN pv USING (period, version)
                  WHERE rb.organisation_id = %s),
                c AS (
                  SELECT pv.period, pv.version, c.person_key, c.mask
                  FROM kb_release_cur c JOIN pv USING (period))
                SELECT period, version, count(*)
                FROM b FULL JOIN c USING (period, version, person_key)
                WHERE b.mask IS DISTINCT FROM c.mask
                GROUP BY period, version
                """,
                [[p for p, _v in frozen], [v for _p, v in frozen], organisation_id],
            )
            snap.changed = {(p, v): n for p, v, n in cursor.fetchall()}
    return snap


def _periods(release) -> list[Period]:
    return catalogue.periods(release.first_quarter, release.last_quarter)


def _relations_for(period: Period, relations, inexact, codes) -> list:
    """The relations between the figures of ``period``, exact where no person of
    the margin counts in two of its cells."""
    result = []
    for rid, margin, _table, _mask, years_only in relations:
        if years_only and not period.is_year:
            continue
        if rid in catalogue.DIMENSIONS:
            cells = tuple(c for c, _v in catalogue.dimension_cells(rid, codes))
        else:
            cells = _pair_group(rid)
        result.append(
            protection.Relation(
                margin=margin, cells=cells, exact=(period.db, rid) not in inexact
            )
        )
    return result


def _pair_group(rid: str) -> tuple[str, ...]:
    """The cells of a two-dimension table's row or column ``rid`` = "table:b<n>"."""
    table, margin = rid.split(":")
    bit = int(margin[1:])
    first, second = table.split("_")
    first_bits = [catalogue.value_bit(first, v) for v in catalogue.CHOICES[first]]
    second_bits = [catalogue.value_bit(second, v) for v in catalogue.CHOICES[second]]
    if bit in first_bits:
        return tuple(f"p{bit}_{b}" for b in second_bits)
    return tuple(f"p{a}_{bit}" for a in first_bits)


@dataclass
class _Period:
    """One period while a release is compiled: its tables, the figures it will
    show (new or carried over), the true counts, and the tables withheld."""

    period: Period
    tables: list
    values: dict
    truth: dict
    recomputed: bool
    withheld: set


def _groups(periods: list[Period]) -> list[list[Period]]:
    """What the audit looks at together: each whole year with its four quarters (a
    year's cell is at least each quarter's and at most their sum), and every quarter
    of no whole year on its own."""
    groups, grouped = [], set()
    for year in (p for p in periods if p.is_year):
        quarters = [p for p in periods if not p.is_year and p.number in year.quarters]
        groups.append([year, *quarters])
        grouped.update(q.key for q in quarters)
    groups += [[p] for p in periods if not p.is_year and p.key not in grouped]
    return groups


def _name(period: Period, cell: str) -> str:
    return f"{period.key}:{cell}"


def _group_problem(group, state, relations, inexact, codes, links: bool):
    """The reader's view of a group: every figure and every relation, named
    "<period>:<cell>"."""
    published, truth, rules = {}, {}, []
    for period in group:
        st = state[period.key]
        for table in st.tables:
            for cell, _value in table.cells:
                name = _name(period, cell)
                published[name] = (
                    protection.WITHHELD if table.key in st.withheld else st.values[cell]
                )
                truth[name] = st.truth.get(cell, 0)
        for rule in _relations_for(period, relations, inexact, codes):
            rules.append(
                protection.Relation(
                    margin=_name(period, rule.margin),
                    cells=tuple(_name(period, c) for c in rule.cells),
                    exact=rule.exact,
                )
            )
    year, quarters = group[0], group[1:]
    if links and year.is_year and quarters:
        for table in state[year.key].tables:
            if "_" in table.key:
                continue  # two-dimension cells have no quarter counterpart
            for cell, _value in table.cells:
                rules.append(
                    protection.Relation(
                        margin=_name(year, cell),
                        cells=tuple(_name(q, cell) for q in quarters),
                        exact=False,
                    )
                )
    return published, truth, rules


def _one_more_fits(group, state, published, truth, params):
    """Whether the true population plus one more person counting in a cell still
    agrees with every figure of the group: the person has one quarter of the group
    (and so its year, when the year is in the group), and needs room (count + 1
    within the reader's range) in the total, in one value of every dimension (the
    cell's own where it names one) and in the year's two-dimension cells of those
    values, in every period they count in."""
    year = group[0] if group[0].is_year else None
    quarters = [p for p in group if not p.is_year]

    def room(period, cell) -> bool:
        value = published[_name(period, cell)]
        if value is protection.WITHHELD:
            return True
        low, high = bounds(value, params)
        count = truth[_name(period, cell)]
        return low <= count and count + 1 <= high

    def fits_in(periods, wanted) -> bool:
        if not all(room(p, "t") for p in periods):
            return False
        tables = {t.key: t for t in state[periods[0].key].tables}
        chosen = {}
        for dimension in catalogue.DIMENSIONS:
            cells = [c for c, _v in tables[dimension].cells]
            needed = [c for c in cells if int(c[1:]) in wanted]
            options = [c for c in (needed or cells) if all(room(p, c) for p in periods)]
            if not options:
                return False
            chosen[dimension] = int(options[0][1:])
        if year is not None and year in periods:
            for first, second in catalogue.PAIRS:
                if not room(year, f"p{chosen[first]}_{chosen[second]}"):
                    return False
        return True

    def fits(name) -> bool:
        period_key, cell = name.split(":")
        wanted = {int(b) for b in cell[1:].split("_")} if cell[0] in "bp" else set()
        if period_key.startswith("q"):
            quarter = next(q for q in quarters if q.key == period_key)
            periods = [quarter, year] if year is not None else [quarter]
            return fits_in(periods, wanted)
        return any(fits_in([q, year], wanted) for q in quarters)

    return fits


def _audit(periods, state, relations, inexact, codes, params) -> None:
    """Withhold tables until every group passes ``protection`` (R1, R2). For a
    failing cell of a quarter the same table of its year is withheld first (when the
    year is new in this release); otherwise the cell's own table where its figures
    are new; figures published before cannot be taken back, so for a failing cell of
    a carried-over period the table is withheld in the group's new periods."""
    for group in _groups(periods):
        if not any(state[p.key].recomputed for p in group):
            continue  # nothing new: audited when it was published
        links = True
        while True:
            published, truth, rules = _group_problem(
                group, state, relations, inexact, codes, links
            )
            fits = _one_more_fits(group, state, published, truth, params)
            try:
                failing = protection.failing_cells(
                    published, truth, rules, params, fits
                )
            except ArithmeticError:
                # Carried-over and new figures that no population fits (the data
                # changed in between by fewer than the threshold): a reader who
                # meets this learns nothing from the links. Audit without them.
                if not links:
                    raise
                links = False
                continue
            if not failing:
                break
            before = sum(len(state[p.key].withheld) for p in group)
            year = state[group[0].key] if group[0].is_year else None
            year_withheld = set(year.withheld) if year is not None else set()
            for name in failing:
                period_key, cell = name.split(":")
                st = state[period_key]
                table = next(t.key for t in st.tables if cell in dict(t.cells))
                if (
                    year is not None
                    and year is not st
                    and year.recomputed
                    and table not in year_withheld
                    and any(t.key == table for t in year.tables)
                ):
                    # A quarter pinned through its year: withholding the year's
                    # table cuts the link and keeps four quarters' figures.
                    targets = [year]
                elif st.recomputed:
                    targets = [st]
                else:
                    targets = [state[p.key] for p in group if state[p.key].recomputed]
                for target in targets:
                    if any(t.key == table for t in target.tables):
                        target.withheld.add(table)
            if sum(len(state[p.key].withheld) for p in group) == before:
                # Nothing left to withhold that would help: withhold every table
                # of the group's new periods.
                for p in group:
                    if state[p.key].recomputed:
                        state[p.key].withheld.update(t.key for t in state[p.key].tables)
                break


def _digest(salt: str, snap: Snapshot) -> str:
    """A keyed digest of what the release was computed from, salted per release: it
    lets a functional admin show that a stored release matches its input, and it
    cannot be compared across releases (so it detects no change)."""
    key = (getattr(settings, "SIGNALS_DIGEST_KEY", "") or settings.SECRET_KEY).encode()
    message = hashlib.sha256()
    for item in sorted(snap.counts.items()):
        message.update(repr((item, snap.key_sums[item[0]])).encode())
    return hmac.new(key, salt.encode() + message.digest(), hashlib.sha256).hexdigest()


def compile_release(release_id: int) -> bool:
    """Compile a queued release. Idempotent: a finished release is left alone.
    Returns whether this run finished it."""
    begun = not connection.in_atomic_block
    with transaction.atomic():
        if begun:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        release = (
            StatisticsRelease.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=release_id)
            .first()
        )
        if release is None or release.status == sc.ReportStatus.DONE:
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [LOCK_NAMESPACE, release.organisation_id],
            )
        _compile(release)
        audit(release.requested_by, AuditAction.CREATE, release, "compiled")
    return True


def _compile(release: StatisticsRelease) -> None:
    params = Params.from_settings()
    provinces = provinces_in_order()
    province_pks = [pk for pk, _code in provinces]
    codes = [code for _pk, code in provinces]
    relations = _relations(codes)
    previous = latest(release.organisation_id, before=release.number)
    previous_periods = (previous.period_versions if previous else {}) or {}
    periods = _periods(release)
    frozen = [
        (p.db, previous_periods[p.key]) for p in periods if p.key in previous_periods
    ]
    snap = _snapshot(
        release.organisation_id,
        population(release.organisation),
        release.first_quarter,
        release.last_quarter,
        province_pks,
        relations,
        frozen,
    )
    figures: dict = {}
    withheld_out: dict = {}
    versions: dict = {}
    revised: list = []
    recompute = []
    state: dict[str, _Period] = {}
    for period in periods:
        tables = catalogue.tables_for(period, codes)
        truth = {
            cell: snap.counts.get((period.db, cell), 0)
            for table in tables
            for cell, _value in table.cells
        }
        sticky = set(
            previous.figures.get("withheld", {}).get(period.key, []) if previous else []
        )
        old_version = previous_periods.get(period.key)
        if old_version is not None:
            changed = snap.changed.get((period.db, old_version), 0)
            if changed < params.threshold:
                # Frozen: the figures as published, unchanged.
                versions[period.key] = old_version
                old = previous.figures["figures"]
                values = {}
                for table in tables:
                    values.update(old.get(table.key, {}).get(period.key, {}))
                state[period.key] = _Period(
                    period, tables, values, truth, False, sticky
                )
                continue
            revised.append(period.key)
        recompute.append(period)
        versions[period.key] = release.number
        values = {
            cell: publish(count, snap.key_sums.get((period.db, cell), 0), params)
            for cell, count in truth.items()
        }
        state[period.key] = _Period(period, tables, values, truth, True, sticky)
    _audit(periods, state, relations, snap.inexact, codes, params)
    for period in periods:
        st = state[period.key]
        for table in st.tables:
            figures.setdefault(table.key, {})[period.key] = {
                cell: (None if table.key in st.withheld else st.values.get(cell))
                for cell, _value in table.cells
            }
        if st.withheld:
            withheld_out[period.key] = sorted(st.withheld)
    _store_basis(release, recompute, versions)
    release.salt = secrets.token_hex(16)
    release.digest = _digest(release.salt, snap)
    release.figures = {
        "periods": [p.key for p in periods],
        "provinces": codes,
        "figures": figures,
        "withheld": withheld_out,
    }
    release.period_versions = versions
    release.revised_periods = revised
    release.parameters = params.as_dict()
    release.status = sc.ReportStatus.DONE
    release.progress = 100
    release.finished_at = timezone.now()
    release.error = ""
    release.save()


def _store_basis(release, recompute: list[Period], versions: dict) -> None:
    """Keep what the recomputed periods were computed from; drop bases no period of
    this release refers to any more."""
    with connection.cursor() as cursor:
        if recompute:
            cursor.execute(
                """
                INSERT INTO signals_releasebasis
                    (organisation_id, period, version, person_key, mask)
                SELECT %s, period, %s, person_key, mask FROM kb_release_cur
                WHERE period = ANY(%s::int[])
                """,
                [release.organisation_id, release.number, [p.db for p in recompute]],
            )
        kept = [(Period(key).db, version) for key, version in versions.items()]
        cursor.execute(
            """
            DELETE FROM signals_releasebasis rb
            WHERE rb.organisation_id = %s
              AND NOT EXISTS (
                SELECT 1 FROM unnest(%s::int[], %s::int[]) AS k(period, version)
                WHERE k.period = rb.period AND k.version = rb.version)
            """,
            [release.organisation_id, [p for p, _v in kept], [v for _p, v in kept]],
        )


def relations_of(period: Period, release: StatisticsRelease) -> list:
    """The relations a reader may assume between the figures of ``period`` (all
    taken as exact: the strongest reader). Used by the attack suite."""
    codes = release.figures["provinces"]
    return _relations_for(period, _relations(codes), set(), codes)
