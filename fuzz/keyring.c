/* keyring.c -- harness for airlock-sigcheck's keyring reader: one key
 * file's bytes (armored or binary) through sc_keyring_add_bytes (armor.c,
 * cert.c, pgp*.c), then every key settled (self-signatures verified with
 * libgcrypt).
 *
 * Checked for every input:
 *   - the call is all or nothing: on failure no key stays;
 *   - every key has a known state; a usable key is RSA of >= 2048 bits or
 *     Ed25519, and its fingerprint is the SHA-1 of 0x99, length and key
 *     packet body, its key ID the last 8 bytes (computed here, by librpm's
 *     digest code);
 *   - the oracle: a usable primary key has a certification of a user ID or
 *     a direct-key signature that librpm's own OpenPGP code (pgpPrtParams,
 *     pgpVerifySignature) verifies with the key as librpm parses it;
 *   - reading the same bytes again gives the same keys and states.
 */
#include <string.h>

#include <rpm/rpmcrypto.h>
#include <rpm/rpmpgp.h>

#include "fuzz.h"
#include "keyring.h"
#include "policy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256];

    (void)argc;
    (void)argv;
    if (sc_rpm_init(err, sizeof err) != 0) {
        fprintf(stderr, "keyring harness: %s\n", err);
        abort();
    }
    return 0;
}

/* A fresh keyring holding the input's keys, all settled; NULL if refused. */
static struct sc_keyring *load(const uint8_t *data, size_t size)
{
    struct sc_keyring *kr = calloc(1, sizeof(*kr));
    char *buf = malloc(size + 1);
    const char *why = NULL;
    int rc;

    FUZZ_CHECK(kr != NULL && buf != NULL);
    kr->now = 1800000000u;   /* fixed, so runs repeat */
    memcpy(buf, data, size);
    buf[size] = '\0';
    rc = sc_keyring_add_bytes(kr, buf, size, "fuzz", &why);
    FUZZ_CHECK(rc == 0 || rc == -1 || rc == -2);
    FUZZ_CHECK(rc == 0 || kr->n == 0);
    for (size_t i = 0; i < kr->n; i++)
        FUZZ_CHECK(sc_keyring_settle(kr, i) == 0);
    return kr;
}

static void check_fpr(const struct sc_key *k)
{
    uint8_t pre[3] = { 0x99, (uint8_t)(k->pk.body_len >> 8), (uint8_t)k->pk.body_len };
    DIGEST_CTX ctx = rpmDigestInit(PGPHASHALGO_SHA1, RPMDIGEST_NONE);
    uint8_t *d = NULL;
    size_t n = 0;

    rpmDigestUpdate(ctx, pre, sizeof pre);
    rpmDigestUpdate(ctx, k->pk.body, k->pk.body_len);
    rpmDigestFinal(ctx, (void **)&d, &n, 0);
    FUZZ_CHECK(n == 20 && memcmp(d, k->pk.fpr, 20) == 0 && memcmp(d + 12, k->pk.keyid, 8) == 0);
    free(d);
}

/* The harness's own packet framing (independent of pgp.c): tag, body and
 * whole length of the packet at P, or 0 if it does not fit. */
static size_t frame(const uint8_t *p, size_t left, unsigned *tag, const uint8_t **body, size_t *blen)
{
    size_t h = 0, n = 0;

    if (left < 2 || !(p[0] & 0x80))
        return 0;
    if (p[0] & 0x40) {
        *tag = p[0] & 0x3f;
        if (p[1] < 192) { h = 2; n = p[1]; }
        else if (p[1] < 224 && left >= 3) { h = 3; n = ((size_t)(p[1] - 192) << 8) + p[2] + 192; }
        else if (p[1] == 255 && left >= 6) { h = 6; n = (size_t)p[2] << 24 | (size_t)p[3] << 16 | (size_t)p[4] << 8 | p[5]; }
        else return 0;
    } else {
        *tag = (p[0] >> 2) & 0x0f;
        if ((p[0] & 3) == 0) { h = 2; n = p[1]; }
        else if ((p[0] & 3) == 1 && left >= 3) { h = 3; n = (size_t)p[1] << 8 | p[2]; }
        else if ((p[0] & 3) == 2 && left >= 5) { h = 5; n = (size_t)p[1] << 24 | (size_t)p[2] << 16 | (size_t)p[3] << 8 | p[4]; }
        else return 0;
    }
    if (n > left - h)
        return 0;
    *body = p + h;
    *blen = n;
    return h + n;
}

