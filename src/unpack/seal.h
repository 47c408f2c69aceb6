/* seal.h -- every confinement step of airlock-unpack, in order, before
 * the first byte of the stream is read. Shared by main.c and the probe
 * suite (tests/probe/), so that the probes test exactly what ships.
 *
 * As root: look up --user; open /proc/self/fd; enter a private mount
 * namespace with DIR as "/" (confine.h); switch to the user. Then open
 * DIR, settle --max-bytes, set the limits of harden.h, apply Landlock
 * (regular files may be created and written beneath DIR, nothing else
 * anywhere), say on stderr which confinement is in force (refusing to run
 * with none), and install the seccomp filter of sandbox.h.
 */
#ifndef AIRLOCK_UNPACK_SEAL_H
#define AIRLOCK_UNPACK_SEAL_H

#include <stddef.h>
#include <stdint.h>

struct up_seal {
    const char *dir;        /* DIR as given                                  */
    const char *user;       /* --user, or NULL                               */
    int vchan;              /* the vchan transport's calls are allowed       */
    int have_max_bytes;     /* 0: max_bytes is set here from DIR's free space */
    uint64_t max_bytes;
    int dirfd;              /* out: DIR                                      */
    int proc_fd;            /* out: /proc/self/fd, or -1                     */
};

/* Confine the process as above. Answers 0, or -1 with a reason in err
 * (then the process may be half-confined and must exit). */
int up_seal(struct up_seal *s, char *err, size_t errlen);

#endif
