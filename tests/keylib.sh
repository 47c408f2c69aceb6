# shellcheck shell=sh
# Helpers that make OpenPGP key fixtures offline, for the signature tests
# (sourced, not run, after tests/rpmlib.sh). POSIX sh. As in rpmlib.sh,
# every key lives in its own GNUPGHOME DIR/NAME.gnupg (mode 0700) with
# DIR/NAME.asc (armored certificate) and DIR/NAME.fpr (fingerprint), so
# that sign_rpm from rpmlib.sh works with them; nothing touches the
# caller's ~/.gnupg. Checked with gpg 2.2.40 and rpm 4.18.
#
#   mk_key_ex DIR NAME ALGO USAGE EXPIRE [EPOCH]
#       Like mk_key, with gpg --quick-gen-key's USAGE (sign, cert, ...)
#       and EXPIRE (never, 1d, ...); with EPOCH the key is made at that
#       time (gpg --faked-system-time EPOCH!).
#   mk_expired_key DIR NAME ALGO DAYS
#       A signing key made DAYS days ago that expired one day later.
#       Writes DIR/NAME.epoch: a time at which it was valid (for
#       sign_rpm_ex time=).
#   mk_revoked_copy DIR NAME
#       DIR/NAME-revoked.asc: the certificate of key NAME with the
#       revocation certificate gpg made for it (GNUPGHOME/openpgp-revocs.d/
#       FPR.rev, its ':' guard removed) imported, in a copy of the
#       GNUPGHOME (DIR/NAME-rev.gnupg); DIR/NAME.asc stays unrevoked.
#   add_sign_subkey DIR NAME ALGO
#       Add a signing subkey (gpg --quick-add-key FPR ALGO sign) to key
#       NAME, export DIR/NAME.asc again, print the subkey's fingerprint.
#   revoke_subkey DIR NAME SUBFPR
#       DIR/NAME-subrevoked.asc: NAME's certificate with subkey SUBFPR
#       revoked (gpg --edit-key, "key SUBFPR", "revkey", reason 0), made
#       in a copy of the GNUPGHOME (DIR/NAME-subrev.gnupg).
#   sign_rpm_ex DIR NAME FILE [name=ID] [digest=ALGO] [time=EPOCH]
#       sign_rpm with options: sign as ID (e.g. "SUBKEYFPR!", macro
#       _gpg_name), with digest ALGO (macro _gpg_digest_algo: sha1, md5,
#       ...), at time EPOCH (macro _gpg_sign_cmd_extra_args
#       --faked-system-time=EPOCH!).
#   sign_header DIR NAME FILE [TAG]
#       Sign FILE's main header with gpg directly (rpmsign refuses a
#       package it finds inconsistent) and add the detached signature as
#       signature tag TAG (268, the RSA tag, by default). gpg signs the
#       bytes from the main header's magic to the payload as they stand
#       (forge.py extract), however malformed the header is.
#   sig_field FILE FIELD
#       Print FIELD (version, pubkey, hash, created, keyid) of FILE's
#       header signature packet (tests/forge.py sig-info).
#   mk_v6_key FILE
#       FILE: an armored public key block holding one OpenPGP version-6
#       Ed25519 public-key packet (tests/forge.py mkv6key).
#   kg_key DIR NAME EPOCH [OPTION...]
#       DIR/NAME.asc: an Ed25519 certificate written by tests/keygen.py
#       (key #0 of seed "airlock-NAME", made at EPOCH) with keygen.py's
#       certificate options (--flags N, --direct-expiry SECONDS,
#       --bogus-cert FLAGS, --self-subkey), for shapes gpg will not make;
#       DIR/NAME.fpr its fingerprint, DIR/NAME.kg the seed and time that
#       kg_sign_header signs with. No GNUPGHOME.
#   kg_sign_header DIR NAME FILE [OPTION...]
#       Like sign_header with tag 267 (EdDSA), but the signature is made
#       by keygen.py --sign with key NAME (kg_key) and keygen.py's
#       signing options (--sig-time EPOCH, --sig-expires SECONDS,
#       --critical TYPE, --no-keyid), for signatures gpg will not make.
#
# Each function returns non-zero (and says why on stderr) on failure.
# Variables set here start with _kl_. FORGE may name tests/forge.py,
# KEYGEN tests/keygen.py.

_kl_forge() { /usr/bin/python3 "${FORGE:-tests/forge.py}" "$@"; }

