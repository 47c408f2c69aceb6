/* parser.c -- harness for the core push parser (src/core/parser.h).
 *
 * Input: a 5-byte configuration, k chunk sizes, then the stream.
 *   byte 0   bit 0: name policy (0 rpm, 1 portable)
 *            bits 1-2: limits: 0 the defaults (4096 files, 4 GiB),
 *            1 small (max_files = b1, max_bytes = b2 | b3 << 8),
 *            2 near 2^64 (UINT64_MAX - b1, UINT64_MAX - (b2 | b3 << 8)),
 *            3 tiny (b1 % 4 files, b2 % 8 bytes)
 *   bytes 1-3 limit parameters
 *   byte 4   k = b4 % 16 chunk sizes follow (0: the stream in one chunk)
 *   k bytes  chunk sizes 0..255, used in turn, cyclically
 *   rest     the qfile stream
 *
 * The stream is parsed three times: in one chunk, in the chunks the input
 * chooses (each copied so that it ends where its allocation ends, so ASan
 * sees any read past a chunk), and one byte at a time (short inputs). Every call of
 * al_parser_feed() is checked against the postconditions parser.h states,
 * and its invariant ParserInv after the call; every run is compared with a
 * model: a simple whole-buffer parser written here from the spec (entries,
 * their headers, names and data spans, the verdict, and the bytes consumed
 * when the verdict fell). So accept/reject, and every event that matters,
 * is the same whatever the chunking.
 */
#include <string.h>

#include "fuzz.h"
#include "model.h"
#include "ref.h"
#include "parser.h"

struct cfg {
    uint32_t policy;
    uint64_t max_files, max_bytes;
    const uint8_t *chunks;   /* chunk sizes */
    size_t nchunks;
};

/* ParserInv of parser.h, at run time. With o (the state before the call)
 * in DATA or DONE already, the header and name were checked then: here it
 * is enough that they did not change. */
static void check_inv2(const struct al_parser *p, const struct al_parser *o)
{
    FUZZ_CHECK(p->policy == AL_NAMES_RPM || p->policy == AL_NAMES_PORTABLE);
    FUZZ_CHECK(p->lim.files <= p->lim.max_files);
    FUZZ_CHECK(p->lim.bytes <= p->lim.max_bytes);
    FUZZ_CHECK(p->state <= AL_ST_ERROR);
    FUZZ_CHECK(p->name_len <= AL_NAME_MAX);
    if (p->state == AL_ST_HEADER)
        FUZZ_CHECK(p->fill < AL_HDR_SIZE);
    if (p->state == AL_ST_NAME) {
        FUZZ_CHECK(p->namelen == fz_le32(p->hdr));
        FUZZ_CHECK(p->namelen >= 2 && p->namelen <= 261);
        FUZZ_CHECK(p->fill < p->namelen);
    }
    if (p->state == AL_ST_DATA || p->state == AL_ST_DONE) {
        /* EntryWellFormed: every rule but the limits. */
        FUZZ_CHECK(p->namelen == fz_le32(p->hdr));
        if (o != NULL && (o->state == AL_ST_DATA || o->state == AL_ST_DONE))
            FUZZ_CHECK(memcmp(p->hdr, o->hdr, AL_HDR_SIZE) == 0 &&
                       memcmp(p->name, o->name, p->namelen) == 0);
        else
            FUZZ_CHECK(ref_entry(p->hdr, p->name, p->policy, 0, 0, 1,
                                 UINT64_MAX) == AL_OK);
        FUZZ_CHECK(p->data_left <= fz_le64(p->hdr + 8));
        FUZZ_CHECK(p->fill == 0);
    }
    if (p->state == AL_ST_DATA)
        FUZZ_CHECK(p->data_left > 0);
    if (p->state == AL_ST_DONE)
        FUZZ_CHECK(p->data_left == 0);
    if (p->state == AL_ST_END)
        FUZZ_CHECK(ref_all_zero(p->hdr, AL_HDR_SIZE));
    if (p->state == AL_ST_ERROR)
        FUZZ_CHECK(p->error >= 1 && p->error <= AL_E_MAX);
}

static void check_inv(const struct al_parser *p)
{
    check_inv2(p, NULL);
}

