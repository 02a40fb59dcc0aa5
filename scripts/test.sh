#!/usr/bin/env bash
# Install newsprism with its test dependencies into ./.venv and run the whole test suite.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k import`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade "pip>=24.2"  # older pip mis-resolves extras under -c
.venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e ".[test]"
# The browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "could not install chromium: browser tests will be skipped"
  else
    echo "chromium not found and not root: browser tests will be skipped"
  fi
fi
# The storage, pipeline, web and job tests also run on PostgreSQL: the server named by
# NEWSPRISM_TEST_PG (default postgresql://postgres@127.0.0.1:5432/postgres), else a throwaway
# cluster of Debian's postgresql (installed when missing), stopped and removed at the end.
. scripts/pg_throwaway.sh
trap pg_throwaway_stop EXIT
pg_throwaway_start
.venv/bin/python -m pytest "$@"
