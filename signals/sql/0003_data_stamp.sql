-- The data stamp: one row whose token is renewed by every statement that changes
-- signals, consents or provinces. A cached dashboard release (signals_cachedrelease)
-- is valid only while the token it was computed under is current.
-- Loaded by migration signals 0003; frozen with it (see core/sql.py).

INSERT INTO signals_datastamp (id, token) VALUES (1, gen_random_uuid());

-- The body keeps the indentation it was first created with: PostgreSQL stores it as
-- written, and a database built from this file must equal those built before it.
CREATE FUNCTION signals_renew_datastamp() RETURNS trigger AS $$
            BEGIN
                UPDATE signals_datastamp SET token = gen_random_uuid() WHERE id = 1;
                RETURN NULL;
            END;
            $$ LANGUAGE plpgsql;

CREATE TRIGGER signals_renew_datastamp
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON signals_signal
    FOR EACH STATEMENT EXECUTE FUNCTION signals_renew_datastamp();

CREATE TRIGGER signals_renew_datastamp
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cases_consent
    FOR EACH STATEMENT EXECUTE FUNCTION signals_renew_datastamp();

CREATE TRIGGER signals_renew_datastamp
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions_province
    FOR EACH STATEMENT EXECUTE FUNCTION signals_renew_datastamp();
