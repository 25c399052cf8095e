#!/usr/bin/env bash
# Back up the database named by DATABASE_URL into one custom-format dump
# (pg_dump -Fc): every table, the audit history included. `make backup`, or
#   DATABASE_URL=postgres://... scripts/backup.sh [FILE]
# FILE defaults to var/backups/scrutineer-<UTC time>.dump; the dump is
# written beside it and renamed only once pg_restore can read it, so a
# failed backup never leaves a file that looks good. Uploaded import files
# live in MEDIA_ROOT, not the database: back that folder up alongside.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL, e.g. postgres://user:password@host:5432/scrutineer}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup: DATABASE_URL is not a PostgreSQL URL (the SQLite demo needs no pg_dump: copy var/scrutineer.sqlite3)" >&2; exit 1 ;;
esac
file=${1:-var/backups/scrutineer-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --no-owner --no-privileges --file="$partial" "$DATABASE_URL"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
echo "backup: wrote $file ($(du -h "$file" | cut -f1))"
