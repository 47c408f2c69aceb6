/* sandbox.h -- the seccomp allow-list of airlock-unpack.
 *
 * Installed after every file descriptor the receive loop needs is open and
 * before the first byte of the stream is read. Anything not listed kills
 * the process (SECCOMP_RET_KILL_PROCESS). openat is allowed only on DIR
 * with exactly the O_TMPFILE flags of store.h; openat2 only relative to
 * DIR (store.c's name check) and linkat only into DIR, in store.c's two
 * forms. Every other call, among them openat2/linkat elsewhere, renameat2,
 * symlinkat, mknodat, socket, ptrace, execve and fork, kills the process.
 * Where a path hides behind a pointer seccomp cannot read, the mount
 * namespace and Landlock (confine.h) keep it beneath DIR.
 */
#ifndef AIRLOCK_UNPACK_SANDBOX_H
#define AIRLOCK_UNPACK_SANDBOX_H

#include <stddef.h>

/* Install the filter. dirfd is DIR's descriptor, proc_fd /proc/self/fd's
 * (or -1; store.h's up_store_set_proc_fd); vchan adds the calls of
 * the libxenvchan transport (event channel ioctl and poll). Answers 0, or
 * -1 with a reason in err. */
int up_sandbox(int dirfd, int proc_fd, int vchan, char *err, size_t errlen);

#endif
