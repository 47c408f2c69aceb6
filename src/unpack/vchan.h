/* vchan.h -- the libxenvchan transport of airlock-unpack (--vchan).
 *
 * Serves as a libxenvchan server for one peer domain at a xenstore path,
 * and reads the stream / writes the result through it with the same
 * transport interface as fdio.h. Built from vchan.c when pkg-config finds
 * xenvchan (libxen-dev), else from vchan_none.c, whose open always fails.
 */
#ifndef AIRLOCK_VCHAN_H
#define AIRLOCK_VCHAN_H

#include <stddef.h>

#include "transport.h"

struct up_vchan;

/* Start serving domid at xs_path and fill *t. Answers the handle, or NULL
 * with a one-line reason in err (e.g. no Xen on this machine). */
struct up_vchan *up_vchan_open(int domid, const char *xs_path,
                               struct up_transport *t, char *err, size_t errlen);

/* Close the vchan (the peer can still read what was written). */
void up_vchan_close(struct up_vchan *v);

#endif
