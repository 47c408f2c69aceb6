/* airlock-sigcheck: one OpenPGP certificate into the keyring (keyring.h). */
#include "keyring.h"

#include <stdlib.h>
#include <string.h>

#include "pkverify.h"

#define SC_RSA_MIN_BITS 2048
#define SC_CERT_PKTS_MAX 4096

/* What the newest verified self-signature of a key says. */
struct binding {
    int bound;
    uint32_t time;             /* its creation time */
    uint32_t key_expires;      /* relative; 0 = never */
    int has_flags;
    unsigned flags;
};

struct cert {
    const struct sc_pgp_pkt *pkt;
    size_t n;
    struct sc_pgp_key primary;
    uint32_t now;
    int subs_revoked;          /* a subkey revocation outside its subkey: all count revoked */
    int verify;                /* 0: take self-signatures at their word (see vouches) */
    const uint8_t *bytes;
    size_t len;
};

static int from_key(const struct sc_pgp_sig *sig, const struct sc_pgp_key *k)
{
    if (sig->has_fpr)
        return memcmp(sig->fpr, k->fpr, SC_PGP_FPR_LEN) == 0;
    return sig->has_keyid && memcmp(sig->keyid, k->keyid, SC_PGP_KEYID_LEN) == 0;
}

static void hash_key(gcry_md_hd_t md, const struct sc_pgp_key *k)
{
    uint8_t pre[3] = { 0x99, (uint8_t)(k->body_len >> 8), (uint8_t)k->body_len };

    gcry_md_write(md, pre, sizeof(pre));
    gcry_md_write(md, k->body, k->body_len);
}

