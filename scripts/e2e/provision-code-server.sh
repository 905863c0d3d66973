#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench served to a browser, with the real Node extension host) into
# a cache folder outside the repository, for the end-to-end tests. Works offline, with only the npm registry
# and Debian's packages: code-server's own install scripts download ripgrep and prebuilt binaries from
# GitHub, so they are skipped and their work is done here by hand. Idempotent: a marker file says the cache
# is complete, and a complete cache is reused in well under a second.
#
#   scripts/e2e/provision-code-server.sh          # prints the install folder as its last line
#   PONDER_CACHE=/some/dir scripts/e2e/provision-code-server.sh
#   PONDER_CODE_SERVER_DIR=/exact/dir ...         # overrides the folder itself
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT="${PONDER_CACHE:-$HOME/.cache/ponder}"
DEST="${PONDER_CODE_SERVER_DIR:-$CACHE_ROOT/code-server-$VERSION}"
MARKER="$DEST/.provisioned"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
APT_PACKAGES=(libkrb5-dev ripgrep build-essential python3)

log() { echo "[provision-code-server] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
started=$(date +%s)

if [[ -f "$MARKER" && -f "$ENTRY" ]]; then
  log "code-server $VERSION already provisioned in $DEST"
  echo "$DEST"
  exit 0
fi

# One provisioning at a time per cache folder (two test runs may start together).
mkdir -p "$(dirname "$DEST")"
exec 9>"$DEST.lock"
flock 9
if [[ -f "$MARKER" && -f "$ENTRY" ]]; then
  log "code-server $VERSION provisioned by a concurrent run in $DEST"
  echo "$DEST"
  exit 0
fi

# --- System packages: native modules need a compiler, python3 (node-gyp) and Kerberos headers; VS Code's
# search needs ripgrep. `npm test` installs them first (scripts/test-prerequisites.ts); run alone, this script
# only checks, and names the command.
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  fail "missing Debian packages: ${missing[*]}. Run \`npm test\` (which installs them), or: sudo apt-get install -y --no-install-recommends ${missing[*]}"
fi
command -v rg >/dev/null || fail "ripgrep (rg) is not on PATH"
[[ -d /usr/include/node ]] || log "warning: /usr/include/node is missing; node-gyp may try to download Node's headers"

# --- A previous attempt that did not finish is thrown away: a half-built node_modules is not worth repairing.
if [[ -d "$DEST" ]]; then
  log "removing the incomplete install in $DEST"
  rm -rf "$DEST"
fi
mkdir -p "$DEST"
cd "$DEST"
printf '{ "name": "ponder-code-server-cache", "private": true }\n' >package.json

export npm_config_yes=true          # node-pty's build runs `npx node-gyp`, which otherwise asks
export npm_config_nodedir=/usr      # Node's headers are in /usr/include/node: node-gyp must not download them
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
run() {
  log "\$ $*  (in ${PWD#"$DEST"/})"
  "$@" >&2 || fail "$* (in $PWD)"
}

# Where GitHub is reachable (a developer's laptop), code-server's own install scripts work: try them first.
if [[ "${PONDER_OFFLINE:-}" != 1 ]] && curl -fsS --max-time 5 -o /dev/null https://github.com 2>/dev/null; then
  log "GitHub is reachable: installing code-server $VERSION the ordinary way"
  if npm install --no-save "code-server@$VERSION" >&2 && [[ -f "$ENTRY" ]] &&
    (cd "$DEST/node_modules/code-server" && node -e "require('argon2')"); then
    echo "$VERSION $(date -u +%FT%TZ) online" >"$MARKER"
    log "code-server $VERSION provisioned in $DEST in $(( $(date +%s) - started )) s"
    echo "$DEST"
    exit 0
  fi
  log "the ordinary install failed; falling back to the offline path"
  rm -rf "$DEST/node_modules"
fi

log "installing code-server $VERSION into $DEST (offline path, about 2 minutes on 2 cores)"
run npm install --ignore-scripts --no-save "code-server@$VERSION"
run npm rebuild argon2

CS="$DEST/node_modules/code-server"
cd "$CS/lib/vscode"
run npm install --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
run npm rebuild

# The rest of code-server's own postinstall.sh.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
cd extensions
run npm install --omit=dev

cd "$DEST"
[[ -f "$ENTRY" ]] || fail "$ENTRY is missing after the install"
# Native modules must load: argon2 (code-server's password hashing) and node-pty (VS Code's terminals).
(cd "$CS" && node -e "require('argon2')") || fail "argon2 does not load"
(cd "$CS/lib/vscode" && node -e "require('node-pty')") || fail "node-pty does not load"
echo "$VERSION $(date -u +%FT%TZ)" >"$MARKER"
log "code-server $VERSION provisioned in $DEST in $(( $(date +%s) - started )) s"
echo "$DEST"
