-- The access log beyond the reach of the application's database role.
-- Loaded by migration core 0003; frozen with it (see core/sql.py).
--
-- The application connects as a login role that owns nothing and may only INSERT and
-- SELECT audit events (core/sql/0003_app_role_privileges.sql); the tables belong to
-- the owner role that runs the migrations. What follows also holds for the owner:
--
-- * UPDATE is always refused, and DELETE too, except of events older than the term in
--   cases_auditevent_retention, by the owner (the purge function below runs as the
--   owner). Replaces the function of cases 0013 and its session flag
--   klankbord.audit_purge, which any session could set.
-- * TRUNCATE, which fires no row trigger, is refused by a statement trigger.
-- * cases_auditevent_purge() is the one way the application removes events: it runs
--   as the owner (SECURITY DEFINER), with a fixed search_path and every name
--   qualified, and deletes only events older than the term.

-- The term, in days: one row, owned by the owner; the application may read it.
CREATE TABLE cases_auditevent_retention (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    days integer NOT NULL CHECK (days >= 365)
);
INSERT INTO cases_auditevent_retention (days) VALUES (365);

CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID)
           = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
       AND OLD.at < now() - make_interval(
           days => (SELECT r.days FROM public.cases_auditevent_retention r)) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION cases_auditevent_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (TRUNCATE refused)'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cases_auditevent_no_truncate
    BEFORE TRUNCATE ON cases_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION cases_auditevent_no_truncate();

-- Deletes the events older than ``older_than_days`` and returns how many. Refuses a
-- term shorter than the one in cases_auditevent_retention.
CREATE FUNCTION cases_auditevent_purge(older_than_days integer) RETURNS bigint AS $$
DECLARE
    term integer := (SELECT r.days FROM public.cases_auditevent_retention r);
    removed bigint;
BEGIN
    IF older_than_days IS NULL OR older_than_days < term THEN
        RAISE EXCEPTION 'audit events are kept % days (purge of % days refused)',
            term, older_than_days
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM public.cases_auditevent e
        WHERE e.at < pg_catalog.now() - pg_catalog.make_interval(days => older_than_days);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Functions are callable by everyone unless taken back; the grant to the application
-- role is in 0003_app_role_privileges.sql.
REVOKE ALL ON FUNCTION cases_auditevent_purge(integer) FROM PUBLIC;