/* Does librpm verify SIG (whole packet at S, L bytes) by KP over the key
 * body KB (and the user ID U, when not NULL)? */
static int librpm_verifies(pgpDigParams kp, const uint8_t *s, size_t l, const uint8_t *kb,
                           size_t kbl, const uint8_t *u, size_t ul)
{
    pgpDigParams sp = NULL;
    uint8_t pre[5];
    DIGEST_CTX ctx;
    int good = 0;

    if (pgpPrtParams(s, l, PGPTAG_SIGNATURE, &sp) != 0)
        return 0;
    ctx = rpmDigestInit(pgpDigParamsAlgo(sp, PGPVAL_HASHALGO), RPMDIGEST_NONE);
    if (ctx != NULL) {
        pre[0] = 0x99; pre[1] = (uint8_t)(kbl >> 8); pre[2] = (uint8_t)kbl;
        rpmDigestUpdate(ctx, pre, 3);
        rpmDigestUpdate(ctx, kb, kbl);
        if (u != NULL) {
            pre[0] = 0xb4; pre[1] = (uint8_t)(ul >> 24); pre[2] = (uint8_t)(ul >> 16);
            pre[3] = (uint8_t)(ul >> 8); pre[4] = (uint8_t)ul;
            rpmDigestUpdate(ctx, pre, 5);
            rpmDigestUpdate(ctx, u, ul);
        }
        good = pgpVerifySignature(kp, sp, ctx) == RPMRC_OK;
        rpmDigestFinal(ctx, NULL, NULL, 0);
    }
    pgpDigParamsFree(sp);
    return good;
}

/* The oracle for a usable primary key K. */
static int independently_bound(const struct sc_key *k)
{
    const uint8_t *p = k->cert, *body = NULL, *uid = NULL;
    size_t left = k->cert_len, blen = 0, uidlen = 0, n;
    pgpDigParams kp = NULL;
    unsigned tag = 0;
    int good = 0, first = 1;

    while (!good && (n = frame(p, left, &tag, &body, &blen)) > 0) {
        if (first && pgpPrtParams(p, n, PGPTAG_PUBLIC_KEY, &kp) != 0)
            break;
        if (tag == 13) {
            uid = body;
            uidlen = blen;
        } else if (tag == 14) {
            break;      /* subkeys: the primary's bindings come before */
        } else if (tag == 2 && blen > 2 && body[0] == 4 &&
                   ((uid != NULL && body[1] >= 0x10 && body[1] <= 0x13) || body[1] == 0x1f)) {
            good = librpm_verifies(kp, p, n, k->pk.body, k->pk.body_len,
                                   body[1] == 0x1f ? NULL : uid, uidlen);
        }
        first = 0;
        p += n;
        left -= n;
    }
    pgpDigParamsFree(kp);
    return good;
}

static void check_keys(const struct sc_keyring *kr)
{
    for (size_t i = 0; i < kr->n; i++) {
        const struct sc_key *k = &kr->keys[i];
        FUZZ_CHECK((unsigned)k->state <= SC_KS_NO_SIGN && k->verified);
        check_fpr(k);
        if (k->state != SC_KS_USABLE)
            continue;
        FUZZ_CHECK(k->pk.algo == SC_PGP_EDDSA ? k->pk.q != NULL : k->pk.n.bits >= 2048);
        if (!k->is_subkey && !independently_bound(k)) {
            fprintf(stderr, "oracle: usable key, librpm verifies no self-signature\n");
            FUZZ_CHECK(0);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sc_keyring *a, *b;

    a = load(data, size);
    b = load(data, size);
    FUZZ_CHECK(a->n == b->n);
    for (size_t i = 0; i < a->n; i++)
        FUZZ_CHECK(a->keys[i].state == b->keys[i].state &&
                   memcmp(a->keys[i].pk.fpr, b->keys[i].pk.fpr, 20) == 0);
    check_keys(a);
    sc_keyring_free(a);
    sc_keyring_free(b);
    return 0;
}
