-- Signals 0007: a finished statistics release is immutable. Once its status is
-- "klaar" (done) no statement may change or delete it, so a published figure can
-- always be shown as it was published. Frozen with the migration (see core/sql.py).

CREATE OR REPLACE FUNCTION signals_release_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'klaar' THEN
        RAISE EXCEPTION 'statistics release % is published and cannot be changed',
            OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

DROP TRIGGER IF EXISTS signals_release_immutable ON signals_statisticsrelease;
CREATE TRIGGER signals_release_immutable
    BEFORE UPDATE OR DELETE ON signals_statisticsrelease
    FOR EACH ROW EXECUTE FUNCTION signals_release_immutable();
