/* parser.c -- the qfile push parser. Proven core (see parser.h). */
#include "parser.h"
#include "le.h"

void al_parser_init(struct al_parser *p, uint32_t policy,
                    uint64_t max_files, uint64_t max_bytes)
{
    uint32_t i;

    /*@ loop invariant bounds: 0 <= i <= AL_HDR_SIZE;
        loop assigns i, p->hdr[0 .. AL_HDR_SIZE - 1];
        loop variant AL_HDR_SIZE - i;
     */
    for (i = 0; i < AL_HDR_SIZE; i++)
        p->hdr[i] = 0;
    /*@ loop invariant bounds: 0 <= i <= AL_NAMELEN_MAX;
        loop assigns i, p->name[0 .. AL_NAMELEN_MAX - 1];
        loop variant AL_NAMELEN_MAX - i;
     */
    for (i = 0; i < AL_NAMELEN_MAX; i++)
        p->name[i] = 0;
    p->policy = policy;
    p->state = AL_ST_HEADER;
    p->fill = 0;
    p->namelen = 0;
    p->name_len = 0;
    p->error = AL_OK;
    p->data_left = 0;
    p->lim.max_files = max_files;
    p->lim.max_bytes = max_bytes;
    p->lim.files = 0;
    p->lim.bytes = 0;
}

/*@ requires valid_p: \valid(p);
    requires valid_ev: \valid(ev);
    requires sep: \separated(p, ev);
    requires code: IsError(err);
    assigns p->state, p->error, ev->kind, ev->error;
    ensures state: p->state == AL_ST_ERROR && p->error == err;
    ensures event: ev->kind == AL_EV_ERROR && ev->error == err;
 */
static void fail(struct al_parser *p, struct al_event *ev, uint32_t err)
{
    p->state = AL_ST_ERROR;
    p->error = err;
    ev->kind = AL_EV_ERROR;
    ev->error = err;
}

/* No event yet: what every call reports unless a state says otherwise. */
/*@ requires valid_ev: \valid(ev);
    assigns *ev;
    ensures none: ev->kind == AL_EV_NONE && ev->error == AL_OK &&
                  ev->data_off == 0 && ev->data_len == 0;
 */
static void ev_none(struct al_event *ev)
{
    ev->kind = AL_EV_NONE;
    ev->error = AL_OK;
    ev->data_off = 0;
    ev->data_len = 0;
}

/*@ requires valid_h: \valid_read(h + (0 .. 31));
    assigns \nothing;
    ensures \result == 1 <==> IsEndMarker((uint8_t *)h);
    ensures \result == 0 || \result == 1;
 */
static int all_zero(const uint8_t *h)
{
    uint32_t i;

    /*@ loop invariant bounds: 0 <= i <= 32;
        loop invariant seen: \forall integer k; 0 <= k < i ==> h[k] == 0;
        loop assigns i;
        loop variant 32 - i;
     */
    for (i = 0; i < AL_HDR_SIZE; i++) {
        if (h[i] != 0) {
            /*@ assert h[i] != 0; */
            return 0;
        }
    }
    return 1;
}

/* A header is complete in p->hdr: the end marker, a bad one, or the start
 * of an entry whose name comes next (§3, §4). */
/*@ requires valid_p: \valid(p);
    requires valid_ev: \valid(ev);
    requires sep: \separated(p, ev);
    requires inv: ParserInv(p);
    requires state: p->state == AL_ST_HEADER && p->fill == 0;
    requires none: ev->kind == AL_EV_NONE && ev->error == AL_OK;
    assigns p->state, p->error, p->namelen, p->name_len,
            ev->kind, ev->error;
    ensures order: HeaderErrorIs(&p->hdr[0], ev->error);
    ensures outcome: IsEndMarker(&p->hdr[0]) ?
            ev->kind == AL_EV_END && p->state == AL_ST_END :
        ev->error != AL_OK ? ev->kind == AL_EV_ERROR :
            ev->kind == AL_EV_NONE && p->state == AL_ST_NAME;
    ensures err_event: ev->kind == AL_EV_ERROR ==>
        p->state == AL_ST_ERROR && ev->error == p->error;
    ensures inv: ParserInv(p);
    ensures kinds: ev->kind == AL_EV_NONE || ev->kind == AL_EV_END ||
                   ev->kind == AL_EV_ERROR;
    ensures end: ev->kind == AL_EV_END ==> p->state == AL_ST_END;
    ensures next: p->state == AL_ST_NAME || p->state == AL_ST_END ||
                  (p->state == AL_ST_ERROR && ev->kind == AL_EV_ERROR);
    ensures rejected: p->state == AL_ST_ERROR ==>
        IsBadEndMarker(&p->hdr[0]) ||
        (HdrNamelen(&p->hdr[0]) != 0 && !NamelenOk(HdrNamelen(&p->hdr[0])));
    ensures accepted: p->state == AL_ST_NAME ==> NamelenOk(HdrNamelen(&p->hdr[0]));
    ensures event: p->state == AL_ST_END ==> ev->kind == AL_EV_END;
 */
