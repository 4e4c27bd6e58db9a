#!/usr/bin/env bash
# Proves the SD image works: edits the boot-partition config on a copy as a user would,
# checks the static contents, boots it in qemu-system-aarch64 -M virt with the project's
# modem simulator on a USB serial port and a mosquitto on the host, runs the end-to-end
# checks and powers it off; edits the card again (a user removed, the ssh key replaced, the
# root password removed, the gateway moved to the local broker, a LAN broker user removed)
# and boots it a second time to check that the card's values replace the old ones; then
# boots a fresh copy, unchanged, as a Raspberry Pi 3 (qemu -M raspi3b) with the simulator on
# the mini UART (skip with PI3_SMOKE=0). Prints "N passed, N failed" (exit 1 on any failure).
# A host-side harness that reports fewer results than it has checks fails the run, and
# every failed check prints its reason.
# Usage (root): scripts/test-image.sh [--rebuild] [image.img|image.img.xz]
#   Without an image argument it reuses image/out/smsgw-<version>-arm64.img(.xz) when that is
#   newer than the sources, and runs scripts/build-image.sh otherwise (or with --rebuild).
# Env: BOOT_TIMEOUT (s, default 900) for the gateway to come online under TCG emulation
#      (2-3 min on an idle 2-core machine, 8+ min when the machine is busy);
#      PI3_TIMEOUT (s, default 900) for the Pi 3 gateway to set the modem up.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
lib=$repo/scripts/lib
. "$lib/common.sh"

rebuild=0 img=''
for arg in "$@"; do
  case $arg in --rebuild) rebuild=1 ;; -h|--help) sed -n 2,16p "$0"; exit 0 ;; *) img=$arg ;; esac
done
BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
HOSTNAME_WANTED=smsgw-ci
BASE_TOPIC=smsgw
W=$repo/image/build/test
T0=$(date +%s)
# Secrets the card carries on the first boot; none may be left anywhere on the FAT partition.
WIFI_PSK=wifi-secret-123 ROOT_PW=root-secret-456 URL_PW=UrlPassw0rd HA_PW=ha-secret-789 PHONE_PW=phone-secret-012
SEED_M=MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM SEED_A=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA SEED_B=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB

