#!/bin/sh
# packaging/install.sh install DESTDIR PREFIX BUILD
# packaging/install.sh uninstall DESTDIR PREFIX
#
# `make install` and `make uninstall` (packaging/install.mk), run from the
# top of the source tree. The layout is the RPMs' (airlock.spec), with
# PREFIX for /usr:
#   PREFIX/libexec/airlock/   airlock-unpack, -sigcheck, -result, -receive,
#                             -qrexec-front and the qrexec service script
#                             qubes.ReceiveUpdates
#   PREFIX/lib/systemd/system/airlock-receive.socket, airlock-receive@.service
#                             the qrexec socket service (not enabled)
#   PREFIX/bin/airlock-send, airlock-update, airlock-download
#   /etc/qubes-rpc/airlock.Download (the UpdateVM's qrexec service)
#   /etc/airlock/airlock.conf, /etc/airlock/update.conf, /etc/airlock/keys/,
#   /etc/qubes/policy.d/30-airlock.policy,
#   /etc/yum.real.repos.d/airlock.repo           configuration (kept, below)
#   PREFIX/lib/sysusers.d/airlock.conf, PREFIX/lib/tmpfiles.d/airlock.conf
#   PREFIX/share/man/manN/    the pages of man/
#   PREFIX/share/doc/airlock/README.md, PREFIX/share/licenses/airlock/LICENSE
#   /var/lib/airlock/         the state directory (never removed)
# everything under DESTDIR (empty or an absolute path). /etc and /var do
# not move with PREFIX: airlock-receive and the shipped files name them.
#
# What it promises, and how:
# - Nothing is written through a file or a symbolic link it does not own.
#   Every destination and every directory on the way to it (below
#   DESTDIR) is checked first, for all files, before anything is written:
#   a symbolic link anywhere, or a destination that exists and is not a
#   regular file (a directory for a directory), stops the install with
#   nothing changed. Each file is written into a new temporary file in its
#   destination directory and renamed over the name: an existing file is
#   replaced, never opened for writing, so a hard link elsewhere keeps its
#   content. (Between the check and the rename only someone who can write
#   to those directories, root for the real ones, could plant a link.)
# - Configuration is kept as %config(noreplace) keeps it: an existing file
#   that this script did not install, or that was changed since, stays as
#   it is; the new default goes beside it as FILE.new when it differs.
# - The manifest PREFIX/share/airlock/install-manifest lists what was
#   installed: "f SHA256 PATH" files, "c SHA256 PATH" configuration, "d -
#   PATH" directories this script made. A second install keeps what the
#   first one owned. Uninstall removes exactly those files that are still
#   as installed (a changed one is kept and named), then those directories
#   once empty, and the manifest; it never touches the state directory.
#
# Exit status: 0 done; 1 refused or failed (the reason on stderr); 2 usage.
set -eu

PROG=install.sh
MANIFEST_REL=share/airlock/install-manifest

die() { echo "$PROG: $*" >&2; exit 1; }
usage() {
    echo "usage: $PROG install DESTDIR PREFIX BUILD | uninstall DESTDIR PREFIX" >&2
    exit 2
}

