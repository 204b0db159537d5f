#!/usr/bin/env bash
# Start PostgreSQL if it is not running and make the test role and database (idempotent).
# Prints the TEST_DATABASE_URL to use.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
DB_USER=${DB_USER:-barometer}
DB_PASS=${DB_PASS:-barometer}
DB_NAME=${DB_NAME:-barometer_test}
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
PGVER=$(ls /etc/postgresql | sort -n | tail -1)
pg_lsclusters -h | awk -v v="$PGVER" '$1==v && $2=="main"{f=1} END{exit !f}' \
  || pg_createcluster "$PGVER" main >/dev/null
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$PGVER" main start 2>/dev/null \
    || pg_ctlcluster "$PGVER" main start
fi
for _ in $(seq 1 40); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.25; done
pg_isready -q -h 127.0.0.1 -p 5432
psql_su() { runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -qtA "$@"; }
[ "$(psql_su -c "SELECT 1 FROM pg_roles WHERE rolname='${DB_USER}'")" = 1 ] \
  || psql_su -c "CREATE ROLE \"${DB_USER}\" LOGIN CREATEDB"
psql_su -c "ALTER ROLE \"${DB_USER}\" WITH LOGIN CREATEDB PASSWORD '${DB_PASS}'"
if [ "$(psql_su -c "SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'")" != 1 ]; then
  # ICU Danish collation so that ORDER BY sorts æ, ø, å as Danish readers expect.
  psql_su -c "CREATE DATABASE \"${DB_NAME}\" OWNER \"${DB_USER}\" ENCODING 'UTF8' TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'da-DK' LOCALE 'C.UTF-8'" \
    || psql_su -c "CREATE DATABASE \"${DB_NAME}\" OWNER \"${DB_USER}\" ENCODING 'UTF8' TEMPLATE template0"
fi
psql_su -d "${DB_NAME}" -c "ALTER SCHEMA public OWNER TO \"${DB_USER}\""
echo "postgresql+psycopg://${DB_USER}:${DB_PASS}@127.0.0.1:5432/${DB_NAME}"
