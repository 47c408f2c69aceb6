#!/bin/sh
# airlock-receive, the disk budget (issue 13): MAX_BYTES covers the
# stream and the checked copies (each package held twice); a batch within
# it publishes, one over it is refused (EDQUOT, in words) with the
# repository untouched and the staging removed. MIN_FREE on a tmpfs of
# known size (in `unshare -m`, as 53-receive-faults does, so the free
# space is exact and nothing else writes there): short of the floor the
# previous generation is dropped first and the batch published; when
# even that is not enough the run is refused (ENOSPC, "not enough disk
# space") and previous is kept; the floor is checked again as copies are
# taken (a stand-in unpacker that fills the disk after the first check),
# on REPO_DIR's own filesystem when it is another, and with MAX_BYTES
# empty (the budget from the free space, previous counted). The relay
# stops passing the stream on at the budget left.
# Shared helpers: tests/receive-lib.sh.
# shellcheck disable=SC1091,SC2086,SC2016 # sourced helpers; lists split on purpose; the script expands its own
set -u
. tests/receive-lib.sh

size_of() { # FILES...: their total size in bytes
    _s=0
    for _f; do _s=$((_s + $(stat -c %s "$_f"))); done
    echo "$_s"
}
S=$(size_of $GOOD)
S2=$(size_of $GOOD2)

# ------------------------------------------------------------ MAX_BYTES

# Two generations first (current GOOD2, previous GOOD), with room to spare.
conf bud "MIN_FREE=0"
BR=$T/bud/repo
receive "$T/bud.conf" "$T/b" $GOOD
receive "$T/bud.conf" "$T/b" $GOOD2

# Within budget: the stream and the copies (2 * S, plus headers and the
# metadata) under MAX_BYTES.
conf bud "MIN_FREE=0" "MAX_BYTES=$((2 * S + 262144))"
receive "$T/bud.conf" "$T/b" $GOOD
held=$(consistent "$BR")
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$held" = "alpha.rpm beta.rpm gamma.rpm " ] &&
    [ -z "$(clean_after "$BR" "$T/bud/staging")" ]; then
    t_ok "budget: a batch whose stream and checked copies fit MAX_BYTES ($((2 * S + 262144)) bytes) publishes"
else
    t_fail "budget: within budget" "send $RC_S recv $RC_R repo '$held' $(tail -n 2 "$T/b.recv" | tr '\n' ' ')"
fi

# Over budget: the stream alone (S) fits MAX_BYTES, so the unpacker takes
# it; with the copies (2 * S) it does not. The copies are charged before
# the checker writes them: the batch that would cross the budget is never
# checked (fewer than 3 verified in status.json).
receive "$T/bud.conf" "$T/b" $GOOD2
before=$(snapshot "$BR")
conf bud "MIN_FREE=0" "MAX_BYTES=$((S + S / 2))"
receive "$T/bud.conf" "$T/b" $GOOD
if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && [ "$(snapshot "$BR")" = "$before" ] &&
    sender_says "$T/b.send" "limits or quota (EDQUOT)" &&
    grep -q 'needs more disk than its budget' "$T/bud/state/error" &&
    grep -q 'FAILED: the batch needs more disk than its budget' "$T/b.recv" &&
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["verified"] < 3' \
        "$T/bud/state/status.json" 2>/dev/null &&
    [ -z "$(clean_after "$BR" "$T/bud/staging")" ]; then
    t_ok "budget: stream within MAX_BYTES but stream + copies over it: refused (EDQUOT, in words), current and previous untouched, staging removed"
else
    t_fail "budget: over budget" "send $RC_S recv $RC_R: $(tail -n 1 "$T/b.send") / $(cat "$T/bud/state/error" 2>/dev/null) $(clean_after "$BR" "$T/bud/staging")"
fi

# The stream alone over MAX_BYTES (the relay stops passing it on; one
# file over it is the unpacker's own refusal, same code).
conf bud "MIN_FREE=0" "MAX_BYTES=$((S2 * 3 / 4))"
receive "$T/bud.conf" "$T/b" $GOOD2
if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && [ "$(snapshot "$BR")" = "$before" ] &&
    sender_says "$T/b.send" "(EDQUOT)" && [ -z "$(clean_after "$BR" "$T/bud/staging")" ]; then
    t_ok "budget: a stream over MAX_BYTES is refused (EDQUOT), repository untouched, staging removed"
else
    t_fail "budget: stream over budget" "send $RC_S recv $RC_R: $(tail -n 1 "$T/b.send") $(tail -n 1 "$T/b.recv")"
fi

