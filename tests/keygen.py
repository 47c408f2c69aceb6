#!/usr/bin/python3
"""keygen.py: OpenPGP v4 Ed25519 certificates, fast, for benchmarks and tests.

Each certificate is an EdDSA (algorithm 22, curve Ed25519) primary key,
one User ID packet and one positive certification self-signature (type
0x13, v4) with hashed subpackets creation time (2), key flags (27) 0x03
(certify + sign) and issuer fingerprint (33), and unhashed issuer key ID
(16), as RFC 4880 / RFC 4880bis (draft 10, EdDSA) lay them out. Packets
use new-format headers; files are ASCII armored with a CRC-24 line.

Key #I is derived from SHA-256(SEED || I) and every packet carries the
creation time EPOCH, so the same SEED, EPOCH and I give the same key
(and fingerprint) in every run: a 1-key directory made with --count 1
holds key #0 of a 10,000-key one. Ed25519 signatures are deterministic,
so the files are byte-identical between runs too.

The certificate options (--flags, --direct-expiry, --bogus-cert,
--self-subkey) and the signing options (--sig-time, --sig-expires,
--critical, --no-keyid) build the odd-but-valid shapes the signature
tests need (tests/suites/41-sigcheck-forgery.sh); without them the output
is the plain certificate and signature described above, byte for byte.

Python 3 standard library plus Debian's python3-cryptography.

Usage:
  keygen.py --out DIR --count N [--one-file | --per-file M] [--seed S]
            [--time EPOCH] [--hash sha256|sha512] [--bad-selfsig]
            [--sign DATA SIG] [--secret FILE] [--print-fpr]
            [--flags N] [--direct-expiry SECONDS] [--bogus-cert FLAGS]
            [--self-subkey]
  keygen.py --sign DATA SIG [--seed S] [--time EPOCH] [--hash ...]
            [--sig-time EPOCH] [--sig-expires SECONDS] [--critical TYPE]...
            [--no-keyid]

  --out DIR       write DIR/key00000.asc .. one armored certificate each
  --count N       number of certificates (default 1)
  --one-file      instead write all N certificates into one armored
                  block, DIR/keys.asc
  --per-file M    instead write M certificates per armored block, in
                  DIR/keys00000.asc, DIR/keysM.asc, ... (named by the
                  number of their first key)
  --seed S        text the keys are derived from (default "airlock-bench")
  --time EPOCH    creation time of keys and signatures (default: now)
  --hash NAME     self-signature digest, sha256 (default) or sha512
  --sign DATA SIG write to SIG a detached binary-document (type 0x00) v4
                  signature of file DATA made by key #0 (binary packet),
                  to cross-check with `sqv --keyring DIR/key00000.asc SIG
                  DATA`
  --secret FILE   write key #0 as an armored, unprotected transferable
                  secret key (for `gpg --import`, then rpmsign)
  --bad-selfsig   every self-signature is an Ed25519 signature of a wrong
                  digest (its quick-check octets stay right), so that a
                  verifier rejects every key, but only after verifying it
  --print-fpr     print the fingerprint of key #0 (hex, upper case)

Certificate shapes (every key of --out and --secret):
  --flags N       key flags (27) of the user ID certification (default 3,
                  certify + sign; 1: certify only)
  --direct-expiry SECONDS
                  first a direct-key signature (type 0x1f, made at
                  --time, before the user ID) with the same key flags and a
                  key expiration time (9) of SECONDS after creation; the
                  user ID certification is then made 10 s later and
                  carries no expiry (a newer self-signature that does not
                  lift the direct-key expiry)
  --bogus-cert FLAGS
                  after the user ID certification, a second, newer one
                  (5 s later) claiming key flags FLAGS whose signature does
                  not verify (as --bad-selfsig; quick-check octets right)
  --self-subkey   the primary key listed again as its own subkey: a public
                  subkey packet with the same key material, bound 1 s after
                  creation by a valid subkey binding signature (0x18) with
                  key flags 0x02 (sign) and an embedded, valid primary-key
                  back-signature (0x19, subpacket 32, hashed)

Signature shapes (--sign):
  --sig-time EPOCH
                  creation time of the signature (default: --time)
  --sig-expires SECONDS
                  a signature expiration time subpacket (3, not critical):
                  the signature expires SECONDS after its creation
  --critical TYPE a hashed subpacket of TYPE marked critical (repeatable):
                  2 and 33 mark the creation time / issuer fingerprint the
                  signature carries anyway; 16 adds the issuer key ID
                  (hashed, besides the unhashed one); 3 (signature
                  expiration), 4 (exportable), 7 (revocable), 9 (key
                  expiration), 25 (primary user ID), 27 (key flags) and 30
                  (features) are added with a harmless value (0 = never
                  expires, 1, 1, 0, 1, 0x02 sign, 0x01)
  --no-keyid      no issuer key ID subpacket (16) at all: the signature
                  names its key only by the issuer fingerprint (33)
"""

