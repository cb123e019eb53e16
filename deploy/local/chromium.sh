#!/usr/bin/env bash
# A real browser for the console's tests: Debian's `chromium` package (never a browser downloaded by a test
# library). Usage: chromium.sh [up|status|path]. Idempotent: installs only when missing. `path` prints the binary.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CANDIDATES=(/usr/bin/chromium /usr/lib/chromium/chromium /usr/bin/chromium-browser)

binary() {
  local candidate
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; return 0; fi
  for candidate in "${CANDIDATES[@]}"; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

up() {
  if binary >/dev/null; then log "Chromium present: $(binary)"; return 0; fi
  command -v apt-get >/dev/null || die "Chromium is missing and apt-get is missing; install it, or set CHROMIUM_PATH"
  log "installing Chromium from Debian's packages (once)"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
  binary >/dev/null || die "Chromium still missing after install"
  log "Chromium installed: $(binary)"
}

case "${1:-up}" in
  up) up ;;
  status) if binary >/dev/null; then echo "chromium: $(binary)"; else echo "chromium: missing"; fi ;;
  path) binary ;;
  *) echo "usage: $0 up|status|path" >&2; exit 2 ;;
esac
