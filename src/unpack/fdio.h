/* fdio.h -- the file-descriptor transport (stream on one fd, result on
 * another; fd 0 and fd 1 for a qrexec service). */
#ifndef AIRLOCK_FDIO_H
#define AIRLOCK_FDIO_H

#include "transport.h"

struct up_fdio {
    int in_fd;
    int out_fd;
};

/* Fill *t with callbacks reading io->in_fd and writing io->out_fd. io must
 * outlive every use of *t. */
void up_fdio_transport(struct up_fdio *io, struct up_transport *t);

#endif
