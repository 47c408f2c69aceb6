/* harden.h -- process hardening of airlock-unpack before the first byte
 * of the stream is read: user, privileges, core dumps, resource limits.
 * The syscall filter is sandbox.h. */
#ifndef AIRLOCK_UNPACK_HARDEN_H
#define AIRLOCK_UNPACK_HARDEN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The user to run as, looked up before the filesystem is confined. */
struct up_user {
    uid_t uid;
    gid_t gid;
    int do_switch;        /* 1: started as root, switch to uid/gid */
    char name[64];
};

/* Look up user. As root: user is required and may not be root. As
 * another user: user must be NULL or that user (nothing to switch).
 * Answers 0, or -1 with a reason in err. */
int up_find_user(const char *user, struct up_user *u, char *err, size_t errlen);

/* As root: switch every uid/gid to u's and drop supplementary groups,
 * checked afterwards (root cannot be regained). Answers 0, or -1 with a
 * reason in err. */
int up_switch_user(const struct up_user *u, char *err, size_t errlen);

/* Descriptors the receive loop may hold: fd 0-2, DIR, /proc/self/fd, the
 * file being received, the name check and the vchan's. */
#define UP_MAX_FDS 64
/* Address space: the program and its libraries (4 MiB mapped before the
 * first read, measured), the 1 MiB receive buffer and the vchan rings,
 * with a wide margin. */
#define UP_MAX_AS (256u << 20)

/* PR_SET_NO_NEW_PRIVS, not dumpable, no core dumps, no new processes
 * (RLIMIT_NPROC 0), descriptors below UP_MAX_FDS, address space at
 * UP_MAX_AS, RLIMIT_FSIZE at
 * max_bytes (SIGXFSZ ignored, so an oversize write fails with EFBIG).
 * Answers 0, or -1 with a reason in err. */
int up_limit_process(uint64_t max_bytes, char *err, size_t errlen);

#endif
