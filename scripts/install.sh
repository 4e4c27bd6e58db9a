#!/usr/bin/env bash
# Installs smsgw on a running Raspberry Pi OS (or Debian) system, for people who don't flash
# the smsgw image. Idempotent: run it again to update the app; your config is never replaced.
#   sudo scripts/install.sh [--with-mosquitto] [--disable-bt] [--no-uart]
# What it does:
#   - Node.js >= 20 if missing (Debian's package when it is new enough, else the official
#     linux-arm64/armv7l build from nodejs.org into /usr/local, checked against SHASUMS256)
#   - the app: built from this checkout, installed to /opt/smsgw with production node_modules
#     (no package install scripts run as root; onoff's epoll addon is built as the smsgw user)
#   - smsgw-network-time.path: sets the clock from the mobile network's time when NTP is not
#     synchronised
#   - the smsgw user (dialout, gpio), /etc/smsgw/smsgw.yaml (only if absent), smsgw.service
#   - the UART: enable_uart=1 in config.txt, no serial console on it (cmdline.txt, getty);
#     --disable-bt gives the HAT the full PL011 UART (dtoverlay=disable-bt) on Pi 3/4/Zero 2 W
#   - --with-mosquitto: a local MQTT broker listening on localhost only
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
log() { printf 'smsgw-install: %s\n' "$*"; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root: sudo $0 $*"

with_mosquitto=0 disable_bt=0 uart=1
for a in "$@"; do
  case $a in
    --with-mosquitto) with_mosquitto=1 ;; --disable-bt) disable_bt=1 ;; --no-uart) uart=0 ;;
    -h|--help) sed -n 2,18p "$0"; exit 0 ;; *) die "unknown option $a" ;;
  esac
done
export DEBIAN_FRONTEND=noninteractive
reboot_needed=0
apt_updated=0
# Starting/restarting needs a running systemd (not so in a chroot or container build).
running() { [ -d /run/systemd/system ]; }
apt_install() {
  [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
  apt-get install -y -qq --no-install-recommends "$@"
}

# ---- Node.js ---------------------------------------------------------------------------------
node_major() { command -v node >/dev/null && node -p 'process.versions.node.split(".")[0]' || echo 0; }
if [ "$(node_major)" -lt 20 ]; then
  [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
  cand=$(apt-cache policy nodejs | sed -n 's/^ *Candidate: *\([0-9]*\).*/\1/p')
  if [ "${cand:-0}" -ge 20 ] 2>/dev/null; then
    log "installing Node.js $cand from apt"
    apt_install nodejs npm
  else
    case $(uname -m) in aarch64) arch=arm64 ;; armv7l) arch=armv7l ;; x86_64) arch=x64 ;; *) die "no Node.js build for $(uname -m) (a Pi Zero/1 is armv6: not supported)";; esac
    apt_install ca-certificates curl xz-utils
    base=https://nodejs.org/dist/latest-v20.x
    file=$(curl -fsSL "$base/SHASUMS256.txt" | awk -v a="linux-$arch.tar.xz" '$2 ~ a"$" {print $2}')
    [ -n "$file" ] || die "could not find the Node.js 20 build for $arch"
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    log "installing $file from nodejs.org into /usr/local"
    curl -fsSL -o "$tmp/$file" "$base/$file"
    (cd "$tmp" && curl -fsSL "$base/SHASUMS256.txt" | grep " $file\$" | sha256sum -c --quiet -)
    tar -xJf "$tmp/$file" -C /usr/local --strip-components=1 --no-same-owner
  fi
fi
# Debian's nodejs package comes without npm.
command -v npm >/dev/null || apt_install npm
NODE=$(command -v node); log "Node.js $(node -v) at $NODE"

# ---- the app ---------------------------------------------------------------------------------
cd "$repo"
if [ ! -f dist/cli/main.js ] || [ -n "$(find src -newer dist/cli/main.js -print -quit 2>/dev/null)" ]; then
  # Install scripts stay off: building needs only tsc, and no package's script runs as root.
  log "building the app (npm ci --ignore-scripts, npm run build)"
  npm ci --ignore-scripts --no-audit --no-fund && npm run build
fi
log "installing the app to /opt/smsgw"
install -d -m 0755 /opt/smsgw
rm -rf /opt/smsgw/dist.new && cp -a dist /opt/smsgw/dist.new
rm -rf /opt/smsgw/dist && mv /opt/smsgw/dist.new /opt/smsgw/dist
cp package.json package-lock.json /opt/smsgw/
for f in README.md smsgw.example.yaml; do [ -f "$f" ] && cp "$f" /opt/smsgw/; done
if [ -d docs ]; then rm -rf /opt/smsgw/docs && cp -a docs /opt/smsgw/; fi
getent group gpio >/dev/null || groupadd --system gpio
getent passwd smsgw >/dev/null || useradd --system --user-group --home-dir /var/lib/smsgw \
  --no-create-home --shell /usr/sbin/nologin smsgw