passed=0 failed=0 results=()
ok()   { passed=$((passed + 1)); results+=("PASS $1"); log "PASS $1"; }
bad()  { failed=$((failed + 1)); results+=("FAIL $1${2:+: $2}"); log "FAIL $1${2:+: $2}"; }
# check <name> <command…>: passes when the command exits 0; a failure says why (exit status
# and the command's last output, or the command itself when it printed nothing).
check() {
  local name=$1 out rc; shift
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" = 0 ]; then ok "$name"; return 0; fi
  out=$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ' | cut -c1-300)
  bad "$name" "exit $rc: ${out:-(no output) $*}"
  return 1
}
# has <file> <ERE>: the file exists, is not empty and has a matching line. lacks <file> <ERE>:
# it exists and is not empty, and has no matching line (a missing file never passes).
has() {
  [ -s "$1" ] || { echo "$1 is missing or empty"; return 1; }
  grep -Eq -- "$2" "$1" || { echo "no line matches /$2/ in $1"; return 1; }
}
lacks() { [ -s "$1" ] || { echo "$1 is missing or empty"; return 1; }; ! grep -En -- "$2" "$1"; }
# The "PASS <name>" / "FAIL <name>: <why>" lines a host-side harness printed, as our results.
# It must report as many results as it has checks: one that dies half-way fails the run.
verdicts() {
  local log=$1 what=$2 expected=$3 verdict rest n=0
  while read -r verdict rest; do
    n=$((n + 1))
    case $verdict in PASS) ok "$rest" ;; FAIL) bad "${rest%%: *}" "${rest#*: }" ;; esac
  done < <(grep -E '^(PASS|FAIL) ' "$log")
  [ "$n" -ge "$expected" ] || bad "$what reported all $expected results" "only $n (see $log)"
}
# A fresh copy of the image (xz or raw) as a 2 GiB card: QEMU's SD card wants a power of two,
# and a card bigger than the image is what a user has (first boot grows the root partition).
card_from_image() {
  case $img in
    *.xz) xz -dc -T2 "$img" | dd of="$1" bs=4M conv=sparse status=none ;;
    *) cp --sparse=always "$img" "$1" ;;
  esac
  truncate -s 2G "$1"
}
summary() {
  echo; echo "== image test results ($(( $(date +%s) - T0 )) s)"
  printf '%s\n' "${results[@]}"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT
# ---- 1. the image -------------------------------------------------------------------------
"$lib/deps.sh" || { bad "build tools installed"; summary; exit 1; }
if [ -z "$img" ]; then
  version=$(app_version "$repo")
  raw=$repo/image/out/smsgw-$version-arm64.img
  newest_src=$(find "$repo/src" "$repo/image" "$repo/scripts" "$repo/package-lock.json" \
      -path "$repo/image/build" -prune -o -path "$repo/image/out" -prune -o -type f -printf '%T@\n' | sort -n | tail -n1)
  newest_src=${newest_src%.*}
  for cand in "$raw.xz" "$raw"; do
    if [ "$rebuild" = 0 ] && [ -f "$cand" ] && [ "$(stat -c %Y "$cand")" -ge "$newest_src" ]; then img=$cand; break; fi
  done
  if [ -z "$img" ]; then
    log "building the image (scripts/build-image.sh)"
    if SMSGW_IMAGE_XZ=${SMSGW_IMAGE_XZ:-0} "$repo/scripts/build-image.sh"; then ok "image builds"; else bad "image builds"; summary; exit 1; fi
    img=$raw; [ -f "$img" ] || img=$raw.xz
  else
    log "reusing $img (newer than the sources)"
  fi
fi
[ -f "$img" ] || { bad "image exists" "$img"; summary; exit 1; }

rm -rf "$W"; mkdir -p "$W"
test_img=$W/test.img
log "copying $img"
card_from_image "$test_img"

# Partition offsets from the table, not assumed.
read -r p1_start p1_size < <(sfdisk -d "$test_img" | sed -n 's/.*1 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p')
read -r p2_start p2_size < <(sfdisk -d "$test_img" | sed -n 's/.*2 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p')
FAT="$test_img@@$((p1_start * 512))"

# ---- 2. edit the boot-partition config as a user would (mtools, no mount) ------------------
ssh-keygen -q -t ed25519 -N '' -C image-test -f "$W/id_test"
ssh-keygen -q -t ed25519 -N '' -C image-test-2 -f "$W/id_test2"
mtype -i "$FAT" ::/smsgw.yaml | sed 's/\r$//' > "$W/smsgw.yaml"
mtype -i "$FAT" ::/smsgw-system.txt | sed 's/\r$//' > "$W/smsgw-system.txt"
sed -i -e 's|^\(\s*port:\) /dev/serial0.*|\1 /dev/ttyUSB0|' -e "s|^\(\s*url:\).*|\1 mqtt://smsgw:$URL_PW@10.0.2.100:1883|" \
    -e 's|^\(\s*\)# pin: .*|\1pin: "0000"|' "$W/smsgw.yaml"
# Three remote-control users with TOTP seeds: the second boot removes the first one.
cat >> "$W/smsgw.yaml" <<YAML

automation:
  security:
    users:
      - who: "+491700000001"
        allow: [ping]
        totp:
          secret: $SEED_M
      - who: "+491700000002"
        allow: ["*"]
        totp:
          secret: $SEED_A
      - who: "+491700000003"
        allow: [ping]
        totp:
          secret: $SEED_B
YAML
sed -i -e "s|^HOSTNAME=.*|HOSTNAME=$HOSTNAME_WANTED|" -e 's|^TIMEZONE=.*|TIMEZONE=Europe/Berlin|' \
    -e 's|^WIFI_COUNTRY=.*|WIFI_COUNTRY=DE|' -e 's|^WIFI_SSID=.*|WIFI_SSID=test-ssid|' \
    -e "s|^WIFI_PSK=.*|WIFI_PSK=$WIFI_PSK|" -e "s|^SSH_AUTHORIZED_KEY=.*|SSH_AUTHORIZED_KEY=$(cat "$W/id_test.pub")|" \
    -e "s|^ROOT_PASSWORD=.*|ROOT_PASSWORD=$ROOT_PW|" -e 's|^MQTT_LAN=.*|MQTT_LAN=on|' \
    -e "s|^MQTT_LAN_USER=.*|MQTT_LAN_USER=ha admin $HA_PW\nMQTT_LAN_USER=phone sender $PHONE_PW|" \
    "$W/smsgw-system.txt"
# Windows line endings, as Notepad would leave them.
sed -i 's/$/\r/' "$W/smsgw-system.txt"
mcopy -o -i "$FAT" "$W/smsgw.yaml" ::/smsgw.yaml && mcopy -o -i "$FAT" "$W/smsgw-system.txt" ::/smsgw-system.txt
check "boot-partition config edited with mtools" sh -c "mtype -i '$FAT' ::/smsgw.yaml | grep -q ttyUSB0"

# ---- 3. static contents ----------------------------------------------------------------------
mtype -i "$FAT" ::/config.txt > "$W/config.txt" 2>/dev/null
mtype -i "$FAT" ::/cmdline.txt > "$W/cmdline.txt" 2>/dev/null
mdir -b -i "$FAT" ::/ > "$W/fat.ls" 2>/dev/null
check "config.txt has enable_uart=1" has "$W/config.txt" '^enable_uart=1'
check "config.txt has arm_64bit=1" has "$W/config.txt" '^arm_64bit=1'
check "cmdline.txt has root=LABEL=RASPIROOT" has "$W/cmdline.txt" 'root=LABEL=RASPIROOT'
check "cmdline.txt has no serial console" lacks "$W/cmdline.txt" 'console=(ttyS|ttyAMA|serial)'
for dtb in bcm2837-rpi-3-b bcm2837-rpi-3-b-plus bcm2711-rpi-4-b bcm2837-rpi-zero-2-w; do
  check "DTB $dtb.dtb present" has "$W/fat.ls" "/$dtb.dtb\$"
done
check "Pi firmware (bootcode.bin, start*.elf) present" sh -c "grep -q '/bootcode.bin\$' '$W/fat.ls' && grep -q '/start4.elf\$' '$W/fat.ls' && grep -q '/start.elf\$' '$W/fat.ls'"
kernel=$(grep -o 'vmlinuz-[^/]*$' "$W/fat.ls" | sort -V | tail -n1)
initrd=$(grep -o 'initrd.img-[^/]*$' "$W/fat.ls" | sort -V | tail -n1)
check "kernel and initrd on the boot partition" test -n "$kernel" -a -n "$initrd"
dd if="$test_img" of="$W/p1.vfat" bs=512 skip="$p1_start" count="$p1_size" conv=sparse status=none
dd if="$test_img" of="$W/p2.ext4" bs=512 skip="$p2_start" count="$p2_size" conv=sparse status=none
check "FAT partition fsck clean" fsck.vfat -n "$W/p1.vfat"
check "root partition fsck clean" e2fsck -fn "$W/p2.ext4"
dbg() { debugfs -R "$1" "$W/p2.ext4" 2>/dev/null; }
check "smsgw-network-time.path enabled" sh -c "debugfs -R 'stat /etc/systemd/system/multi-user.target.wants/smsgw-network-time.path' '$W/p2.ext4' 2>/dev/null | grep -q 'Type: symlink'"
check "smsgw.service enabled" sh -c "debugfs -R 'stat /etc/systemd/system/multi-user.target.wants/smsgw.service' '$W/p2.ext4' 2>/dev/null | grep -q 'Type: symlink'"
check "serial-getty@ttyS1 masked" sh -c "debugfs -R 'stat /etc/systemd/system/serial-getty@ttyS1.service' '$W/p2.ext4' 2>/dev/null | grep -q 'Fast link dest: \"/dev/null\"'"
check "app installed in /opt/smsgw" sh -c "debugfs -R 'stat /opt/smsgw/dist/cli/main.js' '$W/p2.ext4' 2>/dev/null | grep -q 'Type: regular'"
check "serialport arm64 prebuild shipped" sh -c "debugfs -R 'ls /opt/smsgw/node_modules/@serialport/bindings-cpp/prebuilds/linux-arm64' '$W/p2.ext4' 2>/dev/null | grep -q armv8.glibc"
check "onoff's epoll addon (arm64) shipped" sh -c "debugfs -R 'stat /opt/smsgw/node_modules/epoll/build/Release/epoll.node' '$W/p2.ext4' 2>/dev/null | grep -q 'Type: regular'"
check "machine-id empty (first boot)" sh -c "debugfs -R 'cat /etc/machine-id' '$W/p2.ext4' 2>/dev/null | grep -qx uninitialized"
dbg 'ls /etc/ssh' > "$W/etc-ssh.ls"
check "/etc/ssh shipped without host keys" sh -c "grep -q sshd_config '$W/etc-ssh.ls' && ! grep -q ssh_host_ '$W/etc-ssh.ls'"
dbg 'cat /etc/apt/apt.conf.d/20auto-upgrades' > "$W/auto-upgrades"
dbg 'cat /etc/apt/apt.conf.d/52smsgw-unattended-upgrades' > "$W/uu.conf"
check "unattended upgrades on, trixie-security only" sh -c "grep -q 'Unattended-Upgrade \"1\"' '$W/auto-upgrades' && grep -q 'security,label=Debian-Security' '$W/uu.conf' && debugfs -R 'stat /usr/bin/unattended-upgrade' '$W/p2.ext4' 2>/dev/null | grep -q 'Type: regular'"
mcopy -n -i "$FAT" "::/$kernel" "$W/vmlinuz" && mcopy -n -i "$FAT" "::/$initrd" "$W/initrd.img"
rm -f "$W/p1.vfat" "$W/p2.ext4"

# ---- 4. host side: broker and modem simulator ----------------------------------------------
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
MQTT_PORT=$(free_port) SIM_PORT=$(free_port) SSH_PORT=$(free_port) LAN_PORT=$(free_port)
HTTP_PORT=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$MQTT_PORT" > "$W/mosquitto.conf"
mosquitto -c "$W/mosquitto.conf" > "$W/mosquitto.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do mosquitto_sub -p "$MQTT_PORT" -t x -W 1 -C 1 >/dev/null 2>&1; [ $? -ne 1 ] && break; sleep 0.2; done
mosquitto_sub -p "$MQTT_PORT" -t "$BASE_TOPIC/#" -t 'homeassistant/#' -v > "$W/mqtt.log" 2>&1 & pids+=($!)

node "$lib/e2e-harness.mjs" --repo "$repo" --sim-port "$SIM_PORT" --mqtt-url "mqtt://127.0.0.1:$MQTT_PORT" \
  --base "$BASE_TOPIC" --boot-timeout "$BOOT_TIMEOUT" --ready-file "$W/online.at" --qemu-start "$W/qemu-start" \
  > "$W/harness.log" 2>&1 &
harness=$!; pids+=("$harness")
for _ in $(seq 100); do grep -q '^INFO modem simulator' "$W/harness.log" && break; sleep 0.2; done

# ---- 5. boot -----------------------------------------------------------------------------------
# boot_virt <n>: QEMU -M virt on the card; ssh and the LAN broker port forwarded from the host,
# the host broker reachable as 10.0.2.100:1883, the simulator on a USB serial port.
boot_virt() {
  qemu_t0=$(date +%s); echo "$qemu_t0" > "$W/qemu-start"
  qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 1024 \
    -kernel "$W/vmlinuz" -initrd "$W/initrd.img" \
    -append "console=ttyAMA0 root=LABEL=RASPIROOT rw net.ifnames=0 rootwait" \
    -drive if=none,file="$test_img",format=raw,id=hd -device virtio-blk-pci,drive=hd \
    -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22,hostfwd=tcp:127.0.0.1:$LAN_PORT-:8883,hostfwd=tcp:127.0.0.1:$HTTP_PORT-:8080,guestfwd=tcp:10.0.2.100:1883-cmd:socat STDIO TCP:127.0.0.1:$MQTT_PORT" \
    -device virtio-net-pci,netdev=n0,romfile= -device virtio-rng-pci \
    -device qemu-xhci -device usb-serial,chardev=modem \
    -chardev "socket,id=modem,host=127.0.0.1,port=$SIM_PORT,reconnect=1" \
    -display none -monitor "unix:$W/qemu-mon.sock,server=on,wait=off" -serial "file:$W/console-$1.log" &
  qemu=$!; pids+=("$qemu")
}
KEY=$W/id_test
ssh_as() { local key=$1; shift; timeout 60 ssh -q -i "$key" -p "$SSH_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
  -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 root@127.0.0.1 "$@"; }
guest() { ssh_as "$KEY" "$@"; }
# wait_ssh <what>: sets up=1 once ssh with $KEY answers.
wait_ssh() {
  up=0
  while [ $(( $(date +%s) - qemu_t0 )) -lt "$BOOT_TIMEOUT" ] && kill -0 "$qemu" 2>/dev/null; do
    if guest true 2>/dev/null; then up=1; break; fi
    sleep 5
  done
  if [ "$up" = 1 ]; then ok "$1 after $(( $(date +%s) - qemu_t0 )) s"
  else bad "$1" "no ssh within $BOOT_TIMEOUT s (console: $W/console-$2.log)"; fi
}
# power_off <n>: a clean shutdown from inside, or QEMU's power button.
power_off() {
  if kill -0 "$qemu" 2>/dev/null; then
    guest 'systemctl poweroff' >/dev/null 2>&1 || printf 'system_powerdown\n' | socat - "UNIX-CONNECT:$W/qemu-mon.sock" >/dev/null 2>&1
    for _ in $(seq 120); do kill -0 "$qemu" 2>/dev/null || break; sleep 1; done
    if kill -0 "$qemu" 2>/dev/null; then bad "boot $1 powers off" "still running after 120 s"; kill "$qemu"
    else wait "$qemu"; check "boot $1 powers off cleanly" has "$W/console-$1.log" 'reboot: Power down'; fi
    log "timing: boot $1, QEMU start -> powered off: $(( $(date +%s) - qemu_t0 )) s"
  else
    bad "boot $1: VM still running for the checks" "QEMU exited early (console: $W/console-$1.log)"
  fi
}
# LAN broker clients from the host (TLS through the forwarded port; the certificate is the one
# the gateway made and copied to the card; --insecure only skips the host name, 127.0.0.1).
lan_pub() { local u=$1 p=$2; shift 2; timeout 60 mosquitto_pub -h 127.0.0.1 -p "$LAN_PORT" --cafile "$W/lan.crt" --insecure -u "$u" -P "$p" "$@"; }
lan_sub() { local u=$1 p=$2; shift 2; timeout 90 mosquitto_sub -h 127.0.0.1 -p "$LAN_PORT" --cafile "$W/lan.crt" --insecure -u "$u" -P "$p" "$@"; }
# http_status <path> [token] [JSON body]: the HTTP API's status code for a GET (a POST with a
# body) from the host through the forwarded LAN port 8080; 0 when it does not answer.
http_status() {
  node -e 'const [url, token, body] = process.argv.slice(1);
    const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) };
    fetch(url, { method: process.argv[4] || (body ? "POST" : "GET"), headers, body: body || undefined, signal: AbortSignal.timeout(20000) })
      .then((r) => console.log(r.status), () => console.log(0));' "http://127.0.0.1:$HTTP_PORT$1" "${2:-}" "${3:-}" "${4:-}"
}
cat > "$W/epoll.cjs" <<'JS'
const { Epoll } = require("/opt/smsgw/node_modules/epoll");
const { Gpio } = require("/opt/smsgw/node_modules/onoff");
if (typeof Epoll !== "function" || typeof Gpio !== "function") process.exit(1);
console.log("epoll and onoff load");
JS
cat > "$W/users.cjs" <<'JS'
const Y = require("/opt/smsgw/node_modules/yaml");
const c = Y.parse(require("fs").readFileSync("/etc/smsgw/smsgw.yaml", "utf8"));
console.log((c.automation?.security?.users ?? []).map((u) => `${u.who}=${u.totp?.secret}`).join(" "));
JS
LOCAL_LOGIN='-u smsgw-gateway -P "$(cat /etc/smsgw/mqtt-local.password)"'

