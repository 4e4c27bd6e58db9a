#!/usr/bin/env bash
# Turns a copy of the base rootfs into the smsgw root filesystem: overlay files, the app in
# /opt/smsgw, the smsgw user, units enabled/masked, raspi-firmware's boot files regenerated
# with our defaults, first-boot state reset (machine-id, ssh host keys).
# Usage: customize.sh <repo> <base-rootfs> <app-stage> <out-rootfs>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
repo=$1 base=$2 app=$3 R=$4

rm -rf "$R"
log "customize: copying the base rootfs"
cp -a "$base" "$R"

log "customize: overlay, boot-partition config files, app"
cp -a "$repo/image/overlay/." "$R/"
(cd "$repo/image/overlay" && find . -mindepth 1 -print0) | (cd "$R" && xargs -0 chown -h 0:0)
# (kept as smsgw.default.yaml in the repo: smsgw.yaml is git-ignored there, a local config)
install -m 0644 "$repo/image/boot/smsgw.default.yaml" "$R/boot/firmware/smsgw.yaml"
install -m 0644 "$repo/image/boot/smsgw-system.txt" "$R/boot/firmware/"
install -d -m 0755 "$R/opt/smsgw"
cp -a "$app/." "$R/opt/smsgw/"
chown -R 0:0 "$R/opt/smsgw"
chmod -R u=rwX,go=rX "$R/opt/smsgw"
# `smsgw` on the PATH for diagnostics (smsgw doctor, smsgw at …).
ln -sf /opt/smsgw/dist/cli/main.js "$R/usr/local/bin/smsgw"
chmod 0755 "$R/opt/smsgw/dist/cli/main.js"

log "customize: users, units, raspi-firmware boot files (in the arm64 chroot)"
kver=$(basename "$(ls -d "$R"/lib/modules/* | sort -V | tail -n1)")
in_chroot "$R" /bin/sh -ec "
  getent group gpio >/dev/null || groupadd --system gpio
  getent passwd smsgw >/dev/null || useradd --system --user-group --home-dir /var/lib/smsgw \
      --no-create-home --shell /usr/sbin/nologin --groups dialout,gpio smsgw
  # Group-writable: the web UI's setup wizard replaces smsgw.yaml (temp file + rename).
  install -d -m 0770 -o root -g smsgw /etc/smsgw
  install -m 0640 -o root -g smsgw /boot/firmware/smsgw.yaml /etc/smsgw/smsgw.yaml
  systemctl enable smsgw.service smsgw-config.path smsgw-network-time.path smsgw-firstboot.service smsgw-growroot.service \
      systemd-networkd.service systemd-resolved.service systemd-timesyncd.service mosquitto.service \
      apt-daily.timer apt-daily-upgrade.timer
  # Nothing here needs network-online; when unconfigured it would cost 2 min per boot.
  # Masked, not only disabled: systemd's first-boot preset step enables systemd-networkd,
  # whose Also= enables wait-online again whatever the preset files say about it.
  systemctl mask systemd-networkd-wait-online.service
  # The GPIO14/15 UART belongs to the modem: no login console on it.
  systemctl mask serial-getty@ttyS0.service serial-getty@ttyS1.service serial-getty@serial0.service
  # Regenerate config.txt / cmdline.txt with /etc/default/raspi-firmware* (root by label, no serial console).
  DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware $kver
"
# The earliest time the clock may be set to from the network (set-clock-from-network).
date -u +%s > "$R/usr/local/lib/smsgw/build-epoch"
printf 'smsgw\n' > "$R/etc/hostname"
if grep -q '^127\.0\.1\.1' "$R/etc/hosts" 2>/dev/null; then sed -i 's/^127\.0\.1\.1.*/127.0.1.1\tsmsgw/' "$R/etc/hosts"
else printf '127.0.0.1\tlocalhost\n127.0.1.1\tsmsgw\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >> "$R/etc/hosts"; fi

log "customize: first-boot state (machine-id, ssh host keys), caches"
echo uninitialized > "$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id" "$R"/etc/ssh/ssh_host_*
rm -rf "$R/var/lib/smsgw-boot" "$R"/var/cache/apt/*.bin "$R"/var/lib/apt/lists/* "$R"/tmp/* "$R"/var/tmp/*
find "$R/var/log" -type f -delete

# Static sanity of what raspi-firmware wrote.
grep -q '^enable_uart=1' "$R/boot/firmware/config.txt" || die "config.txt lacks enable_uart=1"
grep -q 'root=LABEL=RASPIROOT' "$R/boot/firmware/cmdline.txt" || die "cmdline.txt lacks root=LABEL=RASPIROOT"
log "customize: done ($(du -sh "$R" | cut -f1)); cmdline: $(cat "$R/boot/firmware/cmdline.txt")"
