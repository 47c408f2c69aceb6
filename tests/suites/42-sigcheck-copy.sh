#!/bin/sh
# airlock-sigcheck --output-dir: the canonical copy (src/sigcheck/canon.h,
# copy.h). Keys and packages are made offline in a temp dir
# (tests/rpmlib.sh). Checked: a copy exists exactly for each passing
# package; rpmkeys -K at _pkgverify_level all says "digests signatures
# OK" for every copy and Sequoia's sqv verifies its header signature; the
# copy's signature header holds exactly the region, the header
# signature, the SHA-256 digest and the size; lead, header and payload are
# the input's bytes; mode 0644, mtime kept; what the copy drops (legacy
# MD5) is not held against the package; existing names and unusable
# directories fail cleanly.
# shellcheck disable=SC2015,SC2012
set -u
# shellcheck source=tests/lib.sh
. tests/lib.sh
# shellcheck source=tests/rpmlib.sh
. tests/rpmlib.sh

SC=${SIGCHECK:-$PWD/build/airlock-sigcheck}
FORGE=$PWD/tests/forge.py
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
chmod 755 "$T"
umask 022
export LC_ALL=C
AS=""
[ "$(id -u)" -eq 0 ] && AS="--user nobody"

setup() {
    mk_key "$T" rsa rsa3072 && mk_key "$T" ed ed25519 || return 1
    mkdir -p "$T/kr" "$T/db" "$T/p" && cp "$T/rsa.asc" "$T/ed.asc" "$T/kr/" || return 1
    rpmkeys --dbpath "$T/db" --import "$T/rsa.asc" "$T/ed.asc" || return 1
    mk_rpm "$T" base 64 >/dev/null || return 1
    for k in rsa ed; do cp "$T/base.rpm" "$T/p/$k.rpm" && sign_rpm "$T" $k "$T/p/$k.rpm" || return 1; done
    cp "$T/base.rpm" "$T/p/unsigned.rpm"
    cp "$T/p/rsa.rpm" "$T/p/md5bad.rpm"
    # shellcheck disable=SC2046
    set -- $(rpm_sigtag_data "$T/p/md5bad.rpm" 1004) && patch_byte "$T/p/md5bad.rpm" $(($1 + 3))
    cp "$T/p/rsa.rpm" "$T/p/payloadbad.rpm"
    patch_byte "$T/p/payloadbad.rpm" $(($(rpm_payload_offset "$T/p/payloadbad.rpm") + 100))
    touch -d '2021-03-04 05:06:07' "$T/p/rsa.rpm"
    chmod -R a+rX "$T"
}

# out DIR: a fresh output directory the checker's user may write.
out() { rm -rf "$1" && mkdir -p "$1" && chmod 777 "$1"; }

if ! setup >"$T/setup.log" 2>&1; then
    t_fail copy-setup "$(tail -n 3 "$T/setup.log" | tr '\n' ' ')"
    exit 0
fi
t_ok copy-setup

