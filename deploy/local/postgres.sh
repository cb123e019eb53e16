#!/usr/bin/env bash
# PostgreSQL (15 or newer) from Debian's packages, in a project-local data folder, on 127.0.0.1:$YUQING_PG_PORT.
# Usage: postgres.sh up|status|down. Idempotent: a running server is reused.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_DIR="$STATE_DIR/pg"

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    local major
    major="$(basename "$(dirname "$dir")")"
    if [ "${major%%.*}" -ge 15 ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"; return 0
    fi
  done
  return 1
}

install_pg() {
  command -v apt-get >/dev/null || die "PostgreSQL 15+ is not installed and apt-get is missing; install PostgreSQL or set DATABASE_URL"
  log "installing PostgreSQL from Debian's packages"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
}

# The server refuses to run as root: as root we run it as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dir() {
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR"
    if ! runuser -u postgres -- test -w "$PG_DIR"; then
      # The checkout sits where the postgres user cannot reach (e.g. under /root): keep the data beside it.
      PG_DIR="/var/tmp/yuqing-$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-12)/pg"
      mkdir -p "$PG_DIR" && chown postgres:postgres "$PG_DIR" "$(dirname "$PG_DIR")"
      log "the postgres user cannot write under $STATE_DIR; data kept in $PG_DIR"
    fi
  fi
  ln -sfn "$PG_DIR" "$STATE_DIR/pg-data-link" 2>/dev/null || true
}

resolve_dir() {
  if [ -L "$STATE_DIR/pg-data-link" ]; then PG_DIR="$(readlink "$STATE_DIR/pg-data-link")"; fi
}

up() {
  local bin
  bin="$(find_pg_bin)" || { install_pg; bin="$(find_pg_bin)" || die "PostgreSQL 15+ not found after install"; }
  prepare_dir
  local data="$PG_DIR/data" logfile="$PG_DIR/postgres.log"

  if [ -f "$data/postmaster.pid" ] && as_pg "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT (data $data)"
  else
    if port_open "$PG_PORT"; then
      die "port $PG_PORT is taken by another process; set YUQING_PG_PORT or DATABASE_URL"
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      log "initialising a new cluster in $data"
      local pwfile="$PG_DIR/.pwfile"
      printf '%s\n' "$PG_PASSWORD" >"$pwfile"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pwfile"
      as_pg "$bin/initdb" -D "$data" -U "$PG_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 ||
        { rm -f "$pwfile"; die "initdb failed; see $PG_DIR/initdb.log"; }
      rm -f "$pwfile"
    fi
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log $logfile)"
    # Only TCP on loopback; an abandoned transaction must not stall the commit-order readers forever.
    as_pg "$bin/pg_ctl" start -D "$data" -l "$logfile" -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $PG_PORT \
      -c unix_socket_directories='' -c max_connections=300 -c shared_buffers=256MB \
      -c idle_in_transaction_session_timeout=300s" >/dev/null ||
      die "PostgreSQL did not become ready within 60 s; see $logfile"
  fi

  local tries=0
  until PGPASSWORD="$PG_PASSWORD" "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres; do
    tries=$((tries + 1)); [ $tries -gt 60 ] && die "PostgreSQL not accepting connections; see $logfile"; sleep 0.5
  done
  if ! PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "select 1 from pg_database where datname = '$PG_DATABASE'" | grep -q 1; then
    PGPASSWORD="$PG_PASSWORD" psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -c "create database $PG_DATABASE" ||
      die "could not create database $PG_DATABASE"
  fi
}

status() {
  resolve_dir
  local bin; bin="$(find_pg_bin)" || { echo "postgres: not installed"; return 0; }
  if [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" status -D "$PG_DIR/data" >/dev/null 2>&1; then
    echo "postgres: running on 127.0.0.1:$PG_PORT (data $PG_DIR/data)"
  else
    echo "postgres: stopped"
  fi
}

down() {
  resolve_dir
  local bin; bin="$(find_pg_bin)" || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" stop -D "$PG_DIR/data" -m fast -w -t 60 >/dev/null 2>&1 ||
      die "PostgreSQL did not stop within 60 s; see $PG_DIR/postgres.log"
    log "PostgreSQL stopped"
  fi
}

case "${1:-}" in
  up) up ;; status) status ;; down) down ;;
  *) echo "usage: $0 up|status|down" >&2; exit 2 ;;
esac
