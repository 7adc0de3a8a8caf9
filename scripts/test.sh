#!/usr/bin/env bash
# The whole test suite on both databases: SQLite files first, then PostgreSQL on a
# throwaway loopback server (scripts/postgres.sh, installed from Debian's packages when
# missing). Extra arguments go to vitest (e.g. a file). `npm test -- --sqlite` or
# `-- --postgres` runs one of the two.
set -euo pipefail
cd "$(dirname "$0")/.."
which=(sqlite postgres)
args=()
for a in "$@"; do
  case $a in
  --sqlite) which=(sqlite) ;;
  --postgres) which=(postgres) ;;
  *) args+=("$a") ;;
  esac
done
for db in "${which[@]}"; do
  echo "== tests on ${db}"
  if [[ $db == postgres ]]; then
    SAPAT_TEST_POSTGRES=$(bash scripts/postgres.sh start) npx vitest run "${args[@]}"
  else
    env -u SAPAT_TEST_POSTGRES npx vitest run "${args[@]}"
  fi
done
