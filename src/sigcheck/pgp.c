/* airlock-sigcheck: OpenPGP packet framing, MPIs, names (see pgp.h). */
#include "pgp.h"
#include "bytes.h"

/* New-format length at P (LEFT bytes): sets *hdr (1, 2 or 5) and *len.
 * Partial lengths (224..254) are refused. 0 or -1. */
static int new_length(const uint8_t *p, size_t left, size_t *hdr, size_t *len)
{
    int rc = -1;

    if (left < 1)
        goto out;
    if (p[0] < 192) {
        *hdr = 1;
        *len = p[0];
    } else if (p[0] < 224 && left >= 2) {
        *hdr = 2;
        *len = ((size_t)p[0] - 192) * 256 + p[1] + 192;
    } else if (p[0] == 255 && left >= 5) {
        *hdr = 5;
        *len = sc_be32(p + 1);
    } else {
        goto out;
    }
    rc = 0;
out:
    return rc;
}

/* Old-format length of type LT (0, 1, 2; 3 = indeterminate is refused). */
static int old_length(const uint8_t *p, size_t left, unsigned lt, size_t *hdr, size_t *len)
{
    static const size_t width[3] = { 1, 2, 4 };
    int rc = -1;

    if (lt > 2 || left < width[lt])
        goto out;
    *hdr = width[lt];
    *len = lt == 0 ? p[0] : lt == 1 ? (size_t)p[0] * 256 + p[1] : sc_be32(p);
    rc = 0;
out:
    return rc;
}

int sc_pgp_packet(const uint8_t *buf, size_t len, struct sc_pgp_pkt *pkt)
{
    size_t hdr = 0, blen = 0;
    int rc = -1;
    unsigned ctb;

    if (len < 2 || (buf[0] & 0x80) == 0)
        goto out;
    ctb = buf[0];
    if ((ctb & 0x40) != 0) {
        pkt->tag = ctb & 0x3f;
        rc = new_length(buf + 1, len - 1, &hdr, &blen);
    } else {
        pkt->tag = (ctb >> 2) & 0x0f;
        rc = old_length(buf + 1, len - 1, ctb & 3, &hdr, &blen);
    }
    if (rc != 0 || blen > len - 1 - hdr) {
        rc = -1;
        goto out;
    }
    pkt->body = buf + 1 + hdr;
    pkt->body_len = blen;
    pkt->total_len = 1 + hdr + blen;
out:
    return rc;
}

int sc_pgp_mpi(const uint8_t *p, size_t left, struct sc_pgp_mpi *m, size_t *used)
{
    unsigned bits;
    size_t n;
    int rc = -1;

    if (left < 2)
        goto out;
    bits = (unsigned)p[0] * 256 + p[1];
    n = (bits + 7) / 8;
    /* Minimal and exact: the declared top bit is the first byte's top bit. */
    if (bits == 0 || n > left - 2 || (p[2] >> ((bits - 1) % 8)) != 1)
        goto out;
    m->p = p + 2;
    m->len = n;
    m->bits = bits;
    *used = 2 + n;
    rc = 0;
out:
    return rc;
}

const char *sc_pgp_hash_name(unsigned algo)
{
    static const char *const names[] = {
        "none", "MD5", "SHA-1", "RIPEMD-160", "reserved 4", "reserved 5",
        "reserved 6", "reserved 7", "SHA-256", "SHA-384", "SHA-512", "SHA-224",
        "SHA3-256", "reserved 13", "SHA3-512",
    };
    return algo < sizeof(names) / sizeof(names[0]) ? names[algo] : "unknown";
}

const char *sc_pgp_pk_name(unsigned algo)
{
    switch (algo) {
    case SC_PGP_RSA: case SC_PGP_RSA_E: case SC_PGP_RSA_S: return "RSA";
    case SC_PGP_ELGAMAL: return "ElGamal";
    case SC_PGP_DSA: return "DSA";
    case SC_PGP_ECDH: return "ECDH";
    case SC_PGP_ECDSA: return "ECDSA";
    case SC_PGP_EDDSA: return "EdDSA";
    default: return "unknown";
    }
}

void sc_hex(const uint8_t *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] / 16];
        out[2 * i + 1] = digits[p[i] % 16];
    }
    out[2 * n] = '\0';
}
