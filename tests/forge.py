#!/usr/bin/python3
"""forge.py: byte-exact RPM signature-header forgeries, for airlock tests.

Reads a real (normally signed) RPM and writes an edited copy in which only
the intended defect is present: the signature header is rebuilt from its
entries, so the index count (il), data length (dl), data offsets, type
alignment (INT16 2, INT32 4, INT64 8), the region trailer at the end of
the region's data and the padding to a multiple of 8 bytes are all as rpm
itself writes them. Data is laid out in index order (rpm requires it);
entries after the region ("dribble") have their data after the trailer.
Rebuilding an unedited package gives the same bytes (`forge.py same`).
The main-header commands (payload-digest, hdr-*) rebuild the main header
the same way (unedited, it comes out byte-identical: hdr-rebuild) and
keep the signature header consistent with the new bytes: SIZE (1000),
LONGSIZE (270), the header digests (269, 273) and the header+payload MD5
(1004) recomputed, the header signatures (267, 268) deleted, so that the
only defect is the intended one once the header is signed again
(tests/keylib.sh sign_header). Header magic: only its first 4 bytes are
checked on reading (hdr-reserved output can be read again).
The sig-* edits rewrite the OpenPGP packet inside a signature tag, in
its own packet format, without touching what it signs; the key-*
commands read and reorder the packets of a certificate file as they
are, byte for byte (key-move-sig moves one packet, nothing else).
Python 3 standard library only.

Usage: forge.py COMMAND ARGS...   (TAG and VALUE are decimal; TYPE is a
name NULL CHAR INT8 INT16 INT32 INT64 STRING BIN STRING_ARRAY I18NSTRING
or its number 0-9; HEX is hex digits, "" for none; IN and OUT may be the
same file.)

Reading:
  dump FILE [main]          one line per entry of the signature header (or
                            of the main header): tag type offset count len
  tag-hex FILE TAG          the data of signature tag TAG, as hex
  extract FILE HDR [SIG]    write the signed main header (its magic up to
                            the payload) to HDR and the header signature
                            (tag 268, else 267) to SIG: `sqv --keyring K
                            SIG HDR` checks it independently
  same FILE                 exit 0 if rebuilding FILE changes no byte
  sig-info FILE [TAG]       version, algorithms, creation time and issuer
                            key ID of the signature packet in tag TAG
                            (default 268, else 267)

Editing the signature header:
  add-tag IN OUT TAG TYPE COUNT HEX
                            new entry inside the region, in tag order
  add-tag-outside-region IN OUT TAG TYPE COUNT HEX
                            new entry after the region: il grows, the
                            trailer keeps the old count ("dribble")
  dup-tag IN OUT TAG [HEX]  a forged copy of TAG right BEFORE the genuine
                            one: data HEX, or the genuine bytes inverted
  retype IN OUT TAG TYPE [COUNT]
                            change the type; the bytes are kept (cut to
                            whole elements, a NUL added for strings)
  set-data IN OUT TAG HEX [COUNT]
                            replace the data (count derived from the type
                            unless given)
  del-tag IN OUT TAG        remove the (first) entry TAG
  set-int IN OUT TAG VALUE  replace the value of an integer tag
  sig-unhashed IN OUT TAG HEX
                            the v4 signature packet in TAG with its unhashed
                            subpacket area replaced by HEX (whole
                            subpackets, "" for an empty area); area and
                            packet lengths fixed, packet format kept: the
                            signature stays valid (the issuer key ID, 16,
                            normally lives there)
  sig-rsa-add-n IN OUT TAG CERT
                            the RSA signature MPI s in TAG replaced by s + n,
                            n the modulus of CERT's RSA key (primary or
                            subkey; armored or binary) whose key ID is the
                            signature's issuer key ID: s + n is congruent to
                            s, so s^e mod n is unchanged (malleability)
  payload-digest IN OUT ALGO
                            main header: payload digest algorithm (tag
                            5093) ALGO (8 SHA-256, 9 SHA-384, 10 SHA-512,
                            2 SHA-1, 1 MD5) with the matching digests (tags
                            5092, 5097; true for w0.ufdio payloads);
                            signature header: digests and sizes recomputed,
                            header signatures deleted (sign it again)

Rewriting the main header (the signature header kept consistent as for
payload-digest; sign the result again):
  hdr-rebuild IN OUT        rebuilt unchanged (a control: same bytes)
  hdr-region-tag IN OUT TAG region entry and trailer tag TAG (62, 61)
  hdr-dribble IN OUT        an INT32 entry (tag 1000000) appended after
                            the region: il grows, the trailer keeps the
                            old count
  hdr-reserved IN OUT [HEX] magic bytes 4..7 set to HEX (8 hex digits,
                            default 00000001) instead of zeros
  hdr-no-region IN OUT      region entry and trailer removed altogether
  hdr-patch IN OUT POS HEX  the bytes HEX written at offset POS of the main
                            header (one byte-exact defect, digests redone)

Certificates (IN, FILE armored or binary; OUT armored if its name ends
in .asc, else binary):
  key-list FILE             one line per OpenPGP packet: index, tag, length,
                            and the signature type of signature packets
  key-armor FILE            print FILE's packets as an armored public key
                            block
  key-move-sig IN OUT SIGTYPE WHERE
                            move the first signature packet of type SIGTYPE
                            (0x20 key revocation, 0x28 subkey revocation,
                            ...) to WHERE: after-uid (after the first User ID
                            packet and the signatures that follow it) or end
                            (after the last packet)

Crafting:
  mkpacket [OPTIONS]        an OpenPGP signature packet, printed as hex
      --version 3|4  --pubkey N (1 RSA, 17 DSA, 22 EdDSA, ...)
      --hash N (1 MD5, 2 SHA-1, 3 RIPEMD-160, 8 SHA-256, 9, 10, 11, 100+)
      --sigtype N  --created EPOCH (default: now)
      --fpr HEX (issuer key ID = its last 8 bytes; v4 also gets an
      issuer-fingerprint subpacket 33 unless --no-fpr-subpacket)
      --keyid HEX  --bits N (size of the dummy MPIs)
      --left16-from RPM (the 2 "left 16 bits" are the true hash prefix
      of RPM's main header, so only the signature itself is bogus)
      --new-format (new packet header)  --trailing HEX  --twice
      --truncate N (drop the last N bytes)
  mkv6key OUT [EPOCH]       an armored (CRC-24) "PGP PUBLIC KEY BLOCK"
                            holding one version-6 Ed25519 public-key packet
"""

