#!/bin/sh
# `make demo`: airlock end to end, narrated. Everything happens under
# build/demo/ (removed and remade each time); nothing on the machine
# outside it changes. Needs root: the stages switch to the user `nobody`.
# shellcheck disable=SC1091 # sourced helpers
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/rpmlib.sh
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
for p in airlock-send airlock-receive airlock-unpack airlock-sigcheck airlock-result; do
    [ -x "$BIN/$p" ] || die "$BIN/$p is missing; run make first"
done

cat <<'EOF'
airlock demo
============
In Qubes OS, dom0 has no network. A separate qube, the UpdateVM, downloads
dom0's updates and sends them to dom0 as one stream of files. airlock is
the dom0 side of that path: it receives the stream, checks that every
package is signed by a key dom0 trusts, and only then publishes the
packages as a local dnf repository -- all of them or none.

Here both sides run on this machine: `airlock-send` plays the UpdateVM,
`airlock-receive` plays dom0's qrexec service. They are connected in both
directions through two pipes, as qrexec connects them.
EOF

rm -rf "$D"
mkdir -p "$D/pkgs" "$D/keys" "$D/build"
chmod 755 "$D"

say "make a throwaway signing key"
note "A real system trusts the distribution's key. For the demo we make our own" \
     "(ed25519, in a private GnuPG home under $D) and put its public half in" \
     "the directory airlock trusts: $D/keys."
mk_key "$D" vendor ed25519 || die "gpg could not make a key"
cp "$D/vendor.asc" "$D/keys/" && chmod -R a+rX "$D/keys"
note "key fingerprint: $(cat "$D/vendor.fpr")"

say "build three small demo packages and sign them"
for n in hello-airlock demo-tools demo-docs; do
    if ! mk_rpm "$D/build" "$n" 16 >/dev/null || ! sign_rpm "$D" vendor "$D/build/$n.rpm" ||
        ! mv "$D/build/$n.rpm" "$D/pkgs/$n.rpm"; then
        die "could not build $n"
    fi
    note "$n.rpm ($(stat -c %s "$D/pkgs/$n.rpm") bytes), signed"
done

# The signature check runs as its own user (CHECK_USER), not the
# unpacker's: a dedicated system user, made if missing.
# shellcheck source=tests/lib.sh
. tests/lib.sh
ensure_user airlock-demo-check || die "cannot create the user airlock-demo-check"
cat >"$D/airlock.conf" <<EOF
UPDATEVM=sys-demo
KEYRING=$D/keys
REPO_DIR=$D/repo
STAGING_DIR=$D/staging
STATE_DIR=$D/state
USER=nobody
CHECK_USER=airlock-demo-check
BINDIR=$BIN
# No dom0 rpmdb here: compared with the published generation only.
RPMDB_ROOT=
SYNC=no
EOF

# send FILES...: airlock-send FILES -> airlock-receive, both ways.
send() {
    rm -f "$D/a" "$D/b"
    mkfifo "$D/a" "$D/b"
    QREXEC_REMOTE_DOMAIN=sys-demo "$BIN/airlock-receive" --config "$D/airlock.conf" \
        <"$D/a" >"$D/b" 2>"$D/receive.log" &
    _rp=$!
    "$BIN/airlock-send" "$@" >"$D/a" <"$D/b" 2>"$D/send.log"
    SEND_RC=$?
    wait "$_rp"
    RECV_RC=$?
    rm -f "$D/a" "$D/b"
    note "what dom0 printed (airlock-receive, on its standard error):"
    sed 's/^/     | /' "$D/receive.log"
    note "what the UpdateVM saw (airlock-send): exit status $SEND_RC"
    [ -s "$D/send.log" ] && sed 's/^/     | /' "$D/send.log"
    return 0
}

say "send the three packages from the 'UpdateVM' to 'dom0'"
note "airlock-receive checks the caller is the configured UpdateVM (sys-demo)," \
     "takes a lock, runs airlock-unpack (as nobody) on a fresh staging" \
     "directory and checks each package with airlock-sigcheck as soon as it" \
     "has arrived."
