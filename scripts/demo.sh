#!/usr/bin/env bash
# The README's first command: sets up a fresh Debian machine, starts a local mosquitto on
# 127.0.0.1:1883 and `firewatch run` on its embedded defaults (a SQLite file in run/), publishes
# a demo fire alarm as the gateway gw-demo, and shows the 确认, the stored rows and the unit's
# written notice; creates a console account with a fresh random password and prints it.
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
# Each demo starts from a fresh database: the demo frame of an earlier run would be a
# retransmission (confirmed again, stored once, no new alarm). The earlier one is kept.
if [ -e run/firewatch.sqlite ]; then
  kept="run/previous-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$kept"
  mv run/firewatch.sqlite* "$kept"/
  echo "== the previous demo's database moved to $kept/"
fi
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
# The down topic also carries the centre's own commands (a clock sync: the demo frame is from 2020).
mosquitto_sub -h 127.0.0.1 -p 1883 -t 'firewatch/v1/gateways/gw-demo/down' -C 2 -W 3 -F '%x' > run/demo-down.hex &
sub=$!
mosquitto_sub -h 127.0.0.1 -p 1883 -t 'firewatch/v1/notices/#' -C 1 -W 5 -F '%t %p' > run/demo-notice.txt &
notices=$!
sleep 0.3
printf "$(tr -d '\n' < "$frame" | sed 's/../\\x&/g')" | mosquitto_pub -h 127.0.0.1 -p 1883 -q 1 -t firewatch/v1/gateways/gw-demo/up -s
wait "$sub" || true
wait "$notices" || true
echo "== the centre's 确认 on firewatch/v1/gateways/gw-demo/down (sent after the frame was committed):"
while read -r hex; do
  "$bin" decode --hex "$hex" | grep -q '"command":"confirm"' && "$bin" decode --hex "$hex"
done < run/demo-down.hex
echo "== the written notice to the unit (书面告知), on its topic:"
echo "topic: $(cut -d' ' -f1 run/demo-notice.txt)"
cut -d' ' -f2- run/demo-notice.txt | python3 -m json.tool --no-ensure-ascii 2>/dev/null || cat run/demo-notice.txt
echo "== stored in run/firewatch.sqlite:"
sqlite3 -header -column run/firewatch.sqlite \
  "SELECT id, gatewayId, serial, command, aduType, receivedAt, repeatCount FROM frame ORDER BY id DESC LIMIT 3;" \
  "SELECT frameId, kind, substr(body, 1, 100) AS body FROM frame_object ORDER BY frameId DESC LIMIT 3;"
echo "== the notice timeline of that incident (firewatch explain):"
incident=$(sqlite3 run/firewatch.sqlite "SELECT id FROM incident ORDER BY openedAt DESC LIMIT 1;")
[ -n "$incident" ] && "$bin" explain incident "$incident" --config config/firewatch.yaml

# A console account for this machine, with a fresh random password (there is no default one).
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
if echo "$password" | "$bin" user add demo-operator --role operator --config config/firewatch.yaml >/dev/null 2>&1; then
  account="user demo-operator, password $password"
else
  account="user demo-operator (could not be created: see run/firewatch.log)"
fi
echo
echo "firewatch is running (pid $daemon). Logs: run/firewatch.log."
echo "Console: http://127.0.0.1:8080/  ($account)"
echo "Publish frames to firewatch/v1/gateways/<gateway id>/up (ids in config/registry.example.yaml);"
echo "notices arrive on firewatch/v1/notices/{unit,brigade,department}/<id>. Ctrl-C stops it."
wait "$daemon"
