/*
 * airlock-sigcheck: the one call of the verification primitive.
 *
 * airlock decides a signature is good only here, by its own call of
 * libgcrypt's gcry_pk_verify() on values it parsed itself (pgp.h): RSA
 * PKCS#1 v1.5, or EdDSA over Ed25519. Nothing else in airlock-sigcheck
 * says "good".
 */
#ifndef AIRLOCK_SIGCHECK_PKVERIFY_H
#define AIRLOCK_SIGCHECK_PKVERIFY_H

#include <gcrypt.h>
#include "pgp.h"

/* libgcrypt's number for OpenPGP hash algorithm ALGO, for the hashes
 * airlock accepts in signatures (SHA-256, SHA-384, SHA-512); 0 for any
 * other. */
int sc_pk_md_algo(unsigned algo);

/* Start libgcrypt once per process (before any other call here). 0 or -1. */
int sc_pk_init(void);

/* Verify SIG made by KEY over the data already written to MD, a hash
 * handle of SIG's algorithm (MD itself is left untouched: a copy gets the
 * signature's hashed octets and, for v4, its trailer). The algorithms must
 * match (RSA key for an RSA signature, Ed25519 key for EdDSA), and the
 * digest's first two octets must equal the packet's quick check. 0 if and
 * only if gcry_pk_verify() said good; -1 otherwise. */
int sc_pk_verify(const struct sc_pgp_key *key, const struct sc_pgp_sig *sig, gcry_md_hd_t md);

#endif
