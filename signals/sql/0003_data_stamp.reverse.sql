-- Reverses migration signals 0003 (its tables go with the models); frozen with it
-- (see core/sql.py).

DROP TRIGGER IF EXISTS signals_renew_datastamp ON signals_signal;
DROP TRIGGER IF EXISTS signals_renew_datastamp ON cases_consent;
DROP TRIGGER IF EXISTS signals_renew_datastamp ON regions_province;
DROP FUNCTION IF EXISTS signals_renew_datastamp();