import base64
import hashlib
import struct
import sys
import time

LEAD = 96
MAGIC = b"\x8e\xad\xe8\x01\x00\x00\x00\x00"
TYPES = {"NULL": 0, "CHAR": 1, "INT8": 2, "INT16": 3, "INT32": 4,
         "INT64": 5, "STRING": 6, "BIN": 7, "STRING_ARRAY": 8,
         "I18NSTRING": 9}
SIZES = {0: 0, 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1}
ALIGN = {3: 2, 4: 4, 5: 8}
INTFMT = {2: ">B", 3: ">H", 4: ">I", 5: ">Q"}
STRINGS = (6, 8, 9)
SIG_REGION, MAIN_REGION = 62, 63
DRIBBLE_TAG = 1000000
HASHES = {1: "md5", 2: "sha1", 3: "ripemd160", 8: "sha256", 9: "sha384",
          10: "sha512", 11: "sha224", 12: "sha3_256", 14: "sha3_512"}


class ForgeError(Exception):
    """A request that cannot be carried out on this input."""


class Entry:
    """One index entry with its data bytes (offset only as read)."""

    def __init__(self, tag, typ, count, data, offset=None):
        """An entry; offset is where its data was read (None if new)."""
        self.tag, self.type, self.count = tag, typ, count
        self.data, self.offset = bytes(data), offset


class Header:
    """A header structure: region tag (None: no region), entries after
    the region entry, and ril, how many of them lie inside the region."""

    def __init__(self, region, entries, ril):
        """A header with region tag region."""
        self.region, self.entries, self.ril = region, entries, ril


# ---------------------------------------------------------------- parsing

def u32(buf, pos):
    """Big-endian unsigned 32-bit value at pos."""
    return struct.unpack_from(">I", buf, pos)[0]


def header_len(buf, start):
    """Total length in bytes of the header structure at start (only the
    first 4 bytes of the magic are checked)."""
    if buf[start:start + 4] != MAGIC[:4]:
        raise ForgeError("no header magic at offset %d" % start)
    return 16 + 16 * u32(buf, start + 8) + u32(buf, start + 12)


def pad8(n):
    """n rounded up to a multiple of 8."""
    return (n + 7) // 8 * 8


def layout(buf):
    """(main header offset, payload offset) of the package in buf."""
    hdr = LEAD + pad8(header_len(buf, LEAD))
    return hdr, hdr + header_len(buf, hdr)


def typed_len(typ, count, blob):
    """Length of count elements of type typ at the start of blob (at most
    len(blob): damaged entries keep the bytes up to the next entry)."""
    if typ in STRINGS:
        n, pos = (1 if typ == 6 else count), 0
        for _ in range(n):
            end = blob.find(b"\0", pos)
            if end < 0:
                return len(blob)
            pos = end + 1
        return pos
    return min(len(blob), count * SIZES.get(typ, 1))


def read_rows(buf, start):
    """The index rows (tag, type, offset, count) and the data store of
    the header at start."""
    header_len(buf, start)
    il, dl = u32(buf, start + 8), u32(buf, start + 12)
    rows = [struct.unpack_from(">IIiI", buf, start + 16 + 16 * i)
            for i in range(il)]
    ds = start + 16 + 16 * il
    return rows, buf[ds:ds + dl]


