#!/usr/bin/env bash
# K Streamlit processes of the explorer behind HAProxy with cookie-sticky sessions, all on
# loopback. For measuring (bench.load through the balancer) and for trying the setup locally.
#
#   deploy/run_local.sh start [K]              start K app processes (default 2) + the balancer
#   deploy/run_local.sh status                 what runs, sessions per process
#   deploy/run_local.sh stop                   stop exactly the processes `start` started
#   deploy/run_local.sh bench [K] [ARGS...]    start, run `python -m bench.load --url <balancer>
#                                              --backends deploy/run/backends.tsv ARGS`, stop
#   deploy/run_local.sh fault [ARGS...]        start 2, run `python -m bench.fault` (load; SIGKILL
#                                              app1 mid-load; restart it on its port), stop
#   deploy/run_local.sh kill NAME              SIGKILL one app process that `start` started
#   deploy/run_local.sh restart NAME           start NAME again on its port (same cookie secret)
#
# Environment: BALANCER_PORT (8700), APP_BASE_PORT (8701: the processes use 8701..8700+K),
# TTL (server.disconnectedSessionTTL in seconds, 5 here so that bench.load can wait it out;
# Streamlit's default is 120), MALLOC_ARENA_MAX (2), PYTHON (.venv/bin/python).
# Needs Debian's haproxy: apt-get install -y haproxy.
# State (pids, logs, the generated haproxy.cfg, backends.tsv) is in deploy/run/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUN="$HERE/run"
BALANCER_PORT="${BALANCER_PORT:-8700}"
APP_BASE_PORT="${APP_BASE_PORT:-8701}"
TTL="${TTL:-5}"
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

die() { echo "run_local.sh: $*" >&2; exit 1; }

port_free() {  # true when nothing listens on 127.0.0.1:$1
    ! ss -Hltn "sport = :$1" | grep -q .
}

wait_health() {  # url seconds
    local url="$1" deadline=$((SECONDS + $2))
    until curl -fsS -m 2 "$url/_stcore/health" 2>/dev/null | grep -q '^ok'; do
        (( SECONDS < deadline )) || return 1
        sleep 0.3
    done
}

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

launch() {  # name port: one app process in the background; sets LAUNCHED to its pid
    local name="$1" port="$2" secret
    secret="$(cat "$RUN/cookie_secret")"
    ( cd "$ROOT" && HOME="$RUN/home" MALLOC_ARENA_MAX="$MALLOC_ARENA_MAX" PYTHONUNBUFFERED=1 \
      STREAMLIT_SERVER_COOKIE_SECRET="$secret" \
      exec "$PYTHON" -m barnbaro.ui.serve --server.port "$port" --server.address 127.0.0.1 \
        --server.headless true --browser.gatherUsageStats false \
        --server.disconnectedSessionTTL "$TTL" ) >> "$RUN/$name.log" 2>&1 &
    LAUNCHED=$!
    disown "$LAUNCHED" 2>/dev/null || true  # no job-control notice when `kill` ends it
}

backend_line() {  # name -> "name url pid" from backends.tsv
    [[ -f "$RUN/backends.tsv" ]] || die "not started"
    awk -v n="$1" '$1 == n' "$RUN/backends.tsv" | grep . || die "no process named $1 in $RUN/backends.tsv"
}

kill_one() {  # SIGKILL, as a crash or the OOM killer would; only a PID that `start` recorded
    local name url pid
    read -r name url pid <<< "$(backend_line "${1:?usage: kill NAME}")"
    alive "$pid" || die "$name (pid $pid) is not running"
    kill -KILL "$pid"
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
    echo "killed $name pid $pid (SIGKILL)"
}

restart_one() {  # start NAME again on its port with the same cookie secret and options
    local name url pid port
    read -r name url pid <<< "$(backend_line "${1:?usage: restart NAME}")"
    alive "$pid" && die "$name (pid $pid) is still running"
    port="${url##*:}"
    for _ in $(seq 50); do port_free "$port" && break; sleep 0.1; done
    port_free "$port" || die "port $port is still taken"
    launch "$name" "$port"
    awk -v n="$name" -v p="$LAUNCHED" '$1 == n { $3 = p } { print }' "$RUN/backends.tsv" > "$RUN/backends.tsv.new"
    mv "$RUN/backends.tsv.new" "$RUN/backends.tsv"
    wait_health "$url" 120 || die "$name ($url) did not become healthy; see $RUN/$name.log"
    echo "restarted $name $url pid $LAUNCHED"
}