import argparse
import base64
import hashlib
import os
import struct
import sys
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

TAG_SIG = 2
TAG_SECKEY = 5
TAG_PUBKEY = 6
TAG_UID = 13
ALGO_EDDSA = 22
ED25519_OID = bytes.fromhex("2B060104 01DA470F01".replace(" ", ""))
HASHES = {"sha256": (8, hashlib.sha256), "sha512": (10, hashlib.sha512)}
SIG_BINARY = 0x00
TAG_PUBSUBKEY = 14
SIG_POSITIVE_CERT = 0x13
SIG_SUBKEY_BINDING = 0x18
SIG_PRIMARY_BINDING = 0x19
SIG_DIRECT_KEY = 0x1F
SUB_CREATED = 2
SUB_SIG_EXPIRES = 3
SUB_KEY_EXPIRES = 9
SUB_ISSUER = 16
SUB_KEY_FLAGS = 27
SUB_EMBEDDED_SIG = 32
SUB_ISSUER_FPR = 33
SUB_CRITICAL = 0x80
KEY_FLAGS_CERTIFY_SIGN = 0x03
KEY_FLAG_SIGN = 0x02
# --critical TYPE: the value of the subpacket added (types 2 and 33 mark
# the existing subpacket instead).
CRITICAL_VALUES = {3: b"\0\0\0\0", 4: b"\x01", 7: b"\x01", 9: b"\0\0\0\0",
                   25: b"\x01", 27: b"\x02", 30: b"\x01"}
CRITICAL_MARKS = (SUB_CREATED, SUB_ISSUER_FPR)
CRC24_INIT = 0xB704CE
CRC24_POLY = 0x1864CFB
ARMOR_PUBLIC = "PUBLIC KEY BLOCK"
ARMOR_PRIVATE = "PRIVATE KEY BLOCK"


def packet(tag, body):
    """A new-format packet (RFC 4880 4.2.2): header for TAG, then BODY."""
    n = len(body)
    if n < 192:
        length = bytes([n])
    elif n < 8384:
        length = bytes([((n - 192) >> 8) + 192, (n - 192) & 0xFF])
    else:
        length = b"\xff" + struct.pack(">I", n)
    return bytes([0xC0 | tag]) + length + body


def mpi(value):
    """An MPI of the big-endian bytes VALUE: exact bit count, no leading zeros."""
    value = value.lstrip(b"\x00")
    bits = (len(value) - 1) * 8 + value[0].bit_length() if value else 0
    return struct.pack(">H", bits) + value


def subpacket(kind, data, critical=False):
    """A signature subpacket (RFC 4880 5.2.3.1) of type KIND, with the
    critical bit if CRITICAL; DATA < 191 bytes."""
    if len(data) >= 191:
        raise ValueError("subpacket %d: %d bytes, too long" % (kind, len(data)))
    return bytes([len(data) + 1, kind | (SUB_CRITICAL if critical else 0)]) + data


def key_body(public, created):
    """The v4 EdDSA public-key packet body for the 32-byte point PUBLIC."""
    return (struct.pack(">BIB", 4, created, ALGO_EDDSA) + bytes([len(ED25519_OID)]) +
            ED25519_OID + mpi(b"\x40" + public))


def fingerprint(body):
    """The v4 fingerprint: SHA-1(0x99 || 2-byte length || key packet body)."""
    return hashlib.sha1(b"\x99" + struct.pack(">H", len(body)) + body).digest()