log "booting under qemu-system-aarch64 -M virt (TCG; ~1-2 min to multi-user)"
boot_virt 1
wait_ssh "boot 1: ssh with the key from smsgw-system.txt" 1

if [ "$up" = 1 ]; then
  # Let systemd finish the boot transaction before judging it.
  # `--wait` returns once start-up is over; on a busy machine that can take longer than one
  # ssh call's minute, so ask again (each call's answer replaces the last).
  for _ in 1 2 3 4 5; do
    guest 'systemctl is-system-running --wait' > "$W/system-state" 2>&1
    [ -s "$W/system-state" ] && break
  done
  check "systemd reached a running state ($(cat "$W/system-state"))" has "$W/system-state" '^running$'
  [ "$(cat "$W/system-state")" = running ] || guest 'systemctl --failed --no-legend' | sed 's/^/  failed unit: /' >&2
  check "hostname $HOSTNAME_WANTED from the edited smsgw-system.txt" sh -c "[ \"\$(timeout 60 ssh -q -i '$KEY' -p $SSH_PORT -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1 hostname)\" = $HOSTNAME_WANTED ]"
  check "time zone from smsgw-system.txt" guest 'readlink /etc/localtime | grep Europe/Berlin'
  check "the host name announced over mDNS (systemd-resolved on UDP 5353, the link +mDNS)" \
    guest 'ss -ulpnH | grep -q ":5353 .*systemd-resolve" && resolvectl status | grep -q "+mDNS"'
  check "gateway config applied to /etc/smsgw/smsgw.yaml (ttyUSB0, 10.0.2.100)" \
    guest 'grep -q /dev/ttyUSB0 /etc/smsgw/smsgw.yaml && grep -q mqtt://10.0.2.100:1883 /etc/smsgw/smsgw.yaml && [ "$(stat -c "%a %U %G" /etc/smsgw/smsgw.yaml)" = "640 root smsgw" ]'
  check "secrets kept on the device (SIM PIN, URL password, TOTP seeds, Wi-Fi)" \
    guest "grep -q 'pin: \"0000\"' /etc/smsgw/smsgw.yaml && grep -q 'password: $URL_PW' /etc/smsgw/smsgw.yaml && grep -q $SEED_A /etc/smsgw/smsgw.yaml && grep -q $WIFI_PSK /etc/wpa_supplicant/wpa_supplicant-wlan0.conf"
  check "secrets blanked in the card's files" \
    guest "test -s /boot/firmware/smsgw.yaml && test -s /boot/firmware/smsgw-system.txt && ! grep -E 'pin:.*0000|$URL_PW|$SEED_M|$SEED_A|$SEED_B' /boot/firmware/smsgw.yaml && ! grep -E '$WIFI_PSK|$ROOT_PW|$HA_PW|$PHONE_PW' /boot/firmware/smsgw-system.txt"
  check "modem on /dev/ttyUSB0 (usb-serial)" guest 'test -c /dev/ttyUSB0'
  check "root partition grown on first boot" guest "[ \$(lsblk -bno SIZE /dev/vda2) -gt $((p2_size * 512)) ]"
  check "machine-id and ssh host keys made on first boot" guest 'grep -qvx uninitialized /etc/machine-id && ls /etc/ssh/ssh_host_ed25519_key'
  check "systemd-networkd-wait-online off after the first boot's presets (masked), never started" \
    guest 's=$(systemctl is-enabled systemd-networkd-wait-online.service); echo "$s"; [ "$s" = masked ] && [ "$(systemctl show -p ActiveEnterTimestampMonotonic --value systemd-networkd-wait-online.service)" = 0 ]'
  check "onoff and its epoll addon load in the booted image (as the smsgw user)" \
    sh -c "timeout 90 ssh -q -i '$KEY' -p $SSH_PORT -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1 'runuser -u smsgw -- node -' < '$W/epoll.cjs'"
  check "root password from the card set" guest '[ "$(getent shadow root | cut -d: -f2 | cut -c1)" = "\$" ]'
  # The broker: the gateway's own login on localhost, TLS + per-client users on the LAN.
  guest 'ss -Hltn' > "$W/listen-1" 2>&1
  check "mosquitto: 1883 on localhost only, 8883 (TLS) for the LAN" \
    sh -c "grep -Eq '127\.0\.0\.1:1883 ' '$W/listen-1' && ! grep -E '(0\.0\.0\.0|\[::\]|\*):1883 ' '$W/listen-1' && grep -Eq '(0\.0\.0\.0|\[::\]|\*):8883 ' '$W/listen-1'"
  check "local broker refuses anonymous clients" guest '! mosquitto_pub -h 127.0.0.1 -t smsgw/x -m y'
  check "local broker accepts the gateway's own login (made on first boot)" \
    guest "mosquitto_pub -h 127.0.0.1 $LOCAL_LOGIN -t smsgw/test/local -m y"
  guest 'cat /boot/firmware/smsgw-mqtt.crt' > "$W/lan.crt" 2>/dev/null
  check "LAN certificate on the card and its fingerprint on the console" \
    sh -c "openssl x509 -noout -in '$W/lan.crt' && grep -q 'LAN broker TLS certificate' '$W/console-1.log'"
  check "LAN broker: TLS login of a card user works" lan_pub ha "$HA_PW" -t smsgw/test/lan -m y
  check "LAN broker: a wrong password is refused" sh -c "! timeout 60 mosquitto_pub -h 127.0.0.1 -p $LAN_PORT --cafile '$W/lan.crt' --insecure -u ha -P wrong -t smsgw/test/lan -m y"
  check "LAN broker: plain MQTT is refused" sh -c "! timeout 60 mosquitto_pub -h 127.0.0.1 -p $LAN_PORT -u ha -P '$HA_PW' -t smsgw/test/lan -m y"
  # ACL: the sender's publish outside its topics is dropped, its send request goes through.
  lan_sub ha "$HA_PW" -t 'smsgw/acl/#' -t 'smsgw/send/#' -C 2 -W 60 -v > "$W/acl.out" 2>&1 &
  acl_sub=$!
  sleep 8
  lan_pub phone "$PHONE_PW" -t smsgw/acl/by-sender -m denied
  lan_pub phone "$PHONE_PW" -t smsgw/send/00491709999999 -m allowed
  lan_pub ha "$HA_PW" -t smsgw/acl/by-admin -m allowed
  wait "$acl_sub"
  check "LAN broker ACL: a sender may ask for an SMS but not publish elsewhere" \
    sh -c "grep -qx 'smsgw/send/00491709999999 allowed' '$W/acl.out' && grep -qx 'smsgw/acl/by-admin allowed' '$W/acl.out' && ! grep by-sender '$W/acl.out'"
  guest 'systemctl status --no-pager -n 30 smsgw.service; journalctl -b --no-pager -u smsgw -u smsgw-firstboot | tail -n 60; systemd-analyze' > "$W/guest-status.log" 2>&1
