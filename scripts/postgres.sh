#!/usr/bin/env bash
# A throwaway PostgreSQL server on the loopback for tests, CI, the load script and trying
# Sapat on PostgreSQL: Debian's package, a cluster in its own directory, trust auth on
# 127.0.0.1 only. Prints the URL to use as DATABASE_URL (or SAPAT_TEST_POSTGRES).
#   scripts/postgres.sh start | stop | url
# Settings for speed, not durability (fsync off): never point production at this.
set -euo pipefail
PGDIR=${SAPAT_PG_DIR:-/tmp/sapat-pg}
PGPORT=${SAPAT_PG_PORT:-5433}
URL="postgres://sapat@127.0.0.1:${PGPORT}/postgres"

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -z $d ]]; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$d"
}

# postgres refuses to run as root: run it as the package's own user
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case ${1:-start} in
start)
  BIN=$(bindir)
  if [[ ! -f $PGDIR/PG_VERSION ]]; then
    mkdir -p "$PGDIR"
    [[ $(id -u) -eq 0 ]] && chown postgres "$PGDIR"
    as_owner "$BIN/initdb" -D "$PGDIR" -U sapat --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w start -o \
      "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
  fi
  echo "$URL"
  ;;
stop)
  BIN=$(bindir)
  as_owner "$BIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
  ;;
url) echo "$URL" ;;
*)
  echo "usage: scripts/postgres.sh start|stop|url" >&2
  exit 2
  ;;
esac