def hashed_part(sigtype, hash_id, created, fpr, key_flags, extra=b"", critical=()):
    """Signature body from the version to the end of the hashed subpackets:
    creation time, key flags (unless None), issuer fingerprint, then the
    subpacket bytes EXTRA; the types in CRITICAL (2, 33) marked critical."""
    subs = subpacket(SUB_CREATED, struct.pack(">I", created), SUB_CREATED in critical)
    if key_flags is not None:
        subs += subpacket(SUB_KEY_FLAGS, bytes([key_flags]))
    subs += subpacket(SUB_ISSUER_FPR, b"\x04" + fpr, SUB_ISSUER_FPR in critical)
    subs += extra
    return struct.pack(">BBBBH", 4, sigtype, ALGO_EDDSA, hash_id, len(subs)) + subs


def signature(priv, hash_name, prefix, sigtype, created, fpr, key_flags=None, bad=False,
              extra=b"", critical=(), keyid=True):
    """A v4 EdDSA signature packet over PREFIX (the data the type hashes first).

    The digest is hash(PREFIX || hashed part || 0x04 0xFF || 4-byte length
    of the hashed part); Ed25519 signs the digest bytes (RFC 4880bis 5.2.4).
    BAD: sign the digest with its last byte inverted instead (the packet
    still carries the true digest's first 2 bytes). EXTRA, CRITICAL: see
    hashed_part. KEYID: the unhashed area holds the issuer key ID (16);
    without, it is empty.
    """
    hash_id, hash_fn = HASHES[hash_name]
    hashed = hashed_part(sigtype, hash_id, created, fpr, key_flags, extra, critical)
    h = hash_fn(prefix)
    h.update(hashed)
    h.update(b"\x04\xff" + struct.pack(">I", len(hashed)))
    digest = h.digest()
    sig = priv.sign(digest[:-1] + bytes([digest[-1] ^ 0xFF]) if bad else digest)
    unhashed = subpacket(SUB_ISSUER, fpr[-8:]) if keyid else b""
    body = (hashed + struct.pack(">H", len(unhashed)) + unhashed + digest[:2] +
            mpi(sig[:32]) + mpi(sig[32:]))
    return packet(TAG_SIG, body)


def key_prefix(body):
    """What a signature over the key with packet body BODY hashes first:
    0x99, 2-byte length, body (RFC 4880 5.2.4)."""
    return b"\x99" + struct.pack(">H", len(body)) + body


def self_subkey(priv, hash_name, body, created, fpr):
    """--self-subkey: the key BODY again as a public subkey packet, bound by
    a subkey binding signature (sign flag) that embeds a primary-key
    back-signature, both made by PRIV (the same key) 1 s after CREATED."""
    both = key_prefix(body) + key_prefix(body)
    back = signature(priv, hash_name, both, SIG_PRIMARY_BINDING, created + 1, fpr)
    embedded = subpacket(SUB_EMBEDDED_SIG, back[2:])   # packet header: 2 bytes
    bind = signature(priv, hash_name, both, SIG_SUBKEY_BINDING, created + 1, fpr,
                     KEY_FLAG_SIGN, extra=embedded)
    return packet(TAG_PUBSUBKEY, body) + bind


def secret_bytes(seed, index):
    """The 32-byte Ed25519 secret of key #INDEX: SHA-256(SEED || INDEX)."""
    return hashlib.sha256(seed.encode() + struct.pack(">I", index)).digest()


def make_key(seed, index, created):
    """Key #INDEX: (private key, key packet body, fingerprint)."""
    priv = ed25519.Ed25519PrivateKey.from_private_bytes(secret_bytes(seed, index))
    public = priv.public_key().public_bytes(serialization.Encoding.Raw,
                                            serialization.PublicFormat.Raw)
    body = key_body(public, created)
    return priv, body, fingerprint(body)


def secret_body(public_body, secret):
    """A v4 secret-key packet body, unprotected (RFC 4880 5.5.3): the public
    body, S2K usage 0, the secret as an MPI, a 2-byte sum of the MPI bytes."""
    material = mpi(secret)
    return public_body + b"\x00" + material + struct.pack(">H", sum(material) & 0xFFFF)


