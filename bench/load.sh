#!/usr/bin/env bash
# Requests per second on the job list page and the jobs API, served by gunicorn.
#
#   bench/load.sh [DATABASE]        (default pmportal_bench1m, loaded by bench/generate.sh)
#
# Serves the site as production would (debug off, a random secret key, static files
# collected into a temporary folder, whitenoise) on 127.0.0.1:$PORT, then loads it with
# wrk from the same machine for a bounded time per target:
#   /jobs/ and /api/v1/jobs/  the board's first page, the same URL every time
#   html mix and api mix      the first pages of bench/search.py's 163 searches, in turn
# Anonymous list pages are cached per query (jobs/board_cache.py): after its first request
# a URL is served from Redis. JOBS_BOARD_CACHE_SECONDS=0 turns the cache off, so every
# request searches the database.
# Settings (environment): WORKERS (gunicorn processes, default 2 x cores + 1), DURATION
# (default 20s), THREADS (wrk threads, 2), CONNECTIONS (32), PORT (the server's port,
# default 8110), REDIS_URL (the server's cache, default redis://127.0.0.1:6379/10: give a
# database no one else uses on a shared Redis), PGHOST/PGPORT/PGUSER (the database server,
# default postgres@127.0.0.1:5432). The run prints the port and Redis database it uses.
# Needs wrk (apt-get install -y wrk). Stops the server it started when done.
set -euo pipefail

db=${1:-pmportal_bench1m}
cores=$(nproc)
workers=${WORKERS:-$((2 * cores + 1))}
duration=${DURATION:-20s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
port=${PORT:-8110}
base="http://127.0.0.1:$port"

cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$db"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/10}
export DJANGO_DEBUG=0
export JOBS_BOARD_CACHE_SECONDS=${JOBS_BOARD_CACHE_SECONDS:-60}
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_STATIC_ROOT="$work/static"
.venv/bin/python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn pmportal.wsgi --bind "127.0.0.1:$port" --workers "$workers" \
    --worker-tmp-dir /dev/shm --log-level warning &
server=$!
for _ in $(seq 60); do
    curl -fso /dev/null "$base/api/v1/jobs/" && break
    sleep 0.5
done
curl -fso /dev/null "$base/api/v1/jobs/"

for page in html api; do
    .venv/bin/python bench/search.py --urls "$page" >"$work/$page.urls"
done
cat >"$work/mix.lua" <<'LUA'
local urls = {}
for line in io.lines(os.getenv("URLS")) do urls[#urls + 1] = line end
local n = 0
request = function()
  n = n % #urls + 1
  return wrk.format("GET", urls[n])
end
LUA

echo "$(date -u +%FT%TZ); $cores cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gunicorn: $workers sync workers; wrk: $threads threads, $connections connections, $duration"
echo "anonymous list cache: ${JOBS_BOARD_CACHE_SECONDS} s (0: off); server $base; cache $REDIS_URL"
printf '%-14s %9s %8s %8s %8s %8s\n' target "req/s" "p50" "p90" "p99" "errors"
run() {
    local name=$1 url=$2 urls=${3:-}
    local script=()
    [ -n "$urls" ] && script=(-s "$work/mix.lua")
    # Warm the workers' connections and caches before measuring.
    URLS=$urls wrk -t"$threads" -c"$connections" -d3s "${script[@]}" "$url" >/dev/null
    URLS=$urls wrk -t"$threads" -c"$connections" -d"$duration" --latency "${script[@]}" "$url" \
        >"$work/wrk.out"
    awk -v name="$name" '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
        /Non-2xx/ { errors += $NF }
        /Socket errors/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
        END { printf "%-14s %9s %8s %8s %8s %8d\n", name, rps, p50, p90, p99, errors }
    ' "$work/wrk.out"
}
run /jobs/ "$base/jobs/"
run /api/v1/jobs/ "$base/api/v1/jobs/"
run "html mix" "$base" "$work/html.urls"
run "api mix" "$base" "$work/api.urls"
