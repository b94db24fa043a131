-- The runtime role of one service's database: it reads and writes rows, nothing else.
-- Migrations (`<service> migrate`, <PREFIX>_MIGRATION_DATABASE_URL) run as the database's
-- owner role; the api, relay and consumer connect as the runtime role
-- (<PREFIX>_DATABASE_URL), which can neither create, alter, drop nor truncate a table.
--
-- psql variables: db (the database), owner (its owner role, which runs the migrations),
-- runtime (the login role of the service's processes). Both roles must exist. Run it
-- connected to that database as a superuser or as the owner, before or after the
-- migrations (tables that exist get the grants now, tables the owner creates later get
-- them through the default privileges):
--
--   psql -v ON_ERROR_STOP=1 -v db=plan -v owner=plan -v runtime=plan_app -d plan \
--     -f deploy/postgres/runtime-role.sql
--
-- The rebuild of a read model (`reporting-service rebuild`) empties its tables with
-- DELETE, which the runtime role may do.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"owner", :"runtime";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"runtime";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"runtime";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"runtime";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"runtime";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"runtime";