def certificate(seed, index, created, hash_name, bad=False, secret=False, shape=None):
    """The transferable public key #INDEX: key, user ID, self-certification
    (with SECRET the transferable secret key instead). SHAPE: the
    certificate options (attributes flags, direct_expiry, bogus_cert,
    self_subkey of parse_args; None: a plain certificate)."""
    priv, body, fpr = make_key(seed, index, created)
    flags = getattr(shape, "flags", KEY_FLAGS_CERTIFY_SIGN)
    direct_expiry = getattr(shape, "direct_expiry", None)
    bogus = getattr(shape, "bogus_cert", None)
    uid = ("airlock bench key %05d <key%05d@bench.invalid>" % (index, index)).encode()
    prefix = key_prefix(body) + b"\xb4" + struct.pack(">I", len(uid)) + uid
    direct, uid_time = b"", created
    if direct_expiry is not None:
        direct = signature(priv, hash_name, key_prefix(body), SIG_DIRECT_KEY, created, fpr,
                           flags, bad, subpacket(SUB_KEY_EXPIRES,
                                                 struct.pack(">I", direct_expiry)))
        uid_time = created + 10
    sig = signature(priv, hash_name, prefix, SIG_POSITIVE_CERT, uid_time, fpr, flags, bad)
    if bogus is not None:
        sig += signature(priv, hash_name, prefix, SIG_POSITIVE_CERT, uid_time + 5, fpr,
                         bogus, True)
    if secret:
        key = packet(TAG_SECKEY, secret_body(body, secret_bytes(seed, index)))
    else:
        key = packet(TAG_PUBKEY, body)
    out = key + direct + packet(TAG_UID, uid) + sig
    if getattr(shape, "self_subkey", False):
        out += self_subkey(priv, hash_name, body, created, fpr)
    return out


def _crc24_table():
    """The 256 CRC-24 remainders of each byte shifted to the top, for crc24()."""
    table = []
    for byte in range(256):
        crc = byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= CRC24_POLY
        table.append(crc & 0xFFFFFF)
    return table


CRC24_TABLE = _crc24_table()


def crc24(data):
    """The OpenPGP armor checksum (RFC 4880 6.1), one table step per byte."""
    crc = CRC24_INIT
    table = CRC24_TABLE
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFF) ^ table[(crc >> 16) ^ byte]
    return crc


def armor(data, kind=ARMOR_PUBLIC):
    """DATA as an armored block (public key by default): base64 at 64
    columns, CRC-24 line."""
    text = base64.b64encode(data).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    crc = base64.b64encode(struct.pack(">I", crc24(data))[1:]).decode()
    return "\n".join(["-----BEGIN PGP %s-----" % kind, ""] + lines +
                     ["=" + crc, "-----END PGP %s-----" % kind, ""])


def write_file(path, text):
    """Write TEXT to PATH (mode 0644, whatever the umask)."""
    with open(path, "w", encoding="ascii") as f:
        f.write(text)
    os.chmod(path, 0o644)


def write_keys(args):
    """Write the --count certificates under --out: one per file, all in one
    (--one-file) or --per-file M per file."""
    os.makedirs(args.out, exist_ok=True)
    os.chmod(args.out, 0o755)
    certs = [certificate(args.seed, i, args.time, args.hash, args.bad_selfsig, shape=args)
             for i in range(args.count)]
    if args.one_file:
        write_file(os.path.join(args.out, "keys.asc"), armor(b"".join(certs)))
    elif args.per_file is not None:
        for i in range(0, args.count, args.per_file):
            write_file(os.path.join(args.out, "keys%05d.asc" % i),
                       armor(b"".join(certs[i:i + args.per_file])))
    else:
        for i, cert in enumerate(certs):
            write_file(os.path.join(args.out, "key%05d.asc" % i), armor(cert))


