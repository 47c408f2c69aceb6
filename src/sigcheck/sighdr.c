/* airlock-sigcheck: strict signature-header parser (see sighdr.h). */
#include "sighdr.h"
#include "bytes.h"

#include <string.h>

enum { T_BIN = 7, T_INT32 = 4, T_INT64 = 5, T_STRING = 6 };
#define REGION_TAG 62
#define ENTRY 16

static const struct {
    uint32_t tag, type, count;  /* count 0: any (BIN: its length) */
    enum sc_sigrole role;
    const char *name;
} sc_allowed[] = {
    { 267, T_BIN, 0, SC_ROLE_HDRSIG, "DSA/EdDSA header signature" },
    { 268, T_BIN, 0, SC_ROLE_HDRSIG, "RSA header signature" },
    { 269, T_STRING, 1, SC_ROLE_SHA1, "SHA-1 header digest" },
    { 270, T_INT64, 1, SC_ROLE_SIZE, "header+payload size (64-bit)" },
    { 271, T_INT64, 1, SC_ROLE_ARCHIVE, "payload size (64-bit)" },
    { 273, T_STRING, 1, SC_ROLE_SHA256, "SHA-256 header digest" },
    { 1000, T_INT32, 1, SC_ROLE_SIZE, "header+payload size" },
    { 1002, T_BIN, 0, SC_ROLE_V3SIG, "v3 RSA header+payload signature" },
    { 1004, T_BIN, 16, SC_ROLE_MD5, "MD5 header+payload digest" },
    { 1005, T_BIN, 0, SC_ROLE_V3SIG, "v3 DSA header+payload signature" },
    { 1007, T_INT32, 1, SC_ROLE_ARCHIVE, "payload size" },
    { 1008, T_BIN, 0, SC_ROLE_RESERVED, "reserved space" },
};

/* Unsigned items librpm merges into the header it installs. */
static const struct { uint32_t tag; const char *name; } sc_unsigned_items[] = {
    { 274, "file signatures" }, { 275, "file signature length" },
    { 276, "fs-verity signatures" }, { 277, "fs-verity signature algorithm" },
};

static const char *type_name(uint32_t type)
{
    static const char *const names[] = { "NULL", "CHAR", "INT8", "INT16", "INT32",
        "INT64", "STRING", "BIN", "STRING_ARRAY", "I18NSTRING" };
    return type < 10 ? names[type] : "invalid";
}

/* The allow-list entry for TAG: its index, or -1 (with *v set). */
static int allowed_index(uint32_t tag, uint32_t type, uint32_t count, struct sc_verdict *v)
{
    size_t i;

    for (i = 0; i < sizeof(sc_unsigned_items) / sizeof(sc_unsigned_items[0]); i++) {
        if (sc_unsigned_items[i].tag == tag) {
            sc_verdict_set(v, SC_UNSIGNED_ITEM, "tag %u (%s): not covered by any signature, "
                           "librpm would put it into the installed header (spec/RPM.md section 5.3)", tag,
                           sc_unsigned_items[i].name);
            return -1;
        }
    }
    for (i = 0; i < sizeof(sc_allowed) / sizeof(sc_allowed[0]); i++) {
        if (sc_allowed[i].tag != tag)
            continue;
        if (sc_allowed[i].type != type || (sc_allowed[i].count != 0 && sc_allowed[i].count != count)) {
            sc_verdict_set(v, SC_BAD_TAG, "tag %u (%s): type %s count %u, expected %s%s (spec/RPM.md section 5.2)", tag,
                           sc_allowed[i].name, type_name(type), count, type_name(sc_allowed[i].type),
                           sc_allowed[i].count == 1 ? " count 1" : "");
            return -1;
        }
        return (int)i;
    }
    sc_verdict_set(v, SC_BAD_TAG, "tag %u (type %s): not an accepted signature tag (spec/RPM.md section 5.3)", tag,
                   type_name(type));
    return -1;
}

static size_t align_of(uint32_t type)
{
    return type == T_INT64 ? 8 : type == T_INT32 ? 4 : 1;
}

/* Data length of an item at DATA[off..limit): BIN its count, INTs count
 * times the width, STRING up to and with its NUL. 0 if it does not fit. */
static size_t data_len(uint32_t type, uint32_t count, const uint8_t *data, size_t off, size_t limit)
{
    size_t room = limit - off, n = 0;
    const uint8_t *nul;

    if (type == T_STRING) {
        nul = memchr(data + off, 0, room);
        n = nul == NULL ? 0 : (size_t)(nul - (data + off)) + 1;
    } else if (count <= room / align_of(type)) {
        n = (size_t)count * align_of(type);
    }
    return n;
}

/* Entry 0 and the trailer it points at: the region TAG covers every
 * entry (the trailer's offset is -16 * il) and ends with the data store.
 * WHAT names the header in messages. */
static enum sc_code region(const uint8_t *index, uint32_t il, const uint8_t *data, size_t dl,
                           uint32_t tag, const char *what, struct sc_verdict *v)
{
    const uint8_t *t = data + dl - ENTRY;
    uint32_t covered = (uint32_t)(0u - ENTRY * il);

    sc_verdict_set(v, SC_MALFORMED, "%s: first entry is not the region tag %u (BIN, count 16) (spec/RPM.md section 4)",
                   what, tag);
    if (sc_be32(index) != tag || sc_be32(index + 4) != T_BIN || sc_be32(index + 12) != ENTRY)
        goto out;
    sc_verdict_set(v, SC_MALFORMED, "%s: region trailer is not at the end of the data (spec/RPM.md section 4)", what);
    if (sc_be32(index + 8) != dl - ENTRY)
        goto out;
    sc_verdict_set(v, SC_MALFORMED, "%s: region trailer is not (%u, BIN, -16 x %u entries, 16): "
                   "entries outside the region, or a bad trailer (spec/RPM.md section 4)", what, tag, il);
    if (sc_be32(t) != tag || sc_be32(t + 4) != T_BIN || sc_be32(t + 8) != covered ||
        sc_be32(t + 12) != ENTRY)
        goto out;
    sc_verdict_set(v, SC_OK, NULL);
out:
    return v->code;
}

