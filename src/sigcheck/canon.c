/* airlock-sigcheck: encode the canonical signature header (canon.h). */
#include "canon.h"

#include <string.h>

enum { T_BIN = 7, T_INT32 = 4, T_INT64 = 5, T_STRING = 6 };
#define REGION_TAG 62
#define ENTRY 16
#define CANON_MAX 4   /* 267, 268, 273, 1000 or 270 */

struct item {
    uint32_t tag, type, count;
    const uint8_t *data;
    size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put_entry(uint8_t *p, uint32_t tag, uint32_t type, uint32_t off, uint32_t count)
{
    put32(p, tag);
    put32(p + 4, type);
    put32(p + 8, off);
    put32(p + 12, count);
}

static size_t align_of(uint32_t type)
{
    return type == T_INT64 ? 8 : type == T_INT32 ? 4 : 1;
}

/* The kept items, ascending by tag; SIZE8 holds the size's bytes. */
static unsigned kept(const struct sc_sighdr *sh, const char *hex256, uint64_t size,
                     uint8_t *size8, struct item *it)
{
    const struct sc_sigitem *s;
    unsigned n = 0;
    int wide = size > UINT32_MAX;

    for (uint32_t tag = 267; tag <= 268; tag++) {
        if ((s = sc_sighdr_find(sh, tag)) != NULL)
            it[n++] = (struct item){ tag, T_BIN, (uint32_t)s->len, s->data, s->len };
    }
    if (n == 0)
        return 0;
    for (int i = 0; i < 8; i++)
        size8[i] = (uint8_t)(size >> (56 - 8 * i));
    if (wide)
        it[n++] = (struct item){ 270, T_INT64, 1, size8, 8 };
    it[n++] = (struct item){ 273, T_STRING, 1, (const uint8_t *)hex256, 65 };   /* with NUL */
    if (!wide)
        it[n++] = (struct item){ 1000, T_INT32, 1, size8 + 4, 4 };
    return n;
}

size_t sc_canon_sighdr_max(const struct sc_sighdr *sh)
{
    size_t n = 16 + ENTRY * (CANON_MAX + 1) + ENTRY + 65 + 8 + 8;

    for (uint32_t tag = 267; tag <= 268; tag++) {
        const struct sc_sigitem *s = sc_sighdr_find(sh, tag);
        n += s != NULL ? s->len : 0;
    }
    return n;
}

size_t sc_canon_sighdr(const struct sc_sighdr *sh, const char *hex256, uint64_t size,
                       uint8_t *out, size_t cap)
{
    static const uint8_t magic[8] = { 0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0 };
    struct item it[CANON_MAX];
    uint8_t size8[8];
    unsigned n = kept(sh, hex256, size, size8, it), il = n + 1;
    size_t off = 0, ds, total;

    if (n == 0 || strlen(hex256) != 64 || cap < sc_canon_sighdr_max(sh))
        return 0;
    ds = 16 + ENTRY * il;
    memset(out, 0, cap);
    for (unsigned i = 0; i < n; i++) {
        off = (off + align_of(it[i].type) - 1) / align_of(it[i].type) * align_of(it[i].type);
        put_entry(out + 16 + ENTRY * (i + 1), it[i].tag, it[i].type, (uint32_t)off, it[i].count);
        memcpy(out + ds + off, it[i].data, it[i].len);
        off += it[i].len;
    }
    put_entry(out + 16, REGION_TAG, T_BIN, (uint32_t)off, ENTRY);
    put_entry(out + ds + off, REGION_TAG, T_BIN, (uint32_t)(0u - ENTRY * il), ENTRY);
    memcpy(out, magic, sizeof(magic));
    put32(out + 8, il);
    put32(out + 12, (uint32_t)(off + ENTRY));
    total = ds + off + ENTRY;
    return total;
}
