#!/bin/sh
# Benchmark of airlock-receive (issue 5), run by `make bench-receive`.
#
# 400 signed packages of 2.5 MiB (random payload, w0.ufdio) are made once
# and cached in build/bench/receive/ (delete it to regenerate). Then, in
# one run, page cache warm, on the same disk, it times end to end from
# the first byte sent to a published dnf repository:
#   airlock   airlock-send | airlock-receive, wired both ways (FIFOs),
#             verification overlapped with reception, generation switch
#             (SYNC=no, like the reference chain; SYNC=yes is timed too)
#   reference the reference-style chain: the same stream into
#             airlock-unpack (a faster unpacker than the reference one),
#             then `rpmkeys -K` once per file at _pkgverify_level all
#             (its output checked per file as the reference does), then
#             createrepo_c
# One untimed warm-up run of each first: on this VM the first run after
# a pause or after the other kind is up to 3 s slower for either (sys
# time: pages the host took back are faulted in again), whichever runs.
# Then interleaved runs, best of 2 (reference), 3 (airlock) and 2 (airlock
# with SYNC=yes, after the others); wall and CPU
# seconds (user+system of every process) are printed, with the load
# average, since load from elsewhere shrinks the gain of running stages
# side by side on both CPUs. Target (issue 5): reference / airlock >= 4.
# After each reference run its output is flushed to disk, untimed in the
# chain but printed: SYNC=yes is also compared with "chain + flush", and
# the next airlock run does not share the disk with the reference's
# write-back.
# shellcheck disable=SC1091,SC2086,SC2046 # sourced helpers; $FILES and "wall cpu" pairs are split on purpose
set -eu
cd "$(dirname "$0")/../.."
. tests/rpmlib.sh
. tests/lib.sh

N=${RECEIVE_BENCH_N:-400}
KIB=${RECEIVE_BENCH_KIB:-2560}
B=${RECEIVE_BENCH_DIR:-$PWD/build/bench/receive}
BIN=$PWD/build
STAGE_USER=nobody
CHECK_USER=airlock-test-check   # the signature check's own user (made if missing)
ensure_user "$CHECK_USER" || { echo "bench-receive: cannot create user $CHECK_USER" >&2; exit 1; }
export LC_ALL=C
[ "$(id -u)" -eq 0 ] || { echo "bench-receive: run as root (the stages run as $STAGE_USER)" >&2; exit 1; }

[ "$(cat "$B/stamp" 2>/dev/null)" = "$N $KIB" ] || mk_signed_batch "$B" "$N" "$KIB" ||
    { echo "bench: package generation failed" >&2; exit 1; }
