/* airlock-sigcheck: the items of a checked signature header (sighdr.h). */
#include "sighdr.h"
#include "rules.h"

#include <string.h>

enum { T_INT32 = 4, T_INT64 = 5, T_STRING = 6 };

/* The allow-list of spec/RPM.md section 5.2, for the roles and names
 * only: al_rpm_check has checked every tag, type and count already. */
static const struct {
    uint32_t tag;
    enum sc_sigrole role;
    const char *name;
} sc_roles[] = {
    { 267, SC_ROLE_HDRSIG, "DSA/EdDSA header signature" },
    { 268, SC_ROLE_HDRSIG, "RSA header signature" },
    { 269, SC_ROLE_SHA1, "SHA-1 header digest" },
    { 270, SC_ROLE_SIZE, "header+payload size (64-bit)" },
    { 271, SC_ROLE_ARCHIVE, "payload size (64-bit)" },
    { 273, SC_ROLE_SHA256, "SHA-256 header digest" },
    { 1000, SC_ROLE_SIZE, "header+payload size" },
    { 1002, SC_ROLE_V3SIG, "v3 RSA header+payload signature" },
    { 1004, SC_ROLE_MD5, "MD5 header+payload digest" },
    { 1005, SC_ROLE_V3SIG, "v3 DSA header+payload signature" },
    { 1007, SC_ROLE_ARCHIVE, "payload size" },
    { 1008, SC_ROLE_RESERVED, "reserved space" },
};

static int role_index(uint32_t tag)
{
    for (size_t i = 0; i < sizeof(sc_roles) / sizeof(sc_roles[0]); i++) {
        if (sc_roles[i].tag == tag)
            return (int)i;
    }
    return -1;
}

static uint64_t int_value(uint32_t type, const uint8_t *p)
{
    return type == T_INT64 ? (uint64_t)al_be32(p) * 4294967296u + al_be32(p + 4) :
           type == T_INT32 ? al_be32(p) : 0;
}

enum sc_code sc_sighdr_items(const uint8_t *data, const struct al_rpm_item *item, uint32_t il,
                             struct sc_sighdr *out, struct sc_verdict *v)
{
    memset(out, 0, sizeof(*out));
    sc_verdict_set(v, SC_OK, NULL);
    for (uint32_t i = 1; i < il && i < AL_RPM_SIG_IL_MAX; i++) {
        const struct al_rpm_item *a = &item[i];
        struct sc_sigitem *it = &out->item[out->n];
        int k = role_index(a->tag);

        if (k < 0) {
            sc_verdict_set(v, SC_INTERNAL, "tag %u passed the RPM checker but has no role", a->tag);
            break;
        }
        it->tag = a->tag;
        it->type = a->type;
        it->count = a->count;
        it->role = sc_roles[k].role;
        it->name = sc_roles[k].name;
        it->data = data + a->start;
        /* a->end - a->start >= 1: a checked STRING holds its NUL */
        it->len = a->end - a->start - (a->type == T_STRING);
        it->value = int_value(a->type, it->data);
        out->n++;
    }
    return v->code;
}

enum sc_code sc_sighdr_parse(const uint8_t *buf, size_t len, struct sc_sighdr *out,
                             struct sc_verdict *v)
{
    struct al_rpm_item item[AL_RPM_SIG_IL_MAX];
    struct sc_rpm_where w = { "signature header", 0, 0 };
    uint32_t r = AL_RPM_E_TRUNCATED, il = 0;

    memset(out, 0, sizeof(*out));
    if (len >= 16 && len <= AL_RPM_PREFIX_MAX) {
        r = al_rpm_header(buf, (uint32_t)len, AL_RPM_SIG, &w.entry);
        il = al_be32(buf + 8);
    }
    /* Exactly its size: nothing may follow it in BUF. */
    if (r == AL_RPM_OK && 16 + 16 * (uint64_t)il + al_be32(buf + 12) != len)
        r = AL_RPM_E_TRUNCATED;
    if (r != AL_RPM_OK) {
        if (len >= 16 && 16 + 16 * (uint64_t)w.entry + 4 <= len)
            w.tag = al_be32(buf + 16 + 16 * w.entry);
        return sc_rpm_verdict(r, &w, v);
    }
    al_rpm_items(buf, item);
    return sc_sighdr_items(buf + 16 + 16 * il, item, il, out, v);
}

const struct sc_sigitem *sc_sighdr_find(const struct sc_sighdr *h, uint32_t tag)
{
    for (unsigned i = 0; i < h->n; i++) {
        if (h->item[i].tag == tag)
            return &h->item[i];
    }
    return NULL;
}
