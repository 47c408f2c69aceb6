#!/bin/sh
# airlock-receive (issue 5), end to end: airlock-send wired both ways to
# airlock-receive through two FIFOs, as qrexec connects them. Keys and
# packages are made once per run, offline (tests/rpmlib.sh), small.
#
#   happy path, then dnf install from the published repository into a
#   scratch root with gpgcheck=1; every signature failure class inside a
#   batch (nothing published, previous generation intact, sender names
#   the package); wrong caller and bad configuration (nothing read,
#   nothing changed); SIGKILL of the driver at 13 points and of each
#   stage (unpack, sigcheck, createrepo_c); disk full while receiving and
#   while publishing (tmpfs in `unshare -m`); two receives at once.
# Run from the repository root after `make all`. Runs as root (stages as
# `nobody`) or as a user with passwordless nothing: as non-root only the
# tests that need no --user run... so root is required; skips otherwise.
# shellcheck disable=SC1091,SC2086 # sourced helpers; $GOOD lists are split on purpose
set -u
. tests/lib.sh
. tests/rpmlib.sh

BIN=$PWD/build
# The signature check's own user (CHECK_USER), distinct from the
# unpacker's (nobody): made if missing.
CHECK_USER=airlock-test-check
ensure_user "$CHECK_USER" || { echo "not ok - receive: cannot create user $CHECK_USER"; exit 1; }
DRV=$BIN/airlock-receive
SEND=$BIN/airlock-send
export LC_ALL=C
umask 022

if [ "$(id -u)" -ne 0 ]; then
    t_ok "receive suite skipped: needs root (stages run as nobody)"
    exit 0
fi
for p in airlock-receive airlock-send airlock-unpack airlock-sigcheck airlock-result; do
    [ -x "$BIN/$p" ] || { t_fail "receive: setup" "$BIN/$p missing (make all)"; exit 0; }
done

