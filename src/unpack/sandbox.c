/* sandbox.c -- the seccomp allow-list of airlock-unpack (sandbox.h). */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "store.h"

/* What the receive loop, the fd transport, malloc/free of the read buffer
 * and the exit path need. */
static const int base_calls[] = {
    SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(close),
    SCMP_SYS(fchmod), SCMP_SYS(utimensat),
    SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(brk), SCMP_SYS(mremap),
    SCMP_SYS(rt_sigreturn), SCMP_SYS(exit), SCMP_SYS(exit_group),
};

/* The libxenvchan transport: event channel and grant mappings. */
static const int vchan_calls[] = {
    SCMP_SYS(ioctl), SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(select),
    SCMP_SYS(pselect6), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
};

static int allow_all(scmp_filter_ctx ctx, const int *calls, size_t n)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < n && rc == 0; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, calls[i], 0);
    return rc;
}

/* openat(dirfd, ..., O_WRONLY|O_TMPFILE|O_CLOEXEC, ...) and nothing else. */
static int allow_tmpfile(scmp_filter_ctx ctx, int dirfd)
{
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 2,
                            SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)dirfd),
                            SCMP_A2(SCMP_CMP_EQ, AL_STORE_OPEN_FLAGS));
}

/* openat2 relative to DIR with the struct open_how of store.c's name
 * check. Its flags and RESOLVE_ bits sit behind a pointer seccomp cannot
 * read: an absolute path or O_CREAT is stopped by the mount namespace
 * (DIR is "/") and Landlock (nothing but files in DIR), not here. */
static int allow_name_check(scmp_filter_ctx ctx, int dirfd)
{
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat2), 2,
                            SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)dirfd),
                            SCMP_A3(SCMP_CMP_EQ, (scmp_datum_t)sizeof(struct open_how), 0));
}

/* linkat into DIR only, in the two forms of store.c's link_tmpfile:
 * (fd, "", DIR, name, AT_EMPTY_PATH) and (proc_fd, "N", DIR, name,
 * AT_SYMLINK_FOLLOW). What fd or N name is checked by the kernel's
 * confinement: only files beneath DIR are reachable. */
static int allow_link(scmp_filter_ctx ctx, int dirfd, int proc_fd)
{
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(linkat), 2,
                              SCMP_A2(SCMP_CMP_EQ, (scmp_datum_t)dirfd),
                              SCMP_A4(SCMP_CMP_EQ, AT_EMPTY_PATH));

    if (rc == 0 && proc_fd >= 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(linkat), 3,
                              SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)proc_fd),
                              SCMP_A2(SCMP_CMP_EQ, (scmp_datum_t)dirfd),
                              SCMP_A4(SCMP_CMP_EQ, AT_SYMLINK_FOLLOW));
    return rc;
}

int up_sandbox(int dirfd, int proc_fd, int vchan, char *err, size_t errlen)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    int rc = -ENOMEM;

    if (ctx == NULL)
        goto out;
    rc = allow_all(ctx, base_calls, sizeof(base_calls) / sizeof(base_calls[0]));
    if (rc == 0 && vchan)
        rc = allow_all(ctx, vchan_calls, sizeof(vchan_calls) / sizeof(vchan_calls[0]));
    if (rc == 0)
        rc = allow_tmpfile(ctx, dirfd);
    if (rc == 0)
        rc = allow_name_check(ctx, dirfd);
    if (rc == 0)
        rc = allow_link(ctx, dirfd, proc_fd);
    if (rc == 0)
        rc = seccomp_load(ctx);
out:
    if (rc != 0)
        snprintf(err, errlen, "seccomp: %s", strerror(-rc));
    seccomp_release(ctx);
    return rc == 0 ? 0 : -1;
}
