#!/usr/bin/env bash
# Restore one database from a dump written by backup.sh (pg_dump custom format).
#
#   deploy/postgres/restore.sh DUMP DATABASE
#
# Creates DATABASE (it must not exist: restore into a fresh database, check it, then
# point the service at it or rename it), restores the dump into it in one transaction,
# and prints how many tables it holds. Stop the service's processes first when you
# replace a live database. Server and user from PGHOST, PGPORT, PGUSER, PGPASSWORD; the
# user must be allowed to create databases (the PostgreSQL superuser or the owner role).
#
# RESTORE_NO_OWNER=1 restores without the dump's owners and grants (into another server
# whose roles differ); the objects then belong to PGUSER.
#
# After a restore: the service's outbox holds the rows it held at backup time; rows not
# yet published are published by the relay when it starts, and consumers skip what they
# applied already. Events written after the backup are lost for this service; the
# services that consumed them keep their copies. See docs/operations.md.
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 DUMP DATABASE" >&2
  exit 2
fi
dump=$1
db=$2
pg_restore --list "$dump" > /dev/null
options=(--exit-on-error --single-transaction)
if [[ "${RESTORE_NO_OWNER:-0}" == 1 ]]; then
  options+=(--no-owner --no-privileges)
fi
createdb "$db"
if ! pg_restore "${options[@]}" --dbname="$db" "$dump"; then
  echo "restore into $db failed; the database $db is left empty for inspection" >&2
  exit 1
fi
psql --dbname="$db" --no-psqlrc --quiet --command="ANALYZE"
tables=$(psql --dbname="$db" --no-psqlrc --tuples-only --no-align \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
echo "restored $dump into $db ($tables tables)"
