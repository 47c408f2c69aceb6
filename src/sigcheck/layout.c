/* airlock-sigcheck: find lead/header boundaries, reading each byte once. */
#include "layout.h"
#include "bytes.h"
#include "sighdr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned char sc_lead_magic[4] = { 0xed, 0xab, 0xee, 0xdb };
/* The magic and the four reserved bytes rpm requires to be zero. */
static const unsigned char sc_hdr_magic[8] = { 0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0 };

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

/* Append N bytes from FD to lay->buf (growing it). SC_OK, or the code for
 * a short read (WHAT names the part being read, for the detail). */
static enum sc_code append(int fd, struct sc_layout *lay, size_t n,
                           const char *what, struct sc_verdict *v)
{
    enum sc_code code = SC_MALFORMED;
    unsigned char *nb = NULL;
    long got;

    /* Never past the size the file had when opened. */
    if (lay->size < lay->len || n > lay->size - lay->len) {
        sc_verdict_set(v, code, "truncated in the %s (spec/RPM.md section 3.5)", what);
        goto out;
    }
    code = SC_INTERNAL;
    nb = realloc(lay->buf, lay->len + n);
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
    code = (size_t)got == n ? SC_OK : SC_FILE_CHANGED;
    if (code != SC_OK)
        sc_verdict_set(v, code, "shorter than when opened, in the %s", what);
out:
    return code;
}

/* Read one header (intro, index, data) at the end of lay->buf. */
static enum sc_code read_header(int fd, struct sc_layout *lay, const char *what,
                                size_t max, struct sc_verdict *v)
{
    size_t start = lay->len;
    unsigned long untrusted_il, untrusted_dl;
    size_t body;
    enum sc_code code = append(fd, lay, 16, what, v);

    if (code != SC_OK)
        goto out;
    if (memcmp(lay->buf + start, sc_hdr_magic, sizeof(sc_hdr_magic)) != 0) {
        code = SC_MALFORMED;
        sc_verdict_set(v, code, "bad %s magic (spec/RPM.md section 3.1)", what);
        goto out;
    }
    untrusted_il = sc_be32(lay->buf + start + 8);
    untrusted_dl = sc_be32(lay->buf + start + 12);
    /* il first, so that the subtraction below cannot wrap (with
     * il == SC_HEADER_MAX / 16 it would, and let any dl through). */
    if (untrusted_il > (max - 16) / 16 || untrusted_dl > max - 16 - 16 * untrusted_il) {
        code = SC_MALFORMED;
        sc_verdict_set(v, code, "%s too large (spec/RPM.md section 3.5)", what);
        goto out;
    }
    body = 16 * (size_t)untrusted_il + (size_t)untrusted_dl;
    code = append(fd, lay, body, what, v);
out:
    return code;
}

/* The lead fields rpm 4.18 itself checks (lib/package.c): magic, major
 * version 3 or 4, signature type 5 (header-style signature). */
static enum sc_code check_lead(const struct sc_layout *lay, struct sc_verdict *v)
{
    const unsigned char *l = lay->buf;

    if (memcmp(l, sc_lead_magic, sizeof(sc_lead_magic)) != 0)
        sc_verdict_set(v, SC_NOT_RPM, "no RPM lead magic (spec/RPM.md section 2)");
    else if (l[4] != 3 && l[4] != 4)
        sc_verdict_set(v, SC_MALFORMED, "lead: major version %u, rpm takes 3 or 4 "
                       "(spec/RPM.md section 2)", l[4]);
    else if (l[78] != 0 || l[79] != 5)
        sc_verdict_set(v, SC_MALFORMED, "lead: signature type %u, rpm takes 5 (spec/RPM.md section 2)",
                       l[78] * 256u + l[79]);
    else
        sc_verdict_set(v, SC_OK, NULL);
    return v->code;
}

enum sc_code sc_layout_read(int fd, uint64_t size, struct sc_layout *lay, struct sc_verdict *v)
{
    enum sc_code code;
    size_t pad;

    memset(lay, 0, sizeof(*lay));
    lay->size = size;
    code = append(fd, lay, SC_LEAD_SIZE, "lead", v);
    if (code == SC_MALFORMED && lay->len == 0)
        sc_verdict_set(v, code = SC_NOT_RPM, "shorter than a lead (spec/RPM.md section 2)");
    if (code == SC_OK)
        code = check_lead(lay, v);
    if (code == SC_OK)
        code = read_header(fd, lay, "signature header", 16 + 16 * SC_SIGHDR_ENTRIES_MAX + SC_SIGHDR_DATA_MAX, v);
    lay->sig_len = lay->len - SC_LEAD_SIZE;
    pad = (8 - lay->len % 8) % 8;
    if (code == SC_OK)
        code = append(fd, lay, pad, "signature header padding", v);
    lay->hdr_off = lay->len;
    if (code == SC_OK)
        code = read_header(fd, lay, "header", SC_HEADER_MAX, v);
    if (code != SC_OK) {
        free(lay->buf);
        memset(lay, 0, sizeof(*lay));
    }
    return code;
}