# check_args DESTDIR PREFIX: DESTDIR empty or absolute, PREFIX absolute;
# neither holds a newline (the manifest is one path a line).
check_args() {
    case $1 in '' | /*) ;; *) die "DESTDIR '$1' is not an absolute path" ;; esac
    case $2 in /?*) ;; *) die "PREFIX '$2' is not an absolute path" ;; esac
    case $1$2 in *'
'*) die "DESTDIR or PREFIX holds a newline" ;; esac
}

# ------------------------------------------------------------ the layout

# layout: one line per destination, "KIND MODE SOURCE PATH" (PATH without
# DESTDIR): d a directory (SOURCE -), f a file, c a configuration file,
# k a directory made if missing and never removed. Directories not listed
# are made as needed (0755) and removed when empty.
layout() {
    _lx=$PREFIX/libexec/airlock
    echo "d 0755 - $_lx"
    for _p in airlock-unpack airlock-sigcheck airlock-result airlock-receive \
        airlock-qrexec-front; do
        echo "f 0755 $BUILD/$_p $_lx/$_p"
    done
    echo "f 0755 $WORK/qubes.ReceiveUpdates $_lx/qubes.ReceiveUpdates"
    echo "f 0644 packaging/systemd/airlock-receive.socket $PREFIX/lib/systemd/system/airlock-receive.socket"
    echo "f 0644 $WORK/airlock-receive@.service $PREFIX/lib/systemd/system/airlock-receive@.service"
    for _p in airlock-send airlock-update airlock-download; do
        echo "f 0755 $BUILD/$_p $PREFIX/bin/$_p"
    done
    echo "f 0755 $WORK/airlock.Download /etc/qubes-rpc/airlock.Download"
    echo "d 0755 - /etc/airlock"
    echo "d 0755 - /etc/airlock/keys"
    echo "c 0644 src/receive/airlock.conf /etc/airlock/airlock.conf"
    echo "c 0644 src/update/update.conf /etc/airlock/update.conf"
    echo "c 0644 src/receive/30-airlock.policy /etc/qubes/policy.d/30-airlock.policy"
    echo "c 0644 src/receive/airlock.repo /etc/yum.real.repos.d/airlock.repo"
    echo "f 0644 src/receive/airlock.sysusers $PREFIX/lib/sysusers.d/airlock.conf"
    echo "f 0644 src/receive/airlock.tmpfiles $PREFIX/lib/tmpfiles.d/airlock.conf"
    for _m in man/*.[1-8]; do
        echo "f 0644 $_m $PREFIX/share/man/man${_m##*.}/${_m##*/}"
    done
    echo "f 0644 README.md $PREFIX/share/doc/airlock/README.md"
    echo "f 0644 LICENSE $PREFIX/share/licenses/airlock/LICENSE"
    echo "k 0755 - /var/lib/airlock"
}

# ------------------------------------------------------------ path checks

# no_link PATH: fail unless no component of DESTDIR/PATH below DESTDIR is
# a symbolic link (DESTDIR itself is the caller's choice).
no_link() {
    _nl=$DESTDIR
    _rest=${1#/}
    while [ -n "$_rest" ]; do
        _nl=$_nl/${_rest%%/*}
        case $_rest in */*) _rest=${_rest#*/} ;; *) _rest="" ;; esac
        [ ! -L "$_nl" ] || die "refusing: $_nl is a symbolic link (nothing changed)"
    done
}

# check_dest KIND PATH: the destination may be used (see the header).
check_dest() {
    no_link "$2"
    _t=$DESTDIR$2
    case $1 in
        d | k) [ ! -e "$_t" ] || [ -d "$_t" ] ||
            die "refusing: $_t exists and is not a directory (nothing changed)" ;;
        *) [ ! -e "$_t" ] || [ -f "$_t" ] ||
            die "refusing: $_t exists and is not a regular file (nothing changed)" ;;
    esac
}

# preflight: every destination, its .new for configuration, and the
# manifest, checked before anything is written.
preflight() {
    while read -r _k _m _s _p; do
        [ "$_k" = d ] || [ "$_k" = k ] || [ -f "$_s" ] || die "missing $_s (run make first)"
        check_dest "$_k" "$_p"
        [ "$_k" != c ] || check_dest f "$_p.new"
    done <"$WORK/layout"
    check_dest f "$PREFIX/$MANIFEST_REL"
}

# ------------------------------------------------------------ writing

sum_of() { sha256sum <"$1" | cut -d' ' -f1; }

# old KIND PATH: the checksum the previous manifest recorded for PATH as
# KIND, or nothing.
old() {
    [ -f "$WORK/old" ] || return 0
    awk -v k="$1" -v p="$2" '$1 == k && substr($0, index($0, $3)) == p { print $2; exit }' "$WORK/old"
}

