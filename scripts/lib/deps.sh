#!/usr/bin/env bash
# Installs the image build/test tools on a Debian 12 host (CI starts from a fresh machine)
# and registers qemu-aarch64 with binfmt_misc so arm64 maintainer scripts run in the chroot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap --mode=root, chroot, binfmt)"

pkgs=(mmdebstrap qemu-user-static binfmt-support arch-test dosfstools mtools fdisk e2fsprogs
      xz-utils zstd file g++-aarch64-linux-gnu qemu-system-arm socat mosquitto mosquitto-clients
      openssh-client)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "deps: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
arch-test arm64 | grep -q 'arm64: ok' || die "binfmt: arm64 binaries do not run here (arch-test arm64)"
log "deps: ok (binfmt arm64 ok)"