static void on_header(struct al_parser *p, struct al_event *ev)
{
    uint32_t untrusted_namelen = al_le32(p->hdr);

    if (untrusted_namelen == 0) {
        if (all_zero(p->hdr)) {
            p->state = AL_ST_END;
            ev->kind = AL_EV_END;
        } else {
            p->name_len = 0;
            fail(p, ev, AL_E_END_MARKER);
        }
    } else if (untrusted_namelen < AL_NAMELEN_MIN ||
               untrusted_namelen > AL_NAMELEN_MAX) {
        p->name_len = 0;
        fail(p, ev, AL_E_NAMELEN);
    } else {
        p->namelen = untrusted_namelen;
        p->name_len = 0;
        p->state = AL_ST_NAME;
    }
}

/*@ requires valid_p: \valid(p);
    requires inv: ParserInv(p);
    requires state: p->state == AL_ST_HEADER;
    requires valid_buf: \valid_read(buf + (0 .. len - 1));
    requires valid_ev: \valid(ev);
    requires sep: \separated(p, ev, buf + (0 .. len - 1));
    assigns p->hdr[0 .. 31], p->fill, p->state, p->error, p->namelen,
            p->name_len, *ev;
    ensures consumed_exact: \result == Take(len, AL_HDR_SIZE - \old(p->fill));
    ensures kept: \forall integer k; 0 <= k < \old(p->fill) ==>
        p->hdr[k] == \old(p->hdr[k]);
    ensures copied: \forall integer k;
        \old(p->fill) <= k < \old(p->fill) + \result ==>
        p->hdr[k] == buf[k - \old(p->fill)];
    ensures partial: \old(p->fill) + \result < AL_HDR_SIZE ==>
        p->state == AL_ST_HEADER && p->fill == \old(p->fill) + \result &&
        ev->kind == AL_EV_NONE;
    ensures complete: \old(p->fill) + \result == AL_HDR_SIZE ==>
        p->fill == 0 && HeaderErrorIs(&p->hdr[0], ev->error) &&
        (IsEndMarker(&p->hdr[0]) ?
            ev->kind == AL_EV_END && p->state == AL_ST_END :
         ev->error != AL_OK ? ev->kind == AL_EV_ERROR :
            ev->kind == AL_EV_NONE && p->state == AL_ST_NAME);
    ensures err_event: ev->kind == AL_EV_ERROR ==>
        p->state == AL_ST_ERROR && ev->error == p->error;
    ensures inv: ParserInv(p);
    ensures consumed: \result <= len;
    ensures progress: len > 0 ==> \result > 0;
    ensures kinds: ev->kind == AL_EV_NONE || ev->kind == AL_EV_END ||
                   ev->kind == AL_EV_ERROR;
    ensures end: ev->kind == AL_EV_END ==> p->state == AL_ST_END;
    ensures next: p->state == AL_ST_HEADER || p->state == AL_ST_NAME ||
                  p->state == AL_ST_END ||
                  (p->state == AL_ST_ERROR && ev->kind == AL_EV_ERROR);
    ensures rejected: p->state == AL_ST_ERROR ==>
        IsBadEndMarker(&p->hdr[0]) ||
        (HdrNamelen(&p->hdr[0]) != 0 && !NamelenOk(HdrNamelen(&p->hdr[0])));
    ensures accepted: p->state == AL_ST_NAME ==> NamelenOk(HdrNamelen(&p->hdr[0]));
    ensures event: p->state == AL_ST_END ==> ev->kind == AL_EV_END;
 */
