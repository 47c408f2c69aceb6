/* airlock-sigcheck: write and link the canonical copy (copy.h). */
#include "copy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int sc_copy_open(int dirfd)
{
    return openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
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

int sc_copy_finish(struct sc_copy *c, const struct stat *st)
{
    struct timespec times[2] = { st->st_atim, st->st_mtim };

    if (c->err != 0) {
        errno = c->err;
        return -1;
    }
    return fchmod(c->fd, 0644) == 0 && futimens(c->fd, times) == 0 ? 0 : -1;
}

int sc_copy_link(int fd, int dirfd, const char *name)
{
    char proc[64];

    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    /* linkat with AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the /proc
     * link of the descriptor gives the same without it. */
    return linkat(AT_FDCWD, proc, dirfd, name, AT_SYMLINK_FOLLOW);
}
