# Helpers that make OpenPGP keys and RPM packages offline, for tests and
# benchmarks (sourced, not run). POSIX sh. Nothing here touches the
# caller's ~/.gnupg, ~/.rpmmacros or the system rpmdb: every key lives in
# its own GNUPGHOME, every build in its own rpmbuild _topdir, and HOME is
# pointed at a scratch directory for each rpm tool so that no user macro
# file is read.
#
#   mk_key DIR NAME ALGO
#       Make a throwaway signing key. ALGO is rsa3072 or ed25519 (anything
#       gpg --quick-gen-key accepts). Creates:
#         DIR/NAME.gnupg/   its private GNUPGHOME (mode 0700)
#         DIR/NAME.asc      the armored public key
#         DIR/NAME.fpr      the fingerprint, one line
#   mk_rpm DIR NAME KIB [RELEASE [VERSION]]
#       Build an unsigned noarch package NAME-VERSION-RELEASE (VERSION 1
#       unless given) carrying one file of KIB KiB of random (incompressible) bytes, stored uncompressed
#       (w0.ufdio payload). Writes DIR/NAME.rpm and prints its path.
#       The build tree is DIR/NAME.build (removed afterwards).
#   mk_rpm_evr DIR FILE NAME [EPOCH:]VERSION-RELEASE ARCH
#       The same package shape with any name, epoch (none when absent),
#       version, release and arch (noarch, x86_64, i686, ...; one 1 KiB
#       file), written to DIR/FILE.rpm, path printed. For the rollback
#       tests, which need one name at several versions.
#   sign_rpm DIR NAME FILE [v3]
#       Sign FILE in place with key NAME made by mk_key in DIR (rpmsign
#       --addsign, which replaces any existing signature). With "v3" it
#       also adds a v3 header+payload signature (rpmsign --rpmv3).
#   unsign_rpm FILE
#       Delete every signature from FILE in place (rpmsign --delsign).
#   rpm_sig_offset FILE / rpm_hdr_offset FILE / rpm_payload_offset FILE
#       Print the byte offset of the signature header, the main header
#       and the payload in FILE (for corrupting a chosen region).
#   rpm_sigtag_data FILE TAG
#       Print "OFFSET COUNT" of the data of tag TAG (e.g. 268, the RSA
#       header signature; 267 DSA/EdDSA) in FILE's signature header.
#   patch_byte FILE OFFSET
#       Invert every bit of the byte at OFFSET in FILE, in place.
#   rk_verdict DB FILE
#       Print ok or fail: whether `rpmkeys -K` at _pkgverify_level all
#       (flags 0x0), with the keys imported into the rpmdb DB, says
#       "FILE: digests signatures OK" (the independent comparison every
#       signature test makes).
#   rl_scratch
#       (scripts) Set T to a fresh temporary directory, removed when the
#       shell exits or is interrupted, and export LC_ALL=C.
#
# Each function returns non-zero (and says why on stderr) on failure.
# POSIX sh has no local variables: these functions only set variables
# whose names start with _rl_ (and rl_scratch sets T, which it is for).

_rl_quiet() { "$@" >/dev/null 2>&1; }

rl_scratch() {
    T=$(mktemp -d) || return 1
    # shellcheck disable=SC2064 # T is expanded now, on purpose
    trap "rm -rf '$T'" EXIT INT TERM
    export LC_ALL=C
}

mk_key() {
    _rl_d=$1 _rl_n=$2 _rl_a=$3
    _rl_g="$_rl_d/$_rl_n.gnupg"
    mkdir -p "$_rl_g" && chmod 700 "$_rl_g" || return 1
    if ! GNUPGHOME=$_rl_g gpg --batch --quiet --pinentry-mode loopback \
            --passphrase '' --quick-gen-key "airlock test $_rl_n <$_rl_n@test.invalid>" \
            "$_rl_a" sign never >/dev/null 2>&1; then
        echo "mk_key: gpg could not make a $_rl_a key" >&2
        return 1
    fi
    GNUPGHOME=$_rl_g gpg --batch --with-colons --list-keys 2>/dev/null |
        awk -F: '$1 == "fpr" { print $10; exit }' >"$_rl_d/$_rl_n.fpr"
    GNUPGHOME=$_rl_g gpg --batch --armor --export >"$_rl_d/$_rl_n.asc" 2>/dev/null
    [ -s "$_rl_d/$_rl_n.fpr" ] && [ -s "$_rl_d/$_rl_n.asc" ]
}