enum sc_code sc_region_check(const uint8_t *buf, size_t len, uint32_t tag, const char *what,
                             struct sc_verdict *v)
{
    uint32_t il = len >= 16 ? sc_be32(buf + 8) : 0, dl = len >= 16 ? sc_be32(buf + 12) : 0;

    if (il < 1 || dl < ENTRY || (len - 16) / ENTRY < il || len - 16 - (size_t)ENTRY * il != dl) {
        sc_verdict_set(v, SC_MALFORMED, "%s: no room for a region (spec/RPM.md section 4)", what);
        return v->code;
    }
    return region(buf + 16, il, buf + 16 + (size_t)ENTRY * il, dl, tag, what, v);
}

/* Data of an item placed at OFF after the previous one ended at END:
 * in order, aligned, any gap only zero padding shorter than the alignment. */
static int placed_ok(const uint8_t *data, size_t end, size_t off, size_t limit, uint32_t type)
{
    size_t a = align_of(type);

    if (off < end || off > limit || off % a != 0 || off - end >= a)
        return 0;
    for (size_t i = end; i < off; i++) {
        if (data[i] != 0)
            return 0;
    }
    return 1;
}

static int seen_tag(const struct sc_sighdr *out, uint32_t tag)
{
    return sc_sighdr_find(out, tag) != NULL;
}

static uint64_t int_value(uint32_t type, const uint8_t *p)
{
    return type == T_INT64 ? (uint64_t)sc_be32(p) * 4294967296u + sc_be32(p + 4) :
           type == T_INT32 ? sc_be32(p) : 0;
}

/* One non-region entry E; *end advances past its data. */
static enum sc_code entry(const uint8_t *e, const uint8_t *data, size_t limit, size_t *end,
                          struct sc_sighdr *out, struct sc_verdict *v)
{
    uint32_t tag = sc_be32(e), type = sc_be32(e + 4), off = sc_be32(e + 8), count = sc_be32(e + 12);
    int k = allowed_index(tag, type, count, v);
    struct sc_sigitem *it = &out->item[out->n];
    size_t n;

    if (k < 0)
        goto out;
    if (seen_tag(out, tag)) {
        sc_verdict_set(v, SC_BAD_TAG, "tag %u (%s): present more than once (spec/RPM.md section 3.4)", tag,
                       sc_allowed[k].name);
        goto out;
    }
    n = placed_ok(data, *end, off, limit, type) ? data_len(type, count, data, off, limit) : 0;
    if (n == 0) {
        sc_verdict_set(v, SC_MALFORMED, "signature header: tag %u (%s): data outside the data "
                       "store, out of order, misaligned or overlapping (spec/RPM.md section 3.3)", tag,
                       sc_allowed[k].name);
        goto out;
    }
    it->tag = tag;
    it->type = type;
    it->count = count;
    it->role = sc_allowed[k].role;
    it->name = sc_allowed[k].name;
    it->data = data + off;
    it->len = type == T_STRING ? n - 1 : n;
    it->value = int_value(type, data + off);
    out->n++;
    *end = off + n;
    sc_verdict_set(v, SC_OK, NULL);
out:
    return v->code;
}

enum sc_code sc_sighdr_parse(const uint8_t *buf, size_t len, struct sc_sighdr *out,
                             struct sc_verdict *v)
{
    static const uint8_t magic[8] = { 0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0 };
    uint32_t il, dl;
    size_t end = 0;

    memset(out, 0, sizeof(*out));
    sc_verdict_set(v, SC_MALFORMED, "signature header: bad magic or reserved bytes (spec/RPM.md section 3.1)");
    if (len < 16 || memcmp(buf, magic, sizeof(magic)) != 0)
        goto out;
    il = sc_be32(buf + 8);
    dl = sc_be32(buf + 12);
    sc_verdict_set(v, SC_MALFORMED, "signature header: %u entries, %u data bytes: outside "
                   "1..%d entries, 16..%zu bytes, or not the header's size (spec/RPM.md section 3.5)", il, dl,
                   SC_SIGHDR_ENTRIES_MAX, SC_SIGHDR_DATA_MAX);
    if (il < 1 || il > SC_SIGHDR_ENTRIES_MAX || dl < ENTRY || dl > SC_SIGHDR_DATA_MAX ||
        len - 16 != (size_t)ENTRY * il + dl)
        goto out;
    if (region(buf + 16, il, buf + 16 + ENTRY * il, dl, REGION_TAG, "signature header", v) != SC_OK)
        goto out;
    for (uint32_t i = 1; i < il && v->code == SC_OK; i++)
        entry(buf + 16 + ENTRY * i, buf + 16 + ENTRY * il, dl - ENTRY, &end, out, v);
    if (v->code == SC_OK && end != dl - ENTRY)
        sc_verdict_set(v, SC_MALFORMED, "signature header: data bytes not belonging to any entry "
                       "(spec/RPM.md section 3.3)");
out:
    return v->code;
}

const struct sc_sigitem *sc_sighdr_find(const struct sc_sighdr *h, uint32_t tag)
{
    for (unsigned i = 0; i < h->n; i++) {
        if (h->item[i].tag == tag)
            return &h->item[i];
    }
    return NULL;
}
