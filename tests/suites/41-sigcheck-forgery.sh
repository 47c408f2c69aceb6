#!/bin/sh
# airlock-sigcheck against forged signature headers and key fixtures.
# Keys (tests/keylib.sh) and packages (tests/rpmlib.sh) are made here,
# offline, in a temporary directory; forgeries are made byte-exactly by
# tests/forge.py, which rebuilds the signature header (il, dl, offsets,
# alignment, region trailer, padding) so that only the intended defect is
# present (test forge-rebuild-identical: rebuilding changes no byte).
# Every package case checks
#   1. the JSON "code" of airlock-sigcheck (exact) and that its "detail"
#      matches an extended regular expression (case-insensitive);
#   2. rpmkeys -K --define '_pkgverify_level all' --define
#      '_pkgverify_flags 0x0' with the keys imported into a private
#      rpmdb: "fail" cases must fail there too; "differ" cases are
#      deliberate differences and rpmkeys must accept them (rpm 4.18
#      ignores revocation, expiry, weak hashes and keys, unknown,
#      duplicate or dribbled tags, wrong-typed tags beside a good
#      signature, the SIZE tag and the file-signature tags, a signature's
#      expiry and creation time, an RSA s above n and a missing SHA-256
#      header digest beside a SHA-1 one, and it accepts a main header
#      without region); "ok" cases must pass both;
#   3. whenever airlock-sigcheck says ok (whatever was expected): Sequoia's
#      sqv, given the signed main header bytes and the header signature
#      (forge.py extract) and the certificates of the same keyring, must
#      verify it too.
#
# case (package, keyring)                          code           detail  rpmkeys
# rsa, ed, sub-ed, sub-rsa (signing subkeys)       ok                     ok
# sub-rsa-sibling-revoked (other subkey revoked)   ok                     ok
# unsigned + 268/267 as INT16/INT32/INT64          bad-tag        tag     fail
# the same outside the region (dribble)            malformed      region  fail
# good 267 + wrong-typed 268, good 268 + 267       bad-tag        tag     differ
# retype 268 INT32/STRING, 267 INT16               bad-tag        tag     fail
# dribble beside a good signature, genuine 268
#   moved outside the region, 9999 outside         malformed      region  differ
# forged copy of 268/267/1004 before the genuine   bad-tag        dup..   fail
# genuine 268 twice                                bad-tag        dup..   differ
# bogus v3/v4 packets, hash 0-7, 100, 110          bad-algorithm  hash N  fail
# bogus v3/v4 packets, SHA-256/384/512, RSA/EdDSA  bad-signature  tag     fail
# bogus DSA packets; RSA packet in tag 267         bad-algorithm  algo    fail
# genuine SHA-1 / MD5 signature                    bad-algorithm  hash N  differ
# RSA-1024 key, DSA key                            bad-algorithm  size    differ
# signed SHA-512 / SHA-384 payload digest          bad-algorithm  payload fail
# main header rebuilt unchanged, signed (control)  ok                     ok
# main header region tag 62 / 61, an entry after
#   its region (dribble)                           malformed      region  fail
# main header magic bytes 4..7 not zero            malformed      magic   fail
# main header without region                       malformed      region  differ
# tags 274, 275, 276, 277 added                    unsigned-item  tag     differ
# tags 9999, 1003 added                            bad-tag        tag     differ
# SIZE (1000) lying                                size-mismatch  1000    differ
# legacy MD5 (1004) corrupted                      legacy-digest  1004    fail
# trailing bytes, two packets, truncated packet    bad-packet     packet  fail
# v3 header+payload signature 1002 / 1005 (gpg)   ok                     ok
#   over the wrong bytes                           bad-signature  1002    fail
#   over SHA-1                                     bad-algorithm  1002    differ
# revoked key, revoked subkey, expired key,
#   revoked + unrevoked copy in either order       key-revoked/-expired   differ
# lead major 5 / signature type 1, signature
#   header reserved byte, data offset shifted      malformed      section fail
# (every structural rejection must name its spec/RPM.md section; the
#   cases above match the section number too)
# keyring: good key + v6 key or garbage files      ok + a warning naming each
# keyring: only the v6 key                         exit 2, nothing on stdout
# From an adversarial review (before the fix, 14fdf77, all but the
# controls were ok):
# genuine 268, its unhashed issuer key ID (16) set
#   to another trusted key's, zeroed or removed;
#   a keygen.py signature with only the issuer
#   fingerprint (33)                               not-trusted    key ID  fail
# 269, 273 and 1004 deleted                        header-digest  SHA-256 fail
# only 273 deleted (SHA-1 269 left)                header-digest  SHA-256 differ
# key revocation after the user ID certification,
#   a revoked key's revocation after its last
#   subkey binding (subkey package), a subkey
#   revocation before any subkey (binary files)    key-revoked    revoked differ
# direct-key expiry 1 day, newer certification
#   without expiry (keygen.py)                     key-expired    expired differ
# keyring: only a certify-only key bound as its
#   own signing subkey, with an unverifiable newer
#   certification claiming sign (its package)      exit 2, nothing on stdout
# keygen.py signature: plain, critical 2, 16, 27,
#   expiry not reached (controls)                  ok                     ok
#   critical 3, 4, 7, 9, 25 or 30                  bad-packet     critical fail
#   expired (3), created a year ahead              not-trusted    exp|fut differ
# RSA s replaced by s + n (sqv refuses it too)     bad-signature  268     differ
# The keyrings for one key state also hold the trusted key, so that a
# key refused at load time cannot leave an empty keyring (exit 2): the
# verdict on the package must name the key's state.
# Not tested: a file that grows while it is read (needs a racing writer).
# rpm 4.18 cannot build a package with a payload digest other than
# SHA-256 (build/pack.c fixes it) and rpmsign refuses to sign one, so
# forge.py payload-digest rewrites the main header and gpg signs it.
# The main-header structure cases (forge.py hdr-*) are made the same way:
# each rewritten main header is signed by the trusted key (sign_header),
# as the attack needs (a trusted signer signing odd bytes), so that its
# one structural defect is all that stands between it and a good
# signature; airlock-sigcheck before the main-header region and magic
# checks accepted them all. The control (hdr-rebuild) takes the same
# path with no defect: its main header must come out byte-identical and
# pass airlock-sigcheck, rpmkeys and sqv, or the path itself is broken.
# The keygen.py cases (kg_key, kg_sign_header in tests/keylib.sh) carry
# certificates and signatures gpg will not make (critical subpackets,
# signature expiry or creation time at will, no issuer key ID, a direct-
# key expiry under a newer certification, a key as its own subkey), made
# with python3-cryptography and an Ed25519 key of their own; the
# revocation fixtures are gpg's certificates with one signature packet
# moved (forge.py key-move-sig), the key-ID cases gpg's signatures with
# their unhashed area edited (forge.py sig-unhashed), the malleability
# case a gpg RSA signature with s + n (forge.py sig-rsa-add-n).
# Run from the repository root after `make all` (SIGCHECK=PATH tests
# another binary).
set -u
# shellcheck source=tests/lib.sh
. tests/lib.sh
# shellcheck source=tests/rpmlib.sh
. tests/rpmlib.sh
# shellcheck source=tests/keylib.sh
. tests/keylib.sh

