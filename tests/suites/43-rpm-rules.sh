#!/bin/sh
# airlock-sigcheck and the proven RPM prefix checker (al_rpm_check,
# src/core/rpm.h): one must-accept or must-reject package per rule of
# spec/RPM.md sections 2-6.1, every rejection code AL_RPM_E_* at least
# once. Each package is a real one (rpmbuild + rpmsign, tests/rpmlib.sh)
# with a byte-exact edit (tests/rpmrules.py: nothing rebuilt), or, for the
# main-header narrowings rpm does not share, a main header patched with
# forge.py hdr-patch and signed again by the trusted key (sign_header,
# tests/keylib.sh), so that its one defect is all that stands between it
# and a good signature.
# Every case checks
#   1. that the edit changed the file (else the case proves nothing);
#   2. airlock-sigcheck's JSON "code" and its "detail", exactly: the
#      section of spec/RPM.md, the rule, and where (rules.c);
#   3. rpmkeys -K at _pkgverify_level all (rk_verdict): "fail" cases must
#      fail there too, "differ" cases are documented narrowings rpm
#      accepts (spec/RPM.md 3.3, 3.4, 4, 5.2, 5.3, 7.3 D3), "ok" cases
#      pass both; "-" where rpm's answer says nothing (the edit breaks the
#      signature over the main header anyway).
# Run from the repository root after `make all` (SIGCHECK=PATH tests
# another binary).
set -u
SC=${SIGCHECK:-$PWD/build/airlock-sigcheck}
RULES=$PWD/tests/rpmrules.py
FORGE=$PWD/tests/forge.py
# shellcheck source=tests/lib.sh
. tests/lib.sh
# shellcheck source=tests/rpmlib.sh
. tests/rpmlib.sh
# shellcheck source=tests/keylib.sh
. tests/keylib.sh
scratch_dir
export LC_ALL=C FORGE
P=$T/p
AS=""
[ "$(id -u)" -eq 0 ] && AS="--user nobody"

setup() {
    mkdir -p "$P" "$T/kr" && mk_key "$T" trusted rsa3072 && mk_key "$T" ed ed25519 &&
        cp "$T/trusted.asc" "$T/ed.asc" "$T/kr/" &&
        rpmkeys --dbpath "$T/db" --import "$T/trusted.asc" "$T/ed.asc" &&
        mk_rpm "$T" base 8 >/dev/null && cp "$T/base.rpm" "$P/unsigned.rpm" &&
        cp "$T/base.rpm" "$P/rsa.rpm" && sign_rpm "$T" trusted "$P/rsa.rpm" &&
        cp "$T/base.rpm" "$P/ed.rpm" && sign_rpm "$T" ed "$P/ed.rpm" &&
        chmod -R a+rX "$T"
}

# verdict FILE: "CODE|DETAIL" of airlock-sigcheck --json on FILE.
verdict() {
    # shellcheck disable=SC2086
    "$SC" $AS --json --keyring "$T/kr" "$1" 2>/dev/null |
        sed -n 's/.*"code":"\([a-z-]*\)".*"detail":"\(\([^"\\]\|\\.\)*\)".*/\1|\2/p'
}

# expect NAME FILE SRC CODE DETAIL RK: the checks above for $P/NAME.rpm
# made from $P/SRC.rpm (SRC "-": no edit to check).
expect() {
    _got=$(verdict "$2")
    _rk=-
    [ "$6" != - ] && _rk=$(rk_verdict "$T/db" "$2")
    if [ "$3" != - ] && cmp -s "$P/$3.rpm" "$2"; then
        t_fail "$1" "the edit changed no byte of $3.rpm"
    elif [ "$_got" != "$4|$5" ]; then
        t_fail "$1" "expected \"$4|$5\", airlock-sigcheck said \"$_got\""
    elif [ "$6" = fail ] && [ "$_rk" = ok ]; then
        t_fail "$1" "rpmkeys accepts it (not a documented difference)"
    elif { [ "$6" = ok ] || [ "$6" = differ ]; } && [ "$_rk" = fail ]; then
        t_fail "$1" "expected rpmkeys to accept it ($6), rpmkeys fails it"
    else
        t_ok "$1"
    fi
}

