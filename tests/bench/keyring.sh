#!/bin/sh
# Benchmark of airlock-sigcheck's keyring loading, run by `make
# bench-keyring`. Target (the issue): a keyring of 10,000 keys loads in
# under one second.
#
# Generated once and cached in build/bench/keyring/ (regenerated when its
# stamp or any part is missing; delete the directory to regenerate):
#   files/   10,000 Ed25519 certificates, one armored file each
#            (tests/keygen.py; every key with a user ID and a SHA-256
#            positive self-certification)
#   one/     the same 10,000 certificates in one armored block
#   packed/  the same in 4 armored blocks of 2,500 (each under the 1 MiB
#            key file limit)
#   bad/     10,000 other keys whose self-signatures all fail (4 files)
#   key1/    key #0 alone
#   tiny.rpm an unsigned 1 KiB package (mk_rpm); signed.rpm the same
#            signed by key #0 (rpmsign with key #0's secret key, imported
#            from keygen.py --secret into key0.gnupg/)
# Then, with the page cache warm, each `build/airlock-sigcheck --keyring
# DIR PKG` (as root with --user nobody) is checked once for its expected
# result (stderr empty: no file skipped, no key refused) and timed best of
# RUNS (default 3). The program loads the whole keyring before reading any
# package, so the unsigned package ("not signed") times the loading alone:
# load of 10,000 keys = files/ - key1/. The signed package adds finding and
# settling key #0. bad/ is the worst case of settling: no key is usable,
# so every one of the 10,000 self-signatures is verified before the
# program gives up (exit 2); it runs once (KEYRING_BENCH_WORST=0 skips it).
# A benchmark reports: exit 0 whether or not the target is met ("MISSED"
# is printed if not); exit 1 only if nothing could be measured.
set -eu
cd "$(dirname "$0")/../.."
. tests/rpmlib.sh

N=${KEYRING_BENCH_N:-10000}
RUNS=${RUNS:-3}
WORST=${KEYRING_BENCH_WORST:-1}
TARGET=1.0
B=$PWD/build/bench/keyring
SC=$PWD/build/airlock-sigcheck
KG="/usr/bin/python3 $PWD/tests/keygen.py"
STAMP="$N keygen-v1"
AS=""
[ "$(id -u)" -eq 0 ] && AS="--user nobody"
export LC_ALL=C

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

# cached: the cache is complete for $STAMP.
cached() {
    [ "$(cat "$B/stamp" 2>/dev/null)" = "$STAMP" ] &&
        [ "$(find "$B/files" -name 'key*.asc' 2>/dev/null | wc -l)" -eq "$N" ] &&
        [ -s "$B/one/keys.asc" ] && [ -s "$B/key1/key00000.asc" ] &&
        [ -d "$B/packed" ] && [ -d "$B/bad" ] && [ -s "$B/tiny.rpm" ] && [ -s "$B/signed.rpm" ]
}

# generate: a fresh cache (keys, packages), world-readable for --user.
generate() {
    rm -rf "$B" && mkdir -p "$B" || return 1
    _t=$(($(date +%s) - 60))
    echo "generating $N keys and 2 packages in $B (once) ..." >&2
    _t0=$(now)
    $KG --out "$B/files" --count "$N" --time "$_t" || return 1
    _t1=$(now)
    echo "  $N key files in $(calc "$_t1 - $_t0" | cut -c1-5) s" >&2
    $KG --out "$B/one" --count "$N" --time "$_t" --one-file &&
        $KG --out "$B/packed" --count "$N" --time "$_t" --per-file 2500 &&
        $KG --out "$B/bad" --count "$N" --time "$_t" --per-file 2500 --seed bad --bad-selfsig &&
        $KG --out "$B/key1" --count 1 --time "$_t" || return 1
    mkdir -m 700 "$B/key0.gnupg" &&
        $KG --time "$_t" --secret "$B/key0.asc" --print-fpr >"$B/key0.fpr" || return 1
    if ! gpg --homedir "$B/key0.gnupg" --batch --quiet --import "$B/key0.asc" 2>/dev/null; then
        echo "bench: gpg could not import key #0" >&2
        return 1
    fi
    mk_rpm "$B" tiny 1 >/dev/null && mk_rpm "$B" signed 1 >/dev/null &&
        sign_rpm "$B" key0 "$B/signed.rpm" || return 1
    gpgconf --homedir "$B/key0.gnupg" --kill gpg-agent 2>/dev/null || :
    chmod 755 "$B" && chmod 644 "$B/tiny.rpm" "$B/signed.rpm"
    echo "$STAMP" >"$B/stamp"
}