/* The postconditions of al_parser_feed() for one call: o before, p after. */
static void check_feed(const struct al_parser *o, const struct al_parser *p,
                       size_t len, size_t used, const struct al_event *ev)
{
    check_inv2(p, o);
    FUZZ_CHECK(p->policy == o->policy);
    FUZZ_CHECK(p->lim.max_files == o->lim.max_files);
    FUZZ_CHECK(p->lim.max_bytes == o->lim.max_bytes);
    FUZZ_CHECK(used <= len);
    FUZZ_CHECK(used > 0 || ev->kind != AL_EV_NONE || len == 0);
    FUZZ_CHECK(ev->kind <= AL_EV_ERROR);
    if (ev->kind == AL_EV_DATA) {
        FUZZ_CHECK(o->state == AL_ST_DATA);
        FUZZ_CHECK(ev->data_len > 0 && ev->data_len <= o->data_left);
        FUZZ_CHECK(ev->data_off + ev->data_len == used);
        FUZZ_CHECK(p->data_left == o->data_left - ev->data_len);
    } else {
        FUZZ_CHECK(p->data_left == o->data_left || ev->kind == AL_EV_ENTRY);
    }
    if (ev->kind == AL_EV_ENTRY) {
        uint64_t filelen = fz_le64(p->hdr + 8);
        FUZZ_CHECK(o->state == AL_ST_NAME);
        FUZZ_CHECK(ref_entry(p->hdr, p->name, p->policy, o->lim.files,
                             o->lim.bytes, p->lim.max_files,
                             p->lim.max_bytes) == AL_OK);
        FUZZ_CHECK(p->lim.files == o->lim.files + 1);
        FUZZ_CHECK(p->lim.bytes == o->lim.bytes + filelen);
        FUZZ_CHECK(p->data_left == filelen);
        FUZZ_CHECK(p->name_len == p->namelen - 1);
    }
    if (o->state == AL_ST_NAME && ev->kind == AL_EV_ERROR) {
        /* Rejected, and for the first rule broken (entry.h's order). */
        FUZZ_CHECK(p->error == ref_entry(p->hdr, p->name, p->policy,
                                         o->lim.files, o->lim.bytes,
                                         p->lim.max_files, p->lim.max_bytes));
        FUZZ_CHECK(p->lim.files == o->lim.files && p->lim.bytes == o->lim.bytes);
    }
    if (o->state == AL_ST_NAME && p->state != AL_ST_NAME)
        FUZZ_CHECK(ev->kind == AL_EV_ENTRY || ev->kind == AL_EV_ERROR);
    if (o->state == AL_ST_HEADER && ev->kind == AL_EV_ERROR) {
        uint32_t nl = fz_le32(p->hdr);
        if (nl == 0)
            FUZZ_CHECK(!ref_all_zero(p->hdr, AL_HDR_SIZE) &&
                       p->error == AL_E_END_MARKER);
        else
            FUZZ_CHECK((nl < 2 || nl > 261) && p->error == AL_E_NAMELEN);
    }
    if (o->state == AL_ST_HEADER && p->state == AL_ST_NAME) {
        uint32_t nl = fz_le32(p->hdr);
        FUZZ_CHECK(nl >= 2 && nl <= 261);
    }
    if (ev->kind == AL_EV_END)
        FUZZ_CHECK(p->state == AL_ST_END && ref_all_zero(p->hdr, AL_HDR_SIZE));
    if (ev->kind == AL_EV_ERROR)
        FUZZ_CHECK(p->state == AL_ST_ERROR && ev->error == p->error);
    if (o->state == AL_ST_ERROR)
        FUZZ_CHECK(p->state == AL_ST_ERROR && p->error == o->error);
    if (o->state == AL_ST_END && len > 0)
        FUZZ_CHECK(ev->kind == AL_EV_ERROR && p->error == AL_E_TRAILING);
}

/* What one run saw, compared across chunkings and against the model. */
struct run {
    const struct cfg *c;
    const uint8_t *s;         /* the whole stream, for the model's offsets */
    const struct model *m;
    struct al_parser p;
    size_t pos;               /* stream offset of the next byte to feed */
    long ent;                 /* index of the current entry, -1 before */
    uint64_t data_got;        /* data bytes of it seen */
    int stopped;              /* an error was reported */
    uint32_t verdict;
    size_t consumed;
};

/* Feed one chunk (buf holds the stream bytes from r->pos on). */
static void feed_chunk(struct run *r, const uint8_t *buf, size_t len)
{
    static const uint8_t empty[1];
    size_t off = 0;
    struct al_event ev;

    if (r->stopped)
        return;
    do {
        struct al_parser old = r->p;
        const uint8_t *b = off < len ? buf + off : empty;
        size_t used = al_parser_feed(&r->p, b, len - off, &ev);

        check_feed(&old, &r->p, len - off, used, &ev);
        switch (ev.kind) {
        case AL_EV_ENTRY: {
            const struct model_entry *me;
            r->ent++;
            FUZZ_CHECK((size_t)r->ent < r->m->n);
            me = &r->m->e[r->ent];
            FUZZ_CHECK(memcmp(r->p.hdr, r->s + me->hdr_off, AL_HDR_SIZE) == 0);
            FUZZ_CHECK(memcmp(r->p.name, r->s + me->hdr_off + AL_HDR_SIZE,
                              r->p.namelen) == 0);
            FUZZ_CHECK(r->pos + used == me->data_off);
            r->data_got = 0;
            break;
        }
        case AL_EV_DATA:
            FUZZ_CHECK(r->ent >= 0);
            FUZZ_CHECK(r->pos + ev.data_off ==
                       r->m->e[r->ent].data_off + r->data_got);
            r->data_got += ev.data_len;
            FUZZ_CHECK(r->data_got <= r->m->e[r->ent].filelen);
            break;
        case AL_EV_DONE:
            FUZZ_CHECK(r->ent >= 0 && r->data_got == r->m->e[r->ent].filelen);
            FUZZ_CHECK(used == 0);
            break;
        case AL_EV_END:
            FUZZ_CHECK((size_t)(r->ent + 1) == r->m->n);
            break;
        case AL_EV_ERROR:
            r->pos += used;
            r->stopped = 1;
            r->verdict = ev.error;
            r->consumed = r->pos;
            /* Sticky: the same error again, whatever follows. */
            {
                struct al_parser o2 = r->p;
                size_t u2 = al_parser_feed(&r->p, b, len - off, &ev);
                check_feed(&o2, &r->p, len - off, u2, &ev);
                FUZZ_CHECK(ev.kind == AL_EV_ERROR && ev.error == r->verdict);
            }
            return;
        default:
            break;
        }
        off += used;
        r->pos += used;
    } while (off < len || (ev.kind != AL_EV_NONE && ev.kind != AL_EV_END));
}

