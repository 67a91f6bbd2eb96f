#!/bin/sh
# An ExaBGP process for a Meridian node that runs apart from ExaBGP (another container or host): it polls the node's
# admin API and relays the node's announcement as ExaBGP commands. The node decides (readiness, rise, fall, hold-down,
# degraded routes, manual withdraw); this only relays it, and withdraws when the node stops answering its API.
#
#   process meridian { run /usr/local/bin/exabgp-follow.sh http://127.0.0.1:8053 /etc/meridian/tokens/viewer; encoder text; }
#
# Arguments: the admin API's URL, a file holding a read-only token ("-" for none), the poll interval in seconds
# (default 1) and how many failed polls in a row withdraw (default 3). Needs curl and jq.
set -u
usage="usage: exabgp-follow.sh URL TOKEN_FILE [INTERVAL] [FAILS]"
url=${1:?$usage}
token_file=${2:?$usage}
every=${3:-1}
allowed=${4:-3}

prefixes=""   # every prefix the node has named, withdrawn when it is gone
last=""       # the commands last printed: an unchanged announcement prints nothing
failed=0

say() {
  if [ -n "$1" ] && [ "$1" != "$last" ]; then
    printf '%s\n' "$1"
    last=$1
  fi
}

withdraw_all() {
  say "$(for p in $prefixes; do echo "withdraw route $p"; done)"
}

trap 'withdraw_all; exit 0' TERM INT

while :; do
  if [ "$token_file" = "-" ]; then
    auth=""
  else
    auth="Authorization: Bearer $(cat "$token_file")"
  fi
  # jq succeeds on empty input, so curl's own status and a non-empty result both count.
  if body=$(curl -fsS --max-time 2 ${auth:+-H "$auth"} "$url/api/v1/anycast" 2>/dev/null) \
      && commands=$(printf '%s' "$body" | jq -er '.commands | join("\n")' 2>/dev/null) && [ -n "$commands" ]; then
    failed=0
    prefixes=$(printf '%s' "$body" | jq -r '.prefixes[]')
    say "$commands"
  else
    failed=$((failed + 1))
    if [ "$failed" -ge "$allowed" ]; then
      withdraw_all
    fi
  fi
  sleep "$every"
done
