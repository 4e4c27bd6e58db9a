#!/usr/bin/env bash
# Builds the Debian trixie arm64 base root filesystem with mmdebstrap (root mode + binfmt).
# Usage: rootfs.sh <repo> <outdir>
# The result is cached in <outdir> together with a stamp of the package list and this script:
# the same inputs reuse it (local iteration); CI starts from a fresh clone and always builds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

repo=$1 out=$2
stamp=$(cat "$repo/image/packages.txt" "$0" | sha256sum | cut -c1-16)
if [ -f "$out.stamp" ] && [ "$(cat "$out.stamp")" = "$stamp" ] && [ -d "$out/usr" ]; then
  log "rootfs: reusing $out (inputs unchanged)"
  exit 0
fi
rm -rf "$out" "$out.stamp"

include=$(grep -vE '^\s*(#|$)' "$repo/image/packages.txt" | tr -s ' \n' ',' | sed 's/,$//')
mirror=$(debian_mirror)
sec=${mirror%/debian}/debian-security
log "rootfs: mmdebstrap trixie arm64 from $mirror (this is the long step, ~10-14 min)"
t0=$(date +%s)
# update-initramfs is diverted while packages install (it would run twice under qemu-user,
# ~3-4 min each) and run once at the end; raspi-firmware's hook then copies the initrd to
# /boot/firmware. Docs, man pages and locales are left out.
mmdebstrap --mode=root --architectures=arm64 --variant=minbase \
  --components="main contrib non-free-firmware" \
  --include="$include" \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs; ln -s /bin/true "$1/usr/sbin/update-initramfs"' \
  --customize-hook='rm "$1/usr/sbin/update-initramfs"; chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs' \
  --customize-hook='sed -i "s/^COMPRESS=.*/COMPRESS=zstd/" "$1/etc/initramfs-tools/initramfs.conf"; chroot "$1" update-initramfs -c -k all' \
  trixie "$out" \
  "deb $mirror trixie main contrib non-free-firmware" \
  "deb $mirror trixie-updates main contrib non-free-firmware" \
  "deb $sec trixie-security main contrib non-free-firmware"
echo "$stamp" > "$out.stamp"
log "rootfs: done in $(( $(date +%s) - t0 )) s ($(du -sh "$out" | cut -f1))"
