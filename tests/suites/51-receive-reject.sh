#!/bin/sh
# airlock-receive, rejections (issues 5, 12): every signature failure
# class inside a batch (nothing published, previous generation intact,
# the sender names the package); a stream error forwarded; a name sent
# twice; rollback protection (older than published or installed refused
# with ESTALE, equal accepted, --allow-downgrade and ALLOW_DOWNGRADE=yes
# publish the older one; dom0's one-shot downgrade request, only as a
# regular file of root's); a wrong or missing caller and bad configurations (nothing read,
# nothing changed). Shared helpers: tests/receive-lib.sh.
# shellcheck disable=SC1091,SC2086 # sourced helpers; lists are split on purpose
set -u
. tests/receive-lib.sh

# A repository with a generation, which no rejected batch may change.
conf main
R=$T/main/repo
receive "$T/main.conf" "$T/o" $GOOD
[ "$RC_R" -eq 0 ] || { t_fail "receive: setup" "first batch: $(tail -n 2 "$T/o.recv" | tr '\n' ' ')"; exit 0; }

# ------------------------------------------------------------ signature failures

for bad in unsigned sigdeleted untrusted resigned payload header sigbytes sigindex \
    trunc-payload trunc-header appended notrpm random empty; do
    before=$(snapshot "$R")
    receive "$T/main.conf" "$T/o" "$P/alpha.rpm" "$P/x-$bad.rpm" "$P/delta.rpm"
    if [ "$RC_S" -ne 0 ] && [ "$RC_R" -eq 1 ] && [ "$(snapshot "$R")" = "$before" ] &&
        grep -q "x-$bad.rpm" "$T/o.send" && grep -q "x-$bad.rpm" "$T/main/state/error" &&
        clean_after "$R" "$T/main/staging" >/dev/null; then
        t_ok "receive: batch with $bad package rejected, sender names it, repository unchanged"
    else
        t_fail "receive: batch with $bad package" "send $RC_S recv $RC_R; sender said: $(tr '\n' ' ' <"$T/o.send"); $(clean_after "$R" "$T/main/staging")"
    fi
done

# The sender says why in words (src/send/outcome.c), naming the package.
receive "$T/main.conf" "$T/o" "$P/alpha.rpm" "$P/x-untrusted.rpm"
w1=$(cat "$T/o.send")
receive "$T/main.conf" "$T/o" "$P/x-payload.rpm"
w2=$(cat "$T/o.send")
if echo "$w1" | grep -q 'not signed by a key dom0 trusts.*last file: x-untrusted.rpm' &&
    echo "$w2" | grep -q 'signature or contents do not verify.*last file: x-payload.rpm'; then
    t_ok "receive: the sender prints an untrusted and a bad signature in words, naming the package"
else
    t_fail "receive: refusals in words" "$w1 / $w2"
fi

# An empty keyring: refused before a byte is read, in words.
mkdir -p "$T/nokeys"
conf nokeys "KEYRING=$T/nokeys"
out=$(printf 'UNREAD' | (QREXEC_REMOTE_DOMAIN=sys-test "$DRV" --config "$T/nokeys.conf" \
    >"$T/wc.out" 2>"$T/wc.err"; echo "rc=$?"; cat))
