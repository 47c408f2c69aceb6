#!/bin/sh
# airlock-sigcheck (issue 4). Every key and package is made here, offline,
# in a temporary directory (tests/rpmlib.sh). For every package case the
# verdict of airlock-sigcheck is checked against the policy (expected
# code) and against
#   rpmkeys -K --define '_pkgverify_level all' --define '_pkgverify_flags 0x0'
# with the same keys imported into a private rpmdb: both must say OK, or
# both must fail. Cases where airlock-sigcheck deliberately differs are
# marked "differ" below and explained in src/sigcheck/README.md:
#   - symlink to a good package: rpmkeys follows it (OK); we never follow.
#   - 300 bad files: rpmkeys exits 300 mod 256 = 44; we exit 1.
# Run from the repository root after `make all test-bins`.
set -u
# shellcheck source=tests/lib.sh
. tests/lib.sh
# shellcheck source=tests/rpmlib.sh
. tests/rpmlib.sh

SC=$PWD/build/airlock-sigcheck
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
chmod 755 "$T"
umask 022
export LC_ALL=C

# As root, airlock-sigcheck must be given --user; nobody can read $T.
AS=""
[ "$(id -u)" -eq 0 ] && AS="--user nobody"

setup() {
    mk_key "$T" trusted rsa3072 && mk_key "$T" ed ed25519 &&
    mk_key "$T" other rsa3072 || return 1
    mkdir -p "$T/kr" "$T/kr-rsa" "$T/db" "$T/p" "$T/bad300" || return 1
    # The main keyring: two keys in ONE armored file.
    cat "$T/trusted.asc" "$T/ed.asc" >"$T/kr/two-keys.asc"
    cp "$T/trusted.asc" "$T/kr-rsa/"
    rpmkeys --dbpath "$T/db" --import "$T/trusted.asc" "$T/ed.asc" || return 1
    mk_rpm "$T" base 64 >/dev/null || return 1
    P=$T/p
    cp "$T/base.rpm" "$P/unsigned.rpm"
    for k in rsa ed v3 other; do cp "$T/base.rpm" "$P/$k.rpm"; done
    sign_rpm "$T" trusted "$P/rsa.rpm" && sign_rpm "$T" ed "$P/ed.rpm" &&
    sign_rpm "$T" trusted "$P/v3.rpm" v3 && sign_rpm "$T" other "$P/other.rpm"
}

# sc_code FILE: the JSON "code" airlock-sigcheck gives FILE (main keyring).
sc_code() {
    # shellcheck disable=SC2086
    "$SC" $AS --json --keyring "$T/kr" "$1" |
        sed -n 's/.*"code":"\([a-z-]*\)".*/\1/p'
}

# pkg_case NAME FILE CODE [differ]: airlock-sigcheck must give CODE (ok
# or a failure code); rpmkeys must agree on ok/fail unless "differ".
pkg_case() {
    _got=$(sc_code "$2")
    _ours=fail
    [ "$_got" = ok ] && _ours=ok
    _rk=$(rk_verdict "$T/db" "$2")
    if [ "$_got" != "$3" ]; then
        t_fail "$1" "expected $3, airlock-sigcheck said ${_got:-nothing}"
    elif [ "${4:-}" != differ ] && [ "$_ours" != "$_rk" ]; then
        t_fail "$1" "airlock-sigcheck says $_ours, rpmkeys says $_rk"
    elif [ "${4:-}" = differ ] && [ "$_ours" = "$_rk" ]; then
        t_fail "$1" "expected a documented difference from rpmkeys, both say $_ours"
    else
        t_ok "$1"
    fi
}

# derive SRC DST: copy a package to corrupt.
derive() { cp "$P/$1.rpm" "$P/$2.rpm"; echo "$P/$2.rpm"; }

if ! setup >"$T/setup.log" 2>&1; then
    t_fail "sigcheck-setup" "$(tail -n 3 "$T/setup.log" | tr '\n' ' ')"
    exit 0
fi
t_ok "sigcheck-setup"

pkg_case signed-rsa3072 "$P/rsa.rpm" ok
pkg_case signed-ed25519 "$P/ed.rpm" ok
pkg_case signed-v3-header-payload "$P/v3.rpm" ok
pkg_case unsigned "$P/unsigned.rpm" not-signed
f=$(derive rsa delsig) && unsign_rpm "$f" && pkg_case signature-deleted "$f" not-signed
pkg_case signed-by-untrusted-key "$P/other.rpm" no-key
f=$(derive rsa resigned) && sign_rpm "$T" other "$f" && pkg_case resigned-by-untrusted-key "$f" no-key

