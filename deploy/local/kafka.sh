#!/usr/bin/env bash
# Apache Kafka in KRaft mode (one combined broker+controller) on 127.0.0.1:$YUQING_KAFKA_PORT, its jars
# resolved from Maven Central by deploy/local/kafka/pom.xml. Usage: kafka.sh up|status|down. Idempotent.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

K_DIR="$STATE_DIR/kafka"
LIBS="$K_DIR/libs-$KAFKA_VERSION"
DATA="$K_DIR/data"
LOGFILE="$K_DIR/server.log"
PIDFILE="$K_DIR/kafka.pid"
CONFIG="$K_DIR/server.properties"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null && grep -q 'kafka.Kafka' "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

resolve_jars() {
  [ -f "$LIBS/.complete" ] && return 0
  command -v java >/dev/null || die "Java 17 is needed to run Kafka (install openjdk-17-jre-headless) or set KAFKA_BROKERS"
  command -v mvn >/dev/null || die "Maven is needed to fetch the Kafka jars (install maven) or set KAFKA_BROKERS"
  log "resolving Kafka $KAFKA_VERSION jars with Maven into $LIBS"
  mkdir -p "$LIBS"
  mvn -q -B -f "$HERE/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$K_DIR/maven.log" 2>&1 ||
    die "Maven could not resolve the Kafka jars; see $K_DIR/maven.log"
  touch "$LIBS/.complete"
}

write_config() {
  {
    cat "$HERE/kafka/server.properties"
    echo
    echo "# Written by kafka.sh for this machine"
    echo "listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT"
    echo "advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT"
    echo "controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT"
    echo "log.dirs=$DATA"
  } >"$CONFIG"
}

# The JVM options of every Kafka command: heap for a small machine, logging to the state dir, the resolved jars.
jvm_args() {
  JVM_ARGS=(-Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$HERE/kafka/log4j.properties" "-Dkafka.logs.dir=$K_DIR/logs" -cp "$LIBS/*")
}

java_cmd() {
  jvm_args
  java "${JVM_ARGS[@]}" "$@"
}

up() {
  mkdir -p "$K_DIR"
  if pid="$(running_pid)"; then
    log "Kafka already running on 127.0.0.1:$KAFKA_PORT (pid $pid)"
    return 0
  fi
  # A broker of this state dir whose pid file was lost: stop it and start afresh rather than call the port taken.
  stop_strays
  if port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is taken by another process; set YUQING_KAFKA_PORT or KAFKA_BROKERS"
  fi
  resolve_jars
  write_config
  if [ ! -f "$DATA/meta.properties" ]; then
    # A cluster id is a base64url UUID; making one here saves a JVM start.
    local cluster_id
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    log "formatting KRaft storage in $DATA (cluster $cluster_id)"
    java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG" --ignore-formatted >"$K_DIR/format.log" 2>&1 ||
      die "formatting Kafka storage failed; see $K_DIR/format.log"
  fi
  local offset=0
  [ -f "$LOGFILE" ] && offset="$(stat -c %s "$LOGFILE")"
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (log $LOGFILE)"
  # Detached, with every stream on files: a caller waiting on our output must not wait on the broker. setsid
  # execs java in place, so the recorded pid is the broker's own: stopping it stops the broker, nothing else.
  jvm_args
  setsid java "${JVM_ARGS[@]}" kafka.Kafka "$CONFIG" >>"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  local waited=0
  # grep reads the log tail from a process substitution: with pipefail, an early grep exit must not read as failure.
  until grep -q 'Kafka Server started' < <(tail -c +"$((offset + 1))" "$LOGFILE" 2>/dev/null) && port_open "$KAFKA_PORT"; do
    if ! running_pid >/dev/null; then
      die "Kafka exited during start; see $LOGFILE"
    fi
    waited=$((waited + 1))
    if [ $waited -gt 240 ]; then
      # A broker that never became ready must not be taken for a running one by the next `up`.
      down >/dev/null 2>&1 || true
      die "Kafka did not become ready within 120 s; see $LOGFILE"
    fi
    sleep 0.5
  done
  log "Kafka ready on 127.0.0.1:$KAFKA_PORT"
}

status() {
  if pid="$(running_pid)"; then echo "kafka: running on 127.0.0.1:$KAFKA_PORT (pid $pid)"; else echo "kafka: stopped"; fi
}

down() {
  local pid
  pid="$(running_pid)" || { rm -f "$PIDFILE"; stop_strays; return 0; }
  kill "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    waited=$((waited + 1))
    if [ $waited -gt 60 ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
    sleep 0.5
  done
  rm -f "$PIDFILE"
  stop_strays
  log "Kafka stopped"
}

# Brokers started from this state dir whose pid file was lost (or written by an older script): stop them too,
# and fail if one will not go, so "down" never leaves a broker behind.
stop_strays() {
  local strays
  strays="$(pgrep -f "kafka.Kafka $CONFIG" || true)"
  [ -z "$strays" ] && return 0
  kill $strays 2>/dev/null || true
  local waited=0
  while pgrep -f "kafka.Kafka $CONFIG" >/dev/null; do
    waited=$((waited + 1))
    if [ $waited -gt 60 ]; then pkill -9 -f "kafka.Kafka $CONFIG" || true; sleep 1; break; fi
    sleep 0.5
  done
  ! pgrep -f "kafka.Kafka $CONFIG" >/dev/null || die "a Kafka broker of $K_DIR is still running"
}

case "${1:-}" in
  up) up ;; status) status ;; down) down ;;
  *) echo "usage: $0 up|status|down" >&2; exit 2 ;;
esac
