#!/usr/bin/env bash
# Compose's second init script (docker-entrypoint-initdb.d, after init.sql made the
# databases): per service database an owner role (<db>, runs `migrate` through
# <PREFIX>_MIGRATION_DATABASE_URL) and a runtime role (<db>_app, the api, relay,
# consumer and jobs through <PREFIX>_DATABASE_URL), then runtime-role.sql's grants.
#
# Passwords from the environment, required (no defaults): HELHET_DB_OWNER_PASSWORD
# (every owner role) and HELHET_DB_RUNTIME_PASSWORD (every runtime role). Idempotent:
# on an existing data volume run it by hand (it also resets the passwords):
#   docker compose exec postgres bash /docker-entrypoint-initdb.d/20-helhet-roles.sh
set -euo pipefail
: "${HELHET_DB_OWNER_PASSWORD:?set HELHET_DB_OWNER_PASSWORD}"
: "${HELHET_DB_RUNTIME_PASSWORD:?set HELHET_DB_RUNTIME_PASSWORD}"
grants=${HELHET_RUNTIME_ROLE_SQL:-/etc/helhet/runtime-role.sql}
psql=(psql -X -q -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}")
# HELHET_DATABASES overrides the list (tests).
for db in ${HELHET_DATABASES:-plan placement volunteer reporting}; do
  "${psql[@]}" --dbname postgres -v db="$db" -v owner="$db" -v runtime="${db}_app" \
    -v owner_pw="$HELHET_DB_OWNER_PASSWORD" -v runtime_pw="$HELHET_DB_RUNTIME_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'owner')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'runtime')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'runtime') \gexec
ALTER ROLE :"owner" PASSWORD :'owner_pw';
ALTER ROLE :"runtime" PASSWORD :'runtime_pw';
ALTER DATABASE :"db" OWNER TO :"owner";
SQL
  "${psql[@]}" --dbname "$db" -v db="$db" -v owner="$db" -v runtime="${db}_app" -f "$grants"
  echo "helhet roles: $db (owner $db, runtime ${db}_app)"
done
