/* airlock-sigcheck: find lead/header boundaries, reading each byte once. */
#include "layout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned char sc_lead_magic[4] = { 0xed, 0xab, 0xee, 0xdb };
static const unsigned char sc_hdr_magic[4] = { 0x8e, 0xad, 0xe8, 0x01 };

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

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

/* Append N bytes from FD to lay->buf (growing it). SC_OK, or the code for
 * a short read (WHAT names the part being read, for the detail). */
static enum sc_code append(int fd, struct sc_layout *lay, size_t n,
                           const char *what, struct sc_verdict *v)
{
    enum sc_code code = SC_INTERNAL;
    unsigned char *nb = realloc(lay->buf, lay->len + n);
    long got;

    if (nb == NULL) {
        sc_verdict_set(v, SC_INTERNAL, "out of memory");
        goto out;
    }
    lay->buf = nb;
    got = sc_read_full(fd, lay->buf + lay->len, n);
    if (got < 0) {
        sc_verdict_set(v, SC_READ_ERROR, "%s", strerror(errno));
        code = SC_READ_ERROR;
        goto out;
    }
    lay->len += (size_t)got;
    code = (size_t)got == n ? SC_OK : SC_MALFORMED;
    if (code != SC_OK)
        sc_verdict_set(v, code, "truncated in the %s", what);
out:
    return code;
}

/* Read one header (intro, index, data) at the end of lay->buf. */
static enum sc_code read_header(int fd, struct sc_layout *lay, const char *what,
                                struct sc_verdict *v)
{
    size_t start = lay->len;
    unsigned long untrusted_il, untrusted_dl;
    size_t body;
    enum sc_code code = append(fd, lay, 16, what, v);

    if (code != SC_OK)
        goto out;
    if (memcmp(lay->buf + start, sc_hdr_magic, sizeof(sc_hdr_magic)) != 0) {
        code = SC_MALFORMED;
        sc_verdict_set(v, code, "bad %s magic", what);
        goto out;
    }
    untrusted_il = be32(lay->buf + start + 8);
    untrusted_dl = be32(lay->buf + start + 12);
    /* il first, so that the subtraction below cannot wrap (with
     * il == SC_HEADER_MAX / 16 it would, and let any dl through). */
    if (untrusted_il > (SC_HEADER_MAX - 16) / 16 ||
        untrusted_dl > SC_HEADER_MAX - 16 - 16 * untrusted_il) {
        code = SC_MALFORMED;
        sc_verdict_set(v, code, "%s too large", what);
        goto out;
    }
    body = 16 * (size_t)untrusted_il + (size_t)untrusted_dl;
    code = append(fd, lay, body, what, v);
out:
    return code;
}

enum sc_code sc_layout_read(int fd, struct sc_layout *lay, struct sc_verdict *v)
{
    enum sc_code code;
    size_t pad;

    memset(lay, 0, sizeof(*lay));
    code = append(fd, lay, SC_LEAD_SIZE, "lead", v);
    if (code == SC_MALFORMED || (code == SC_OK &&
            memcmp(lay->buf, sc_lead_magic, sizeof(sc_lead_magic)) != 0)) {
        code = SC_NOT_RPM;
        sc_verdict_set(v, code, lay->len < SC_LEAD_SIZE ? "shorter than a lead" : "no RPM lead magic");
    }
    if (code == SC_OK)
        code = read_header(fd, lay, "signature header", v);
    lay->sig_len = lay->len - SC_LEAD_SIZE;
    pad = (8 - lay->len % 8) % 8;
    if (code == SC_OK)
        code = append(fd, lay, pad, "signature header padding", v);
    lay->hdr_off = lay->len;
    if (code == SC_OK)
        code = read_header(fd, lay, "header", v);
    if (code != SC_OK) {
        free(lay->buf);
        memset(lay, 0, sizeof(*lay));
    }
    return code;
}
