/* sandbox.h -- the seccomp allow-list of airlock-unpack.
 *
 * Installed after every file descriptor the receive loop needs is open and
 * before the first byte of the stream is read. Anything not listed kills
 * the process (SECCOMP_RET_KILL_PROCESS). openat is allowed only on DIR
 * with exactly the O_TMPFILE flags of store.h, so the process cannot open
 * any other file, even inside DIR.
 */
#ifndef AIRLOCK_UNPACK_SANDBOX_H
#define AIRLOCK_UNPACK_SANDBOX_H

#include <stddef.h>

/* Install the filter. dirfd is DIR's descriptor; vchan adds the calls of
 * the libxenvchan transport (event channel ioctl and poll). Answers 0, or
 * -1 with a reason in err. */
int up_sandbox(int dirfd, int vchan, char *err, size_t errlen);

#endif