fi

# ---- 6. end to end (the harness has been running since before boot) ---------------------------
if kill -0 "$qemu" 2>/dev/null; then
  left=$(( BOOT_TIMEOUT + 300 - ($(date +%s) - qemu_t0) )); [ "$left" -lt 60 ] && left=60
  for _ in $(seq "$left"); do kill -0 "$harness" 2>/dev/null && ! grep -qx DONE "$W/harness.log" || break; sleep 1; done
fi
verdicts "$W/harness.log" "end-to-end harness" 4
if [ -f "$W/online.at" ]; then
  online=$(( $(cut -d. -f1 "$W/online.at") - $(cat "$W/qemu-start") ))
  log "timing: QEMU start -> bridge/state online: $online s"
  check "online on MQTT within $BOOT_TIMEOUT s of QEMU's start ($online s)" test "$online" -le "$BOOT_TIMEOUT"
fi
if [ "$up" = 1 ]; then
  check "smsgw.service active and never restarted" guest '[ "$(systemctl is-active smsgw.service)" = active ] && [ "$(systemctl show -p NRestarts --value smsgw.service)" = 0 ]'
  # The HTTP API on the LAN: no default credentials, then a token made over ssh exactly as the
  # card's smsgw.yaml comments say.
  for _ in $(seq 60); do [ "$(http_status /api/v1/modem)" = 401 ] && break; sleep 2; done
  check "HTTP API on the LAN (8080) answers 401 without a token" test "$(http_status /api/v1/modem)" = 401
  http_token=$(guest 'runuser -u smsgw -- smsgw token create -c /etc/smsgw/smsgw.yaml --name image-test --scope messages:send' 2>/dev/null)
  check "HTTP API: a token made over ssh (runuser -u smsgw -- smsgw token create) sends an SMS: 202" \
    test "$(http_status /api/v1/messages "$http_token" '{"to":"+491701234567","text":"image test over HTTP"}')" = 202
  # The web UI's setup wizard saves the device's config despite the unit's read-only /etc
  # (discovery on, as it already is: nothing else changes for the checks that follow).
  admin_token=$(guest 'runuser -u smsgw -- smsgw token create -c /etc/smsgw/smsgw.yaml --name image-wizard --scope admin' 2>/dev/null)
  wizard_status=$(http_status /api/v1/config/setup "$admin_token" '{"homeassistant":{"enabled":true}}' PATCH)
  check "setup wizard: PATCH /api/v1/config/setup answers 200 on the device ($wizard_status)" test "$wizard_status" = 200
  check "setup wizard: /etc/smsgw/smsgw.yaml rewritten by the service (owner smsgw, discovery on)" \
    guest '[ "$(stat -c %U /etc/smsgw/smsgw.yaml)" = smsgw ] && grep -A2 "^  homeassistant:" /etc/smsgw/smsgw.yaml | grep -q "enabled: true"'
  guest 'systemctl status --no-pager -n 0 smsgw.service; journalctl -b --no-pager -u smsgw | tail -n 100' > "$W/smsgw-journal.log" 2>&1
  # Config-wait mode: a broken config is reported and waited on, not crash-looped.
  guest 'cp -p /etc/smsgw/smsgw.yaml /root/good.yaml && printf "bogusKey: 1\n" >> /etc/smsgw/smsgw.yaml && systemctl restart --no-block smsgw.service'
  for _ in $(seq 40); do guest 'journalctl -b -u smsgw.service -n 30 | grep -q "NOT STARTED"' && break; sleep 3; done
  sleep 10
  check "broken config: the service waits and says why (no crash loop)" \
    guest '[ "$(systemctl show -p ActiveState --value smsgw.service)" = activating ] && journalctl -b -u smsgw.service | grep -q "bogusKey: unknown key" && [ "$(systemctl show -p NRestarts --value smsgw.service)" = 0 ]'
  guest 'cp -p /root/good.yaml /etc/smsgw/smsgw.yaml'
  for _ in $(seq 40); do [ "$(guest 'systemctl is-active smsgw.service')" = active ] && break; sleep 3; done
  check "fixed config: the service starts by itself" guest 'systemctl is-active smsgw.service'
  # The clock without NTP (the guest has no route to the internet): set an hour back, as a Pi
  # without a real-time clock is after a power cut. The gateway (just restarted) reads the
  # network's time from the simulator (AT+CCLK answers the host's) and smsgw-network-time
  # (root) sets the clock from it.
  check "NTP not synchronised (no internet), smsgw-network-time.path active" \
    guest '[ "$(timedatectl show -p NTPSynchronized --value)" = no ] && systemctl is-active smsgw-network-time.path'
  guest 'date -u -s "@$(( $(date +%s) - 3600 ))" >/dev/null'
  clock_t0=$(date +%s) skew=''
  while [ $(( $(date +%s) - clock_t0 )) -lt 300 ]; do
    g=$(guest 'date +%s' 2>/dev/null) && skew=$(( $(date +%s) - g )) && [ "${skew#-}" -le 10 ] && break
    sleep 10
  done
  check "a clock an hour behind is set from the network's time within 5 min (skew now ${skew:-?} s, after $(( $(date +%s) - clock_t0 )) s)" \
    sh -c "[ -n '$skew' ] && [ ${skew#-} -le 10 ]"
  check "the clock was set by smsgw-network-time" \
    guest 'journalctl -b -u smsgw-network-time.service | grep -q "system clock set from the mobile network"'
  guest 'journalctl -b --no-pager -u smsgw-network-time | tail -n 20' > "$W/network-time.log" 2>&1
