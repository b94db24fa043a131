-- Runs once, when the PostgreSQL data volume is initialised (docker-entrypoint-initdb.d),
-- as the superuser named by POSTGRES_USER. One database per service: a service never
-- reads another service's database. Each service's own `migrate` creates its tables.
CREATE DATABASE plan;
CREATE DATABASE placement;
CREATE DATABASE volunteer;
CREATE DATABASE reporting;