def parse_header(buf, start, region):
    """Parse the header at start whose first entry is region tag region."""
    rows, data = read_rows(buf, start)
    if not rows or rows[0][0] != region or rows[0][1] != 7 or rows[0][3] != 16:
        raise ForgeError("header at %d does not start with region %d"
                         % (start, region))
    toff = rows[0][2]
    ttag, ttype, tneg, tcount = struct.unpack_from(">IIiI", data, toff)
    if (ttag, ttype, tcount) != (region, 7, 16) or tneg % 16 or tneg >= 0:
        raise ForgeError("bad region trailer in header at %d" % start)
    ril = -tneg // 16 - 1
    entries = []
    for i, (tag, typ, off, count) in enumerate(rows[1:], 1):
        bound = rows[i + 1][2] if i + 1 < len(rows) else len(data)
        if i == ril:
            bound = toff
        blob = data[off:max(off, bound)]
        entries.append(Entry(tag, typ, count,
                             blob[:typed_len(typ, count, blob)], off))
    return Header(region, entries, ril)


# --------------------------------------------------------------- building

def build_header(h):
    """The bytes of header h: region entry first, data in index order,
    aligned by type, trailer right after the region's data."""
    if h.region is None:
        return build_plain(h.entries)
    rows, data, toff = [], bytearray(), None
    for i, e in enumerate(h.entries):
        if i == h.ril:
            toff = len(data)
            data += struct.pack(">IIiI", h.region, 7, -16 * (h.ril + 1), 16)
        while len(data) % ALIGN.get(e.type, 1):
            data.append(0)
        rows.append(struct.pack(">IIiI", e.tag, e.type, len(data), e.count))
        data += e.data
    if toff is None:
        toff = len(data)
        data += struct.pack(">IIiI", h.region, 7, -16 * (h.ril + 1), 16)
    rows.insert(0, struct.pack(">IIiI", h.region, 7, toff, 16))
    return (MAGIC + struct.pack(">II", len(rows), len(data))
            + b"".join(rows) + bytes(data))


def build_plain(entries):
    """The bytes of a header without region: entries and their data in
    index order, aligned by type."""
    rows, data = [], bytearray()
    for e in entries:
        while len(data) % ALIGN.get(e.type, 1):
            data.append(0)
        rows.append(struct.pack(">IIiI", e.tag, e.type, len(data), e.count))
        data += e.data
    return (MAGIC + struct.pack(">II", len(rows), len(data))
            + b"".join(rows) + bytes(data))


def load(path):
    """(file bytes, parsed signature header) of the package at path."""
    with open(path, "rb") as f:
        buf = f.read()
    if len(buf) < LEAD or buf[:4] != b"\xed\xab\xee\xdb":
        raise ForgeError("%s: not an RPM (no lead)" % path)
    return buf, parse_header(buf, LEAD, SIG_REGION)


def assemble(buf, sig, main=None):
    """New file bytes: buf's lead, signature header sig padded to 8, then
    main (the bytes of a new main header) or buf's own header, then the
    payload."""
    hdr, payload = layout(buf)
    out = bytearray(buf[:LEAD]) + build_header(sig)
    out += bytes(pad8(len(out)) - len(out))
    out += main if main is not None else buf[hdr:payload]
    return bytes(out + buf[payload:])


def save(path, data):
    """Write data to path (replacing it)."""
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- editing

def parse_type(text):
    """A type given by name or number."""
    if text.upper() in TYPES:
        return TYPES[text.upper()]
    if text.isdigit():
        return int(text)
    raise ForgeError("unknown type %r" % text)


def find(h, tag):
    """Index of the first entry with tag in h."""
    for i, e in enumerate(h.entries):
        if e.tag == tag:
            return i
    raise ForgeError("no tag %d in the header" % tag)


def insert(h, pos, entry, inside):
    """Insert entry at pos (at most h.ril if inside the region)."""
    h.entries.insert(pos, entry)
    if inside:
        h.ril += 1


def derived_count(typ, data):
    """The element count data holds for type typ."""
    if typ == 6:
        return 1
    if typ in STRINGS:
        return max(1, data.count(b"\0"))
    size = SIZES.get(typ, 1)
    return len(data) // size if size else 0


def op_add_tag(h, tag, typ, count, data):
    """New entry inside the region, before the first larger tag."""
    pos = h.ril
    for i in range(h.ril):
        if h.entries[i].tag > tag:
            pos = i
            break
    insert(h, pos, Entry(tag, typ, count, data), True)


def op_add_outside(h, tag, typ, count, data):
    """New entry after the region; the trailer keeps its count."""
    h.entries.append(Entry(tag, typ, count, data))


def op_dup_tag(h, tag, data=None):
    """A forged copy of tag placed right before the genuine entry."""
    i = find(h, tag)
    old = h.entries[i]
    if data is None:
        data = bytes(b ^ 0xff for b in old.data)
    count = len(data) if old.type == 7 else old.count
    insert(h, i, Entry(tag, old.type, count, data), i < h.ril)


