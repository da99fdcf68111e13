#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: trust auth, 127.0.0.1 only, no fsync.
#
#   url=$(tools/pg-throwaway.sh start [DIR])   # prints the SQLAlchemy URL on stdout
#   export ICATI_TEST_PG_URL=$url
#   tools/pg-throwaway.sh url DIR              # prints the URL again
#   tools/pg-throwaway.sh stop DIR             # stops the server and deletes DIR
#
# DIR defaults to a new mktemp directory (its path is reported on stderr). As root the
# server runs as the `postgres` user (initdb refuses root); otherwise as you.
# Environment: PG_BINDIR (server binaries; default the newest /usr/lib/postgresql/*/bin,
# preferring 15), PG_PORT (default: a free port), PG_DATABASE (default icati_test).
set -euo pipefail

DATABASE=${PG_DATABASE:-icati_test}
MARKER=.icati-pg-throwaway

die() { echo "pg-throwaway: $*" >&2; exit 1; }
say() { echo "pg-throwaway: $*" >&2; }

find_bindir() {
    if [[ -n ${PG_BINDIR:-} ]]; then echo "$PG_BINDIR"; return; fi
    if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then echo /usr/lib/postgresql/15/bin; return; fi
    local newest
    newest=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [[ -x $newest/initdb ]]; then echo "$newest"; return; fi
    if command -v pg_config >/dev/null; then pg_config --bindir; return; fi
    local initdb
    initdb=$(command -v initdb) || die "no PostgreSQL server binaries (set PG_BINDIR)"
    dirname "$initdb"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Run a server binary as the cluster owner.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url_for() {
    echo "postgresql+psycopg://postgres@127.0.0.1:$(cat "$1/port")/$DATABASE"
}

start() {
    local dir=${1:-}
    if [[ -z $dir ]]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/icati-pg.XXXXXX")
        say "cluster directory: $dir (stop with: $0 stop $dir)"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ ! -e $dir/data ]] || die "$dir/data already exists"
    # Unix socket paths are limited to ~107 bytes.
    (( ${#dir} < 80 )) || die "directory path too long for a socket: $dir"

    local bindir port
    bindir=$(find_bindir)
    port=${PG_PORT:-$(free_port)}
    echo "$port" > "$dir/port"
    echo "$bindir" > "$dir/bindir"
    touch "$dir/$MARKER"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "user postgres missing (install postgresql)"
        chown -R postgres: "$dir"
    fi

    local locale=C
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale="$locale" --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # -l keeps the server's output off our stdout, so `url=$(… start)` returns.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || { cat "$dir/server.log" >&2; die "server did not start"; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DATABASE" \
        || die "createdb $DATABASE failed"
    say "PostgreSQL $(as_owner "$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
    url_for "$dir"
}

stop() {
    local dir=${1:?usage: $0 stop DIR}
    [[ -f $dir/$MARKER ]] || die "$dir is not a throwaway cluster directory"
    if [[ -f $dir/data/postmaster.pid ]]; then
        as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    fi
    rm -rf -- "$dir"
}

case ${1:-} in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    url) [[ -f ${2:-}/$MARKER ]] || die "usage: $0 url DIR"; url_for "$2" ;;
    *) echo "usage: $0 start [DIR] | url DIR | stop DIR" >&2; exit 2 ;;
esac
