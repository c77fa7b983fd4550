#!/usr/bin/env bash
# The loopback cluster proof (docs/scale.md, issue 19): not part of `make test`; `make cluster`.
#
# From Debian's packages (installed here when missing), on this machine only:
#   - a PostgreSQL primary (pg_createcluster, port 5440) and a streaming replica of it (5441,
#     pg_basebackup -R),
#   - PgBouncer in transaction mode in front of the primary (6440),
#   - Redis (6390, nothing kept on disk),
# then tests/cluster/driver.py starts three app servers (8101–8103) and two task workers, runs the
# checks and the load, and prints the figures. Everything is torn down on exit (trap), also on
# failure or Ctrl-C. The ports avoid the machine's own PostgreSQL (5432) and Redis (6379).
#
#   CLUSTER_SECONDS=20 CLUSTER_PEOPLE=100 make cluster    # a shorter run
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PRIMARY_PORT="${CLUSTER_PRIMARY_PORT:-5440}"
REPLICA_PORT="${CLUSTER_REPLICA_PORT:-5441}"
BOUNCER_PORT="${CLUSTER_BOUNCER_PORT:-6440}"
REDIS_PORT="${CLUSTER_REDIS_PORT:-6390}"
NAME="tandem$$"

if [[ $(id -u) -ne 0 ]]; then
    echo "run as root (it creates PostgreSQL clusters and runs PgBouncer as the postgres user)" >&2
    exit 2
fi

missing=()
command -v pg_createcluster >/dev/null || missing+=(postgresql)
[[ -x /usr/sbin/pgbouncer ]] || missing+=(pgbouncer)
command -v redis-server >/dev/null || missing+=(redis-server)
if ((${#missing[@]})); then
    echo "installing ${missing[*]} …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # Debian starts what it installs: this proof brings up its own, on its own ports.
    systemctl disable --now pgbouncer >/dev/null 2>&1 || service pgbouncer stop >/dev/null 2>&1 || true
fi
PG_VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"

WORK="$(mktemp -d /tmp/tandem-cluster.XXXXXX)"
chmod 755 "$WORK"
chown postgres "$WORK"  # the clusters' sockets, PgBouncer's pid and log go here
export CLUSTER_WORK="$WORK/run"
mkdir -p "$CLUSTER_WORK"

cleanup() {
    set +e
    [[ -f "$WORK/pgbouncer.pid" ]] && kill "$(cat "$WORK/pgbouncer.pid")" 2>/dev/null
    [[ -f "$WORK/redis.pid" ]] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
    pg_dropcluster --stop "$PG_VERSION" "${NAME}r" 2>/dev/null
    pg_dropcluster --stop "$PG_VERSION" "${NAME}p" 2>/dev/null
    rm -f "/var/log/postgresql/postgresql-$PG_VERSION-${NAME}p.log" "/var/log/postgresql/postgresql-$PG_VERSION-${NAME}r.log"
    if [[ -n "${KEEP_CLUSTER_LOGS:-}" ]]; then
        echo "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT INT TERM

configure() {  # loopback only, sockets in $WORK; the last setting in postgresql.conf wins
    printf "listen_addresses = '127.0.0.1'\nmax_connections = 200\nunix_socket_directories = '%s'\n" "$WORK" \
        >>"/etc/postgresql/$PG_VERSION/$1/postgresql.conf"
}
echo "PostgreSQL $PG_VERSION primary on $PRIMARY_PORT …"
pg_createcluster "$PG_VERSION" "${NAME}p" -p "$PRIMARY_PORT" -d "$WORK/primary" \
    -- --auth-local=trust --auth-host=trust >/dev/null
configure "${NAME}p"
pg_ctlcluster "$PG_VERSION" "${NAME}p" start
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "CREATE DATABASE tandem"

echo "streaming replica on $REPLICA_PORT (pg_basebackup -R) …"
pg_createcluster "$PG_VERSION" "${NAME}r" -p "$REPLICA_PORT" -d "$WORK/replica" \
    -- --auth-local=trust --auth-host=trust >/dev/null
configure "${NAME}r"
rm -rf "$WORK/replica"
runuser -u postgres -- "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
    -D "$WORK/replica" -R -X stream -c fast
pg_ctlcluster "$PG_VERSION" "${NAME}r" start
psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atqc "SELECT 'replica in recovery: ' || pg_is_in_recovery()"

echo "PgBouncer (transaction mode) on $BOUNCER_PORT …"
cat >"$WORK/pgbouncer.ini" <<EOF
[databases]
tandem = host=127.0.0.1 port=$PRIMARY_PORT dbname=tandem
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
pidfile = $WORK/pgbouncer.pid
logfile = $WORK/pgbouncer.log
EOF
echo '"postgres" ""' >"$WORK/userlist.txt"
chown postgres "$WORK/pgbouncer.ini" "$WORK/userlist.txt"
runuser -u postgres -- /usr/sbin/pgbouncer -d "$WORK/pgbouncer.ini"

echo "Redis on $REDIS_PORT …"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$WORK/redis.pid" --dir "$WORK" --logfile "$WORK/redis.log"

export CLUSTER_PRIMARY_URL="postgresql://postgres@127.0.0.1:$PRIMARY_PORT/tandem"
export CLUSTER_BOUNCER_URL="postgresql://postgres@127.0.0.1:$BOUNCER_PORT/tandem"
export CLUSTER_REPLICA_URL="postgresql://postgres@127.0.0.1:$REPLICA_PORT/tandem"
export CLUSTER_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CLUSTER_REPLICA_STOP="pg_ctlcluster $PG_VERSION ${NAME}r stop -m fast"
export CLUSTER_REPLICA_START="pg_ctlcluster $PG_VERSION ${NAME}r start"
# PgBouncer's immediate shutdown (SIGTERM), waited for; then started again and waited for.
export CLUSTER_BOUNCER_STOP="pid=\$(cat $WORK/pgbouncer.pid); kill -TERM \$pid; for i in \$(seq 100); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done"
export CLUSTER_BOUNCER_START="runuser -u postgres -- /usr/sbin/pgbouncer -d $WORK/pgbouncer.ini; for i in \$(seq 100); do $PG_BIN/pg_isready -q -h 127.0.0.1 -p $BOUNCER_PORT -d tandem -U postgres && break; sleep 0.1; done"
cd "$ROOT"
"$PYTHON" tests/cluster/driver.py
