-- Reverses migration core 0003: the function as cases 0013 made it (with its purge
-- flag), without the TRUNCATE trigger, the purge function and the term.
-- Frozen with core 0003 (see core/sql.py).

DROP FUNCTION IF EXISTS cases_auditevent_purge(integer);
DROP TRIGGER IF EXISTS cases_auditevent_no_truncate ON cases_auditevent;
DROP FUNCTION IF EXISTS cases_auditevent_no_truncate();
DROP TABLE IF EXISTS cases_auditevent_retention;

CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('klankbord.audit_purge', true) = 'on'
       AND OLD.at < now() - interval '365 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
