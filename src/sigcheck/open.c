/* airlock-sigcheck: open a regular file, never a link, FIFO or device. */
#include "open.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind(mode_t m)
{
    return S_ISLNK(m) ? "symlink" : S_ISDIR(m) ? "directory" :
           S_ISFIFO(m) ? "FIFO" : S_ISSOCK(m) ? "socket" :
           S_ISCHR(m) ? "character device" : S_ISBLK(m) ? "block device" : "special file";
}

int sc_open_package(const char *path, struct sc_verdict *v)
{
    struct stat before, after;
    int fd = -1;

    if (lstat(path, &before) != 0) {
        sc_verdict_set(v, SC_OPEN_FAILED, "%s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(before.st_mode)) {
        sc_verdict_set(v, SC_NOT_REGULAR, "%s", kind(before.st_mode));
        goto out;
    }
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        sc_verdict_set(v, errno == ELOOP ? SC_NOT_REGULAR : SC_OPEN_FAILED, "%s",
                       errno == ELOOP ? "symlink" : strerror(errno));
        goto out;
    }
    if (fstat(fd, &after) != 0 || !S_ISREG(after.st_mode) ||
        after.st_dev != before.st_dev || after.st_ino != before.st_ino) {
        sc_verdict_set(v, SC_NOT_REGULAR, "changed while being opened");
        goto fail;
    }
    if (fcntl(fd, F_SETFL, O_RDONLY) != 0) {
        sc_verdict_set(v, SC_OPEN_FAILED, "%s", strerror(errno));
        goto fail;
    }
    sc_verdict_set(v, SC_OK, NULL);
    goto out;
fail:
    close(fd);
    fd = -1;
out:
    return fd;
}
