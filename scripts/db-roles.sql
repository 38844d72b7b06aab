-- Klankbord's two database roles and its database; safe to run again. Run as a
-- PostgreSQL superuser (scripts/services.sh does, and the docker-compose db service
-- on its first start, through scripts/docker-db-roles.sh):
--
--   psql -U postgres -d postgres -v db=klankbord -v owner=klankbord_owner \
--        -v app=klankbord_app [-v owner_password=...] [-v app_password=...] \
--        [-v owner_createdb=1] -f scripts/db-roles.sql
--
-- * owner: owns the database, its schema and every table; migrations run as it.
--   owner_createdb=1 lets it create (and drop) test databases: development only
--   (without it, a CREATEDB given before stays).
-- * app: the web app, the worker and beat log in as it. It owns nothing, and gets
--   its privileges on the tables from migration core 0003 (run by the owner).
--
-- A database made before the two roles (tables owned by a superuser, say) is handed
-- to the owner: the database, the public schema and everything in it.
-- See docs/operations.md, "Database roles".

\set ON_ERROR_STOP on
\set QUIET on
\if :{?owner_password}
\else
\set owner_password ''
\endif
\if :{?app_password}
\else
\set app_password ''
\endif
\if :{?owner_createdb}
\else
\set owner_createdb 0
\endif

SELECT format('CREATE ROLE %I LOGIN', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'app')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec

-- Neither role is a superuser or may make roles; the app role may not even create a
-- database, and is no member of the owner (it would inherit the owner's rights).
SELECT format(
    'ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS', :'owner'
) \gexec
SELECT format('ALTER ROLE %I CREATEDB', :'owner') WHERE :'owner_createdb' = '1' \gexec
SELECT format(
    'ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
    :'app'
) \gexec
SELECT format('REVOKE %I FROM %I', :'owner', :'app')
FROM pg_auth_members m
WHERE m.roleid = :'owner'::regrole AND m.member = :'app'::regrole \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'owner', :'owner_password')
WHERE :'owner_password' <> '' \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'app', :'app_password')
WHERE :'app_password' <> '' \gexec

SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'owner') \gexec

\connect :"db"
\set ON_ERROR_STOP on

SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner') \gexec
-- Only the owner creates tables (PostgreSQL 14 and older let everyone).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Tables, views and free-standing sequences not yet the owner's (a table's own
-- sequences follow their table).
SELECT format(
    'ALTER %s %s OWNER TO %I',
    CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                   WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
    c.oid::regclass, :'owner'
)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND c.relowner <> :'owner'::regrole
  AND NOT EXISTS (
      SELECT FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
        AND d.deptype IN ('a', 'i')
  ) \gexec
-- Functions (the triggers' and the purge's), but not an extension's.
SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'owner')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
  AND p.proowner <> :'owner'::regrole
  AND NOT EXISTS (
      SELECT FROM pg_depend d
      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  ) \gexec
