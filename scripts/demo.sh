#!/usr/bin/env bash
# The README's first command: sets up a fresh Debian machine, starts a local mosquitto on
# 127.0.0.1:1883 and `firewatch run` on its embedded defaults (a SQLite file in run/), publishes
# a demo fire alarm as the gateway gw-demo, and shows the 确认 and the stored rows.
# The daemon keeps running in the foreground afterwards; Ctrl-C stops it (gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install-deps.sh
command -v sqlite3 >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y --no-install-recommends sqlite3; }

echo "== building firewatch (the first build takes a few minutes)"
swift build --product firewatch
bin=$(swift build --product firewatch --show-bin-path)/firewatch

mkdir -p run
if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  echo "== starting mosquitto on 127.0.0.1:1883 (config/mosquitto.local.conf, log run/mosquitto.log)"
  mosquitto -c config/mosquitto.local.conf > run/mosquitto.log 2>&1 &
  broker=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null && break; sleep 0.1; done
else
  echo "== a broker already listens on 127.0.0.1:1883; using it"
  broker=""
fi

echo "== checking the configuration"
"$bin" check-config --config config/firewatch.yaml

echo "== starting firewatch run (log run/firewatch.log)"
"$bin" run --config config/firewatch.yaml > run/firewatch.log 2>&1 &
daemon=$!
cleanup() { kill -TERM "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null || true; [ -n "$broker" ] && kill "$broker" 2>/dev/null; true; }
trap cleanup EXIT INT TERM
for _ in $(seq 100); do grep -q '\] ready' run/firewatch.log 2>/dev/null && break; sleep 0.1; done

echo "== the demo gateway gw-demo publishes a fire alarm (a smoke detector, GB/T 26875.3 type 2):"
frame=config/demo/fire-alarm.hex
"$bin" decode --hex "$(cat "$frame")" --pretty
mosquitto_sub -h 127.0.0.1 -p 1883 -t 'firewatch/v1/gateways/gw-demo/down' -C 1 -W 5 -F '%x' > run/demo-ack.hex &
sub=$!
sleep 0.3
printf "$(tr -d '\n' < "$frame" | sed 's/../\\x&/g')" | mosquitto_pub -h 127.0.0.1 -p 1883 -q 1 -t firewatch/v1/gateways/gw-demo/up -s
wait "$sub" || true
echo "== the centre's 确认 on firewatch/v1/gateways/gw-demo/down (sent after the frame was committed):"
"$bin" decode --hex "$(cat run/demo-ack.hex)"
echo "== stored in run/firewatch.sqlite:"
sqlite3 -header -column run/firewatch.sqlite \
  "SELECT id, gatewayId, serial, command, aduType, receivedAt, repeatCount FROM frame ORDER BY id DESC LIMIT 3;" \
  "SELECT frameId, kind, substr(body, 1, 100) AS body FROM frame_object ORDER BY frameId DESC LIMIT 3;"
echo
echo "firewatch is running (pid $daemon). Logs: run/firewatch.log. Publish frames to"
echo "firewatch/v1/gateways/<gateway id>/up (ids in config/registry.example.yaml). Ctrl-C stops it."
wait "$daemon"
