#!/usr/bin/env bash
# Assembles the SD-card image from a root filesystem, without loop devices or mounts:
# MBR (sfdisk on a file), p1 FAT32 "RASPIFIRM" from 4 MiB (mkfs.vfat -C + mcopy), p2 ext4
# "RASPIROOT" (mke2fs -d), dd'ed into place. The root partition is grown on first boot.
# Usage: assemble.sh <rootfs> <image.img> <workdir>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
R=$1 IMG=$2 W=$3
BOOT_MIB=${BOOT_MIB:-256}

rm -rf "$W"; mkdir -p "$W/fw"
# The boot files go to the FAT image; the ext4 keeps an empty /boot/firmware mount point.
mv "$R/boot/firmware"/* "$W/fw/"
trap 'mv "$W/fw"/* "$R/boot/firmware/" 2>/dev/null || true' EXIT

used_mib=$(( $(du -sxm "$R" | cut -f1) ))
# Room for the journal, the queue and a kernel upgrade before growroot runs; keep it small
# for a fast flash, first boot grows it to the card.
ROOT_MIB=$(( (used_mib * 115 / 100 + 200 + 63) / 64 * 64 ))
TOTAL_MIB=$(( 4 + BOOT_MIB + ROOT_MIB ))
log "assemble: rootfs ${used_mib} MiB -> p2 ${ROOT_MIB} MiB, image ${TOTAL_MIB} MiB"

rm -f "$IMG"; truncate -s "${TOTAL_MIB}M" "$IMG"
sfdisk --quiet "$IMG" <<SF
label: dos
unit: sectors
start=8192, size=$((BOOT_MIB * 2048)), type=c, bootable
start=$(((4 + BOOT_MIB) * 2048)), type=83
SF
mkfs.vfat -F 32 -n RASPIFIRM -C "$W/boot.vfat" $((BOOT_MIB * 1024)) >/dev/null
mcopy -s -p -m -i "$W/boot.vfat" "$W/fw"/* ::/
mke2fs -q -t ext4 -L RASPIROOT -E root_owner=0:0 -d "$R" "$W/root.ext4" "${ROOT_MIB}M"
dd if="$W/boot.vfat" of="$IMG" bs=1M seek=4 conv=notrunc,sparse status=none
dd if="$W/root.ext4" of="$IMG" bs=1M seek=$((4 + BOOT_MIB)) conv=notrunc,sparse status=none
rm -f "$W/boot.vfat" "$W/root.ext4"
log "assemble: $IMG ($(du -h --apparent-size "$IMG" | cut -f1) raw, $(du -h "$IMG" | cut -f1) allocated)"
