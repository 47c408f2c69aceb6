/* vchan_none.c -- --vchan when airlock was built without libxen-dev. */
#include "vchan.h"

#include <stdio.h>

struct up_vchan *up_vchan_open(int domid, const char *xs_path,
                               struct up_transport *t, char *err, size_t errlen)
{
    (void)domid;
    (void)xs_path;
    (void)t;
    snprintf(err, errlen, "--vchan: this airlock-unpack was built without "
             "libxenvchan (install libxen-dev and rebuild)");
    return NULL;
}

void up_vchan_close(struct up_vchan *v)
{
    (void)v;
}
