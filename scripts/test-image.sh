#!/usr/bin/env bash
# Proves the SD image works: edits the boot-partition config on a copy as a user would,
# checks the static contents, boots it in qemu-system-aarch64 -M virt with the project's
# modem simulator on a USB serial port and a mosquitto on the host, runs the end-to-end
# checks and powers it off; then boots a fresh copy, unchanged, as a Raspberry Pi 3
# (qemu -M raspi3b) with the simulator on the mini UART (skip with PI3_SMOKE=0). Prints
# "N passed, N failed" (exit 1 on any failure).
# Usage (root): scripts/test-image.sh [--rebuild] [image.img|image.img.xz]
#   Without an image argument it reuses image/out/smsgw-<version>-arm64.img(.xz) when that is
#   newer than the sources, and runs scripts/build-image.sh otherwise (or with --rebuild).
# Env: BOOT_TIMEOUT (s, default 480) for the gateway to come online under TCG emulation;
#      PI3_TIMEOUT (s, default 600) for the Pi 3 gateway to set the modem up.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
lib=$repo/scripts/lib
. "$lib/common.sh"

rebuild=0 img=''
for arg in "$@"; do
  case $arg in --rebuild) rebuild=1 ;; -h|--help) sed -n 2,12p "$0"; exit 0 ;; *) img=$arg ;; esac
done
BOOT_TIMEOUT=${BOOT_TIMEOUT:-480}
HOSTNAME_WANTED=smsgw-ci
BASE_TOPIC=smsgw
W=$repo/image/build/test
T0=$(date +%s)

passed=0 failed=0 results=()
ok()   { passed=$((passed + 1)); results+=("PASS $1"); log "PASS $1"; }
bad()  { failed=$((failed + 1)); results+=("FAIL $1${2:+: $2}"); log "FAIL $1${2:+: $2}"; }
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi; }
# The "PASS <name>" / "FAIL <name>: <why>" lines a host-side harness printed, as our results.
verdicts() {
  local log=$1 what=$2 verdict rest
  while read -r verdict rest; do
    case $verdict in PASS) ok "$rest" ;; FAIL) bad "${rest%%: *}" "${rest#*: }" ;; esac
  done < <(grep -E '^(PASS|FAIL) ' "$log")
  grep -qE '^(PASS|FAIL) ' "$log" || bad "$what ran" "see $log"
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
    if "$repo/scripts/build-image.sh"; then ok "image builds"; else bad "image builds"; summary; exit 1; fi
    img=$raw.xz; [ -f "$img" ] || img=$raw
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
mtype -i "$FAT" ::/smsgw.yaml | sed 's/\r$//' > "$W/smsgw.yaml"
mtype -i "$FAT" ::/smsgw-system.txt | sed 's/\r$//' > "$W/smsgw-system.txt"
sed -i -e 's|^\(\s*port:\).*|\1 /dev/ttyUSB0|' -e 's|^\(\s*url:\).*|\1 mqtt://10.0.2.100:1883|' \
    -e 's|^\(\s*\)# pin: .*|\1pin: "0000"|' "$W/smsgw.yaml"
sed -i -e "s|^HOSTNAME=.*|HOSTNAME=$HOSTNAME_WANTED|" -e 's|^TIMEZONE=.*|TIMEZONE=Europe/Berlin|' \
    -e 's|^WIFI_COUNTRY=.*|WIFI_COUNTRY=DE|' -e 's|^WIFI_SSID=.*|WIFI_SSID=test-ssid|' \
    -e 's|^WIFI_PSK=.*|WIFI_PSK=wifi-secret-123|' -e "s|^SSH_AUTHORIZED_KEY=.*|SSH_AUTHORIZED_KEY=$(cat "$W/id_test.pub")|" \
    "$W/smsgw-system.txt"
# Windows line endings, as Notepad would leave them.
sed -i 's/$/\r/' "$W/smsgw-system.txt"
mcopy -o -i "$FAT" "$W/smsgw.yaml" ::/smsgw.yaml && mcopy -o -i "$FAT" "$W/smsgw-system.txt" ::/smsgw-system.txt
check "boot-partition config edited with mtools" sh -c "mtype -i '$FAT' ::/smsgw.yaml | grep -q ttyUSB0"