_kl_keygen() { /usr/bin/python3 "${KEYGEN:-tests/keygen.py}" "$@"; }

_kl_gpg() {
    _kl_h=$1
    shift
    GNUPGHOME=$_kl_h gpg --batch --quiet --pinentry-mode loopback \
        --passphrase '' "$@"
}

_kl_export() {
    GNUPGHOME=$1 gpg --batch --armor --export >"$2" 2>/dev/null && [ -s "$2" ]
}

mk_key_ex() {
    _kl_d=$1 _kl_n=$2 _kl_g="$1/$2.gnupg"
    set -- "$3" "$4" "$5" "${6:-}"
    mkdir -p "$_kl_g" && chmod 700 "$_kl_g" || return 1
    _kl_t=""
    [ -n "$4" ] && _kl_t="--faked-system-time=$4!"
    # shellcheck disable=SC2086
    if ! _kl_gpg "$_kl_g" $_kl_t --quick-gen-key \
            "airlock test $_kl_n <$_kl_n@test.invalid>" "$1" "$2" "$3" >/dev/null 2>&1; then
        echo "mk_key_ex: gpg could not make a $1 $2 key expiring $3 ($_kl_n)" >&2
        return 1
    fi
    GNUPGHOME=$_kl_g gpg --batch --with-colons --list-keys 2>/dev/null |
        awk -F: '$1 == "fpr" { print $10; exit }' >"$_kl_d/$_kl_n.fpr"
    _kl_export "$_kl_g" "$_kl_d/$_kl_n.asc" && [ -s "$_kl_d/$_kl_n.fpr" ]
}

mk_expired_key() {
    _kl_e=$(($(date +%s) - $4 * 86400))
    mk_key_ex "$1" "$2" "$3" sign 1d "$_kl_e" || return 1
    echo $((_kl_e + 3600)) >"$1/$2.epoch"
    if GNUPGHOME="$1/$2.gnupg" gpg --batch --with-colons --list-keys 2>/dev/null |
            grep -q '^pub:e:'; then
        return 0
    fi
    echo "mk_expired_key: gpg does not list $2 as expired" >&2
    return 1
}

mk_revoked_copy() {
    _kl_r="$1/$2-rev.gnupg"
    rm -rf "$_kl_r" && cp -a "$1/$2.gnupg" "$_kl_r" || return 1
    _kl_c="$_kl_r/openpgp-revocs.d/$(cat "$1/$2.fpr").rev"
    [ -s "$_kl_c" ] || { echo "mk_revoked_copy: no $_kl_c" >&2; return 1; }
    sed 's/^:-----BEGIN PGP PUBLIC KEY BLOCK-----/-----BEGIN PGP PUBLIC KEY BLOCK-----/' \
        "$_kl_c" >"$_kl_r/rev.asc"
    _kl_gpg "$_kl_r" --import "$_kl_r/rev.asc" >/dev/null 2>&1 || return 1
    if ! GNUPGHOME=$_kl_r gpg --batch --with-colons --list-keys 2>/dev/null |
            grep -q '^pub:r:'; then
        echo "mk_revoked_copy: $2 not revoked after the import" >&2
        return 1
    fi
    _kl_export "$_kl_r" "$1/$2-revoked.asc"
}

add_sign_subkey() {
    _kl_g="$1/$2.gnupg"
    if ! _kl_gpg "$_kl_g" --quick-add-key "$(cat "$1/$2.fpr")" "$3" sign never \
            >/dev/null 2>&1; then
        echo "add_sign_subkey: gpg could not add a $3 subkey to $2" >&2
        return 1
    fi
    _kl_export "$_kl_g" "$1/$2.asc" || return 1
    GNUPGHOME=$_kl_g gpg --batch --with-colons --list-keys 2>/dev/null |
        awk -F: '$1 == "fpr" { f = $10 } END { print f }'
}

revoke_subkey() {
    _kl_r="$1/$2-subrev.gnupg"
    rm -rf "$_kl_r" && cp -a "$1/$2.gnupg" "$_kl_r" || return 1
    # key SUBFPR, revkey, "really?" y, reason 0, empty description,
    # "okay?" y, save.
    printf 'key %s\nrevkey\ny\n0\n\ny\nsave\n' "$3" |
        _kl_gpg "$_kl_r" --command-fd 0 --status-fd 2 \
            --edit-key "$(cat "$1/$2.fpr")" >/dev/null 2>&1
    if ! GNUPGHOME=$_kl_r gpg --batch --with-colons --list-keys 2>/dev/null |
            grep -A1 '^sub:r:' | grep -q ":$3:"; then
        echo "revoke_subkey: subkey $3 of $2 not revoked" >&2
        return 1
    fi
    _kl_export "$_kl_r" "$1/$2-subrevoked.asc"
}

