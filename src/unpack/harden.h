/* harden.h -- process hardening of airlock-unpack before the first byte
 * of the stream is read: user, privileges, core dumps, resource limits.
 * The syscall filter is sandbox.h. */
#ifndef AIRLOCK_UNPACK_HARDEN_H
#define AIRLOCK_UNPACK_HARDEN_H

#include <stddef.h>
#include <stdint.h>

/* As root: switch every uid/gid to user's and drop supplementary groups,
 * checked afterwards; refuse root without a user. As another user: user
 * must be NULL or that user. Answers 0, or -1 with a reason in err. */
int up_drop_user(const char *user, char *err, size_t errlen);

/* PR_SET_NO_NEW_PRIVS, not dumpable, no core dumps, RLIMIT_FSIZE at
 * max_bytes (SIGXFSZ ignored, so an oversize write fails with EFBIG).
 * Answers 0, or -1 with a reason in err. */
int up_limit_process(uint64_t max_bytes, char *err, size_t errlen);

#endif
