#!/usr/bin/env bash
# Stages the app for the image in <out>: the host-built dist/, package files and production
# node_modules for linux-arm64 (no emulation: serialport has N-API arm64 prebuilds; epoll,
# onoff's nan addon, is cross-compiled against Node 20 headers, the image's Node major).
# Usage: app.sh <repo> <out>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
repo=$1 out=$2

cd "$repo"
# Install scripts stay off: building needs only tsc, and nothing of the host's tree ships.
[ -d node_modules ] || npm ci --ignore-scripts --no-audit --no-fund
log "app: npm run build"
# A type error fails the image: tsc still emits JavaScript, which must never ship unchecked.
if ! npm run build >"$out.build.log" 2>&1; then
  cat "$out.build.log" >&2
  die "app: tsc reported errors (above); fix them before building the image"
fi

rm -rf "$out"; mkdir -p "$out"
cp -a dist package.json package-lock.json "$out/"
for f in README.md LICENSE smsgw.example.yaml; do [ -f "$f" ] && cp "$f" "$out/"; done
if [ -d docs ]; then cp -a docs "$out/"; fi
# Source maps and declaration files are of no use on the Pi.
find "$out/dist" \( -name '*.map' -o -name '*.d.ts' \) -delete
# Benchmarks are for development machines (`npm run bench`), not the appliance.
rm -rf "$out/dist/bench"

cd "$out"
log "app: npm ci --omit=dev (scripts off: native parts are handled below for arm64)"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# serialport: keep only the linux arm64 glibc prebuild (N-API, any Node version).
pb=node_modules/@serialport/bindings-cpp/prebuilds
if [ -d "$pb" ]; then find "$pb" -mindepth 1 -maxdepth 1 ! -name 'linux-arm64' -exec rm -rf {} +; fi

# onoff -> epoll (nan, tied to the Node ABI): cross-compile for arm64 against the host's
# Node headers, which match the image only if the host runs the same major (20, ABI 115).
if [ -d node_modules/epoll ]; then
  host_major=$(node -p 'process.versions.node.split(".")[0]')
  gyp=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js
  nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ "$host_major" = 20 ] && command -v aarch64-linux-gnu-g++ >/dev/null && [ -f "$gyp" ] \
     && (cd node_modules/epoll && CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ \
          LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
          node "$gyp" rebuild --arch=arm64 --nodedir="$nodedir" >"$out.epoll.log" 2>&1) \
     && file node_modules/epoll/build/Release/epoll.node | grep -q 'ARM aarch64'; then
    rm -rf node_modules/epoll/build/Release/obj.target node_modules/epoll/build/Release/.deps
    log "app: epoll cross-compiled for arm64 (onoff GPIO available)"
  else
    # The modem HAT's power key needs GPIO: an image without it would fail on the Pi only.
    [ -f "$out.epoll.log" ] && cat "$out.epoll.log" >&2
    die "app: onoff's epoll addon could not be cross-compiled for arm64 (needs host Node 20, aarch64-linux-gnu-g++, node-gyp; host Node $host_major)"
  fi
fi
log "app: staged $(du -sh "$out" | cut -f1) in $out"