# rule NAME SRC EDIT CODE DETAIL RK: $P/NAME.rpm = rpmrules.py EDIT on
# $P/SRC.rpm; in DETAIL, @E and @T stand for the entry and tag the edit
# is about (rpmrules.py prints them).
rule() {
    if ! _et=$(/usr/bin/python3 "$RULES" "$3" "$P/$2.rpm" "$P/$1.rpm" 2>"$T/err"); then
        t_fail "$1" "could not build: $(cat "$T/err")"
        return
    fi
    chmod 644 "$P/$1.rpm"
    _d=$(printf '%s\n' "$5" | sed "s/@E/${_et% *}/g; s/@T/${_et#* }/g")
    expect "$1" "$P/$1.rpm" "$2" "$4" "$_d" "$6"
}

# resigned NAME POSWHAT HEX CODE DETAIL RK: $P/NAME.rpm = the unsigned
# package with HEX written into its main header at rpmrules.py pos
# POSWHAT (forge.py hdr-patch, digests redone), then signed by the
# trusted key's gpg over those bytes.
resigned() {
    _pos=$(/usr/bin/python3 "$RULES" pos "$P/unsigned.rpm" "$2") &&
        /usr/bin/python3 "$FORGE" hdr-patch "$P/unsigned.rpm" "$P/$1.rpm" "$_pos" "$3" \
            2>"$T/err" && sign_header "$T" trusted "$P/$1.rpm" 2>>"$T/err" ||
        { t_fail "$1" "could not build: $(cat "$T/err")"; return; }
    chmod 644 "$P/$1.rpm"
    expect "$1" "$P/$1.rpm" - "$4" "$5" "$6"
}

if [ ! -x "$SC" ]; then
    t_fail rules-setup "no $SC (run make all)"
    exit 0
fi
if ! setup >"$T/setup.log" 2>&1; then
    t_fail rules-setup "$(tail -n 3 "$T/setup.log" | tr '\n' ' ')"
    exit 0
fi
t_ok rules-setup

S="spec/RPM.md section"
SH="signature header"
MH="main header"
# --- must accept: the packages as built, and edits of what no rule reads
expect accept-rsa "$P/rsa.rpm" - ok "" ok
expect accept-ed25519 "$P/ed.rpm" - ok "" ok
rule accept-lead-ignored-fields rsa lead-ignored ok "" ok
rule accept-lead-major-4 rsa lead-major-4 ok "" ok
rule accept-padding-nonzero rsa padding-nonzero ok "" ok
# The structure is accepted, the policy is not: no signature.
expect accept-structure-unsigned "$P/unsigned.rpm" - not-signed \
    "no header signature (tag 267 or 268)" fail
# The resigning path itself: the main header patched with its own bytes.
resigned accept-main-resigned-unchanged entry-tag-1 00000064 ok "" ok

# --- section 2: the lead (AL_RPM_E_NOT_RPM, AL_RPM_E_LEAD)
NR="$S 2: shorter than the lead, or no lead magic (lead)"
LD="$S 2: major version not 3 or 4, or signature type not 5 (lead)"
rule lead-magic rsa lead-magic not-rpm "$NR" fail
rule lead-short rsa lead-short not-rpm "$NR" fail
rule lead-major-5 rsa lead-major-5 malformed "$LD" fail
rule lead-sigtype-1 rsa lead-sigtype-1 malformed "$LD" fail

# --- section 1: sizes past the end of the file (AL_RPM_E_TRUNCATED)
TR="$S 1: does not end where the sizes in its headers say"
rule truncated-in-signature-header rsa truncated-sig malformed "$TR ($SH)" fail
rule truncated-in-padding rsa truncated-padding malformed "$TR ($SH padding)" fail
rule truncated-in-main-header rsa truncated-main malformed "$TR ($MH)" fail

# --- section 3.1: magic and reserved bytes (AL_RPM_E_MAGIC)
MG="$S 3.1: header magic or reserved bytes"
rule sig-magic rsa sig-magic malformed "$MG ($SH)" fail
rule sig-reserved rsa sig-reserved malformed "$MG ($SH)" fail
rule main-magic rsa main-magic malformed "$MG ($MH)" fail
rule main-reserved rsa main-reserved malformed "$MG ($MH)" -

# --- section 3.5: bounds (AL_RPM_E_BOUNDS)
BD="$S 3.5: entry count or data size out of bounds"
rule sig-il-33 rsa sig-il-33 malformed "$BD ($SH)" fail
rule sig-dl-over-256k rsa sig-dl-over malformed "$BD ($SH)" fail
rule main-il-0 rsa main-il-0 malformed "$BD ($MH)" fail
rule main-over-64m rsa main-dl-over malformed "$BD ($MH)" fail

