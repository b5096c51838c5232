#!/usr/bin/env bash
# Installs the Debian packages guidepress needs beyond PyPI, only when missing:
#   fonts-dejavu-core  the named font embedded in the pocket cards
#   poppler-utils      pdftoppm, to look at and test rendered cards
#   chromium           the browser the Playwright tests drive (tests only)
# Usage: scripts/system-deps.sh [build|test]
set -euo pipefail
want=(fonts-dejavu-core)
[ "${1:-build}" = test ] && want+=(chromium poppler-utils)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "guidepress: please install these Debian packages: ${missing[*]}" >&2
  exit 1
fi
echo "guidepress: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
