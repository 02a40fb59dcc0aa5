#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the test suite when no server answers.
#   source scripts/pg_throwaway.sh; pg_throwaway_start   -> exports NEWSPRISM_TEST_PG
#   pg_throwaway_stop                                     -> stops it and removes its files
# Uses Debian's postgresql binaries (installed with apt-get when missing and running as root):
# initdb into a temporary folder, trust authentication, a free port on 127.0.0.1.

PG_THROWAWAY_DIR=""

_pg_answers() {  # $1: URL; true when a server accepts a connection there
  .venv/bin/python - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://", 1)
psycopg.connect(url, connect_timeout=3).close()
PY
}

_pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

pg_throwaway_start() {
  local url="${NEWSPRISM_TEST_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
  if _pg_answers "$url"; then
    export NEWSPRISM_TEST_PG="$url"
    return 0
  fi
  local bindir
  bindir=$(_pg_bindir || true)
  if [ -z "$bindir" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing Debian's postgresql for the PostgreSQL tests ..."
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || echo "could not install postgresql: PostgreSQL tests will be skipped"
      bindir=$(_pg_bindir || true)
    else
      echo "no PostgreSQL server at $url and not root: PostgreSQL tests will be skipped"
    fi
  fi
  [ -n "$bindir" ] || return 0
  local run_as=() owner
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
    owner=postgres
    id postgres >/dev/null 2>&1 || owner=nobody
    run_as=(runuser -u "$owner" --)
  fi
  PG_THROWAWAY_DIR=$(mktemp -d /tmp/newsprism-pg.XXXXXX)
  chown "$owner" "$PG_THROWAWAY_DIR"
  local port
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if "${run_as[@]}" "$bindir/initdb" -D "$PG_THROWAWAY_DIR/data" -U postgres --auth=trust -E UTF8 \
       --no-sync >"$PG_THROWAWAY_DIR/initdb.log" 2>&1 \
     && "${run_as[@]}" "$bindir/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w \
       -o "-p $port -k $PG_THROWAWAY_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
       start >/dev/null; then
    export NEWSPRISM_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"
    echo "started a throwaway PostgreSQL ($("$bindir/postgres" --version)) on 127.0.0.1:$port"
  else
    echo "could not start a throwaway PostgreSQL (see $PG_THROWAWAY_DIR): PostgreSQL tests will be skipped"
    tail -n 5 "$PG_THROWAWAY_DIR"/*.log 2>/dev/null || true
  fi
}

pg_throwaway_stop() {
  [ -n "$PG_THROWAWAY_DIR" ] || return 0
  local bindir run_as=()
  bindir=$(_pg_bindir || true)
  [ "$(id -u)" = 0 ] && run_as=(runuser -u "$(stat -c %U "$PG_THROWAWAY_DIR")" --)
  if [ -n "$bindir" ] && [ -f "$PG_THROWAWAY_DIR/data/postmaster.pid" ]; then
    "${run_as[@]}" "$bindir/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_THROWAWAY_DIR"
  PG_THROWAWAY_DIR=""
}
