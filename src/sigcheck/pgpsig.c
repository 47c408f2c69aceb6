/* airlock-sigcheck: OpenPGP signature packets, v3 and v4 (see pgp.h). */
#include "pgp.h"
#include "bytes.h"

#include <string.h>

/* Subpacket types the policy reads. */
enum {
    SP_CREATED = 2, SP_SIG_EXPIRES = 3, SP_KEY_EXPIRES = 9, SP_ISSUER = 16,
    SP_KEY_FLAGS = 27, SP_EMBEDDED = 32, SP_ISSUER_FPR = 33,
};

/* Length of the subpacket at P (LEFT bytes): *hdr octets of length, then
 * *len octets (type octet included). 0 or -1. */
static int subpacket_length(const uint8_t *p, size_t left, size_t *hdr, size_t *len)
{
    int rc = -1;

    if (left >= 1 && p[0] < 192) {
        *hdr = 1;
        *len = p[0];
    } else if (left >= 2 && p[0] < 255) {
        *hdr = 2;
        *len = ((size_t)p[0] - 192) * 256 + p[1] + 192;
    } else if (left >= 5 && p[0] == 255) {
        *hdr = 5;
        *len = sc_be32(p + 1);
    } else {
        goto out;
    }
    rc = *len >= 1 && *len <= left - *hdr ? 0 : -1;
out:
    return rc;
}

/* Bit per subpacket type seen in the hashed area, to refuse repeats. */
static int seen_once(uint64_t *seen, unsigned type)
{
    uint64_t bit = (uint64_t)1 << (type & 63);
    int first = (*seen & bit) == 0;

    *seen |= bit;
    return first;
}

/* Take the value of a hashed subpacket TYPE (D, N bytes). 0, or -1 if its
 * size is wrong or it repeats. */
static int hashed_value(struct sc_pgp_sig *sig, unsigned type, const uint8_t *d,
                        size_t n, uint64_t *seen)
{
    int rc = -1;

    if (!seen_once(seen, type))
        goto out;
    if (type == SP_CREATED && n == 4)
        sig->created = sc_be32(d);
    else if (type == SP_SIG_EXPIRES && n == 4)
        sig->sig_expires = sc_be32(d);
    else if (type == SP_KEY_EXPIRES && n == 4)
        sig->key_expires = sc_be32(d);
    else if (type == SP_KEY_FLAGS && n >= 1) {
        sig->has_key_flags = 1;
        sig->key_flags = d[0];
    } else {
        goto out;
    }
    rc = 0;
out:
    return rc;
}

/* Issuer hints (either area): a key ID, or a v4 fingerprint. Two values
 * that disagree fail. */
static int issuer_value(struct sc_pgp_sig *sig, unsigned type, const uint8_t *d, size_t n)
{
    int rc = 0;

    if (type == SP_ISSUER && n == SC_PGP_KEYID_LEN) {
        if (sig->has_keyid && memcmp(sig->keyid, d, n) != 0)
            rc = -1;
        memcpy(sig->keyid, d, n);
        sig->has_keyid = 1;
    } else if (type == SP_ISSUER_FPR && n == 1 + SC_PGP_FPR_LEN && d[0] == 4) {
        if (sig->has_fpr && memcmp(sig->fpr, d + 1, SC_PGP_FPR_LEN) != 0)
            rc = -1;
        memcpy(sig->fpr, d + 1, SC_PGP_FPR_LEN);
        sig->has_fpr = 1;
    } else if (type == SP_ISSUER) {
        rc = -1;
    } else {
        rc = n >= 1 && d[0] != 4 ? 0 : -1;   /* another version: no hint */
    }
    return rc;
}

/* Critical subpackets are accepted only where rpm 4.18 accepts them too
 * (creation time, issuer key ID, key flags; tested: a critical issuer
 * fingerprint makes rpm refuse the signature): airlock must not pass a
 * signature the rpm on dom0 refuses. */
static int understood_critical(unsigned type)
{
    return type == SP_CREATED || type == SP_ISSUER || type == SP_KEY_FLAGS;
}

/* One subpacket: type octet T (critical bit included), data D, N bytes. */
static int subpacket(struct sc_pgp_sig *sig, unsigned t, const uint8_t *d, size_t n,
                     int hashed, uint64_t *seen, const char **why)
{
    unsigned type = t & 0x7f;
    int rc = -1;

    if ((t & 0x80) != 0 && (!hashed || !understood_critical(type))) {
        *why = "critical subpacket not understood";
        goto out;
    }
    *why = "bad subpacket";
    if (type == SP_ISSUER || type == SP_ISSUER_FPR)
        rc = issuer_value(sig, type, d, n);
    else if (type == SP_EMBEDDED && n >= 1 && sig->embedded == NULL) {
        /* Either area (gpg writes it unhashed): it is a signature in its
         * own right, and counts only if it verifies (cert.c). */
        sig->embedded = d;
        sig->embedded_len = n;
        rc = 0;
    } else if (hashed && (type == SP_CREATED || type == SP_SIG_EXPIRES ||
             type == SP_KEY_EXPIRES || type == SP_KEY_FLAGS))
        rc = hashed_value(sig, type, d, n, seen);
    else
        rc = 0;   /* not read by the policy, not critical */
out:
    return rc;
}

