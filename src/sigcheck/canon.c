/* airlock-sigcheck: the canonical signature header (canon.h), written by
 * the proven encoder al_rpm_canon (src/core/rpmcanon.h, spec/RPM.md §8). */
#include "canon.h"

#include "rpmcanon.h"

#define ENTRY 16
#define CANON_MAX 4   /* 267, 268, 273, 1000 or 270 */

static const uint8_t none[1];

size_t sc_canon_sighdr_max(const struct sc_sighdr *sh)
{
    size_t n = 16 + ENTRY * (CANON_MAX + 1) + ENTRY + 65 + 8 + 8;

    for (uint32_t tag = 267; tag <= 268; tag++) {
        const struct sc_sigitem *s = sc_sighdr_find(sh, tag);
        n += s != NULL ? s->len : 0;
    }
    return n;
}

/* One kept signature's bytes, or none (length 0) if SH does not hold it. */
static void sig(const struct sc_sighdr *sh, uint32_t tag, const uint8_t **data, uint32_t *len)
{
    const struct sc_sigitem *s = sc_sighdr_find(sh, tag);

    *data = s != NULL ? s->data : none;
    /* Longer than al_rpm_canon takes: passed as one byte too long, so that
     * it refuses the header instead of a silent truncation here. */
    *len = s == NULL ? 0 : s->len > AL_RPM_CANON_SIGS_MAX ? AL_RPM_CANON_SIGS_MAX + 1
                                                         : (uint32_t)s->len;
}

size_t sc_canon_sighdr(const struct sc_sighdr *sh, const char *hex256, uint64_t size,
                       uint8_t *out, size_t cap)
{
    struct al_rpm_canon_in in;

    sig(sh, 267, &in.dsa, &in.dsa_len);
    sig(sh, 268, &in.rsa, &in.rsa_len);
    in.sha256 = (const uint8_t *)hex256;
    in.size = size;
    return al_rpm_canon(out, cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap, &in);
}
