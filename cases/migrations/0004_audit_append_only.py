from django.db import migrations

# The application may insert audit events, never change or delete them. The model
# refuses too, but this trigger also stops raw SQL, bulk updates and queryset deletes.
FORWARD = """
CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cases_auditevent_append_only
    BEFORE UPDATE OR DELETE ON cases_auditevent
    FOR EACH ROW EXECUTE FUNCTION cases_auditevent_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS cases_auditevent_append_only ON cases_auditevent;
DROP FUNCTION IF EXISTS cases_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_default_organisation")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
