#!/bin/sh
# Memory benchmark of airlock-sigcheck (issue 13), run by `make
# bench-sigcheck-mem` (part of `make bench`).
#
# spec/RPM.md §3.5 caps the main header at 64 MiB (16 + 16*il + dl <=
# AL_RPM_HDR_MAX, src/core/rpm.h) and src/sigcheck/sandbox.c sets each
# worker's RLIMIT_AS from it. This makes a signed package whose main
# header is as large as that allows (a %description filling it to within
# the 4-byte alignment step of the cap: rpmbuild, then
# rpmsign, tests/rpmlib.sh), checks that airlock-sigcheck accepts it and
# refuses the same package with a header one step (4 bytes) larger
# (malformed, §3.5), then runs airlock-sigcheck with --jobs 1 over one
# copy and with --jobs N over N copies (N = SIGCHECK_MEM_WORKERS, 4: the
# default worker cap), under tests/bench/rss.py, and prints per run the
# peak RSS of one worker, the cap (each worker's RLIMIT_AS, read from
# /proc/PID/limits) and the peak of the whole process tree:
#   peak RSS per worker X MiB (cap Y MiB), total Z MiB with N workers
# The packages are cached in build/bench/sigcheck-mem/ (delete it to
# regenerate).
# shellcheck disable=SC1091,SC2154 # sourced helpers; m_* are set by measure's eval
set -eu
cd "$(dirname "$0")/../.."
. tests/rpmlib.sh

N=${SIGCHECK_MEM_WORKERS:-4}
B=$PWD/build/bench/sigcheck-mem
SC=$PWD/build/airlock-sigcheck
MAX=$(sed -n 's/^#define AL_RPM_HDR_MAX *\([0-9]*\)u.*/\1/p' src/core/rpm.h)
AS=""
[ "$(id -u)" -eq 0 ] && AS="--user nobody"
export LC_ALL=C
[ -n "$MAX" ] || { echo "bench: AL_RPM_HDR_MAX not found in src/core/rpm.h" >&2; exit 1; }

# big_rpm DIR NAME BYTES: DIR/NAME.rpm, unsigned, whose %description is
# BYTES bytes of text (lines of 1024 ending in "." (rpm drops the
# trailing blanks of a line), the last one shorter).
big_rpm() {
    _t=$1/$2.build
    rm -rf "$_t" && mkdir -p "$_t/SPECS"
    {
        printf '%s\n' '%define _binary_payload w0.ufdio' '%define _build_id_links none' \
            '%define debug_package %{nil}' '%define __os_install_post %{nil}' \
            "Name: $2" 'Version: 1' 'Release: 1' 'Summary: airlock header-size bench' \
            'License: MIT' 'BuildArch: noarch' '%description'
        python3 -c 'import sys
n = int(sys.argv[1]); line = ("airlock header bench " * 52)[:1022] + ".\n"
out = sys.stdout
while n > len(line) + 1:
    out.write(line); n -= len(line)
out.write("x" * n + "\n")' "$3"
        printf '%s\n' '%files'
    } >"$_t/SPECS/p.spec"
    HOME=$_t rpmbuild --quiet --define "_topdir $_t" --define "_rpmdir $_t/RPMS" \
        -bb "$_t/SPECS/p.spec" >/dev/null 2>&1 || { echo "bench: rpmbuild failed" >&2; return 1; }
    mv "$_t/RPMS/noarch/$2-1-1.noarch.rpm" "$1/$2.rpm" && rm -rf "$_t"
}

hdr_size() { echo $(($(rpm_payload_offset "$1") - $(rpm_hdr_offset "$1"))); }