out "$T/o"
# shellcheck disable=SC2086
"$SC" $AS --json --output-dir "$T/o" --keyring "$T/kr" "$T"/p/*.rpm >"$T/o.json" 2>"$T/o.err"
rc=$?
have=$(cd "$T/o" && ls | tr '\n' ' ')
if [ "$rc" -eq 1 ] && [ "$have" = "ed.rpm md5bad.rpm rsa.rpm " ]; then
    t_ok copy-exactly-for-passing-packages
else
    t_fail copy-exactly-for-passing-packages "exit $rc, copies: $have"
fi

# What the copy drops is not held against the package (plain mode: MD5
# mismatch), and rpmkeys accepts the copy without it.
# shellcheck disable=SC2086
plain=$("$SC" $AS --json --keyring "$T/kr" "$T/p/md5bad.rpm")
if grep -q '"file":"[^"]*md5bad.rpm","ok":true' "$T/o.json" &&
    printf '%s\n' "$plain" | grep -q '"code":"legacy-digest"'; then
    t_ok copy-drops-md5-instead-of-checking-it
else
    t_fail copy-drops-md5-instead-of-checking-it "$(cat "$T/o.json")"
fi

for f in "$T"/o/*.rpm; do
    n=$(basename "$f")
    r=$(rpmkeys --dbpath "$T/db" -K --define '_pkgverify_level all' --define '_pkgverify_flags 0x0' "$f" 2>&1)
    [ "$r" = "$f: digests signatures OK" ] && t_ok "copy-rpmkeys-ok-$n" || t_fail "copy-rpmkeys-ok-$n" "$r"
    tags=$(python3 "$FORGE" dump "$f" | awk 'NR > 1 { printf "%s ", $1 }')
    case $n in ed.rpm) want="267 273 1000 " ;; *) want="268 273 1000 " ;; esac
    [ "$tags" = "$want" ] && t_ok "copy-signature-header-exact-$n" ||
        t_fail "copy-signature-header-exact-$n" "tags $tags, want $want"
    python3 "$FORGE" extract "$f" "$T/hdr" "$T/sig" &&
        sqv --keyring "$T/kr/rsa.asc" --keyring "$T/kr/ed.asc" "$T/sig" "$T/hdr" >/dev/null 2>&1 &&
        t_ok "copy-sqv-verifies-$n" || t_fail "copy-sqv-verifies-$n" "sqv rejects the copy"
    src=$T/p/$n
    ho=$(rpm_hdr_offset "$src")
    co=$(rpm_hdr_offset "$f")
    if cmp -s "$src" "$f" -n 96 && cmp -s "$src" "$f" -i "$ho:$co" &&
        [ "$(stat -c %a "$f")" = 644 ]; then
        t_ok "copy-same-lead-header-payload-mode-644-$n"
    else
        t_fail "copy-same-lead-header-payload-mode-644-$n" "bytes or mode differ ($(stat -c %a "$f"))"
    fi
done
[ "$(stat -c %Y "$T/o/rsa.rpm")" = "$(stat -c %Y "$T/p/rsa.rpm")" ] &&
    t_ok copy-keeps-mtime || t_fail copy-keeps-mtime "$(stat -c %y "$T/o/rsa.rpm")"

# The copy of a copy is the same file (the encoding is canonical).
out "$T/o2"
# shellcheck disable=SC2086
"$SC" $AS --output-dir "$T/o2" --keyring "$T/kr" "$T/o/rsa.rpm" >/dev/null 2>&1
cmp -s "$T/o/rsa.rpm" "$T/o2/rsa.rpm" && t_ok copy-of-copy-identical ||
    t_fail copy-of-copy-identical "the second copy differs"

# An existing name is not overwritten: write-error, the old file intact.
printf 'old\n' >"$T/o2/ed.rpm"
chmod 644 "$T/o2/ed.rpm"
# shellcheck disable=SC2086
line=$("$SC" $AS --json --output-dir "$T/o2" --keyring "$T/kr" "$T/p/ed.rpm")
if printf '%s\n' "$line" | grep -q '"code":"write-error".*File exists' &&
    [ "$(cat "$T/o2/ed.rpm")" = old ]; then
    t_ok copy-existing-name-write-error
else
    t_fail copy-existing-name-write-error "$line"
fi

# A directory the checker cannot write: write-error per file, no copy.
mkdir -p "$T/ro" && chmod 555 "$T/ro"
# shellcheck disable=SC2086
line=$("$SC" $AS --json --output-dir "$T/ro" --keyring "$T/kr" "$T/p/rsa.rpm")
if printf '%s\n' "$line" | grep -q '"code":"write-error"' && [ -z "$(ls "$T/ro")" ]; then
    t_ok copy-unwritable-dir-write-error
else
    t_fail copy-unwritable-dir-write-error "$line"
fi

# A missing output directory is a set-up error: exit 2, nothing printed.
# shellcheck disable=SC2086
line=$("$SC" $AS --output-dir "$T/missing" --keyring "$T/kr" "$T/p/rsa.rpm" 2>/dev/null)
rc=$?
[ "$rc" -eq 2 ] && [ -z "$line" ] && t_ok copy-missing-dir-exit-2 ||
    t_fail copy-missing-dir-exit-2 "exit $rc: $line"

# --file-digest describes the copy, not the input.
out "$T/o3"
# shellcheck disable=SC2086
sum=$("$SC" $AS --json --file-digest --output-dir "$T/o3" --keyring "$T/kr" "$T/p/rsa.rpm" |
    sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p')
want=$(sha256sum "$T/o3/rsa.rpm" | cut -c1-64)
[ -n "$sum" ] && [ "$sum" = "$want" ] && t_ok copy-file-digest-is-the-copys ||
    t_fail copy-file-digest-is-the-copys "json $sum, file $want"
