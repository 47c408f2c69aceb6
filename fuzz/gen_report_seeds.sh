#!/bin/sh
# fuzz/gen_report_seeds.sh -- seeds of the report target: real stage
# report records, as airlock-sigcheck --report-fd writes them (build/
# airlock-sigcheck, `make all` first), over packages made offline with
# tests/rpmlib.sh: signed by a trusted RSA and Ed25519 key (with
# --output-dir, so with digest and cache name), unsigned, by a key not in
# the keyring, a payload byte flipped, truncated, not an RPM, and a name
# with marks; plus hand-made broken records, one rule each (the table of
# tests/unit/test_record.c in miniature). One record per file, without
# its LF, named by SHA-1, into corpus/report/.
# shellcheck disable=SC1091 # sourced helpers
set -eu
cd "$(dirname "$0")/.."
. tests/rpmlib.sh
rl_scratch
SC=$PWD/build/airlock-sigcheck
[ -x "$SC" ] || { echo "gen_report_seeds: $SC missing (make all)" >&2; exit 1; }
mk_key "$T" fz-rsa rsa3072
mk_key "$T" fz-ed ed25519
mk_key "$T" fz-other ed25519
mkdir -p "$T/kr" "$T/p" "$T/out" corpus/report
cp "$T/fz-rsa.asc" "$T/fz-ed.asc" "$T/kr/"
mk_rpm "$T" fzpkg 1 >/dev/null
P=$T/p
cp "$T/fzpkg.rpm" "$P/unsigned.rpm"
for k in rsa ed other; do
    cp "$T/fzpkg.rpm" "$P/$k.rpm"
    sign_rpm "$T" "fz-$k" "$P/$k.rpm"
done
cp "$P/ed.rpm" "$P/A9._+^~-x.rpm"
cp "$P/ed.rpm" "$P/payload-flip.rpm"
patch_byte "$P/payload-flip.rpm" "$(($(rpm_payload_offset "$P/ed.rpm") + 10))"
head -c "$(($(rpm_payload_offset "$P/rsa.rpm") + 5))" "$P/rsa.rpm" >"$P/truncated.rpm"
printf 'not an rpm\n' >"$P/notrpm.rpm"
# As root it runs only as another user: nobody, who must read the
# packages and write the copies. Its exit status is 1 when a package
# fails: expected here.
u=""
[ "$(id -u)" -ne 0 ] || { u="--user nobody"; chmod -R a+rX "$T"; chmod 777 "$T/out"; }
# shellcheck disable=SC2086 # u: an option and its value, or nothing
(cd "$P" && "$SC" $u --keyring "$T/kr" --output-dir "$T/out" --report-fd 3 -- *.rpm \
    3>"$T/report" >/dev/null 2>"$T/err") || true
# shellcheck disable=SC2086
(cd "$P" && "$SC" $u --keyring "$T/kr" --report-fd 3 -- ed.rpm rsa.rpm 3>>"$T/report" \
    >/dev/null 2>>"$T/err") || true
[ -s "$T/report" ] || { echo "gen_report_seeds: no report: $(head -n 2 "$T/err")" >&2; exit 1; }
good=$(grep -m1 "	ok	" "$T/report")
fail=$(grep -m1 "	no-key	" "$T/report")
{
    cat "$T/report"
    printf '%s\n' "$good" | sed 's/\t[^\t]*$//'                  # 12 fields
    printf '%s\textra\n' "$good"                                 # 14 fields
    printf '%s\n' "$good" | sed 's/^pkg/PKG/'                   # type
    printf '%s\n' "$good" | sed 's/\tok\tok\t/\tOK\tok\t/'       # verdict
    printf '%s\n' "$good" | sed 's/\tok\tok\t/\tfail\tok\t/'     # verdict and code
    printf '%s\n' "$fail" | sed 's/\\x20/ /'                     # raw space
    printf '%s\n' "$fail" | sed 's/\\x20/\\x61/'                 # needless escape
    printf '%s\n' "$fail" | sed 's/\\x20/\\x00/'                 # escaped NUL
    printf '%s\n' "$fail" | sed 's/\\x20/\\x2/'                  # short escape
    printf '%s\n' "$good" | sed 's/^pkg\t[^\t]*/pkg\tsub\\x2fa.rpm/'   # file not an rpm name
    printf '%s\n' "$fail" | sed 's/\tno-key\t\t/\tno-key\tname\t/'     # not empty
} | while IFS= read -r line; do
    h=$(printf '%s' "$line" | sha1sum | cut -c1-40)
    printf '%s' "$line" >"corpus/report/$h"
done
find corpus/report -type f | wc -l
