/* airlock-sigcheck: signature verification by libgcrypt (see pkverify.h). */
#include "pkverify.h"

#include <string.h>

#define SC_ED25519_LEN 32

int sc_pk_md_algo(unsigned algo)
{
    return algo == SC_PGP_SHA256 ? GCRY_MD_SHA256 :
           algo == SC_PGP_SHA384 ? GCRY_MD_SHA384 :
           algo == SC_PGP_SHA512 ? GCRY_MD_SHA512 : 0;
}

int sc_pk_init(void)
{
    if (gcry_check_version(GCRYPT_VERSION) == NULL)
        return -1;
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    return 0;
}

/* The digest of the data, the signature's hashed octets and (v4) the
 * trailer 04 ff LEN32, into OUT (at most 64 bytes); its length or 0. */
static size_t final_digest(const struct sc_pgp_sig *sig, gcry_md_hd_t md, int algo,
                           uint8_t *out)
{
    gcry_md_hd_t c = NULL;
    uint8_t trailer[6] = { 4, 0xff, 0, 0, 0, 0 };
    size_t n = gcry_md_get_algo_dlen(algo);

    if (n == 0 || n > 64 || gcry_md_copy(&c, md) != 0)
        return 0;
    gcry_md_write(c, sig->hashed, sig->hashed_len);
    if (sig->version == 4) {
        trailer[2] = (uint8_t)(sig->hashed_len >> 24);
        trailer[3] = (uint8_t)(sig->hashed_len >> 16);
        trailer[4] = (uint8_t)(sig->hashed_len >> 8);
        trailer[5] = (uint8_t)sig->hashed_len;
        gcry_md_write(c, trailer, sizeof(trailer));
    }
    memcpy(out, gcry_md_read(c, algo), n);
    gcry_md_close(c);
    return n;
}

/* s < n, both minimal big-endian: else the signature is malleable (s + n
 * verifies the same) and other implementations refuse it. */
static int rsa_s_below_n(const struct sc_pgp_key *key, const struct sc_pgp_sig *sig)
{
    const struct sc_pgp_mpi *sv = &sig->mpi[0], *n = &key->n;

    return sv->len < n->len || (sv->len == n->len && memcmp(sv->p, n->p, n->len) < 0);
}

static int rsa_sexps(const struct sc_pgp_key *key, const struct sc_pgp_sig *sig,
                     gcry_sexp_t *pub, gcry_sexp_t *val)
{
    int rc;

    if (!rsa_s_below_n(key, sig))
        return -1;
    rc = gcry_sexp_build(pub, NULL, "(public-key (rsa (n %b) (e %b)))",
                             (int)key->n.len, key->n.p, (int)key->e.len, key->e.p);
    if (rc == 0)
        rc = gcry_sexp_build(val, NULL, "(sig-val (rsa (s %b)))",
                             (int)sig->mpi[0].len, sig->mpi[0].p);
    return rc == 0 ? 0 : -1;
}

/* r and s, each left-padded to 32 octets (an MPI drops leading zeros). */
static int eddsa_sexps(const struct sc_pgp_key *key, const struct sc_pgp_sig *sig,
                       gcry_sexp_t *pub, gcry_sexp_t *val)
{
    uint8_t rs[2][SC_ED25519_LEN];
    int rc = -1;

    if (sig->mpi[0].len > SC_ED25519_LEN || sig->mpi[1].len > SC_ED25519_LEN)
        goto out;
    memset(rs, 0, sizeof(rs));
    for (int i = 0; i < 2; i++)
        memcpy(rs[i] + SC_ED25519_LEN - sig->mpi[i].len, sig->mpi[i].p, sig->mpi[i].len);
    rc = gcry_sexp_build(pub, NULL, "(public-key (ecc (curve Ed25519) (flags eddsa) (q %b)))",
                         SC_ED25519_LEN, key->q);
    if (rc == 0)
        rc = gcry_sexp_build(val, NULL, "(sig-val (eddsa (r %b) (s %b)))",
                             SC_ED25519_LEN, rs[0], SC_ED25519_LEN, rs[1]);
    rc = rc == 0 ? 0 : -1;
out:
    return rc;
}

static int algos_match(const struct sc_pgp_key *key, const struct sc_pgp_sig *sig)
{
    int rsa_sig = sig->pkalgo == SC_PGP_RSA || sig->pkalgo == SC_PGP_RSA_S;
    int rsa_key = key->algo == SC_PGP_RSA || key->algo == SC_PGP_RSA_S;

    if (rsa_sig && rsa_key)
        return sig->nmpi == 1 && key->n.len > 0;
    return sig->pkalgo == SC_PGP_EDDSA && key->algo == SC_PGP_EDDSA &&
           key->q != NULL && sig->nmpi == 2;
}

int sc_pk_verify(const struct sc_pgp_key *key, const struct sc_pgp_sig *sig, gcry_md_hd_t md)
{
    gcry_sexp_t pub = NULL, val = NULL, data = NULL;
    uint8_t digest[64];
    int algo = sc_pk_md_algo(sig->hashalgo);
    size_t n = 0;
    int rc = -1;

    if (algo == 0 || !algos_match(key, sig))
        goto out;
    n = final_digest(sig, md, algo, digest);
    if (n == 0 || memcmp(digest, sig->hash16, 2) != 0)
        goto out;
    if (sig->pkalgo == SC_PGP_EDDSA)
        rc = eddsa_sexps(key, sig, &pub, &val) == 0 ?
             (int)gcry_sexp_build(&data, NULL, "(data (flags eddsa) (hash-algo sha512) (value %b))",
                                  (int)n, digest) : -1;
    else
        rc = rsa_sexps(key, sig, &pub, &val) == 0 ?
             (int)gcry_sexp_build(&data, NULL, "(data (flags pkcs1) (hash %s %b))",
                                  gcry_md_algo_name(algo), (int)n, digest) : -1;
    if (rc == 0)
        rc = gcry_pk_verify(val, data, pub) == 0 ? 0 : -1;
    else
        rc = -1;
out:
    gcry_sexp_release(pub);
    gcry_sexp_release(val);
    gcry_sexp_release(data);
    return rc;
}
