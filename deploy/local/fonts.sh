#!/usr/bin/env bash
# The CJK fonts the reporting documents embed in their PDFs (libs/reporting/documents): AR PL UMing (明体, for
# titles and body) and WenQuanYi Zen Hei (黑体, for headings), from Debian's packages.
# Usage: fonts.sh [up|status]. Idempotent: installs only what is missing.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# file the documents read | Debian package that ships it
FONTS=(
  "/usr/share/fonts/truetype/arphic/uming.ttc|fonts-arphic-uming"
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc|fonts-wqy-zenhei"
)

missing_packages() {
  local entry
  for entry in "${FONTS[@]}"; do
    [ -r "${entry%%|*}" ] || printf '%s\n' "${entry##*|}"
  done
}

up() {
  local missing
  missing="$(missing_packages)"
  if [ -z "$missing" ]; then log "CJK fonts present"; return 0; fi
  command -v apt-get >/dev/null ||
    die "CJK fonts missing ($(echo $missing)) and apt-get is missing; install them by hand"
  log "installing CJK fonts from Debian's packages: $(echo $missing)"
  as_root apt-get update -qq >/dev/null
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
  missing="$(missing_packages)"
  [ -z "$missing" ] || die "CJK fonts still missing after install: $(echo $missing)"
}

status() {
  local missing
  missing="$(missing_packages)"
  if [ -z "$missing" ]; then echo "fonts: CJK fonts present"; else echo "fonts: missing $(echo $missing)"; fi
}

case "${1:-up}" in
  up) up ;; status) status ;;
  *) echo "usage: $0 up|status" >&2; exit 2 ;;
esac
