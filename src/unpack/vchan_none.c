/* vchan_none.c -- --vchan when airlock was built without libxen-dev. */
#include "vchan.h"

#include <stdio.h>

struct al_vchan *al_vchan_open(int domid, const char *xs_path,
                               struct al_transport *t, char *err, size_t errlen)
{
    (void)domid;
    (void)xs_path;
    (void)t;
    snprintf(err, errlen, "--vchan: this airlock-unpack was built without "
             "libxenvchan (install libxen-dev and rebuild)");
    return NULL;
}

void al_vchan_close(struct al_vchan *v)
{
    (void)v;
}
