#!/usr/bin/env bash
# Install (Debian packages) and start PostgreSQL and Redis on loopback, then print the URLs to use.
# Used by .ci/run and `make stack`. Idempotent: safe to run when they already run.
set -euo pipefail

DB_NAME=${DB_NAME:-moeitewaard}
DB_USER=${DB_USER:-moeitewaard}
DB_PASSWORD=${DB_PASSWORD:-moeitewaard-local}

need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

pg_version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster "$pg_version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DB_USER}') THEN
    CREATE ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASSWORD}' CREATEDB;
  ELSE
    ALTER ROLE ${DB_USER} WITH LOGIN PASSWORD '${DB_PASSWORD}' CREATEDB;
  END IF;
END\$\$;
SQL
su postgres -c "createdb -O ${DB_USER} ${DB_NAME}" >&2 2>/dev/null || true

if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >&2
fi
for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done

echo "export DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:5432/${DB_NAME}"
echo "export REDIS_URL=redis://127.0.0.1:6379/0"
