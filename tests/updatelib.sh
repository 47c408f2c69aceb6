# The whole update on one machine, for the demo, tests/suites/55-update.sh
# and tests/bench/update.sh (sourced, not run; needs tests/rpmlib.sh and
# tests/lib.sh sourced first, root, and build/).
#
#   ul_setup DIR
#       Make under DIR: a throwaway key (DIR/vendor.*), a "mirror" (a
#       file:// dnf repository, DIR/mirror, createrepo_c) that plays the
#       internet, a scratch root DIR/root with an rpmdb that plays dom0,
#       the configurations of airlock-receive (DIR/airlock.conf),
#       airlock-update (DIR/update.conf) and airlock-download
#       (DIR/download.conf), dom0's repository files for the UpdateVM
#       (DIR/yum.repos.d) and airlock's dnf repository file
#       (DIR/real.repos.d/airlock.repo), and the qrexec stand-ins'
#       services: DIR/qubes/sys-demo/airlock.Download runs
#       airlock-download, DIR/qubes/dom0/qubes.ReceiveUpdates runs
#       airlock-receive. Only the qrexec hops are simulated
#       (tests/qrexec-sim/).
#   ul_mirror_add DIR NAME VERSION [KIB]
#       Build NAME-VERSION-1.noarch, sign it with the vendor key, put it
#       in the mirror and update the mirror's metadata. Prints the file.
#   ul_mirror_refresh DIR
#       Rebuild the mirror's metadata (after a file was changed or removed).
#   ul_dom0_install DIR NAME...
#       Install NAME from the mirror into dom0's root (dnf, gpgcheck=1).
#   ul_update DIR ARGS...
#       Run airlock-update ARGS with DIR's configuration (the caller's
#       standard output and error).
#   ul_dom0_has DIR NAME
#       Print NAME's installed version-release in dom0's root.


ul_setup() {
    _u=$1
    UL_SRC=$(pwd)
    UL_BIN=$UL_SRC/build
    mkdir -p "$_u/mirror" "$_u/keys" "$_u/root" "$_u/home" "$_u/yum.repos.d" "$_u/real.repos.d" \
        "$_u/qubes/sys-demo" "$_u/qubes/dom0" "$_u/bin" "$_u/build" || return 1
    chmod 755 "$_u"
    [ -s "$_u/vendor.fpr" ] || mk_key "$_u" vendor ed25519 || return 1
    cp "$_u/vendor.asc" "$_u/keys/" && chmod -R a+rX "$_u/keys" || return 1
    ensure_user airlock-demo-check || return 1
    echo '%_dbpath /var/lib/rpm' >"$_u/home/.rpmmacros"
    printf '[main]\ngpgcheck=1\ninstallonly_limit=3\nbest=False\nplugins=0\n' >"$_u/dnf.conf"
    # dom0's dnf as Debian runs it: the rpm module is /usr/bin/python3's.
    printf '#!/bin/sh\nHOME=%s/home exec /usr/bin/python3 /usr/bin/dnf --config=%s/dnf.conf "$@"\n' \
        "$_u" "$_u" >"$_u/bin/dom0-dnf"
    printf '#!/bin/sh\nexec /usr/bin/python3 /usr/bin/dnf "$@"\n' >"$_u/bin/vm-dnf"
    chmod 755 "$_u/bin/dom0-dnf" "$_u/bin/vm-dnf"
    printf '[mirror]\nname=the internet\nbaseurl=file://%s/mirror\nenabled=1\ngpgcheck=1\nmetadata_expire=0\n' \
        "$_u" >"$_u/yum.repos.d/mirror.repo"
    sed -e "s|file:///var/lib/airlock/repo/|file://$_u/repo/|" \
        -e "s|^gpgkey=.*|gpgkey=file://$_u/vendor.asc|" src/receive/airlock.repo >"$_u/real.repos.d/airlock.repo"
    cat >"$_u/airlock.conf" <<EOF
UPDATEVM=sys-demo
KEYRING=$_u/keys
REPO_DIR=$_u/repo
STAGING_DIR=$_u/staging
STATE_DIR=$_u/state
USER=nobody
CHECK_USER=airlock-demo-check
BINDIR=$UL_BIN
# dom0's rpmdb is the scratch root's: older than installed is refused.
RPMDB_ROOT=$_u/root
SYNC=no
LOCK_WAIT=0
EOF
    cat >"$_u/update.conf" <<EOF
UPDATEVM=sys-demo
STATE_DIR=$_u/state
REPO_DIR=$_u/repo
REPO_FILE=$_u/real.repos.d/airlock.repo
REPOS_DIR=$_u/yum.repos.d
ROOT=$_u/root
RELEASEVER=1
DNF=$_u/bin/dom0-dnf
QREXEC_CLIENT=$UL_SRC/tests/qrexec-sim/qvm-run
TIMEOUT=600
EOF
    cat >"$_u/download.conf" <<EOF
WORK_DIR=$_u/updatevm
BINDIR=$UL_BIN
DNF=$_u/bin/vm-dnf
QREXEC_CLIENT_VM=$UL_SRC/tests/qrexec-sim/qrexec-client-vm
EOF
    printf '#!/bin/sh\nexec %s/airlock-download --config %s/download.conf\n' "$UL_BIN" "$_u" \
        >"$_u/qubes/sys-demo/airlock.Download"
    printf '#!/bin/sh\nexec %s/airlock-receive --config %s/airlock.conf\n' "$UL_BIN" "$_u" \
        >"$_u/qubes/dom0/qubes.ReceiveUpdates"
    chmod 755 "$_u/qubes/sys-demo/airlock.Download" "$_u/qubes/dom0/qubes.ReceiveUpdates"
    ul_mirror_refresh "$_u"
}

ul_mirror_add() {
    mk_rpm "$1/build" "$2" "${4:-16}" 1 "$3" >/dev/null &&
        sign_rpm "$1" vendor "$1/build/$2.rpm" &&
        mv "$1/build/$2.rpm" "$1/mirror/$2-$3-1.noarch.rpm" || return 1
    ul_mirror_refresh "$1" && echo "$1/mirror/$2-$3-1.noarch.rpm"
}

ul_mirror_refresh() { createrepo_c -q "$1/mirror" >/dev/null 2>&1; }

ul_dom0_install() {
    _u=$1
    shift
    "$_u/bin/dom0-dnf" -y -q --installroot="$_u/root" --releasever=1 --setopt=reposdir="$_u/yum.repos.d" \
        --setopt=mirror.gpgkey="file://$_u/vendor.asc" install "$@" >"$_u/dom0-install.log" 2>&1
}

ul_update() {
    _u=$1
    shift
    AIRLOCK_SIM_DIR=$_u/qubes HOME=$_u/home "$UL_BIN/airlock-update" --config "$_u/update.conf" "$@"
}

ul_dom0_has() {
    HOME=$1/home rpm --root "$1/root" -q --qf '%{VERSION}-%{RELEASE}\n' "$2" 2>/dev/null
}
