#!/usr/bin/env bash
# Installs Request Tracker 5 with SQLite and the standalone server from Debian packages, non-interactively.
# Idempotent: does nothing when the packages are already installed. Run as root.
set -euo pipefail
packages=(request-tracker5 rt5-db-sqlite rt5-standalone rt5-clients)
if dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -qv '^install ok installed$' ||
  [ "$(dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | wc -l)" -ne "${#packages[@]}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  debconf-set-selections <<'SEED'
request-tracker5 request-tracker5/initial-root-password password vigil-root-password
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/db/dbname string rtdb
request-tracker5 request-tracker5/db/basepath string /var/lib/dbconfig-common/sqlite3/request-tracker5
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/rtname string vigil-test
request-tracker5 request-tracker5/webbaseurl string http://127.0.0.1
SEED
  # A stale package list gives 404s for superseded versions: refresh once and try again.
  apt-get install -y --no-install-recommends "${packages[@]}" ||
    { apt-get update && apt-get install -y --no-install-recommends "${packages[@]}"; }
fi
