#!/usr/bin/env python3
"""gen_seeds.py -- write the seed inputs of every fuzz target into corpus/.

Seeds come from the spec: the golden example of FORMAT.md (FACTS.md §1),
valid streams of several shapes, and one stream per rejection class of
src/core/qfile.h (AL_E_*). Each target's input format is described in its
harness (fuzz/<target>.c); this script wraps the same streams for each.
Files are named by the SHA-1 of their content (as libFuzzer names them), so
re-running adds nothing twice. Afterwards `make fuzz-run` minimizes the
corpus with -set_cover_merge=1.

Usage: python3 fuzz/gen_seeds.py [TARGET...]   (default: every target)
"""
import hashlib
import os
import struct
import sys
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
T0 = 0x66000000
REG = 0o100644


def hdr(namelen, mode=REG, filelen=0, atime=T0, ansec=0, mtime=T0, mnsec=0):
    return struct.pack("<IIQIIII", namelen, mode, filelen, atime, ansec,
                       mtime, mnsec)


def entry(name, data=b"", mode=REG, ansec=0, mnsec=0, filelen=None,
          namelen=None, rawname=None):
    if isinstance(name, str):
        name = name.encode()
    raw = rawname if rawname is not None else name + b"\0"
    nl = len(raw) if namelen is None else namelen
    fl = len(data) if filelen is None else filelen
    return hdr(nl, mode, fl, T0, ansec, T0, mnsec) + raw + data


END = bytes(32)


def stream(*entries, end=True):
    return b"".join(entries) + (END if end else b"")


GOLDEN = stream(entry("a.rpm", b"abcd"))
assert len(GOLDEN) == 74 and zlib.crc32(GOLDEN) == 0x89738B63

LONG_RPM = "a" * 256 + ".rpm"          # 260 bytes: the longest rpm name
LONG_PORTABLE = "p" * 255               # the longest portable name

# Valid streams of several shapes: (label, stream, policy 0 rpm/1 portable).
VALID = [
    ("golden", GOLDEN, 0),
    ("empty", END, 0),
    ("empty-file", stream(entry("empty.rpm")), 0),
    ("three", stream(entry("a.rpm", b"x"), entry("b-1.0-1.x86_64.rpm", b"y" * 100),
                     entry("Z_z+z^z~.rpm", bytes(range(256)) * 4)), 0),
    ("longname", stream(entry(LONG_RPM, b"data")), 0),
    ("setuid-kept-regular", stream(entry("s.rpm", b"s", mode=0o104755)), 0),
    ("nsec-max", stream(entry("n.rpm", b"n", ansec=999999999, mnsec=999999999)), 0),
    ("portable", stream(entry("hello world.txt", b"hi\n"), entry("..a", b""),
                        entry("~!@#$%^&*()", b"z")), 1),
    ("portable-long", stream(entry(LONG_PORTABLE, b"q" * 40)), 1),
]

# One stream per rejection class: (label, stream, policy, expected AL_E_*).
REJECT = [
    ("namelen-1", stream(entry("", rawname=b"\0")), 0, 1),
    ("namelen-262", stream(entry("a" * 257 + ".rpm")), 0, 1),
    ("namelen-huge", stream(hdr(0xFFFFFFFF)), 0, 1),
    ("name-nul-inside", stream(entry("", rawname=b"a\0b.rpm\0")), 0, 2),
    ("name-no-nul", stream(entry("", rawname=b"abc.rpm")), 0, 2),
    ("policy-slash", stream(entry("../x.rpm", b"x")), 0, 3),
    ("policy-not-rpm", stream(entry("a.txt", b"x")), 0, 3),
    ("policy-leading-dot", stream(entry(".a.rpm", b"x")), 0, 3),
    ("policy-dotdot", stream(entry("..", b"")), 1, 3),
    ("policy-high-byte", stream(entry(b"\xc3\xa9.rpm", b"")), 1, 3),
    ("mode-dir", stream(entry("d.rpm", mode=0o40755)), 0, 4),
    ("mode-symlink", stream(entry("l.rpm", b"target", mode=0o120777)), 0, 4),
    ("mode-high-bits", stream(entry("h.rpm", b"", mode=0o110644)), 0, 4),
    ("nsec-atime", stream(entry("t.rpm", b"", ansec=1000000000)), 0, 5),
    ("nsec-mtime", stream(entry("t.rpm", b"", mnsec=0xFFFFFFFF)), 0, 5),
    ("bad-end-marker", stream(entry("a.rpm", b"a"), end=False) +
     hdr(0, 0, 0, 0, 0, 0, 0)[:8] + b"\1" + bytes(23), 0, 6),
    ("end-marker-first-nonzero", hdr(0, REG, 0), 0, 6),
    ("trailing", GOLDEN + b"x", 0, 9),
    ("trailing-second-stream", GOLDEN + GOLDEN, 0, 9),
    ("truncated-header", GOLDEN[:20], 0, 10),
    ("truncated-name", GOLDEN[:35], 0, 10),
    ("truncated-data", GOLDEN[:40], 0, 10),
    ("truncated-no-end", GOLDEN[:42], 0, 10),
    ("truncated-huge-filelen", stream(entry("a.rpm", b"abc", filelen=1 << 40),
                                      end=False), 0, 10),
    ("empty-input", b"", 0, 10),
]