# ---- 3. static contents ----------------------------------------------------------------------
mtype -i "$FAT" ::/config.txt > "$W/config.txt" 2>/dev/null
mtype -i "$FAT" ::/cmdline.txt > "$W/cmdline.txt" 2>/dev/null
mdir -b -i "$FAT" ::/ > "$W/fat.ls" 2>/dev/null
check "config.txt has enable_uart=1" grep -q '^enable_uart=1' "$W/config.txt"
check "config.txt has arm_64bit=1" grep -q '^arm_64bit=1' "$W/config.txt"
check "cmdline.txt has root=LABEL=RASPIROOT" grep -q 'root=LABEL=RASPIROOT' "$W/cmdline.txt"
check "cmdline.txt has no serial console" sh -c "! grep -Eq 'console=(ttyS|ttyAMA|serial)' '$W/cmdline.txt'"
for dtb in bcm2837-rpi-3-b bcm2837-rpi-3-b-plus bcm2711-rpi-4-b bcm2837-rpi-zero-2-w; do
  check "DTB $dtb.dtb present" grep -q "/$dtb.dtb\$" "$W/fat.ls"
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
check "smsgw.service enabled" sh -c "debugfs -R 'stat /etc/systemd/system/multi-user.target.wants/smsgw.service' '$W/p2.ext4' 2>/dev/null | grep -q 'Type: symlink'"
check "serial-getty@ttyS1 masked" sh -c "debugfs -R 'stat /etc/systemd/system/serial-getty@ttyS1.service' '$W/p2.ext4' 2>/dev/null | grep -q 'Fast link dest: \"/dev/null\"'"
check "app installed in /opt/smsgw" sh -c "debugfs -R 'stat /opt/smsgw/dist/cli/main.js' '$W/p2.ext4' 2>/dev/null | grep -q 'Type: regular'"
check "serialport arm64 prebuild shipped" sh -c "debugfs -R 'ls /opt/smsgw/node_modules/@serialport/bindings-cpp/prebuilds/linux-arm64' '$W/p2.ext4' 2>/dev/null | grep -q armv8.glibc"
check "machine-id empty (first boot)" sh -c "debugfs -R 'cat /etc/machine-id' '$W/p2.ext4' 2>/dev/null | grep -qx uninitialized"
check "no ssh host keys in the image" sh -c "! debugfs -R 'ls /etc/ssh' '$W/p2.ext4' 2>/dev/null | grep -q ssh_host_"
if debugfs -R 'stat /opt/smsgw/node_modules/epoll/build/Release/epoll.node' "$W/p2.ext4" 2>/dev/null | grep -q 'Type: regular'; then
  log "note: onoff/epoll (arm64) is in the image"
else log "note: the image ships without onoff (epoll not cross-compiled)"; fi
mcopy -n -i "$FAT" "::/$kernel" "$W/vmlinuz" && mcopy -n -i "$FAT" "::/$initrd" "$W/initrd.img"
rm -f "$W/p1.vfat" "$W/p2.ext4"

# ---- 4. host side: broker and modem simulator ----------------------------------------------
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
MQTT_PORT=$(free_port) SIM_PORT=$(free_port) SSH_PORT=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$MQTT_PORT" > "$W/mosquitto.conf"
mosquitto -c "$W/mosquitto.conf" > "$W/mosquitto.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do mosquitto_sub -p "$MQTT_PORT" -t x -W 1 -C 1 >/dev/null 2>&1; [ $? -ne 1 ] && break; sleep 0.2; done
mosquitto_sub -p "$MQTT_PORT" -t "$BASE_TOPIC/#" -t 'homeassistant/#' -v > "$W/mqtt.log" 2>&1 & pids+=($!)

node "$lib/e2e-harness.mjs" --repo "$repo" --sim-port "$SIM_PORT" --mqtt-url "mqtt://127.0.0.1:$MQTT_PORT" \
  --base "$BASE_TOPIC" --boot-timeout "$BOOT_TIMEOUT" --ready-file "$W/online.at" > "$W/harness.log" 2>&1 &
harness=$!; pids+=("$harness")
for _ in $(seq 100); do grep -q '^INFO modem simulator' "$W/harness.log" && break; sleep 0.2; done