mk_rpm() {
    _rl_build "$1" "$2" "$2" "$3" "" "${5:-1}" "${4:-1}" noarch
}

mk_rpm_evr() {
    _rl_v=${4#*:} _rl_e=""
    [ "$_rl_v" = "$4" ] || _rl_e=${4%%:*}
    _rl_build "$1" "$2" "$3" 1 "$_rl_e" "${_rl_v%-*}" "${_rl_v##*-}" "$5"
}

# _rl_build DIR FILE NAME KIB EPOCH VERSION RELEASE ARCH: DIR/FILE.rpm.
_rl_build() {
    _rl_d=$1 _rl_f=$2 _rl_n=$3 _rl_k=$4 _rl_r=$7 _rl_a=$8
    _rl_t="$_rl_d/$_rl_f.build"
    mkdir -p "$_rl_t/SPECS" "$_rl_t/SOURCES" || return 1
    head -c "$((_rl_k * 1024))" /dev/urandom >"$_rl_t/SOURCES/data.bin" || return 1
    _rl_ep="" _rl_ba="BuildArch: noarch"
    [ -z "$5" ] || _rl_ep="Epoch: $5"
    # rpmbuild takes only noarch as BuildArch here; another arch is a target.
    [ "$_rl_a" = noarch ] || _rl_ba=""
    cat >"$_rl_t/SPECS/p.spec" <<SPEC
%define _binary_payload w0.ufdio
%define _build_id_links none
%define debug_package %{nil}
%define __os_install_post %{nil}
Name: $_rl_n
$_rl_ep
Version: $6
Release: $_rl_r
Summary: airlock test package
License: MIT
$_rl_ba
Source0: data.bin
%description
airlock test package.
%install
mkdir -p %{buildroot}/opt/airlock-test
cp %{SOURCE0} %{buildroot}/opt/airlock-test/$_rl_n.bin
%files
/opt/airlock-test/$_rl_n.bin
SPEC
    if ! HOME=$_rl_t rpmbuild --quiet --define "_topdir $_rl_t" --target "$_rl_a" \
            --define "_rpmdir $_rl_t/RPMS" -bb "$_rl_t/SPECS/p.spec" >/dev/null 2>&1; then
        echo "mk_rpm: rpmbuild failed for $_rl_n" >&2
        return 1
    fi
    mv "$_rl_t/RPMS/$_rl_a/$_rl_n-$6-$_rl_r.$_rl_a.rpm" "$_rl_d/$_rl_f.rpm" || return 1
    rm -rf "$_rl_t"
    echo "$_rl_d/$_rl_f.rpm"
}

sign_rpm() {
    _rl_d=$1 _rl_n=$2 _rl_f=$3
    set -- --addsign
    [ "${4:-}" = v3 ] && set -- --addsign --rpmv3
    if ! HOME=$_rl_d GNUPGHOME="$_rl_d/$_rl_n.gnupg" rpmsign "$@" \
            --define "_gpg_name $(cat "$_rl_d/$_rl_n.fpr")" \
            --define "__gpg /usr/bin/gpg" "$_rl_f" >/dev/null 2>&1; then
        echo "sign_rpm: rpmsign failed for $_rl_f" >&2
        return 1
    fi
}

unsign_rpm() {
    HOME=$(dirname "$1") rpmsign --delsign "$1" >/dev/null 2>&1
}

# The lead is 96 bytes; the signature header follows it. A header
# structure is: 8 bytes magic+reserved, 4 bytes index count, 4 bytes data
# length, 16 bytes per index entry, then the data. The signature header is
# padded to a multiple of 8 bytes.
_rl_u32() { od -An -tu1 -j "$2" -N 4 "$1" | awk '{ print (($1*256+$2)*256+$3)*256+$4 }'; }
_rl_hdr_len() { echo $((16 + 16 * $(_rl_u32 "$1" $(($2 + 8))) + $(_rl_u32 "$1" $(($2 + 12))))); }
rpm_sig_offset() { echo 96; }
rpm_hdr_offset() {
    _rl_l=$(_rl_hdr_len "$1" 96)
    echo $((96 + (_rl_l + 7) / 8 * 8))
}
rpm_payload_offset() {
    _rl_h=$(rpm_hdr_offset "$1")
    echo $((_rl_h + $(_rl_hdr_len "$1" "$_rl_h")))
}

rpm_sigtag_data() {
    _rl_il=$(_rl_u32 "$1" 104)
    _rl_i=0
    while [ "$_rl_i" -lt "$_rl_il" ]; do
        _rl_e=$((112 + 16 * _rl_i))
        if [ "$(_rl_u32 "$1" "$_rl_e")" = "$2" ]; then
            echo "$((112 + 16 * _rl_il + $(_rl_u32 "$1" $((_rl_e + 8))))) $(_rl_u32 "$1" $((_rl_e + 12)))"
            return 0
        fi
        _rl_i=$((_rl_i + 1))
    done
    echo "rpm_sigtag_data: no tag $2 in $1" >&2
    return 1
}

patch_byte() {
    _rl_b=$(od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' ')
    [ -n "$_rl_b" ] || { echo "patch_byte: offset $2 past end of $1" >&2; return 1; }
    printf "$(printf '\\%03o' $((255 - _rl_b)))" |
        dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# mk_signed_batch DIR N KIB: (benchmarks) a fresh DIR holding key.asc (an
# RSA-3072 key made by mk_key), kr/ (a keyring with it), db/ (an rpmdb that
# imported it) and pkgs/bench000.rpm .. bench(N-1).rpm, each of KIB KiB,
# signed, built two at a time. Writes "N KIB" to DIR/stamp when complete.
mk_signed_batch() {
    rm -rf "$1" && mkdir -p "$1/pkgs" "$1/tmp" "$1/kr" "$1/db" || return 1
    chmod 755 "$1" "$1/pkgs" "$1/kr"
    mk_key "$1" key rsa3072 || return 1
    cp "$1/key.asc" "$1/kr/" && chmod 644 "$1/kr/key.asc"
    rpmkeys --dbpath "$1/db" --import "$1/key.asc" || return 1
    echo "generating $2 signed packages of $3 KiB in $1 (once) ..." >&2
    _rl_i=0
    while [ "$_rl_i" -lt "$2" ]; do
        _rl_batch_one "$1" "$_rl_i" "$3" & _rl_batch_one "$1" $((_rl_i + 1)) "$3" & wait
        _rl_i=$((_rl_i + 2))
    done
    rm -rf "$1/tmp"
    [ "$(find "$1/pkgs" -name '*.rpm' | wc -l)" -ge "$2" ] || return 1
    echo "$2 $3" >"$1/stamp"
}
_rl_batch_one() {
    _rl_bn=$(printf "bench%03d" "$2")
    mk_rpm "$1/tmp" "$_rl_bn" "$3" 1 >/dev/null &&
        sign_rpm "$1" key "$1/tmp/$_rl_bn.rpm" &&
        mv "$1/tmp/$_rl_bn.rpm" "$1/pkgs/$_rl_bn.rpm"
}

rk_verdict() {
    if _rl_out=$(rpmkeys --dbpath "$1" -K --define '_pkgverify_level all' \
            --define '_pkgverify_flags 0x0' "$2" 2>/dev/null) &&
        [ "$_rl_out" = "$2: digests signatures OK" ]; then
        echo ok
    else
        echo fail
    fi
}
