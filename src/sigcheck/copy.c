/* airlock-sigcheck: write and link the canonical copy (copy.h). */
#include "copy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int sc_copy_open(struct sc_copy *c, int dirfd)
{
    c->err = 0;
    c->fd = openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    return c->fd >= 0 ? 0 : -1;
}

void sc_copy_write(struct sc_copy *c, const void *buf, size_t n)
{
    const char *p = buf;

    while (c->err == 0 && n > 0) {
        ssize_t w = write(c->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            c->err = w < 0 ? errno : EIO;
            break;
        }
        p += w;
        n -= (size_t)w;
    }
}

int sc_copy_link(struct sc_copy *c, int dirfd, const char *name, const struct stat *st)
{
    struct timespec times[2] = { st->st_atim, st->st_mtim };
    char proc[64];

    if (c->err != 0) {
        errno = c->err;
        return -1;
    }
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", c->fd);
    if (fchmod(c->fd, 0644) != 0 || futimens(c->fd, times) != 0)
        return -1;
    /* linkat with AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the /proc
     * link of the descriptor gives the same without it. */
    return linkat(AT_FDCWD, proc, dirfd, name, AT_SYMLINK_FOLLOW);
}

void sc_copy_close(struct sc_copy *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}