T=$(mktemp -d /tmp/airlock-receive-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
chmod 755 "$T"

# ------------------------------------------------------------ fixtures

P=$T/pkgs
setup() {
    mkdir -p "$P" "$T/kr" "$T/build" || return 1
    mk_key "$T" trusted ed25519 && mk_key "$T" other ed25519 || return 1
    cp "$T/trusted.asc" "$T/kr/" && chmod -R a+rX "$T/kr" || return 1
    for n in alpha beta gamma delta; do
        mk_rpm "$T/build" "$n" 8 >/dev/null && sign_rpm "$T" trusted "$T/build/$n.rpm" &&
            mv "$T/build/$n.rpm" "$P/$n.rpm" || return 1
    done
    mk_rpm "$T/build" base 8 >/dev/null || return 1
    B=$T/build/base.rpm
    cp "$B" "$P/x-unsigned.rpm"
    cp "$B" "$P/x-sigdeleted.rpm" && sign_rpm "$T" trusted "$P/x-sigdeleted.rpm" &&
        unsign_rpm "$P/x-sigdeleted.rpm" || return 1
    cp "$B" "$P/x-untrusted.rpm" && sign_rpm "$T" other "$P/x-untrusted.rpm" || return 1
    cp "$B" "$P/x-resigned.rpm" && sign_rpm "$T" trusted "$P/x-resigned.rpm" &&
        sign_rpm "$T" other "$P/x-resigned.rpm" || return 1
    cp "$B" "$T/build/good.rpm" && sign_rpm "$T" trusted "$T/build/good.rpm" || return 1
    G=$T/build/good.rpm
    _po=$(rpm_payload_offset "$G") && _ho=$(rpm_hdr_offset "$G") || return 1
    _sz=$(stat -c %s "$G")
    cp "$G" "$P/x-payload.rpm" && patch_byte "$P/x-payload.rpm" $((_po + 100)) || return 1
    cp "$G" "$P/x-header.rpm" && patch_byte "$P/x-header.rpm" $((_ho + 200)) || return 1
    _sig=$(rpm_sigtag_data "$G" 267) || return 1
    cp "$G" "$P/x-sigbytes.rpm" && patch_byte "$P/x-sigbytes.rpm" $((${_sig% *} + 20)) || return 1
    cp "$G" "$P/x-sigindex.rpm" && patch_byte "$P/x-sigindex.rpm" 115 || return 1
    head -c $((_po + 50)) "$G" >"$P/x-trunc-payload.rpm"
    head -c $((_ho + 40)) "$G" >"$P/x-trunc-header.rpm"
    { cat "$G"; printf 'appended garbage'; } >"$P/x-appended.rpm"
    printf 'this is not an rpm package\n' >"$P/x-notrpm.rpm"
    head -c 4096 /dev/urandom >"$P/x-random.rpm"
    : >"$P/x-empty.rpm"
    mk_rpm "$T/build" huge 3072 >/dev/null && sign_rpm "$T" trusted "$T/build/huge.rpm" &&
        mv "$T/build/huge.rpm" "$P/huge.rpm" || return 1
    # Rollback protection: one name at three versions, and an rpmdb
    # beneath $T/rbroot with sys-3.0-1 installed.
    for _v in app:2.0-1 app:1.9-1 sys:2.9-1 sys:3.0-1; do
        mk_rpm_evr "$T/build" "${_v%%:*}-${_v#*:}" "${_v%%:*}" "${_v#*:}" noarch >/dev/null &&
            sign_rpm "$T" trusted "$T/build/${_v%%:*}-${_v#*:}.rpm" &&
            mv "$T/build/${_v%%:*}-${_v#*:}.rpm" "$P/" || return 1
    done
    HOME=$T rpm --root "$T/rbroot" --dbpath /var/lib/rpm --define '_db_backend sqlite' -i --nodeps \
        --justdb --nosignature "$P/sys-3.0-1.rpm" >/dev/null 2>&1 && chmod -R a+rX "$T/rbroot" || return 1
    # For the kill tests: a big last file keeps the stream flowing.
    head -c $((24 * 1048576)) /dev/urandom >"$P/zz-big.rpm"
    [ "$_sz" -gt 0 ]
}
if ! setup 2>"$T/setup.err"; then
    t_fail "receive: setup" "cannot make keys or packages: $(head -n 3 "$T/setup.err" | tr '\n' ' ')"
    exit 0
fi
GOOD="$P/alpha.rpm $P/beta.rpm $P/gamma.rpm"
GOOD2="$P/delta.rpm $P/alpha.rpm"

# conf NAME [KEY=VALUE...]: write a configuration $T/NAME.conf for a
# repository under $T/NAME, stages as nobody, with overrides.
conf() {
    _n=$1
    shift
    mkdir -p "$T/$_n"
    {
        echo "UPDATEVM=sys-test"
        echo "KEYRING=$T/kr"
        echo "REPO_DIR=$T/$_n/repo"
        echo "STAGING_DIR=$T/$_n/staging"
        echo "STATE_DIR=$T/$_n/state"
        echo "USER=nobody"
        echo "CHECK_USER=$CHECK_USER"
        echo "BINDIR=$BIN"
        echo "RPMDB_ROOT="   # no dom0 rpmdb here; the rollback tests make one
        echo "LOCK_WAIT=30"
        echo "SYNC=no"
        for _kv in "$@"; do echo "$_kv"; done
    } >"$T/$_n.conf"
}

# receive CONF OUT FILES...: airlock-send FILES | airlock-receive, both
# ways through FIFOs; sets RC_S (sender) and RC_R (driver). Output in
# OUT.send (sender's stderr) and OUT.recv (driver's stderr). With SLOW
# set, the stream goes through a throttle (SLOW_PY).
SLOW_PY='import sys, time
i, o, n = sys.stdin.buffer, sys.stdout.buffer, 0
while True:
    b = i.read1(1 << 20)
    if not b:
        break
    o.write(b)
    o.flush()
    n += len(b)
    if n >= 8 << 20:
        n = 0
        time.sleep(0.05)'
receive() {
    _c=$1 _o=$2
    shift 2
    rm -f "$_o.a" "$_o.b"
    mkfifo "$_o.a" "$_o.b"
    # shellcheck disable=SC2086 # RECV_ARGS: extra driver arguments, split
    QREXEC_REMOTE_DOMAIN=${CALLER-sys-test} timeout 120 "$DRV" --config "$_c" ${RECV_ARGS-} \
        <"$_o.a" >"$_o.b" 2>"$_o.recv" &
    _rp=$!
    if [ -n "${SLOW-}" ]; then
        # At most 8 MiB per 50 ms: the stream lasts, whatever the machine.
        { timeout 120 "$SEND" "$@" <"$_o.b" 2>"$_o.send"; echo $? >"$_o.rc"; } |
            python3 -c "$SLOW_PY" >"$_o.a"
        RC_S=$(cat "$_o.rc")
    else
        timeout 120 "$SEND" "$@" >"$_o.a" <"$_o.b" 2>"$_o.send"
        RC_S=$?
    fi
    wait "$_rp"
    RC_R=$?
    rm -f "$_o.a" "$_o.b"
}

# consistent REPO: current names a generation whose createrepo metadata
# lists exactly its packages, each with its file's SHA-256 and size, and
# whose metadata files match their checksums; prints the sorted package
# names.
consistent() {
    _g=$(readlink "$1/current") || { echo "no current link"; return 1; }
    _d=$1/$_g
    [ -f "$_d/repodata/repomd.xml" ] || { echo "no repomd.xml in $_g"; return 1; }
    for _m in "$_d"/repodata/*.gz "$_d"/repodata/*.bz2; do
        [ -e "$_m" ] || continue
        _h=$(basename "$_m" | cut -d- -f1)
        [ "$(sha256sum <"$_m" | cut -d' ' -f1)" = "$_h" ] || { echo "bad checksum $_m"; return 1; }
    done
    zcat "$_d"/repodata/*-primary.xml.gz | sed -n 's/.*<location href="\([^"]*\)".*/\1/p' |
        sort >"$T/prim"
    (cd "$_d" && ls -- *.rpm 2>/dev/null) | sort >"$T/have"
    cmp -s "$T/prim" "$T/have" || { echo "metadata does not match packages in $_g"; return 1; }
    zcat "$_d"/repodata/*-primary.xml.gz | awk '
        /<checksum type="sha256" pkgid="YES">/ { sub(/.*">/, ""); sub(/<.*/, ""); c = $0 }
        /<size package=/ { s = $0; sub(/.*package="/, "", s); sub(/".*/, "", s) }
        /<location href=/ { l = $0; sub(/.*href="/, "", l); sub(/".*/, "", l); print c, s, l }' |
        sort -k3 >"$T/sums"
    (cd "$_d" && for _p in *.rpm; do
        [ -e "$_p" ] || continue
        echo "$(sha256sum <"$_p" | cut -d' ' -f1) $(stat -c %s "$_p") $_p"
    done) | sort -k3 >"$T/sums.have"
    cmp -s "$T/sums" "$T/sums.have" || { echo "package checksums or sizes in the metadata of $_g are wrong"; return 1; }
    tr '\n' ' ' <"$T/have"
}

