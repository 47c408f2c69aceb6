#!/bin/sh
# airlock-receive, the lock (issues 5, 12): two receives at once are
# serialized; with LOCK_WAIT=0 the second is refused with EBUSY.
# Shared helpers: tests/receive-lib.sh.
# shellcheck disable=SC1091,SC2086 # sourced helpers; lists are split on purpose
set -u
. tests/receive-lib.sh

old="alpha.rpm beta.rpm gamma.rpm "
new="alpha.rpm delta.rpm "
W=$T/wrap
mkdir -p "$W"

# ------------------------------------------------------------ concurrency

conf two
receive "$T/two.conf" "$T/t0" $GOOD
(receive "$T/two.conf" "$T/t1" $GOOD2; echo "$RC_S $RC_R" >"$T/t1.rc") &
(receive "$T/two.conf" "$T/t2" $GOOD; echo "$RC_S $RC_R" >"$T/t2.rc") &
wait
c=$(consistent "$T/two/repo")
if [ "$(cat "$T/t1.rc")" = "0 0" ] && [ "$(cat "$T/t2.rc")" = "0 0" ] &&
    { [ "$c" = "$old" ] || [ "$c" = "$new" ]; } && [ -z "$(clean_after "$T/two/repo" "$T/two/staging")" ]; then
    t_ok "receive: two receives at once are serialized, both publish, repository consistent"
else
    t_fail "receive: two at once" "$(cat "$T/t1.rc" "$T/t2.rc" | tr '\n' ' ') repo '$c'"
fi

# LOCK_WAIT=0: the second is refused with EBUSY while the first runs.
# The first is held up in its checker (createrepo_c's stage may start no
# process: a sleep there would be killed by its seccomp filter).
ln -s "$BIN/airlock-unpack" "$W/airlock-unpack"
cat >"$W/airlock-sigcheck" <<EOF
#!/bin/sh
sleep 5
exec '$BIN/airlock-sigcheck' "\$@"
EOF
chmod 755 "$W/airlock-sigcheck"
conf two "LOCK_WAIT=0" "BINDIR=$W"
(receive "$T/two.conf" "$T/t1" $GOOD2; echo "$RC_S $RC_R" >"$T/t1.rc") &
sleep 1
receive "$T/two.conf" "$T/t2" $GOOD
echo "$RC_S $RC_R" >"$T/t2.rc"
wait
c=$(consistent "$T/two/repo")
if [ "$(cat "$T/t1.rc")" = "0 0" ] && [ "$(cut -d' ' -f2 "$T/t2.rc")" = 4 ] &&
    [ "$(cut -d' ' -f1 "$T/t2.rc")" != 0 ] && [ "$c" = "$new" ] &&
    grep -q 'another receive' "$T/t2.recv"; then
    t_ok "receive: with LOCK_WAIT=0 a second receive is refused (EBUSY) and the first publishes"
else
    t_fail "receive: refused while busy" "$(cat "$T/t1.rc" "$T/t2.rc" | tr '\n' ' ') repo '$c' $(cat "$T/t2.send")"
fi