# --- section 4: the region (AL_RPM_E_REGION). rpm takes tag 61 for 62 in
# the signature header's trailer (a documented narrowing).
RG="$S 4: region entry or trailer"
rule sig-region-entry-61 rsa sig-region-entry malformed "$RG ($SH, entry 0)" fail
rule sig-trailer-61 rsa sig-trailer-61 malformed "$RG ($SH, entry 0)" differ
rule main-region-62 rsa main-region-62 malformed "$RG ($MH, entry 0)" fail

# --- sections 5.2, 5.3: the allow-list (AL_RPM_E_UNSIGNED, AL_RPM_E_TAG,
# AL_RPM_E_TAG_TYPE). rpm takes any tag in a signature header.
rule sig-unsigned-275 rsa sig-unsigned-275 unsigned-item \
    "$S 5.3: file or fs-verity signature: covered by no signature, librpm would install it ($SH, entry @E, tag @T)" differ
rule sig-tag-9999 rsa sig-tag-9999 bad-tag "$S 5.3: tag not on the allow-list ($SH, entry @E, tag @T)" differ
rule sig-tag-272 rsa sig-tag-272 bad-tag "$S 5.3: tag not on the allow-list ($SH, entry @E, tag @T)" differ
TT="$S 5.2: allowed tag with the wrong type or count"
rule sig-268-int32 rsa sig-268-int32 bad-tag "$TT ($SH, entry @E, tag @T)" fail
rule sig-1004-count-15 rsa sig-1004-count-15 bad-tag "$TT ($SH, entry @E, tag @T)" fail

# --- section 3.4: repeats, order (AL_RPM_E_REPEAT, AL_RPM_E_ORDER)
rule sig-repeat-273 rsa sig-repeat-273 bad-tag "$S 3.4: tag present more than once ($SH, entry @E, tag @T)" fail
OR="$S 3.4: tag not in 100..2^31-1, or not ascending"
rule main-tag-below-100 rsa main-below-100 malformed "$OR ($MH, entry @E, tag @T)" -
rule main-tag-2-31 rsa main-tag-2-31 malformed "$OR ($MH, entry @E, tag @T)" fail
# rpm takes repeated main-header tags (spec/RPM.md 7.3 D3).
resigned main-repeat-resigned entry-tag-3 000003e8 malformed "$OR ($MH, entry 3, tag 1000)" differ

# --- section 3.2: types and counts (AL_RPM_E_TYPE, AL_RPM_E_COUNT)
TY="$S 3.2: type not 1..9"
CT="$S 3.2: count 0, STRING count not 1, or count above 0xFFFFF"
rule main-type-0 rsa main-type-0 malformed "$TY ($MH, entry @E, tag @T)" -
rule main-type-10 rsa main-type-10 malformed "$TY ($MH, entry @E, tag @T)" -
rule sig-268-count-0 rsa sig-268-count-0 malformed "$CT ($SH, entry @E, tag @T)" fail
rule main-string-count-2 rsa main-string-count-2 malformed "$CT ($MH, entry @E, tag @T)" -

# --- section 6.1: the tags airlock reads have rpm's types (AL_RPM_E_KNOWN)
KN="$S 6.1: payload digest tag without rpm's type"
rule main-5093-int16 rsa main-5093-int16 malformed "$KN ($MH, entry @E, tag @T)" -
rule main-5092-string rsa main-5092-string malformed "$KN ($MH, entry @E, tag @T)" -

# --- section 3.3: placement (AL_RPM_E_PLACE, AL_RPM_E_UNOWNED). rpm
# takes data bytes that belong to no entry (a documented narrowing).
PL="$S 3.3: data misaligned, out of order, after a gap that is not zero padding, outside the data store, or a string without its NUL"
UN="$S 3.3: data bytes that belong to no entry"
rule sig-place-overlap rsa sig-place-overlap malformed "$PL ($SH, entry @E, tag @T)" fail
rule main-place-misaligned rsa main-place-misaligned malformed "$PL ($MH, entry @E, tag @T)" -
rule sig-unowned rsa sig-unowned malformed "$UN ($SH)" differ
resigned main-unowned-resigned last-string-end 00 malformed "$UN ($MH)" differ
