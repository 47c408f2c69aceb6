/* vchan.c -- the libxenvchan transport of airlock-unpack (vchan.h). */
#include "vchan.h"

#include <errno.h>
#include <libxenvchan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ring sizes requested from the server side. */
#define AL_VCHAN_RING (64u * 1024u)

struct up_vchan {
    struct libxenvchan *ctrl;
};

/* Wait for data or a close; answers 0, or -1 with errno set. */
static int vchan_wait(struct libxenvchan *ctrl)
{
    int rc = 0;

    if (libxenvchan_wait(ctrl) < 0) {
        if (errno == 0)
            errno = EIO;
        rc = -1;
    }
    return rc;
}

static ssize_t vchan_read(void *ctx, uint8_t *buf, size_t len)
{
    struct libxenvchan *ctrl = ((struct up_vchan *)ctx)->ctrl;
    ssize_t n = -1;

    for (;;) {
        if (libxenvchan_data_ready(ctrl) > 0) {
            n = libxenvchan_read(ctrl, buf, len);
            break;
        }
        if (libxenvchan_is_open(ctrl) == 0) {
            n = 0;
            break;
        }
        if (vchan_wait(ctrl) != 0)
            break;
    }
    return n;
}

static int vchan_write_all(void *ctx, const uint8_t *buf, size_t len)
{
    struct libxenvchan *ctrl = ((struct up_vchan *)ctx)->ctrl;
    int n;
    int rc = -1;

    while (len > 0) {
        if (libxenvchan_is_open(ctrl) == 0) {
            errno = EPIPE;
            goto out;
        }
        n = libxenvchan_write(ctrl, buf, len);
        if (n < 0)
            goto out;
        if (n == 0 && vchan_wait(ctrl) != 0)
            goto out;
        buf += n;
        len -= (size_t)n;
    }
    rc = 0;
out:
    return rc;
}

struct up_vchan *up_vchan_open(int domid, const char *xs_path,
                               struct up_transport *t, char *err, size_t errlen)
{
    struct up_vchan *v = calloc(1, sizeof(*v));

    if (v == NULL) {
        snprintf(err, errlen, "vchan: out of memory");
        goto out;
    }
    v->ctrl = libxenvchan_server_init(NULL, domid, xs_path, AL_VCHAN_RING,
                                      AL_VCHAN_RING);
    if (v->ctrl == NULL) {
        snprintf(err, errlen, "--vchan: cannot serve domain %d at %s: %s "
                 "(is this a Xen dom0 with /dev/xen and xenstore?)",
                 domid, xs_path, strerror(errno));
        free(v);
        v = NULL;
        goto out;
    }
    v->ctrl->blocking = 0;
    t->ctx = v;
    t->read = vchan_read;
    t->write_all = vchan_write_all;
out:
    return v;
}

void up_vchan_close(struct up_vchan *v)
{
    if (v != NULL) {
        libxenvchan_close(v->ctrl);
        free(v);
    }
}
