/* store.c -- the operating-system side of one received file (store.h). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's check that name resolves inside dirfd, through no symlink,
 * and names nothing yet: 0 if free, else an errno value. */
static int name_is_free(int dirfd, const char *name)
{
    struct open_how how = {
        .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
                   RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
    };
    long fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
    int err = 0;

    if (fd >= 0) {
        close((int)fd);
        err = EEXIST;
    } else if (errno != ENOENT) {
        err = errno;
    }
    return err;
}

int up_store_open(struct up_store *s, int dirfd, const char *name)
{
    int err;

    s->fd = -1;
    s->op = "name check (openat2)";
    err = name_is_free(dirfd, name);
    if (err != 0)
        goto out;
    s->op = "open O_TMPFILE";
    s->fd = openat(dirfd, ".", AL_STORE_OPEN_FLAGS, 0600);
    if (s->fd < 0)
        err = errno;
out:
    return err;
}

int up_store_write(struct up_store *s, const uint8_t *buf, size_t len)
{
    ssize_t n;
    int err = 0;

    s->op = "write";
    while (len > 0) {
        n = write(s->fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            goto out;
        }
        buf += n;
        len -= (size_t)n;
    }
out:
    return err;
}

/* /proc/self/fd, opened before the mount namespace hides /proc. */
static int proc_fd_dir = -1;

void up_store_set_proc_fd(int fd)
{
    proc_fd_dir = fd;
}

/* linkat the open unnamed file as name: AT_EMPTY_PATH where the kernel
 * allows it to the file's opener, else through /proc/self/fd. */
static int link_tmpfile(int fd, int dirfd, const char *name)
{
    char path[40];
    int err = 0;

    if (linkat(fd, "", dirfd, name, AT_EMPTY_PATH) == 0)
        goto out;
    err = errno;
    if (err != ENOENT && err != EPERM)
        goto out;
    snprintf(path, sizeof(path), proc_fd_dir >= 0 ? "%d" : "/proc/self/fd/%d", fd);
    err = linkat(proc_fd_dir >= 0 ? proc_fd_dir : AT_FDCWD, path, dirfd, name,
                 AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
out:
    return err;
}

int up_store_commit(struct up_store *s, int dirfd, const char *name,
                    const struct al_header *h)
{
    struct timespec ts[2] = {
        { .tv_sec = h->atime, .tv_nsec = h->atime_nsec },
        { .tv_sec = h->mtime, .tv_nsec = h->mtime_nsec },
    };
    int err = 0;

    s->op = "fchmod";
    if (fchmod(s->fd, AL_STORE_MODE) != 0) {
        err = errno;
        goto out;
    }
    s->op = "futimens";
    if (futimens(s->fd, ts) != 0) {
        err = errno;
        goto out;
    }
    s->op = "linkat";
    err = link_tmpfile(s->fd, dirfd, name);
out:
    up_store_abort(s);
    return err;
}

void up_store_abort(struct up_store *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}