/* A user ID (13) or attribute (17) as a v4 certification hashes it. */
static void hash_uid(gcry_md_hd_t md, const struct sc_pgp_pkt *u, unsigned version)
{
    size_t n = u->body_len;
    uint8_t pre[5] = { u->tag == SC_PGP_TAG_UID ? 0xb4 : 0xd1, (uint8_t)(n >> 24),
                       (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };

    if (version == 4)
        gcry_md_write(md, pre, sizeof(pre));
    gcry_md_write(md, u->body, u->body_len);
}

/* Verify SIG by SIGNER over PRIMARY, then SUB or UID if given. 0 good. */
static int self_verify(const struct sc_pgp_key *signer, const struct sc_pgp_sig *sig,
                       const struct sc_pgp_key *primary, const struct sc_pgp_key *sub,
                       const struct sc_pgp_pkt *uid)
{
    int algo = sc_pk_md_algo(sig->hashalgo), rc = -1;
    gcry_md_hd_t md = NULL;

    if (algo == 0 || gcry_md_open(&md, algo, 0) != 0)
        return -1;
    hash_key(md, primary);
    if (sub != NULL)
        hash_key(md, sub);
    if (uid != NULL)
        hash_uid(md, uid, sig->version);
    rc = sc_pk_verify(signer, sig, md);
    gcry_md_close(md);
    return rc;
}

/* Does SIG, made by SIGNER, vouch for what it binds? Verified by
 * self_verify when c->verify; otherwise only its claim is taken (hash
 * accepted), which can only ever make a key look usable pending the real
 * check, never make an unusable one usable (keyring.h: settling). */
static int vouches(const struct cert *c, const struct sc_pgp_key *signer,
                   const struct sc_pgp_sig *sig, const struct sc_pgp_key *sub,
                   const struct sc_pgp_pkt *uid)
{
    if (!c->verify)
        return sc_pk_md_algo(sig->hashalgo) != 0;
    return self_verify(signer, sig, &c->primary, sub, uid) == 0;
}

/* A signature still in force at NOW that says more than what B holds. */
static void take_newer(struct binding *b, const struct sc_pgp_sig *sig, uint32_t now)
{
    if (sig->sig_expires != 0 && (uint64_t)sig->created + sig->sig_expires <= now)
        return;
    if (b->bound && sig->created < b->time)
        return;
    b->bound = 1;
    b->time = sig->created;
    b->key_expires = sig->key_expires;
    b->has_flags = sig->has_key_flags;
    b->flags = sig->key_flags;
}

static int weak(const struct sc_pgp_key *k)
{
    if (k->algo == SC_PGP_RSA || k->algo == SC_PGP_RSA_S)
        return k->n.bits < SC_RSA_MIN_BITS;
    return !(k->algo == SC_PGP_EDDSA && k->q != NULL);
}

/* The state of a key from what its signatures said. */
static enum sc_key_state judge(const struct sc_pgp_key *k, const struct binding *b, int revoked,
                               int need_flags, uint32_t now, uint32_t *expires_at)
{
    uint64_t end = b->key_expires != 0 ? (uint64_t)k->created + b->key_expires : 0;

    *expires_at = end > UINT32_MAX ? UINT32_MAX : (uint32_t)end;
    if (revoked)
        return SC_KS_REVOKED;
    if (end != 0 && end <= now)
        return SC_KS_EXPIRED;
    if (!b->bound)
        return SC_KS_UNBOUND;
    if (weak(k))
        return SC_KS_WEAK;
    if ((need_flags || b->has_flags) && (!b->has_flags || (b->flags & SC_KEYFLAG_SIGN) == 0))
        return SC_KS_NO_SIGN;
    return SC_KS_USABLE;
}

/* The next signature of the run at c->pkt[*i] (trust packets skipped):
 * 1 with *sig parsed and *i past it, 0 at the end of the run, -1 if it
 * does not parse. */
static int next_sig(const struct cert *c, size_t *i, struct sc_pgp_sig *sig, const char **why)
{
    while (*i < c->n && c->pkt[*i].tag == SC_PGP_TAG_TRUST)
        (*i)++;
    if (*i >= c->n || c->pkt[*i].tag != SC_PGP_TAG_SIG)
        return 0;
    (*i)++;
    return sc_pgp_sig_parse(c->pkt[*i - 1].body, c->pkt[*i - 1].body_len, sig, why) == 0 ? 1 : -1;
}

/* Signatures at c->pkt[*i..] about the primary key (UID NULL) or about
 * the user ID UID; B takes the newest verified self-signature. */
static int primary_sigs(const struct cert *c, size_t *i, const struct sc_pgp_pkt *uid,
                        struct binding *b, int *revoked, const char **why)
{
    struct binding ub = { 0, 0, 0, 0, 0 };
    struct sc_pgp_sig sig;
    int uid_revoked = 0, rc = 0;

    while ((rc = next_sig(c, i, &sig, why)) == 1) {
        if (uid == NULL && sig.sigtype == SC_SIG_KEY_REVOKE)
            *revoked = 1;
        else if (uid != NULL && sig.sigtype == SC_SIG_CERT_REVOKE && from_key(&sig, &c->primary))
            uid_revoked = 1;
        else if (((uid == NULL && sig.sigtype == SC_SIG_DIRECT) ||
                  (uid != NULL && sig.sigtype >= SC_SIG_CERT_FIRST && sig.sigtype <= SC_SIG_CERT_LAST)) &&
                 from_key(&sig, &c->primary) && vouches(c, &c->primary, &sig, NULL, uid))
            take_newer(uid == NULL ? b : &ub, &sig, c->now);
    }
    if (rc == 0 && uid != NULL && !uid_revoked && ub.bound && (!b->bound || ub.time >= b->time))
        *b = ub;
    return rc;
}

/* A binding with the signing flag needs the subkey's own signature over
 * primary and subkey (embedded, type 0x19): else anyone could bind
 * somebody else's signing key as theirs. */
static int backsig_ok(const struct cert *c, const struct sc_pgp_sig *bind, const struct sc_pgp_key *sub)
{
    struct sc_pgp_sig emb;
    const char *why = NULL;

    if (!bind->has_key_flags || (bind->key_flags & SC_KEYFLAG_SIGN) == 0)
        return 1;
    return bind->embedded != NULL &&
           sc_pgp_sig_parse(bind->embedded, bind->embedded_len, &emb, &why) == 0 &&
           emb.sigtype == SC_SIG_PRIMARY_BINDING && vouches(c, sub, &emb, sub, NULL);
}

static int subkey_sigs(const struct cert *c, size_t *i, const struct sc_pgp_key *sub,
                       struct binding *b, int *revoked, const char **why)
{
    struct sc_pgp_sig sig;
    int rc = 0;

    while ((rc = next_sig(c, i, &sig, why)) == 1) {
        if (sig.sigtype == SC_SIG_SUBKEY_REVOKE)
            *revoked = 1;
        else if (sig.sigtype == SC_SIG_SUBKEY_BINDING && from_key(&sig, &c->primary) &&
                 vouches(c, &c->primary, &sig, sub, NULL) && backsig_ok(c, &sig, sub))
            take_newer(b, &sig, c->now);
    }
    return rc;
}

static int add_key(struct sc_keyring *kr, const struct sc_pgp_key *k, const struct cert *c,
                   enum sc_key_state st, uint32_t expires_at, const char *file)
{
    struct sc_key *nk;

    if (kr->n == kr->cap) {
        size_t cap = kr->cap ? kr->cap * 2 : 64;
        nk = realloc(kr->keys, cap * sizeof(*nk));
        if (nk == NULL)
            return -2;
        kr->keys = nk;
        kr->cap = cap;
    }
    nk = &kr->keys[kr->n++];
    nk->pk = *k;
    memcpy(nk->primary_fpr, c->primary.fpr, SC_PGP_FPR_LEN);
    nk->is_subkey = k != &c->primary;
    nk->state = st;
    nk->expires_at = expires_at;
    nk->file = file;
    nk->cert = c->bytes;
    nk->cert_len = c->len;
    nk->verified = c->verify || st != SC_KS_USABLE;
    return 0;
}

/* Split CERT[0..LEN) into packets: a new array in *out. 0, -1, or -2. */
static int split(const uint8_t *cert, size_t len, struct sc_pgp_pkt **out, size_t *n,
                 const char **why)
{
    struct sc_pgp_pkt *p = NULL, one;
    size_t off = 0, cap = 0;
    int rc = -1;

    *n = 0;
    *why = "not a sequence of whole OpenPGP packets";
    while (off < len) {
        if (sc_pgp_packet(cert + off, len - off, &one) != 0 || *n == SC_CERT_PKTS_MAX)
            goto out;
        if (*n == cap) {
            struct sc_pgp_pkt *np = realloc(p, (cap ? cap * 2 : 16) * sizeof(*p));
            rc = -2;
            if (np == NULL)
                goto out;
            rc = -1;
            p = np;
            cap = cap ? cap * 2 : 16;
        }
        p[(*n)++] = one;
        off += one.total_len;
    }
    rc = 0;
out:
    if (rc != 0)
        free(p);
    *out = rc == 0 ? p : NULL;
    return rc;
}

/* Subkeys from c->pkt[*i] on, each followed by its signatures. */
static int subkeys(struct sc_keyring *kr, const struct cert *c, size_t *i,
                   enum sc_key_state pstate, const char *file, const char **why)
{
    int rc = 0;

    while (rc == 0 && *i < c->n) {
        struct binding b = { 0, 0, 0, 0, 0 };
        struct sc_pgp_key sub;
        int revoked = 0;
        uint32_t exp = 0;
        enum sc_key_state st;

        *why = "unexpected packet after the subkeys";
        if (c->pkt[*i].tag != SC_PGP_TAG_PUBSUBKEY)
            return -1;
        rc = sc_pgp_key_parse(c->pkt[*i].body, c->pkt[*i].body_len, &sub, why);
        (*i)++;
        if (rc == 0)
            rc = subkey_sigs(c, i, &sub, &b, &revoked, why);
        st = judge(&sub, &b, revoked || c->subs_revoked, 1, c->now, &exp);
        if (pstate == SC_KS_REVOKED || pstate == SC_KS_EXPIRED || pstate == SC_KS_UNBOUND)
            st = pstate;
        if (rc == 0)
            rc = add_key(kr, &sub, c, st, exp, file);
    }
    return rc;
}

/* The signature type of a signature packet body, without parsing it
 * (0 if it is too short). */
static unsigned sigtype_of(const struct sc_pgp_pkt *p)
{
    if (p->body_len >= 2 && p->body[0] == 4)
        return p->body[1];
    return p->body_len >= 3 && p->body[0] == 3 ? p->body[2] : 0;
}

/* Revocations anywhere in the certificate, fail closed: a key revocation
 * (0x20) wherever it stands revokes the key; a subkey revocation (0x28)
 * not right after a subkey revokes every subkey. Verified or not. */
static void prescan(struct cert *c, int *revoked)
{
    int in_sub = 0;

    for (size_t i = 1; i < c->n; i++) {
        unsigned t = c->pkt[i].tag;
        if (t == SC_PGP_TAG_SIG && sigtype_of(&c->pkt[i]) == SC_SIG_KEY_REVOKE)
            *revoked = 1;
        else if (t == SC_PGP_TAG_SIG && sigtype_of(&c->pkt[i]) == SC_SIG_SUBKEY_REVOKE && !in_sub)
            c->subs_revoked = 1;
        else if (t != SC_PGP_TAG_SIG && t != SC_PGP_TAG_TRUST)
            in_sub = t == SC_PGP_TAG_PUBSUBKEY;
    }
}

/* The binding the primary key ends with: the newest certification or
 * direct-key signature, but an expiry or a flag set without signing in
 * the direct-key signature still holds (as in gpg and Sequoia). */
static void keep_direct(struct binding *b, const struct binding *direct)
{
    if (!direct->bound)
        return;
    if (direct->key_expires != 0 && (b->key_expires == 0 || direct->key_expires < b->key_expires))
        b->key_expires = direct->key_expires;
    if (direct->has_flags && (direct->flags & SC_KEYFLAG_SIGN) == 0) {
        b->has_flags = 1;
        b->flags = direct->flags;
    }
}

/* Read one certificate into KR: with VERIFY, every self-signature that
 * counts is verified; without, only claimed (see vouches). */
static int cert_eval(struct sc_keyring *kr, const uint8_t *bytes, size_t len, const char *file,
                     int verify, const char **why)
{
    struct sc_pgp_pkt *pkt = NULL;
    struct cert c;
    struct binding b = { 0, 0, 0, 0, 0 }, direct = { 0, 0, 0, 0, 0 };
    size_t i = 1;
    int revoked = 0, rc = split(bytes, len, &pkt, &c.n, why);
    uint32_t exp = 0;
    enum sc_key_state st;

    c = (struct cert){ .pkt = pkt, .n = c.n, .now = kr->now, .verify = verify, .bytes = bytes,
                       .len = len, .subs_revoked = 0 };
    if (rc != 0)
        goto out;
    rc = -1;
    *why = "certificate does not start with a public key";
    if (c.n == 0 || pkt[0].tag != SC_PGP_TAG_PUBKEY ||
        sc_pgp_key_parse(pkt[0].body, pkt[0].body_len, &c.primary, why) != 0)
        goto out;
    prescan(&c, &revoked);
    rc = primary_sigs(&c, &i, NULL, &direct, &revoked, why);
    b = direct;
    while (rc == 0 && i < c.n && (pkt[i].tag == SC_PGP_TAG_UID || pkt[i].tag == SC_PGP_TAG_UAT)) {
        i++;
        rc = primary_sigs(&c, &i, &pkt[i - 1], &b, &revoked, why);
    }
    if (rc != 0)
        goto out;
    keep_direct(&b, &direct);
    st = judge(&c.primary, &b, revoked, 0, c.now, &exp);
    rc = add_key(kr, &c.primary, &c, st, exp, file);
    if (rc == 0)
        rc = subkeys(kr, &c, &i, st, file, why);
out:
    free(pkt);
    return rc;
}

int sc_cert_add(struct sc_keyring *kr, const uint8_t *bytes, size_t len, const char *file,
                const char **why)
{
    return cert_eval(kr, bytes, len, file, 0, why);
}

int sc_cert_settle(struct sc_keyring *kr, size_t idx)
{
    struct sc_key *k = &kr->keys[idx];
    struct sc_keyring tmp;
    const char *why = NULL;
    int rc;

    if (k->verified)
        return 0;
    memset(&tmp, 0, sizeof(tmp));
    tmp.now = kr->now;
    rc = cert_eval(&tmp, k->cert, k->cert_len, k->file, 1, &why);
    k->state = SC_KS_UNBOUND;   /* unless the verified reading finds it again */
    /* The same key in the same role (a primary key may also be listed as
     * a subkey of itself): the first such entry, as at load. */
    for (size_t i = 0; rc == 0 && i < tmp.n; i++) {
        if (memcmp(tmp.keys[i].pk.fpr, k->pk.fpr, SC_PGP_FPR_LEN) == 0 &&
            tmp.keys[i].is_subkey == k->is_subkey) {
            k->state = tmp.keys[i].state;
            k->expires_at = tmp.keys[i].expires_at;
            break;
        }
    }
    k->verified = 1;
    free(tmp.keys);
    return rc == -2 ? -2 : 0;
}
