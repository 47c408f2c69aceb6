#!/bin/sh
# airlock-receive, faults (issues 5, 12): SIGKILL of the supervisor at 13
# points and of each stage (unpack, sigcheck, createrepo_c), SIGTERM;
# disk full while receiving and while publishing (tmpfs in `unshare -m`).
# Shared helpers: tests/receive-lib.sh.
# shellcheck disable=SC1091,SC2086 # sourced helpers; lists are split on purpose
set -u
. tests/receive-lib.sh

# ------------------------------------------------------------ SIGKILL

# Each kill run sends GOOD2 over a repository whose current generation
# holds GOOD; afterwards the repository must hold one of the two,
# complete, and the next run must clean up and publish.
conf kill
KR=$T/kill/repo
receive "$T/kill.conf" "$T/k" $GOOD
old="alpha.rpm beta.rpm gamma.rpm "
new="alpha.rpm delta.rpm "

after_kill() { # NAME
    _held=$(consistent "$KR")
    if [ "$_held" != "$old" ] && [ "$_held" != "$new" ]; then
        t_fail "receive: $1" "repository after the kill: $_held"
        return
    fi
    receive "$T/kill.conf" "$T/k2" $GOOD
    _c2=$(consistent "$KR")
    _cl=$(clean_after "$KR" "$T/kill/staging")
    if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$_c2" = "$old" ] && [ -z "$_cl" ]; then
        _which=new
        [ "$_held" = "$old" ] && _which=old
        t_ok "receive: $1: repository held the $_which generation, complete; next run cleaned up and published"
    else
        t_fail "receive: $1" "next run: send $RC_S recv $RC_R repo '$_c2' $_cl $(tail -n 1 "$T/k2.recv")"
    fi
}

for pt in locked cleaned staged receiving verifying received verified moved createrepo \
    renamed previous switched published; do
    export AIRLOCK_TEST_KILL_AT="$pt"
    receive "$T/kill.conf" "$T/k" $GOOD2
    unset AIRLOCK_TEST_KILL_AT
    if [ "$RC_R" -ne 137 ]; then
        t_fail "receive: SIGKILL driver at $pt" "driver was not killed (status $RC_R)"
        continue
    fi
    after_kill "SIGKILL driver at $pt"
done

# SIGTERM (as when dom0 shuts down): the driver stops its stages, removes
# its staging and publishes nothing.
before=$(snapshot "$KR")
export AIRLOCK_TEST_KILL_AT=verifying AIRLOCK_TEST_SIGNAL=TERM
receive "$T/kill.conf" "$T/k" $GOOD2
unset AIRLOCK_TEST_KILL_AT AIRLOCK_TEST_SIGNAL
if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && grep -q 'interrupted' "$T/k.recv" &&
    [ "$(snapshot "$KR")" = "$before" ] && [ -z "$(ls -A "$T/kill/staging")" ]; then
    t_ok "receive: SIGTERM stops the stages, removes the staging, publishes nothing"
else
    t_fail "receive: SIGTERM" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/k.recv")"
fi

# Stages: wrappers in a private BINDIR kill the real stage with SIGKILL.
W=$T/wrap
mkdir -p "$W"
ln -s "$BIN/airlock-result" "$W/airlock-result"
ln -s "$BIN/airlock-sigcheck" "$W/airlock-sigcheck"
ln -s "$BIN/airlock-unpack" "$W/airlock-unpack"
cat >"$W/kill-unpack" <<EOF
#!/bin/sh
# airlock-unpack, SIGKILLed once its first package is complete.
for d; do :; done
exec 3<&0
"$BIN/airlock-unpack" "\$@" <&3 3<&- &
p=\$!
exec 3<&- 0</dev/null
while [ -z "\$(ls "\$d")" ] && kill -0 \$p 2>/dev/null; do sleep 0.01; done
kill -KILL \$p
wait \$p
EOF
cat >"$W/kill-sigcheck" <<EOF
#!/bin/sh
# airlock-sigcheck, SIGKILLed while it checks.
"$BIN/airlock-sigcheck" "\$@" &
p=\$!
kill -KILL \$p
wait \$p
EOF
cat >"$W/kill-createrepo" <<'EOF'
#!/bin/sh
# createrepo_c, SIGKILLed while it writes the metadata.
createrepo_c "$@" &
p=$!
sleep 0.05
kill -KILL $p
wait $p
exit 137
EOF
chmod 755 "$W"/kill-*

