#!/usr/bin/env bash
# Every production part on one machine, started with one command (`make prod-up`):
#   PostgreSQL primary (port 5440) + a streaming replica made with pg_basebackup (port 5441),
#   two gunicorn servers (8101, 8102) behind nginx (https on 8443, http 8080 redirects),
#   two task workers (`manage.py run_worker`: django-tasks' worker with a heartbeat), and the scheduled commands as a cron file.
# Every thing it starts is written to $RUN/started; deploy/prod-down.sh stops exactly those.
# The same steps, machine by machine, are the deployment guide: docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUN=${LIXING_PROD_RUN:-$ROOT/var/prod}
PGVER=${LIXING_PG_VERSION:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)}
PRIMARY_PORT=${LIXING_PG_PORT:-5440}
REPLICA_PORT=${LIXING_PG_REPLICA_PORT:-5441}
HTTP_PORT=${LIXING_HTTP_PORT:-8080}
HTTPS_PORT=${LIXING_HTTPS_PORT:-8443}
APP_PORTS=${LIXING_APP_PORTS:-"8101 8102"}
WORKERS=${LIXING_WORKERS:-2}
DEMO=${LIXING_PROD_DEMO:-1}
PRIMARY=lixing_primary
REPLICA=lixing_replica

ONLY_PROCESSES=0
[ "${1:-}" = "--processes" ] && ONLY_PROCESSES=1   # (re)start only the processes that are down

