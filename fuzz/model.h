/* model.h -- the qfile stream read the obvious way, over the whole buffer
 * at once, from the spec (spec/qfile.acsl §2-§9 through ref.h). The
 * harnesses compare the push parser and the receive loop with it.
 */
#ifndef AIRLOCK_FUZZ_MODEL_H
#define AIRLOCK_FUZZ_MODEL_H

#include "fuzz.h"
#include "ref.h"

struct model_entry {
    size_t hdr_off, data_off;
    uint64_t filelen;
};

struct model {
    uint32_t verdict;         /* AL_OK or the error */
    size_t consumed;          /* stream bytes consumed when it fell */
    size_t n;                 /* entries reported (ENTRY events) */
    size_t complete;          /* of them, entries whose data is all there */
    size_t fail_off;          /* header offset of the entry or header the
                                 verdict is about (error verdicts) */
    struct model_entry *e;
};

/* Parse the len bytes at s; m->e is allocated (model_free). */
static inline void model_parse(uint32_t policy, uint64_t max_files,
                               uint64_t max_bytes, const uint8_t *s, size_t len,
                               struct model *m)
{
    size_t off = 0;
    uint64_t files = 0, bytes = 0;

    m->n = 0;
    m->complete = 0;
    m->e = malloc((len / (AL_HDR_SIZE + 2) + 1) * sizeof *m->e);
    FUZZ_CHECK(m->e != NULL);
    for (;;) {
        const uint8_t *h = s + off;
        uint32_t nl, err;
        uint64_t filelen;
        size_t dstart;

        m->fail_off = off;
        if (len - off < AL_HDR_SIZE) {
            m->verdict = AL_E_TRUNCATED;
            m->consumed = len;
            return;
        }
        nl = fz_le32(h);
        if (nl == 0) {
            m->fail_off = off;
            if (!ref_all_zero(h, AL_HDR_SIZE)) {
                m->verdict = AL_E_END_MARKER;
                m->consumed = off + AL_HDR_SIZE;
            } else if (off + AL_HDR_SIZE == len) {
                m->verdict = AL_OK;
                m->consumed = len;
            } else {
                m->verdict = AL_E_TRAILING;
                m->consumed = off + AL_HDR_SIZE;
            }
            return;
        }
        m->fail_off = off;
        if (nl < 2 || nl > 261) {
            m->verdict = AL_E_NAMELEN;
            m->consumed = off + AL_HDR_SIZE;
            return;
        }
        if (len - off - AL_HDR_SIZE < nl) {
            m->verdict = AL_E_TRUNCATED;
            m->consumed = len;
            return;
        }
        err = ref_entry(h, h + AL_HDR_SIZE, policy, files, bytes, max_files,
                        max_bytes);
        if (err != AL_OK) {
            m->verdict = err;
            m->consumed = off + AL_HDR_SIZE + nl;
            return;
        }
        filelen = fz_le64(h + 8);
        files++;
        bytes += filelen;
        dstart = off + AL_HDR_SIZE + nl;
        m->e[m->n].hdr_off = off;
        m->e[m->n].data_off = dstart;
        m->e[m->n].filelen = filelen;
        m->n++;
        if (len - dstart < filelen) {
            m->verdict = AL_E_TRUNCATED;
            m->consumed = len;
            return;
        }
        m->complete++;
        off = dstart + (size_t)filelen;
    }
}

static inline void model_free(struct model *m)
{
    free(m->e);
    m->e = NULL;
}

/* The limits an input's configuration bytes b[0..3] choose (bits 1-2 of
 * b[0]): 0 the defaults (4096 files, 4 GiB), 1 small (max_files = b1,
 * max_bytes = b2 | b3 << 8), 2 near 2^64 (UINT64_MAX - b1,
 * UINT64_MAX - (b2 | b3 << 8)), 3 tiny (b1 % 4 files, b2 % 8 bytes). */
static inline void fz_limits(const uint8_t *b, uint64_t *max_files,
                             uint64_t *max_bytes)
{
    uint64_t b23 = (uint64_t)b[2] | (uint64_t)b[3] << 8;

    switch ((b[0] >> 1) & 3u) {
    case 0:
        *max_files = 4096;
        *max_bytes = (uint64_t)4 << 30;
        break;
    case 1:
        *max_files = b[1];
        *max_bytes = b23;
        break;
    case 2:
        *max_files = UINT64_MAX - b[1];
        *max_bytes = UINT64_MAX - b23;
        break;
    default:
        *max_files = b[1] % 4u;
        *max_bytes = b[2] % 8u;
        break;
    }
}

#endif