for k in rsa ed v3; do
    f=$(derive $k "payload-$k")
    patch_byte "$f" $(($(rpm_payload_offset "$f") + 1000))
    pkg_case "payload-corrupted-$k" "$f" payload-digest
done

f=$(derive rsa header)
patch_byte "$f" $(($(rpm_payload_offset "$f") - 40))
pkg_case header-corrupted "$f" bad-signature

f=$(derive rsa sigbytes)
# shellcheck disable=SC2046
set -- $(rpm_sigtag_data "$f" 268)
patch_byte "$f" $(($1 + $2 - 3))
pkg_case signature-bytes-corrupted "$f" bad-signature

f=$(derive ed sigbytes-ed)
# shellcheck disable=SC2046
set -- $(rpm_sigtag_data "$f" 267)
patch_byte "$f" $(($1 + $2 - 3))
pkg_case signature-bytes-corrupted-ed25519 "$f" bad-signature

# The legacy MD5 (signature tag 1004) over header + payload, in the
# unsigned signature header: rpm -K checks it, so airlock does too
# (it must not publish what rpm on dom0 refuses).
f=$(derive rsa md5)
# shellcheck disable=SC2046
set -- $(rpm_sigtag_data "$f" 1004)
patch_byte "$f" $(($1 + 3))
pkg_case legacy-md5-value-corrupted "$f" legacy-digest

# Second index entry of the signature header: its offset field.
f=$(derive rsa sigindex)
patch_byte "$f" $((96 + 16 + 16 + 8))
pkg_case signature-index-corrupted "$f" malformed

f=$(derive rsa trunc-payload)
truncate -s $(($(rpm_payload_offset "$f") + 2000)) "$f"
pkg_case truncated-in-payload "$f" size-mismatch

f=$(derive rsa trunc-header)
truncate -s $(($(rpm_hdr_offset "$f") + 200)) "$f"
pkg_case truncated-in-header "$f" malformed

f=$(derive rsa appended)
printf 'appended garbage' >>"$f"
pkg_case garbage-appended "$f" size-mismatch

# The size at open bounds every read, and a change of size while the file
# is read fails it: build/test/readshim.so (LD_PRELOAD) appends to or
# truncates the file at the first read past offset 4096, inside the run.
for mode in grow shrink; do
    f=$(derive rsa "changed-$mode")
    chmod 666 "$f"
    # shellcheck disable=SC2086
    got=$(AL_SHIM_FILE=$f AL_SHIM_MODE=$mode LD_PRELOAD=$PWD/build/test/readshim.so \
        "$SC" $AS --json --jobs 1 --keyring "$T/kr" "$f" | sed -n 's/.*"code":"\([a-z-]*\)".*/\1/p')
    size_now=$(wc -c <"$f")
    size_was=$(wc -c <"$P/rsa.rpm")
    if [ "$got" = file-changed ] && [ "$size_now" -ne "$size_was" ]; then
        t_ok "file-${mode}s-while-read"
    else
        t_fail "file-${mode}s-while-read" "expected file-changed, got ${got:-nothing} (size $size_was -> $size_now)"
    fi
done

# The lead is covered by no signature and used by no rpm tool: a changed
# byte in its name field is accepted (as rpmkeys does); its magic is not.
f=$(derive rsa lead-name)
patch_byte "$f" 20
pkg_case lead-name-modified "$f" ok
f=$(derive rsa lead-magic)
patch_byte "$f" 0
pkg_case lead-magic-modified "$f" not-rpm

# The signature header's padding is covered by nothing either.
f=$(derive rsa sigpad)
hdr=$(rpm_hdr_offset "$f")
siglen=$((16 + 16 * $(_rl_u32 "$f" 104) + $(_rl_u32 "$f" 108)))
if [ $((96 + siglen)) -lt "$hdr" ]; then
    patch_byte "$f" $((hdr - 1))
    pkg_case signature-padding-modified "$f" ok
else
    t_ok "signature-padding-modified # SKIP no padding in this package"
fi

