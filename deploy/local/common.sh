# Shared settings for the local infrastructure scripts. Sourced, not run.
# Every value can be overridden from the environment; state lives in a project-local folder.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${YUQING_LOCAL_DIR:-$REPO_ROOT/.local}"
PG_PORT="${YUQING_PG_PORT:-55432}"
PG_USER="yuqing"
PG_PASSWORD="${YUQING_PG_PASSWORD:-yuqing}"
PG_DATABASE="yuqing"
KAFKA_PORT="${YUQING_KAFKA_PORT:-59092}"
KAFKA_CONTROLLER_PORT="${YUQING_KAFKA_CONTROLLER_PORT:-59093}"
KAFKA_VERSION="3.9.1"
ENV_FILE="$STATE_DIR/infra.env"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install it by hand or run as root)"
  fi
}
