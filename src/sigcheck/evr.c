/* airlock-sigcheck: name, arch and EVR of a header, rpm's order (evr.h). */
#include "evr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpm/rpmtag.h>
#include <rpm/rpmtd.h>
#include <rpm/rpmver.h>

/* TAG's value if it is exactly one STRING; NULL otherwise. */
static const char *one_string(Header h, rpmTagVal tag, rpmtd td)
{
    const char *s = NULL;

    if (headerGet(h, tag, td, HEADERGET_MINMEM) &&
        rpmtdType(td) == RPM_STRING_TYPE && rpmtdCount(td) == 1)
        s = rpmtdGetString(td);
    rpmtdFreeData(td);   /* MINMEM: the string stays in the header */
    return s;
}

/* The epoch: 0 when absent, -1 when present but not one INT32. */
static int read_epoch(Header h, uint32_t *epoch)
{
    struct rpmtd_s td;
    int rc = 0;

    *epoch = 0;
    if (!headerIsEntry(h, RPMTAG_EPOCH))
        return 0;
    if (!headerGet(h, RPMTAG_EPOCH, &td, HEADERGET_MINMEM))
        return -1;
    if (rpmtdType(&td) == RPM_INT32_TYPE && rpmtdCount(&td) == 1 && rpmtdGetUint32(&td) != NULL)
        *epoch = *rpmtdGetUint32(&td);
    else
        rc = -1;
    rpmtdFreeData(&td);
    return rc;
}

int sc_evr_from_header(Header h, struct sc_evr *e)
{
    struct rpmtd_s td;
    const char *n = one_string(h, RPMTAG_NAME, &td);
    const char *v = one_string(h, RPMTAG_VERSION, &td);
    const char *r = one_string(h, RPMTAG_RELEASE, &td);
    const char *a = headerIsEntry(h, RPMTAG_ARCH) ? one_string(h, RPMTAG_ARCH, &td) : "";
    size_t ln, la, lv, lr;

    memset(e, 0, sizeof(*e));
    if (n == NULL || v == NULL || r == NULL || a == NULL || !*n || !*v || !*r ||
        read_epoch(h, &e->epoch) != 0)
        return -1;
    ln = strlen(n) + 1, la = strlen(a) + 1, lv = strlen(v) + 1, lr = strlen(r) + 1;
    e->buf = malloc(ln + la + lv + lr);
    if (e->buf == NULL)
        return -1;
    e->name = memcpy(e->buf, n, ln);
    e->arch = memcpy(e->buf + ln, a, la);
    e->version = memcpy(e->buf + ln + la, v, lv);
    e->release = memcpy(e->buf + ln + la + lv, r, lr);
    return 0;
}

void sc_evr_free(struct sc_evr *e)
{
    free(e->buf);
    e->buf = NULL;
}

int sc_evr_cmp(const struct sc_evr *a, const struct sc_evr *b)
{
    int c;

    if (a->epoch != b->epoch)
        return a->epoch < b->epoch ? -1 : 1;
    c = rpmvercmp(a->version, b->version);
    return c != 0 ? c : rpmvercmp(a->release, b->release);
}

int sc_evr_related(const struct sc_evr *a, const struct sc_evr *b)
{
    return strcmp(a->name, b->name) == 0 &&
           (strcmp(a->arch, b->arch) == 0 || strcmp(a->arch, "noarch") == 0 ||
            strcmp(b->arch, "noarch") == 0);
}

void sc_evr_format(const struct sc_evr *e, char *buf, size_t len)
{
    snprintf(buf, len, "%s-%u:%s-%s%s%s", e->name, e->epoch, e->version, e->release,
             e->arch[0] ? "." : "", e->arch);
}
