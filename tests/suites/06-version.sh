#!/bin/sh
# Every program prints the one version (the top-level VERSION file) on
# --version, exits 0 and writes nothing else (issue 14):
#   version-PROG   `build/PROG --version` prints exactly "PROG <VERSION>"
#   version-first  --version is answered before any other check (no DIR,
#                  no FILE, no configuration needed)
#   version-source VERSION is not empty and airlock-receive's placeholder
#                  was filled in (the C programs get AIRLOCK_VERSION only
#                  from the Makefile: without it they do not compile)
set -u
# shellcheck disable=SC1091 # sourced helpers (t_ok, t_fail)
. tests/lib.sh

want=$(cat VERSION)
for p in airlock-unpack airlock-send airlock-sigcheck airlock-receive airlock-update airlock-download; do
    out=$(AIRLOCK_CONF=/nonexistent "build/$p" --version 2>&1)
    rc=$?
    if [ "$rc" -eq 0 ] && [ "$out" = "$p $want" ]; then
        t_ok "version-$p"
    else
        t_fail "version-$p" "exit $rc, printed '$out', expected '$p $want'"
    fi
done
# --help after --version changes nothing: the version still wins.
out=$(build/airlock-unpack --version --help 2>&1)
if [ "$out" = "airlock-unpack $want" ]; then
    t_ok "version-first"
else
    t_fail "version-first" "airlock-unpack --version --help printed '$out'"
fi
if [ -n "$want" ] && [ "$want" != unknown ] &&
    ! grep -q '@AIRLOCK_VERSION@' build/airlock-receive build/airlock-update build/airlock-download; then
    t_ok "version-source"
else
    t_fail "version-source" "VERSION is '$want' or airlock-receive kept its placeholder"
fi
