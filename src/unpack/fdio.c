/* fdio.c -- the file-descriptor transport. */
#include "fdio.h"

#include <errno.h>
#include <unistd.h>

ssize_t up_read_fd(int fd, uint8_t *buf, size_t len)
{
    ssize_t n;

    do {
        n = read(fd, buf, len);
    } while (n < 0 && errno == EINTR);
    return n;
}

int up_write_all_fd(int fd, const uint8_t *buf, size_t len)
{
    size_t off = 0;
    ssize_t n;
    int rc = -1;

    while (off < len) {
        n = write(fd, buf + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            goto out;
        }
        off += (size_t)n;
    }
    rc = 0;
out:
    return rc;
}

static ssize_t fd_read(void *ctx, uint8_t *buf, size_t len)
{
    const struct up_fdio *io = ctx;

    return up_read_fd(io->in_fd, buf, len);
}

static int fd_write_all(void *ctx, const uint8_t *buf, size_t len)
{
    const struct up_fdio *io = ctx;

    return up_write_all_fd(io->out_fd, buf, len);
}

void up_fdio_transport(struct up_fdio *io, struct up_transport *t)
{
    t->ctx = io;
    t->read = fd_read;
    t->write_all = fd_write_all;
}
