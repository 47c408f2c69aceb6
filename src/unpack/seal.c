/* seal.c -- airlock-unpack's confinement, step by step (seal.h). */
#include "seal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "confine.h"
#include "harden.h"
#include "options.h"
#include "receive.h"
#include "sandbox.h"
#include "store.h"

/* min(4 GiB, 90% of the free space of DIR's filesystem). */
static int default_max_bytes(int dirfd, uint64_t *max)
{
    struct statvfs vfs;
    uint64_t freeb;
    int rc = -1;

    if (fstatvfs(dirfd, &vfs) != 0)
        goto out;
    freeb = (uint64_t)vfs.f_bavail;
    if (vfs.f_frsize > 0 && freeb > UINT64_MAX / vfs.f_frsize)
        freeb = UINT64_MAX;
    else
        freeb *= vfs.f_frsize;
    freeb = freeb / 10u * 9u;
    *max = freeb < AL_DEFAULT_MAX_BYTES ? freeb : AL_DEFAULT_MAX_BYTES;
    rc = 0;
out:
    return rc;
}

/* The user, the mount namespace (DIR as "/"), then DIR opened as the user. */
static int enter(struct up_seal *s, int *mounts, char *err, size_t errlen)
{
    struct os_mounts m = { .new_root = s->dir };
    struct up_user u;
    int rc = -1;

    if (up_find_user(s->user, &u, err, errlen) != 0)
        goto out;
    s->proc_fd = open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
    *mounts = os_confine_mounts(&m, err, errlen);
    if (*mounts == OS_CONFINE_FAILED || up_switch_user(&u, err, errlen) != 0)
        goto out;
    s->dirfd = open(*mounts == OS_CONFINE_ACTIVE ? "/" : s->dir,
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->dirfd < 0) {
        snprintf(err, errlen, "%s: %s", s->dir, strerror(errno));
        goto out;
    }
    if (!s->have_max_bytes && default_max_bytes(s->dirfd, &s->max_bytes) != 0) {
        snprintf(err, errlen, "%s: statvfs: %s", s->dir, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    return rc;
}

int up_seal(struct up_seal *s, char *err, size_t errlen)
{
    struct os_landlock l = { .create_dirfd = -1 };
    int mounts = OS_CONFINE_UNAVAILABLE, landlock, abi = 0, rc = -1;

    s->dirfd = -1;
    s->proc_fd = -1;
    if (enter(s, &mounts, err, errlen) != 0 ||
        up_limit_process(s->max_bytes, err, errlen) != 0)
        goto out;
    l.create_dirfd = s->dirfd;
    landlock = os_confine_landlock(&l, &abi, err, errlen);
    if (landlock == OS_CONFINE_FAILED)
        goto out;
    if (os_confine_report("airlock-unpack", "DIR is /", mounts, landlock, abi, err,
                          errlen) != 0)
        goto out;
    up_store_set_proc_fd(s->proc_fd);
    if (up_sandbox(s->dirfd, s->proc_fd, s->vchan, err, errlen) != 0)
        goto out;
    rc = 0;
out:
    return rc;
}
