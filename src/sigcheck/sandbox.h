/*
 * airlock-sigcheck: confinement once librpm and the keyring are set up.
 *
 * sc_confine restricts the whole process (parent and the workers it will
 * fork) with Landlock: it may read the FILEs and the keyring directory and
 * create and write regular files only in --output-dir; nothing else. It
 * then says on stderr, in one line, which confinement is in force (the
 * mount namespace of harden.h, Landlock, or both) and refuses to go on
 * with neither.
 *
 * sc_seal_worker is what a forked worker does (jobs.c) once it has dropped
 * the other workers' slots and copies, before it reads a byte of its one
 * package: not dumpable, no core dumps, no new processes (RLIMIT_NPROC
 * 0), few descriptors (RLIMIT_NOFILE), an address space bounded by what
 * the largest accepted header needs (RLIMIT_AS, spec/RPM.md §3.5); a
 * Landlock layer of its own that lets it read its one package and create
 * nothing (the process's layer still lets the parent create its copies in
 * --output-dir); then a seccomp allow-list: reads of the opened package,
 * read-only opens with open.c's flags, writes, fchmod and futimens (no
 * path) on its copy's descriptor only, memory without PROT_EXEC, and
 * the exit path. Anything else (O_TMPFILE or any creating open, linkat,
 * socket, ptrace, execve, fork, renames, unlinks) kills the worker; the
 * parent then fails its file (jobs.h).
 */
#ifndef AIRLOCK_SIGCHECK_SANDBOX_H
#define AIRLOCK_SIGCHECK_SANDBOX_H

#include <stddef.h>
#include <sys/resource.h>

#include "keyring.h"
#include "rollback.h"

/* Address space a worker may add to what it has mapped at the fork: the
 * file's header read in (up to AL_RPM_HDR_MAX, 64 MiB), librpm's import of
 * it (a copy, and its index), hashing and output buffers, with margin. */
#define SC_WORKER_AS_HEADERS 4u
#define SC_WORKER_AS_EXTRA (64u << 20)
/* Descriptors a worker holds: fd 0 and 2, the package, its copy, librpm's. */
#define SC_WORKER_FDS 32

struct sc_seal {
    rlim_t as_limit;    /* RLIMIT_AS of each worker, set by sc_confine */
};

/* What sc_set_up is given and what it sets up. */
struct sc_setup {
    const char *user;          /* --user, or NULL                          */
    const char *keyring;       /* --keyring                                */
    const char *output_dir;    /* --output-dir, or NULL                    */
    const char *published;     /* --published, or NULL                     */
    const char *rpmdb_root;    /* --rpmdb-root, or NULL                    */
    int allow_downgrade;       /* --allow-downgrade: no rollback check     */
    struct sc_keyring *kr;     /* out: the keyring                         */
    struct sc_refs refs;       /* out: the rollback check's references    */
    const struct sc_refs *use; /* out: &refs when they are compared, NULL  */
    int out_dirfd;             /* out: --output-dir, or -1                 */
    struct sc_seal seal;       /* out: for each worker                     */
};

/* The whole set-up of main.c, in order: sc_harden (mount namespace,
 * user), librpm, the rollback check's references (rollback.h), the
 * --output-dir opened as the user, the keyring loaded (warnings on
 * stderr), then sc_confine over FILES[0..N-1]. S's inputs must be set
 * and its refs zeroed (sc_refs_free is safe on them either way). Returns
 * 0, or -1 with a message in err. */
int sc_set_up(struct sc_setup *s, char *const *files, size_t n, char *err, size_t errlen);

/* Landlock over PATHS[0..N-1] (read), KEYRING (read) and OUT_DIRFD
 * (create and write), then the stderr line; MOUNTS is sc_harden's answer.
 * Fills *SEAL for the workers. Returns 0, or -1 with a message in err. */
int sc_confine(char *const *paths, size_t n, const char *keyring, int out_dirfd, int mounts,
               struct sc_seal *seal, char *err, size_t errlen);

/* Limits, Landlock layer (reading PATH only) and seccomp filter of one
 * worker, as above; COPY_FD is its copy (the parent's O_TMPFILE), or -1.
 * Returns 0, or -1 with a message in err. */
int sc_seal_worker(const struct sc_seal *seal, char *path, int copy_fd, char *err,
                   size_t errlen);

#endif