SC=${SIGCHECK:-$PWD/build/airlock-sigcheck}
FORGE=$PWD/tests/forge.py
KEYGEN=$PWD/tests/keygen.py
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
chmod 755 "$T"
umask 022
export LC_ALL=C FORGE KEYGEN
P=$T/p
NOW=$(date +%s)
KT0=$((NOW - 30 * 86400))   # creation time of the keygen.py keys

# As root, airlock-sigcheck must be given --user; nobody can read $T.
AS=""
[ "$(id -u)" -eq 0 ] && AS="--user nobody"

forge() { /usr/bin/python3 "$FORGE" "$@"; }

# keyring NAME FILE...: a keyring directory $T/NAME holding copies of the
# given files (a file "SRC=DEST" is copied under the name DEST), and
# $T/NAME.sqv, the certificates among them in one armored file, for sqv
# (binary *.gpg certificates armored first: sqv reads one format a file).
keyring() {
    _d=$T/$1 _q=$T/$1.sqv
    shift
    mkdir -p "$_d" && : >"$_q" || return 1
    for _f in "$@"; do
        _src=${_f%%=*}
        case $_f in
            *=*) cp "$T/$_src" "$_d/${_f#*=}" ;;
            *) cp "$T/$_f" "$_d/" ;;
        esac || return 1
        case $_src in
            v6.asc | garbage.asc | random.gpg) ;;
            *.gpg) forge key-armor "$T/$_src" >>"$_q" ;;
            *) cat "$T/$_src" >>"$_q" ;;
        esac
    done
}

setup_keys() {
    mk_key "$T" trusted rsa3072 && mk_key "$T" ed ed25519 &&
        mk_key "$T" rev rsa3072 && mk_revoked_copy "$T" rev &&
        mk_expired_key "$T" exp rsa3072 10 &&
        mk_key "$T" r1k rsa1024 && mk_key "$T" dsa dsa2048 &&
        mk_key_ex "$T" sub rsa3072 cert never || return 1
    SUB_ED=$(add_sign_subkey "$T" sub ed25519) &&
        SUB_RSA=$(add_sign_subkey "$T" sub rsa3072) &&
        revoke_subkey "$T" sub "$SUB_ED" || return 1
    mk_v6_key "$T/v6.asc" || return 1
    head -c 300 /dev/urandom >"$T/random.gpg"
    printf '%s\n\n%s\n%s\n%s\n' '-----BEGIN PGP PUBLIC KEY BLOCK-----' \
        'bm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0Cg==' '=AAAA' \
        '-----END PGP PUBLIC KEY BLOCK-----' >"$T/garbage.asc"
    setup_review_keys &&
        rpmkeys --dbpath "$T/db" --import "$T/trusted.asc" "$T/ed.asc" \
            "$T/sub.asc" "$T/rev.asc" "$T/exp.asc" "$T/r1k.asc" "$T/dsa.asc" \
            "$T/kg.asc" "$T/kgdirect.asc"
}

# The key fixtures of the review cases: revocations where gpg does not
# put them, in binary certificates (forge.py key-move-sig: the revocation
# of rev after its user ID certification; sub's revocation after its
# last subkey binding; the revocation of sub's Ed25519 subkey right after
# the user ID certification, before any subkey), and keygen.py Ed25519
# keys: plain (kg), with a one-day direct-key expiry and a newer
# certification without (kgdirect), certify-only but bound as its own
# signing subkey beside an unverifiable newer certification claiming
# certify + sign (kgself).
setup_review_keys() {
    mk_revoked_copy "$T" sub &&
        forge key-move-sig "$T/rev-revoked.asc" "$T/rev-revmoved.gpg" 0x20 after-uid &&
        forge key-move-sig "$T/sub-revoked.asc" "$T/sub-revlast.gpg" 0x20 end &&
        forge key-move-sig "$T/sub-subrevoked.asc" "$T/sub-subrevmoved.gpg" 0x28 after-uid &&
        kg_key "$T" kg "$KT0" && kg_key "$T" kgdirect "$KT0" --direct-expiry 86400 &&
        kg_key "$T" kgself "$KT0" --flags 1 --self-subkey --bogus-cert 3
}

