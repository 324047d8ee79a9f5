#!/usr/bin/env bash
# Single-node Elasticsearch 8.19 for development and tests (see README.md).
#
#   devnode.sh build                    compile (no-op when up to date)
#   devnode.sh start [PORT] [DATA_DIR]  start in the background, wait for green/yellow
#   devnode.sh stop  [DATA_DIR]         stop cleanly (SIGTERM, then SIGKILL after a grace period)
#   devnode.sh status [DATA_DIR]        print state; exit 0 only if running and healthy
#   devnode.sh url   [DATA_DIR]         print the base URL (for ELASTICSEARCH_URL)
#
# Defaults: PORT=9400 (not 9200, so a real ES on this box is left alone),
# DATA_DIR=<repo>/.devnode. Env: DEVNODE_HEAP (default 512m), DEVNODE_JAVA_OPTS,
# DEVNODE_START_TIMEOUT (seconds, default 90), JAVA_HOME.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DEFAULT_PORT=9400
DEFAULT_DATA="$REPO/.devnode"
JAR="$HERE/target/devnode.jar"
LIB="$HERE/target/lib"

die() { echo "devnode: $*" >&2; exit 1; }

abspath() { # absolute path without requiring it to exist
    case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$(pwd)" "$1" ;; esac
}

java_bin() {
    local j
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then j="$JAVA_HOME/bin/java"; else j="$(command -v java || true)"; fi
    [[ -n "$j" ]] || die "java not found (need JDK/JRE 17+; set JAVA_HOME)"
    local major
    major="$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')"
    [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || die "$j is Java $major; Elasticsearch 8.19 needs 17+"
    printf '%s\n' "$j"
}

is_built() {
    [[ -f "$JAR" && -d "$LIB" ]] || return 1
    # Rebuild when the pom or any source is newer than the jar.
    [[ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$JAR" -type f -print -quit)" ]]
}

cmd_build() {
    if is_built; then echo "devnode: build up to date ($JAR)"; return 0; fi
    command -v mvn >/dev/null || die "mvn not found (need Maven 3.8+)"
    local t0=$SECONDS
    # Offline first (fast, works without network once ~/.m2 is warm); online on a cold cache.
    if ! mvn -B -q -o -Dstyle.color=never -f "$HERE/pom.xml" package >/dev/null 2>&1; then
        mvn -B -q -Dstyle.color=never -f "$HERE/pom.xml" package || die "maven build failed"
    fi
    touch "$JAR" # copy-dependencies may leave the jar older than sources on a no-change build
    echo "devnode: built in $((SECONDS - t0))s -> $JAR"
}

# pid of the devnode in DATA_DIR, only if it is alive and really our launcher (guards pid reuse).
live_pid() {
    local data="$1" pid
    [[ -f "$data/devnode.pid" ]] || return 1
    pid="$(cat "$data/devnode.pid")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'xianfeng.devnode.DevNodeMain' || return 1
    printf '%s\n' "$pid"
}

health() { # prints cluster status (green/yellow/red) or nothing
    curl -fsS --max-time 2 "http://127.0.0.1:$1/_cluster/health" 2>/dev/null |
        sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' || true
}

cmd_start() {
    local port="${1:-$DEFAULT_PORT}" data
    data="$(abspath "${2:-$DEFAULT_DATA}")"
    [[ "$port" =~ ^[0-9]+$ ]] || die "bad port: $port"
    command -v curl >/dev/null || die "curl not found"
    mkdir -p "$data/tmp"

    local pid
    if pid="$(live_pid "$data")"; then
        local oldport; oldport="$(cat "$data/devnode.port" 2>/dev/null || echo "?")"
        [[ "$oldport" == "$port" ]] || die "already running from $data on port $oldport (pid $pid); stop it first"
        echo "devnode: already running (pid $pid) at http://127.0.0.1:$port"
        return 0
    fi
    if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/"; then
        die "port $port is already answering HTTP (another Elasticsearch?); pick another port"
    fi

    cmd_build >/dev/null
    local java; java="$(java_bin)"
    local heap="${DEVNODE_HEAP:-512m}"
    local log="$data/devnode.log"
    local t0; t0="$(date +%s%N)"
    # JVM flags: small heap; the netty/log4j properties are the ones the ES distribution sets.
    # shellcheck disable=SC2086
    nohup "$java" -Xms256m "-Xmx$heap" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
        -Dfile.encoding=UTF-8 -Djava.locale.providers=CLDR "-Djava.io.tmpdir=$data/tmp" \
        -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
        -Dio.netty.recycler.maxCapacityPerThread=0 \
        -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true \
        ${DEVNODE_JAVA_OPTS:-} \
        -cp "$JAR:$LIB/*" xianfeng.devnode.DevNodeMain "$port" "$data" \
        >"$log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$data/devnode.pid"
    echo "$port" >"$data/devnode.port"

    local timeout="${DEVNODE_START_TIMEOUT:-90}" deadline=$((SECONDS + ${DEVNODE_START_TIMEOUT:-90})) st
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$data/devnode.pid"
            echo "devnode: process exited during startup; last log lines ($log):" >&2
            tail -n 40 "$log" >&2
            exit 1
        fi
        st="$(health "$port")"
        if [[ "$st" == green || "$st" == yellow ]]; then
            echo "devnode: started (pid $pid, status $st) at http://127.0.0.1:$port in $(( ($(date +%s%N) - t0) / 1000000 )) ms; data $data"
            return 0
        fi
        sleep 0.25
    done
    echo "devnode: no green/yellow health on port $port after ${timeout}s; last log lines ($log):" >&2
    tail -n 40 "$log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
}

cmd_stop() {
    local data pid
    data="$(abspath "${1:-$DEFAULT_DATA}")"
    if ! pid="$(live_pid "$data")"; then
        rm -f "$data/devnode.pid"
        echo "devnode: not running ($data)"
        return 0
    fi
    kill -TERM "$pid"
    local i
    for ((i = 0; i < 120; i++)); do # 30s grace for a clean shutdown (flushes shards)
        kill -0 "$pid" 2>/dev/null || { rm -f "$data/devnode.pid"; echo "devnode: stopped (pid $pid)"; return 0; }
        sleep 0.25
    done
    echo "devnode: pid $pid did not stop in 30s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$data/devnode.pid"
}

cmd_status() {
    local data pid port st
    data="$(abspath "${1:-$DEFAULT_DATA}")"
    if ! pid="$(live_pid "$data")"; then echo "devnode: not running ($data)"; return 3; fi
    port="$(cat "$data/devnode.port" 2>/dev/null || echo "$DEFAULT_PORT")"
    st="$(health "$port")"
    echo "devnode: running (pid $pid) at http://127.0.0.1:$port, cluster status ${st:-unreachable}; data $data"
    [[ "$st" == green || "$st" == yellow ]]
}

cmd_url() {
    local data port
    data="$(abspath "${1:-$DEFAULT_DATA}")"
    port="$(cat "$data/devnode.port" 2>/dev/null || echo "$DEFAULT_PORT")"
    echo "http://127.0.0.1:$port"
}

case "${1:-}" in
    build) shift; cmd_build "$@" ;;
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    status) shift; cmd_status "$@" ;;
    url) shift; cmd_url "$@" ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
