/*
 * airlock-sigcheck: one OpenPGP signature item of the signature header,
 * checked by airlock against its own keyring.
 *
 * The item must hold exactly one signature packet (pgp.h) of type 0x00
 * (binary document), v3 or v4; RSA for tags 268/1002, EdDSA for 267/1005;
 * hash SHA-256, SHA-384 or SHA-512. The keyring keys it names (fingerprint,
 * else key ID) are tried in turn: a key counts only if usable (keyring.h)
 * and not expired at the signature's creation time, and the signature
 * is good only if sc_pk_verify() says so for one of them over the data.
 */
#ifndef AIRLOCK_SIGCHECK_SIGVERIFY_H
#define AIRLOCK_SIGCHECK_SIGVERIFY_H

#include <gcrypt.h>
#include "keyring.h"
#include "sighdr.h"
#include "verdict.h"

#define SC_CANDIDATES_MAX 8

struct sc_sigjob {
    const struct sc_sigitem *item;
    struct sc_pgp_sig sig;
    size_t cand[SC_CANDIDATES_MAX];
    size_t ncand;
    gcry_md_hd_t md;             /* the data goes here, between prepare and finish */
};

/* Parse and vet ITEM, find its keys, open the hash. SC_OK, or SC_BAD_PACKET,
 * SC_BAD_ALGORITHM, SC_NO_KEY, SC_KEY_REVOKED, SC_KEY_EXPIRED,
 * SC_NOT_TRUSTED, SC_INTERNAL with *v naming the tag. */
enum sc_code sc_sig_prepare(struct sc_sigjob *j, const struct sc_sigitem *item,
                            struct sc_keyring *kr, struct sc_verdict *v);

/* After the data was written to j->md: SC_OK (v->signer set to the key's
 * fingerprint) or SC_BAD_SIGNATURE. Closes the hash. */
enum sc_code sc_sig_finish(struct sc_sigjob *j, struct sc_keyring *kr,
                           struct sc_verdict *v);

/* Release the hash if still open (after a failure). */
void sc_sig_close(struct sc_sigjob *j);

#endif
