"""Retention: remove what is kept longer than its term. Idempotent; reports counts.

Terms (days, from the environment via settings.KLANKBORD_RETENTION):
- ``closed_cases``: a case closed longer ago is deleted with everything recorded
  about it (notes, contact log, consents, handoffs, referrals, status history,
  breaches of confidentiality, object grants, files and their stored, sealed
  bytes). Office holders left without any case
  are deleted too. Audit rows keep only ids and stay until their own term.
- ``notes``: notes and contact log entries of closed cases, older than this, are
  deleted before the case itself is (the case's outcome stays for a reopening).
- ``access_log``: audit events older than this are deleted, through the database
  function ``cases_auditevent_purge``: the application's database role may not
  delete them itself. The function refuses a term shorter than the one the database
  keeps (``cases_auditevent_retention``, at least a year, set by the owner role), so
  the purge uses the longer of the two.
- Expired sessions are cleared on every run.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from cases import constants as c
from cases.models import Case, Note, OfficeHolder
from cases.services import files as case_files

logger = logging.getLogger(__name__)


def _cutoff(kind: str, now):
    return now - timedelta(days=settings.KLANKBORD_RETENTION[kind])


def _access_log_days(cursor) -> int:
    """The access log's term: the setting, never shorter than the database's own."""
    cursor.execute("SELECT days FROM cases_auditevent_retention")
    return max(settings.KLANKBORD_RETENTION["access_log"], cursor.fetchone()[0])


def purge(now=None) -> dict[str, int]:
    """Run every retention rule once. Safe to run again and concurrently (row locks,
    each rule in its own transaction). Returns what was removed, by kind."""
    from security.models import RetentionRun, UserSession

    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    counts = {}
    with transaction.atomic():
        old_notes = Note.objects.filter(
            case__status=c.Status.CLOSED, created_at__lt=_cutoff("notes", now)
        )
        counts["notes"] = old_notes.delete()[1].get("cases.Note", 0)
    counts.update(closed_cases=0, case_records=0, office_holders=0, kept=0)
    expired = Case.objects.filter(
        status=c.Status.CLOSED, closed_at__lt=_cutoff("closed_cases", now)
    ).values_list("pk", "office_holder_id")
    for case_id, holder_id in list(expired):
        # One case per transaction: a case another module protects (PROTECT) is
        # kept and counted, and does not stop the rest.
        try:
            with transaction.atomic():
                locked = (
                    Case.objects.select_for_update(skip_locked=True)
                    .filter(pk=case_id, status=c.Status.CLOSED)
                    .first()
                )
                if locked is None:
                    continue
                # The case's files go with their rows, once that has committed.
                stored = case_files.stored_names_of_cases([case_id])
                deleted = locked.delete()[1]
                case_files.remove_stored_after_commit(stored)
                counts["closed_cases"] += deleted.get("cases.Case", 0)
                counts["case_records"] += sum(
                    n for label, n in deleted.items() if label != "cases.Case"
                )
                holder = OfficeHolder.objects.filter(
                    pk=holder_id, cases__isnull=True
                ).first()
                if holder is not None:
                    try:
                        with transaction.atomic():
                            holder.delete()
                        counts["office_holders"] += 1
                    except (ProtectedError, RestrictedError):
                        pass  # still referred to elsewhere: kept
        except (ProtectedError, RestrictedError):
            counts["kept"] += 1
            logger.warning("Retention: case %s is protected and was kept.", case_id)
    with transaction.atomic(), connection.cursor() as cursor:
        days = _access_log_days(cursor)
        cursor.execute("SELECT cases_auditevent_purge(%s)", [days])
        counts["access_log"] = cursor.fetchone()[0]
    counts["sessions"] = UserSession.objects.filter(expire_date__lt=now).delete()[0]
    run.finished_at = timezone.now()
    run.counts = counts
    run.save(update_fields=["finished_at", "counts"])
    logger.info("Retention purge removed %s", counts)
    return counts
