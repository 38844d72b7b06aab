-- Audit events are append-only: the application may insert them, never change or
-- delete them. The model refuses too (AuditEvent.save and .delete), but this trigger
-- also stops raw SQL, bulk updates and queryset deletes.
-- Loaded by migration cases 0004; frozen with it (see core/sql.py).

CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cases_auditevent_append_only
    BEFORE UPDATE OR DELETE ON cases_auditevent
    FOR EACH ROW EXECUTE FUNCTION cases_auditevent_append_only();
