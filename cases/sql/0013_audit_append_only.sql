-- The access log stays append-only for the application: UPDATE is always refused, and
-- DELETE only by the retention purge (security.retention), which sets the
-- transaction-local flag klankbord.audit_purge, and only for rows older than a year.
-- So neither a bug nor an intruder using the application's database role can rewrite
-- or erase recent history. Replaces the function of 0004; the trigger stays.
-- Loaded by migration cases 0013; frozen with it (see core/sql.py).

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