# Limit rejections need small limits: (label, stream, max_files, max_bytes, err).
LIMITS = [
    ("files", stream(entry("a.rpm", b"1"), entry("b.rpm", b"2"), entry("c.rpm", b"3")), 2, 100, 7),
    ("files-zero", GOLDEN, 0, 100, 7),
    ("bytes", stream(entry("a.rpm", b"1" * 10), entry("b.rpm", b"2" * 10)), 10, 15, 8),
    ("bytes-exact-ok", stream(entry("a.rpm", b"1" * 10), entry("b.rpm", b"2" * 5)), 2, 15, 0),
    ("bytes-wrap", stream(entry("a.rpm", b"", filelen=(1 << 64) - 1), end=False), 10, 15, 8),
]


def write(target, data):
    d = os.path.join(ROOT, "corpus", target)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
        return 1
    return 0


def parser_cfg(policy, limits=0, b1=0, b2=0, b3=0, chunks=b""):
    return bytes([policy | (limits << 1), b1, b2, b3, len(chunks)]) + chunks


CHUNKINGS = [b"", b"\x01", b"\x07\x03\x00", b"\x1f\x21", b"\x20\x06\x04\xff"]


def seeds_parser():
    out = []
    for i, (_, s, pol) in enumerate(VALID):
        for ch in CHUNKINGS:
            out.append(parser_cfg(pol, chunks=ch) + s)
        out.append(parser_cfg(pol, 2, 0, 0, 0, CHUNKINGS[i % 5]) + s)
    for i, (_, s, pol, _e) in enumerate(REJECT):
        out.append(parser_cfg(pol, chunks=CHUNKINGS[i % 5]) + s)
    for _, s, mf, mb, _e in LIMITS:
        out.append(parser_cfg(0, 1, mf, mb & 0xFF, mb >> 8, b"\x05") + s)
        out.append(parser_cfg(0, 3, mf, mb % 8, 0) + s)
    return out


def seeds_name():
    names = [b"a.rpm", b"Z.rpm", b"0.rpm", b".rpm", b"a.rp", b"a.rpmx",
             LONG_RPM.encode(), b"a" * 257 + b".rpm", b"a" * 255 + b".rpm",
             b"glibc-2.36-9.fc37.x86_64.rpm", b"a_b+c^d~e-f.rpm", b"-a.rpm",
             b"a/b.rpm", b"a b.rpm", b"a\0.rpm", b"\xff.rpm", b"a.RPM",
             b".", b"..", b"...", b".a", b" ", b"~", b"\x7f", b"\x1f",
             LONG_PORTABLE.encode(), b"p" * 256, b"", b"a.rpm\0"]
    return names


def result_bytes(code, crc, name=None, pad=0, crc_hi=0, ext_len=None):
    r = struct.pack("<IIII", code, pad, crc, crc_hi)
    if name is not None:
        r += struct.pack("<I", len(name) if ext_len is None else ext_len) + name
    return r


def seeds_result():
    return [
        result_bytes(0, 0x89738B63, b"a.rpm"),              # golden success
        result_bytes(0, 0x89738B63),                          # no extension
        result_bytes(22, 0, b"x.txt"),                        # EINVAL + name
        result_bytes(84, 0, b"\xc3\xa9.rpm"),                 # EILSEQ
        result_bytes(122, 0, b""),                            # EDQUOT, empty ext
        result_bytes(0, 0, b"a" * 4096),                      # longest name
        result_bytes(0, 0, b"a" * 4097),                      # one too long
        result_bytes(0, 0, pad=1),                            # bad pad
        result_bytes(0, 0, crc_hi=1),                         # bad crc high half
        result_bytes(0, 0, b"abc", ext_len=4),                # ext length mismatch
        result_bytes(0, 0)[:15],                              # short
        result_bytes(0, 0) + b"\1\2",                         # 18 bytes
        b"",
        # encoder-argument shapes (bytes 8-9: ext flag, capacity)
        struct.pack("<II", 17, 0xCBF43926) + b"\x01\x00" + b"name.rpm",
        struct.pack("<II", 0, 0) + b"\x01\x85" + b"n" * 300,
        struct.pack("<II", 5, 6) + b"\x00\x90" + b"ignored",
    ]


