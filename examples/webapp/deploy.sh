#!/usr/bin/env bash
# Deploys the sample web app: the build of $DEPLOY_SHA replaces whatever runs for $DEPLOY_ENVIRONMENT.
# Every value arrives as an environment variable (the deploy action never interpolates into scripts):
#   DEPLOY_ENVIRONMENT, DEPLOY_SHA, DEPLOY_ROLLBACK   set by the deploy action
#   WEBAPP_HOME   holds builds/<sha>/ (what CI built) and live/<environment>/ (what runs)
#   WEBAPP_PORT   the port this environment serves on (127.0.0.1)
#   WEBAPP_NODE   the node binary to run it with (default: node on PATH)
set -euo pipefail
: "${WEBAPP_HOME:?set WEBAPP_HOME}" "${WEBAPP_PORT:?set WEBAPP_PORT}" "${DEPLOY_SHA:?}" "${DEPLOY_ENVIRONMENT:?}"

build="$WEBAPP_HOME/builds/$DEPLOY_SHA"
if [[ ! -f "$build/server.mjs" ]]; then
  echo "no build of $DEPLOY_SHA under $WEBAPP_HOME/builds" >&2
  exit 3
fi
slug=$(printf '%s' "$DEPLOY_ENVIRONMENT" | tr -c 'A-Za-z0-9_.-' '_')
live="$WEBAPP_HOME/live/$slug"
mkdir -p "$live"

# Stop the running instance of this environment, if any, and wait for its port to free up.
if [[ -f "$live/server.pid" ]]; then
  old=$(cat "$live/server.pid")
  kill "$old" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
fi

cp "$build/server.mjs" "$build/build.json" "$live/"
PORT="$WEBAPP_PORT" nohup "${WEBAPP_NODE:-node}" "$live/server.mjs" >"$live/server.log" 2>&1 </dev/null &
echo $! >"$live/server.pid"
what=$([[ "${DEPLOY_ROLLBACK:-false}" == true ]] && echo "rolled back to" || echo "deployed")
echo "$DEPLOY_ENVIRONMENT: $what ${DEPLOY_SHA:0:7} on 127.0.0.1:$WEBAPP_PORT (pid $!)"
