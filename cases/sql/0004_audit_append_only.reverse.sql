-- Reverses migration cases 0004; frozen with it (see core/sql.py).

DROP TRIGGER IF EXISTS cases_auditevent_append_only ON cases_auditevent;
DROP FUNCTION IF EXISTS cases_auditevent_append_only();
