# tests/receive-lib.sh: what the airlock-receive suites (50-receive-publish,
# 51-receive-reject, 53-receive-faults, 54-receive-lock, 56-receive-budget)
# share: keys and packages made once per suite, offline (tests/rpmlib.sh), small; the
# configuration writer; airlock-send wired both ways to airlock-receive
# through two FIFOs, as qrexec connects them; the repository checks.
# Sourced from the repository root after `make all`; root only (the
# stages run as two dedicated test users), skips otherwise.
# shellcheck shell=sh disable=SC1091,SC2034,SC2086 # sourced helpers; set for the suites; lists split on purpose
set -u
. tests/lib.sh
. tests/rpmlib.sh

BIN=$PWD/build
# The two stage users, dedicated to these suites (made if missing): the
# unpacker's (USER) and the checker's and createrepo_c's (CHECK_USER).
# Not names other test runs use: every process of a stage user may be
# killed by a receiver.
UNPACK_USER=airlock-test-unpack
CHECK_USER=airlock-test-verify
DRV=$BIN/airlock-receive
SEND=$BIN/airlock-send
export LC_ALL=C
umask 022

if [ "$(id -u)" -ne 0 ]; then
    t_ok "receive suite skipped: needs root (stages run as their own users)"
    exit 0
fi
for _u in "$UNPACK_USER" "$CHECK_USER"; do
    ensure_user "$_u" || { t_fail "receive: setup" "cannot create user $_u"; exit 0; }
done
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
# repository under $T/NAME, the stages as the two test users, with
# overrides (a later line overrides an earlier one).
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
        echo "USER=$UNPACK_USER"
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
    # shellcheck disable=SC2086 # RECV_ARGS: extra receiver arguments, split
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


# answer_of FILE: "CODE CRC" of the result header in FILE (airlock-result
# decode), or "none".
answer_of() {
    "$BIN/airlock-result" decode "$1" 2>/dev/null || echo none
}

# sender_says FILE PHRASE: airlock-send's stderr FILE has PHRASE.
sender_says() {
    grep -q -- "$2" "$1"
}
