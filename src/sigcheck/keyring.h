/*
 * airlock-sigcheck: the trusted keys, read by airlock itself from one
 * directory.
 *
 * Every file of DIR not starting with '.' holds armored OpenPGP public key
 * blocks (any number) or binary key packets. Each certificate is read
 * strictly (cert.c): a v4 primary key, then its direct signatures, user
 * IDs with their certifications, subkeys with their bindings. A key or
 * subkey is usable for package signatures only if
 *  - its algorithm is RSA (modulus of at least 2048 bits) or EdDSA over
 *    Ed25519;
 *  - a self-signature airlock verified binds it (for the primary key a
 *    certification of a user ID or a direct-key signature; for a subkey a
 *    subkey binding signature with the signing flag and a verified
 *    embedded primary-key binding signature made by the subkey);
 *  - no revocation signature is attached to it (any revocation counts,
 *    verified or not: a revocation airlock cannot check still revokes);
 *    a subkey of a revoked or expired primary key is unusable as well;
 *  - the expiry given by its newest verified self-signature is in the
 *    future (and was after the package signature's creation time);
 *  - if that self-signature carries key flags, they include signing.
 * Keys are matched by fingerprint. The same fingerprint in two places is
 * one key, unusable if any copy is.
 *
 * Settling: loading reads every certificate strictly but takes its
 * self-signatures at their word (libgcrypt's Ed25519 verification costs
 * ~0.4 ms, too slow for 10,000 keys at start); a key those claims already
 * make unusable (revoked, expired, weak, no signing flag, no binding) stays
 * unusable. A key that looks usable is settled, its certificate read again
 * with every counted self-signature verified, before it may vouch for
 * anything (sc_keyring_settle), and then keeps the verified state. At
 * load, keys are settled until one is usable. A file that does not parse is skipped
 * with a warning naming it; a directory without one usable key is a
 * set-up error.
 */
#ifndef AIRLOCK_SIGCHECK_KEYRING_H
#define AIRLOCK_SIGCHECK_KEYRING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "pgp.h"

enum sc_key_state {
    SC_KS_USABLE,
    SC_KS_REVOKED,      /* a revocation signature is attached (or to its primary) */
    SC_KS_EXPIRED,      /* expired now (or its primary is) */
    SC_KS_UNBOUND,     /* no verified self-signature / binding */
    SC_KS_WEAK,        /* algorithm or size not accepted */
    SC_KS_NO_SIGN,     /* key flags without signing */
};

struct sc_key {
    struct sc_pgp_key pk;          /* points into the keyring's copy of the file */
    uint8_t primary_fpr[SC_PGP_FPR_LEN];
    int is_subkey;
    uint32_t expires_at;           /* absolute time; 0 = never */
    enum sc_key_state state;
    const char *file;              /* name of the key file, owned by the keyring */
    const uint8_t *cert;           /* the certificate it came from */
    size_t cert_len;
    int verified;                  /* state final: settled, or unusable by its own claims */
};

struct sc_keyring {
    struct sc_key *keys;           /* sorted by fingerprint after loading */
    size_t n, cap;
    void **blobs;                  /* decoded key files and names, freed together */
    size_t nblobs, blobcap;
    uint32_t now;                  /* time of loading */
};

/* Load DIR. Warnings (skipped files, unusable keys) go to WARN, one line
 * each, naming the file. Returns the keyring, or NULL with a message in
 * ERR when DIR cannot be read or holds no usable key. */
struct sc_keyring *sc_keyring_load(const char *dir, FILE *warn, char *err, size_t errlen);

void sc_keyring_free(struct sc_keyring *kr);

/* Add the keys of one key file's contents BUF[0..LEN) (malloc'd, with a
 * NUL at BUF[LEN]; taken over: kept or freed) under the file name NAME
 * (which must outlive KR). All or nothing: on failure no key of it stays.
 * 0, -1 with *why set, or -2 when out of memory. */
int sc_keyring_add_bytes(struct sc_keyring *kr, char *buf, size_t len, const char *name,
                         const char **why);

/* Settle keys (above) in order until one is usable: 1 if one is, else 0;
 * -2 when out of memory. */
int sc_keyring_has_usable(struct sc_keyring *kr);

/* Settle key IDX and every other copy of its fingerprint; all copies get
 * the worst state among them. 0, or -2 when out of memory. */
int sc_keyring_settle(struct sc_keyring *kr, size_t idx);

/* Settle the one key KR->keys[IDX] from its own certificate (cert.c). */
int sc_cert_settle(struct sc_keyring *kr, size_t idx);

/* Add the keys of one certificate CERT[0..LEN) (cert.c); the bytes must
 * stay alive as long as KR. 0, or -1 if the certificate is refused (with
 * a reason in *why). Out of memory is -2. */
int sc_cert_add(struct sc_keyring *kr, const uint8_t *cert, size_t len, const char *file,
                const char **why);

/* The keys a signature names: by issuer fingerprint when it has one,
 * else by key ID. Fills idx[0..max) and returns how many matched. */
size_t sc_keyring_match(const struct sc_keyring *kr, const struct sc_pgp_sig *sig,
                        size_t *idx, size_t max);

/* Text of a key state, for messages. */
const char *sc_key_state_text(enum sc_key_state s);

#endif
