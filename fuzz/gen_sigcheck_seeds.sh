#!/bin/sh
# fuzz/gen_sigcheck_seeds.sh -- seeds of the sigcheck target, made offline
# with tests/rpmlib.sh (gpg, rpmbuild, rpmsign): two throwaway keys whose
# public halves become the harness's keyring (fuzz/sigcheck-keys/, public
# keys only; the secret keys are deleted with the temporary directory),
# and small packages: signed with each key (RSA, Ed25519), unsigned,
# signed by a key not in the keyring, a payload byte flipped, a header
# byte flipped, truncated, with bytes appended, and the bare lead.
# Files go to corpus/sigcheck/ named by SHA-1. Re-running makes new keys,
# so it replaces the keyring and the seeds signed with it.
set -eu
cd "$(dirname "$0")/.."
. tests/rpmlib.sh
rl_scratch
mk_key "$T" fz-rsa rsa3072
mk_key "$T" fz-ed ed25519
mk_key "$T" fz-other ed25519
rm -rf fuzz/sigcheck-keys
mkdir -p fuzz/sigcheck-keys corpus/sigcheck
cp "$T/fz-rsa.asc" "$T/fz-ed.asc" fuzz/sigcheck-keys/
mk_rpm "$T" fzpkg 1 >/dev/null
P=$T/p
mkdir -p "$P"
cp "$T/fzpkg.rpm" "$P/unsigned.rpm"
for k in rsa ed other; do
    cp "$T/fzpkg.rpm" "$P/$k.rpm"
    sign_rpm "$T" "fz-$k" "$P/$k.rpm"
done
cp "$P/ed.rpm" "$P/payload-flip.rpm"
patch_byte "$P/payload-flip.rpm" "$(($(rpm_payload_offset "$P/ed.rpm") + 10))"
cp "$P/ed.rpm" "$P/header-flip.rpm"
patch_byte "$P/header-flip.rpm" "$(($(rpm_hdr_offset "$P/ed.rpm") + 40))"
head -c "$(($(rpm_payload_offset "$P/rsa.rpm") + 5))" "$P/rsa.rpm" >"$P/truncated.rpm"
{ cat "$P/ed.rpm"; printf 'appended'; } >"$P/appended.rpm"
head -c 96 "$P/ed.rpm" >"$P/lead-only.rpm"
for f in "$P"/*.rpm; do
    cp "$f" "corpus/sigcheck/$(sha1sum "$f" | cut -c1-40)"
done
ls "$P"
