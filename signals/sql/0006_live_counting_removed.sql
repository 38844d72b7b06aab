-- Signals 0006: the dashboard no longer counts live (figures change only at a
-- statistics release), so the triggers that kept the data stamp and the per-person
-- summary go, and with them their write cost on every signal and consent. Frozen
-- with the migration (see core/sql.py).

DROP TRIGGER IF EXISTS signals_summary_insert ON signals_signal;
DROP TRIGGER IF EXISTS signals_summary_update ON signals_signal;
DROP TRIGGER IF EXISTS signals_summary_delete ON signals_signal;
DROP TRIGGER IF EXISTS signals_summary_truncate ON signals_signal;
DROP TRIGGER IF EXISTS signals_summary_insert ON cases_consent;
DROP TRIGGER IF EXISTS signals_summary_update ON cases_consent;
DROP TRIGGER IF EXISTS signals_summary_delete ON cases_consent;
DROP TRIGGER IF EXISTS signals_summary_truncate ON cases_consent;
DROP TRIGGER IF EXISTS signals_summary_provinces ON regions_province;
DROP FUNCTION IF EXISTS signals_summary_rebuild();
DROP FUNCTION IF EXISTS signals_summary_after_consents();
DROP FUNCTION IF EXISTS signals_summary_after_signals();
DROP FUNCTION IF EXISTS signals_refresh_changed(bigint[]);
DROP FUNCTION IF EXISTS signals_refresh_persons(bigint[]);
DROP TRIGGER IF EXISTS signals_renew_datastamp ON signals_signal;
DROP TRIGGER IF EXISTS signals_renew_datastamp ON cases_consent;
DROP TRIGGER IF EXISTS signals_renew_datastamp ON regions_province;
DROP FUNCTION IF EXISTS signals_renew_datastamp();
