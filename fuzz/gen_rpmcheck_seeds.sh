#!/bin/sh
# fuzz/gen_rpmcheck_seeds.sh -- seeds of the rpmcheck target, made offline
# with rpmbuild and rpmsign (tests/rpmlib.sh) and tests/forge.py.
#
# Real packages of several shapes: one small file; 150 files with
# dependencies, scriptlets and a changelog (a main header of tens of KiB);
# MD5 file digests (_binary_filedigest_algorithm 1) with a compressed
# payload. Each unsigned, signed with a throwaway RSA-3072 key and with an
# Ed25519 key (rpmsign --addsign), the small one also with a v3 item
# (1002, 1005) or the 64-bit sizes (270, 271) added, and without the
# legacy signature-header tags (269 SHA1, 1000 SIZE, 1004 MD5,
# 1007 PAYLOADSIZE, 1008 RESERVEDSPACE deleted with forge.py: only the
# header signature and 273 SHA256 are left). Each seed is the package cut
# right after its main header (rpmcheck never reads the payload); one
# keeps 64 payload bytes. Also: the two known findings of fuzz/README.md
# (F1 a main-header INT32 entry retyped to BIN, bytes unchanged; F2 a
# main-header tag of 2^31 or more), and rejected prefixes: bare lead,
# truncated signature header, truncated main header, a prefix ending in
# the padding, unowned data bytes in either header. Files go to
# corpus/rpmcheck/ named by SHA-1 (a re-run adds new ones: the packages
# carry random data and new keys, which are thrown away with the
# temporary directory).
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=tests/rpmlib.sh
. tests/rpmlib.sh
rl_scratch
P=$T/p
mkdir -p "$P" corpus/rpmcheck

