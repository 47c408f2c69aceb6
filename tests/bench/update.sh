#!/bin/sh
# Benchmark of the whole update (issue 15), run by `make bench-update`.
#
# A world of tests/updatelib.sh in build/bench/update/ (made afresh): N
# signed packages (default 50, KIB KiB each, random payload) installed at
# version 1.0 in dom0's root, the mirror serving 2.0 of each. Timed in
# one run each, page cache warm, from the start to dom0's root upgraded:
#   airlock    airlock-update: request, stub rpmdb and dnf --downloadonly
#              in the "UpdateVM", airlock-send into airlock-receive
#              (verification beside reception, generation switch), dnf
#              upgrade in dom0 (gpgcheck=1)
#   reference  the reference's steps over the same mirror and a copy of
#              the same dom0 root: dnf --installroot --downloadonly over a
#              copy of dom0's rpmdb, airlock-send into airlock-unpack
#              (airlock's unpacker: faster than the reference's), `rpmkeys
#              -K` once per file at _pkgverify_level all (output checked
#              per file), createrepo_c, dnf upgrade (gpgcheck=1)
# Prints both times and the ratio reference / airlock, from one run.
# shellcheck disable=SC1091 # sourced helpers
set -eu
cd "$(dirname "$0")/../.."
. tests/rpmlib.sh
. tests/lib.sh
. tests/updatelib.sh
export LC_ALL=C
N=${UPDATE_BENCH_N:-50}
KIB=${UPDATE_BENCH_KIB:-256}
B=$PWD/build/bench/update
[ "$(id -u)" -eq 0 ] || { echo "bench-update: run as root (the stages run as nobody)" >&2; exit 1; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
fail() { echo "bench-update: $*" >&2; exit 1; }

rm -rf "$B"
mkdir -p "$B"
ul_setup "$B" || fail "set-up failed"
i=0
NAMES=""
while [ "$i" -lt "$N" ]; do
    ul_mirror_add "$B" "pkg$i" 1.0 "$KIB" >/dev/null || fail "cannot build pkg$i-1.0"
    NAMES="$NAMES pkg$i"
    i=$((i + 1))
done
# shellcheck disable=SC2086 # package names
ul_dom0_install "$B" $NAMES || fail "cannot install version 1.0: $(tail -n 2 "$B/dom0-install.log")"
i=0
while [ "$i" -lt "$N" ]; do
    mk_rpm "$B/build" "pkg$i" "$KIB" 1 2.0 >/dev/null && sign_rpm "$B" vendor "$B/build/pkg$i.rpm" &&
        mv "$B/build/pkg$i.rpm" "$B/mirror/pkg$i-2.0-1.noarch.rpm" || fail "cannot build pkg$i-2.0"
    i=$((i + 1))
done
ul_mirror_refresh "$B"
cp -a "$B/root" "$B/root-ref"
cat "$B"/mirror/*.rpm >/dev/null

# upgraded ROOT: how many of the packages are at 2.0 in ROOT.
upgraded() {
    HOME=$B/home rpm --root "$1" -qa --qf '%{NAME} %{VERSION}\n' 2>/dev/null | awk '$2 == "2.0"' | wc -l
}

t0=$(now)
ul_update "$B" --quiet >"$B/airlock.log" 2>&1 || fail "airlock-update failed: $(tail -n 3 "$B/airlock.log")"
t1=$(now)
[ "$(upgraded "$B/root")" -eq "$N" ] || fail "airlock: not all $N upgraded"
A=$(calc "$t1 - $t0")
AR=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["timings"]["total"])' "$B/state/status.json")

# The reference's steps, one after the other.
R=$B/ref
mkdir -p "$R/vmroot/var/lib" "$R/dl" "$R/in" "$R/keydb" "$R/repos.d"
chmod 755 "$R"
chown nobody "$R/in"
HOME=$B/home rpmkeys --dbpath "$R/keydb" --import "$B/vendor.asc"
printf '[ref]\nname=ref\nbaseurl=file://%s/in\ngpgcheck=1\nrepo_gpgcheck=0\nmetadata_expire=0\ngpgkey=file://%s/vendor.asc\n' \
    "$R" "$B" >"$R/repos.d/ref.repo"
t0=$(now)
cp -a "$B/root-ref/var/lib/rpm" "$R/vmroot/var/lib/rpm"
HOME=$B/home "$B/bin/vm-dnf" -y -q --installroot="$R/vmroot" --releasever=1 --nogpgcheck \
    --setopt=reposdir="$B/yum.repos.d" --setopt=cachedir="$R/cache" \
    --downloadonly --destdir="$R/dl" upgrade >"$R/dl.log" 2>&1 || fail "reference download failed"
s1=$(now)
# shellcheck disable=SC2046 # package paths have no blanks
build/test/airlock-pipe2 build/airlock-send $(find "$R/dl" -name '*.rpm' | sort) -- \
    build/airlock-unpack --user nobody "$R/in" >"$R/pipe.out" 2>"$R/pipe.err"
[ "$(cat "$R/pipe.out")" = "0 0" ] || fail "reference send/unpack failed: $(cat "$R/pipe.out" "$R/pipe.err")"
s2=$(now)
for f in "$R"/in/*.rpm; do
    out=$(HOME=$B/home rpmkeys --dbpath "$R/keydb" -K --define '_pkgverify_level all' \
        --define '_pkgverify_flags 0x0' "$f" 2>&1)
    [ "$out" = "$f: digests signatures OK" ] || fail "reference: rpmkeys: $out"
done
s3=$(now)
createrepo_c -q "$R/in" >/dev/null
s4=$(now)
"$B/bin/dom0-dnf" -y -q --installroot="$B/root-ref" --releasever=1 --setopt=reposdir="$R/repos.d" \
    --disablerepo='*' --enablerepo=ref upgrade >"$R/dnf.log" 2>&1 || fail "reference dnf upgrade failed"
t1=$(now)
[ "$(upgraded "$B/root-ref")" -eq "$N" ] || fail "reference: not all $N upgraded"
F=$(calc "$t1 - $t0")

echo "bench-update: $N packages of $KIB KiB, from the command to dom0's root upgraded (one run each; load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  airlock-update:            ${A} s (airlock-receive: ${AR} s)"
echo "  reference's steps:         ${F} s (download $(calc "$s1 - $t0"), send+unpack $(calc "$s2 - $s1"), rpmkeys -K $(calc "$s3 - $s2"), createrepo_c $(calc "$s4 - $s3"), dnf $(calc "$t1 - $s4"))"
echo "  ratio reference / airlock: $(calc "$F / $A")"
