/* probe.h -- the probe suite's runner (tests/probe/).
 *
 * Each attempt is what an attacker with code execution inside a stage
 * would try. It runs in a child process of its own that first applies
 * exactly the stage's confinement (the shipped objects' own function:
 * up_seal, sc_set_up + sc_seal_worker, cr_confine), then makes the attempt. The
 * parent, unconfined, reports one line per attempt:
 *   ok - STAGE: NAME: killed by seccomp (SIGSYS) | denied (ERRNO)
 *   not ok - STAGE: NAME: REASON
 * An attempt that worked, a confinement that could not be applied, any
 * other death, or a trace left on disk (a path that must not exist
 * afterwards, or must still exist) is "not ok". A legitimate action
 * (expect_ok) must work under the same confinement.
 */
#ifndef AIRLOCK_PROBE_H
#define AIRLOCK_PROBE_H

#include <stddef.h>

struct pr_ctx {
    const char *dir;      /* the directory the stage may create files in  */
    const char *outside;  /* a directory of the stage user, outside it    */
    int dirfd;            /* dir, as the sealed stage holds it            */
    int proc_fd;          /* /proc/self/fd held by the stage, or -1       */
    int outside_fd;       /* outside/owned, open read-write before sealing */
    unsigned long as_limit; /* RLIMIT_AS in force, 0 if none              */
    void *stage;          /* what the stage's own attempts need           */
};

/* An attempt: 0 if it worked, else the errno value of its failure. */
typedef int pr_try_fn(struct pr_ctx *c);
/* The stage's confinement: 0, or -1 after printing the reason. */
typedef int pr_seal_fn(struct pr_ctx *c);

struct pr_attempt {
    const char *name;
    pr_try_fn *try_it;
    const char *gone;     /* a path that must not exist afterwards: "O/x"
                           * under outside, "D/x" under dir, or absolute */
    const char *kept;     /* a path that must still exist afterwards      */
    int expect_ok;        /* a legitimate action: must work               */
};

/* Run each attempt of a[] and then those every stage must be denied
 * (renames and unlinks outside, O_TMPFILE in /dev/shm, sockets, ptrace,
 * execve, fork), labelled "STAGE (MODE)", MODE from $AL_PROBE_MODE or
 * else from the user (root: both layers; another: Landlock alone); answers the number of "not ok" lines. With
 * control set, no confinement is applied (DIR is only opened) and each
 * line starts "# control - " instead: the suite checks that the attempts
 * work then, so that a probe that cannot succeed is caught. */
int pr_run(const char *stage, const struct pr_attempt *a, size_t n, pr_seal_fn *seal,
           struct pr_ctx *c, int control);
/* The same for a[] alone, without the common attempts. */
int pr_run_only(const char *stage, const struct pr_attempt *a, size_t n, pr_seal_fn *seal,
                struct pr_ctx *c, int control);

/* Drop a leading --control from the arguments; answers 1 if it was there,
 * else 0, or -1 (usage on stderr) unless min <= argc <= max. */
int pr_args(int *argc, char ***argv, int min, int max, const char *usage);
/* Open c->outside/owned read-write into c->outside_fd, inherited by each
 * attempt as an outside descriptor (a log file on fd 2 would be one).
 * 0, or -1 after a message on stderr. */
int pr_open_outside(struct pr_ctx *c, const char *prog);

/* Helpers for attempts. */
int pr_errno(long rc);     /* 0 if rc >= 0, else errno (never 0) */
long pr_openat2(int dirfd, const char *path, unsigned long long flags,
                unsigned long long mode);
/* "O/x" -> outside/x, "D/x" -> dir/x, else path itself, into buf. */
const char *pr_path(const struct pr_ctx *c, const char *spec, char *buf, size_t len);
extern char pbuf[4096];
#define P(spec) pr_path(c, spec, pbuf, sizeof(pbuf))

#endif
