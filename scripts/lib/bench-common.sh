# Shared by scripts/bench-ingest.sh and scripts/bench-alerting.sh (sourced, not run): install,
# release build, a temp folder cleaned on exit, a private mosquitto on a free loopback port, the
# daemon's environment, and running the benchmark program.
#
# The sourcing script sets: root, scratch, gateways, connections, warmup, duration, prefix.

# bench_prepare PRODUCT TMP_NAME — installs what is missing, builds firewatch and PRODUCT
# (release, in $scratch) unless NO_BUILD is set; sets bin, daemon, tmp; traps cleanup.
bench_prepare() {
    local product="$1" name="$2" b
    bash scripts/install-deps.sh
    if ! command -v sqlite3 >/dev/null; then
        local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends sqlite3
    fi
    if [ -z "${NO_BUILD:-}" ]; then
        echo "== building release in $scratch (the first release build of the daemon's dependencies takes several minutes)"
        swift build -c release --scratch-path "$scratch" --product firewatch
        swift build -c release --scratch-path "$scratch" --product "$product"
    fi
    bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
    daemon="${FIREWATCH_BIN:-$bin/firewatch}"
    for b in "$daemon" "$bin/$product"; do
        [ -x "$b" ] || { echo "missing $b: run without NO_BUILD" >&2; exit 1; }
    done
    tmp="$(mktemp -d -t "$name.XXXXXX")"
    : > "$tmp/pids"
    broker=""
    bench=""
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    set +e
    local pid
    if [ -n "$bench" ]; then kill "$bench" 2>/dev/null; wait "$bench" 2>/dev/null; fi
    # Children the benchmark started (responder, daemon), by the ids it recorded.
    while read -r pid; do
        if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi
    done < "$tmp/pids"
    if [ -n "$broker" ]; then kill "$broker" 2>/dev/null; wait "$broker" 2>/dev/null; fi
    if [ -n "${KEEP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}

bench_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts mosquitto on 127.0.0.1 and a free port (sets port, broker): no Nagle, no queue limits
# (mosquitto's default max_queued_messages 1000 drops QoS 1 messages of a slow subscriber).
bench_start_broker() {
    port="$(bench_free_port)"
    cat > "$tmp/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
set_tcp_nodelay true
max_queued_messages 0
max_inflight_messages 0
persistence false
log_dest stderr
log_type error
log_type warning
CONF
    mosquitto -c "$tmp/mosquitto.conf" > "$tmp/mosquitto.log" 2>&1 &
    broker=$!
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "mosquitto did not start:"; cat "$tmp/mosquitto.log"; exit 1; } >&2
}

# The daemon runs on config/firewatch.yaml with environment overrides (the benchmark program adds
# the broker, topic prefix and database path); the registry is $tmp/registry.yaml.
bench_daemon_environment() {
    export FIREWATCH_REGISTRY_PATH="$tmp/registry.yaml"
    export FIREWATCH_HTTP_PORT="$(bench_free_port)"
    export FIREWATCH_MQTT_PORT="$port"
    export FIREWATCH_DATABASE_PATH="$tmp/firewatch.sqlite"
    "$daemon" check-config --config config/firewatch.yaml > /dev/null
}

# bench_run PRODUCT ARGS… — runs the benchmark program with the common options and ARGS; exits
# with its status.
bench_run() {
    local product="$1" status=0
    shift
    echo "== broker 127.0.0.1:$port (pid $broker), work folder $tmp, daemon $daemon"
    echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (dirty tree)')"
    "$bin/$product" --host 127.0.0.1 --port "$port" --prefix "$prefix" \
        --gateways "$gateways" --connections "$connections" --warmup "$warmup" --duration "$duration" \
        --firewatch "$daemon" --config "$root/config/firewatch.yaml" \
        --workdir "$tmp" --broker-pid "$broker" --pids-file "$tmp/pids" "$@" &
    bench=$!
    wait "$bench" || status=$?
    bench=""
    exit "$status"
}