static void finish_run(struct run *r)
{
    struct al_parser o = r->p;
    uint32_t e = al_parser_finish(&r->p);

    check_inv(&r->p);
    if (o.state == AL_ST_END)
        FUZZ_CHECK(e == AL_OK && r->p.state == AL_ST_END);
    else if (o.state == AL_ST_ERROR)
        FUZZ_CHECK(e == o.error && r->p.state == AL_ST_ERROR);
    else
        FUZZ_CHECK(e == AL_E_TRUNCATED && r->p.state == AL_ST_ERROR);
    FUZZ_CHECK(al_parser_finish(&r->p) == e);
    if (!r->stopped) {
        r->verdict = e;
        r->consumed = r->pos;
    }
    FUZZ_CHECK(r->verdict == e);
    FUZZ_CHECK(r->verdict == r->m->verdict);
    FUZZ_CHECK(r->consumed == r->m->consumed);
    FUZZ_CHECK((size_t)(r->ent + 1) == r->m->n);
    if (e == AL_OK) {
        FUZZ_CHECK(r->p.lim.files == r->m->n);
        FUZZ_CHECK(r->p.lim.files <= r->c->max_files);
        FUZZ_CHECK(r->p.lim.bytes <= r->c->max_bytes);
    }
}

static void start_run(struct run *r, const struct cfg *c, const uint8_t *s,
                      const struct model *m)
{
    memset(r, 0, sizeof *r);
    r->c = c;
    r->s = s;
    r->m = m;
    r->ent = -1;
    al_parser_init(&r->p, c->policy, c->max_files, c->max_bytes);
    check_inv(&r->p);
    FUZZ_CHECK(r->p.state == AL_ST_HEADER && r->p.fill == 0);
    FUZZ_CHECK(r->p.lim.files == 0 && r->p.lim.bytes == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cfg c;
    struct model m;
    struct run r;
    const uint8_t *s;
    size_t len, k, pos, i;
    uint32_t verdicts[3];
    int nv = 0;

    if (size < 5)
        return 0;
    c.policy = data[0] & 1u;
    fz_limits(data, &c.max_files, &c.max_bytes);
    k = data[4] % 16u;
    if (size < 5 + k)
        return 0;
    c.chunks = data + 5;
    c.nchunks = k;
    s = data + 5 + k;
    len = size - 5 - k;

    model_parse(c.policy, c.max_files, c.max_bytes, s, len, &m);

    /* 1. The whole stream in one chunk (it ends where the input ends). */
    start_run(&r, &c, s, &m);
    feed_chunk(&r, s, len);
    finish_run(&r);
    verdicts[nv++] = r.verdict;

    /* 2. The chunks the input chooses. Each is copied to the end of a
     *    256-byte allocation, so ASan sees any read past a chunk. */
    if (k > 0) {
        uint8_t *cbuf = malloc(256);
        FUZZ_CHECK(cbuf != NULL);
        start_run(&r, &c, s, &m);
        for (pos = 0, i = 0; pos < len && !r.stopped; i++) {
            size_t n = c.chunks[i % k];
            if (n > len - pos)
                n = len - pos;
            memcpy(cbuf + 256 - n, s + pos, n);
            pos += n;
            feed_chunk(&r, cbuf + 256 - n, n);
            if (i > 16 * len + 64)   /* only zero sizes: stop */
                break;
        }
        if (pos < len && !r.stopped)
            feed_chunk(&r, s + pos, len - pos);  /* s ends where the input does */
        finish_run(&r);
        verdicts[nv++] = r.verdict;
        free(cbuf);
    }

    /* 3. One byte at a time, from a 1-byte allocation. */
    if (len <= 2048) {
        uint8_t *one = malloc(1);
        FUZZ_CHECK(one != NULL);
        start_run(&r, &c, s, &m);
        for (pos = 0; pos < len && !r.stopped; pos++) {
            one[0] = s[pos];
            feed_chunk(&r, one, 1);
        }
        finish_run(&r);
        verdicts[nv++] = r.verdict;
        free(one);
    }

    for (i = 1; i < (size_t)nv; i++)
        FUZZ_CHECK(verdicts[i] == verdicts[0]);
    model_free(&m);
    return 0;
}