# ---- 5. boot -----------------------------------------------------------------------------------
log "booting under qemu-system-aarch64 -M virt (TCG; ~1-2 min to multi-user)"
qemu_t0=$(date +%s)
qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 1024 \
  -kernel "$W/vmlinuz" -initrd "$W/initrd.img" \
  -append "console=ttyAMA0 root=LABEL=RASPIROOT rw net.ifnames=0 rootwait" \
  -drive if=none,file="$test_img",format=raw,id=hd -device virtio-blk-pci,drive=hd \
  -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$SSH_PORT-:22,guestfwd=tcp:10.0.2.100:1883-cmd:socat STDIO TCP:127.0.0.1:$MQTT_PORT" \
  -device virtio-net-pci,netdev=n0,romfile= -device virtio-rng-pci \
  -device qemu-xhci -device usb-serial,chardev=modem \
  -chardev "socket,id=modem,host=127.0.0.1,port=$SIM_PORT,reconnect=1" \
  -display none -monitor "unix:$W/qemu-mon.sock,server=on,wait=off" -serial "file:$W/console.log" &
qemu=$!; pids+=("$qemu")

SSH=(ssh -q -i "$W/id_test" -p "$SSH_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no
     -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 root@127.0.0.1)
guest() { timeout 60 "${SSH[@]}" "$@"; }
up=0
while [ $(( $(date +%s) - qemu_t0 )) -lt "$BOOT_TIMEOUT" ] && kill -0 "$qemu" 2>/dev/null; do
  if guest true 2>/dev/null; then up=1; break; fi
  sleep 5
done
if [ "$up" = 1 ]; then ok "boots; ssh with the key from smsgw-system.txt after $(( $(date +%s) - qemu_t0 )) s"
else bad "boots; ssh with the key from smsgw-system.txt" "no ssh within $BOOT_TIMEOUT s (console: $W/console.log)"; fi

if [ "$up" = 1 ]; then
  # Let systemd finish the boot transaction before judging it.
  guest 'systemctl is-system-running --wait' > "$W/system-state" 2>&1
  check "systemd reached a running state ($(cat "$W/system-state"))" grep -qx running "$W/system-state"
  [ "$(cat "$W/system-state")" = running ] || guest 'systemctl --failed --no-legend' | sed 's/^/  failed unit: /' >&2
  check "hostname $HOSTNAME_WANTED from the edited smsgw-system.txt" sh -c "[ \"\$(timeout 60 ${SSH[*]} hostname)\" = $HOSTNAME_WANTED ]"
  check "time zone from smsgw-system.txt" sh -c "timeout 60 ${SSH[*]} 'readlink /etc/localtime' | grep -q Europe/Berlin"
  check "gateway config applied to /etc/smsgw/smsgw.yaml (ttyUSB0, 10.0.2.100)" \
    guest 'grep -q /dev/ttyUSB0 /etc/smsgw/smsgw.yaml && grep -q mqtt://10.0.2.100:1883 /etc/smsgw/smsgw.yaml && [ "$(stat -c "%a %U %G" /etc/smsgw/smsgw.yaml)" = "640 root smsgw" ]'
  check "secrets kept on the device, blanked on the FAT partition" \
    guest 'grep -q "pin: \"0000\"" /etc/smsgw/smsgw.yaml && ! grep -q 0000 /boot/firmware/smsgw.yaml && ! grep -q wifi-secret-123 /boot/firmware/smsgw-system.txt && grep -q wifi-secret-123 /etc/wpa_supplicant/wpa_supplicant-wlan0.conf'
  check "modem on /dev/ttyUSB0 (usb-serial)" guest 'test -c /dev/ttyUSB0'
  check "root partition grown on first boot" guest "[ \$(lsblk -bno SIZE /dev/vda2) -gt $((p2_size * 512)) ]"
  check "machine-id and ssh host keys made on first boot" guest 'grep -qvx uninitialized /etc/machine-id && ls /etc/ssh/ssh_host_ed25519_key'
  check "mosquitto listens on localhost only" \
    guest 'ss -Hltn | awk "{print \$4}" | grep ":1883\$" > /tmp/l; grep -q "^127.0.0.1:1883\$" /tmp/l && ! grep -vE "^(127\.0\.0\.1|\[::1\]):1883\$" /tmp/l'
  guest 'systemctl status --no-pager -n 30 smsgw.service; journalctl -b --no-pager -u smsgw -u smsgw-firstboot | tail -n 60; systemd-analyze' > "$W/guest-status.log" 2>&1