# check RC PATTERN DIR PKG: one run gives exit RC, PATTERN on stdout+stderr
# and (for RC < 2) nothing on stderr; else says why on stdout, returns 1.
check() {
    _rc=0
    # shellcheck disable=SC2086
    "$SC" $AS --keyring "$3" "$4" >"$W/out" 2>"$W/err" || _rc=$?
    if [ "$_rc" -ne "$1" ] || ! cat "$W/out" "$W/err" | grep -q "$2" ||
        { [ "$1" -lt 2 ] && [ -s "$W/err" ]; }; then
        echo "exit $_rc: $(cat "$W/err" "$W/out" | head -n 1)"
        return 1
    fi
}

# elapsed RC DIR PKG: wall seconds of one run, which must exit RC.
elapsed() {
    _rc=0
    _t0=$(now)
    # shellcheck disable=SC2086
    "$SC" $AS --keyring "$2" "$3" >/dev/null 2>&1 || _rc=$?
    _t1=$(now)
    [ "$_rc" -eq "$1" ] || { echo "bench: $2: exit $_rc, expected $1" >&2; exit 1; }
    calc "$_t1 - $_t0"
    echo
}

# best RUNS RC DIR PKG: the best of RUNS runs.
best() {
    _n=$1
    shift
    _i=0
    while [ "$_i" -lt "$_n" ]; do
        elapsed "$@"
        _i=$((_i + 1))
    done | sort -g | head -n 1
}

# row LABEL RUNS RC PATTERN DIR PKG: check, then time, one line; the time
# (or "-") in $t.
row() {
    if _why=$(check "$3" "$4" "$5" "$6"); then
        t=$(best "$2" "$3" "$5" "$6")
        printf '  %-44s %7.3f s\n' "$1" "$t"
    else
        t=-
        printf '  %-44s not timed: %s\n' "$1" "$_why"
    fi
}

[ -x "$SC" ] || { echo "bench: $SC missing (make all)" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cached || generate || { echo "bench: generation failed" >&2; exit 1; }
cat "$B"/files/* "$B"/one/* "$B"/packed/* "$B"/bad/* >/dev/null   # warm the page cache

NS="not signed"
echo "airlock-sigcheck keyring bench: $N Ed25519 keys, best of $RUNS, $(nproc) CPUs"
row "1 key, unsigned package" "$RUNS" 1 "$NS" "$B/key1" "$B/tiny.rpm"; t1=$t
row "$N key files, unsigned package" "$RUNS" 1 "$NS" "$B/files" "$B/tiny.rpm"; tn=$t
row "1 file of $N keys, unsigned package" "$RUNS" 1 "$NS" "$B/one" "$B/tiny.rpm"
row "4 files of $((N / 4)) keys, unsigned package" "$RUNS" 1 "$NS" "$B/packed" "$B/tiny.rpm"
row "1 key, package signed by it" "$RUNS" 0 "^OK " "$B/key1" "$B/signed.rpm"; s1=$t
row "$N key files, package signed by key #0" "$RUNS" 0 "^OK " "$B/files" "$B/signed.rpm"; sn=$t
if [ "$WORST" != 0 ]; then
    row "$N bad self-signatures (all verified)" 1 2 "holds no usable key" "$B/bad" "$B/tiny.rpm"
    tb=$t
fi

if [ "$t1" = - ] || [ "$tn" = - ]; then
    echo "keyring bench: $N keys: INVALID (see above: nothing to time)"
    exit 1
fi
load=$(calc "$tn - $t1")
[ "$s1" = - ] || [ "$sn" = - ] ||
    printf '  signed package, %d keys vs 1:              %+7.3f s\n' "$N" "$(calc "$sn - $s1")"
[ "$WORST" = 0 ] || [ "$tb" = - ] ||
    printf '  per self-signature verified (bad/):         %7.3f ms\n' "$(calc "($tb - $t1) * 1000 / $N")"
verdict=$(awk "BEGIN { print ($load < $TARGET) ? \"ok\" : \"MISSED\" }")
printf 'keyring bench: %d keys: load %.3f s, %.2fx the target (target < %s s: %s)\n' \
    "$N" "$load" "$(calc "$load / $TARGET")" "$TARGET" "$verdict"