cp "$T/trusted.asc" "$P/text.rpm"
pkg_case not-an-rpm "$P/text.rpm" not-rpm
head -c 8192 /dev/urandom >"$P/random.rpm"
pkg_case random-bytes "$P/random.rpm" not-rpm
: >"$P/empty.rpm"
pkg_case empty-file "$P/empty.rpm" not-rpm

ln -s rsa.rpm "$P/link.rpm"
pkg_case symlink-to-good-package "$P/link.rpm" not-regular differ

mkfifo "$P/fifo.rpm"
# shellcheck disable=SC2086
out=$(timeout 10 "$SC" $AS --keyring "$T/kr" "$P/fifo.rpm")
rc=$?
case "$rc:$out" in
    "1:FAIL $P/fifo.rpm: not a regular file (FIFO)") t_ok fifo ;;
    *) t_fail fifo "exit $rc, output: $out" ;;
esac

mkdir "$P/dir.rpm"
# shellcheck disable=SC2086
out=$("$SC" $AS --keyring "$T/kr" "$P/dir.rpm")
rc=$?
case "$rc:$out" in
    "1:FAIL $P/dir.rpm: not a regular file (directory)") t_ok directory ;;
    *) t_fail directory "exit $rc, output: $out" ;;
esac

# Keyring: two keys in one armored file (the main keyring) -> both kinds
# of signature pass in one run; a keyring with only the RSA key refuses
# the Ed25519 package.
# shellcheck disable=SC2086
out=$("$SC" $AS --keyring "$T/kr" "$P/rsa.rpm" "$P/ed.rpm")
rc=$?
# shellcheck disable=SC2086
out2=$("$SC" $AS --keyring "$T/kr-rsa" "$P/ed.rpm")
rc2=$?
if [ "$rc" -eq 0 ] && [ "$(echo "$out" | grep -c '^OK ')" -eq 2 ] && [ "$rc2" -eq 1 ]; then
    t_ok keyring-two-keys-one-armored-file
else
    t_fail keyring-two-keys-one-armored-file "exit $rc/$rc2: $out / $out2"
fi