def unpack_cfg(policy, limits=0, b1=0, b2=0, b3=0, flags=0, bufsize=64,
               err_at=0, sizes=b""):
    return bytes([policy | (limits << 1) | flags, b1, b2, b3, bufsize,
                  err_at & 0xFF, err_at >> 8, len(sizes)]) + sizes


DUPLICATE = stream(entry("a.rpm", b"1"), entry("a.rpm", b"2"))


def seeds_unpack():
    out = []
    for i, (_, s, pol) in enumerate(VALID):
        out.append(unpack_cfg(pol, bufsize=0) + s)                 # 1 MiB reads
        out.append(unpack_cfg(pol, bufsize=1) + s)                 # 1-byte reads
        out.append(unpack_cfg(pol, sizes=b"\x07\x03\x00") + s)
        out.append(unpack_cfg(pol, flags=0x40, bufsize=200) + s)   # pipes, fdio.c
        out.append(unpack_cfg(pol, flags=0x08) + s)                # symlink planted
        out.append(unpack_cfg(pol, flags=0x10, err_at=40 + i) + s)  # read error
        out.append(unpack_cfg(pol, flags=0x20) + s)                # result write fails
        out.append(unpack_cfg(pol, flags=0x60) + s)                # result pipe closed
    for i, (_, s, pol, _e) in enumerate(REJECT):
        out.append(unpack_cfg(pol, bufsize=(i * 37) % 256) + s)
    for _, s, mf, mb, _e in LIMITS:
        out.append(unpack_cfg(0, 1, mf, mb & 0xFF, mb >> 8, bufsize=33) + s)
    for lim in (0, 5, 100):                                      # EFBIG at a write
        out.append(unpack_cfg(0, flags=0x80, err_at=lim, sizes=b"\x03") + VALID[3][1])
    out.append(unpack_cfg(0) + DUPLICATE)
    out.append(unpack_cfg(0, bufsize=74) + GOLDEN + b"trailing")  # end marker ends a read
    return out


def seeds_send():
    out = []
    for i, r in enumerate(seeds_result()[:13]):
        crc = 0x89738B63 if i < 2 else 0
        out.append(bytes([1]) + struct.pack("<I", crc) + b"\xff\x00" + r)
        out.append(bytes([0]) + struct.pack("<I", crc) + b"\x10\x00" + r)  # incomplete, short msg
    for code in (17, 67, 121, 28, 5, 1000):      # EEXIST ENOLINK EREMOTEIO ENOSPC EIO unknown
        out.append(bytes([1]) + struct.pack("<I", 0) + b"\xff\x00" + result_bytes(code, 0, b"f.rpm"))
    out.append(bytes([1]) + struct.pack("<I", 1) + b"\xff\x00" + result_bytes(0, 2, b"f.rpm"))  # CRC mismatch
    out.append(bytes([3]) + struct.pack("<I", 0x89738B63) + b"\xff\x05" + b"a.rpmabcd")
    out.append(bytes([7]) + struct.pack("<I", 0x89738B63) + b"\xff\x05" + b"a.rpmabcd")  # shrank
    out.append(bytes([11]) + struct.pack("<I", 0x89738B63) + b"\xff\x05" + b"a.rpmabcd")  # EPIPE
    out.append(bytes([2]) + struct.pack("<I", 0x81A40000) + b"\xff\x08" + b"x y.txt\0data")
    return out


TARGETS = {"parser": seeds_parser, "name": seeds_name, "result": seeds_result,
           "unpack": seeds_unpack, "send": seeds_send}


def main(argv):
    targets = argv[1:] or sorted(TARGETS)
    for t in targets:
        if t not in TARGETS:
            sys.exit("gen_seeds.py: unknown target " + t)
        n = sum(write(t, s) for s in TARGETS[t]())
        print("%s: %d new seeds" % (t, n))


if __name__ == "__main__":
    main(sys.argv)