start() {
    local k="${1:-2}"
    [[ "$k" =~ ^[0-9]+$ ]] && (( k >= 1 && k <= 16 )) || die "K must be 1..16"
    command -v haproxy >/dev/null || die "haproxy is not installed (apt-get install -y haproxy)"
    [[ -x "$PYTHON" ]] || die "no $PYTHON (make test-fast sets up .venv)"
    if [[ -f "$RUN/backends.tsv" ]]; then
        while read -r _ _ pid; do alive "$pid" && die "already running (deploy/run_local.sh stop first)"; done < "$RUN/backends.tsv"
    fi
    mkdir -p "$RUN/home"
    printf '*\n' > "$RUN/.gitignore"
    port_free "$BALANCER_PORT" || die "port $BALANCER_PORT is taken (set BALANCER_PORT)"
    for ((i = 0; i < k; i++)); do
        port_free $((APP_BASE_PORT + i)) || die "port $((APP_BASE_PORT + i)) is taken (set APP_BASE_PORT)"
    done

    # One cookie secret for all processes (XSRF cookies then validate on any of them); the
    # sessions themselves still need the sticky cookie. Passed by environment, not argv; kept
    # (mode 600, git-ignored) in deploy/run/ so that `restart` starts a process with the same.
    ( umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_hex(32))' > "$RUN/cookie_secret" )
    : > "$RUN/backends.tsv"
    for ((i = 1; i <= k; i++)); do
        local port=$((APP_BASE_PORT + i - 1))
        : > "$RUN/app$i.log"
        launch "app$i" "$port"
        echo "app$i http://127.0.0.1:$port $LAUNCHED" >> "$RUN/backends.tsv"
    done
    while read -r name url pid; do
        wait_health "$url" 120 || { stop; die "$name ($url) did not become healthy; see $RUN/$name.log"; }
    done < "$RUN/backends.tsv"

    # the config: deploy/haproxy.cfg with this run's ports and one server line per process
    awk -v bport="$BALANCER_PORT" '
        /^[[:space:]]*bind 127\.0\.0\.1:/ { sub(/127\.0\.0\.1:[0-9]+/, "127.0.0.1:" bport) }
        { print }
        /# --- servers/ { exit }' "$HERE/haproxy.cfg" > "$RUN/haproxy.cfg"
    while read -r name url _; do
        echo "    server $name ${url#http://} check cookie $name" >> "$RUN/haproxy.cfg"
    done < "$RUN/backends.tsv"
    haproxy -c -q -f "$RUN/haproxy.cfg" || { stop; die "generated $RUN/haproxy.cfg is invalid"; }
    haproxy -f "$RUN/haproxy.cfg" -D -p "$RUN/haproxy.pid"
    wait_health "http://127.0.0.1:$BALANCER_PORT" 30 || { stop; die "the balancer did not answer"; }
    echo "balancer http://127.0.0.1:$BALANCER_PORT -> $k app processes (TTL ${TTL}s, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX):"
    cat "$RUN/backends.tsv"
}

stop() {
    local pids=()
    if [[ -f "$RUN/haproxy.pid" ]]; then
        while read -r pid; do alive "$pid" && pids+=("$pid"); done < "$RUN/haproxy.pid"
    fi
    if [[ -f "$RUN/backends.tsv" ]]; then
        while read -r _ _ pid; do alive "$pid" && pids+=("$pid"); done < "$RUN/backends.tsv"
    fi
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do alive "$pid" || break; sleep 0.2; done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    done
    rm -f "$RUN/haproxy.pid"
    [[ ${#pids[@]} -gt 0 ]] && echo "stopped ${#pids[@]} processes: ${pids[*]}" || echo "nothing was running"
}

status() {
    [[ -f "$RUN/backends.tsv" ]] || { echo "not started"; return; }
    if [[ -f "$RUN/haproxy.pid" ]] && alive "$(head -1 "$RUN/haproxy.pid")"; then
        echo "balancer http://127.0.0.1:$BALANCER_PORT pid $(head -1 "$RUN/haproxy.pid")"
    else
        echo "balancer: not running"
    fi
    while read -r name url pid; do
        local state="down" active="?"
        alive "$pid" && state="pid $pid"
        active="$(curl -fsS -m 2 "$url/_stcore/metrics?families=active_sessions" 2>/dev/null \
                  | awk '$1 == "active_sessions" {print $2}')" || true
        echo "$name $url $state, active sessions: ${active:-?}, established connections: $(ss -Htn state established "sport = :${url##*:}" | wc -l)"
    done < "$RUN/backends.tsv"
}

bench() {
    local k=2
    if [[ "${1:-}" =~ ^[0-9]+$ ]]; then k="$1"; shift; fi
    local out=()
    [[ " $* " == *" --out "* ]] || out=(--out "bench/results/load-balanced-k$k.json")
    start "$k"
    trap stop EXIT
    ( cd "$ROOT" && "$PYTHON" -m bench.load --url "http://127.0.0.1:$BALANCER_PORT" \
        --backends "$RUN/backends.tsv" --ttl "$TTL" "${out[@]}" "$@" )
}

fault() {
    local out=()
    [[ " $* " == *" --out "* ]] || out=(--out "bench/results/fault-k2.json")
    start 2
    trap stop EXIT
    ( cd "$ROOT" && "$PYTHON" -m bench.fault --url "http://127.0.0.1:$BALANCER_PORT" \
        --backends "$RUN/backends.tsv" --ttl "$TTL" "${out[@]}" "$@" )
}

cmd="${1:-}"
shift || true
case "$cmd" in
    start) start "$@" ;;
    stop) stop ;;
    status) status ;;
    bench) bench "$@" ;;
    fault) fault "$@" ;;
    kill) kill_one "$@" ;;
    restart) restart_one "$@" ;;
    *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