def op_retype(h, tag, typ, count=None):
    """Give tag type typ, keeping its bytes as far as they fit."""
    e = h.entries[find(h, tag)]
    data = e.data
    if typ in STRINGS and not data.endswith(b"\0"):
        data += b"\0"
    size = SIZES.get(typ, 1)
    if typ not in STRINGS and size:
        data = data[:len(data) // size * size] or bytes(size)
    e.type, e.data = typ, data
    e.count = derived_count(typ, data) if count is None else count


def op_set_data(h, tag, data, count=None):
    """Replace the data of tag."""
    e = h.entries[find(h, tag)]
    e.data = data
    e.count = derived_count(e.type, data) if count is None else count


def op_del_tag(h, tag):
    """Remove the first entry with tag."""
    i = find(h, tag)
    del h.entries[i]
    if i < h.ril:
        h.ril -= 1


def op_set_int(h, tag, value):
    """Replace the value of integer tag (count becomes 1)."""
    e = h.entries[find(h, tag)]
    if e.type not in INTFMT:
        raise ForgeError("tag %d has type %d, not an integer" % (tag, e.type))
    e.data, e.count = struct.pack(INTFMT[e.type], value), 1


# --------------------------------------------------- payload digest algo

def hasher(algo):
    """A new hashlib object for OpenPGP/rpm hash algorithm number algo."""
    if algo not in HASHES:
        raise ForgeError("no hashlib algorithm for hash %d" % algo)
    return hashlib.new(HASHES[algo])


def set_entry(h, tag, data, typ=None, count=None):
    """Replace tag's data (and type/count) in h, or add it if absent."""
    try:
        e = h.entries[find(h, tag)]
    except ForgeError:
        op_add_tag(h, tag, typ, count or 1, data)
        return
    e.data = data
    e.type = typ if typ is not None else e.type
    e.count = count if count is not None else derived_count(e.type, data)


def resign_sig(sig, hdr_bytes, payload):
    """Recompute the signature header's digests and sizes for new header
    bytes, drop its header signatures."""
    for tag in (267, 268):
        while any(e.tag == tag for e in sig.entries):
            op_del_tag(sig, tag)
    sha1 = hashlib.sha1(hdr_bytes).hexdigest().encode() + b"\0"
    sha256 = hashlib.sha256(hdr_bytes).hexdigest().encode() + b"\0"
    set_entry(sig, 269, sha1)
    set_entry(sig, 273, sha256)
    set_entry(sig, 1004, hashlib.md5(hdr_bytes + payload).digest())
    total = len(hdr_bytes) + len(payload)
    if any(e.tag == 1000 for e in sig.entries):
        op_set_int(sig, 1000, total)
    if any(e.tag == 270 for e in sig.entries):
        op_set_int(sig, 270, total)


def rewrite_main(buf, sig, edit):
    """New file bytes: edit(main header, payload) gives the bytes of the
    new main header; sig is made consistent with them (resign_sig)."""
    hdr, payload_at = layout(buf)
    main = parse_header(buf, hdr, MAIN_REGION)
    payload = buf[payload_at:]
    new = edit(main, payload)
    resign_sig(sig, new, payload)
    return assemble(buf, sig, new)


def op_payload_digest(main, payload, algo):
    """Main header bytes naming payload digest algorithm algo, with the
    matching digests of payload."""
    h = hasher(algo)
    h.update(payload)
    digest = h.hexdigest().encode() + b"\0"
    set_entry(main, 5093, struct.pack(">I", algo), 4, 1)
    set_entry(main, 5092, digest, 8, 1)
    set_entry(main, 5097, digest, 8, 1)
    return build_header(main)


# ------------------------------------------- main header structure defects

def op_region_tag(main, tag):
    """Main header bytes with region entry and trailer tag tag."""
    main.region = tag
    return build_header(main)


def op_dribble(main):
    """Main header bytes with an INT32 entry after the region (il grows,
    the trailer keeps the old count)."""
    op_add_outside(main, DRIBBLE_TAG, 4, 1, struct.pack(">I", 42))
    return build_header(main)


def op_reserved(main, reserved):
    """Main header bytes whose magic bytes 4..7 are reserved (4 bytes)."""
    if len(reserved) != 4 or reserved == MAGIC[4:]:
        raise ForgeError("hdr-reserved: give 4 bytes, not all zero")
    out = build_header(main)
    return out[:4] + reserved + out[8:]


def op_no_region(main):
    """Main header bytes without region entry and trailer."""
    main.region = None
    return build_header(main)


def op_patch(main, pos, data):
    """Main header bytes (rebuilt unchanged) with data written at pos:
    one byte-exact defect, under the digests resign_sig then recomputes."""
    out = bytearray(build_header(main))
    if pos < 0 or pos + len(data) > len(out):
        raise ForgeError("hdr-patch: %d bytes at %d outside the header"
                         % (len(data), pos))
    out[pos:pos + len(data)] = data
    return bytes(out)


# ------------------------------------------------------- OpenPGP packets

def mpi(bits, seed):
    """A dummy MPI of exactly bits bits (deterministic from seed)."""
    nbytes = (bits + 7) // 8
    raw = bytearray()
    while len(raw) < nbytes:
        raw += hashlib.sha256(seed + bytes([len(raw) & 0xff])).digest()
    raw = raw[:nbytes]
    top = bits - 8 * (nbytes - 1)
    raw[0] = (raw[0] & ((1 << top) - 1)) | (1 << (top - 1))
    return struct.pack(">H", bits) + bytes(raw)


def mpis(pubkey, bits):
    """The dummy signature MPIs for public-key algorithm pubkey."""
    if pubkey in (1, 2, 3):
        return mpi(bits or 3072, b"rsa")
    size = bits or 256
    return mpi(size, b"r") + mpi(size, b"s")


def subpacket(typ, body):
    """One signature subpacket (length < 192)."""
    return bytes([len(body) + 1, typ]) + body


def v4_parts(opt):
    """(hashed part, unhashed subpacket area) of a v4 signature."""
    hashed = subpacket(2, struct.pack(">I", opt["created"]))
    if opt["fpr"] and not opt["no_fpr"]:
        hashed = subpacket(33, b"\x04" + opt["fpr"]) + hashed
    head = bytes([4, opt["sigtype"], opt["pubkey"], opt["hash"]])
    unhashed = subpacket(16, opt["keyid"])
    return (head + struct.pack(">H", len(hashed)) + hashed,
            struct.pack(">H", len(unhashed)) + unhashed)


def left16(opt, trailer):
    """The left 16 bits: the true hash prefix of the main header of
    opt["left16_from"] plus trailer, when asked for and computable."""
    if not opt["left16_from"] or opt["hash"] not in HASHES:
        return b"\0\0"
    with open(opt["left16_from"], "rb") as f:
        buf = f.read()
    hdr, payload = layout(buf)
    try:
        h = hasher(opt["hash"])
    except ValueError:
        return b"\0\0"
    h.update(buf[hdr:payload] + trailer)
    return h.digest()[:2]


def sig_body(opt):
    """The body of the signature packet described by opt."""
    if opt["version"] == 3:
        hashed = bytes([opt["sigtype"]]) + struct.pack(">I", opt["created"])
        return (bytes([3, 5]) + hashed + opt["keyid"]
                + bytes([opt["pubkey"], opt["hash"]])
                + left16(opt, hashed) + mpis(opt["pubkey"], opt["bits"]))
    hashed, unhashed = v4_parts(opt)
    trailer = hashed + b"\x04\xff" + struct.pack(">I", len(hashed))
    return (hashed + unhashed + left16(opt, trailer)
            + mpis(opt["pubkey"], opt["bits"]))


def packet(tag, body, new_format=False):
    """An OpenPGP packet: old format (as gpg writes) or new format."""
    n = len(body)
    if new_format:
        if n < 192:
            size = bytes([n])
        elif n < 8384:
            size = bytes([((n - 192) >> 8) + 192, (n - 192) & 0xff])
        else:
            size = b"\xff" + struct.pack(">I", n)
        return bytes([0xc0 | tag]) + size + body
    if n < 256:
        return bytes([0x80 | tag << 2, n]) + body
    if n < 65536:
        return bytes([0x80 | tag << 2 | 1]) + struct.pack(">H", n) + body
    return bytes([0x80 | tag << 2 | 2]) + struct.pack(">I", n) + body


def packet_options(args):
    """Parse mkpacket's options into a dict."""
    opt = {"version": 4, "pubkey": 1, "hash": 8, "sigtype": 0,
           "created": int(time.time()), "fpr": None, "keyid": None,
           "no_fpr": False, "bits": 0, "left16_from": None,
           "new_format": False, "trailing": b"", "twice": False,
           "truncate": 0}
    flags = {"--no-fpr-subpacket": "no_fpr", "--new-format": "new_format",
             "--twice": "twice"}
    it = iter(args)
    for a in it:
        if a in flags:
            opt[flags[a]] = True
            continue
        key = a[2:].replace("-", "_")
        if not a.startswith("--") or key not in opt:
            raise ForgeError("mkpacket: unknown option %r" % a)
        val = next(it, None)
        if val is None:
            raise ForgeError("mkpacket: %s needs a value" % a)
        opt[key] = val
    return finish_options(opt)


def finish_options(opt):
    """Convert mkpacket option values to their types."""
    for key in ("version", "pubkey", "hash", "sigtype", "created", "bits",
                "truncate"):
        opt[key] = int(opt[key])
    for key in ("fpr", "keyid", "trailing"):
        if isinstance(opt[key], str):
            opt[key] = bytes.fromhex(opt[key])
    if opt["keyid"] is None:
        opt["keyid"] = opt["fpr"][-8:] if opt["fpr"] else bytes(8)
    if len(opt["keyid"]) != 8 or (opt["fpr"] and len(opt["fpr"]) != 20):
        raise ForgeError("mkpacket: key ID is 8 bytes, fingerprint 20")
    return opt


def cmd_mkpacket(args):
    """Print the crafted signature packet(s) as hex."""
    opt = packet_options(args)
    pkt = packet(2, sig_body(opt), opt["new_format"])
    out = pkt + (pkt if opt["twice"] else b"") + opt["trailing"]
    if opt["truncate"]:
        out = out[:-opt["truncate"]]
    print(out.hex())


def crc24(data):
    """The OpenPGP armor checksum (RFC 4880, 6.1)."""
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def armor(data, kind="PUBLIC KEY BLOCK"):
    """ASCII armor of data, with a CRC-24 line."""
    b64 = base64.b64encode(data).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    crc = base64.b64encode(struct.pack(">I", crc24(data))[1:]).decode()
    return "\n".join(["-----BEGIN PGP %s-----" % kind, ""] + lines
                     + ["=" + crc, "-----END PGP %s-----" % kind, ""])


def cmd_mkv6key(args):
    """Write an armored v6 Ed25519 public-key packet to args[0]."""
    created = int(args[1]) if len(args) > 1 else int(time.time()) - 3600
    material = hashlib.sha256(b"airlock v6 test key").digest()
    body = (b"\x06" + struct.pack(">I", created) + bytes([27])
            + struct.pack(">I", len(material)) + material)
    with open(args[0], "w", encoding="ascii") as f:
        f.write(armor(packet(6, body, new_format=True)))


# ------------------------------------------ OpenPGP streams and packets

def read_pgp(path):
    """The OpenPGP bytes of the file at path: de-armored if it is armored
    (the first block; its CRC-24 is not checked), else as read."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.lstrip().startswith(b"-----BEGIN PGP"):
        return data
    lines = data.decode("ascii").splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith("-----BEGIN"))
    body, in_body = [], False
    for line in lines[start + 1:]:
        if line.startswith("-----END") or line.startswith("="):
            break
        if in_body:
            body.append(line.strip())
        elif not line.strip():
            in_body = True
    return base64.b64decode("".join(body))


def read_packet(data, pos):
    """(tag, header length, body length, new format) of the packet at pos."""
    ctb = data[pos]
    if not ctb & 0x80:
        raise ForgeError("no OpenPGP packet at offset %d" % pos)
    if ctb & 0x40:
        first = data[pos + 1]
        if first < 192:
            return ctb & 0x3f, 2, first, True
        if first < 224:
            n = ((first - 192) << 8) + data[pos + 2] + 192
            return ctb & 0x3f, 3, n, True
        if first == 255:
            return ctb & 0x3f, 6, u32(data, pos + 2), True
        raise ForgeError("partial body length at offset %d" % pos)
    size = {0: 1, 1: 2, 2: 4}.get(ctb & 3)
    if size is None:
        raise ForgeError("indeterminate length at offset %d" % pos)
    n = int.from_bytes(data[pos + 1:pos + 1 + size], "big")
    return (ctb >> 2) & 0xf, 1 + size, n, False


def split_packets(data):
    """The packets of data as (tag, body, new format, packet bytes)."""
    out, pos = [], 0
    while pos < len(data):
        tag, hlen, blen, new = read_packet(data, pos)
        if pos + hlen + blen > len(data):
            raise ForgeError("packet at offset %d is truncated" % pos)
        out.append((tag, data[pos + hlen:pos + hlen + blen], new,
                    data[pos:pos + hlen + blen]))
        pos += hlen + blen
    return out


def join_packets(pkts):
    """The bytes of packets from split_packets, each as it was read."""
    return b"".join(p[3] for p in pkts)


def write_pgp(path, data):
    """Write OpenPGP bytes: armored if path ends in .asc, else binary."""
    if path.endswith(".asc"):
        with open(path, "w", encoding="ascii") as f:
            f.write(armor(data))
    else:
        save(path, data)


def sigtype_of(body):
    """The signature type of a v3 or v4 signature packet body."""
    return body[2] if body[0] == 3 else body[1]


def v4_split(body):
    """(hashed part with its 6-byte head, unhashed area without its
    length, the rest: left 16 bits and MPIs) of a v4 signature body."""
    if not body or body[0] != 4:
        raise ForgeError("not a version 4 signature")
    hend = 6 + struct.unpack_from(">H", body, 4)[0]
    uend = hend + 2 + struct.unpack_from(">H", body, hend)[0]
    return body[:hend], body[hend + 2:uend], body[uend:]


def edit_sig_packet(h, tag, edit):
    """Replace the one signature packet in signature tag tag by a packet of
    the same format whose body is edit(old body)."""
    e = h.entries[find(h, tag)]
    pkts = split_packets(e.data)
    if len(pkts) != 1 or pkts[0][0] != 2:
        raise ForgeError("tag %d does not hold one signature packet" % tag)
    e.data = packet(2, edit(pkts[0][1]), pkts[0][2])
    e.count = len(e.data)


def op_sig_unhashed(h, tag, area):
    """The signature in tag with unhashed subpacket area area."""
    def edit(body):
        hashed, _, rest = v4_split(body)
        return hashed + struct.pack(">H", len(area)) + area + rest
    edit_sig_packet(h, tag, edit)


def rsa_keys(data):
    """{key ID: modulus n} of the v4 RSA keys (primary and subkeys) in data."""
    keys = {}
    for t, body, _, _ in split_packets(data):
        if t in (6, 14) and body[0] == 4 and body[5] in (1, 2, 3):
            bits = struct.unpack_from(">H", body, 6)[0]
            n = int.from_bytes(body[8:8 + (bits + 7) // 8], "big")
            fpr = hashlib.sha1(b"\x99" + struct.pack(">H", len(body)) + body)
            keys[fpr.digest()[-8:]] = n
    return keys


def op_sig_rsa_add_n(h, tag, cert):
    """The RSA signature in tag with s replaced by s + n (n: cert's key)."""
    keys = rsa_keys(read_pgp(cert))
    def edit(body):
        if body[0] == 3:
            pre, keyid = body[:19], body[7:15]
        else:
            hashed, unhashed, _ = v4_split(body)
            pre = body[:len(hashed) + 2 + len(unhashed) + 2]
            keyid = v4_info(body)[1]
        if keyid not in keys:
            raise ForgeError("no RSA key %s in %s"
                             % (keyid and keyid.hex(), cert))
        at, bits = len(pre) + 2, struct.unpack_from(">H", body, len(pre))[0]
        s = int.from_bytes(body[at:at + (bits + 7) // 8], "big")
        s += keys[keyid]
        return (pre + struct.pack(">H", s.bit_length())
                + s.to_bytes((s.bit_length() + 7) // 8, "big"))
    edit_sig_packet(h, tag, edit)


def cmd_key_list(args):
    """Print one line per packet of an OpenPGP file."""
    for i, (t, body, _, _) in enumerate(split_packets(read_pgp(args[0]))):
        extra = " sigtype 0x%02x" % sigtype_of(body) if t == 2 else ""
        print("%d tag %d len %d%s" % (i, t, len(body), extra))


def cmd_key_armor(args):
    """Print an OpenPGP file's packets as an armored public key block."""
    sys.stdout.write(armor(join_packets(split_packets(read_pgp(args[0])))))


def cmd_key_move_sig(args):
    """Move the first signature of a type after the first user ID or to
    the end of the certificate."""
    pkts = split_packets(read_pgp(args[0]))
    sigtype, where = int(args[2], 0), args[3]
    i = next((i for i, p in enumerate(pkts)
              if p[0] == 2 and sigtype_of(p[1]) == sigtype), None)
    if i is None:
        raise ForgeError("no signature of type 0x%02x in %s"
                         % (sigtype, args[0]))
    moved = pkts.pop(i)
    if where == "end":
        pos = len(pkts)
    elif where == "after-uid":
        pos = next((j for j, p in enumerate(pkts) if p[0] == 13), None)
        if pos is None:
            raise ForgeError("no User ID in %s" % args[0])
        pos += 1
        while pos < len(pkts) and pkts[pos][0] == 2:
            pos += 1
    else:
        raise ForgeError("key-move-sig: WHERE is after-uid or end, not %r"
                         % where)
    pkts.insert(pos, moved)
    write_pgp(args[1], join_packets(pkts))


# ------------------------------------------------------------ commands

def cmd_dump(args):
    """Print one line per entry: tag type offset count data-length."""
    buf, sig = load(args[0])
    h = sig
    if len(args) > 1 and args[1] == "main":
        h = parse_header(buf, layout(buf)[0], MAIN_REGION)
    print("region %d: %d entries inside, %d after" %
          (h.region, h.ril, len(h.entries) - h.ril))
    for e in h.entries:
        print("%d %d %s %d %d" % (e.tag, e.type, e.offset, e.count,
                                  len(e.data)))


def cmd_tag_hex(args):
    """Print the data of a signature tag as hex."""
    _, sig = load(args[0])
    print(sig.entries[find(sig, int(args[1]))].data.hex())


def cmd_extract(args):
    """Write the signed main header (and the header signature) to files."""
    buf, sig = load(args[0])
    hdr, payload = layout(buf)
    save(args[1], buf[hdr:payload])
    if len(args) > 2:
        tags = [e.tag for e in sig.entries]
        tag = 268 if 268 in tags else 267
        save(args[2], sig.entries[find(sig, tag)].data)


def packet_body(data):
    """The body of the first OpenPGP packet in data (either format)."""
    ctb = data[0]
    if ctb & 0xc0 == 0xc0:
        first = data[1]
        if first < 192:
            return data[2:2 + first]
        if first < 224:
            return data[3:3 + ((first - 192) << 8) + data[2] + 192]
        return data[6:6 + u32(data, 2)]
    kind = ctb & 3
    size = {0: 1, 1: 2, 2: 4}.get(kind, 0)
    n = int.from_bytes(data[1:1 + size], "big") if size else len(data) - 1
    return data[1 + size:1 + size + n]


def v4_info(body):
    """(created, keyid) from a v4 signature body's subpackets."""
    created, keyid, pos = None, None, 4
    for _ in range(2):
        end = pos + 2 + struct.unpack_from(">H", body, pos)[0]
        pos += 2
        while pos < end:
            n, typ = body[pos], body[pos + 1] & 0x7f
            if typ == 2:
                created = u32(body, pos + 2)
            elif typ == 16:
                keyid = body[pos + 2:pos + 10]
            pos += 1 + n
    return created, keyid


def cmd_sig_info(args):
    """Print the fields of the signature packet of a package."""
    _, sig = load(args[0])
    tags = [e.tag for e in sig.entries]
    tag = int(args[1]) if len(args) > 1 else (268 if 268 in tags else 267)
    body = packet_body(sig.entries[find(sig, tag)].data)
    if body[0] == 3:
        created, keyid = u32(body, 3), body[7:15]
        pubkey, hashalgo, sigtype = body[15], body[16], body[2]
    else:
        created, keyid = v4_info(body)
        sigtype, pubkey, hashalgo = body[1], body[2], body[3]
    print("version=%d sigtype=%d pubkey=%d hash=%d created=%s keyid=%s" % (
        body[0], sigtype, pubkey, hashalgo, created,
        keyid.hex() if keyid else None))


def cmd_same(args):
    """Exit 0 if rebuilding the package changes no byte."""
    buf, sig = load(args[0])
    if assemble(buf, sig) != buf:
        raise ForgeError("%s: rebuilt bytes differ" % args[0])


EDITS = {
    "add-tag": (lambda h, a: op_add_tag(
        h, int(a[0]), parse_type(a[1]), int(a[2]), bytes.fromhex(a[3])), 4),
    "add-tag-outside-region": (lambda h, a: op_add_outside(
        h, int(a[0]), parse_type(a[1]), int(a[2]), bytes.fromhex(a[3])), 4),
    "dup-tag": (lambda h, a: op_dup_tag(
        h, int(a[0]), bytes.fromhex(a[1]) if len(a) > 1 else None), 1),
    "retype": (lambda h, a: op_retype(
        h, int(a[0]), parse_type(a[1]), int(a[2]) if len(a) > 2 else None),
        2),
    "set-data": (lambda h, a: op_set_data(
        h, int(a[0]), bytes.fromhex(a[1]), int(a[2]) if len(a) > 2 else None),
        2),
    "del-tag": (lambda h, a: op_del_tag(h, int(a[0])), 1),
    "set-int": (lambda h, a: op_set_int(h, int(a[0]), int(a[1], 0)), 2),
    "sig-unhashed": (lambda h, a: op_sig_unhashed(
        h, int(a[0]), bytes.fromhex(a[1])), 2),
    "sig-rsa-add-n": (lambda h, a: op_sig_rsa_add_n(h, int(a[0]), a[1]), 2),
}


def cmd_edit(name, args):
    """Apply edit name to IN's signature header and write OUT."""
    func, nargs = EDITS[name]
    if len(args) < 2 + nargs:
        raise ForgeError("%s needs IN OUT and %d more arguments"
                         % (name, nargs))
    buf, sig = load(args[0])
    func(sig, args[2:])
    save(args[1], assemble(buf, sig))


MAIN_EDITS = {
    "payload-digest": (lambda m, p, a: op_payload_digest(m, p, int(a[0])),
                       1),
    "hdr-rebuild": (lambda m, p, a: build_header(m), 0),
    "hdr-region-tag": (lambda m, p, a: op_region_tag(m, int(a[0])), 1),
    "hdr-dribble": (lambda m, p, a: op_dribble(m), 0),
    "hdr-reserved": (lambda m, p, a: op_reserved(
        m, bytes.fromhex(a[0] if a else "00000001")), 0),
    "hdr-no-region": (lambda m, p, a: op_no_region(m), 0),
    "hdr-patch": (lambda m, p, a: op_patch(m, int(a[0]), bytes.fromhex(a[1])), 2),
}


def cmd_main_edit(name, args):
    """Apply main-header edit name to IN and write OUT."""
    func, nargs = MAIN_EDITS[name]
    if len(args) < 2 + nargs:
        raise ForgeError("%s needs IN OUT and %d more arguments"
                         % (name, nargs))
    buf, sig = load(args[0])
    save(args[1], rewrite_main(buf, sig, lambda m, p: func(m, p, args[2:])))


COMMANDS = {"dump": (cmd_dump, 1), "tag-hex": (cmd_tag_hex, 2),
            "extract": (cmd_extract, 2), "same": (cmd_same, 1),
            "sig-info": (cmd_sig_info, 1),
            "mkpacket": (cmd_mkpacket, 0), "mkv6key": (cmd_mkv6key, 1),
            "key-list": (cmd_key_list, 1), "key-armor": (cmd_key_armor, 1),
            "key-move-sig": (cmd_key_move_sig, 4)}


def main(argv):
    """Dispatch argv[1] to its command; exit 2 with a message on error."""
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    name, args = argv[1], argv[2:]
    try:
        if name in EDITS:
            cmd_edit(name, args)
        elif name in MAIN_EDITS:
            cmd_main_edit(name, args)
        elif name in COMMANDS and len(args) >= COMMANDS[name][1]:
            COMMANDS[name][0](args)
        else:
            raise ForgeError("unknown command or missing arguments: %s"
                             % " ".join(argv[1:]))
    except (ForgeError, OSError, ValueError, IndexError,
            struct.error) as err:
        print("forge.py: %s" % err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
