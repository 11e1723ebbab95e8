#!/usr/bin/env bash
# Prepares a Request Tracker 5 for Vigil's integration test on 127.0.0.1:PORT: installs it from Debian packages when
# absent, points its site configuration at the port, and seeds a queue, an analyst, a customer and their tokens.
# Idempotent; run as root. Prints the seed as one JSON line on stdout (everything else goes to stderr).
# Usage: setup-rt.sh PORT
set -euo pipefail
port=${1:?usage: setup-rt.sh PORT}
here=$(cd "$(dirname "$0")" && pwd)

bash "$here/install-rt.sh" >&2

config=/etc/request-tracker5/RT_SiteConfig.d/90-vigil-integration.pm
cat >"$config" <<CONFIG
# Written by Vigil's integration test (tests/integration/rt/setup-rt.sh).
Set(\$WebPath, "");
Set(\$WebDomain, "127.0.0.1");
Set(\$WebPort, $port);
Set(\$WebBaseURL, "http://127.0.0.1:$port");
Set(\$LogToSTDERR, "warning");
Set(\$LogToSyslog, undef);
Set(\$MailCommand, "mbox");
# RT verifies an auth token's bcrypt hash on every REST request: about 0.2 s at the default cost 12 on 2 cores.
# A throwaway test server does not need that; the cost is stored in each hash, so it applies to new tokens.
Set(\$BcryptCost, 4);
CONFIG
# RT runs as www-data and must read every piece of its configuration.
chown root:www-data "$config" /etc/request-tracker5/RT_SiteConfig.pm
chmod 640 "$config" /etc/request-tracker5/RT_SiteConfig.pm
# MailCommand "mbox" writes outgoing mail (autoreplies) under the log directory.
install -d -o www-data -g www-data /var/log/request-tracker5

runuser -u www-data -- perl "$here/seed-rt.pl"
