-- Reverses signals 0007; frozen with it (see core/sql.py).

DROP TRIGGER IF EXISTS signals_release_immutable ON signals_statisticsrelease;
DROP FUNCTION IF EXISTS signals_release_immutable();