# snapshot REPO: a fingerprint of the whole repository (links, names,
# sizes, contents).
snapshot() {
    (cd "$1" && find . -printf '%p %l %s\n' | sort && find . -type f -exec cat {} + | sha256sum)
}

# clean_after REPO STAGING: no leftovers of earlier runs.
clean_after() {
    [ -z "$(ls -A "$2")" ] || { echo "staging not empty: $(ls -A "$2")"; return 1; }
    _x="" _ng=0
    for _e in "$1"/* "$1"/.[!.]*; do
        [ -e "$_e" ] || [ -L "$_e" ] || continue
        case ${_e##*/} in current | previous) ;; gen-*) _ng=$((_ng + 1)) ;; *) _x="$_x ${_e##*/}" ;; esac
    done
    [ -z "$_x" ] || { echo "leftovers in repo:$_x"; return 1; }
    [ "$_ng" -le 2 ] || { echo "more than 2 generations"; return 1; }
}

# ------------------------------------------------------------ happy path

conf main
R=$T/main/repo
receive "$T/main.conf" "$T/o" $GOOD
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] &&
    [ "$(consistent "$R")" = "alpha.rpm beta.rpm gamma.rpm " ]; then
    t_ok "receive: happy path publishes a consistent generation, sender sees success"
else
    t_fail "receive: happy path" "send $RC_S, receive $RC_R, repo: $(consistent "$R"); $(tail -n 2 "$T/o.send" "$T/o.recv" | tr '\n' ' ')"
