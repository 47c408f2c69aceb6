/* airlock-sigcheck: OpenPGP v4 public-key packets (see pgp.h). */
#include "pgp.h"
#include "bytes.h"

#include <string.h>
#include <gcrypt.h>

/* 1.3.6.1.4.1.11591.15.1, the OID of Ed25519 in OpenPGP (RFC 4880bis). */
static const uint8_t sc_ed25519_oid[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01 };

#define SC_ED25519_Q_BITS 263   /* 0x40 prefix + 32 bytes */

static int rsa_material(const uint8_t *p, size_t left, struct sc_pgp_key *key,
                        const char **why)
{
    size_t used = 0;
    int rc = -1;

    *why = "bad RSA key material";
    if (sc_pgp_mpi(p, left, &key->n, &used) != 0)
        goto out;
    p += used;
    left -= used;
    if (sc_pgp_mpi(p, left, &key->e, &used) != 0 || used != left)
        goto out;
    rc = 0;
out:
    return rc;
}

/* EdDSA: the curve OID, then the point. Other curves parse with no
 * material (q stays NULL); Ed25519 must have a well-formed point. */
static int eddsa_material(const uint8_t *p, size_t left, struct sc_pgp_key *key,
                          const char **why)
{
    struct sc_pgp_mpi q;
    size_t oidlen, used = 0;
    int rc = -1;

    *why = "bad EdDSA key material";
    if (left < 1 || p[0] == 0 || p[0] == 0xff || (size_t)p[0] > left - 1)
        goto out;
    oidlen = p[0];
    rc = 0;
    if (oidlen != sizeof(sc_ed25519_oid) || memcmp(p + 1, sc_ed25519_oid, oidlen) != 0)
        goto out;
    rc = -1;
    if (sc_pgp_mpi(p + 1 + oidlen, left - 1 - oidlen, &q, &used) != 0 ||
        used != left - 1 - oidlen || q.bits != SC_ED25519_Q_BITS || q.p[0] != 0x40)
        goto out;
    key->q = q.p + 1;
    rc = 0;
out:
    return rc;
}

/* SHA-1 over 0x99, the body's two-octet length and the body. */
static void fingerprint(struct sc_pgp_key *key)
{
    uint8_t pre[3] = { 0x99, (uint8_t)(key->body_len / 256), (uint8_t)(key->body_len % 256) };
    gcry_md_hd_t md = NULL;

    if (gcry_md_open(&md, GCRY_MD_SHA1, 0) != 0)
        return;   /* fpr stays zero: matches no signature's issuer */
    gcry_md_write(md, pre, sizeof(pre));
    gcry_md_write(md, key->body, key->body_len);
    memcpy(key->fpr, gcry_md_read(md, GCRY_MD_SHA1), SC_PGP_FPR_LEN);
    memcpy(key->keyid, key->fpr + SC_PGP_FPR_LEN - SC_PGP_KEYID_LEN, SC_PGP_KEYID_LEN);
    gcry_md_close(md);
}

int sc_pgp_key_parse(const uint8_t *body, size_t len, struct sc_pgp_key *key,
                     const char **why)
{
    int rc = -1;

    memset(key, 0, sizeof(*key));
    *why = "key packet truncated";
    if (len < 6 || len > 0xffff)
        goto out;
    key->version = body[0];
    if (key->version != 4) {
        *why = key->version == 3 ? "v3 key (obsolete)" : "key version not 4";
        goto out;
    }
    key->created = sc_be32(body + 1);
    key->algo = body[5];
    key->body = body;
    key->body_len = len;
    if (key->algo == SC_PGP_RSA || key->algo == SC_PGP_RSA_S)
        rc = rsa_material(body + 6, len - 6, key, why);
    else if (key->algo == SC_PGP_EDDSA)
        rc = eddsa_material(body + 6, len - 6, key, why);
    else
        rc = 0;   /* can sign nothing here; parsed for its fingerprint only */
    if (rc == 0)
        fingerprint(key);
out:
    return rc;
}
