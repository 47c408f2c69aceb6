/* airlock-sigcheck: check one signature item (see sigverify.h). */
#include "sigverify.h"

#include <stdio.h>
#include <string.h>

#include "pkverify.h"

static int rsa_tag(uint32_t tag)
{
    return tag == 268 || tag == 1002;
}

/* The packet: exactly one signature packet filling the item. */
static enum sc_code parse_item(struct sc_sigjob *j, struct sc_verdict *v)
{
    const struct sc_sigitem *it = j->item;
    struct sc_pgp_pkt pkt;
    const char *why = NULL;

    if (sc_pgp_packet(it->data, it->len, &pkt) != 0 || pkt.total_len != it->len ||
        pkt.tag != SC_PGP_TAG_SIG)
        sc_verdict_set(v, SC_BAD_PACKET, "tag %u (%s): not exactly one OpenPGP signature packet",
                       it->tag, it->name);
    else if (sc_pgp_sig_parse(pkt.body, pkt.body_len, &j->sig, &why) != 0)
        sc_verdict_set(v, SC_BAD_PACKET, "tag %u (%s): %s", it->tag, it->name, why);
    else if (j->sig.sigtype != SC_SIG_BINARY)
        sc_verdict_set(v, SC_BAD_PACKET, "tag %u (%s): signature type 0x%02x, not a binary document",
                       it->tag, it->name, j->sig.sigtype);
    else
        sc_verdict_set(v, SC_OK, NULL);
    return v->code;
}

static enum sc_code vet_algorithms(const struct sc_sigjob *j, struct sc_verdict *v)
{
    const struct sc_pgp_sig *s = &j->sig;
    unsigned want = rsa_tag(j->item->tag) ? SC_PGP_RSA : SC_PGP_EDDSA;

    if (s->pkalgo != want)
        sc_verdict_set(v, SC_BAD_ALGORITHM, "tag %u (%s): public-key algorithm %u (%s) not accepted here",
                       j->item->tag, j->item->name, s->pkalgo, sc_pgp_pk_name(s->pkalgo));
    else if (sc_pk_md_algo(s->hashalgo) == 0)
        sc_verdict_set(v, SC_BAD_ALGORITHM, "tag %u (%s): hash algorithm %u (%s) not accepted",
                       j->item->tag, j->item->name, s->hashalgo, sc_pgp_hash_name(s->hashalgo));
    else
        sc_verdict_set(v, SC_OK, NULL);
    return v->code;
}

#define SC_CLOCK_SKEW (24 * 3600)   /* a signature may look this far ahead of dom0's clock */

/* Why key K cannot vouch for signature S at time NOW, or SC_OK. rpm
 * finds the key by the issuer key ID alone: a signature that carries
 * none, or one that is not K's, is refused here too (dom0's rpm would not
 * find K). An expired signature, or one made more than a day in the
 * future, is refused as OpenPGP implementations do. */
static enum sc_code key_refusal(const struct sc_key *k, const struct sc_pgp_sig *s, uint32_t now)
{
    if (!s->has_keyid || memcmp(s->keyid, k->pk.keyid, SC_PGP_KEYID_LEN) != 0)
        return SC_NOT_TRUSTED;
    if ((s->sig_expires != 0 && (uint64_t)s->created + s->sig_expires <= now) ||
        (uint64_t)s->created > (uint64_t)now + SC_CLOCK_SKEW)
        return SC_NOT_TRUSTED;
    if (k->state == SC_KS_REVOKED)
        return SC_KEY_REVOKED;
    if (k->state == SC_KS_EXPIRED || (k->expires_at != 0 && s->created >= k->expires_at))
        return SC_KEY_EXPIRED;
    if (k->state == SC_KS_WEAK)
        return SC_BAD_ALGORITHM;
    if (k->state != SC_KS_USABLE || s->created < k->pk.created)
        return SC_NOT_TRUSTED;
    return SC_OK;
}

/* Words for REFUSAL of the last refused key among IDX[0..N); WHY holds
 * room for a key's algorithm and size. */
