#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into the database named by
# DATABASE_URL. `make restore FILE=var/backups/....dump`, or
#   DATABASE_URL=postgres://... scripts/restore.sh FILE
# The target should be a new, empty database (createdb); the restore runs in
# one transaction, so it is all or nothing. Restoring over a database that
# already has tables replaces them, and needs RESTORE_OVER_EXISTING=1.
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:?usage: scripts/restore.sh FILE (a dump made by scripts/backup.sh)}
: "${DATABASE_URL:?set DATABASE_URL to the database to restore into}"
[ -r "$file" ] || { echo "restore: cannot read $file" >&2; exit 1; }
pg_restore --list "$file" >/dev/null || { echo "restore: $file is not a pg_dump custom-format dump" >&2; exit 1; }
tables=$(psql "$DATABASE_URL" -XAtc "select count(*) from information_schema.tables where table_schema = 'public'")
clean=()
if [ "$tables" != 0 ]; then
  if [ "${RESTORE_OVER_EXISTING:-0}" != 1 ]; then
    echo "restore: the target database already has $tables tables; restore into an empty one (createdb), or set RESTORE_OVER_EXISTING=1 to replace them" >&2
    exit 1
  fi
  clean=(--clean --if-exists)
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  "${clean[@]}" --dbname="$DATABASE_URL" "$file"
echo "restore: restored $file ($(psql "$DATABASE_URL" -XAtc "select count(*) from information_schema.tables where table_schema = 'public'") tables)"