fi

st=$T/main/state/status.json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["result"]=="published" and d["verified"]==3 and d["rejected"]==0 and len(d["packages"])==3 and d["generation"]' "$st" 2>/dev/null &&
    [ ! -e "$T/main/state/error" ] && grep -q 'verified 3' "$T/o.recv"; then
    t_ok "receive: status.json (verdicts, totals, generation) and progress lines"
else
    t_fail "receive: status.json" "$(head -c 300 "$st")"
fi

# dnf install from the published repository, gpgcheck=1, into a scratch root.
dnf_install() {
    _root=$T/dnfroot
    rm -rf "$_root" "$T/dnfhome" "$T/repos.d"
    mkdir -p "$_root" "$T/dnfhome" "$T/repos.d"
    echo '%_dbpath /var/lib/rpm' >"$T/dnfhome/.rpmmacros"
    printf '[main]\ngpgcheck=1\ninstallonly_limit=3\nclean_requirements_on_remove=True\nbest=False\n' >"$T/dnf.conf"
    sed -e "s|^baseurl=.*|baseurl=file://$R/current|" \
        -e "s|^gpgkey=.*|gpgkey=file://$T/trusted.asc|" src/receive/airlock.repo >"$T/repos.d/airlock.repo"
    HOME=$T/dnfhome /usr/bin/python3 /usr/bin/dnf -y -q --config="$T/dnf.conf" --installroot="$_root" \
        --releasever=1 --setopt=reposdir="$T/repos.d" --disablerepo='*' \
        --enablerepo=airlock-dom0-updates install "$1" >"$T/dnf.out" 2>&1
}
if dnf_install beta && [ -f "$T/dnfroot/opt/airlock-test/beta.bin" ] &&
    grep -q gpgcheck=1 "$T/repos.d/airlock.repo"; then
    t_ok "receive: dnf installs a published package into a scratch root with gpgcheck=1"
else
    t_fail "receive: dnf install" "$(tail -n 3 "$T/dnf.out" | tr '\n' ' ')"
fi

# An empty batch (the UpdateVM had nothing) is a valid batch: like the
# reference, it publishes an empty generation.
conf empty
receive "$T/empty.conf" "$T/o"
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$(consistent "$T/empty/repo")" = "" ] &&
    [ -f "$T/empty/repo/current/repodata/repomd.xml" ]; then
    t_ok "receive: an empty batch publishes an empty, consistent generation"
else
    t_fail "receive: empty batch" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.recv")"
fi

# A larger batch (60 x 3 MiB): packages are verified while the stream
# still arrives (a progress line with fewer than all of them), and the
# metadata lists exactly the 60 packages with their checksums.
mkdir -p "$T/many"
i=0
while [ "$i" -lt 60 ]; do
    cp "$P/huge.rpm" "$T/many/huge-$i.rpm"
    i=$((i + 1))