# The description length whose header is the largest at most MAX bytes:
# from a 1 MiB one, corrected by what the header lacks. The header grows
# in steps of 4 with the string (the next INT32 entry's alignment), so
# it ends within 3 bytes of MAX (67108861 here), and 4 more description
# bytes make it 4 bytes larger: over MAX.
generate() {
    rm -rf "$B" && mkdir -p "$B/kr" "$B/pkgs"
    mk_key "$B" bench ed25519 && cp "$B/bench.asc" "$B/kr/" || return 1
    big_rpm "$B" max 1048576 || return 1
    _d=1048576
    for _try in 1 2 3 4 5 6 7 8; do
        _s=$(hdr_size "$B/max.rpm")
        if [ "$_s" -gt "$MAX" ]; then
            _d=$((_d - (_s - MAX)))
        elif [ $((MAX - _s)) -ge 4 ]; then
            _d=$((_d + MAX - _s))
        else
            break
        fi
        big_rpm "$B" max "$_d" || return 1
    done
    _s=$(hdr_size "$B/max.rpm")
    if [ "$_s" -gt "$MAX" ] || [ $((MAX - _s)) -ge 4 ]; then
        echo "bench: header of $_s bytes, not within 4 of $MAX" >&2
        return 1
    fi
    big_rpm "$B" over "$((_d + 4))" || return 1
    sign_rpm "$B" bench "$B/max.rpm" && sign_rpm "$B" bench "$B/over.rpm" || return 1
    for i in $(seq 1 "$N"); do cp "$B/max.rpm" "$B/pkgs/max$i.rpm"; done
    chmod -R a+rX "$B"
    echo "$MAX $N" >"$B/stamp"
}
[ "$(cat "$B/stamp" 2>/dev/null)" = "$MAX $N" ] || generate ||
    { echo "bench: package generation failed" >&2; exit 1; }

# The largest accepted, and one step more refused as §3.5 says.
# shellcheck disable=SC2086 # AS: an option and its value, or nothing
"$SC" $AS --keyring "$B/kr" "$B/max.rpm" >"$B/max.out" 2>&1 ||
    { echo "bench: the $MAX-byte header was refused: $(cat "$B/max.out")" >&2; exit 1; }
# shellcheck disable=SC2086
if "$SC" $AS --keyring "$B/kr" "$B/over.rpm" >"$B/over.out" 2>&1 ||
        ! grep -q 'malformed.*3\.5' "$B/over.out"; then
    echo "bench: the $(hdr_size "$B/over.rpm")-byte header was not refused by §3.5: $(cat "$B/over.out")" >&2
    exit 1
fi

mib() { awk "BEGIN { printf \"%.1f\", $1 / 1024 }"; }
# measure JOBS FILES...: one line of figures (rss.py).
measure() {
    _j=$1
    shift
    # shellcheck disable=SC2086
    _m=$(python3 tests/bench/rss.py "$SC" $AS --jobs "$_j" --keyring "$B/kr" "$@")
    eval "$(echo "$_m" | tr ' ' '\n' | sed -n 's/^\([a-z_]*\)=\([0-9]*\)$/m_\1=\2/p')"
    [ "$m_status" -eq 0 ] || { echo "bench: airlock-sigcheck --jobs $_j failed ($m_status)" >&2; exit 1; }
    _w=$m_worker_hwm_max
    # The exact maximum (parent or a worker) covers a worker peak missed
    # between two samples; it is a worker's when it exceeds the parent's.
    [ "$m_exact_max" -gt "$_w" ] && [ "$m_exact_max" -gt "$m_root_hwm" ] && _w=$m_exact_max
    printf '  --jobs %s, %s file(s): peak RSS per worker %s MiB (cap %s MiB), total %s MiB with %s workers\n' \
        "$_j" "$#" "$(mib "$_w")" "$(mib "$((m_as_cap / 1024))")" "$(mib "$m_total_max")" "$m_workers"
    printf '      (parent peak %s MiB; exact largest peak, getrusage: %s MiB; sampled worker peak %s MiB)\n' \
        "$(mib "$m_root_hwm")" "$(mib "$m_exact_max")" "$(mib "$m_worker_hwm_max")"
}

cat "$B"/pkgs/*.rpm >/dev/null   # warm the page cache
echo "airlock-sigcheck memory bench: main header $(hdr_size "$B/max.rpm") bytes accepted," \
    "$(hdr_size "$B/over.rpm") refused (§3.5 cap $MAX, $((MAX >> 20)) MiB), $(nproc) CPUs"
measure 1 "$B/pkgs/max1.rpm"
# shellcheck disable=SC2046 # the copies, one word each
measure "$N" $(ls "$B"/pkgs/*.rpm)
