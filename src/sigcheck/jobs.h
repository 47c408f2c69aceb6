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
 * Work is handed out dynamically (a shared counter) so one large package
 * does not leave the other core idle; results go to a shared array the
 * parent prints in argument order once every worker has exited.
 */
#ifndef AIRLOCK_SIGCHECK_JOBS_H
#define AIRLOCK_SIGCHECK_JOBS_H

#include <stddef.h>
#include "keyring.h"
#include "rollback.h"
#include "sandbox.h"
#include "filesum.h"
#include "verdict.h"

/* What every worker checks against, set up before the fork. */
struct sc_jobctx {
    struct sc_keyring *kr;
    const struct sc_refs *refs;   /* rollback check (rollback.h), or NULL */
    int out_dirfd;                /* --output-dir, or -1 */
    const struct sc_seal *seal;   /* each worker's limits and filter */
};

/* Check PATHS[0..N-1] with up to JOBS worker processes (1 <= JOBS),
 * each sealed by c->seal first (sandbox.h), writing the verdict on
 * PATHS[i] to OUT[i] and, when SUMS is not NULL, its whole-file checksum
 * to SUMS[i] (verify.h); with c->out_dirfd >= 0 the canonical copy of each
 * passing file goes there under its base name (sc_verify_fd_refs). A file
 * whose worker died or could not seal itself is SC_INTERNAL. Returns 0,
 * or -1 if no worker could be started. */
int sc_run_jobs(char *const *paths, size_t n, int jobs, const struct sc_jobctx *c,
                struct sc_verdict *out, struct sc_filesum *sums);

#endif