record() { printf '%s %s %s\n' "$1" "$2" "$3" >>"$WORK/manifest"; }

# mkdirs PATH: make DESTDIR/PATH and its missing parents, 0755; each one
# made here (or by an earlier install, per its manifest) is recorded.
mkdirs() {
    _md=""
    _rest=${1#/}
    while [ -n "$_rest" ]; do
        _md=$_md/${_rest%%/*}
        case $_rest in */*) _rest=${_rest#*/} ;; *) _rest="" ;; esac
        if [ ! -d "$DESTDIR$_md" ]; then
            mkdir -m 0755 "$DESTDIR$_md" || die "cannot create $DESTDIR$_md"
            record d - "$_md"
        elif [ -n "$(old d "$_md")" ] && ! grep -q -x -F "d - $_md" "$WORK/manifest"; then
            record d - "$_md"
        fi
    done
}

# put SOURCE MODE PATH: SOURCE's bytes as DESTDIR/PATH, mode MODE, by a
# temporary file in the same directory renamed over the name.
put() {
    _dir=$(dirname "$DESTDIR$3")
    mkdirs "$(dirname "$3")"
    _tmp=$(mktemp "$_dir/.airlock-install.XXXXXX") || die "cannot write in $_dir"
    if ! cat "$1" >"$_tmp" || ! chmod "$2" "$_tmp" || ! mv -f -T -- "$_tmp" "$DESTDIR$3"; then
        rm -f "$_tmp"
        die "cannot install $DESTDIR$3"
    fi
}

# put_config SOURCE MODE PATH: install it unless a file is there that
# this script did not install as it is now; then keep that file (and its
# record, if it was ours) and put the default beside it as PATH.new.
put_config() {
    _was=$(old c "$3")
    if [ -f "$DESTDIR$3" ] && [ "$(sum_of "$DESTDIR$3")" != "$_was" ]; then
        [ -z "$_was" ] || record c "$_was" "$3"
        if cmp -s "$1" "$DESTDIR$3"; then return 0; fi
        put "$1" "$2" "$3.new"
        record f "$(sum_of "$1")" "$3.new"
        echo "$PROG: kept $DESTDIR$3 (changed or not ours); the new default is $3.new" >&2
        return 0
    fi
    put "$1" "$2" "$3"
    record c "$(sum_of "$1")" "$3"
}

# commit_manifest: the manifest of this install, by rename (also after a
# failure half-way, so that uninstall finds what was written).
commit_manifest() {
    mkdirs "$PREFIX/${MANIFEST_REL%/*}"
    put "$WORK/manifest" 0644 "$PREFIX/$MANIFEST_REL"
}

# drop_stale: files the previous install owned that this one did not
# install again (a page renamed, a .new no longer needed) are removed as
# uninstall would remove them.
drop_stale() {
    [ -f "$WORK/old" ] || return 0
    while read -r _k _s _p; do
        case $_k in f | c) ;; *) continue ;; esac
        awk -v p="$_p" 'substr($0, index($0, $3)) == p { f = 1 } END { exit !f }' "$WORK/manifest" ||
            remove_file "$_p" "$_s"
    done <"$WORK/old"
}

# on_exit: a failed install still records what it wrote; the scratch
# directory goes in any case.
on_exit() {
    if [ -n "$INSTALLING" ]; then
        INSTALLING=""
        (commit_manifest) || :
    fi
    rm -rf "$WORK"
}

