#!/usr/bin/python3
"""rpmrules.py -- byte edits of a real package, one per rule of
spec/RPM.md sections 2-6, for tests/suites/43-rpm-rules.sh.

  rpmrules.py EDIT IN OUT     write IN with EDIT applied to OUT; print
                              "ENTRY TAG": the index of the entry the
                              edit is about in its header and the tag that
                              entry then has (0 0 when it is about none)
  rpmrules.py pos IN WHAT     print a main-header offset for forge.py
                              hdr-patch (WHAT: entry-tag-N, last-string-end)

Offsets are found by reading the package as it is (lead 96 bytes, the
signature header, padding to 8, the main header); nothing is rebuilt, so
exactly the bytes an edit names change (the suite checks that they do).
"""
import struct
import sys

LEAD = 96


def u32(b, o):
    return struct.unpack_from(">I", b, o)[0]


def put32(b, o, v):
    struct.pack_into(">I", b, o, v & 0xFFFFFFFF)


class Hdr:
    """A header at offset h of b: il, dl, its entries, its data store."""

    def __init__(self, b, h):
        self.h, self.il, self.dl = h, u32(b, h + 8), u32(b, h + 12)
        self.ds = h + 16 + 16 * self.il
        self.size = 16 + 16 * self.il + self.dl
        self.ent = [struct.unpack_from(">IIII", b, h + 16 + 16 * i)
                    for i in range(self.il)]

    def at(self, i, field=0):
        """File offset of entry i's field (0 tag, 1 type, 2 offset, 3 count)."""
        return self.h + 16 + 16 * i + 4 * field

    def index(self, tag):
        for i, e in enumerate(self.ent):
            if i > 0 and e[0] == tag:
                return i
        raise SystemExit("rpmrules.py: no tag %d" % tag)


def parts(b):
    sig = Hdr(b, LEAD)
    pad = (8 - sig.size % 8) % 8
    return sig, pad, Hdr(b, LEAD + sig.size + pad)


def set_field(b, hdr, tag, field, value):
    i = hdr.index(tag)
    put32(b, hdr.at(i, field), value)
    return i


def edit(name, b):
    """Apply edit NAME to bytearray b; (entry, tag, new length or None)."""
    sig, pad, main = parts(b)
    m = main.h
    if name == "lead-ignored":
        b[5:10] = b"\x07\x05\x05\x09\x09"
        b[10:76] = b"garbage-name-\xff" * 4 + b"\xee" * 10
        b[76:78] = b"\x12\x34"
        b[80:96] = b"\xa5" * 16
    elif name == "lead-major-4":
        b[4] = 4
    elif name == "padding-nonzero":
        if pad == 0:
            raise SystemExit("rpmrules.py: this package has no padding")
        b[LEAD + sig.size:m] = b"\xff" * pad
    elif name == "lead-magic":
        b[0] ^= 0xFF
    elif name == "lead-short":
        return 0, 0, 95
    elif name == "lead-major-5":
        b[4] = 5
    elif name == "lead-sigtype-1":
        b[79] = 1
    elif name == "truncated-sig":
        return 0, 0, sig.ds + 8
    elif name == "truncated-padding":
        if pad == 0:
            raise SystemExit("rpmrules.py: this package has no padding")
        return 0, 0, LEAD + sig.size + pad - 1
    elif name == "truncated-main":
        return 0, 0, main.ds + 8
    elif name == "sig-magic":
        b[LEAD] ^= 0xFF
    elif name == "sig-reserved":
        b[LEAD + 7] = 1
    elif name == "main-magic":
        b[m + 1] ^= 0xFF
    elif name == "main-reserved":
        b[m + 4] = 1
    elif name == "sig-il-33":
        put32(b, LEAD + 8, 33)
    elif name == "sig-dl-over":
        put32(b, LEAD + 12, 262144 + 16)
    elif name == "main-il-0":
        put32(b, m + 8, 0)
    elif name == "main-dl-over":
        put32(b, m + 12, 64 << 20)
    elif name == "sig-region-entry":
        put32(b, sig.at(0), 61)
    elif name == "sig-trailer-61":
        put32(b, sig.ds + sig.dl - 16, 61)
    elif name == "main-region-62":
        put32(b, main.at(0), 62)
    elif name == "sig-unsigned-275":
        return set_field(b, sig, 1007, 0, 275), 275, None
    elif name == "sig-tag-9999":
        return set_field(b, sig, 1007, 0, 9999), 9999, None
    elif name == "sig-tag-272":
        return set_field(b, sig, 273, 0, 272), 272, None
    elif name == "sig-268-int32":
        return set_field(b, sig, 268, 1, 4), 268, None
    elif name == "sig-1004-count-15":
        return set_field(b, sig, 1004, 3, 15), 1004, None
    elif name == "sig-repeat-273":
        set_field(b, sig, 269, 0, 273)
        return sig.index(273), 273, None
    elif name == "sig-268-count-0":
        return set_field(b, sig, 268, 3, 0), 268, None
    elif name == "sig-place-overlap":
        i = sig.index(269)
        put32(b, sig.at(i, 2), sig.ent[i][2] - 1)
        return i, 269, None
    elif name == "sig-unowned":
        i = sig.index(1008)
        if i != sig.il - 1:
            raise SystemExit("rpmrules.py: 1008 is not the last entry")
        put32(b, sig.at(i, 3), sig.ent[i][3] - 1)
    elif name == "main-type-0":
        put32(b, main.at(1, 1), 0)
        return 1, main.ent[1][0], None
    elif name == "main-type-10":
        put32(b, main.at(1, 1), 10)
        return 1, main.ent[1][0], None
    elif name == "main-string-count-2":
        i = main.index(1000)
        put32(b, main.at(i, 3), 2)
        return i, 1000, None
    elif name == "main-5093-int16":
        return set_field(b, main, 5093, 1, 3), 5093, None
    elif name == "main-5092-string":
        return set_field(b, main, 5092, 1, 6), 5092, None
    elif name == "main-place-misaligned":
        i = main.index(5093)
        put32(b, main.at(i, 2), main.ent[i][2] + 1)
        return i, 5093, None
    elif name == "main-below-100":
        put32(b, main.at(1), 99)
        return 1, 99, None
    elif name == "main-tag-2-31":
        # The last tag plus 2^31: still ascending, but negative as rpm's
        # int32_t reads it (fuzz finding F2).
        i = main.il - 1
        put32(b, main.at(i), main.ent[i][0] + 0x80000000)
        return i, main.ent[i][0] + 0x80000000, None
    else:
        raise SystemExit("rpmrules.py: unknown edit %s" % name)
    return 0, 0, None


def pos(b, what):
    """Main-header offsets (from its magic) for forge.py hdr-patch."""
    main = parts(b)[2]
    if what.startswith("entry-tag-"):
        return main.at(int(what[10:])) - main.h
    if what == "last-string-end":
        # The byte before the NUL of the last entry's (string) data.
        return main.ds - main.h + main.dl - 16 - 2
    raise SystemExit("rpmrules.py: unknown position %s" % what)


def main_(argv):
    if len(argv) == 4 and argv[1] == "pos":
        with open(argv[2], "rb") as f:
            print(pos(f.read(), argv[3]))
        return 0
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[2], "rb") as f:
        b = bytearray(f.read())
    entry, tag, cut = edit(argv[1], b)
    with open(argv[3], "wb") as f:
        f.write(b if cut is None else b[:cut])
    print(entry, tag)
    return 0


if __name__ == "__main__":
    sys.exit(main_(sys.argv))
