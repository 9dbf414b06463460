#!/usr/bin/env bash
# Idempotent, cached installer for the e2e harness: Debian packages + code-server (VS Code 1.100.3, Node 20).
#
#   test/e2e/setup-code-server.sh            # installs what is missing; a second run is a no-op (~1 s)
#   BGTASKS_E2E_CACHE=/some/dir test/e2e/setup-code-server.sh
#   BGTASKS_E2E_FORCE=1 test/e2e/setup-code-server.sh   # rebuild the code-server cache from scratch
#
# Layout: $CACHE/<version>/node_modules/code-server/out/node/entry.js ; $CACHE/<version>/.bgtasks-ready is the marker.
# The marker holds a fingerprint of this script's recipe, so changing the recipe invalidates the cache.
# A build happens in $CACHE/<version>.partial and is renamed into place only when every step succeeded, so an
# interrupted run never leaves a half-installed cache that later runs would trust. A lock (flock) serialises
# concurrent runs. When another apt/dpkg process holds the package locks (unattended upgrades, a second install), the
# apt steps wait for it (up to BGTASKS_APT_LOCK_TIMEOUT seconds, default 600) and say so. See docs/e2e.md.
set -euo pipefail

CS_VERSION=4.100.3
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=${BGTASKS_E2E_CACHE:-$REPO/.cache/code-server}
TARGET=$CACHE/$CS_VERSION
PARTIAL=$CACHE/$CS_VERSION.partial
MARKER=$TARGET/.bgtasks-ready
# Runtime: chromium (+ a font so screenshots are readable), ripgrep (quick open / search). Build: the rest, for the
# native modules rebuilt below (argon2, spdlog, kerberos, native-watchdog, deviceid, parcel watcher).
APT_PACKAGES=(chromium fonts-dejavu-core ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev build-essential python3 pkg-config)

T0=$(date +%s.%N)
STEP_T=$T0
log() { printf '[setup-code-server] %s\n' "$*" >&2; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
step_done() { log "$1 ($(elapsed "$STEP_T") s)"; STEP_T=$(date +%s.%N); }
die() { log "ERROR: $*"; exit 1; }

# apt-get that waits for the package locks instead of failing at once. -o DPkg::Lock::Timeout makes apt-get wait for
# the dpkg lock; `apt-get update` takes /var/lib/apt/lists/lock, which that option does not cover (apt 2.6), so a
# "Could not get lock" failure is retried until the same deadline. Says once that it waits, and for whom.
APT_LOCK_TIMEOUT=${BGTASKS_APT_LOCK_TIMEOUT:-600}
apt_get() {
  local deadline=$((SECONDS + APT_LOCK_TIMEOUT)) said= out rc holder
  while :; do
    rc=0
    out=$("${SUDO[@]}" apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" "$@" 2>&1 >/dev/null) || rc=$?
    if ((rc == 0)); then
      [[ -z $out ]] || printf '%s\n' "$out" >&2
      return 0
    fi
    if [[ $out == *"Could not get lock"* ]] && ((SECONDS < deadline)); then
      if [[ -z $said ]]; then
        holder=$(grep -o 'held by process [0-9]* ([^)]*)' <<<"$out" | head -1 || true)
        log "waiting for another apt/dpkg process to release the package lock${holder:+ ($holder)}; up to $((deadline - SECONDS)) s more (BGTASKS_APT_LOCK_TIMEOUT)"
        said=1
      fi
      sleep 5
      continue
    fi
    printf '%s\n' "$out" >&2
    [[ $out != *"Could not get lock"* ]] || log "gave up waiting for the package lock after ${APT_LOCK_TIMEOUT} s"
    return "$rc"
  done
}

# ---- 1. Debian packages: only what is missing; apt-get update only when something must be installed -------------------
missing=()
# One dpkg-query for all packages. It prints nothing for packages it never saw and then exits 1 (hence the "|| true",
# which pipefail would otherwise turn into a silent exit), so compare against the list.
installed=" $( { dpkg-query -W -f='${Package}:${Status}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true; } \
  | awk -F: '$2 == "install ok installed" { printf "%s ", $1 }')"
for p in "${APT_PACKAGES[@]}"; do
  [[ $installed == *" $p "* ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "missing Debian packages (${missing[*]}) and not root / no sudo; install them first"
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "(apt-get waits up to ${APT_LOCK_TIMEOUT} s for the package lock if another apt or dpkg process holds it)"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}"
  step_done "apt packages installed"
else
  step_done "apt packages already present"
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium not found after installing the chromium package"
[[ -x /usr/bin/rg ]] || die "/usr/bin/rg not found after installing the ripgrep package"

# ---- 2. code-server into the cache -----------------------------------------------------------------------------------
# Fingerprint: the recipe part of this file + node major version (native modules are built against it).
FINGERPRINT="$(sed -n '/^# ---- 2\./,$p' "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)-node$(node -p 'process.versions.modules')"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock -w 900 9 || die "could not take the lock $CACHE/.lock within 15 min (another setup running?)"

if [[ -z ${BGTASKS_E2E_FORCE:-} && -f $MARKER && "$(cat "$MARKER")" == "$FINGERPRINT" \
      && -f $TARGET/node_modules/code-server/out/node/entry.js ]]; then
  log "code-server $CS_VERSION already installed in $TARGET (cached)"
  log "done in $(elapsed "$T0") s"
  exit 0
fi

log "installing code-server $CS_VERSION into $TARGET (fingerprint $FINGERPRINT)"
rm -rf "$PARTIAL"
mkdir -p "$PARTIAL"
cd "$PARTIAL"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=warn
printf '{ "name": "bgtasks-e2e-code-server", "private": true, "version": "0.0.0" }\n' > package.json
# postinstall would download ripgrep from GitHub: install without scripts and finish by hand (docs/e2e.md).
npm i --ignore-scripts --no-save "code-server@$CS_VERSION" >/dev/null
step_done "npm i code-server@$CS_VERSION"
npm rebuild argon2 >/dev/null
step_done "npm rebuild argon2"

cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts >/dev/null
step_done "npm install (lib/vscode)"
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
# node-pty does not rebuild here; only the integrated terminal needs it.
npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog @vscode/deviceid >/dev/null
step_done "npm rebuild native modules (lib/vscode)"
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --omit=dev --ignore-scripts >/dev/null)
step_done "npm install (lib/vscode/extensions)"

cd "$CACHE"
[[ -f $PARTIAL/node_modules/code-server/out/node/entry.js ]] || die "entry.js missing after install"
# Smoke check: the server must at least print its version with these native modules.
# (--config and XDG_DATA_HOME: otherwise code-server writes ~/.config/code-server and ~/.local/share/code-server.)
printf 'auth: none\ncert: false\n' > "$PARTIAL/smoke-config.yaml"
ver=$(XDG_DATA_HOME="$PARTIAL/xdg-data" node "$PARTIAL/node_modules/code-server/out/node/entry.js" \
        --config "$PARTIAL/smoke-config.yaml" --version 2>&1 | head -1) \
  || die "code-server --version failed: $ver"
[[ $ver == "$CS_VERSION"* ]] || die "unexpected code-server --version output: $ver"
rm -rf "$TARGET"
mv "$PARTIAL" "$TARGET"
printf '%s' "$FINGERPRINT" > "$MARKER"
step_done "installed: $ver"
log "done in $(elapsed "$T0") s"
