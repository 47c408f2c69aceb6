#!/bin/sh
# Run Frama-C WP over core sources with airlock's one set of prover
# options. Usage: proofs/wp.sh [extra frama-c options] -- FILES...
# or proofs/wp.sh --setup (see below).
# Used by proofs/prove.mk (make prove) for the core and for the mutants.
#
# Prover results go through WP's cache in proofs/wp-cache/ (committed, so a
# clean clone replays it). An entry is keyed by the MD5 of the task text
# the prover is given (goal, hypotheses, prover name and version), so a
# changed goal or prover misses and is proved again; a cached "Valid" is
# kept only if its time fits the timeout; a miss is proved, never assumed.
# WP_CACHE=none bypasses the cache (PROVE_FULL=1 in proofs/prove.sh empties
# it instead, so it is rebuilt). WP_CSV=FILE also writes the
# status of every property (report plug-in, tab-separated) to FILE.
#
# Provers in order of usefulness: both are tried on each goal Qed leaves;
# the log credits the one that proved it. In a full run of the core (4402
# goals) Qed closed 3496, CVC4 766 and Z3 140; Z3 4.8.12 answers "failed"
# instead of "unknown" on every goal it cannot prove (444 of the 454 smoke
# tests).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
: "${WHY3CONFIG:=$here/build/why3.conf}"
export WHY3CONFIG
if [ ! -s "$WHY3CONFIG" ]; then
    mkdir -p "$(dirname "$WHY3CONFIG")"
    why3 config detect >/dev/null 2>&1
fi
# --setup: only make that configuration (make prove does, before its runs
# start side by side, so that they do not all detect the provers at once).
[ "${1:-}" = --setup ] && exit 0
extra=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do extra="$extra $1"; shift; done
[ $# -gt 0 ] && shift
# shellcheck disable=SC2086
exec frama-c -machdep x86_64 -cpp-extra-args="-I$here/src/core -I$here/spec" \
    "$@" \
    -wp -wp-rte -wp-split -wp-prover cvc4,z3 -wp-par "${WP_PAR:-2}" -wp-timeout "${WP_TIMEOUT:-30}" \
    -wp-cache "${WP_CACHE:-update}" -wp-cache-dir "$here/proofs/wp-cache" \
    -warn-unsigned-overflow -warn-unsigned-downcast \
    -warn-signed-downcast -warn-pointer-downcast \
    $extra \
    -then -report-classify -report-unclassified-unknown ERROR \
    -report-unclassified-invalid ERROR -report-unclassified-warning ERROR \
    -report-unclassified-error ERROR ${WP_CSV:+-report-csv "$WP_CSV"}