[ "$(find "$B/pkgs" -name '*.rpm' | wc -l)" -eq "$N" ] || { echo "bench-receive: package cache incomplete; rm -rf $B" >&2; exit 1; }
MIB=$(du -sm "$B/pkgs" | cut -f1)
cat "$B"/pkgs/*.rpm >/dev/null

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
# cpu FILE: user+system CPU seconds of the waited children of the calling
# shell, from `times` (run there, without a subshell) saved in FILE.
cpu() {
    awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); t += a[1] * 60 + a[2] } printf "%.2f", t }' "$1"
}

# wire DIR SENDER-ARGS -- RECEIVER...: sender and receiver connected both
# ways through FIFOs; fails unless both succeed.
wire() {
    _d=$1
    shift
    rm -f "$_d/a" "$_d/b" && mkfifo "$_d/a" "$_d/b"
    _n=0
    for _x; do [ "$_x" = -- ] && break; _n=$((_n + 1)); done
    _args=""
    _i=0
    for _x; do
        _i=$((_i + 1))
        [ "$_i" -le "$_n" ] || break
        _args="$_args $_x"
    done
    shift $((_n + 1))
    "$@" <"$_d/a" >"$_d/b" 2>"$_d/recv.err" &
    _rp=$!
    # shellcheck disable=SC2086 # package paths have no blanks
    "$BIN/airlock-send" $_args >"$_d/a" <"$_d/b" 2>"$_d/send.err"
    _rs=$?
    wait "$_rp"
    _rr=$?
    rm -f "$_d/a" "$_d/b"
    if [ "$_rs" -ne 0 ] || [ "$_rr" -ne 0 ]; then
        echo "bench-receive: run failed (send $_rs, receive $_rr):" >&2
        cat "$_d/send.err" "$_d/recv.err" >&2
        return 1
    fi
}

FILES=$(echo "$B"/pkgs/*.rpm)

# airlock SYNC: one airlock run into a fresh repository; prints seconds.
airlock() {
    W=$B/run-airlock
    rm -rf "$W" && mkdir -p "$W" && chmod 755 "$W"
    cat >"$W/conf" <<EOF
UPDATEVM=bench
KEYRING=$B/kr
REPO_DIR=$W/repo
STAGING_DIR=$W/staging
STATE_DIR=$W/state
USER=$STAGE_USER
CHECK_USER=$CHECK_USER
BINDIR=$BIN
# No dom0 rpmdb here: compared with the published generation only.
RPMDB_ROOT=
SYNC=$1
EOF
    sync
    _t0=$(now)
    wire "$W" $FILES -- env QREXEC_REMOTE_DOMAIN=bench "$BIN/airlock-receive" --config "$W/conf" || exit 1
    _t1=$(now)
    [ "$(find "$W/repo/current/" -name '*.rpm' | wc -l)" -eq "$N" ] || { echo "bench-receive: not all published" >&2; exit 1; }
    times >"$W/times"
    echo "$(calc "$_t1 - $_t0") $(cpu "$W/times")"
}

# reference: unpack all, rpmkeys -K per file, createrepo_c; prints wall
# and CPU seconds, then the seconds a flush of the result to disk takes
# afterwards (not part of the chain; for the comparison with SYNC=yes).
reference() {
    W=$B/run-ref
    rm -rf "$W" && mkdir -p "$W/repo" && chmod 755 "$W" && chown "$STAGE_USER" "$W/repo"
    sync
    _t0=$(now)
    wire "$W" $FILES -- "$BIN/airlock-unpack" --user "$STAGE_USER" "$W/repo" || exit 1
    for _f in "$W"/repo/*.rpm; do
        _out=$(rpmkeys --dbpath "$B/db" -K --define '_pkgverify_level all' \
            --define '_pkgverify_flags 0x0' "$_f") || { echo "bench-receive: rpmkeys failed on $_f" >&2; exit 1; }
        [ "$_out" = "$_f: digests signatures OK" ] || { echo "bench-receive: $_out" >&2; exit 1; }
    done
    createrepo_c -q "$W/repo" || exit 1
    _t1=$(now)
    times >"$W/times"
    sync -f "$W/repo"
    _t2=$(now)
    echo "$(calc "$_t1 - $_t0") $(cpu "$W/times") $(calc "$_t2 - $_t1")"
}

echo "receive bench: $N packages, $MIB MiB, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
set -- $(reference)
echo "  warm-up, not counted: reference chain $1 s wall, $2 CPU-s; \c"
set -- $(airlock no)
echo "airlock $1 s wall, $2 CPU-s"
# Interleaved, so that load from elsewhere hits both alike; best of each.
ref="" refcpu="" refsync="" best="" bestcpu=""
for _r in 1 2 3; do
    if [ "$_r" -le 2 ]; then
        set -- $(reference)
        echo "  reference chain (unpack, rpmkeys -K per file, createrepo_c), run $_r: $1 s wall, $2 CPU-s (then flushing it: $3 s)"
        if [ -z "$ref" ] || [ "$(calc "$1 < $ref")" = 1.00 ]; then ref=$1; refcpu=$2; refsync=$3; fi
    fi
    set -- $(airlock no)
    echo "  airlock-send | airlock-receive (SYNC=no), run $_r:                    $1 s wall, $2 CPU-s"
    if [ -z "$best" ] || [ "$(calc "$1 < $best")" = 1.00 ]; then best=$1; bestcpu=$2; fi
done
tsync=""
for _r in 1 2; do
    set -- $(airlock yes)
    echo "  airlock-send | airlock-receive (SYNC=yes), run $_r:                   $1 s wall, $2 CPU-s"
    if [ -z "$tsync" ] || [ "$(calc "$1 < $tsync")" = 1.00 ]; then tsync=$1; fi
done
grep -h 'published' "$B/run-airlock/recv.err" | sed 's/^/  last run: /'
echo "  speed-up, best against best (SYNC=no): $(calc "$ref / $best")x wall (target >= 4x), $(calc "$refcpu / $bestcpu")x CPU"
echo "  speed-up with SYNC=yes: $(calc "$ref / $tsync")x wall against the chain as is; $(calc "($ref + $refsync) / $tsync")x against the chain followed by a flush"
echo "  airlock throughput: $(calc "$MIB / $best") MiB/s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$B/run-airlock" "$B/run-ref"