setup_keyrings() {
    # The keyrings for one key state also hold the good trusted key, so
    # that refusing the key at load time cannot leave an empty keyring:
    # the package verdict must name the key's state.
    keyring kr trusted.asc ed.asc sub.asc &&
        keyring kr-rev trusted.asc rev-revoked.asc &&
        keyring kr-exp trusted.asc exp.asc &&
        keyring kr-subrev trusted.asc sub-subrevoked.asc &&
        keyring kr-dup-a rev-revoked.asc=a-rev.asc trusted.asc=m-trusted.asc rev.asc=z-rev.asc &&
        keyring kr-dup-z rev.asc=a-rev.asc trusted.asc=m-trusted.asc rev-revoked.asc=z-rev.asc &&
        keyring kr-r1k trusted.asc r1k.asc && keyring kr-dsa trusted.asc dsa.asc &&
        keyring kr-v6 trusted.asc v6.asc && keyring kr-v6only v6.asc &&
        keyring kr-junk garbage.asc trusted.asc random.gpg &&
        keyring kr-revmoved trusted.asc rev-revmoved.gpg &&
        keyring kr-revlast trusted.asc sub-revlast.gpg &&
        keyring kr-subrevmoved trusted.asc sub-subrevmoved.gpg &&
        keyring kr-kg trusted.asc kg.asc && keyring kr-kgdirect trusted.asc kgdirect.asc &&
        keyring kr-kgself kgself.asc
}

# signed NAME KEY [sign_rpm_ex options]: $P/NAME.rpm, base signed by KEY.
signed() {
    _n=$1 _k=$2
    shift 2
    cp "$P/unsigned.rpm" "$P/$_n.rpm" && sign_rpm_ex "$T" "$_k" "$P/$_n.rpm" "$@"
}

setup_packages() {
    mkdir -p "$P" && mk_rpm "$T" base 16 >/dev/null &&
        cp "$T/base.rpm" "$P/unsigned.rpm" || return 1
    signed rsa trusted && signed ed ed && signed rev rev &&
        signed exp exp "time=$(cat "$T/exp.epoch")" &&
        signed sub-ed sub "name=$SUB_ED!" && signed sub-rsa sub "name=$SUB_RSA!" &&
        signed sha1 trusted digest=sha1 && signed md5 trusted digest=md5 &&
        signed r1k r1k && signed dsa dsa || return 1
    if [ "$(sig_field "$P/sha1.rpm" hash)" != 2 ] || [ "$(sig_field "$P/md5.rpm" hash)" != 1 ]; then
        echo "gpg did not sign with SHA-1 / MD5" >&2
        return 1
    fi
    if [ "$(sig_field "$P/exp.rpm" created)" != "$(cat "$T/exp.epoch")" ]; then
        echo "the expired key's signature is not from its valid day" >&2
        return 1
    fi
    # rpm 4.18 always writes a SHA-256 payload digest (build/pack.c has no
    # macro for it) and rpmsign refuses to sign a package whose payload
    # digest it cannot check: rewrite the main header with a SHA-512 /
    # SHA-384 payload digest and sign that header with gpg directly.
    for _a in 10 9; do
        forge payload-digest "$P/unsigned.rpm" "$P/payload-$_a.rpm" "$_a" &&
            sign_header "$T" trusted "$P/payload-$_a.rpm" || return 1
    done
    SIG268=$(forge tag-hex "$P/rsa.rpm" 268) && SIG267=$(forge tag-hex "$P/ed.rpm" 267)
}

setup() {
    setup_keys && setup_keyrings && setup_packages || return 1
    TRUSTED=$(cat "$T/trusted.fpr") ED=$(cat "$T/ed.fpr")
    chmod -R a+rX "$T"
}

# json NAME KR: airlock-sigcheck's JSON line for $P/NAME.rpm with keyring
# $T/KR (stderr to $T/err).
json() {
    # shellcheck disable=SC2086
    "$SC" $AS --json --keyring "$T/$2" "$P/$1.rpm" 2>"$T/err"
}

# sqv_verdict FILE KR: ok if sqv verifies FILE's header signature with
# the certificates of keyring KR.
sqv_verdict() {
    if forge extract "$1" "$T/sqv.hdr" "$T/sqv.sig" 2>/dev/null &&
        sqv --keyring "$T/$2.sqv" "$T/sqv.sig" "$T/sqv.hdr" >/dev/null 2>&1; then
        echo ok
    else
        echo fail
    fi
}

# spec_code CODE: true for the codes of structural rules, whose detail
# must name the section of spec/RPM.md the package breaks (issue 11).
spec_code() {
    case $1 in malformed | bad-tag | unsigned-item | not-rpm) return 0 ;; esac
    return 1
}

# case_check NAME KR CODE ERE RK: check $P/NAME.rpm with keyring $T/KR
# (see the top). RK is ok, fail or differ.
case_check() {
    _line=$(json "$1" "$2")
    _got=$(printf '%s\n' "$_line" | sed -n 's/.*"code":"\([a-z-]*\)".*/\1/p')
    _det=$(printf '%s\n' "$_line" | sed -n 's/.*"detail":"\(\([^"\\]\|\\.\)*\)".*/\1/p')
    _rk=$(rk_verdict "$T/db" "$P/$1.rpm")
    _sqv=-
    [ "$_got" = ok ] && _sqv=$(sqv_verdict "$P/$1.rpm" "$2")
    if [ "$_sqv" = fail ]; then
        t_fail "$1" "airlock-sigcheck says ok, sqv rejects the signature (expected $3)"
    elif [ "$_got" != "$3" ]; then
        t_fail "$1" "expected $3, airlock-sigcheck said ${_got:-nothing} ($_det)"
    elif [ -n "$4" ] && ! printf '%s\n' "$_det" | grep -Eiq -- "$4"; then
        t_fail "$1" "detail \"$_det\" does not match /$4/"
    elif spec_code "$_got" && ! printf '%s\n' "$_det" | grep -q 'spec/RPM.md section [0-9]'; then
        t_fail "$1" "a structural rejection must name its section of spec/RPM.md: \"$_det\""
    elif [ "$5" = fail ] && [ "$_rk" = ok ]; then
        t_fail "$1" "airlock-sigcheck fails it, rpmkeys says ok (not a documented difference)"
    elif [ "$5" != fail ] && [ "$_rk" = fail ]; then
        t_fail "$1" "expected rpmkeys to accept it ($5), rpmkeys fails it"
    else
        t_ok "$1"
    fi
}