fi

# ---- 7. power off; nothing secret left on the FAT partition ---------------------------------
power_off 1
dd if="$test_img" of="$W/p1.vfat" bs=512 skip="$p1_start" count="$p1_size" conv=sparse status=none
check "no secret anywhere on the FAT partition, deleted clusters included" \
  sh -c "! grep -a -o -E '$WIFI_PSK|$ROOT_PW|$URL_PW|$HA_PW|$PHONE_PW|$SEED_M|$SEED_A|$SEED_B' '$W/p1.vfat'"
rm -f "$W/p1.vfat"

# ---- 8. second boot: the card edited again replaces what it set ----------------------------
# A user removed (the next one's seed must stay its own), the ssh key replaced, the root
# password removed, the gateway moved to the local broker (its own login), a LAN user removed.
mtype -i "$FAT" ::/smsgw.yaml > "$W/smsgw-2.yaml"
node --input-type=module -e '
  import { createRequire } from "node:module";
  import { readFileSync, writeFileSync } from "node:fs";
  const YAML = createRequire(process.argv[1] + "/package.json")("yaml");
  const d = YAML.parseDocument(readFileSync(process.argv[2], "utf8"));
  d.deleteIn(["automation", "security", "users", 0]);
  d.setIn(["mqtt", "url"], "mqtt://127.0.0.1:1883");
  d.deleteIn(["mqtt", "username"]);
  d.deleteIn(["mqtt", "password"]);
  writeFileSync(process.argv[2], d.toString());' "$repo" "$W/smsgw-2.yaml"
