#!/usr/bin/env bash
# Builds the flashable SD-card image: image/out/smsgw-<version>-arm64.img.xz
#   (Debian 13 trixie arm64, Raspberry Pi 3 / 4 / 400 / Zero 2 W, the app in /opt/smsgw).
# One command, as root, on Debian 12 (installs its own tools):  sudo scripts/build-image.sh
# Steps: tools + binfmt -> mmdebstrap rootfs (cached in image/build/ while its inputs are
# unchanged) -> app (host build, arm64 node_modules) -> customize -> assemble -> xz.
# Env: SMSGW_IMAGE_XZ=0 skips compression (the raw .img stays for scripts/test-image.sh).
#      SMSGW_IMAGE_FRESH=1 ignores the cached base rootfs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
lib=$repo/scripts/lib
. "$lib/common.sh"

build=$repo/image/build out=$repo/image/out
mkdir -p "$build" "$out"
version=$(app_version "$repo")
img=$out/smsgw-$version-arm64.img
T0=$(date +%s)
step() { log "== $* (t+$(( $(date +%s) - T0 )) s)"; }

step "tools"; "$lib/deps.sh"
[ "${SMSGW_IMAGE_FRESH:-0}" = 1 ] && rm -rf "$build/base" "$build/base.stamp"
step "rootfs"; "$lib/rootfs.sh" "$repo" "$build/base"
step "app"; "$lib/app.sh" "$repo" "$build/app"
step "customize"; "$lib/customize.sh" "$repo" "$build/base" "$build/app" "$build/rootfs"
step "assemble"; "$lib/assemble.sh" "$build/rootfs" "$img" "$build/assemble"
rm -rf "$build/rootfs" "$build/assemble"
if [ "${SMSGW_IMAGE_XZ:-1}" != 0 ]; then
  step "compress"
  xz -T2 -6 -k -f "$img"
  (cd "$out" && sha256sum "$(basename "$img").xz" > "$(basename "$img").xz.sha256")
  log "image: $img.xz ($(du -h "$img.xz" | cut -f1))"
fi
step "done in $(( $(date +%s) - T0 )) s: $img"
