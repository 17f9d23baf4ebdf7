#!/usr/bin/env bash
# The console in a real browser (Debian's chromium + chromium-driver, Selenium from PyPI):
# starts a private mosquitto and `firewatch run` on free loopback ports with a temporary
# database and the sample registry, creates an operator, and runs Tests/Browser/console_test.py
# (sign in, a fire alarm frame appears live, confirm it, notices on the building page).
# Screenshots (1366×768) go to artifacts/screenshots/. Everything started here is stopped on exit.
#
#   FIREWATCH_BIN=path/to/firewatch bash scripts/browser-test.sh   # use this binary, build nothing
#   bash scripts/browser-test.sh                                   # the debug build (built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ -n "${FIREWATCH_BIN:-}" ]; then
  bin=$FIREWATCH_BIN
else
  bin=$(swift build --show-bin-path)/firewatch
  [ -x "$bin" ] || swift build --product firewatch
fi
[ -x "$bin" ] || { echo "browser test: no firewatch binary at $bin" >&2; exit 1; }
for tool in mosquitto mosquitto_pub chromium /usr/bin/chromedriver python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || {
    echo "browser test: $tool is missing (apt-get install mosquitto mosquitto-clients chromium chromium-driver)" >&2; exit 1; }
done
python3 -c 'import selenium' 2>/dev/null || { echo "browser test: python3 -m pip install selenium" >&2; exit 1; }
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/firewatch-browser.XXXXXX")
broker=""
daemon=""
cleanup() {
  [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  [ -n "$broker" ] && kill -TERM "$broker" 2>/dev/null && wait "$broker" 2>/dev/null
  if [ "${status:-1}" -ne 0 ]; then
    echo "== firewatch log (last 40 lines):"; tail -n 40 "$tmp/firewatch.log" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
mqtt_port=$(free_port)
http_port=$(free_port)

# The broker as the integration tests configure it (Tests/BrokerHarness/Broker.swift).
cat > "$tmp/mosquitto.conf" <<EOF
listener $mqtt_port 127.0.0.1
allow_anonymous true
set_tcp_nodelay true
max_queued_messages 0
persistence false
log_dest file $tmp/broker.log
EOF
# Started as root, mosquitto 2 would switch to the user "mosquitto", who cannot write $tmp.
[ "$(id -u)" -eq 0 ] && echo "user root" >> "$tmp/mosquitto.conf"
"$mosquitto" -c "$tmp/mosquitto.conf" &
broker=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null && break; sleep 0.1; done

cp config/registry.example.yaml "$tmp/registry.yaml"
cat > "$tmp/firewatch.yaml" <<EOF
mqtt:
  host: 127.0.0.1
  port: $mqtt_port
  username: ~
  clientId: firewatch-browser-test
database:
  path: firewatch.sqlite
http:
  host: 127.0.0.1
  port: $http_port
registry:
  path: registry.yaml
EOF

password="browser-test-$(date +%s)-$RANDOM"
printf '%s\n' "$password" | "$bin" user add duty --role operator --config "$tmp/firewatch.yaml"

"$bin" run --config "$tmp/firewatch.yaml" > "$tmp/firewatch.log" 2>&1 &
daemon=$!
python3 - "$http_port" <<'EOF'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/readyz"
deadline = time.time() + 30
while time.time() < deadline:
    try:
        if urllib.request.urlopen(url, timeout=1).status == 200:
            sys.exit(0)
    except Exception:
        pass
    time.sleep(0.2)
sys.exit("firewatch did not become ready within 30 s")
EOF

mkdir -p artifacts/screenshots
status=0
FIREWATCH_URL="http://127.0.0.1:$http_port" FIREWATCH_USER=duty FIREWATCH_PASSWORD="$password" \
  MQTT_PORT=$mqtt_port FIRE_FRAME_HEX="$root/config/demo/fire-alarm.hex" SCREENSHOT_DIR="$root/artifacts/screenshots" \
  python3 Tests/Browser/console_test.py || status=$?
exit $status