usermod -a -G dialout,gpio smsgw
# No package's install script runs as root: serialport loads its prebuilt binary (N-API,
# shipped in the package for linux arm/arm64/x64), and onoff's epoll addon, the one part that
# must be compiled, is built by node-gyp as the smsgw user. It is optional (GPIO power keys).
(cd /opt/smsgw && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
if [ -d /opt/smsgw/node_modules/epoll ]; then
  gyp=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js
  # The installed Node's own headers when present (no download; a Pi may be offline).
  prefix=$(dirname "$(dirname "$(readlink -f "$NODE")")") nodedir=()
  [ -f "$prefix/include/node/node.h" ] && nodedir=(--nodedir="$prefix")
  build_home=$(mktemp -d) && chown smsgw: "$build_home" && chown -R smsgw: /opt/smsgw/node_modules/epoll
  if [ -f "$gyp" ] && (cd /opt/smsgw/node_modules/epoll && runuser -u smsgw -- env HOME="$build_home" \
      npm_config_devdir="$build_home/node-gyp" "$NODE" "$gyp" rebuild "${nodedir[@]}" >"$build_home/epoll.log" 2>&1); then
    log "onoff's epoll addon built (GPIO available)"
    rm -rf "$build_home"
  else
    log "onoff's epoll addon not built (no compiler or headers?): GPIO power keys unavailable; see $build_home/epoll.log"
  fi
  chown -R root:root /opt/smsgw/node_modules/epoll
fi
chmod 0755 /opt/smsgw/dist/cli/main.js
ln -sf /opt/smsgw/dist/cli/main.js /usr/local/bin/smsgw

# ---- user, config, service ---------------------------------------------------------------------
install -d -m 0750 -o root -g smsgw /etc/smsgw
if [ ! -f /etc/smsgw/smsgw.yaml ]; then
  install -m 0640 -o root -g smsgw "$repo/image/boot/smsgw.default.yaml" /etc/smsgw/smsgw.yaml
  log "wrote /etc/smsgw/smsgw.yaml: edit modem.port and mqtt.url, then: sudo systemctl restart smsgw"
fi
install -d /usr/local/lib/smsgw
install -m 0755 "$repo/image/overlay/usr/local/lib/smsgw/wait-config" /usr/local/lib/smsgw/
install -m 0644 "$repo/image/overlay/usr/local/lib/smsgw/check-config.mjs" /usr/local/lib/smsgw/
sed "s|/usr/bin/node|$NODE|" "$repo/image/overlay/etc/systemd/system/smsgw.service" > /etc/systemd/system/smsgw.service.new
mv /etc/systemd/system/smsgw.service.new /etc/systemd/system/smsgw.service
# The clock from the mobile network when NTP is unavailable (the gateway may not set it).
install -m 0755 "$repo/image/overlay/usr/local/lib/smsgw/set-clock-from-network" /usr/local/lib/smsgw/
[ -s /usr/local/lib/smsgw/build-epoch ] || date -u +%s > /usr/local/lib/smsgw/build-epoch
install -m 0644 "$repo/image/overlay/etc/systemd/system/smsgw-network-time.path" \
  "$repo/image/overlay/etc/systemd/system/smsgw-network-time.service" /etc/systemd/system/

if [ "$with_mosquitto" = 1 ]; then
  dpkg -s mosquitto >/dev/null 2>&1 || apt_install mosquitto mosquitto-clients
  install -m 0644 "$repo/image/overlay/etc/mosquitto/conf.d/10-smsgw-local.conf" /etc/mosquitto/conf.d/
  systemctl enable mosquitto >/dev/null 2>&1
  if running; then systemctl restart mosquitto; fi
fi

# ---- UART for the HAT on GPIO14/15 ---------------------------------------------------------------
if [ "$uart" = 1 ]; then
  bootdir=/boot/firmware; [ -f $bootdir/config.txt ] || bootdir=/boot
  cfg=$bootdir/config.txt cmd=$bootdir/cmdline.txt
  if [ -f "$cfg" ]; then
    if ! grep -q '^enable_uart=1' "$cfg"; then
      sed -i '/^enable_uart=/d' "$cfg"; printf '\n# smsgw: modem HAT on the GPIO UART\nenable_uart=1\n' >> "$cfg"
      reboot_needed=1; log "config.txt: enable_uart=1"
    fi
    if [ "$disable_bt" = 1 ] && ! grep -q '^dtoverlay=disable-bt' "$cfg"; then
      echo 'dtoverlay=disable-bt' >> "$cfg"; systemctl disable hciuart.service >/dev/null 2>&1 || true
      reboot_needed=1; log "config.txt: dtoverlay=disable-bt (the HAT gets the PL011 UART)"
    fi
  fi
  if [ -f "$cmd" ] && grep -Eq 'console=(serial0|ttyS0|ttyS1|ttyAMA0)[^ ]*' "$cmd"; then
    sed -i -E 's/(^| )console=(serial0|ttyS0|ttyS1|ttyAMA0)(,[0-9]+)?//g; s/^ +//' "$cmd"
    reboot_needed=1; log "cmdline.txt: serial console removed (the modem owns the UART)"
  fi
  for t in serial-getty@ttyS0 serial-getty@ttyS1 serial-getty@ttyAMA0 serial-getty@serial0; do
    systemctl is-enabled "$t.service" 2>/dev/null | grep -qx masked || systemctl mask "$t.service" >/dev/null 2>&1 || true
  done
fi

systemctl enable smsgw.service smsgw-network-time.path >/dev/null 2>&1
if running; then
  systemctl daemon-reload
  systemctl restart smsgw-network-time.path
  # --no-block: with a config still to be edited the unit waits in "activating" (config-wait mode).
  systemctl restart --no-block smsgw.service
  log "smsgw.service enabled and (re)started: journalctl -u smsgw -f"
else
  log "smsgw.service enabled; it starts at the next boot"
fi
[ "$reboot_needed" = 0 ] || log "UART settings changed: reboot once (sudo reboot)"
