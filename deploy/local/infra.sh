#!/usr/bin/env bash
# Starts, reports and stops the servers yuqing needs on a machine without Docker:
#   infra.sh up      PostgreSQL + Kafka (reused when running), topics created, addresses in .local/infra.env
#   infra.sh status  what runs where
#   infra.sh down    stops both; no process is left behind
# DATABASE_URL and KAFKA_BROKERS, when set, win: that server is neither started nor stopped here.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

local_database_url="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE"
local_kafka_brokers="127.0.0.1:$KAFKA_PORT"

up() {
  mkdir -p "$STATE_DIR"
  bash "$HERE/fonts.sh" up # CJK fonts the reporting PDFs embed
  local database_url="${DATABASE_URL:-}" kafka_brokers="${KAFKA_BROKERS:-}"
  if [ -z "$database_url" ]; then bash "$HERE/postgres.sh" up; database_url="$local_database_url"; else
    log "using DATABASE_URL from the environment"; fi
  if [ -z "$kafka_brokers" ]; then bash "$HERE/kafka.sh" up; kafka_brokers="$local_kafka_brokers"; else
    log "using KAFKA_BROKERS from the environment"; fi
  (cd "$REPO_ROOT" && KAFKA_BROKERS="$kafka_brokers" node -r @swc-node/register tools/infra/create-topics.ts)
  printf 'DATABASE_URL=%s\nKAFKA_BROKERS=%s\n' "$database_url" "$kafka_brokers" >"$ENV_FILE"
  log "ready: addresses in $ENV_FILE"
}

status() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "postgres: external (DATABASE_URL)"; else bash "$HERE/postgres.sh" status; fi
  if [ -n "${KAFKA_BROKERS:-}" ]; then echo "kafka: external (KAFKA_BROKERS)"; else bash "$HERE/kafka.sh" status; fi
}

down() {
  # Both are stopped even when one fails; the failure is reported after.
  local status=0
  [ -n "${KAFKA_BROKERS:-}" ] || bash "$HERE/kafka.sh" down || status=$?
  [ -n "${DATABASE_URL:-}" ] || bash "$HERE/postgres.sh" down || status=$?
  rm -f "$ENV_FILE"
  return "$status"
}

case "${1:-}" in
  up) up ;; status) status ;; down) down ;;
  *) echo "usage: $0 up|status|down" >&2; exit 2 ;;
esac