send "$D"/pkgs/*.rpm
if [ "$SEND_RC" -ne 0 ] || [ "$RECV_RC" -ne 0 ]; then die "the first transfer should have succeeded"; fi

say "look at the published repository"
note "$D/repo/current is a link to the generation just built; dnf reads" \
     "through it. A new generation replaces it with one atomic rename."
for l in "$D"/repo/*; do
    if [ -L "$l" ]; then note "  ${l##*/} -> $(readlink "$l")"; else note "  ${l##*/}/"; fi
done
note "packages and metadata of the current generation:"
(cd "$D/repo/current" && ls -1 ./*.rpm repodata/repomd.xml) | sed 's/^/     /'
note "status file $D/state/status.json (shortened):"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("     result=%s generation=%s verified=%d rejected=%d seconds=%s" % (d["result"], d["generation"], d["verified"], d["rejected"], d["timings"]["total"])); [print("     %-22s %s" % (p["file"], p["reason"])) for p in d["packages"]]' "$D/state/status.json"

say "install one package with dnf into a scratch root, signatures checked"
note "dnf uses the repository file airlock installs, with gpgcheck=1: rpm" \
     "checks the signature once more, at install time."
mkdir -p "$D/root" "$D/home" "$D/repos.d"
echo '%_dbpath /var/lib/rpm' >"$D/home/.rpmmacros"
printf '[main]\ngpgcheck=1\n' >"$D/dnf.conf"
sed -e "s|^baseurl=.*|baseurl=file://$D/repo/current|" \
    -e "s|^gpgkey=.*|gpgkey=file://$D/vendor.asc|" src/receive/airlock.repo >"$D/repos.d/airlock.repo"
grep -E '^(baseurl|gpgcheck|gpgkey)=' "$D/repos.d/airlock.repo" | sed 's/^/     /'
if HOME=$D/home /usr/bin/python3 /usr/bin/dnf -y -q --config="$D/dnf.conf" --installroot="$D/root" \
        --releasever=1 --setopt=reposdir="$D/repos.d" --disablerepo='*' \
        --enablerepo=airlock-dom0-updates install hello-airlock >"$D/dnf.log" 2>&1; then
    note "installed: $(ls "$D/root/opt/airlock-test/")" \
         "rpm in the scratch root says: $(HOME=$D/home rpm --root "$D/root" -q hello-airlock)"
else
    sed 's/^/     | /' "$D/dnf.log"
    die "dnf install failed"
fi

say "tamper with a package and send a new batch"
note "We copy demo-tools.rpm and flip one byte in its payload, as an attacker" \
     "controlling the UpdateVM could. The batch also holds a good package."
cp "$D/pkgs/demo-tools.rpm" "$D/build/demo-tools.rpm"
patch_byte "$D/build/demo-tools.rpm" $(($(rpm_payload_offset "$D/build/demo-tools.rpm") + 1000))
before=$(readlink "$D/repo/current")
send "$D/pkgs/hello-airlock.rpm" "$D/build/demo-tools.rpm"
if [ "$SEND_RC" -eq 0 ] || [ "$RECV_RC" -eq 0 ]; then die "the tampered batch should have been rejected"; fi

say "check that nothing changed"
after=$(readlink "$D/repo/current")
note "current generation before: $before" "current generation after:  $after"
[ "$before" = "$after" ] || die "the repository changed"
note "The whole batch was refused, the good package included: publishing a" \
     "subset would let whoever controls the UpdateVM choose which updates dom0" \
     "gets. dom0's one-line error ($D/state/error):" \
     "  $(cat "$D/state/error")" \
     "and the UpdateVM was told which package failed, so it can say so."

say "send an older, validly signed version of the installed package"
note "Rollback protection: an UpdateVM that cannot forge a signature could" \
     "still send an old signed package with a known hole. We build" \
     "hello-airlock-1-0 (release 0, older than the 1-1 dnf installed) and" \
     "sign it with the trusted key; airlock compares it with the rpmdb of the" \
     "scratch root (RPMDB_ROOT) and with the current generation."
sed "s|^RPMDB_ROOT=\$|RPMDB_ROOT=$D/root|" "$D/airlock.conf" >"$D/airlock.conf.new" &&
    mv "$D/airlock.conf.new" "$D/airlock.conf"
mkdir -p "$D/old"
if ! mk_rpm "$D/old" hello-airlock 16 0 >/dev/null || ! sign_rpm "$D" vendor "$D/old/hello-airlock.rpm"; then
    die "could not build the older hello-airlock"
fi
chmod -R a+rX "$D/root" "$D/old"
before=$(readlink "$D/repo/current")
send "$D/old/hello-airlock.rpm"
if [ "$SEND_RC" -eq 0 ] || [ "$RECV_RC" -eq 0 ] || [ "$(readlink "$D/repo/current")" != "$before" ]; then
    die "the older package should have been rejected"
fi
note "dom0's error: $(cat "$D/state/error")" \
     "A downgrade the user wants is asked for in dom0: airlock-receive" \
     "--allow-downgrade for one run, or ALLOW_DOWNGRADE=yes."

printf '\nDemo complete. Everything it made is in %s.\n' "$D"
