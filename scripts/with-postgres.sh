#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster on 127.0.0.1, exported as
# TEST_DATABASE_URL, and removes the cluster afterwards.
#   bash scripts/with-postgres.sh npm test
set -euo pipefail
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL is not installed. Install it with: sudo apt-get install -y postgresql" >&2
  exit 1
fi
port="${TEST_PG_PORT:-54329}"
cluster="$(mktemp -d /tmp/rp-postgres.XXXXXX)"
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root, so the cluster belongs to the postgres user.
  chown postgres "$cluster"
  as_owner() { runuser -u postgres -- "$@"; }
fi
stop_cluster() {
  as_owner "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop_cluster EXIT
as_owner "$pg_bin/initdb" -D "$cluster/data" -A trust -U postgres >/dev/null
as_owner "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" \
  -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -w start >/dev/null
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "== Throw-away PostgreSQL ($("$pg_bin/postgres" --version)) at $TEST_DATABASE_URL"
"$@"