mtype -i "$FAT" ::/smsgw-system.txt > "$W/smsgw-system-2.txt"
sed -i -e "s|^SSH_AUTHORIZED_KEY=.*|SSH_AUTHORIZED_KEY=$(cat "$W/id_test2.pub")\r|" -e 's|^ROOT_PASSWORD=.*|ROOT_PASSWORD=!locked\r|' \
    -e '/^MQTT_LAN_USER=phone/d' "$W/smsgw-system-2.txt"
mcopy -o -i "$FAT" "$W/smsgw-2.yaml" ::/smsgw.yaml && mcopy -o -i "$FAT" "$W/smsgw-system-2.txt" ::/smsgw-system.txt
check "card edited for the second boot (a user removed, placeholders kept)" \
  sh -c "grep -c ': .(stored on the gateway).\$' '$W/smsgw-2.yaml' | grep -qx 3 && ! grep -q 491700000001 '$W/smsgw-2.yaml'"

log "booting the edited card again"
KEY=$W/id_test2
boot_virt 2
wait_ssh "boot 2: ssh with the key that replaced the first one" 2
if [ "$up" = 1 ]; then
  check "boot 2: the replaced ssh key no longer logs in" sh -c "! timeout 60 ssh -q -i '$W/id_test' -p $SSH_PORT -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1 true"
  check "boot 2: root password removed from the card (ROOT_PASSWORD=!locked)" guest '[ "$(getent shadow root | cut -d: -f2)" = "!" ]'
  users=$(guest 'node -' < "$W/users.cjs" 2>&1)
  check "boot 2: user removed on the card, the next users keep their own TOTP seeds" \
    test "$users" = "+491700000002=$SEED_A +491700000003=$SEED_B"
  [ "$users" = "+491700000002=$SEED_A +491700000003=$SEED_B" ] || log "  users now: $users"
  # (ssh_as's 60 s limit is too short here: the gateway comes online minutes after ssh.)
  check "boot 2: the gateway uses the local broker with its own login" \
    timeout 300 ssh -q -i "$KEY" -p "$SSH_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1 \
    "grep -q 'username: smsgw-gateway' /etc/smsgw/smsgw.yaml && mosquitto_sub -h 127.0.0.1 $LOCAL_LOGIN -t smsgw/bridge/state -C 1 -W 240 | grep -q online"
  check "boot 2: a LAN user kept on the card logs in with its stored password and reads the state" \
    sh -c "timeout 90 mosquitto_sub -h 127.0.0.1 -p $LAN_PORT --cafile '$W/lan.crt' --insecure -u ha -P '$HA_PW' -t smsgw/bridge/state -C 1 -W 60 | grep -q online"
  check "boot 2: a LAN user removed from the card is refused" sh -c "! timeout 60 mosquitto_pub -h 127.0.0.1 -p $LAN_PORT --cafile '$W/lan.crt' --insecure -u phone -P '$PHONE_PW' -t smsgw/send/00491709999999 -m x"
  check "boot 2: systemd-networkd-wait-online still masked" guest '[ "$(systemctl is-enabled systemd-networkd-wait-online.service)" = masked ]'
  # MQTT_LAN=off on the card, applied the way a boot applies it.
  guest "sed -i 's/^MQTT_LAN=on/MQTT_LAN=off/' /boot/firmware/smsgw-system.txt && systemctl restart smsgw-firstboot.service && systemctl restart mosquitto.service" >/dev/null 2>&1
  sleep 3
  guest 'ss -Hltn' > "$W/listen-2" 2>&1
  check "MQTT_LAN=off closes the LAN broker again" \
    sh -c "grep -Eq '127\.0\.0\.1:1883 ' '$W/listen-2' && ! grep -q ':8883 ' '$W/listen-2' && ! timeout 60 mosquitto_pub -h 127.0.0.1 -p $LAN_PORT --cafile '$W/lan.crt' --insecure -u ha -P '$HA_PW' -t smsgw/test -m x"
  guest 'journalctl -b --no-pager -u smsgw-firstboot -u mosquitto | tail -n 60' > "$W/boot2-status.log" 2>&1
