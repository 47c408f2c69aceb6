/* jobs.c -- compromised airlock-sigcheck workers against the parent's
 * judgement (src/sigcheck/jobs.c).
 *
 *   airlock-probe-jobs OUTDIR KEYRING USER|- FILE...
 *
 * Runs the shipped sc_set_up and sc_run_jobs (--jobs 2, --output-dir
 * OUTDIR) over FILE..., with the worker of each file doing what its base
 * name says, after the real check of its file (so every copy is complete):
 *   forger.rpm   writes "FORGED" on every descriptor but its own copy and
 *                stderr, and into the other workers' slots; any success
 *                turns its own verdict into internal "attack worked";
 *   die-ok.rpm   marks its slot done and OK, then exits with status 1;
 *   crash-ok.rpm marks its slot done and OK, then dies of SIGSEGV;
 *   garbage.rpm  reports OK with a detail that has no NUL;
 *   badcode.rpm  reports code 999;
 *   newline.rpm  reports OK with a signer holding a newline and a forged line;
 *   anything else: the real check only.
 * Prints one line per FILE, "CODE NAME: DETAIL" (CODE as sc_code_name),
 * from the unconfined parent; the suite checks them and OUTDIR.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobs.h"
#include "open.h"
#include "sandbox.h"
#include "verdict.h"

#define FD_SCAN 64

static const char *base(const char *path)
{
    const char *b = strrchr(path, '/');

    return b != NULL ? b + 1 : path;
}

/* Every attack of a forger; the number that worked. */
static int forge(const struct sc_pool *p, const struct sc_child *self)
{
    struct sc_verdict v;
    int worked = 0, fd = sc_open_package(p->paths[self->i], &v);

    for (int j = 0; j < p->nrun; j++)
        worked += fd >= 0 && read(fd, p->run[j].slot, sizeof(struct sc_slot)) >= 0;
    for (int k = 0; k < FD_SCAN; k++)
        if (k != STDERR_FILENO && k != self->copy_fd && k != fd)
            worked += write(k, "FORGED", 6) == 6;
    if (fd >= 0)
        close(fd);
    return worked;
}

static void mark_done_ok(struct sc_slot *s)
{
    sc_verdict_set(&s->v, SC_OK, NULL);
    memset(s->v.signer, 'a', 40);
    s->v.signer[40] = '\0';
    __atomic_store_n(&s->state, SC_SLOT_DONE, __ATOMIC_SEQ_CST);
}

static void evil(const struct sc_pool *p, const struct sc_child *self)
{
    const char *name = base(p->paths[self->i]);
    struct sc_slot *s = self->slot;
    int worked;

    sc_check_file(p, self);
    if (strcmp(name, "forger.rpm") == 0 && (worked = forge(p, self)) > 0)
        sc_verdict_set(&s->v, SC_INTERNAL, "attack worked (%d)", worked);
    if (strcmp(name, "die-ok.rpm") == 0 || strcmp(name, "crash-ok.rpm") == 0)
        mark_done_ok(s);
    if (strcmp(name, "die-ok.rpm") == 0)
        _exit(1);
    if (strcmp(name, "crash-ok.rpm") == 0)
        *(volatile int *)NULL = 0;
    if (strcmp(name, "garbage.rpm") == 0)
        memset(s->v.detail, 'A', sizeof(s->v.detail));
    if (strcmp(name, "badcode.rpm") == 0)
        s->v.code = (enum sc_code)999;
    if (strcmp(name, "newline.rpm") == 0)
        snprintf(s->v.signer, sizeof(s->v.signer), "%s", "aa\nOK /x/good1.rpm\n");
}

/* The confined part, in a child: set-up, then the workers. */
static int run(char **files, size_t n, const char *dir, const char *keyring, const char *user,
               struct sc_verdict *out)
{
    struct sc_setup su = { .user = user, .keyring = keyring, .output_dir = dir };
    struct sc_jobctx ctx;
    char err[512];

    if (sc_set_up(&su, files, n, err, sizeof(err)) != 0) {
        fprintf(stderr, "airlock-probe-jobs: %s\n", err);
        return 2;
    }
    ctx = (struct sc_jobctx){ su.kr, NULL, su.out_dirfd, &su.seal, evil, -1 };
    return sc_run_jobs(files, n, 2, &ctx, out, NULL) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
    size_t n = argc > 4 ? (size_t)(argc - 4) : 0;
    struct sc_verdict *out;
    int status = 0;
    pid_t pid;

    if (n == 0) {
        fprintf(stderr, "usage: airlock-probe-jobs OUTDIR KEYRING USER|- FILE...\n");
        return 2;
    }
    out = mmap(NULL, n * sizeof(*out), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (out == MAP_FAILED)
        return 2;
    fflush(NULL);
    pid = fork();
    if (pid == 0)
        _exit(run(argv + 4, n, argv[1], argv[2], strcmp(argv[3], "-") ? argv[3] : NULL, out));
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
        return 2;
    for (size_t i = 0; i < n; i++)
        printf("%s %s: %s\n", sc_code_name(out[i].code), base(argv[4 + i]), out[i].detail);
    return 0;
}
