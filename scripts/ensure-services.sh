#!/usr/bin/env bash
# Make sure what the test suite needs is here: PostgreSQL, Redis and Debian's
# Chromium. As root on Debian it installs or starts what is missing; elsewhere
# it stops with the exact command to run. It never lets a test be skipped.
set -euo pipefail

as_root() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; }

if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  if as_root; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium'." >&2; exit 1
  fi
fi

# WeasyPrint (the report's PDF) needs Pango and a font with its metrics.
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || ! fc-list 2>/dev/null | grep -qi liberation; then
  if as_root; then
    echo "Installing Pango and fonts for the PDF report..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fontconfig >/dev/null
  else
    echo "Pango is missing: run 'sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation'." >&2; exit 1
  fi
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if as_root && command -v pg_ctlcluster >/dev/null; then
    echo "Starting PostgreSQL..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || {
    echo "PostgreSQL is not running on 127.0.0.1:5432: start it, e.g. 'pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start'." >&2; exit 1; }
fi

if ! (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 2 line <&3 && [[ $line == +PONG* ]]) 2>/dev/null; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis..."
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    sleep 1
  else
    echo "Redis is not running on 127.0.0.1:6379: install and start redis-server." >&2; exit 1
  fi
fi
echo "Services: PostgreSQL, Redis and Chromium are ready."
