#!/usr/bin/env bash
# Re-create a PostgreSQL benchmark database and load COUNT synthetic postings into it.
#
#   bench/generate.sh DATABASE COUNT [SEED] [extra generate_postings options]
#   LAYOUT=random bench/generate.sh ...   keeps the rows in load order (see below)
#
# The database is dropped first: point it only at a database made for benchmarks.
# PGHOST/PGPORT/PGUSER pick the server (default postgres@127.0.0.1:5432).
set -euo pipefail

db=${1:?database name}
count=${2:?posting count}
seed=${3:-1}
shift $(($# < 3 ? $# : 3))
: "${PGHOST:=127.0.0.1}" "${PGPORT:=5432}" "${PGUSER:=postgres}"
export PGHOST PGPORT PGUSER

cd "$(dirname "$0")/.."
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db" DJANGO_DEBUG=1
.venv/bin/python manage.py migrate -v0
/usr/bin/time -f "wall %e s, loader CPU %U s user + %S s system, peak RSS %M KB" \
    .venv/bin/python manage.py generate_postings --count "$count" --seed "$seed" "$@"
# A live board's table holds postings in the order they arrived, newest last; the
# generator writes them in random order. CLUSTER puts them in board order (status, then
# newest first) so pages read neighbouring rows as they would in production. Set
# LAYOUT=random to keep the load order, the worst case for every search.
start=$(date +%s)
if [ "${LAYOUT:-arrival}" != random ]; then
    psql -X -q -d "$db" -c "CLUSTER jobs_jobposting USING jobs_posting_board"
    echo "cluster $(($(date +%s) - start)) s"
fi
# Fresh statistics and a visibility map, so plans and index-only scans look like production's.
start=$(date +%s)
psql -X -q -d "$db" -c "VACUUM (ANALYZE)"
echo "vacuum analyze $(($(date +%s) - start)) s"
psql -X -At -d "$db" -c "SELECT 'table size ' || pg_size_pretty(pg_total_relation_size('jobs_jobposting')) || ', postings ' || count(*) || ', live ' || count(*) FILTER (WHERE status = 'published') FROM jobs_jobposting"
