#!/usr/bin/env bash
# Start the machine's PostgreSQL when it does not answer, so the suite's second
# run has its database. pytest-django creates and drops its own test database.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "Starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 0.5; done
fi
echo "error: PostgreSQL is not answering on 127.0.0.1:5432 (needed by 'make test-postgres')." >&2
exit 1
