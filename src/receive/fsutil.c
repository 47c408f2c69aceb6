/* fsutil.c -- trees removed, files moved, directories opened, all
 * relative to directory descriptors and never through a symbolic link. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "sup.h"

int dir_open_at(int dirfd, const char *name)
{
    return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* A listing of dirfd from its start (a new open file description: no
 * offset shared with dirfd), or NULL. */
DIR *dir_list(int dirfd)
{
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);

    if (d == NULL && fd >= 0)
        close(fd);
    return d;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D)
        return rmdir(path) != 0 && errno != ENOENT ? -1 : 0;
    return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* Removes dirfd/name, a file, link or whole tree (links not followed). */
int remove_tree_at(int dirfd, const char *name)
{
    char path[PATH_MAX];
    struct stat st;

    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(dirfd, name, 0);
    snprintf(path, sizeof path, "/proc/self/fd/%d/%s", dirfd, name);
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* Copies the regular file fromfd/name to tofd/to_name (new, 0644). */
static int copy_at(int fromfd, const char *name, int tofd, const char *to_name)
{
    char buf[1 << 16];
    int in = openat(fromfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int out = -1, rc = -1;
    ssize_t n;

    if (in < 0)
        return -1;
    out = openat(tofd, to_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out < 0)
        goto out;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (os_write_all(out, (const uint8_t *)buf, (size_t)n) != 0)
            goto out;
    rc = n == 0 ? 0 : -1;
out:
    if (out >= 0 && close(out) != 0)
        rc = -1;
    if (rc != 0 && out >= 0) {
        int e = errno;
        unlinkat(tofd, to_name, 0);
        errno = e;
    }
    close(in);
    return rc;
}

/* Renames fromfd/name to tofd/to_name; across filesystems, a copy
 * (which can fail with ENOSPC) and the original's removal. */
int move_at(int fromfd, const char *name, int tofd, const char *to_name)
{
    if (renameat2(fromfd, name, tofd, to_name, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EXDEV || copy_at(fromfd, name, tofd, to_name) != 0)
        return -1;
    return unlinkat(fromfd, name, 0);
}

void remove_run(struct run *r)
{
    char *slash = strrchr(r->dir, '/');
    int parent;

    if (r->dir[0] == '\0' || slash == NULL)
        return;
    *slash = '\0';
    parent = open(r->dir[0] ? r->dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *slash = '/';
    if (parent < 0 || remove_tree_at(parent, slash + 1) != 0)
        say(4, "cannot remove %s: %s", r->dir, strerror(errno));
    if (parent >= 0)
        close(parent);
}