fi
power_off 2
kill "$harness" 2>/dev/null; wait "$harness" 2>/dev/null
rm -f "$test_img"
# ---- 9. Raspberry Pi 3 smoke test: -M raspi3b, the card as shipped -----------------------------
# The real Pi 3 DTB, the SD controller, the unchanged cmdline.txt and default smsgw.yaml (modem
# on /dev/serial0, broker on the Pi); the simulator sits on the mini UART (QEMU's serial 1 =
# ttyS1, the HAT's pins). No network here (QEMU's raspi3b has no working NIC), so the checks
# are made at the modem and on the card: set-up over the UART, and an SMS on the card (stored)
# by the time its AT+CMGD arrives, then deleted from the SIM.
if [ "${PI3_SMOKE:-1}" = 1 ]; then
  PI3_TIMEOUT=${PI3_TIMEOUT:-900}
  pi3_img=$W/pi3.img
  card_from_image "$pi3_img"
  PI3_FAT="$pi3_img@@$((p1_start * 512))"
  mcopy -n -i "$PI3_FAT" ::/bcm2837-rpi-3-b.dtb "$W/pi3.dtb"
  pi3_cmdline=$(mtype -i "$PI3_FAT" ::/cmdline.txt | tr -d '\r\n')
  PI3_SIM_PORT=$(free_port)
  node "$lib/smoke-harness.mjs" --repo "$repo" --sim-port "$PI3_SIM_PORT" --boot-timeout "$PI3_TIMEOUT" --card "$pi3_img" \
    > "$W/pi3-harness.log" 2>&1 &
  pi3_harness=$!; pids+=("$pi3_harness")
  for _ in $(seq 100); do grep -q '^INFO modem simulator' "$W/pi3-harness.log" && break; sleep 0.2; done
  log "booting the card as shipped under qemu-system-aarch64 -M raspi3b (~3-5 min)"
  pi3_t0=$(date +%s)
  qemu-system-aarch64 -M raspi3b -m 1G -kernel "$W/vmlinuz" -initrd "$W/initrd.img" -dtb "$W/pi3.dtb" \
    -append "$pi3_cmdline" -drive if=sd,file="$pi3_img",format=raw \
    -chardev "socket,id=modem,host=127.0.0.1,port=$PI3_SIM_PORT,reconnect=1" \
    -serial null -serial chardev:modem -display none \
    -monitor "unix:$W/pi3-mon.sock,server=on,wait=off" > "$W/pi3-qemu.log" 2>&1 &
  pi3_qemu=$!; pids+=("$pi3_qemu")
  while kill -0 "$pi3_qemu" 2>/dev/null && ! grep -qx DONE "$W/pi3-harness.log" &&
        [ $(( $(date +%s) - pi3_t0 )) -lt $(( PI3_TIMEOUT + 180 )) ]; do sleep 2; done
  verdicts "$W/pi3-harness.log" "Pi 3 smoke test" 3
  log "timing: raspi3b start -> checks done: $(( $(date +%s) - pi3_t0 )) s"
  # No ACPI on a Pi: stop the emulator from its monitor.
  printf 'quit\n' | socat - "UNIX-CONNECT:$W/pi3-mon.sock" >/dev/null 2>&1 || kill "$pi3_qemu"
  wait "$pi3_qemu" 2>/dev/null
  kill "$pi3_harness" 2>/dev/null; wait "$pi3_harness" 2>/dev/null
  rm -f "$pi3_img"
fi
log "logs: $W/{console-1,console-2,harness,mqtt,guest-status,smsgw-journal,boot2-status,network-time,pi3-harness,pi3-qemu}.log"
summary