/* Walk a subpacket area P[0..LEN). */
static int subpackets(struct sc_pgp_sig *sig, const uint8_t *p, size_t len, int hashed,
                      const char **why)
{
    uint64_t seen = 0;
    size_t off = 0, hdr = 0, n = 0;
    int rc = 0;

    while (rc == 0 && off < len) {
        rc = subpacket_length(p + off, len - off, &hdr, &n);
        if (rc != 0) {
            *why = "subpacket length outside its area";
            break;
        }
        rc = subpacket(sig, p[off + hdr], p + off + hdr + 1, n - 1, hashed, &seen, why);
        off += hdr + n;
    }
    if (rc == 0 && hashed && !(seen & ((uint64_t)1 << SP_CREATED))) {
        *why = "no hashed creation time";
        rc = -1;
    }
    return rc;
}

/* The MPIs after the quick-check octets: they must fill the body. */
static int sig_mpis(struct sc_pgp_sig *sig, const uint8_t *p, size_t left, const char **why)
{
    unsigned want = sig->pkalgo == SC_PGP_RSA || sig->pkalgo == SC_PGP_RSA_S ? 1 :
                    sig->pkalgo == SC_PGP_EDDSA || sig->pkalgo == SC_PGP_DSA ||
                    sig->pkalgo == SC_PGP_ECDSA ? 2 : 0;
    size_t used = 0;
    int rc = -1;

    *why = "bad signature value";
    for (unsigned i = 0; i < want; i++) {
        if (sc_pgp_mpi(p, left, &sig->mpi[i], &used) != 0)
            goto out;
        p += used;
        left -= used;
    }
    sig->nmpi = want;
    if (want > 0 && left != 0) {
        *why = "bytes after the signature value";
        goto out;
    }
    rc = 0;
out:
    return rc;
}

static int parse_v4(const uint8_t *b, size_t len, struct sc_pgp_sig *sig, const char **why)
{
    size_t hlen, ulen;
    int rc = -1;

    *why = "signature packet truncated";
    if (len < 6)
        goto out;
    sig->sigtype = b[1];
    sig->pkalgo = b[2];
    sig->hashalgo = b[3];
    hlen = (size_t)b[4] * 256 + b[5];
    if (hlen > len - 6 || len - 6 - hlen < 2)
        goto out;
    ulen = (size_t)b[6 + hlen] * 256 + b[7 + hlen];
    if (ulen > len - 8 - hlen || len - 8 - hlen - ulen < 2)
        goto out;
    sig->hashed = b;
    sig->hashed_len = 6 + hlen;
    if (subpackets(sig, b + 6, hlen, 1, why) != 0 ||
        subpackets(sig, b + 8 + hlen, ulen, 0, why) != 0)
        goto out;
    memcpy(sig->hash16, b + 8 + hlen + ulen, 2);
    rc = sig_mpis(sig, b + 10 + hlen + ulen, len - 10 - hlen - ulen, why);
out:
    return rc;
}

static int parse_v3(const uint8_t *b, size_t len, struct sc_pgp_sig *sig, const char **why)
{
    int rc = -1;

    *why = "v3 signature packet truncated";
    if (len < 19 || b[1] != 5)
        goto out;
    sig->hashed = b + 2;
    sig->hashed_len = 5;
    sig->sigtype = b[2];
    sig->created = sc_be32(b + 3);
    memcpy(sig->keyid, b + 7, SC_PGP_KEYID_LEN);
    sig->has_keyid = 1;
    sig->pkalgo = b[15];
    sig->hashalgo = b[16];
    memcpy(sig->hash16, b + 17, 2);
    rc = sig_mpis(sig, b + 19, len - 19, why);
out:
    return rc;
}

int sc_pgp_sig_parse(const uint8_t *body, size_t len, struct sc_pgp_sig *sig,
                     const char **why)
{
    int rc = -1;

    memset(sig, 0, sizeof(*sig));
    *why = "empty signature packet";
    if (len < 1)
        goto out;
    sig->version = body[0];
    if (sig->version == 4)
        rc = parse_v4(body, len, sig, why);
    else if (sig->version == 3)
        rc = parse_v3(body, len, sig, why);
    else
        *why = "signature packet version not 3 or 4";
out:
    return rc;
}