sign_rpm_ex() {
    _kl_d=$1 _kl_n=$2 _kl_f=$3
    shift 3
    _kl_id=$(cat "$_kl_d/$_kl_n.fpr") _kl_dg="" _kl_tm=""
    for _kl_o in "$@"; do
        case $_kl_o in
            name=*) _kl_id=${_kl_o#name=} ;;
            digest=*) _kl_dg=${_kl_o#digest=} ;;
            time=*) _kl_tm="--faked-system-time=${_kl_o#time=}!" ;;
            *) echo "sign_rpm_ex: unknown option $_kl_o" >&2; return 1 ;;
        esac
    done
    set -- --define "_gpg_name $_kl_id" --define "__gpg /usr/bin/gpg"
    [ -n "$_kl_dg" ] && set -- "$@" --define "_gpg_digest_algo $_kl_dg"
    [ -n "$_kl_tm" ] && set -- "$@" --define "_gpg_sign_cmd_extra_args $_kl_tm"
    if ! HOME=$_kl_d GNUPGHOME="$_kl_d/$_kl_n.gnupg" rpmsign --addsign "$@" \
            "$_kl_f" >/dev/null 2>&1; then
        echo "sign_rpm_ex: rpmsign failed for $_kl_f ($*)" >&2
        return 1
    fi
}

sign_header() {
    _kl_x="$3.forge"
    _kl_forge extract "$3" "$_kl_x.hdr" || return 1
    if ! _kl_gpg "$1/$2.gnupg" -u "$(cat "$1/$2.fpr")" --detach-sign \
            -o "$_kl_x.sig" "$_kl_x.hdr" >/dev/null 2>&1; then
        echo "sign_header: gpg could not sign the header of $3" >&2
        rm -f "$_kl_x".*
        return 1
    fi
    _kl_s=$(od -An -v -tx1 "$_kl_x.sig" | tr -d ' \n')
    rm -f "$_kl_x".*
    _kl_forge add-tag "$3" "$3" "${4:-268}" BIN $((${#_kl_s} / 2)) "$_kl_s"
}

sig_field() {
    _kl_forge sig-info "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

mk_v6_key() {
    _kl_forge mkv6key "$1"
}

kg_key() {
    _kl_d=$1 _kl_n=$2 _kl_e=$3
    shift 3
    rm -rf "$_kl_d/$_kl_n.kgout" || return 1
    if ! _kl_keygen --out "$_kl_d/$_kl_n.kgout" --seed "airlock-$_kl_n" --time "$_kl_e" \
            --print-fpr "$@" >"$_kl_d/$_kl_n.fpr"; then
        echo "kg_key: keygen.py could not make $_kl_n ($*)" >&2
        return 1
    fi
    mv "$_kl_d/$_kl_n.kgout/key00000.asc" "$_kl_d/$_kl_n.asc" &&
        rm -rf "$_kl_d/$_kl_n.kgout" &&
        echo "airlock-$_kl_n $_kl_e" >"$_kl_d/$_kl_n.kg"
}

kg_sign_header() {
    _kl_d=$1 _kl_n=$2 _kl_f=$3 _kl_x="$3.forge"
    shift 3
    read -r _kl_seed _kl_e <"$_kl_d/$_kl_n.kg" || return 1
    _kl_forge extract "$_kl_f" "$_kl_x.hdr" || return 1
    if ! _kl_keygen --seed "$_kl_seed" --time "$_kl_e" \
            --sign "$_kl_x.hdr" "$_kl_x.sig" "$@"; then
        echo "kg_sign_header: keygen.py could not sign the header of $_kl_f ($*)" >&2
        rm -f "$_kl_x".*
        return 1
    fi
    _kl_s=$(od -An -v -tx1 "$_kl_x.sig" | tr -d ' \n')
    rm -f "$_kl_x".*
    _kl_forge add-tag "$_kl_f" "$_kl_f" 267 BIN $((${#_kl_s} / 2)) "$_kl_s"
}
