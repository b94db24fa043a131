#!/usr/bin/env bash
# Logical backup of Helhet's databases with pg_dump (custom format, compressed).
#
#   deploy/postgres/backup.sh DIR [DATABASE...]
#
# Writes DIR/<database>/<database>-<UTC time>.dump for each DATABASE (default: plan
# placement volunteer reporting), checks that pg_restore can read it, and removes dumps
# in DIR/<database>/ older than BACKUP_KEEP_DAYS (default 14; 0 keeps all). The server
# and user come from the usual libpq variables: PGHOST, PGPORT, PGUSER, PGPASSWORD (or
# ~/.pgpass). Exit status 0 only if every database was dumped.
#
# The write-side databases (plan, placement, volunteer) cannot be rebuilt from Kafka:
# their events carry ids only. These dumps (or CloudNativePG's backups) are their only
# copy outside the server. See docs/operations.md, "Backups and restore".
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 DIR [DATABASE...]" >&2
  exit 2
fi
dir=$1
shift
databases=("$@")
[[ ${#databases[@]} -gt 0 ]] || databases=(plan placement volunteer reporting)
keep_days=${BACKUP_KEEP_DAYS:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
status=0
for db in "${databases[@]}"; do
  mkdir -p "$dir/$db"
  target="$dir/$db/$db-$stamp.dump"
  if pg_dump --format=custom --compress=6 --file="$target.partial" --dbname="$db" \
      && pg_restore --list "$target.partial" > /dev/null; then
    mv "$target.partial" "$target"
    echo "backup $db: $target ($(du -h "$target" | cut -f1))"
  else
    rm -f "$target.partial"
    echo "backup $db: FAILED" >&2
    status=1
  fi
  if [[ "$keep_days" != 0 ]]; then
    find "$dir/$db" -name "$db-*.dump" -type f -mtime +"$keep_days" -print -delete
  fi
done
exit $status