# 300 bad files at once: exit status 1, one FAIL line each.
i=0
while [ $i -lt 300 ]; do ln "$P/random.rpm" "$T/bad300/b$i.rpm"; i=$((i + 1)); done
# shellcheck disable=SC2086
out=$("$SC" $AS --keyring "$T/kr" "$T"/bad300/*.rpm)
rc=$?
n=$(echo "$out" | grep -c '^FAIL .*: not an RPM')
if [ "$rc" -eq 1 ] && [ "$n" -eq 300 ]; then
    t_ok 300-bad-files-exit-1
else
    t_fail 300-bad-files-exit-1 "exit $rc, $n FAIL lines"
fi

# Exit status and output format.
# shellcheck disable=SC2086
out=$("$SC" $AS --keyring "$T/kr" "$P/rsa.rpm" "$P/unsigned.rpm")
rc=$?
if [ "$rc" -eq 1 ] && [ "$out" = "OK $P/rsa.rpm
FAIL $P/unsigned.rpm: not signed (no header signature (tag 267 or 268))" ]; then
    t_ok mixed-run-exit-1-in-order
else
    t_fail mixed-run-exit-1-in-order "exit $rc: $out"
fi

weird=$(printf '%s/we"ird\\\nname\001.rpm' "$P")
cp "$P/rsa.rpm" "$weird"
# shellcheck disable=SC2086
"$SC" $AS --json --jobs 1 --keyring "$T/kr" "$weird" "$P/empty.rpm" >"$T/out.json"
rc=$?
if [ "$rc" -eq 1 ] && python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
name = sys.argv[2]
assert len(rows) == 2, rows
assert rows[0]["file"].encode("latin-1") == name.encode("utf-8", "surrogateescape"), rows[0]
assert rows[0]["ok"] is True and rows[0]["code"] == "ok"
assert rows[1]["ok"] is False and rows[1]["code"] == "not-rpm"
' "$T/out.json" "$weird" 2>"$T/py.err"; then
    t_ok json-one-object-per-file-escaped
else
    t_fail json-one-object-per-file-escaped "exit $rc: $(cat "$T/py.err" "$T/out.json" | tr '\n' ' ')"
fi
# shellcheck disable=SC2086
n=$("$SC" $AS --keyring "$T/kr" "$weird" | wc -l)
[ "$n" -eq 1 ] && t_ok text-name-escaped-one-line || t_fail text-name-escaped-one-line "$n lines"

# Usage and set-up errors exit 2 and print nothing on stdout.
usage_case() {
    _name=$1; shift
    _out=$("$@" 2>/dev/null)
    _rc=$?
    if [ "$_rc" -eq 2 ] && [ -z "$_out" ]; then t_ok "$_name"; else t_fail "$_name" "exit $_rc, stdout: $_out"; fi
}
mkdir -p "$T/kr-empty" "$T/kr-junk"
echo "not a key" >"$T/kr-junk/junk.asc"
# shellcheck disable=SC2086
usage_case usage-no-file "$SC" $AS --keyring "$T/kr"
usage_case usage-no-keyring "$SC" $AS "$P/rsa.rpm"
usage_case usage-bad-jobs "$SC" $AS --jobs 0 --keyring "$T/kr" "$P/rsa.rpm"
usage_case keyring-empty-dir "$SC" $AS --keyring "$T/kr-empty" "$P/rsa.rpm"
usage_case keyring-missing-dir "$SC" $AS --keyring "$T/nonexistent" "$P/rsa.rpm"
usage_case keyring-non-key-file "$SC" $AS --keyring "$T/kr-junk" "$P/rsa.rpm"
if [ "$(id -u)" -eq 0 ]; then
    usage_case root-without-user-refused "$SC" --keyring "$T/kr" "$P/rsa.rpm"
    usage_case user-root-refused "$SC" --user root --keyring "$T/kr" "$P/rsa.rpm"
fi
"$SC" --help | grep -q '^Exit status' && t_ok help-text || t_fail help-text "no exit status section"
# --version prints the one version of the project (the VERSION file).
v=$("$SC" --version)
[ "$v" = "airlock-sigcheck $(cat VERSION)" ] && t_ok version-from-VERSION ||
    t_fail version-from-VERSION "got '$v', VERSION says $(cat VERSION)"

# Regression (found by the keyring fuzz target): an armored key file whose
# "=" checksum line is longer than the 4 characters of a CRC-24 made the
# armor decoder write past a 3-byte buffer. Now: that file is skipped with
# a warning naming it, and the good key beside it still works.
mkdir -p "$T/kr-longcrc"
cp "$T/trusted.asc" "$T/kr-longcrc/"
printf '%s\n\n%s\n%s\n%s\n' '-----BEGIN PGP PUBLIC KEY BLOCK-----' 'mQGNBGsC5W4BDAD' \
    '=Zk4aD20dGfo/uhY9dlIkN6rYYAJksFzxWJaV+uizRdb5ULM' \
    '-----END PGP PUBLIC KEY BLOCK-----' >"$T/kr-longcrc/long-crc.asc"
chmod -R a+rX "$T/kr-longcrc"
# shellcheck disable=SC2086
out=$("$SC" $AS --keyring "$T/kr-longcrc" "$P/rsa.rpm" 2>"$T/longcrc.err")
if [ "$out" = "OK $P/rsa.rpm" ] && grep -q 'long-crc.asc: bad base64 or checksum' "$T/longcrc.err"; then
    t_ok keyring-armor-long-checksum-line-skipped
else
    t_fail keyring-armor-long-checksum-line-skipped "$out / $(cat "$T/longcrc.err")"
fi

# A user macro file must not lower the policy (it is never read).
mkdir -p "$T/home"
printf '%%_pkgverify_level none\n%%__vsflags 0xffffffff\n' >"$T/home/.rpmmacros"
# shellcheck disable=SC2086
out=$(HOME=$T/home RPM_CONFIGDIR=$T/home "$SC" $AS --keyring "$T/kr" "$P/unsigned.rpm")
[ "$out" = "FAIL $P/unsigned.rpm: not signed (no header signature (tag 267 or 268))" ] &&
    t_ok user-macros-ignored || t_fail user-macros-ignored "$out"

# Every worker count gives the same verdicts (details aside: librpm names
# a missing key only once per key ID and process).
# shellcheck disable=SC2086
a=$("$SC" $AS --jobs 1 --keyring "$T/kr" "$P"/*.rpm 2>/dev/null | sed 's/ (.*//')
# shellcheck disable=SC2086
b=$("$SC" $AS --jobs 3 --keyring "$T/kr" "$P"/*.rpm 2>/dev/null | sed 's/ (.*//')
if [ -n "$a" ] && [ "$a" = "$b" ]; then t_ok jobs-1-and-3-agree; else
    t_fail jobs-1-and-3-agree "outputs differ: $(printf "%s\n" "$a" >"$T/a"; printf "%s\n" "$b" | diff "$T/a" - | tr "\n" " ")"; fi

# --file-digest: each passing file's whole-file SHA-256 (as sha256sum
# computes it), under the very cache name createrepo_c --cachedir gives
# that file (RSA, Ed25519, v3-signed); a failing file gets neither.
# (rpmsign 4.18 writes no legacy GPG/PGP signature tags, even with
# --rpmv3, so the part of the key built from them is not exercised here;
# were it wrong, createrepo_c would find no entry and hash the file.)
mkdir -p "$T/cr/pkgs" "$T/cr/cache"
for k in rsa ed v3 other; do ln "$P/$k.rpm" "$T/cr/pkgs/$k.rpm"; done
createrepo_c -q --no-database --cachedir "$T/cr/cache" "$T/cr/pkgs" >/dev/null 2>&1
(cd "$T/cr/cache" && ls) | sort >"$T/cr/want"
# shellcheck disable=SC2086
(cd "$T/cr/pkgs" && "$SC" $AS --json --file-digest --keyring "$T/kr" rsa.rpm ed.rpm v3.rpm other.rpm) >"$T/cr/out"
rc=$?
sed -n 's/.*"crcache":"\([^"]*\)".*/\1/p' "$T/cr/out" | sort >"$T/cr/got"
sums_ok=1
for k in rsa ed v3; do
    want=$(sha256sum <"$T/cr/pkgs/$k.rpm" | cut -d' ' -f1)
    grep -q "^{\"file\":\"$k.rpm\",\"ok\":true,.*\"sha256\":\"$want\",\"crcache\":\"$k.rpm-" "$T/cr/out" || sums_ok=0
done
grep -q '"file":"other.rpm","ok":false' "$T/cr/out" && ! grep '"file":"other.rpm"' "$T/cr/out" | grep -q sha256 || sums_ok=0
if [ "$rc" -eq 1 ] && [ "$sums_ok" -eq 1 ] && [ "$(wc -l <"$T/cr/got")" -eq 3 ] &&
    grep -v '^other\.rpm-' "$T/cr/want" | cmp -s - "$T/cr/got"; then
    t_ok file-digest-sha256-and-createrepo-cache-name
else
    t_fail file-digest-sha256-and-createrepo-cache-name "exit $rc, sums $sums_ok; createrepo_c: $(tr '\n' ' ' <"$T/cr/want"); ours: $(tr '\n' ' ' <"$T/cr/got")"
fi
# shellcheck disable=SC2086
usage_case file-digest-needs-json "$SC" $AS --file-digest --keyring "$T/kr" "$P/rsa.rpm"

# Header size bounds (regression: the fuzzer found that a signature
# header whose index count is exactly 64 MiB / 16 let any data length
# through the check, and the verifier asked for a 4 GB buffer): a lead,
# then a header intro with il = 0x400000 and dl = 0xedabeedb, must be
# "too large" before anything more is read or allocated. The largest
# index count a signature header may have (32, AL_RPM_SIG_IL_MAX), with
# the least dl (16), is read (and found truncated).
lead_and_intro() { # IL-BYTES DL-BYTES: 96-byte lead, 16-byte header intro
    printf '\355\253\356\333\003\000\000\000'
    head -c 70 /dev/zero
    printf '\000\005'
    head -c 16 /dev/zero
    printf '\216\255\350\001\000\000\000\000%b%b' "$1" "$2"
}
lead_and_intro '\000\100\000\000' '\355\253\356\333' >"$T/il-wrap.rpm"
lead_and_intro '\000\000\000\040' '\000\000\000\020' >"$T/il-max.rpm"
# shellcheck disable=SC2086
out=$("$SC" $AS --json --keyring "$T/kr" "$T/il-wrap.rpm" "$T/il-max.rpm")
if printf '%s\n' "$out" | sed -n 1p | grep -q '"code":"malformed",.*"detail":"spec/RPM.md section 3.5: entry count or data size out of bounds (signature header)"' &&
    printf '%s\n' "$out" | sed -n 2p | grep -q '"code":"malformed",.*"detail":"spec/RPM.md section 1: does not end where the sizes in its headers say (signature header)"'; then
    t_ok header-index-count-bound-cannot-wrap
else
    t_fail header-index-count-bound-cannot-wrap "$out"
fi