static size_t feed_header(struct al_parser *p, const uint8_t *buf, size_t len,
                          struct al_event *ev)
{
    size_t used = 0;

    ev_none(ev);
    /*@ assert untouched: p->fill == \at(p->fill, Pre) &&
            p->namelen == \at(p->namelen, Pre); */
    /* Byte by byte: at most 32 of them, and every index is bounded by a
     * constant, which keeps Eva's interval reasoning exact. */
    /*@ loop invariant used: 0 <= used <= len;
        loop invariant fill: \at(p->fill, Pre) <= p->fill <= AL_HDR_SIZE;
        loop invariant sum: p->fill == \at(p->fill, Pre) + used;
        loop invariant kept: \forall integer k; 0 <= k < \at(p->fill, Pre) ==>
            p->hdr[k] == \at(p->hdr[k], Pre);
        loop invariant copied: \forall integer k;
            \at(p->fill, Pre) <= k < p->fill ==>
            p->hdr[k] == buf[k - \at(p->fill, Pre)];
        loop assigns used, p->fill, p->hdr[0 .. AL_HDR_SIZE - 1];
        loop variant len - used;
     */
    while (used < len && p->fill < AL_HDR_SIZE) {
        /*@ assert apart: \separated(&p->hdr[p->fill], buf + (0 .. len - 1)); */
        p->hdr[p->fill] = buf[used];
        p->fill++;
        used++;
    }
    if (p->fill == AL_HDR_SIZE) {
        p->fill = 0;
        on_header(p, ev);
    }
    return used;
}

/* A name is complete in p->name: check the entry (§9), count it (§7). */
/*@ requires valid_p: \valid(p);
    requires valid_ev: \valid(ev);
    requires sep: \separated(p, ev);
    requires inv: ParserInv(p);
    requires state: p->state == AL_ST_NAME && p->fill == 0;
    requires none: ev->kind == AL_EV_NONE && ev->error == AL_OK;
    assigns p->state, p->error, p->name_len, p->data_left,
            p->lim.files, p->lim.bytes, ev->kind, ev->error;
    ensures name_len: p->name_len == HdrNamelen(&p->hdr[0]) - 1 &&
                      p->name_len == p->namelen - 1;
    ensures order: EntryErrorIs(&p->hdr[0], &p->name[0], p->policy,
                                \old(p->lim.files), \old(p->lim.bytes),
                                p->lim.max_files, p->lim.max_bytes, ev->error);
    ensures outcome: ev->error == AL_OK ? ev->kind == AL_EV_ENTRY :
                                          ev->kind == AL_EV_ERROR;
    ensures err_event: ev->kind == AL_EV_ERROR ==>
        p->state == AL_ST_ERROR && ev->error == p->error;
    ensures inv: ParserInv(p);
    ensures kinds: ev->kind == AL_EV_ENTRY || ev->kind == AL_EV_ERROR;
    ensures error: ev->kind == AL_EV_ERROR ==> p->state == AL_ST_ERROR &&
        !EntryOk(&p->hdr[0], &p->name[0], p->policy,
                 \old(p->lim.files), \old(p->lim.bytes),
                 p->lim.max_files, p->lim.max_bytes) &&
        p->lim.files == \old(p->lim.files) && p->lim.bytes == \old(p->lim.bytes) &&
        p->data_left == \old(p->data_left);
    ensures entry: ev->kind == AL_EV_ENTRY ==>
        (p->state == AL_ST_DATA || p->state == AL_ST_DONE) &&
        EntryOk(&p->hdr[0], &p->name[0], p->policy,
                \old(p->lim.files), \old(p->lim.bytes),
                p->lim.max_files, p->lim.max_bytes) &&
        p->lim.files == \old(p->lim.files) + 1 &&
        p->lim.bytes == \old(p->lim.bytes) + HdrFilelen(&p->hdr[0]) &&
        p->data_left == HdrFilelen(&p->hdr[0]);
 */