# A package with N files under /opt/airlock-test, dependencies,
# scriptlets and a changelog; EXTRA: more rpmbuild --define arguments.
big_rpm() {
    _n=$1 _files=$2
    shift 2
    _b=$T/$_n.build
    mkdir -p "$_b/SPECS"
    {
        echo "%define _build_id_links none"
        echo "%define debug_package %{nil}"
        echo "%define __os_install_post %{nil}"
        printf 'Name: %s\nVersion: 2.%s\nRelease: 3\n' "$_n" "$_files"
        echo "Summary: airlock rpmcheck seed with $_files files"
        echo "License: MIT"
        echo "BuildArch: noarch"
        echo "Requires: /bin/sh, coreutils >= 8"
        echo "Provides: airlock-seed($_n) = 2"
        echo "Conflicts: airlock-old < 1"
        printf '%%description\nSeed package for the rpmcheck fuzz target.\n'
        printf '%%install\nmkdir -p %%{buildroot}/opt/airlock-test\n'
        echo "for i in \$(seq 1 $_files); do echo \"file \$i\" >%{buildroot}/opt/airlock-test/f\$i.txt; done"
        printf '%%post\necho installed\n%%preun\necho removing\n'
        printf '%%files\n/opt/airlock-test\n'
        printf '%%changelog\n* Mon Jan 01 2024 Airlock Test <t@test.invalid> - 2-3\n- seed\n'
    } >"$_b/SPECS/p.spec"
    HOME=$_b rpmbuild --quiet --define "_topdir $_b" --define "_rpmdir $_b/RPMS" \
        "$@" -bb "$_b/SPECS/p.spec" >/dev/null 2>&1
    mv "$_b"/RPMS/noarch/*.rpm "$T/$_n.rpm"
    rm -rf "$_b"
}

mk_key "$T" rsa rsa3072
mk_key "$T" ed ed25519
mk_rpm "$T" small 1 >/dev/null
big_rpm many 150 --define "_binary_payload w0.ufdio"
big_rpm md5 20 --define "_binary_filedigest_algorithm 1" --define "_binary_payload w9.xzdio"

for base in small many md5; do
    cp "$T/$base.rpm" "$P/$base-unsigned.rpm"
    for k in rsa ed; do
        cp "$T/$base.rpm" "$P/$base-$k.rpm"
        sign_rpm "$T" "$k" "$P/$base-$k.rpm"
        cp "$P/$base-$k.rpm" "$P/$base-$k-nolegacy.rpm"
        for tag in 269 1000 1004 1007 1008; do
            python3 tests/forge.py del-tag "$P/$base-$k-nolegacy.rpm" \
                "$P/$base-$k-nolegacy.rpm" "$tag"
        done
    done
done
# rpmsign 4.18 writes no v3 signature (--rpmv3 adds nothing here) and
# no 64-bit sizes for small packages: the legacy 1002 PGP (RSA) / 1005 GPG
# (EdDSA) items get a copy of the header signature's packet, and 270
# LONGSIZE / 271 LONGARCHIVESIZE (INT64) are added (forge.py add-tag lays
# them out as rpm does; their values are not checked by rpmcheck).
F=tests/forge.py
h=$(python3 $F tag-hex "$P/small-rsa.rpm" 268)
python3 $F add-tag "$P/small-rsa.rpm" "$P/small-rsa-v3.rpm" 1002 BIN $((${#h} / 2)) "$h"
h=$(python3 $F tag-hex "$P/small-ed.rpm" 267)
python3 $F add-tag "$P/small-ed.rpm" "$P/small-ed-v3.rpm" 1005 BIN $((${#h} / 2)) "$h"
python3 $F add-tag "$P/small-rsa.rpm" "$P/small-rsa-long.rpm" 270 INT64 1 0000000000001c19
python3 $F add-tag "$P/small-rsa-long.rpm" "$P/small-rsa-long.rpm" 271 INT64 1 0000000000000400

S=$T/s
mkdir -p "$S"
for f in "$P"/*.rpm; do
    head -c "$(rpm_payload_offset "$f")" "$f" >"$S/$(basename "$f" .rpm)"
done
head -c "$(($(rpm_payload_offset "$P/small-ed.rpm") + 64))" "$P/small-ed.rpm" >"$S/with-payload"

# The known finding F1: the first main-header INT32 entry right after an
# INT16 or INT32 one (so it has no alignment padding before it) retyped to
# BIN with count 4 times its count, bytes unchanged: airlock accepts,
# rpmReadHeader and headerImport refuse ("tag[N]: BAD": rpm knows the tag
# as INT32).
python3 - "$S/small-rsa" "$S/finding-main-int32-as-bin" <<'EOF'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
il, dl = struct.unpack(">II", b[104:112])
m = 96 + 16 + 16 * il + dl
m += (8 - m % 8) % 8
mil = struct.unpack(">I", b[m + 8:m + 12])[0]
for i in range(2, mil):
    e = m + 16 + 16 * i
    tag, typ, off, count = struct.unpack(">IIII", b[e:e + 16])
    ptyp, poff, pcount = struct.unpack(">III", b[e - 12:e])
    if typ == 4 and ptyp in (3, 4) and poff + pcount * (2 if ptyp == 3 else 4) == off:
        b[e + 4:e + 16] = struct.pack(">III", 7, off, 4 * count)
        break
else:
    sys.exit("no INT32 main-header entry right after an INT16 or INT32 one")
open(sys.argv[2], "wb").write(b)
EOF

# The second (F2): the last main-header tag plus 2^31 (still the largest,
# so still ascending): airlock accepts, rpm refuses it as a negative tag.
python3 - "$S/small-rsa" "$S/finding-main-tag-2-31" <<'EOF'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
il, dl = struct.unpack(">II", b[104:112])
m = 96 + 16 + 16 * il + dl
m += (8 - m % 8) % 8
e = m + 16 + 16 * (struct.unpack(">I", b[m + 8:m + 12])[0] - 1)
b[e:e + 4] = struct.pack(">I", struct.unpack(">I", b[e:e + 4])[0] + 2**31)
open(sys.argv[2], "wb").write(b)
EOF

# Rejected shapes the fuzzer rarely makes by itself: 8 data bytes that
# belong to no entry before the region trailer (RPM.md §3.3; entry 0's
# offset, dl and the trailer moved alike), in the signature header and in
# the main header; and a prefix that ends inside the padding.
python3 - "$S/small-rsa" "$S" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
def hdr_end(h):
    il, dl = struct.unpack(">II", b[h + 8:h + 16])
    return h + 16 + 16 * il + dl
def unowned(h):
    il, dl = struct.unpack(">II", b[h + 8:h + 16])
    t = h + 16 + 16 * il + dl - 16
    out = bytearray(b[:t]) + bytes(8) + b[t:]
    out[h + 12:h + 16] = struct.pack(">I", dl + 8)
    out[h + 24:h + 28] = struct.pack(">I", dl + 8 - 16)
    return out
s = hdr_end(96)
m = s + (8 - s % 8) % 8
open(sys.argv[2] + "/unowned-sig", "wb").write(unowned(96)[:m + 8] + b[m:])
open(sys.argv[2] + "/unowned-main", "wb").write(unowned(m))
open(sys.argv[2] + "/padding-truncated", "wb").write(b[:s + (1 if m > s else 0)])
EOF

head -c 96 "$S/small-rsa" >"$S/lead-only"
head -c 200 "$S/small-rsa" >"$S/sig-truncated"
head -c "$(($(rpm_payload_offset "$P/small-rsa.rpm") - 1))" "$P/small-rsa.rpm" >"$S/main-truncated"

for f in "$S"/*; do
    cp "$f" "corpus/rpmcheck/$(sha1sum "$f" | cut -c1-40)"
done
ls -l "$S"
