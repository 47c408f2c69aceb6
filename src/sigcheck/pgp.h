/*
 * airlock-sigcheck: airlock's own reading of OpenPGP packets (RFC 4880).
 *
 * Only what a package signature and a signing key need is understood:
 * packet framing, v3/v4 signature packets, v4 public-key packets. Every
 * parser here takes untrusted bytes and a length, reads each field once,
 * checks lengths by subtraction, and either fills its output completely
 * or fails; nothing here allocates or does I/O. Pointers in the outputs
 * point into the caller's bytes.
 */
#ifndef AIRLOCK_SIGCHECK_PGP_H
#define AIRLOCK_SIGCHECK_PGP_H

#include <stddef.h>
#include <stdint.h>

#define SC_PGP_FPR_LEN 20       /* v4 fingerprint: SHA-1 */
#define SC_PGP_KEYID_LEN 8

/* RFC 4880 numbers used by the policy. */
enum {
    SC_PGP_TAG_SIG = 2, SC_PGP_TAG_PUBKEY = 6, SC_PGP_TAG_TRUST = 12,
    SC_PGP_TAG_UID = 13, SC_PGP_TAG_PUBSUBKEY = 14, SC_PGP_TAG_UAT = 17,
};
enum {
    SC_PGP_RSA = 1, SC_PGP_RSA_E = 2, SC_PGP_RSA_S = 3, SC_PGP_ELGAMAL = 16,
    SC_PGP_DSA = 17, SC_PGP_ECDH = 18, SC_PGP_ECDSA = 19, SC_PGP_EDDSA = 22,
};
enum {
    SC_PGP_MD5 = 1, SC_PGP_SHA1 = 2, SC_PGP_RIPEMD160 = 3, SC_PGP_SHA256 = 8,
    SC_PGP_SHA384 = 9, SC_PGP_SHA512 = 10, SC_PGP_SHA224 = 11,
};
enum {
    SC_SIG_BINARY = 0x00, SC_SIG_CERT_FIRST = 0x10, SC_SIG_CERT_LAST = 0x13,
    SC_SIG_SUBKEY_BINDING = 0x18, SC_SIG_PRIMARY_BINDING = 0x19,
    SC_SIG_DIRECT = 0x1f, SC_SIG_KEY_REVOKE = 0x20, SC_SIG_SUBKEY_REVOKE = 0x28,
    SC_SIG_CERT_REVOKE = 0x30,
};
#define SC_KEYFLAG_SIGN 0x02

/* One packet: its tag and body, and the length of the whole packet. */
struct sc_pgp_pkt {
    unsigned tag;
    const uint8_t *body;
    size_t body_len;
    size_t total_len;          /* header + body */
};

/* Read the packet at BUF[0..LEN): old or new format, definite lengths
 * only (partial and indeterminate lengths are refused). 0 on success, -1
 * if the bytes are not one whole packet header plus body. */
int sc_pgp_packet(const uint8_t *buf, size_t len, struct sc_pgp_pkt *pkt);

/* A multiprecision integer: its value bytes, big-endian, minimal (no
 * leading zero byte), and its bit count as declared and checked. */
struct sc_pgp_mpi {
    const uint8_t *p;
    size_t len;
    unsigned bits;
};

/* Read one MPI at P (LEFT bytes) into *m; *used = bytes taken. 0 or -1. */
int sc_pgp_mpi(const uint8_t *p, size_t left, struct sc_pgp_mpi *m, size_t *used);

/* A signature packet, as far as the policy needs it. */
struct sc_pgp_sig {
    unsigned version;            /* 3 or 4 */
    unsigned sigtype;
    unsigned pkalgo;
    unsigned hashalgo;
    uint32_t created;
    uint32_t sig_expires;        /* seconds after created; 0 = never (v4, hashed) */
    uint32_t key_expires;        /* key expiration subpacket; 0 = none (v4, hashed) */
    int has_key_flags;
    unsigned key_flags;          /* first octet of the key flags subpacket */
    int has_keyid, has_fpr;
    uint8_t keyid[SC_PGP_KEYID_LEN];
    uint8_t fpr[SC_PGP_FPR_LEN];
    const uint8_t *hashed;       /* bytes hashed after the data (see below) */
    size_t hashed_len;
    uint8_t hash16[2];
    unsigned nmpi;
    struct sc_pgp_mpi mpi[2];
    const uint8_t *embedded;     /* embedded signature body (subpacket 32) or NULL */
    size_t embedded_len;
};

/* Parse the body of a signature packet. v4: version through the end of the
 * hashed subpackets is what gets hashed (`hashed`), the creation time must
 * be a hashed subpacket, any subpacket marked critical that is not
 * understood (or a critical one in the unhashed area) fails, and a
 * subpacket the policy reads may occur once in the hashed area. v3: the
 * five hashed octets are sigtype and creation time. The MPIs must fill
 * the body exactly: RSA one, EdDSA and DSA two. Other public-key
 * algorithms parse with nmpi = 0 (the policy then refuses them). 0 or -1;
 * on -1, *why names the problem. */
int sc_pgp_sig_parse(const uint8_t *body, size_t len, struct sc_pgp_sig *sig,
                     const char **why);

/* A v4 public key or subkey packet. */
struct sc_pgp_key {
    unsigned version;            /* 4 */
    uint32_t created;
    unsigned algo;
    const uint8_t *body;         /* the whole packet body, for hashing */
    size_t body_len;
    struct sc_pgp_mpi n, e;      /* RSA */
    const uint8_t *q;            /* EdDSA Ed25519: 32 bytes after the 0x40 prefix */
    uint8_t fpr[SC_PGP_FPR_LEN];
    uint8_t keyid[SC_PGP_KEYID_LEN];
};

/* Parse a public-key packet body. Versions other than 4 fail (*why says
 * so). RSA (1, 3) and EdDSA over Ed25519 get their material checked;
 * any other algorithm parses with no material (it can then sign nothing).
 * The fingerprint is SHA-1 over 0x99, the two-octet length and the body;
 * the key ID is its last eight octets. 0 or -1. */
int sc_pgp_key_parse(const uint8_t *body, size_t len, struct sc_pgp_key *key,
                     const char **why);

/* Name of a hash algorithm number, for messages ("SHA-256", "RIPEMD-160",
 * "unknown"). */
const char *sc_pgp_hash_name(unsigned algo);

/* Name of a public-key algorithm number, for messages. */
const char *sc_pgp_pk_name(unsigned algo);

/* Lowercase hex of N bytes into OUT (2 * N + 1 bytes). */
void sc_hex(const uint8_t *p, size_t n, char *out);

#endif