static void on_name(struct al_parser *p, struct al_event *ev)
{
    uint32_t err = al_entry_admit(p->hdr, p->name, p->policy, &p->lim);
    uint64_t filelen;

    p->name_len = p->namelen - 1u;
    if (err != AL_OK) {
        fail(p, ev, err);
        return;
    }
    filelen = al_le64(p->hdr + 8);
    p->data_left = filelen;
    p->state = filelen > 0 ? AL_ST_DATA : AL_ST_DONE;
    ev->kind = AL_EV_ENTRY;
}

/*@ requires valid_p: \valid(p);
    requires inv: ParserInv(p);
    requires state: p->state == AL_ST_NAME;
    requires valid_buf: \valid_read(buf + (0 .. len - 1));
    requires valid_ev: \valid(ev);
    requires sep: \separated(p, ev, buf + (0 .. len - 1));
    assigns p->name[0 .. AL_NAMELEN_MAX - 1], p->fill, p->state, p->error,
            p->name_len, p->data_left, p->lim.files, p->lim.bytes, *ev;
    ensures consumed_exact: \result == Take(len, p->namelen - \old(p->fill));
    ensures kept: \forall integer k; 0 <= k < \old(p->fill) ==>
        p->name[k] == \old(p->name[k]);
    ensures copied: \forall integer k;
        \old(p->fill) <= k < \old(p->fill) + \result ==>
        p->name[k] == buf[k - \old(p->fill)];
    ensures partial: \old(p->fill) + \result < p->namelen ==>
        p->state == AL_ST_NAME && p->fill == \old(p->fill) + \result &&
        ev->kind == AL_EV_NONE;
    ensures complete: \old(p->fill) + \result == p->namelen ==>
        p->fill == 0 && p->name_len == p->namelen - 1 &&
        p->name_len == HdrNamelen(&p->hdr[0]) - 1 &&
        EntryErrorIs(&p->hdr[0], &p->name[0], p->policy,
                     \old(p->lim.files), \old(p->lim.bytes),
                     p->lim.max_files, p->lim.max_bytes, ev->error) &&
        (ev->error == AL_OK ? ev->kind == AL_EV_ENTRY : ev->kind == AL_EV_ERROR);
    ensures err_event: ev->kind == AL_EV_ERROR ==>
        p->state == AL_ST_ERROR && ev->error == p->error;
    ensures inv: ParserInv(p);
    ensures consumed: \result <= len;
    ensures progress: len > 0 ==> \result > 0;
    ensures kinds: ev->kind == AL_EV_NONE || ev->kind == AL_EV_ENTRY ||
                   ev->kind == AL_EV_ERROR;
    ensures waiting: ev->kind == AL_EV_NONE ==> p->state == AL_ST_NAME &&
        p->lim.files == \old(p->lim.files) && p->lim.bytes == \old(p->lim.bytes);
    ensures complete: p->state != AL_ST_NAME ==>
        ev->kind == AL_EV_ENTRY || ev->kind == AL_EV_ERROR;
    ensures error: ev->kind == AL_EV_ERROR ==> p->state == AL_ST_ERROR &&
        !EntryOk(&p->hdr[0], &p->name[0], p->policy,
                 \old(p->lim.files), \old(p->lim.bytes),
                 p->lim.max_files, p->lim.max_bytes);
    ensures entry: ev->kind == AL_EV_ENTRY ==>
        EntryOk(&p->hdr[0], &p->name[0], p->policy,
                \old(p->lim.files), \old(p->lim.bytes),
                p->lim.max_files, p->lim.max_bytes) &&
        p->lim.files == \old(p->lim.files) + 1 &&
        p->lim.bytes == \old(p->lim.bytes) + HdrFilelen(&p->hdr[0]) &&
        p->data_left == HdrFilelen(&p->hdr[0]);
    ensures data_kept: ev->kind != AL_EV_ENTRY ==> p->data_left == \old(p->data_left);

 */
static size_t feed_name(struct al_parser *p, const uint8_t *buf, size_t len,
                        struct al_event *ev)
{
    size_t used = 0;

