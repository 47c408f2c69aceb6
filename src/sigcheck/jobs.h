/*
 * airlock-sigcheck: check many files with forked worker processes.
 *
 * Why processes and not threads: librpm 4.18 (which still imports the
 * verified header) is not thread-safe: its log state and macro context
 * are process globals and its reference counts are not atomic; a worker
 * also settles keys of the keyring as it meets them (keyring.h), which is
 * then its own copy to change. A forked worker gets its own copy of all of it,
 * already set up (keyring loaded once, before the fork), and costs about
 * a millisecond. Workers also isolate the parent from librpm: a worker
 * that crashes on hostile input takes down only itself, and the parent
 * reports the file it was checking as failed.
 *
 *
 * One worker per file, at most JOBS at once: a worker compromised by the
 * file it reads (a librpm bug, say) can then forge that file's verdict and
 * copy and nothing else. Before each fork the parent maps a fresh shared
 * slot for that worker's verdict alone and, with --output-dir, opens the
 * unnamed file (O_TMPFILE) its copy goes into. The new worker unmaps the
 * slots and closes the copies of every other running worker, closes the
 * output directory and stdout, and seals itself (sandbox.h: it can create
 * no file anywhere) before reading its file. The parent reads the slot once
 * the worker has exited: only a clean exit (status 0) with a slot marked
 * done and well formed (known code, NUL-terminated texts, hex fingerprint
 * and digests) counts; anything else fails the file as "verifier process
 * died on this file" (or "returned a malformed verdict"). Only then, and
 * only for OK, does the parent give the copy its name (copy.h). Results
 * are printed in argument order once every file is done.
 */
#ifndef AIRLOCK_SIGCHECK_JOBS_H
#define AIRLOCK_SIGCHECK_JOBS_H

#include <stddef.h>
#include <sys/types.h>
#include "keyring.h"
#include "rollback.h"
#include "sandbox.h"
#include "filesum.h"
#include "verdict.h"

struct sc_pool;
struct sc_child;

/* What a worker runs on its file, isolated and sealed: fills self->slot
 * (v, and sum when p->sums is not NULL) and writes the copy into
 * self->copy_fd. */
typedef void sc_check_fn(const struct sc_pool *p, const struct sc_child *self);

/* What every worker checks against, set up before the fork. */
struct sc_jobctx {
    struct sc_keyring *kr;
    const struct sc_refs *refs;   /* rollback check (rollback.h), or NULL */
    int out_dirfd;                /* --output-dir, or -1 */
    const struct sc_seal *seal;   /* each worker's limits and filter */
    sc_check_fn *check;           /* NULL: sc_check_file; the probes put a
                                   * compromised worker here (tests/probe/) */
    int report_fd;                /* --report-fd, or -1: the parent's record
                                   * channel, closed in every worker */
};

/* What one worker hands back. Only that worker has it mapped besides the
 * parent, which reads it once the worker has exited. */
struct sc_slot {
    unsigned state;               /* SC_SLOT_DONE once the worker is done */
    struct sc_verdict v;
    struct sc_filesum sum;
};
#define SC_SLOT_DONE 0x5c0d0e11u

/* A running worker, as the parent knows it. */
struct sc_child {
    pid_t pid;
    size_t i;                     /* index of its file */
    struct sc_slot *slot;         /* its private mapping */
    int copy_fd;                  /* its unnamed copy, or -1 */
};

/* The parent's state; a worker's copy of it is what a compromised worker
 * knows of the others (their slots are unmapped, their copies closed). */
struct sc_pool {
    char *const *paths;
    size_t n, next;               /* next: the next file to start */
    int jobs, nrun;
    const struct sc_jobctx *c;
    struct sc_child *run;         /* [jobs], the first nrun running */
    struct sc_verdict *out;
    struct sc_filesum *sums;
};

/* Start the worker of file p->next (p->nrun < p->jobs): map its slot,
 * open its copy (with --output-dir), fork. In the new worker this answers
 * 0 with *SELF its entry, once the worker has dropped the other workers'
 * slots and copies, the output directory and stdout and is sealed (it
 * exits 1 if it cannot be). In the parent it answers the pid (the worker
 * is p->run[p->nrun - 1]), or -1 if the file could not start (its verdict
 * in p->out says why). */
pid_t sc_pool_fork(struct sc_pool *p, const struct sc_child **self);

/* The real check of a worker: open its file (open.h), verify it
 * (sc_verify_fd_refs) with the copy into self->copy_fd. */
void sc_check_file(const struct sc_pool *p, const struct sc_child *self);

/* Check PATHS[0..N-1], one worker process per file, up to JOBS at once
 * (1 <= JOBS), each sealed by c->seal first (sandbox.h), writing the
 * verdict on PATHS[i] to OUT[i] and, when SUMS is not NULL, its whole-file
 * checksum to SUMS[i] (verify.h); with c->out_dirfd >= 0 the canonical
 * copy of each passing file is linked there under its base name by the
 * parent (an existing name: SC_WRITE_ERROR). A file whose worker did not
 * start, died, could not seal itself or handed back a malformed slot is
 * SC_INTERNAL. Returns 0, or -1 if out of memory. */
int sc_run_jobs(char *const *paths, size_t n, int jobs, const struct sc_jobctx *c,
                struct sc_verdict *out, struct sc_filesum *sums);

#endif
