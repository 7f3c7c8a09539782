#!/usr/bin/env bash
# Idempotent set-up for `make run` and `make test`: system packages, virtualenv, browser
# libraries, Redis, the database (DATABASE_URL, else the PostgreSQL on 127.0.0.1:5432, else a
# private cluster), .env, translations, migrations. Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- system packages (Debian 12) -------------------------------------------------------
# python3-qgis: QGIS's own OGC API client, for the test that QGIS opens every collection.
PACKAGES=(postgresql-15 postgresql-15-postgis-3 postgresql-contrib gdal-bin binutils redis-server
          chromium chromium-driver hunspell-sv gettext wrk python3-qgis)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Tools that may come from elsewhere than Debian (pyenv's Python, NodeSource's node): only when absent.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python virtualenv -----------------------------------------------------------------
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "Creating .venv"
  "$PY" -m venv .venv
fi
req_hash=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat .venv/.requirements 2>/dev/null)" != "$req_hash" ]; then
  say "Installing requirements.txt"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  echo "$req_hash" > .venv/.requirements
fi

# --- browser libraries from npm (package.json + package-lock.json) ----------------------
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "Installing browser libraries (npm ci)"
  npm ci --no-audit --no-fund --silent
  echo "$lock_hash" > node_modules/.lock-hash
fi

# --- Redis (Celery's broker) -----------------------------------------------------------
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  say "Starting Redis on 127.0.0.1:6379"
  mkdir -p .run
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$ROOT/.run" --logfile "$ROOT/.run/redis.log"
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

# --- database --------------------------------------------------------------------------
env_get() { [ -f .env ] && grep -E "^$1=" .env | tail -n1 | cut -d= -f2- || true; }
DB_URL=${DATABASE_URL:-$(env_get DATABASE_URL)}
PG_BIN=/usr/lib/postgresql/15/bin
PRIVATE_DIR=${PLANPORTAL_PGDIR:-/var/tmp/planportal-pg}

start_private_cluster() {
  local port=$1
  if [ ! -f "$PRIVATE_DIR/data/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in $PRIVATE_DIR (port $port)"
    mkdir -p "$PRIVATE_DIR"
    chown postgres:postgres "$PRIVATE_DIR"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PRIVATE_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! "$PG_BIN/pg_ctl" status -D "$PRIVATE_DIR/data" >/dev/null 2>&1; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PRIVATE_DIR/data" -l "$PRIVATE_DIR/postgres.log" -w start \
      -o "-p $port -k $PRIVATE_DIR -c listen_addresses=127.0.0.1" >/dev/null
  fi
}

if [ -z "$DB_URL" ]; then
  # PLANPORTAL_PRIVATE_DB=1 skips a PostgreSQL on 5432 (e.g. one of your own) for a private cluster.
  if [ -z "${PLANPORTAL_PRIVATE_DB:-}" ] && psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    HOST_PORT=5432
  else
    HOST_PORT=5433
    while psql -h 127.0.0.1 -p "$HOST_PORT" -U postgres -tAc 'select 1' >/dev/null 2>&1 \
      || (exec 3<>/dev/tcp/127.0.0.1/$HOST_PORT) 2>/dev/null; do HOST_PORT=$((HOST_PORT + 1)); done
    start_private_cluster "$HOST_PORT"
  fi
  psql -h 127.0.0.1 -p "$HOST_PORT" -U postgres -d postgres -tAc \
    "select 1 from pg_roles where rolname='planportal'" | grep -q 1 \
    || psql -q -h 127.0.0.1 -p "$HOST_PORT" -U postgres -d postgres -c "CREATE ROLE planportal LOGIN SUPERUSER"
  psql -h 127.0.0.1 -p "$HOST_PORT" -U postgres -d postgres -tAc \
    "select 1 from pg_database where datname='planportal'" | grep -q 1 \
    || psql -q -h 127.0.0.1 -p "$HOST_PORT" -U postgres -d postgres -c "CREATE DATABASE planportal OWNER planportal"
  DB_URL="postgis://planportal@127.0.0.1:$HOST_PORT/planportal"
  # A private cluster is restarted by the next set-up when the machine has rebooted.
  if [ "$HOST_PORT" != 5432 ]; then echo "$PRIVATE_DIR $HOST_PORT" > .run-private-cluster; fi
else
  if [ -f .run-private-cluster ]; then
    read -r PRIVATE_DIR port < .run-private-cluster
    start_private_cluster "$port"
  fi
fi

if [ "$(env_get DATABASE_URL)" != "$DB_URL" ]; then
  say "Writing .env (DATABASE_URL=$DB_URL)"
  touch .env
  grep -v '^DATABASE_URL=' .env > .env.tmp || true
  echo "DATABASE_URL=$DB_URL" >> .env.tmp
  mv .env.tmp .env
fi
grep -q '^CELERY_BROKER_URL=' .env || echo "CELERY_BROKER_URL=redis://127.0.0.1:6379/0" >> .env

# --- knowledge: Swedish Hunspell dictionary for PostgreSQL full-text search ---------------
# Debian's postgresql-common converts hunspell-sv to UTF-8 and links it into tsearch_data as
# sv_se.dict/.affix (pg_updatedicts). Only a local server can use it; elsewhere (DATABASE_URL on
# another host) the knowledge migration falls back to the Snowball stemmer. Idempotent.
TSEARCH_DIR=/usr/share/postgresql/15/tsearch_data
if [ -f /usr/share/hunspell/sv_SE.dic ] && [ -d "$TSEARCH_DIR" ] && [ ! -e "$TSEARCH_DIR/sv_se.dict" ] \
   && command -v pg_updatedicts >/dev/null 2>&1; then
  say "Installing the Swedish Hunspell dictionary for PostgreSQL (pg_updatedicts)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO pg_updatedicts >/dev/null
fi

# Extensions in the database itself (migrations create them too, for fresh test databases).
.venv/bin/python - <<PYEOF
import psycopg, environ
cfg = environ.Env.db_url_config("$DB_URL")
with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname=cfg["NAME"],
                     password=cfg.get("PASSWORD") or None, autocommit=True) as conn:
    for ext in ("postgis", "pg_trgm", "unaccent"):
        conn.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
PYEOF

# --- translations and migrations -----------------------------------------------------------
# Translations: compile when a .po has no .mo or is newer than it.
stale_po=0
for po in $(find . -path ./.venv -prune -o -path ./node_modules -prune -o -name '*.po' -print); do
  mo="${po%.po}.mo"
  { [ -f "$mo" ] && [ "$mo" -nt "$po" ]; } || stale_po=1
done
if [ "$stale_po" = 1 ]; then
  .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
fi
.venv/bin/python manage.py migrate --noinput -v 0
# knowledge: use the Hunspell dictionary if it appeared after the first migrate (idempotent).
.venv/bin/python manage.py knowledge_search_config -v 0 >/dev/null
