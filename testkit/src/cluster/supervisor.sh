# The supervisor of one throwaway PostgreSQL server (POSIX sh).
#
# It is the server's parent and stops it when nobody uses it any more, so a
# server never outlives the test processes that used it, however they ended
# (a panic, SIGKILL, a timeout). Users are the processes holding a shared
# flock on USERS_LOCK; the kernel drops a process's lock when it dies, so a
# dead user needs no detecting. Once no user has held a lock for IDLE_MS,
# the supervisor takes CLUSTER_LOCK (which starters hold while they attach),
# checks again that there are no users, and stops the server (fast
# shutdown). SIGTERM stops it at once.
#
# Arguments: POSTGRES DATA_DIR SOCKET_DIR PORT USERS_LOCK CLUSTER_LOCK IDLE_MS REMOVE_DIR [postgres args...]
# REMOVE_DIR (may be empty) is removed after the server stopped, like SOCKET_DIR.
set -u
postgres=$1 data=$2 sock=$3 port=$4 users=$5 lock=$6 idle_ms=$7 remove=$8
shift 8

"$postgres" -D "$data" -k "$sock" -p "$port" "$@" </dev/null &
pg=$!

finish() {
    wait "$pg" 2>/dev/null
    rm -rf "$sock"
    if [ -n "$remove" ]; then rm -rf "$remove"; fi
    exit 0
}
stop() {
    kill -INT "$pg" 2>/dev/null
    finish
}
trap stop TERM INT HUP

idle=0
while kill -0 "$pg" 2>/dev/null; do
    # `wait` on a background sleep returns as soon as a trapped signal arrives.
    sleep 0.2 &
    wait $!
    if flock -n -x "$users" true; then
        idle=$((idle + 200))
        if [ "$idle" -ge "$idle_ms" ]; then
            exec 9<"$lock"
            flock -x 9
            if flock -n -x "$users" true; then
                stop
            fi
            exec 9<&-
            idle=0
        fi
    else
        idle=0
    fi
done
# The server exited on its own (crashed, or was stopped by someone else).
finish