stage_kill() { # STAGE FILES...
    _s=$1
    shift
    rm -f "$W/airlock-$_s"
    if [ "$_s" = createrepo ]; then
        conf kill "CREATEREPO=$W/kill-createrepo"
    else
        cp "$W/kill-$_s" "$W/airlock-$_s"
        conf kill "BINDIR=$W"
    fi
    receive "$T/kill.conf" "$T/k" "$@"
    rm -f "$W/airlock-$_s"
    ln -s "$BIN/airlock-$_s" "$W/airlock-$_s" 2>/dev/null
    conf kill
    if [ "$RC_R" -ne 1 ] || [ "$RC_S" -eq 0 ]; then
        t_fail "receive: SIGKILL $_s" "expected a failed batch: send $RC_S recv $RC_R $(tail -n 1 "$T/k.recv")"
        return
    fi
    after_kill "SIGKILL $_s"
}
stage_kill unpack $GOOD2 "$P/zz-big.rpm"
stage_kill sigcheck $GOOD2
stage_kill createrepo $GOOD2

# ------------------------------------------------------------ disk full

# Staging on a 2 MiB tmpfs, byte limit above it: the unpacker hits ENOSPC.
conf full "STAGING_DIR=$T/full/small/staging" "MAX_BYTES=1000000000"
mkdir -p "$T/full/small"
receive "$T/full.conf" "$T/f" $GOOD
before=$(snapshot "$T/full/repo")
cat >"$T/full.sh" <<EOF
mount -t tmpfs -o size=2m tmpfs "$T/full/small" || exit 9
. "$T/funcs"
receive "$T/full.conf" "$T/f" "$P/delta.rpm" "$P/huge.rpm"
echo "\$RC_S \$RC_R"
EOF
{
    echo "T=$T DRV=$DRV SEND=$SEND"
    sed -n '/^receive() {/,/^}/p' tests/receive-lib.sh
} >"$T/funcs"
rcs=$(unshare -m sh "$T/full.sh")
if [ "$rcs" = "1 1" ] && [ "$(snapshot "$T/full/repo")" = "$before" ] &&
    grep -q -i 'space' "$T/f.send" && grep -q -i 'space' "$T/full/state/error"; then
    t_ok "receive: disk full while receiving: clear error to sender and dom0, repository unchanged"
else
    t_fail "receive: disk full while receiving" "$rcs; sender: $(tr '\n' ' ' <"$T/f.send") error: $(cat "$T/full/state/error" 2>/dev/null)"
fi

# Repository on a 2 MiB tmpfs holding a generation: publishing a 3 MiB
# batch runs out of space; the old generation must stay.
conf full2 "REPO_DIR=$T/full2/small/repo" "MAX_BYTES=1000000000"
mkdir -p "$T/full2/small"
cat >"$T/full2.sh" <<EOF
mount -t tmpfs -o size=2m tmpfs "$T/full2/small" || exit 9
. "$T/funcs"
receive "$T/full2.conf" "$T/f" $GOOD
[ "\$RC_R" = 0 ] || { echo "first \$RC_S \$RC_R"; exit 0; }
(cd "$T/full2/small/repo" && find . -printf '%p %l %s\n' | sort) >"$T/full2.before"
receive "$T/full2.conf" "$T/f" "$P/delta.rpm" "$P/huge.rpm"
echo "\$RC_S \$RC_R"
(cd "$T/full2/small/repo" && find . -printf '%p %l %s\n' | sort) >"$T/full2.after"
EOF
rcs=$(unshare -m sh "$T/full2.sh")
if [ "$rcs" = "1 1" ] && cmp -s "$T/full2.before" "$T/full2.after" &&
    grep -q -i 'space' "$T/f.send" && grep -q -i 'space' "$T/full2/state/error"; then
    t_ok "receive: disk full while publishing: clear error to sender and dom0, repository unchanged"
else
    t_fail "receive: full repository filesystem" "$rcs $(tail -n 2 "$T/f.recv" | tr '\n' ' ')"
fi

