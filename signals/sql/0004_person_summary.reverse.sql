-- Reverses migration signals 0004 (the summary table goes with the model); frozen
-- with it (see core/sql.py).

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