def sign_file(args, data_path, sig_path):
    """Write a detached binary-document signature of DATA_PATH by key #0,
    shaped by --sig-time, --sig-expires, --critical and --no-keyid."""
    priv, _, fpr = make_key(args.seed, 0, args.time)
    with open(data_path, "rb") as f:
        data = f.read()
    crit = args.critical or []
    extra = b"".join(subpacket(t, fpr[-8:] if t == SUB_ISSUER else CRITICAL_VALUES[t], True)
                     for t in crit if t not in CRITICAL_MARKS)
    if args.sig_expires is not None:
        extra += subpacket(SUB_SIG_EXPIRES, struct.pack(">I", args.sig_expires))
    created = args.time if args.sig_time is None else args.sig_time
    with open(sig_path, "wb") as f:
        f.write(signature(priv, args.hash, data, SIG_BINARY, created, fpr, extra=extra,
                          critical=[t for t in crit if t in CRITICAL_MARKS],
                          keyid=not args.no_keyid))


def parse_args(argv):
    """The command line (see the module docstring)."""
    p = argparse.ArgumentParser(description="OpenPGP v4 Ed25519 certificates for benchmarks")
    p.add_argument("--out", help="directory to write the certificates to")
    p.add_argument("--count", type=int, default=1, help="number of certificates")
    p.add_argument("--one-file", action="store_true", help="all in DIR/keys.asc")
    p.add_argument("--per-file", type=int, metavar="M", help="M certificates per file")
    p.add_argument("--seed", default="airlock-bench", help="derivation seed")
    p.add_argument("--time", type=int, default=None, help="creation time (epoch)")
    p.add_argument("--hash", choices=sorted(HASHES), default="sha256")
    p.add_argument("--sign", nargs=2, metavar=("DATA", "SIG"),
                   help="detached signature of DATA by key #0 into SIG")
    p.add_argument("--secret", metavar="FILE", help="key #0 as an armored secret key")
    p.add_argument("--bad-selfsig", action="store_true", help="self-signatures that fail")
    p.add_argument("--print-fpr", action="store_true", help="print key #0's fingerprint")
    p.add_argument("--flags", type=lambda v: int(v, 0), default=KEY_FLAGS_CERTIFY_SIGN,
                   help="key flags of the user ID certification")
    p.add_argument("--direct-expiry", type=int, metavar="SECONDS",
                   help="direct-key signature with this key expiry, older certification")
    p.add_argument("--bogus-cert", type=lambda v: int(v, 0), metavar="FLAGS",
                   help="a newer certification claiming FLAGS that does not verify")
    p.add_argument("--self-subkey", action="store_true",
                   help="the primary key also bound as its own signing subkey")
    p.add_argument("--sig-time", type=int, metavar="EPOCH", help="--sign: creation time")
    p.add_argument("--sig-expires", type=int, metavar="SECONDS",
                   help="--sign: signature expiration time subpacket")
    p.add_argument("--critical", type=int, action="append", metavar="TYPE",
                   choices=sorted(CRITICAL_MARKS + (SUB_ISSUER,) + tuple(CRITICAL_VALUES)),
                   help="--sign: a critical hashed subpacket of TYPE")
    p.add_argument("--no-keyid", action="store_true", help="--sign: no issuer key ID")
    args = p.parse_args(argv)
    if args.out is None and args.sign is None and args.secret is None and not args.print_fpr:
        p.error("nothing to do: give --out, --sign, --secret or --print-fpr")
    if args.one_file and args.per_file is not None:
        p.error("--one-file and --per-file exclude each other")
    if args.per_file is not None and args.per_file < 1:
        p.error("--per-file must be at least 1")
    if args.count < 1 or args.count > 99999:
        p.error("--count must be 1..99999")
    if args.time is None:
        args.time = int(time.time()) - 60
    return args


def main(argv):
    """Run keygen.py with ARGV; the exit status."""
    args = parse_args(argv)
    if args.out is not None:
        write_keys(args)
    if args.sign is not None:
        sign_file(args, args.sign[0], args.sign[1])
    if args.secret is not None:
        write_file(args.secret, armor(certificate(args.seed, 0, args.time, args.hash,
                                                  secret=True, shape=args), ARMOR_PRIVATE))
        os.chmod(args.secret, 0o600)
    if args.print_fpr:
        print(fingerprint(make_key(args.seed, 0, args.time)[1]).hex().upper())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
