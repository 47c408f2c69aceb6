/* airlock-sigcheck: one forked worker per file, each with a private
 * result slot and a private copy (jobs.h). */
#include "jobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "copy.h"
#include "open.h"
#include "sandbox.h"
#include "verify.h"

#define SC_LOST (-1)               /* waitpid lost the worker: a status no exit gives */

static const char *base_name(const char *path)
{
    const char *base = strrchr(path, '/');

    return base != NULL ? base + 1 : path;
}

void sc_check_file(const struct sc_pool *p, const struct sc_child *self)
{
    int fd = sc_open_package(p->paths[self->i], &self->slot->v);

    if (fd >= 0) {
        sc_verify_fd_refs(fd, p->c->kr, p->c->refs, &self->slot->v,
                          p->sums != NULL ? &self->slot->sum : NULL, self->copy_fd);
        close(fd);
    }
}

/* In the new worker K: drop what belongs to the other workers (their
 * slots and copies), the output directory, stdout and the report fd (the
 * parent's verdict channels), then seal itself to its one file. */
static void isolate(const struct sc_pool *p, const struct sc_child *k)
{
    char err[256];

    for (int j = 0; j < p->nrun; j++) {
        munmap(p->run[j].slot, sizeof(struct sc_slot));
        if (p->run[j].copy_fd >= 0)
            close(p->run[j].copy_fd);
    }
    if (p->c->out_dirfd >= 0)
        close(p->c->out_dirfd);
    if (p->c->report_fd >= 0)
        close(p->c->report_fd);
    close(STDOUT_FILENO);
    if (sc_seal_worker(p->c->seal, p->paths[k->i], k->copy_fd, err, sizeof(err)) != 0) {
        fprintf(stderr, "airlock-sigcheck: %s\n", err);
        _exit(1);
    }
}

static void release(struct sc_child *k)
{
    if (k->slot != MAP_FAILED)
        munmap(k->slot, sizeof(*k->slot));
    if (k->copy_fd >= 0)
        close(k->copy_fd);
}

/* Fork K's worker, isolated; 0 in the worker, as fork() answers. */
static pid_t fork_isolated(struct sc_pool *p, struct sc_child *k)
{
    fflush(NULL);
    k->pid = fork();
    if (k->pid == 0)
        isolate(p, k);
    else if (k->pid < 0)
        sc_verdict_set(&p->out[k->i], SC_INTERNAL, "cannot start a verifier: %s",
                       strerror(errno));
    return k->pid;
}

pid_t sc_pool_fork(struct sc_pool *p, const struct sc_child **self)
{
    struct sc_child *k = &p->run[p->nrun];
    size_t i = p->next++;

    *k = (struct sc_child){ .pid = -1, .i = i, .copy_fd = -1 };
    *self = k;
    k->slot = mmap(NULL, sizeof(*k->slot), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    if (k->slot == MAP_FAILED) {
        sc_verdict_set(&p->out[i], SC_INTERNAL, "result slot: %s", strerror(errno));
        return -1;
    }
    if (p->c->out_dirfd >= 0 && (k->copy_fd = sc_copy_open(p->c->out_dirfd)) < 0)
        sc_verdict_set(&p->out[i], SC_WRITE_ERROR, "cannot create the copy: %s", strerror(errno));
    if ((k->copy_fd >= 0 || p->c->out_dirfd < 0) && fork_isolated(p, k) == 0)
        return 0;
    if (k->pid > 0)
        p->nrun++;
    else
        release(k);
    return k->pid;
}

/* Start the worker of file p->next; in the worker, check its file. */
static void start_next(struct sc_pool *p)
{
    const struct sc_child *k;

    if (sc_pool_fork(p, &k) != 0)
        return;
    (p->c->check != NULL ? p->c->check : sc_check_file)(p, k);
    __atomic_store_n(&k->slot->state, SC_SLOT_DONE, __ATOMIC_SEQ_CST);
    _exit(0);
}

/* A string field of a slot: NUL-terminated, and either empty or exactly
 * LEN lowercase hex digits (fingerprints and digests). */
static int hex_or_empty(const char *s, size_t cap, size_t len)
{
    const char *end = memchr(s, '\0', cap);

    if (end == NULL || s == end)
        return end != NULL;
    return (size_t)(end - s) == len && strspn(s, "0123456789abcdef") == len;
}

/* Whether a finished slot holds a verdict the parent may print. */
static int well_formed(const struct sc_slot *s)
{
    return s->state == SC_SLOT_DONE && (unsigned)s->v.code < SC_CODE_COUNT &&
           memchr(s->v.detail, '\0', sizeof(s->v.detail)) != NULL &&
           hex_or_empty(s->v.signer, sizeof(s->v.signer), 40) &&
           hex_or_empty(s->sum.sha256, sizeof(s->sum.sha256), SC_SHA256_HEX) &&
           hex_or_empty(s->sum.cache_key, sizeof(s->sum.cache_key), SC_SHA256_HEX);
}

/* Worker K exited with STATUS: take its verdict, and name its copy if it
 * is OK. Anything but a clean exit with a well-formed slot fails K's file. */
static void finish(struct sc_pool *p, struct sc_child *k, int status)
{
    const char *name = base_name(p->paths[k->i]);
    struct sc_verdict *v = &p->out[k->i];
    struct sc_slot s = *k->slot;   /* one read: the worker is gone */

    if (status == SC_LOST || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        s.state != SC_SLOT_DONE)
        sc_verdict_set(v, SC_INTERNAL, "verifier process died on this file");
    else if (!well_formed(&s))
        sc_verdict_set(v, SC_INTERNAL, "verifier process returned a malformed verdict");
    else
        *v = s.v;
    if (p->sums != NULL && v->code == SC_OK)
        p->sums[k->i] = s.sum;
    if (v->code == SC_OK && k->copy_fd >= 0 && sc_copy_link(k->copy_fd, p->c->out_dirfd, name) != 0)
        sc_verdict_set(v, SC_WRITE_ERROR, "%s: %s", name, strerror(errno));
    if (p->sums != NULL && v->code != SC_OK)
        p->sums[k->i].sha256[0] = '\0';
    release(k);
    *k = p->run[--p->nrun];
}

/* Wait for one worker and finish it. */
static void reap(struct sc_pool *p)
{
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);

    if (pid < 0 && errno == EINTR)
        return;
    for (int j = 0; j < p->nrun; j++)
        if (pid < 0 || p->run[j].pid == pid) {
            finish(p, &p->run[j], pid < 0 ? SC_LOST : status);
            return;
        }
}

int sc_run_jobs(char *const *paths, size_t n, int jobs, const struct sc_jobctx *c,
                struct sc_verdict *out, struct sc_filesum *sums)
{
    struct sc_pool p = { .paths = paths, .n = n, .jobs = jobs, .c = c, .out = out,
                         .sums = sums };

    p.run = calloc((size_t)jobs, sizeof(*p.run));
    if (p.run == NULL)
        return -1;
    while (p.next < n || p.nrun > 0) {
        if (p.next < n && p.nrun < jobs)
            start_next(&p);
        else
            reap(&p);
    }
    free(p.run);
    return 0;
}