do_install() {
    sed "s|@BINDIR@|$PREFIX/libexec/airlock|g" src/receive/qubes.ReceiveUpdates >"$WORK/qubes.ReceiveUpdates"
    sed "s|@BINDIR@|$PREFIX/bin|g" src/update/airlock.Download >"$WORK/airlock.Download"
    sed "s|@BINDIR@|$PREFIX/libexec/airlock|g" packaging/systemd/airlock-receive@.service \
        >"$WORK/airlock-receive@.service"
    layout >"$WORK/layout"
    preflight
    # DESTDIR itself is the caller's: made if missing, never recorded.
    [ -z "$DESTDIR" ] || mkdir -p -- "$DESTDIR"
    _mf=$DESTDIR$PREFIX/$MANIFEST_REL
    [ ! -f "$_mf" ] || cp "$_mf" "$WORK/old"
    : >"$WORK/manifest"
    INSTALLING=1
    while read -r _k _m _s _p; do
        case $_k in
            d) mkdirs "$_p" ;;
            k) [ -d "$DESTDIR$_p" ] || { mkdirs "$(dirname "$_p")"; mkdir -m "$_m" "$DESTDIR$_p"; } ;;
            f) put "$_s" "$_m" "$_p"; record f "$(sum_of "$_s")" "$_p" ;;
            c) put_config "$_s" "$_m" "$_p" ;;
        esac
    done <"$WORK/layout"
    drop_stale
    INSTALLING=""
    commit_manifest
    echo "installed into ${DESTDIR:-/} (manifest $_mf)"
    [ -n "$DESTDIR" ] || next_steps
}

next_steps() {
    echo "next, as root: systemd-sysusers $PREFIX/lib/sysusers.d/airlock.conf"
    echo "               systemd-tmpfiles --create $PREFIX/lib/tmpfiles.d/airlock.conf"
    echo "then the trusted keys into /etc/airlock/keys and UPDATEVM= in /etc/airlock/airlock.conf"
    echo "and, to have qrexec call airlock: systemctl daemon-reload; systemctl enable --now airlock-receive.socket"
}

# ------------------------------------------------------------ uninstall

# remove_file PATH SHA256: remove DESTDIR/PATH if it is still the regular
# file installed (no link on the way); otherwise keep it and say so.
remove_file() {
    _t=$DESTDIR$1
    if ! (no_link "$(dirname "$1")") 2>/dev/null || [ -L "$_t" ]; then
        echo "$PROG: kept $_t (a symbolic link on the way)" >&2
    elif [ ! -e "$_t" ]; then
        :
    elif [ -f "$_t" ] && [ "$(sum_of "$_t")" = "$2" ]; then
        rm -f -- "$_t"
    else
        echo "$PROG: kept $_t (changed since it was installed)" >&2
    fi
}

do_uninstall() {
    _mf=$DESTDIR$PREFIX/$MANIFEST_REL
    no_link "$PREFIX/$MANIFEST_REL"
    [ -f "$_mf" ] || die "nothing to uninstall: no manifest $_mf (same DESTDIR and PREFIX as the install?)"
    cp "$_mf" "$WORK/old"
    while read -r _k _s _p; do
        case $_k in f | c) remove_file "$_p" "$_s" ;; esac
    done <"$WORK/old"
    rm -f -- "$_mf"
    # Deepest first: a directory is listed after its parents.
    awk '$1 == "d" { print substr($0, index($0, $3)) }' "$WORK/old" | sort -r | while read -r _p; do
        if (no_link "$_p") 2>/dev/null; then rmdir -- "$DESTDIR$_p" 2>/dev/null || :; fi
    done
    echo "uninstalled from ${DESTDIR:-/}; kept /var/lib/airlock and changed configuration"
}

# ------------------------------------------------------------ main

[ $# -ge 3 ] || usage
MODE=$1 DESTDIR=$2 PREFIX=$3
check_args "$DESTDIR" "$PREFIX"
DESTDIR=${DESTDIR%/}
PREFIX=${PREFIX%/}
cd "$(dirname "$0")/.."
INSTALLING=""
WORK=$(mktemp -d)
trap on_exit EXIT
umask 022
case $MODE in
    install) [ $# -eq 4 ] || usage; BUILD=$4; do_install ;;
    uninstall) [ $# -eq 3 ] || usage; do_uninstall ;;
    *) usage ;;
esac
