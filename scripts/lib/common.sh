# Shared helpers for the image scripts (sourced, not run).
# shellcheck shell=bash

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The Debian mirror the build machine's apt already uses (deb822 or one-line sources),
# so the scripts never hard-code a host. Falls back to Debian's redirector.
debian_mirror() {
  local m
  m=$(grep -rhoE '^(URIs:|deb)[[:space:]]+(\[[^]]*\][[:space:]]+)?https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
      /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
      | grep -v -- '-security' | grep -oE 'https?://[^[:space:]]+/debian' | head -n1) || true
  printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

# Runs a command inside the rootfs with /proc, /sys and /dev mounted in a private mount
# namespace, so nothing stays mounted on the host if the script dies.
in_chroot() {
  local root=$1; shift
  unshare --mount --fork -- sh -ec '
    r=$1; shift
    mount -t proc proc "$r/proc"
    mount -t sysfs sysfs "$r/sys"
    mount --bind /dev "$r/dev"
    exec chroot "$r" "$@"' sh "$root" "$@"
}

app_version() { node -p 'require(process.argv[1]).version' "$1/package.json"; }
