/* sandbox.c -- the seccomp allow-list of airlock-unpack (sandbox.h). */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "store.h"

/* What the receive loop, the fd transport, malloc/free of the read buffer
 * and the exit path need. */
static const int base_calls[] = {
    SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(close), SCMP_SYS(openat2),
    SCMP_SYS(fchmod), SCMP_SYS(utimensat), SCMP_SYS(linkat),
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

int up_sandbox(int dirfd, int vchan, char *err, size_t errlen)
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
        rc = seccomp_load(ctx);
out:
    if (rc != 0)
        snprintf(err, errlen, "seccomp: %s", strerror(-rc));
    seccomp_release(ctx);
    return rc == 0 ? 0 : -1;
}