say() { printf '== %s\n' "$*"; }
die() { printf 'prod-up: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it installs Debian packages and starts PostgreSQL clusters)"
mkdir -p "$RUN"/{log,run,tls,nginx-tmp}
touch "$RUN/started"
started() { grep -qxF "$*" "$RUN/started" || echo "$*" >> "$RUN/started"; }

if [ "$ONLY_PROCESSES" = 0 ]; then
# --- Debian packages ------------------------------------------------------------------------
need=""
command -v pg_ctlcluster >/dev/null || need="$need postgresql"
command -v nginx >/dev/null || need="$need nginx"
command -v openssl >/dev/null || need="$need openssl"
command -v envsubst >/dev/null || need="$need gettext-base"
if [ -n "$need" ]; then
  say "installing:$need"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  PGVER=${LIXING_PG_VERSION:-$(ls /usr/lib/postgresql | sort -n | tail -1)}
fi
make -s install >/dev/null

# --- Secrets (made once, kept in $RUN, readable by root only) --------------------------------
if [ ! -f "$RUN/secrets.env" ]; then
  umask 077
  {
    echo "DB_PASSWORD=$(openssl rand -hex 16)"
    echo "LIXING_SECRET_KEY=$(openssl rand -base64 48 | tr -d '\n/+=')"
  } > "$RUN/secrets.env"
  umask 022
fi
# shellcheck disable=SC1091
. "$RUN/secrets.env"

# --- PostgreSQL primary ----------------------------------------------------------------------
cluster_exists() { pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PGVER $1"; }
if ! cluster_exists $PRIMARY; then
  say "creating the primary cluster ($PGVER/$PRIMARY, port $PRIMARY_PORT)"
  pg_createcluster "$PGVER" $PRIMARY --port "$PRIMARY_PORT" >/dev/null
  printf '%s\n' "listen_addresses = '127.0.0.1'" "max_connections = 200" "wal_level = replica" \
    "max_wal_senders = 5" "wal_keep_size = '256MB'" > "/etc/postgresql/$PGVER/$PRIMARY/conf.d/lixing.conf"
  started "pgcluster $PGVER $PRIMARY created"
fi
pg_ctlcluster "$PGVER" $PRIMARY start 2>/dev/null || true
started "pgcluster $PGVER $PRIMARY"
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" || die "the primary does not start (log: /var/log/postgresql/postgresql-$PGVER-$PRIMARY.log)"
psql_primary() { su postgres -c "psql -q -p $PRIMARY_PORT -v ON_ERROR_STOP=1 $*"; }
if ! su postgres -c "psql -p $PRIMARY_PORT -tAc \"select 1 from pg_roles where rolname='lixing'\"" | grep -q 1; then
  psql_primary "-c \"create role lixing login replication createdb password '$DB_PASSWORD'\""
  psql_primary "-c \"create database lixing owner lixing\""
fi

# --- Streaming replica (pg_basebackup) -------------------------------------------------------
if ! cluster_exists $REPLICA; then
  say "creating the streaming replica ($PGVER/$REPLICA, port $REPLICA_PORT) with pg_basebackup"
  pg_createcluster "$PGVER" $REPLICA --port "$REPLICA_PORT" >/dev/null
  printf '%s\n' "listen_addresses = '127.0.0.1'" "max_connections = 200" "hot_standby = on" \
    > "/etc/postgresql/$PGVER/$REPLICA/conf.d/lixing.conf"
  data=$(pg_lsclusters -h | awk -v v="$PGVER" -v n=$REPLICA '$1==v && $2==n {print $6}')
  rm -rf "${data:?}"/*
  su postgres -c "PGPASSWORD='$DB_PASSWORD' pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U lixing -D '$data' -R -X stream -c fast"
  started "pgcluster $PGVER $REPLICA created"
fi
pg_ctlcluster "$PGVER" $REPLICA start 2>/dev/null || true
started "pgcluster $PGVER $REPLICA"
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" || die "the replica does not start (log: /var/log/postgresql/postgresql-$PGVER-$REPLICA.log)"

# --- The application's environment -----------------------------------------------------------
cat > "$RUN/env" <<EOF
DATABASE_URL=postgres://lixing:$DB_PASSWORD@127.0.0.1:$PRIMARY_PORT/lixing
LIXING_REPLICA_URL=postgres://lixing:$DB_PASSWORD@127.0.0.1:$REPLICA_PORT/lixing
LIXING_SECRET_KEY=$LIXING_SECRET_KEY
LIXING_PRODUCTION=1
LIXING_ALLOWED_HOSTS=127.0.0.1,localhost
LIXING_TRUSTED_PROXIES=127.0.0.1
LIXING_CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$HTTPS_PORT,https://localhost:$HTTPS_PORT
LIXING_SHARED_CACHE=1
LIXING_VAR_DIR=$RUN/var
LIXING_MEDIA_ROOT=$RUN/var/media
EOF
chmod 600 "$RUN/env"
set -a
# shellcheck disable=SC1091
. "$RUN/env"
set +a
mkdir -p "$RUN/var/media"

say "migrating the primary, shared cache table, static files"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py collectstatic --noinput -v 0
if [ "$DEMO" = 1 ]; then
  say "demo district (first time only)"
  .venv/bin/python manage.py demo --if-empty
fi

fi  # ONLY_PROCESSES
set -a
# shellcheck disable=SC1091
. "$RUN/env"
set +a

# --- Two gunicorn servers --------------------------------------------------------------------
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
for port in $APP_PORTS; do
  pid=$RUN/run/gunicorn-$port.pid
  if ! alive "$pid"; then
    say "gunicorn on 127.0.0.1:$port"
    .venv/bin/gunicorn config.wsgi -c deploy/gunicorn.conf.py --bind "127.0.0.1:$port" \
      --pid "$pid" --daemon --error-logfile "$RUN/log/gunicorn-$port.log" --access-logfile "$RUN/log/access-$port.log"
  fi
  started "pid $pid"
done

# --- Two task workers ------------------------------------------------------------------------
for i in $(seq 1 "$WORKERS"); do
  pid=$RUN/run/worker-$i.pid
  if ! alive "$pid"; then
    say "task worker $i"
    setsid nohup .venv/bin/python manage.py run_worker > "$RUN/log/worker-$i.log" 2>&1 < /dev/null &
    echo $! > "$pid"
  fi
  started "pid $pid"
done

# --- nginx in front (TLS with a self-signed certificate until the office installs its own) ---
if [ ! -f "$RUN/tls/server.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=lixing.local" \
    -keyout "$RUN/tls/server.key" -out "$RUN/tls/server.crt" 2>/dev/null
fi
upstreams=""
for port in $APP_PORTS; do upstreams="$upstreams    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;\n"; done
export RUN ROOT HTTP_PORT HTTPS_PORT
export STATIC_ROOT="$RUN/var/static" MEDIA_MAX_MB="${LIXING_MAX_UPLOAD_MB:-20}"
export NGINX_USER=$(id -un)
UPSTREAMS=$(printf "%b" "$upstreams") envsubst '$RUN $ROOT $HTTP_PORT $HTTPS_PORT $STATIC_ROOT $MEDIA_MAX_MB $NGINX_USER $UPSTREAMS' \
  < deploy/nginx.conf.template > "$RUN/nginx.conf"
nginx -t -c "$RUN/nginx.conf" -q
if alive "$RUN/run/nginx.pid"; then
  nginx -c "$RUN/nginx.conf" -s reload
else
  say "nginx on https://127.0.0.1:$HTTPS_PORT (http $HTTP_PORT redirects)"
  nginx -c "$RUN/nginx.conf"
fi
started "nginx $RUN/nginx.conf"

# --- Scheduled commands ----------------------------------------------------------------------
sed -e "s#@ROOT@#$ROOT#g" -e "s#@ENV@#$RUN/env#g" -e "s#@LOG@#$RUN/log#g" deploy/lixing.cron > "$RUN/lixing.cron"
if [ -d /etc/cron.d ]; then
  cp "$RUN/lixing.cron" /etc/cron.d/lixing
  started "file /etc/cron.d/lixing"
fi

for _ in $(seq 1 30); do
  curl -skf "https://127.0.0.1:$HTTPS_PORT/healthz" >/dev/null && break; sleep 1
done
curl -skf "https://127.0.0.1:$HTTPS_PORT/healthz" >/dev/null || die "the site does not answer on https://127.0.0.1:$HTTPS_PORT/healthz (logs: $RUN/log)"
say "up: https://127.0.0.1:$HTTPS_PORT  (stop with: make prod-down; logs in $RUN/log)"