# named SRC NAME: $P/NAME.rpm, a link to $P/SRC.rpm (a case name).
named() { ln -f "$P/$1.rpm" "$P/$2.rpm"; }

# forged NAME SRC OP ARGS...: $P/NAME.rpm = forge.py OP on $P/SRC.rpm.
forged() {
    _n=$1 _s=$2
    shift 2
    _op=$1
    shift
    if forge "$_op" "$P/$_s.rpm" "$P/$_n.rpm" "$@" 2>"$T/forge.err"; then
        chmod 644 "$P/$_n.rpm"
        return 0
    fi
    t_fail "$_n" "could not build: $(cat "$T/forge.err")"
    return 1
}

# resigned NAME OP ARGS...: $P/NAME.rpm = forge.py OP (a main-header
# rewrite, hdr-*) on the unsigned package, its main header then signed by
# the trusted key with gpg (sign_header), as a trusted signer signing odd
# bytes would.
resigned() {
    _n=$1
    shift
    forged "$_n" unsigned "$@" || return 1
    if ! sign_header "$T" trusted "$P/$_n.rpm" 2>"$T/forge.err"; then
        t_fail "$_n" "could not sign: $(cat "$T/forge.err")"
        return 1
    fi
}

# elems HEX SIZE: the first whole SIZE-byte elements of HEX, as
# "COUNT HEX" (to carry signature bytes in an integer-typed tag).
elems() {
    _c=$((${#1} / 2 / $2))
    echo "$_c $(printf '%s' "$1" | cut -c1-$((_c * $2 * 2)))"
}

# packet NAME TAG ARGS...: $P/NAME.rpm = the unsigned package plus tag
# TAG (BIN) holding forge.py mkpacket ARGS.
packet() {
    _n=$1 _t=$2
    shift 2
    if ! _pk=$(forge mkpacket --left16-from "$P/unsigned.rpm" "$@" 2>"$T/forge.err"); then
        t_fail "$_n" "could not build: $(cat "$T/forge.err")"
        return 1
    fi
    forged "$_n" unsigned add-tag "$_t" BIN $((${#_pk} / 2)) "$_pk"
}

# kgsigned NAME KEY [OPTION...]: $P/NAME.rpm = the unsigned package with
# its main header signed (tag 267) by keygen.py key KEY (kg_key), an hour
# ago unless an option says otherwise; OPTIONs: keygen.py's signing
# options (--critical TYPE, --sig-expires SECONDS, --no-keyid, ...).
kgsigned() {
    _n=$1 _k=$2
    shift 2
    cp "$P/unsigned.rpm" "$P/$_n.rpm" || return 1
    if ! kg_sign_header "$T" "$_k" "$P/$_n.rpm" --sig-time $((NOW - 3600)) "$@" \
            2>"$T/forge.err"; then
        t_fail "$_n" "could not sign: $(cat "$T/forge.err")"
        return 1
    fi
}

if [ ! -x "$SC" ]; then
    t_fail "forgery-setup" "no $SC (run make all)"
    exit 0
fi
if ! setup >"$T/setup.log" 2>&1; then
    t_fail "forgery-setup" "$(tail -n 3 "$T/setup.log" | tr '\n' ' ')"
    exit 0
fi
t_ok "forgery-setup"

# --- the generator itself
ok=1
for f in "$P"/*.rpm; do forge same "$f" 2>>"$T/same.err" || ok=0; done
if [ "$ok" -eq 1 ]; then t_ok forge-rebuild-identical; else
    t_fail forge-rebuild-identical "$(tr '\n' ' ' <"$T/same.err")"; fi
pk=$(forge mkpacket --version 3 --hash 100 --created 1700000000 --fpr "$TRUSTED")
kid=$(printf '%s' "$TRUSTED" | cut -c25-40 | tr '[:upper:]' '[:lower:]')
if forged packet-fields unsigned add-tag 268 BIN $((${#pk} / 2)) "$pk"; then
    info=$(forge sig-info "$P/packet-fields.rpm")
    forge extract "$P/packet-fields.rpm" "$T/pf.hdr" "$T/pf.sig"
    if [ "$info" != "version=3 sigtype=0 pubkey=1 hash=100 created=1700000000 keyid=$kid" ]; then
        t_fail forge-packet-fields "sig-info: $info"
    elif ! mkdir -m 700 "$T/lp.gnupg" ||
        ! gpg --homedir "$T/lp.gnupg" --list-packets "$T/pf.sig" >/dev/null 2>&1; then
        t_fail forge-packet-fields "gpg cannot parse the crafted packet"
    else
        t_ok forge-packet-fields
    fi
fi

# --- good packages
named rsa good-rsa3072 && case_check good-rsa3072 kr ok "" ok
named ed good-ed25519 && case_check good-ed25519 kr ok "" ok
named sub-ed good-subkey-ed25519 && case_check good-subkey-ed25519 kr ok "" ok
named sub-rsa good-subkey-rsa3072 && case_check good-subkey-rsa3072 kr ok "" ok
# Another subkey of the same certificate is revoked: this one stays good.
named sub-rsa good-subkey-sibling-revoked &&
    case_check good-subkey-sibling-revoked kr-subrev ok "" ok

# --- header-signature tags of the wrong type (bad-tag)
for ty in INT16:2 INT32:4 INT64:8; do
    n=$(echo "${ty%:*}" | tr '[:upper:]' '[:lower:]')
    # shellcheck disable=SC2046
    set -- $(elems "$SIG268" "${ty#*:}")
    forged "unsigned-268-$n" unsigned add-tag 268 "${ty%:*}" "$1" "$2" &&
        case_check "unsigned-268-$n" kr bad-tag "section 5\.2: .*tag 268\)" fail
    forged "dribble-268-$n" unsigned add-tag-outside-region 268 "${ty%:*}" "$1" "$2" &&
        case_check "dribble-268-$n" kr malformed "section 4: region .*\(signature header, entry 0\)" fail
    forged "ed-plus-268-$n" ed add-tag 268 "${ty%:*}" "$1" "$2" &&
        case_check "ed-plus-268-$n" kr bad-tag "section 5\.2: .*tag 268\)" differ
    # shellcheck disable=SC2046
    set -- $(elems "$SIG267" "${ty#*:}")
    forged "unsigned-267-$n" unsigned add-tag 267 "${ty%:*}" "$1" "$2" &&
        case_check "unsigned-267-$n" kr bad-tag "section 5\.2: .*tag 267\)" fail
    forged "dribble-267-$n" unsigned add-tag-outside-region 267 "${ty%:*}" "$1" "$2" &&
        case_check "dribble-267-$n" kr malformed "section 4: region .*\(signature header, entry 0\)" fail
    forged "rsa-plus-267-$n" rsa add-tag 267 "${ty%:*}" "$1" "$2" &&
        case_check "rsa-plus-267-$n" kr bad-tag "section 5\.2: .*tag 267\)" differ
done
forged retype-268-int32 rsa retype 268 INT32 && case_check retype-268-int32 kr bad-tag "section 5\.2: .*tag 268\)" fail
forged retype-267-int16 ed retype 267 INT16 && case_check retype-267-int16 kr bad-tag "section 5\.2: .*tag 267\)" fail
forged retype-268-string rsa retype 268 STRING && case_check retype-268-string kr bad-tag "section 5\.2: .*tag 268\)" fail

# --- entries outside the region ("dribble") beside a good signature
forged dribble-268-beside-267 ed add-tag-outside-region 268 INT32 1 00000001 &&
    case_check dribble-268-beside-267 kr malformed "section 4: region .*\(signature header, entry 0\)" differ
forged dribble-genuine-268 rsa del-tag 268 &&
    forged dribble-genuine-268 dribble-genuine-268 add-tag-outside-region 268 BIN \
        $((${#SIG268} / 2)) "$SIG268" &&
    case_check dribble-genuine-268 kr malformed "section 4: region .*\(signature header, entry 0\)" differ
forged dribble-9999 rsa add-tag-outside-region 9999 BIN 4 deadbeef &&
    case_check dribble-9999 kr malformed "section 4: region .*\(signature header, entry 0\)" differ

# --- a tag twice: forged copy first, genuine second
DUP="section 3\.4: tag present more than once"
forged dup-268-inverted rsa dup-tag 268 && case_check dup-268-inverted kr bad-tag "$DUP" fail
pk=$(forge mkpacket --fpr "$TRUSTED" --left16-from "$P/rsa.rpm")
forged dup-268-bogus-packet rsa dup-tag 268 "$pk" &&
    case_check dup-268-bogus-packet kr bad-tag "$DUP" fail
forged dup-268-identical rsa dup-tag 268 "$SIG268" &&
    case_check dup-268-identical kr bad-tag "$DUP" differ
forged dup-267-inverted ed dup-tag 267 && case_check dup-267-inverted kr bad-tag "$DUP" fail
forged dup-1004 rsa dup-tag 1004 && case_check dup-1004 kr bad-tag "$DUP" fail

# --- well-formed but bogus signature packets naming a trusted key, in an
# unsigned package. Hash algorithms rpm/airlock do not accept:
# bad-algorithm ("hash algorithm N"); accepted ones: bad-signature.
for v in 3 4; do
    for h in 0 1 2 3 4 5 6 7 100 110; do
        packet "bogus-v$v-rsa-hash$h" 268 --version "$v" --hash "$h" --fpr "$TRUSTED" &&
            case_check "bogus-v$v-rsa-hash$h" kr bad-algorithm "hash algorithm $h" fail
    done
    for h in 8 9 10; do
        packet "bogus-v$v-rsa-hash$h" 268 --version "$v" --hash "$h" --fpr "$TRUSTED" &&
            case_check "bogus-v$v-rsa-hash$h" kr bad-signature 268 fail
    done
    packet "bogus-v$v-eddsa-sha256" 267 --version "$v" --pubkey 22 --fpr "$ED" &&
        case_check "bogus-v$v-eddsa-sha256" kr bad-signature 267 fail
    packet "bogus-v$v-dsa-sha256" 267 --version "$v" --pubkey 17 --fpr "$TRUSTED" &&
        case_check "bogus-v$v-dsa-sha256" kr bad-algorithm "algorithm 17|DSA" fail
done
packet bogus-v4-rsa-keyid-only 268 --fpr "$TRUSTED" --no-fpr-subpacket &&
    case_check bogus-v4-rsa-keyid-only kr bad-signature 268 fail
packet bogus-v4-rsa-new-format 268 --fpr "$TRUSTED" --new-format &&
    case_check bogus-v4-rsa-new-format kr bad-signature 268 fail
packet bogus-v4-eddsa-names-rsa-key 267 --pubkey 22 --fpr "$TRUSTED" &&
    case_check bogus-v4-eddsa-names-rsa-key kr bad-signature 267 fail
packet bogus-v4-eddsa-hash3 267 --pubkey 22 --hash 3 --fpr "$ED" &&
    case_check bogus-v4-eddsa-hash3 kr bad-algorithm "hash algorithm 3" fail
# An RSA packet in the DSA/EdDSA tag: the algorithm does not belong there.
packet bogus-v4-rsa-in-267 267 --fpr "$TRUSTED" &&
    case_check bogus-v4-rsa-in-267 kr bad-algorithm "algorithm 1" fail

# --- genuine signatures with weak algorithms or keys
named sha1 genuine-sha1 && case_check genuine-sha1 kr bad-algorithm "hash algorithm 2" differ
named md5 genuine-md5 && case_check genuine-md5 kr bad-algorithm "hash algorithm 1" differ
named r1k key-rsa1024 && case_check key-rsa1024 kr-r1k bad-algorithm "1024|bits" differ
named dsa key-dsa2048 && case_check key-dsa2048 kr-dsa bad-algorithm "algorithm 17|DSA" differ
named payload-10 payload-digest-sha512 &&
    case_check payload-digest-sha512 kr bad-algorithm payload fail
named payload-9 payload-digest-sha384 &&
    case_check payload-digest-sha384 kr bad-algorithm payload fail

# --- the main header's structure, each rewrite signed by the trusted key.
# The control: rebuilt without a defect, the main header is byte-identical
# to the unsigned package's, and the signature made for it verifies.
if resigned main-header-rebuilt hdr-rebuild; then
    if forge extract "$P/unsigned.rpm" "$T/mh-a.hdr" &&
        forge extract "$P/main-header-rebuilt.rpm" "$T/mh-b.hdr" &&
        cmp -s "$T/mh-a.hdr" "$T/mh-b.hdr"; then
        t_ok forge-main-rebuild-identical
    else
        t_fail forge-main-rebuild-identical "hdr-rebuild changed the main header"
    fi
    case_check main-header-rebuilt kr ok "" ok
fi
MAINREG="section 4: region .*\(main header, entry 0\)"
resigned main-header-region-62 hdr-region-tag 62 &&
    case_check main-header-region-62 kr malformed "$MAINREG" fail
resigned main-header-region-61 hdr-region-tag 61 &&
    case_check main-header-region-61 kr malformed "$MAINREG" fail
resigned main-header-dribble hdr-dribble &&
    case_check main-header-dribble kr malformed "$MAINREG" fail
resigned main-header-reserved-bytes hdr-reserved 00000001 &&
    case_check main-header-reserved-bytes kr malformed "section 3\.1: header magic .*\(main header\)" fail
# rpm 4.18 takes a main header without region as a whole (legacy): a
# deliberate narrowing, airlock-sigcheck requires region 63.
resigned main-header-no-region hdr-no-region &&
    case_check main-header-no-region kr malformed "$MAINREG" differ

# --- tags the header signature does not cover
forged item-274 rsa add-tag 274 STRING_ARRAY 1 "$(printf 'abcdef0123' | od -An -v -tx1 | tr -d ' \n')00" &&
    case_check item-274 kr unsigned-item "section 5\.3: .*tag 274\)" differ
forged item-275 rsa add-tag 275 INT32 1 00000100 && case_check item-275 kr unsigned-item "section 5\.3: .*tag 275\)" differ
forged item-276 rsa add-tag 276 STRING_ARRAY 1 "$(printf '0123abcdef' | od -An -v -tx1 | tr -d ' \n')00" &&
    case_check item-276 kr unsigned-item "section 5\.3: .*tag 276\)" differ
forged item-277 rsa add-tag 277 INT32 1 00000001 && case_check item-277 kr unsigned-item "section 5\.3: .*tag 277\)" differ
forged tag-9999 rsa add-tag 9999 BIN 4 deadbeef && case_check tag-9999 kr bad-tag "section 5\.3: .*tag 9999\)" differ
forged tag-1003 rsa add-tag 1003 BIN 16 00112233445566778899aabbccddeeff &&
    case_check tag-1003 kr bad-tag "section 5\.3: .*tag 1003\)" differ
forged size-lying rsa set-int 1000 12345 && case_check size-lying kr size-mismatch 1000 differ
md5=$(forge tag-hex "$P/rsa.rpm" 1004)
forged legacy-md5 rsa set-data 1004 "$(printf '%s' "$md5" | cut -c1-30)$(printf '%s' "$md5" | cut -c31-32 | tr '0-9a-f' '1-9a-f0')" &&
    case_check legacy-md5 kr legacy-digest "1004|MD5" fail

# --- malformed OpenPGP data in the signature tag
forged packet-trailing-byte rsa set-data 268 "${SIG268}00" &&
    case_check packet-trailing-byte kr bad-packet packet fail
forged packet-trailing-garbage rsa set-data 268 "${SIG268}deadbeef" &&
    case_check packet-trailing-garbage kr bad-packet packet fail
forged packet-twice rsa set-data 268 "$SIG268$SIG268" &&
    case_check packet-twice kr bad-packet packet fail
forged packet-truncated rsa set-data 268 "$(printf '%s' "$SIG268" | sed 's/..$//')" &&
    case_check packet-truncated kr bad-packet packet fail
forged packet-267-trailing ed set-data 267 "${SIG267}00" &&
    case_check packet-267-trailing kr bad-packet packet fail
packet packet-bogus-trailing 268 --fpr "$TRUSTED" --trailing 00ff &&
    case_check packet-bogus-trailing kr bad-packet packet fail
packet packet-bogus-two 268 --fpr "$TRUSTED" --twice &&
    case_check packet-bogus-two kr bad-packet packet fail
packet packet-bogus-truncated 268 --fpr "$TRUSTED" --truncate 5 &&
    case_check packet-bogus-truncated kr bad-packet packet fail

# --- key state: rpmkeys ignores revocation and expiry (the point).
named rev key-revoked && case_check key-revoked kr-rev key-revoked revoked differ
named exp key-expired && case_check key-expired kr-exp key-expired expired differ
named sub-ed subkey-revoked && case_check subkey-revoked kr-subrev key-revoked revoked differ
named rev key-revoked-copy-first &&
    case_check key-revoked-copy-first kr-dup-a key-revoked revoked differ
named rev key-revoked-copy-last &&
    case_check key-revoked-copy-last kr-dup-z key-revoked revoked differ

# --- one case per remaining structural section of spec/RPM.md, each
# naming its section: the lead (2), the signature header's magic (3.1),
# data placement (3.3). Byte edits of the genuine RSA package.
# set_byte NAME OFFSET VALUE: $P/NAME.rpm = rsa.rpm with one byte set.
set_byte() {
    # shellcheck disable=SC2059 # the octal escape is the format, on purpose
    cp "$P/rsa.rpm" "$P/$1.rpm" &&
        printf "$(printf '\\%03o' "$3")" | dd of="$P/$1.rpm" bs=1 seek="$2" conv=notrunc status=none
}
set_byte lead-major-5 4 5 && case_check lead-major-5 kr malformed "section 2: major version .*\(lead\)" fail
set_byte lead-sigtype-1 79 1 && case_check lead-sigtype-1 kr malformed "section 2: .*signature type .*\(lead\)" fail
set_byte sighdr-reserved-byte 103 1 && case_check sighdr-reserved-byte kr malformed "section 3\.1: header magic .*\(signature header\)" fail
# The second entry's data offset (after the region entry) moved by one:
# out of place (and, for a 4- or 8-byte type, misaligned).
set_byte sighdr-offset-shifted $((96 + 16 + 16 + 11)) 1 &&
    case_check sighdr-offset-shifted kr malformed "section 3\.3" fail

# --- v3 header+payload signatures (tags 1002 RSA, 1005 EdDSA): rpm -K
# checks them when present, so airlock verifies them too. rpmsign 4.18
# no longer writes them: gpg signs the bytes from the main header's magic
# to the end of the file, and forge.py adds the packet to a signed package.
# hp_sig NAME SRC TAG KEY DIGEST [header]: $P/NAME.rpm = $P/SRC.rpm plus
# tag TAG holding KEY's signature (hash DIGEST) over header+payload, or
# over the header alone with "header" (a signature over the wrong bytes).
hp_sig() {
    _o=$(rpm_hdr_offset "$P/$2.rpm")
    if [ "${6:-}" = header ]; then
        forge extract "$P/$2.rpm" "$T/hp.data" 2>"$T/forge.err"
    else
        tail -c +$((_o + 1)) "$P/$2.rpm" >"$T/hp.data"
    fi &&
    rm -f "$T/hp.sig" &&
    _kl_gpg "$T/$4.gnupg" -u "$(cat "$T/$4.fpr")" --digest-algo "$5" --detach-sign \
        -o "$T/hp.sig" "$T/hp.data" 2>"$T/forge.err" &&
    _hx=$(od -An -v -tx1 "$T/hp.sig" | tr -d ' \n') &&
    forged "$1" "$2" add-tag "$3" BIN $((${#_hx} / 2)) "$_hx"
}
hp_sig v3-header-payload-rsa rsa 1002 trusted SHA256 &&
    case_check v3-header-payload-rsa kr ok "" ok
hp_sig v3-header-payload-ed ed 1005 ed SHA512 &&
    case_check v3-header-payload-ed kr ok "" ok
hp_sig v3-header-payload-wrong-bytes rsa 1002 trusted SHA256 header &&
    case_check v3-header-payload-wrong-bytes kr bad-signature "1002" fail
hp_sig v3-header-payload-sha1 rsa 1002 trusted SHA1 &&
    case_check v3-header-payload-sha1 kr bad-algorithm "1002.*hash algorithm 2" differ

# --- keyring files that are not usable keys: warned about, skipped.
keyring_warns() { # NAME KR FILE...: NAME ok, stderr names each FILE
    _n=$1 _k=$2
    shift 2
    cp "$P/rsa.rpm" "$P/$_n.rpm"
    _res=$(case_check "$_n" "$_k" ok "" ok)
    for _f in "$@"; do
        case $_res in
            "ok "*) grep -q -- "$_f" "$T/err" || _res="not ok - $_n: no warning naming $_f on stderr: $(tr '\n' ' ' <"$T/err")" ;;
        esac
    done
    echo "$_res"
}
keyring_warns keyring-v6-beside-good kr-v6 v6.asc
keyring_warns keyring-garbage-beside-good kr-junk garbage.asc random.gpg
# exit_2 NAME KR PKG: with keyring $T/KR (no usable key), airlock-sigcheck
# on $P/PKG.rpm exits 2 and prints nothing on stdout.
exit_2() {
    # shellcheck disable=SC2086
    _out=$("$SC" $AS --keyring "$T/$2" "$P/$3.rpm" 2>"$T/err")
    _rc=$?
    if [ "$_rc" -eq 2 ] && [ -z "$_out" ]; then
        t_ok "$1"
    else
        t_fail "$1" "exit $_rc, stdout: $_out"
    fi
}
exit_2 keyring-v6-only-exit-2 kr-v6only rsa

# --- from an adversarial review of airlock-sigcheck. Before the fix
# (14fdf77) airlock-sigcheck said ok to every case below except the
# controls (kg-signed, kg-critical-2/16/27, kg-sig-expires-later: ok
# anyway) and the checks of the generators (forge-*,
# rsa-s-plus-n-sqv-refuses), which do not depend on it.
# The issuer key ID. rpm finds the key by the issuer key ID subpacket (16)
# alone, which gpg writes in the unhashed area: editing it leaves the
# signature valid. airlock found the key by the hashed fingerprint (33)
# and gave ok where rpm says NOKEY; now the ID must name the key.
KEYID="issuer key ID"
EDKID=$(printf '%s' "$ED" | cut -c25-40)
forged keyid-other-trusted rsa sig-unhashed 268 "0910$EDKID" &&
    case_check keyid-other-trusted kr not-trusted "$KEYID" fail
forged keyid-zero rsa sig-unhashed 268 09100000000000000000 &&
    case_check keyid-zero kr not-trusted "$KEYID" fail
forged keyid-removed rsa sig-unhashed 268 "" &&
    case_check keyid-removed kr not-trusted "$KEYID" fail
# keygen.py's own signature (the control for every kg-* case), then the
# same with the issuer fingerprint alone.
kgsigned kg-signed kg && case_check kg-signed kr-kg ok "" ok
kgsigned kg-fpr-only kg --no-keyid &&
    case_check kg-fpr-only kr-kg not-trusted "$KEYID" fail
if [ "$(sig_field "$P/keyid-zero.rpm" keyid)" = 0000000000000000 ] &&
    [ "$(sig_field "$P/keyid-removed.rpm" keyid)" = None ] &&
    [ "$(sig_field "$P/kg-fpr-only.rpm" keyid)" = None ] &&
    [ "$(sig_field "$P/keyid-other-trusted.rpm" keyid)" = "$(echo "$EDKID" | tr '[:upper:]' '[:lower:]')" ]; then
    t_ok forge-sig-unhashed
else
    t_fail forge-sig-unhashed "the issuer key IDs are not as intended"
fi

# No SHA-256 header digest: rpm refuses the package (no digest at all) or
# checks its SHA-1 one; airlock requires 273.
forged no-header-digests rsa del-tag 269 &&
    forged no-header-digests no-header-digests del-tag 273 &&
    forged no-header-digests no-header-digests del-tag 1004 &&
    case_check no-header-digests kr header-digest "no SHA-256 header digest" fail
forged no-sha256-header-digest rsa del-tag 273 &&
    case_check no-sha256-header-digest kr header-digest "no SHA-256 header digest" differ

# Revocations wherever they stand in the (binary) certificate.
lists() { forge key-list "$T/$1" | sed -n "${2}p"; }
if lists rev-revmoved.gpg 4 | grep -q "^3 tag 2 .* sigtype 0x20$" &&
    lists sub-revlast.gpg '$' | grep -q " sigtype 0x20$" &&
    lists sub-subrevmoved.gpg 4 | grep -q "^3 tag 2 .* sigtype 0x28$" &&
    lists sub-subrevmoved.gpg 5 | grep -q "^4 tag 14 "; then
    t_ok forge-key-move-sig
else
    t_fail forge-key-move-sig "the revocations are not where intended"
fi
named rev key-revoked-after-uid &&
    case_check key-revoked-after-uid kr-revmoved key-revoked revoked differ
named sub-rsa key-revoked-at-end &&
    case_check key-revoked-at-end kr-revlast key-revoked revoked differ
named sub-ed subkey-revoked-before-subkey &&
    case_check subkey-revoked-before-subkey kr-subrevmoved key-revoked revoked differ

# A direct-key expiry (one day, a month ago) holds against a newer user ID
# certification without expiry; signed on the key's valid day.
kgsigned key-expired-direct kgdirect --sig-time $((KT0 + 3600)) &&
    case_check key-expired-direct kr-kgdirect key-expired expired differ

# A certify-only primary key that is also bound (validly, with a
# back-signature) as its own signing subkey, beside a newer certification
# claiming certify + sign that does not verify: verified, the primary key
# cannot sign, and its subkey entry must not lend it that role; the
# keyring holds no usable key (before the fix: ok for its own package).
kgsigned kgself kgself && exit_2 keyring-certify-only-self-subkey-exit-2 kr-kgself kgself

# Critical hashed subpackets: accepted only where rpm 4.18 accepts them:
# creation time (2), issuer key ID (16, hashed), key flags (27): controls.
for c in 2 16 27; do
    kgsigned "kg-critical-$c" kg --critical "$c" &&
        case_check "kg-critical-$c" kr-kg ok "" ok
done
for c in 3 4 7 9 25 30 33; do
    kgsigned "kg-critical-$c" kg --critical "$c" &&
        case_check "kg-critical-$c" kr-kg bad-packet "critical subpacket" fail
done
# The signature's own validity period: an expiry not reached (control),
# one passed, a creation time a year ahead (more than a day's clock skew).
kgsigned kg-sig-expires-later kg --sig-expires 315360000 &&
    case_check kg-sig-expires-later kr-kg ok "" ok
kgsigned kg-sig-expired kg --sig-time $((NOW - 7200)) --sig-expires 60 &&
    case_check kg-sig-expired kr-kg not-trusted "expired" differ
kgsigned kg-sig-future kg --sig-time $((NOW + 365 * 86400)) &&
    case_check kg-sig-future kr-kg not-trusted "future" differ

# RSA malleability: s + n verifies the same under s^e mod n; libgcrypt and
# rpm accept it, Sequoia refuses it, airlock now requires s < n.
if forged rsa-s-plus-n rsa sig-rsa-add-n 268 "$T/trusted.asc"; then
    case_check rsa-s-plus-n kr bad-signature 268 differ
    if [ "$(sqv_verdict "$P/rsa-s-plus-n.rpm" kr)" = fail ]; then
        t_ok rsa-s-plus-n-sqv-refuses
    else
        t_fail rsa-s-plus-n-sqv-refuses "sqv verifies s + n"
    fi
fi
