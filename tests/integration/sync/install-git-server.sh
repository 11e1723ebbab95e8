#!/usr/bin/env bash
# Installs what the sync integration test's git server needs from Debian packages (git for git http-backend,
# lighttpd, openssl for the password file), non-interactively. Idempotent; needs root when something is missing.
set -euo pipefail
missing=()
command -v lighttpd >/dev/null || [ -x /usr/sbin/lighttpd ] || missing+=(lighttpd)
[ -x /usr/lib/git-core/git-http-backend ] || missing+=(git)
command -v openssl >/dev/null || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing ${missing[*]} and not root: cannot install them" >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
# A stale package list gives 404s for superseded versions: refresh once and try again.
apt-get install -y --no-install-recommends "${missing[@]}" ||
  { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
