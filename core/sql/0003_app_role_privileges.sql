-- What the application's database role may do: read and write the ordinary tables,
-- and nothing else. Run by the owner role, which owns every table; {app} is the
-- application's role (settings.DATABASES["default"]["USER"]).
-- Loaded by migration core 0003; frozen with it (see core/sql.py).

-- Nobody but the owner creates anything in the schema (PostgreSQL 14 and older let
-- every role create tables in public).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {app};

-- The tables there are now, and those later migrations (run by the owner) create.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO {app};

-- The access log: appended to and read, never changed or emptied.
REVOKE ALL ON cases_auditevent FROM {app};
GRANT SELECT, INSERT ON cases_auditevent TO {app};
-- Its term is the owner's to set.
REVOKE ALL ON cases_auditevent_retention FROM {app};
GRANT SELECT ON cases_auditevent_retention TO {app};
GRANT EXECUTE ON FUNCTION cases_auditevent_purge(integer) TO {app};

-- Which migrations ran is the owner's record.
REVOKE ALL ON django_migrations FROM {app};
GRANT SELECT ON django_migrations TO {app};