# The relay passes on only what the budget leaves: huge.rpm (3 MiB) is
# checked and its copy charged while zz-big.rpm (24 MiB) still arrives,
# throttled to 1 MiB per 50 ms; with MAX_BYTES 28 MiB the stream (27 MiB)
# fits the unpacker's --max-bytes, not the budget once the copy is
# charged: refused before the stream ends (at most 25 MiB passed on).
SLOW_PY=$(echo "$SLOW_PY" | sed 's/8 << 20/1 << 20/')
conf bud "MIN_FREE=0" "MAX_BYTES=$((28 * 1048576))"
SLOW=1 receive "$T/bud.conf" "$T/b" "$P/huge.rpm" "$P/zz-big.rpm" 2>/dev/null # the throttle: EPIPE at the refusal
got=$(sed -n 's/.* \([0-9]*\) MiB received.*/\1/p' "$T/bud/state/error")
if [ "$RC_R" -eq 1 ] && sender_says "$T/b.send" "(EDQUOT)" && [ -n "$got" ] && [ "$got" -le 25 ] &&
    [ "$(snapshot "$BR")" = "$before" ] && [ -z "$(clean_after "$BR" "$T/bud/staging")" ]; then
    t_ok "budget: the relay stops at the budget left after the copies charged ($got MiB passed on of 27): EDQUOT before the stream ends"
else
    t_fail "budget: relay limit" "recv $RC_R, '$got' MiB: $(cat "$T/bud/state/error" 2>/dev/null)"
fi

# ------------------------------------------------------------ MIN_FREE

# REPO_DIR and STAGING_DIR on one 24 MiB tmpfs. The script prints one
# line per case: NAME RC_S RC_R and what the case checks.
F=$T/fl/small
W=$T/wrap
mkdir -p "$F" "$W"
ln -sf "$BIN/airlock-sigcheck" "$W/airlock-sigcheck"
ln -sf "$BIN/airlock-result" "$W/airlock-result"
# A stand-in unpacker: fills FILL bytes of the tmpfs (as another writer
# of dom0 would) once the run has checked the floor, then unpacks.
cat >"$W/airlock-unpack" <<EOF
#!/bin/sh
head -c "\$(cat "$T/fill")" /dev/zero >"$F/filler"
exec "$BIN/airlock-unpack" "\$@"
EOF
chmod 755 "$W/airlock-unpack"
{
    echo "T=$T DRV=$DRV SEND=$SEND BIN=$BIN UNPACK_USER=$UNPACK_USER CHECK_USER=$CHECK_USER"
    sed -n '/^receive() {/,/^}/p' tests/receive-lib.sh
    sed -n '/^conf() {/,/^}/p' tests/receive-lib.sh
} >"$T/funcs"
cat >"$T/fl.sh" <<EOF
mount -t tmpfs -o size=24m tmpfs "$F" || exit 9
. "$T/funcs"
avail() { echo \$((\$(stat -f -c '%a * %S' "$F"))); }
gen() { readlink "$F/repo/\$1"; }
two_gens() { # current GOOD, previous huge (3 MiB)
    conf fl "REPO_DIR=$F/repo" "STAGING_DIR=$F/staging" "MIN_FREE=0" "MAX_BYTES=8388608"
    receive "$T/fl.conf" "$T/x" "$P/huge.rpm" && receive "$T/fl.conf" "$T/x" $GOOD
}

# drop_case NAME BELOW SETTINGS...: over current GOOD and previous huge
# (3 MiB), GOOD2 with MIN_FREE BELOW bytes under what is free; prints
# NAME RC_S RC_R, whether the old current became previous and the old
# previous is gone, and whether the run said it dropped that one.
drop_case() {
    dc_name=\$1 dc_below=\$2
    shift 2
    two_gens
    # The free space settles once the last run's stage processes have
    # closed what they held (a deleted file is freed with its last fd).
    dc_a=\$(avail); sleep 1
    while [ "\$(avail)" != "\$dc_a" ]; do dc_a=\$(avail); sleep 1; done
    old=\$(gen current) prev=\$(gen previous)
    conf fl "REPO_DIR=$F/repo" "STAGING_DIR=$F/staging" "MIN_FREE=\$((\$(avail) - dc_below))" "\$@"
    receive "$T/fl.conf" "$T/x" $GOOD2
    echo "\$dc_name \$RC_S \$RC_R \$([ "\$(gen previous)" = "\$old" ] && [ ! -e "$F/repo/\$prev" ] && echo kept-current) \
\$(grep -c "dropping the previous generation \$prev" "$T/x.recv")"
}

# Short of the floor before the stream: need MAX_BYTES (1 MiB) + MIN_FREE
# = 1 MiB more than is free; dropping previous frees 3 MiB.
drop_case drop 0 "MAX_BYTES=1048576"

