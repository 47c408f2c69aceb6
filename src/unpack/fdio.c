/* fdio.c -- the file-descriptor transport. */
#include "fdio.h"

#include "io.h"

static ssize_t fd_read(void *ctx, uint8_t *buf, size_t len)
{
    const struct up_fdio *io = ctx;

    return os_read(io->in_fd, buf, len);
}

static int fd_write_all(void *ctx, const uint8_t *buf, size_t len)
{
    const struct up_fdio *io = ctx;

    return os_write_all(io->out_fd, buf, len);
}

void up_fdio_transport(struct up_fdio *io, struct up_transport *t)
{
    t->ctx = io;
    t->read = fd_read;
    t->write_all = fd_write_all;
}
