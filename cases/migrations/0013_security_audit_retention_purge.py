from django.db import migrations

# The access log stays append-only for the application: UPDATE is always refused, and
# DELETE only by the retention purge (security.retention), which sets a transaction-
# local flag, and only for rows older than a year. So neither a bug nor an intruder
# using the application's database role can rewrite or erase recent history.
FORWARD = """
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
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_security_privacy_officer_group")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
