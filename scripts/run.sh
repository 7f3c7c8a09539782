#!/usr/bin/env bash
# Serves the portal with its Celery worker and beat scheduler; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}
mkdir -p .run
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "Stopping Planportalen…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT
.venv/bin/celery -A planportal worker --pool=solo --loglevel=INFO &
pids+=($!)
.venv/bin/celery -A planportal beat --loglevel=INFO --schedule .run/celerybeat-schedule &
pids+=($!)
echo "Planportalen: http://127.0.0.1:$PORT/"
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload &
pids+=($!)
wait -n "${pids[@]}"