done
conf many
SLOW=1
receive "$T/many.conf" "$T/o" "$T"/many/*.rpm
unset SLOW
n=$(consistent "$T/many/repo" | wc -w)
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$n" -eq 60 ] &&
    grep -q 'received [0-9]* packages' "$T/o.recv" && ! head -n 2 "$T/o.recv" | grep -q "received 60 "; then
    t_ok "receive: 60 packages verified while arriving; metadata lists all 60"
else
    t_fail "receive: larger batch" "send $RC_S recv $RC_R, $n listed: $(tr '\n' ' ' <"$T/o.recv")"
fi
rm -rf "$T/many"

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

# after_unpack NAME SHELL-LINES: a BINDIR $T/NAME/bin whose airlock-unpack
# runs the real one, waits 2 s (so that every package has been verified),
# then, as root, runs SHELL-LINES with $d the unpacker's directory, and
# exits with the real unpacker's status; the configuration NAME uses it.
# It stands in for a compromised stage writing through a descriptor it
# kept.
after_unpack() {
    mkdir -p "$T/$1/bin"
    ln -s "$BIN/airlock-result" "$T/$1/bin/airlock-result"
    ln -s "$BIN/airlock-sigcheck" "$T/$1/bin/airlock-sigcheck"
    # shellcheck disable=SC2016 # the wrapper expands them
    printf '#!/bin/sh\nfor d; do :; done\n"%s" "$@"\nrc=$?\nsleep 2\n%s\nexit $rc\n' \
        "$BIN/airlock-unpack" "$2" >"$T/$1/bin/airlock-unpack"
    chmod 755 "$T/$1/bin/airlock-unpack"
    conf "$1" "BINDIR=$T/$1/bin"
}

# same_from_header A B: A and B hold the same bytes from their main
# header on (a published package is the checker's canonical copy: its
# signature header differs from the one sent, by design).
same_from_header() {
    cmp -s -i "$(rpm_hdr_offset "$1"):$(rpm_hdr_offset "$2")" "$1" "$2"
}

# A package changed by the unpacker's side after it was verified (it
# stands in for a compromised unpacker writing through a descriptor it
# kept): what is published is the checker's copy, made in the same read
# as the check, so the change reaches nothing; the batch publishes.
# shellcheck disable=SC2016 # expanded by the wrapper
after_unpack tamper 'f=$d/beta.rpm
printf XYZW | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") - 64)) conv=notrunc status=none'
receive "$T/tamper.conf" "$T/o" $GOOD
g=$(readlink "$T/tamper/repo/current")
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] &&
    [ "$(consistent "$T/tamper/repo")" = "alpha.rpm beta.rpm gamma.rpm " ] &&
    same_from_header "$T/tamper/repo/$g/beta.rpm" "$P/beta.rpm"; then
    t_ok "receive: a package modified by the unpacker's side after verification cannot alter what is published"
else
    t_fail "receive: modified after verification" "send $RC_S recv $RC_R: $(consistent "$T/tamper/repo"); $(tr '\n' ' ' <"$T/o.recv")"
fi

# The same with the package replaced by another validly signed one (same
# name, different bytes): the published beta.rpm is still the one that
# was checked, and the metadata describes it.
after_unpack swap "cat '$P/delta.rpm' >\"\$d/beta.rpm\""
receive "$T/swap.conf" "$T/o" $GOOD
g=$(readlink "$T/swap/repo/current")
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] &&
    [ "$(consistent "$T/swap/repo")" = "alpha.rpm beta.rpm gamma.rpm " ] &&
    same_from_header "$T/swap/repo/$g/beta.rpm" "$P/beta.rpm" &&
    ! same_from_header "$T/swap/repo/$g/beta.rpm" "$P/delta.rpm"; then
    t_ok "receive: a package replaced by the unpacker's side after verification: the checked one is published"
else
    t_fail "receive: replaced after verification" "send $RC_S recv $RC_R: $(consistent "$T/swap/repo"); $(tr '\n' ' ' <"$T/o.recv")"
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
UNREAD-BYTES" ] && [ ! -s "$T/wc.out" ] && [ "$(snapshot "$R")" = "$before" ] &&
    [ "$(cat "$T/main/state/status.json")" = "$stbefore" ] && grep -q 'refused' "$T/wc.err"; then
    t_ok "receive: wrong caller refused, nothing read, nothing written, nothing changed"
else
    t_fail "receive: wrong caller" "got '$out', $(cat "$T/wc.err")"
fi
out=$(printf 'UNREAD-BYTES' | (unset QREXEC_REMOTE_DOMAIN; "$DRV" --config "$T/main.conf" \
    >"$T/wc.out" 2>"$T/wc.err"; echo "rc=$?"; cat))
if [ "$out" = "rc=3
UNREAD-BYTES" ] && [ ! -s "$T/wc.out" ]; then
    t_ok "receive: no caller domain at all refused"
else
    t_fail "receive: no caller" "got '$out'"
fi

cfg_bad() {
    conf cfg "$@"
    out=$(printf 'UNREAD' | (QREXEC_REMOTE_DOMAIN=sys-test "$DRV" --config "$T/cfg.conf" \
        >"$T/wc.out" 2>"$T/wc.err"; echo "rc=$?"; cat))
    [ "$out" = "rc=2
UNREAD" ] && [ ! -s "$T/wc.out" ] && [ ! -e "$T/cfg/repo" ] && grep -q 'configuration error' "$T/wc.err"
}
ok=1
for kv in "UPDATEVM=" "MAX_FILES=0" "MAX_FILES=12x" "MAX_BYTES=-1" "USER=root" \
    "USER=no-such-user-airlock" "KEYRING=$T/nonexistent" "REPO_DIR=relative/path" \
    "SYNC=maybe" "FROBNICATE=1" "LOCK_WAIT=soon" "BINDIR=$T" "ALLOW_DOWNGRADE=maybe" \
    "RPMDB_ROOT=relative" "RPMDB_ROOT=$T/no-rpmdb"; do
    cfg_bad "$kv" || { ok=0; t_fail "receive: bad configuration $kv" "$out $(cat "$T/wc.err")"; }
done
[ "$ok" -eq 1 ] && t_ok "receive: 15 bad configurations refused (exit 2) before reading, nothing created"

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
    sed -n '/^receive() {/,/^}/p' "$0"
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
cat >"$W/slow-createrepo" <<'EOF'
#!/bin/sh
sleep 5
exec createrepo_c "$@"
EOF
chmod 755 "$W/slow-createrepo"
conf two "LOCK_WAIT=0" "CREATEREPO=$W/slow-createrepo"
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

# ------------------------------------------------------------ install

I=$T/inst
L=$I/usr/libexec/airlock
# The layout in detail is 71-install.sh's; here: the service runs the
# installed driver, which finds its helpers beside it.
if make -s install DESTDIR="$I" PREFIX=/usr >"$T/inst.log" 2>&1 &&
    (for p in airlock-receive airlock-unpack airlock-sigcheck airlock-result; do
        [ -x "$L/$p" ] || exit 1
    done) && [ -x "$I/usr/bin/airlock-send" ] &&
    grep -q '^exec /usr/libexec/airlock/airlock-receive$' "$L/qubes.ReceiveUpdates" &&
    [ -x "$L/qubes.ReceiveUpdates" ] && [ ! -e "$I/etc/qubes-rpc/qubes.ReceiveUpdates" ] &&
    grep -q '^gpgcheck=1$' "$I/etc/yum.real.repos.d/airlock.repo" &&
    grep -q '^baseurl=file:///var/lib/airlock/repo/current$' "$I/etc/yum.real.repos.d/airlock.repo" &&
    [ -f "$I/etc/airlock/airlock.conf" ] && [ -d "$I/etc/airlock/keys" ] &&
    "$L/airlock-receive" --help | grep -q 'Exit status'; then
    t_ok "receive: make install DESTDIR= PREFIX= installs the helpers in libexec/airlock, the service script, dnf .repo, config; no qubes.ReceiveUpdates in /etc/qubes-rpc"
else
    t_fail "receive: make install" "$(tail -n 3 "$T/inst.log" | tr '\n' ' ')"
fi

# ------------------------------------------------------------ lint

if shellcheck -s sh src/receive/airlock-receive tests/suites/50-receive.sh >"$T/sc.out" 2>&1; then
    t_ok "receive: airlock-receive and this suite are clean under shellcheck"
else
    t_fail "receive: shellcheck" "$(head -n 5 "$T/sc.out" | tr '\n' ' ')"
fi
