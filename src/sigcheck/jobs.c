/* airlock-sigcheck: forked workers sharing a result array. */
#include "jobs.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "open.h"
#include "sandbox.h"
#include "verify.h"

enum { SC_TODO = 0, SC_CLAIMED = 1, SC_DONE = 2 };

struct sc_slot {
    int state;
    struct sc_verdict v;
    struct sc_filesum sum;
};

struct sc_shared {
    size_t next;              /* next index to claim */
    struct sc_slot slot[];
};

/* Check one path into slot->v (and slot->sum if WANT_SUM) against C;
 * with c->out_dirfd >= 0 its canonical copy goes there under its base name. */
static void check_one(const char *path, const struct sc_jobctx *c, int want_sum,
                      struct sc_slot *slot)
{
    const char *base = strrchr(path, '/');
    int fd = sc_open_package(path, &slot->v);

    if (fd >= 0) {
        sc_verify_fd_refs(fd, c->kr, c->refs, &slot->v, want_sum ? &slot->sum : NULL,
                          c->out_dirfd, base != NULL ? base + 1 : path);
        close(fd);
    }
}

/* A worker: seal itself, claim indices until none is left, then exit. A
 * worker that cannot seal itself claims nothing: its files are failed. */
static void worker(char *const *paths, size_t n, const struct sc_jobctx *c, int want_sum,
                   struct sc_shared *sh)
{
    char err[256];
    size_t i;

    if (sc_seal_worker(c->seal, err, sizeof(err)) != 0) {
        fprintf(stderr, "airlock-sigcheck: %s\n", err);
        _exit(1);
    }
    while ((i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_SEQ_CST)) < n) {
        __atomic_store_n(&sh->slot[i].state, SC_CLAIMED, __ATOMIC_SEQ_CST);
        check_one(paths[i], c, want_sum, &sh->slot[i]);
        __atomic_store_n(&sh->slot[i].state, SC_DONE, __ATOMIC_SEQ_CST);
    }
    _exit(0);
}

/* Copy results out; a slot no worker finished becomes SC_INTERNAL. */
static void collect(const struct sc_shared *sh, size_t n, struct sc_verdict *out,
                    struct sc_filesum *sums)
{
    for (size_t i = 0; i < n; i++) {
        int state = __atomic_load_n(&sh->slot[i].state, __ATOMIC_SEQ_CST);
        if (sums != NULL)
            sums[i] = sh->slot[i].sum;   /* sha256 "" unless computed */
        if (state == SC_DONE)
            out[i] = sh->slot[i].v;
        else
            sc_verdict_set(&out[i], SC_INTERNAL, "%s", state == SC_CLAIMED ?
                           "verifier process died on this file" : "not checked: no verifier left");
    }
}

int sc_run_jobs(char *const *paths, size_t n, int jobs, const struct sc_jobctx *c,
                struct sc_verdict *out, struct sc_filesum *sums)
{
    size_t size = sizeof(struct sc_shared) + n * sizeof(struct sc_slot);
    struct sc_shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE,
                                MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int started = 0, rc = -1;

    if (sh == MAP_FAILED)
        goto out;
    memset(sh, 0, size);
    fflush(NULL);
    for (int w = 0; w < jobs && (size_t)w < n; w++) {
        pid_t pid = fork();
        if (pid == 0)
            worker(paths, n, c, sums != NULL, sh);
        started += pid > 0;
    }
    while (wait(NULL) > 0)
        ;
    if (started > 0) {
        collect(sh, n, out, sums);
        rc = 0;
    }
    munmap(sh, size);
out:
    return rc;
}
