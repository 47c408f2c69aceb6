#!/bin/sh
# `make demo`: the whole dom0 update through airlock, narrated. Everything happens under
# build/demo/ (removed and remade each time); nothing on the machine
# outside it changes. Needs root: the stages switch to the user `nobody`.
# shellcheck disable=SC1091 # sourced helpers
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/rpmlib.sh
. tests/lib.sh
. tests/updatelib.sh
export LC_ALL=C
umask 022

BIN=$PWD/build
D=$PWD/build/demo
step=0
say() { step=$((step + 1)); printf '\n== Step %d: %s\n' "$step" "$*"; }
note() { printf '   %s\n' "$@"; }
die() { printf '\ndemo failed: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo make demo): the unpacker and the signature
check refuse to run as root without dropping to an unprivileged user, and
this demo makes them switch to 'nobody'."
for p in airlock-send airlock-receive airlock-unpack airlock-sigcheck airlock-result \
    airlock-update airlock-download; do
    [ -x "$BIN/$p" ] || die "$BIN/$p is missing; run make first"
done

cat <<'EOF'
airlock demo: the whole update
==============================
In Qubes OS, dom0 has no network. A separate qube, the UpdateVM, downloads
dom0's updates and sends them to dom0 as one stream of files. airlock is
both ends of that path: `airlock-update` in dom0 hands the UpdateVM dom0's
package list; `airlock-download` in the UpdateVM fetches with dnf only
what dom0 needs and sends it with `airlock-send`; `airlock-receive` in
dom0 checks that every package is signed by a key dom0 trusts, publishes
the batch as a local dnf repository (all of it or nothing), and then
`airlock-update` upgrades dom0 with dnf from that repository only.

Here everything runs on this machine: a file:// dnf repository (the
"mirror") plays the internet, a scratch root plays dom0, and two small
stand-ins (tests/qrexec-sim/) play qrexec: they connect the programs and
pass the caller's name, as qrexec does. Nothing else is simulated.
EOF

rm -rf "$D"
mkdir -p "$D"

say "a throwaway signing key, the mirror, and 'dom0' with hello-1.0 installed"
ul_setup "$D" || die "set-up failed"
note "key fingerprint: $(cat "$D/vendor.fpr") (trusted by airlock: $D/keys)"
ul_mirror_add "$D" hello 1.0 >/dev/null || die "cannot build hello-1.0"
ul_mirror_add "$D" demo-tools 1.0 >/dev/null || die "cannot build demo-tools-1.0"
ul_dom0_install "$D" hello demo-tools || die "cannot install into dom0's root: $(tail -n 2 "$D/dom0-install.log")"
note "dom0 ($D/root) has: $(HOME=$D/home rpm --root "$D/root" -qa 2>/dev/null | sort | tr '\n' ' ')"

say "the mirror gains hello-2.0"
ul_mirror_add "$D" hello 2.0 >/dev/null || die "cannot build hello-2.0"
note "mirror: $(find "$D/mirror" -maxdepth 1 -name '*.rpm' -printf '%f ' | tr ' ' '\n' | sort | tr '\n' ' ')"

say "airlock-update in dom0"
note "It takes a lock, sends dom0's package list and repository files to the" \
     "UpdateVM (airlock.Download), which downloads with dnf over a stub rpmdb" \
     "of dom0's packages and sends only what dom0 lacks; airlock-receive" \
     "verifies and publishes; then dnf upgrades dom0 with gpgcheck=1."
ul_update "$D" >"$D/update.log" 2>&1
rc=$?
sed 's/^/     | /' "$D/update.log"
note "exit status $rc"
[ "$rc" -eq 0 ] || die "the update should have succeeded"
[ "$(ul_dom0_has "$D" hello)" = 2.0-1 ] || die "hello was not upgraded"
grep -q 'received hello-2.0-1.noarch.rpm: verified' "$D/update.log" || die "hello-2.0 was not reported verified"
! grep -q 'demo-tools' "$D/update.log" || die "demo-tools should not have been sent"
note "dom0 now has hello-$(ul_dom0_has "$D" hello); only hello-2.0 crossed (demo-tools-1.0" \
     "is current in dom0)."

say "the mirror serves a tampered package"
note "hello-3.0 is signed, then one byte of its payload is flipped, as an" \
     "attacker controlling the UpdateVM or the mirror could."
f=$(ul_mirror_add "$D" hello 3.0) || die "cannot build hello-3.0"
patch_byte "$f" $(($(rpm_payload_offset "$f") + 1000))
ul_mirror_refresh "$D"
before=$(readlink "$D/repo/current")
ul_update "$D" >"$D/update.log" 2>&1
rc=$?
sed 's/^/     | /' "$D/update.log"
note "exit status $rc"
[ "$rc" -eq 1 ] || die "the tampered update should have failed with status 1"
grep -q 'REJECTED hello-3.0-1.noarch.rpm: ' "$D/update.log" || die "the message does not name the package and reason"
[ "$(ul_dom0_has "$D" hello)" = 2.0-1 ] || die "something was installed"
[ "$(readlink "$D/repo/current")" = "$before" ] || die "the repository changed"
note "nothing installed (dom0 still has hello-$(ul_dom0_has "$D" hello)); the repository" \
     "still serves $before."

say "the mirror drops the tampered package; airlock-update --check-only"
rm -f "$f"
ul_mirror_refresh "$D"
ul_update "$D" --check-only >"$D/update.log" 2>&1
rc=$?
sed 's/^/     | /' "$D/update.log"
note "exit status $rc (0: no updates; 100 would mean updates exist)"
{ [ "$rc" -eq 0 ] && grep -q 'no updates' "$D/update.log"; } || die "--check-only should report no updates"

say "the UpdateVM sends an older, validly signed hello (a rollback)"
note "An UpdateVM that cannot forge a signature can still send an old signed" \
     "package with a known hole. It sends hello-1.0 (vendor-signed) straight" \
     "to qubes.ReceiveUpdates; airlock-receive compares it with dom0's rpmdb" \
     "(RPMDB_ROOT, where hello-2.0 is installed) and the current generation."
old=$D/mirror/hello-1.0-1.noarch.rpm
[ -f "$old" ] || die "the mirror has no hello-1.0"
before=$(readlink "$D/repo/current")
rc=0
AIRLOCK_SIM_DIR=$D/qubes AIRLOCK_SIM_SELF=sys-demo tests/qrexec-sim/qrexec-client-vm \
    dom0 qubes.ReceiveUpdates "$BIN/airlock-send" "$old" >"$D/rollback.log" 2>&1 || rc=$?
sed 's/^/     | /' "$D/rollback.log"
note "airlock-send exit status $rc"
[ "$rc" -ne 0 ] || die "the older package should have been refused"
grep -q 'older' "$D/rollback.log" || die "the sender was not told why"
[ "$(readlink "$D/repo/current")" = "$before" ] || die "the repository changed"
[ "$(ul_dom0_has "$D" hello)" = 2.0-1 ] || die "dom0's hello changed"
note "refused, nothing published. A downgrade the user wants is asked for in" \
     "dom0: airlock-receive --allow-downgrade for one run, or ALLOW_DOWNGRADE=yes."

printf '\nDemo complete. Everything it made is in %s.\n' "$D"