receive "$T/nokeys.conf" "$T/o" "$P/alpha.rpm"
if [ "$out" = "rc=1
UNREAD" ] && [ "$(answer_of "$T/wc.out")" = "126 0" ] && [ "$RC_S" -ne 0 ] &&
    grep -q "keyring holds no usable key" "$T/o.send" && [ ! -e "$T/nokeys/repo/current" ]; then
    t_ok "receive: an empty keyring is refused (ENOKEY) before reading; the sender says so"
else
    t_fail "receive: empty keyring" "$out $(answer_of "$T/wc.out"); $(cat "$T/o.send")"
fi

# A stream error (the unpacker's result is forwarded unchanged).
before=$(snapshot "$R")
cp "$P/alpha.rpm" "$T/bad name.rpm"
receive "$T/main.conf" "$T/o" "$P/beta.rpm" "$T/bad name.rpm"
# dom0's error names the unpacker's reason, not its confinement line.
if [ "$RC_S" -ne 0 ] && [ "$RC_R" -eq 1 ] && [ "$(snapshot "$R")" = "$before" ] &&
    grep -q 'bad name' "$T/o.send" && grep -q "stream rejected by airlock-unpack: .*'bad name" "$T/main/state/error"; then
    t_ok "receive: stream error (bad name) forwarded to the sender, repository unchanged"
else
    t_fail "receive: stream error" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.send"); error: $(cat "$T/main/state/error" 2>/dev/null)"
fi

# The same name twice in one stream: the unpacker still sees the first
# (names stay in its directory) and refuses the second.
mkdir -p "$T/dup"
cp "$P/beta.rpm" "$T/dup/alpha.rpm"
before=$(snapshot "$R")
receive "$T/main.conf" "$T/o" "$P/alpha.rpm" "$P/gamma.rpm" "$T/dup/alpha.rpm"
if [ "$RC_S" -ne 0 ] && [ "$RC_R" -eq 1 ] && [ "$(snapshot "$R")" = "$before" ]; then
    t_ok "receive: a name sent twice is refused, repository unchanged"
else
    t_fail "receive: duplicate name" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.send")"
fi

# ------------------------------------------------------------ rollback

# An older package sent after a newer one was published: refused with
# its reason (the sender sees ESTALE explained and the name, dom0 the
# reason), nothing published; equal passes; a downgrade asked for by dom0
# (--allow-downgrade for one run, or ALLOW_DOWNGRADE=yes) passes.
conf rb
RB=$T/rb/repo
receive "$T/rb.conf" "$T/o" "$P/app-2.0-1.rpm"
before=$(snapshot "$RB")
receive "$T/rb.conf" "$T/o" "$P/alpha.rpm" "$P/app-1.9-1.rpm"
if [ "$RC_S" -eq 1 ] && [ "$RC_R" -eq 1 ] && [ "$(snapshot "$RB")" = "$before" ] &&
    grep -q "older than one it has installed or published.*(ESTALE); last file: app-1.9-1.rpm" "$T/o.send" &&
    grep -q "first: app-1.9-1.rpm: older than published" "$T/rb/state/error" &&
    grep -q '"code":"older-than-published".*"detail":"app-0:2.0-1.noarch published; this is app-0:1.9-1.noarch"' "$T/rb/state/status.json"; then
    t_ok "receive: a package older than the published one is refused with its reason, nothing published"
else
    t_fail "receive: older than published" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.send") $(cat "$T/rb/state/error")"
fi
receive "$T/rb.conf" "$T/o" "$P/app-2.0-1.rpm" "$P/alpha.rpm"
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$(consistent "$RB")" = "alpha.rpm app-2.0-1.rpm " ]; then
    t_ok "receive: the same version as published is accepted (reinstall)"
else
    t_fail "receive: equal version" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.recv")"
fi
RECV_ARGS=--allow-downgrade receive "$T/rb.conf" "$T/o" "$P/app-1.9-1.rpm"
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$(consistent "$RB")" = "app-1.9-1.rpm " ]; then
    t_ok "receive: --allow-downgrade (dom0's downgrade, one run) publishes the older package"
else
    t_fail "receive: --allow-downgrade" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.recv")"
fi
receive "$T/rb.conf" "$T/o" "$P/app-2.0-1.rpm"
conf rb ALLOW_DOWNGRADE=yes
receive "$T/rb.conf" "$T/o" "$P/app-1.9-1.rpm"
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$(consistent "$RB")" = "app-1.9-1.rpm " ]; then
    t_ok "receive: ALLOW_DOWNGRADE=yes publishes the older package"
else
    t_fail "receive: ALLOW_DOWNGRADE=yes" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.recv")"
fi
# Against dom0's rpmdb (a scratch one with sys-3.0-1 installed).
conf rbi "RPMDB_ROOT=$T/rbroot"
receive "$T/rbi.conf" "$T/o" "$P/sys-2.9-1.rpm"
if [ "$RC_S" -eq 1 ] && [ "$RC_R" -eq 1 ] && [ ! -e "$T/rbi/repo/current" ] &&
    grep -q "(ESTALE); last file: sys-2.9-1.rpm" "$T/o.send" &&
    grep -q "sys-2.9-1.rpm: older than installed" "$T/rbi/state/error"; then
    t_ok "receive: a package older than the installed one (rpmdb) is refused with its reason"
else
    t_fail "receive: older than installed" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.send") $(cat "$T/rbi/state/error")"
fi
receive "$T/rbi.conf" "$T/o" "$P/sys-3.0-1.rpm"
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$(consistent "$T/rbi/repo")" = "sys-3.0-1.rpm " ]; then
    t_ok "receive: the installed version itself is accepted"
else
    t_fail "receive: installed version" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.recv")"
fi

# dom0's own downgrade request (airlock-update --action=downgrade): a
# one-shot root-owned STATE_DIR/downgrade-request; one of another user's,
# or a symlink to a root-owned file, is not honoured.
RQ=$T/rbi/state/downgrade-request
: >"$RQ" && chown nobody "$RQ"
receive "$T/rbi.conf" "$T/o" "$P/sys-2.9-1.rpm"
if [ "$RC_R" -eq 1 ] && [ ! -e "$RQ" ] && grep -q "sys-2.9-1.rpm: older than installed" "$T/rbi/state/error"; then
    t_ok "receive: a downgrade request of another user's is not honoured (and removed)"
else
    t_fail "receive: downgrade request of nobody's" "recv $RC_R: $(cat "$T/rbi/state/error")"
fi
: >"$T/rq-target" && ln -s "$T/rq-target" "$RQ"
receive "$T/rbi.conf" "$T/o" "$P/sys-2.9-1.rpm"
if [ "$RC_R" -eq 1 ] && [ ! -L "$RQ" ] && [ -e "$T/rq-target" ]; then
    t_ok "receive: a symlinked downgrade request is not honoured"
else
    t_fail "receive: symlinked downgrade request" "recv $RC_R"
fi
: >"$RQ"
receive "$T/rbi.conf" "$T/o" "$P/sys-2.9-1.rpm"
ok1=$RC_R gone=no
[ -e "$RQ" ] || gone=yes
receive "$T/rbi.conf" "$T/o" "$P/sys-2.9-1.rpm"
if [ "$ok1" -eq 0 ] && [ "$gone" = yes ] && [ "$RC_R" -eq 1 ]; then
    t_ok "receive: root's downgrade request lets one run publish an older package, then is gone"
else
    t_fail "receive: root's downgrade request" "first run $ok1, request removed: $gone, second run $RC_R (must be 1)"
fi

# ------------------------------------------------------------ caller, config

before=$(snapshot "$R")
stbefore=$(cat "$T/main/state/status.json")
out=$(printf 'UNREAD-BYTES' | (QREXEC_REMOTE_DOMAIN=sys-evil "$DRV" --config "$T/main.conf" \
    >"$T/wc.out" 2>"$T/wc.err"; echo "rc=$?"; cat))
if [ "$out" = "rc=3
UNREAD-BYTES" ] && [ "$(answer_of "$T/wc.out")" = "13 0" ] && [ "$(snapshot "$R")" = "$before" ] &&
    [ "$(cat "$T/main/state/status.json")" = "$stbefore" ] && grep -q 'refused' "$T/wc.err"; then
    t_ok "receive: wrong caller refused with EACCES, nothing read, nothing written, nothing changed"
else
    t_fail "receive: wrong caller" "got '$out', $(cat "$T/wc.err")"
fi
out=$(printf 'UNREAD-BYTES' | (unset QREXEC_REMOTE_DOMAIN; "$DRV" --config "$T/main.conf" \
    >"$T/wc.out" 2>"$T/wc.err"; echo "rc=$?"; cat))
if [ "$out" = "rc=3
UNREAD-BYTES" ] && [ "$(answer_of "$T/wc.out")" = "13 0" ]; then
    t_ok "receive: no caller domain at all refused"
else
    t_fail "receive: no caller" "got '$out'"
fi

cfg_bad() {
    conf cfg "$@"
    out=$(printf 'UNREAD' | (QREXEC_REMOTE_DOMAIN=sys-test "$DRV" --config "$T/cfg.conf" \
        >"$T/wc.out" 2>"$T/wc.err"; echo "rc=$?"; cat))
    [ "$out" = "rc=2
UNREAD" ] && [ "$(answer_of "$T/wc.out")" = "5 0" ] && [ ! -e "$T/cfg/repo" ] &&
        grep -q 'configuration error' "$T/wc.err"
}
ok=1
for kv in "UPDATEVM=" "MAX_FILES=0" "MAX_FILES=12x" "MAX_BYTES=-1" "USER=root" \
    "USER=no-such-user-airlock" "KEYRING=$T/nonexistent" "REPO_DIR=relative/path" \
    "SYNC=maybe" "FROBNICATE=1" "LOCK_WAIT=soon" "BINDIR=$T" "ALLOW_DOWNGRADE=maybe" \
    "RPMDB_ROOT=relative" "RPMDB_ROOT=$T/no-rpmdb" "MIN_FREE=-1" "MIN_FREE=256M"; do
    cfg_bad "$kv" || { ok=0; t_fail "receive: bad configuration $kv" "$out $(cat "$T/wc.err")"; }
done
[ "$ok" -eq 1 ] && t_ok "receive: 17 bad configurations refused (exit 2, EIO to the caller) before reading, nothing created"

