-- Reverses signals 0006: the triggers of 0003 and 0004 as they were (copied from
-- their files); the tables come back with the models first. Frozen with 0006.

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

-- The per-person summary (signals_personsummary, the model signals.PersonSummary):
-- each person's counted signals folded per quarter, kept by statement triggers on
-- signals, consents and provinces in the same transaction as the change.
--
-- A signal counts while its standalone consent is not revoked, or, when it was derived
-- from a case, while the case has a valid consent for statistics ('statistiek', the
-- value of cases.constants.ConsentPurpose.STATISTICS). Per quarter the summary holds
-- the OR of the counted signals' value masks (signals_signal.mask) with one bit per
-- province above them (bit 48 + the province's place in the order of CBS codes; see
-- the design note in signals/stats.py).
-- Loaded by migration signals 0004; frozen with it (see core/sql.py).


-- Re-fold the given persons (all persons when keys is NULL) from their signals.
CREATE FUNCTION signals_refresh_persons(keys bigint[]) RETURNS void AS $$
BEGIN
    -- One refresh at a time; every statement after the lock takes a new snapshot, so
    -- a concurrent change to the same person is always included.
    PERFORM pg_advisory_xact_lock(1937008244, 1);
    IF keys IS NULL THEN
        DELETE FROM signals_personsummary;
    ELSE
        DELETE FROM signals_personsummary WHERE person_key = ANY(keys);
    END IF;
    EXECUTE format($sql$
    INSERT INTO signals_personsummary (
        person_key, first_quarter, last_quarter, mask, province_min, province_max,
        region_min, region_max, quarter_masks
    )
    WITH provinces AS (
        SELECT ARRAY(SELECT id FROM regions_province ORDER BY code LIMIT 15) AS ids
    ), counted AS (
        SELECT s.person_key, s.quarter, s.mask, s.province_id, s.region_id,
               array_position(provinces.ids, s.province_id) - 1 AS pbit
        FROM signals_signal s, provinces
        WHERE %s AND (
            (s.case_id IS NULL AND s.consent_revoked_at IS NULL)
            OR (s.case_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM cases_consent c
                WHERE c.case_id = s.case_id AND c.purpose = 'statistiek'
                  AND c.revoked_at IS NULL)))
    ), pq AS (
        SELECT person_key, quarter,
               bit_or(mask) | coalesce(bit_or(1::bigint << (48 + pbit)), 0) AS m,
               min(province_id) AS pmin, max(province_id) AS pmax,
               min(region_id) AS rmin, max(region_id) AS rmax
        FROM counted GROUP BY person_key, quarter
    ), span AS (
        SELECT person_key, min(quarter) AS q0, max(quarter) AS q1, bit_or(m) AS m,
               min(pmin) AS pmin, max(pmax) AS pmax, min(rmin) AS rmin,
               max(rmax) AS rmax
        FROM pq GROUP BY person_key
    )
    SELECT span.person_key, span.q0, span.q1, span.m & ((1::bigint << 48) - 1),
           span.pmin, span.pmax,
           span.rmin, span.rmax,
           -- an array whose subscripts are the quarter numbers
           ('[' || span.q0 || ':' || span.q1 || ']='
            || array_agg(coalesce(pq.m, 0) ORDER BY g)::text)::bigint[]
    FROM span
    CROSS JOIN LATERAL generate_series(span.q0, span.q1) AS g
    LEFT JOIN pq ON pq.person_key = span.person_key AND pq.quarter = g
    GROUP BY span.person_key, span.q0, span.q1, span.m, span.pmin, span.pmax,
             span.rmin, span.rmax
    $sql$, CASE WHEN keys IS NULL THEN 'true' ELSE 's.person_key = ANY($1)' END)
    USING keys;
END;
$$ LANGUAGE plpgsql;

-- Called by the triggers with the persons a statement changed.
CREATE FUNCTION signals_refresh_changed(keys bigint[]) RETURNS void AS $$
BEGIN
    IF keys IS NULL THEN
        RETURN;  -- the statement changed no row
    ELSIF cardinality(keys) > 5000 THEN
        PERFORM signals_refresh_persons(NULL);  -- a bulk change: rebuild in one pass
    ELSE
        PERFORM signals_refresh_persons(keys);
    END IF;
END;
$$ LANGUAGE plpgsql;

-- The persons a statement on signals_signal changed, read from its transition tables.
CREATE FUNCTION signals_summary_after_signals() RETURNS trigger AS $$
DECLARE
    keys bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT person_key) INTO keys FROM (SELECT * FROM new_rows) changed;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT person_key) INTO keys FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT person_key) INTO keys FROM (SELECT * FROM old_rows) changed;
    END IF;
    PERFORM signals_refresh_changed(keys);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The persons whose case a statement on cases_consent changed.
CREATE FUNCTION signals_summary_after_consents() RETURNS trigger AS $$
DECLARE
    keys bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT s.person_key) INTO keys FROM signals_signal s WHERE s.case_id IN (SELECT case_id FROM (SELECT * FROM new_rows) changed);
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT s.person_key) INTO keys FROM signals_signal s WHERE s.case_id IN (SELECT case_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) changed);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT s.person_key) INTO keys FROM signals_signal s WHERE s.case_id IN (SELECT case_id FROM (SELECT * FROM old_rows) changed);
    END IF;
    PERFORM signals_refresh_changed(keys);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Re-fold everyone (after a TRUNCATE, or a change to the provinces).
CREATE FUNCTION signals_summary_rebuild() RETURNS trigger AS $$
BEGIN
    PERFORM signals_refresh_persons(NULL);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;


-- PostgreSQL allows transition tables only on single-event triggers: one per event.
CREATE TRIGGER signals_summary_insert
    AFTER INSERT ON signals_signal REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_after_signals();
CREATE TRIGGER signals_summary_update
    AFTER UPDATE ON signals_signal REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_after_signals();
CREATE TRIGGER signals_summary_delete
    AFTER DELETE ON signals_signal REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_after_signals();

CREATE TRIGGER signals_summary_insert
    AFTER INSERT ON cases_consent REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_after_consents();
CREATE TRIGGER signals_summary_update
    AFTER UPDATE ON cases_consent REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_after_consents();
CREATE TRIGGER signals_summary_delete
    AFTER DELETE ON cases_consent REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_after_consents();

CREATE TRIGGER signals_summary_truncate AFTER TRUNCATE ON signals_signal
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_rebuild();
CREATE TRIGGER signals_summary_truncate AFTER TRUNCATE ON cases_consent
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_rebuild();

-- Province bits follow the order of the CBS codes: any change there re-folds all.
CREATE TRIGGER signals_summary_provinces
    AFTER INSERT OR UPDATE OF code OR DELETE OR TRUNCATE ON regions_province
    FOR EACH STATEMENT EXECUTE FUNCTION signals_summary_rebuild();


-- Fold the signals already there.
SELECT signals_refresh_persons(NULL);
