#!/usr/bin/env bash
# The production shape on one machine: gunicorn, PostgreSQL, Redis, a Celery worker and beat,
# with production settings (DEBUG off). TLS is not terminated on loopback, so the HTTPS redirect is
# off here; everything else is as in production. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
# Given DATABASE_URL and REDIS_URL, use those services as they are; otherwise install/start the
# local ones (ops/services.sh, which sets the role's password to DB_PASSWORD).
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  eval "$(ops/services.sh)"
fi
export DATABASE_URL REDIS_URL
[ -s var/stack-secret-key ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/stack-secret-key
export DJANGO_DEBUG=false
export DJANGO_ENV_FILE=""  # never the development .env
export DJANGO_SECRET_KEY="$(cat var/stack-secret-key)"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"
export DJANGO_SECURE_SSL_REDIRECT=false
export PORT="${PORT:-8000}"

.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_catalogue
.venv/bin/python manage.py load_demo_prices
.venv/bin/python manage.py ensure_models
.venv/bin/python manage.py collectstatic --no-input -v0
echo "Production stack: http://127.0.0.1:${PORT}/ (gunicorn, PostgreSQL, Redis, Celery worker + beat)"
exec .venv/bin/honcho -f ops/Procfile -d . start