fi

# ---- 6. end to end (the harness has been running since before boot) ---------------------------
if ! kill -0 "$qemu" 2>/dev/null; then :; else
  left=$(( BOOT_TIMEOUT + 300 - ($(date +%s) - qemu_t0) )); [ "$left" -lt 60 ] && left=60
  for _ in $(seq "$left"); do kill -0 "$harness" 2>/dev/null && ! grep -qx DONE "$W/harness.log" || break; sleep 1; done
fi
verdicts "$W/harness.log" "end-to-end harness"
if [ "$up" = 1 ]; then
  check "smsgw.service active and never restarted" guest '[ "$(systemctl is-active smsgw.service)" = active ] && [ "$(systemctl show -p NRestarts --value smsgw.service)" = 0 ]'
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
fi
[ -f "$W/online.at" ] && log "timing: QEMU start -> bridge/state online: about $(cut -d. -f1 "$W/online.at") s"

# ---- 7. power off --------------------------------------------------------------------------
if kill -0 "$qemu" 2>/dev/null; then
  guest 'systemctl poweroff' >/dev/null 2>&1 || printf 'system_powerdown\n' | socat - "UNIX-CONNECT:$W/qemu-mon.sock" >/dev/null 2>&1
  for _ in $(seq 120); do kill -0 "$qemu" 2>/dev/null || break; sleep 1; done
  if kill -0 "$qemu" 2>/dev/null; then bad "powers off" "still running after 120 s"; kill "$qemu"
  else wait "$qemu"; check "powers off cleanly" grep -q 'reboot: Power down' "$W/console.log"; fi
  log "timing: QEMU start -> powered off: $(( $(date +%s) - qemu_t0 )) s"
else
  bad "VM still running for the checks" "QEMU exited early (console: $W/console.log)"
fi
kill "$harness" 2>/dev/null; wait "$harness" 2>/dev/null
rm -f "$test_img"

# ---- 8. Raspberry Pi 3 smoke test: -M raspi3b, the card as shipped -----------------------------
# The real Pi 3 DTB, the SD controller, the unchanged cmdline.txt and default smsgw.yaml (modem
# on /dev/serial0, broker on the Pi); the simulator sits on the mini UART (QEMU's serial 1 =
# ttyS1, the HAT's pins). No network here (QEMU's raspi3b has no working NIC), so the checks
# are made at the modem: set-up over the UART, and an SMS read, stored and deleted.
if [ "${PI3_SMOKE:-1}" = 1 ]; then
  PI3_TIMEOUT=${PI3_TIMEOUT:-600}
  pi3_img=$W/pi3.img
  card_from_image "$pi3_img"
  PI3_FAT="$pi3_img@@$((p1_start * 512))"
  mcopy -n -i "$PI3_FAT" ::/bcm2837-rpi-3-b.dtb "$W/pi3.dtb"
  pi3_cmdline=$(mtype -i "$PI3_FAT" ::/cmdline.txt | tr -d '\r\n')
  PI3_SIM_PORT=$(free_port)
  node "$lib/smoke-harness.mjs" --repo "$repo" --sim-port "$PI3_SIM_PORT" --boot-timeout "$PI3_TIMEOUT" \
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
  verdicts "$W/pi3-harness.log" "Pi 3 smoke test"
  log "timing: raspi3b start -> checks done: $(( $(date +%s) - pi3_t0 )) s"
  # No ACPI on a Pi: stop the emulator from its monitor.
  printf 'quit\n' | socat - "UNIX-CONNECT:$W/pi3-mon.sock" >/dev/null 2>&1 || kill "$pi3_qemu"
  wait "$pi3_qemu" 2>/dev/null
  kill "$pi3_harness" 2>/dev/null; wait "$pi3_harness" 2>/dev/null
  rm -f "$pi3_img"
fi
log "logs: $W/{console,harness,mqtt,guest-status,smsgw-journal,pi3-harness,pi3-qemu}.log"
summary