static const char *refusal_text(const struct sc_keyring *kr, const size_t *idx, size_t n,
                                enum sc_code refusal, char *why)
{
    const struct sc_key *k = n > 0 ? &kr->keys[idx[n - 1]] : NULL;

    if (refusal == SC_NO_KEY || k == NULL)
        return "not in the keyring";
    if (refusal == SC_NOT_TRUSTED && k->state == SC_KS_USABLE)
        return "the signature names no issuer key ID, or another key's, or is expired or "
               "made in the future";
    if (refusal != SC_BAD_ALGORITHM)
        return k->state == SC_KS_USABLE ? sc_code_text(refusal) : sc_key_state_text(k->state);
    snprintf(why, 64, "%s key of %u bits: algorithm or key size not accepted",
             sc_pgp_pk_name(k->pk.algo), k->pk.algo == SC_PGP_EDDSA ? 0 : k->pk.n.bits);
    return why;
}

/* Keep the usable keys among those the signature names. */
static enum sc_code find_keys(struct sc_sigjob *j, struct sc_keyring *kr, struct sc_verdict *v)
{
    size_t idx[SC_CANDIDATES_MAX], n = sc_keyring_match(kr, &j->sig, idx, SC_CANDIDATES_MAX);
    enum sc_code refusal = SC_NO_KEY;
    char id[2 * SC_PGP_FPR_LEN + 1] = "", why[64];

    j->ncand = 0;
    for (size_t i = 0; i < n; i++) {
        enum sc_code r = sc_keyring_settle(kr, idx[i]) == 0 ?
                         key_refusal(&kr->keys[idx[i]], &j->sig, kr->now) : SC_INTERNAL;
        if (r == SC_OK)
            j->cand[j->ncand++] = idx[i];
        else
            refusal = r;
    }
    if (j->ncand > 0) {
        sc_verdict_set(v, SC_OK, NULL);
        return SC_OK;
    }
    if (j->sig.has_fpr)
        sc_hex(j->sig.fpr, SC_PGP_FPR_LEN, id);
    else if (j->sig.has_keyid)
        sc_hex(j->sig.keyid, SC_PGP_KEYID_LEN, id);
    sc_verdict_set(v, refusal, "tag %u (%s): key %s: %s", j->item->tag, j->item->name,
                   id[0] ? id : "(signature names none)", refusal_text(kr, idx, n, refusal, why));
    return v->code;
}

enum sc_code sc_sig_prepare(struct sc_sigjob *j, const struct sc_sigitem *item,
                            struct sc_keyring *kr, struct sc_verdict *v)
{
    memset(j, 0, sizeof(*j));
    j->item = item;
    if (parse_item(j, v) != SC_OK || vet_algorithms(j, v) != SC_OK || find_keys(j, kr, v) != SC_OK)
        goto out;
    if (gcry_md_open(&j->md, sc_pk_md_algo(j->sig.hashalgo), 0) != 0) {
        j->md = NULL;
        sc_verdict_set(v, SC_INTERNAL, "cannot start a hash");
    }
out:
    return v->code;
}

enum sc_code sc_sig_finish(struct sc_sigjob *j, struct sc_keyring *kr,
                           struct sc_verdict *v)
{
    sc_verdict_set(v, SC_BAD_SIGNATURE, "tag %u (%s): does not verify", j->item->tag, j->item->name);
    for (size_t i = 0; i < j->ncand && v->code != SC_OK; i++) {
        const struct sc_key *k = &kr->keys[j->cand[i]];
        if (sc_pk_verify(&k->pk, &j->sig, j->md) == 0) {
            sc_verdict_set(v, SC_OK, NULL);
            sc_hex(k->pk.fpr, SC_PGP_FPR_LEN, v->signer);
        }
    }
    sc_sig_close(j);
    return v->code;
}

void sc_sig_close(struct sc_sigjob *j)
{
    if (j->md != NULL)
        gcry_md_close(j->md);
    j->md = NULL;
}
