#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster on loopback and creates the role and
# database the district's tests use (kakou/kakou, kakou_test). Idempotent;
# run as root (CI and the development machines are). Writes the cluster's
# port to $CARGO_TARGET_DIR/district-postgres.port (default target/).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
mkdir -p "$target"

version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$version" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  pg_ctlcluster "$version" main start
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"

as_postgres() { runuser -u postgres -- psql -p "$port" -qAt -v ON_ERROR_STOP=1 "$@"; }
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'kakou'")" != 1 ]; then
  as_postgres -c "CREATE ROLE kakou LOGIN PASSWORD 'kakou'"
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'kakou_test'")" != 1 ]; then
  as_postgres -c "CREATE DATABASE kakou_test OWNER kakou"
fi
echo "$port" > "$target/district-postgres.port"
echo "district-postgres: PostgreSQL $version on 127.0.0.1:$port, database kakou_test"