    ev_none(ev);
    /*@ assert untouched: p->fill == \at(p->fill, Pre) &&
            p->namelen == \at(p->namelen, Pre); */
    /* Byte by byte, as in feed_header: at most 261 of them. */
    /*@ loop invariant used: 0 <= used <= len;
        loop invariant fill: \at(p->fill, Pre) <= p->fill <= p->namelen;
        loop invariant sum: p->fill == \at(p->fill, Pre) + used;
        loop invariant kept: \forall integer k; 0 <= k < \at(p->fill, Pre) ==>
            p->name[k] == \at(p->name[k], Pre);
        loop invariant copied: \forall integer k;
            \at(p->fill, Pre) <= k < p->fill ==>
            p->name[k] == buf[k - \at(p->fill, Pre)];
        loop assigns used, p->fill, p->name[0 .. AL_NAMELEN_MAX - 1];
        loop variant len - used;
     */
    while (used < len && p->fill < p->namelen) {
        /*@ assert apart: \separated(&p->name[p->fill], buf + (0 .. len - 1)); */
        p->name[p->fill] = buf[used];
        p->fill++;
        used++;
    }
    if (p->fill == p->namelen) {
        p->fill = 0;
        on_name(p, ev);
    }
    return used;
}

/*@ requires valid_p: \valid(p);
    requires inv: ParserInv(p);
    requires state: p->state == AL_ST_DATA;
    requires valid_ev: \valid(ev);
    requires sep: \separated(p, ev);
    requires none: ev->kind == AL_EV_NONE && ev->data_off == 0;
    assigns p->data_left, p->state, ev->kind, ev->data_len;
    ensures inv: ParserInv(p);
    ensures consumed: \result <= len;
    ensures progress: len > 0 ==> \result > 0;
    ensures kinds: ev->kind == AL_EV_NONE || ev->kind == AL_EV_DATA;
    ensures none: ev->kind == AL_EV_NONE ==> len == 0 && \result == 0 &&
        p->data_left == \old(p->data_left);
    ensures consumed_exact: \result == Take(len, \old(p->data_left));
    ensures idle: len == 0 ==> ev->kind == AL_EV_NONE && p->state == AL_ST_DATA;
    ensures finished: len > 0 ==>
        ev->kind == AL_EV_DATA &&
        (p->state == AL_ST_DONE <==> \result == \old(p->data_left));
    ensures span: ev->kind == AL_EV_DATA ==>
        0 < ev->data_len && ev->data_len <= \old(p->data_left) &&
        ev->data_off + ev->data_len == \result &&
        p->data_left == \old(p->data_left) - ev->data_len;
 */
static size_t feed_data(struct al_parser *p, size_t len, struct al_event *ev)
{
    uint64_t left = p->data_left;
    size_t n;

    if (len == 0)
        return 0;
    if (len >= left) {
        n = (size_t)left;
        p->data_left = 0;
        p->state = AL_ST_DONE;
    } else {
        n = len;
        p->data_left = left - len;
    }
    ev->kind = AL_EV_DATA;
    ev->data_len = n;
    return n;
}

size_t al_parser_feed(struct al_parser *p, const uint8_t *buf, size_t len,
                      struct al_event *ev)
{
    size_t used = 0;

    /* Header and name set the event themselves: nothing is written before
     * they start, so what they state of the bytes held at the call is
     * what this function states of them at its own start. */
    if (p->state == AL_ST_HEADER)
        return feed_header(p, buf, len, ev);
    if (p->state == AL_ST_NAME)
        return feed_name(p, buf, len, ev);
    ev_none(ev);
    /* the event is apart from *p: the provers need this stepping stone */
    /*@ assert untouched: p->state == \at(p->state, Pre) &&
            p->data_left == \at(p->data_left, Pre); */
    if (p->state == AL_ST_DATA) {
        used = feed_data(p, len, ev);
    } else if (p->state == AL_ST_DONE) {
        p->state = AL_ST_HEADER;
        ev->kind = AL_EV_DONE;
    } else if (p->state == AL_ST_END) {
        if (len > 0)
            fail(p, ev, AL_E_TRAILING);
    } else {
        /*@ assert p->state == AL_ST_ERROR; */
        ev->kind = AL_EV_ERROR;
        ev->error = p->error;
    }
    return used;
}

uint32_t al_parser_finish(struct al_parser *p)
{
    if (p->state == AL_ST_END)
        return AL_OK;
    if (p->state != AL_ST_ERROR) {
        p->state = AL_ST_ERROR;
        p->error = AL_E_TRUNCATED;
    }
    return p->error;
}
