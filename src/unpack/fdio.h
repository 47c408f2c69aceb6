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

/* Write all len bytes to fd, retrying on EINTR and partial writes.
 * Answers 0, or -1 with errno set. */
int up_write_all_fd(int fd, const uint8_t *buf, size_t len);

/* Read up to len bytes from fd, retrying on EINTR. Answers as read(2). */
ssize_t up_read_fd(int fd, uint8_t *buf, size_t len);

#endif