# Short even with previous dropped (it holds ~30 KiB): refused, previous kept.
old=\$(gen current) prev=\$(gen previous)
(cd "$F/repo" && find . -printf '%p %l %s\n' | sort) >"$T/fl.before"
conf fl "REPO_DIR=$F/repo" "STAGING_DIR=$F/staging" "MAX_BYTES=1048576" "MIN_FREE=\$(avail)"
receive "$T/fl.conf" "$T/x" $GOOD
(cd "$F/repo" && find . -printf '%p %l %s\n' | sort) >"$T/fl.after"
echo "refuse \$RC_S \$RC_R \$(cmp -s "$T/fl.before" "$T/fl.after" && echo unchanged) \
\$([ -z "\$(ls -A "$F/staging")" ] && echo clean) \$(grep -c 'dropping' "$T/x.recv")"
cp "$T/fl/state/error" "$T/fl.error"
cp "$T/x.send" "$T/fl.send"

# STAGING_DIR elsewhere (/tmp): REPO_DIR's filesystem, where the copies
# go, is checked on its own (MIN_FREE plus MAX_BYTES).
(cd "$F/repo" && find . -printf '%p %l %s\n' | sort) >"$T/fl.before"
conf fl "REPO_DIR=$F/repo" "STAGING_DIR=$T/fl/staging2" "MAX_BYTES=1048576" "MIN_FREE=\$(avail)"
receive "$T/fl.conf" "$T/x" $GOOD
(cd "$F/repo" && find . -printf '%p %l %s\n' | sort) >"$T/fl.after"
echo "split \$RC_S \$RC_R \$(cmp -s "$T/fl.before" "$T/fl.after" && echo unchanged) \
\$(grep -c "not enough disk space: .* (on $F/repo," "$T/fl/state/error")"

# Within the floor at the start, short of it once the stand-in filled
# 2 MiB: dropped as copies are taken, then published.
echo 2097152 >"$T/fill"
drop_case late 2097152 "MAX_BYTES=1048576" "BINDIR=$W"
rm -f "$F/filler"

# MAX_BYTES empty: the budget is 90% of the free space above MIN_FREE with
# previous (3 MiB) counted, ~4.5 MiB with 2 MiB free above the floor: room
# for it needs previous dropped.
drop_case default 2097152 "MAX_BYTES="

# MIN_FREE=0: no floor; previous stays.
prev=\$(gen previous)
conf fl "REPO_DIR=$F/repo" "STAGING_DIR=$F/staging" "MAX_BYTES=1048576" "MIN_FREE=0"
receive "$T/fl.conf" "$T/x" $GOOD
echo "off \$RC_S \$RC_R \$(grep -c dropping "$T/x.recv")"
EOF
out=$(unshare -m sh "$T/fl.sh" 2>"$T/fl.err")
line() { echo "$out" | grep "^$1 "; }
# case KEY WANT TEXT: the script's line for case KEY is WANT.
case_is() {
    if [ "$(line "$1")" = "$2" ]; then t_ok "budget: $3"; else t_fail "budget: $1" "$(line "$1") $(tail -n 2 "$T/fl.err")"; fi
}
case_is drop "drop 0 0 kept-current 1" \
    "short of MIN_FREE before the stream: the previous generation is dropped first (said so), the batch published, the old current is previous"
if [ "$(line refuse)" = "refuse 1 1 unchanged clean 0" ] &&
    grep -q 'not enough disk space: [0-9]* MiB free, need [0-9]* MiB.*previous generation is kept' "$T/fl.error" &&
    sender_says "$T/fl.send" "no space left on the receiving side (ENOSPC)"; then
    t_ok "budget: short of MIN_FREE even without previous: refused (ENOSPC, 'not enough disk space: N MiB free, need M MiB'), repository unchanged, previous kept, staging removed"
else
    t_fail "budget: refuse" "$(line refuse): $(cat "$T/fl.error" 2>/dev/null) / $(tail -n 1 "$T/fl.send")"
fi
case_is split "split 1 1 unchanged 1" \
    "REPO_DIR on another filesystem short of MIN_FREE + MAX_BYTES: refused, naming it, repository unchanged"
case_is late "late 0 0 kept-current 1" \
    "the floor is checked again as copies are taken: disk filled meanwhile, previous dropped, published"
case_is default "default 0 0 kept-current 1" \
    "MAX_BYTES empty: the budget from the free space counts the previous generation, dropped to make its room; published"
case_is off "off 0 0 0" "MIN_FREE=0 keeps no floor (previous stays)"
