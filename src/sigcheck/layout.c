/* airlock-sigcheck: read the package prefix once, judged by al_rpm_check. */
#include "layout.h"
#include "rules.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long sc_read_full(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;
    long rc = -1;

    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            goto out;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    rc = (long)got;
out:
    return rc;
}

/* Append N bytes from FD to lay->buf (growing it). The caller keeps
 * lay->len + N within the file's size at open. */
static enum sc_code append(int fd, struct sc_layout *lay, size_t n, struct sc_verdict *v)
{
    unsigned char *nb;
    long got;

    sc_verdict_set(v, SC_OK, NULL);
    if (n == 0)
        return v->code;   /* realloc(p, 0) would free p */
    nb = realloc(lay->buf, lay->len + n);
    if (nb == NULL) {
        sc_verdict_set(v, SC_INTERNAL, "out of memory");
        return v->code;
    }
    lay->buf = nb;
    got = sc_read_full(fd, lay->buf + lay->len, n);
    if (got < 0) {
        sc_verdict_set(v, SC_READ_ERROR, "%s", strerror(errno));
        return v->code;
    }
    lay->len += (size_t)got;
    if ((size_t)got != n)
        sc_verdict_set(v, SC_FILE_CHANGED, "shorter than when opened");
    else
        sc_verdict_set(v, SC_OK, NULL);
    return v->code;
}

/* Where the bytes read so far say the signature header ends, the main
 * header starts and the payload starts (0 while not known yet). The sizes
 * are untrusted: only al_rpm_check judges them; here they only say how
 * far to read, and 64-bit sums of 32-bit fields cannot wrap. */
struct ends {
    uint64_t sig_end, main_off, payload;
};

static void announced(const struct sc_layout *lay, struct ends *e)
{
    const uint8_t *b = lay->buf;
    uint64_t untrusted_s, untrusted_h;

    memset(e, 0, sizeof(*e));
    if (lay->len < AL_RPM_LEAD + 16)
        return;
    untrusted_s = 16 + 16 * (uint64_t)al_be32(b + AL_RPM_LEAD + 8) + al_be32(b + AL_RPM_LEAD + 12);
    e->sig_end = AL_RPM_LEAD + untrusted_s;
    e->main_off = e->sig_end + (8 - untrusted_s % 8) % 8;
    if (lay->len < e->main_off + 16)
        return;
    untrusted_h = 16 + 16 * (uint64_t)al_be32(b + e->main_off + 8) + al_be32(b + e->main_off + 12);
    e->payload = e->main_off + untrusted_h;
}

/* How many bytes the prefix needs in all, by what has been read: the lead
 * and the signature header's intro; then up to the main header's intro;
 * then up to the payload. */
static uint64_t wanted(const struct sc_layout *lay)
{
    struct ends e;

    announced(lay, &e);
    return lay->len < AL_RPM_LEAD + 16 ? AL_RPM_LEAD + 16 : e.payload == 0 ? e.main_off + 16 : e.payload;
}

/* The part of the file a truncated prefix ends in: where the file's size
 * falls (reading stopped at the first size the file cannot hold). */
static const char *cut_part(const struct sc_layout *lay, const struct ends *e)
{
    return lay->len < AL_RPM_LEAD + 16 || lay->size < e->sig_end ? "signature header" :
           lay->size < e->main_off ? "signature header padding" : "main header";
}

/* Where a rejection of the checker is: the part the file ends in for a
 * truncation, else the header and entry al_rpm_check names, with the
 * entry's tag read from the bytes (inside them: the checker read it). */
static void where(const struct sc_layout *lay, uint32_t code, struct sc_rpm_where *w)
{
    struct ends e;
    uint64_t h = AL_RPM_LEAD;

    announced(lay, &e);
    w->entry = lay->rpm.bad_entry;
    w->tag = 0;
    if (code == AL_RPM_E_TRUNCATED) {
        w->part = cut_part(lay, &e);
        return;
    }
    w->part = lay->rpm.bad_kind == AL_RPM_MAIN ? "main header" : "signature header";
    if (lay->rpm.bad_kind == AL_RPM_MAIN)
        h = e.main_off;
    if (h + 16 + 16 * (uint64_t)w->entry + 4 <= lay->len)
        w->tag = al_be32(lay->buf + h + 16 + 16 * w->entry);
}

/* Read as far as the sizes announce, within LIMIT, until al_rpm_check
 * accepts the bytes or rejects them for another reason than their end.
 * Each round reads further (the announced end grows), so at most three. */
static enum sc_code read_prefix(int fd, struct sc_layout *lay, uint64_t limit, uint32_t *r,
                                struct sc_verdict *v)
{
    uint64_t want = AL_RPM_LEAD + 16;

    for (;;) {
        want = want < limit ? want : limit;
        if (append(fd, lay, (size_t)(want - lay->len), v) != SC_OK)
            break;
        *r = al_rpm_check(lay->buf, (uint32_t)lay->len, &lay->rpm);
        want = wanted(lay);
        if (*r != AL_RPM_E_TRUNCATED || want <= lay->len || want > limit)
            break;
    }
    return v->code;
}

enum sc_code sc_layout_read(int fd, uint64_t size, struct sc_layout *lay, struct sc_verdict *v)
{
    uint64_t limit = size < AL_RPM_PREFIX_MAX ? size : AL_RPM_PREFIX_MAX;
    uint32_t r = AL_RPM_E_TRUNCATED;
    struct sc_rpm_where w;

    memset(lay, 0, sizeof(*lay));
    lay->size = size;
    if (read_prefix(fd, lay, limit, &r, v) != SC_OK)
        goto out;
    if (r != AL_RPM_OK) {
        where(lay, r, &w);
        sc_rpm_verdict(r, &w, v);
    } else if ((uint64_t)lay->rpm.main_off + lay->rpm.main_size != lay->len) {
        sc_verdict_set(v, SC_INTERNAL, "checked prefix does not end where it was read to");
    }
out:
    if (v->code != SC_OK) {
        free(lay->buf);
        memset(lay, 0, sizeof(*lay));
    }
    return v->code;
}
