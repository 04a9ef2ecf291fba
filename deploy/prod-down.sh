#!/usr/bin/env bash
# Stops exactly what deploy/prod-up.sh started (listed in $RUN/started), newest first.
# `--purge` also drops the two PostgreSQL clusters it created (their data is lost).
set -uo pipefail
cd "$(dirname "$0")/.."
RUN=${LIXING_PROD_RUN:-$PWD/var/prod}
PURGE=0
[ "${1:-}" = "--purge" ] && PURGE=1
[ -f "$RUN/started" ] || { echo "prod-down: nothing was started (no $RUN/started)"; exit 0; }

stop_pid() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    echo "stopped $(basename "$file" .pid) ($pid)"
  fi
  rm -f "$file"
}

tac "$RUN/started" | while read -r kind a b c; do
  case "$kind" in
    pid) stop_pid "$a" ;;
    nginx) [ -f "$RUN/run/nginx.pid" ] && nginx -c "$a" -s quit 2>/dev/null && echo "stopped nginx" ;;
    file) rm -f "$a" && echo "removed $a" ;;
    pgcluster)
      if [ "${c:-}" = created ]; then
        [ "$PURGE" = 1 ] && pg_dropcluster --stop "$a" "$b" && echo "dropped cluster $a/$b"
      else
        pg_ctlcluster "$a" "$b" stop 2>/dev/null && echo "stopped cluster $a/$b"
      fi ;;
  esac
done
if [ "$PURGE" = 1 ]; then
  rm -f "$RUN/started" "$RUN/secrets.env" "$RUN/env"
else
  # Keep the "created" lines so a later --purge still knows which clusters are ours.
  grep ' created$' "$RUN/started" > "$RUN/started.tmp" || true
  mv "$RUN/started.tmp" "$RUN/started"
fi
