/* sigcheck.c -- probes of airlock-sigcheck's confinement (probe.h).
 *
 *   airlock-probe-sigcheck [--control] PACKAGE OTHER OUTDIR KEYRING OUTSIDE [USER]
 *
 * Each child applies sc_set_up (src/sigcheck/sandbox.c: mount namespace,
 * user, librpm, keyring, Landlock; no rollback references) over OTHER and
 * PACKAGE, as airlock-sigcheck --jobs 2 --output-dir OUTDIR --keyring
 * KEYRING OTHER PACKAGE does, then starts the workers of both files with
 * the shipped sc_pool_fork (jobs.c): OTHER's worker checks OTHER; the probe
 * is PACKAGE's worker, forked while OTHER's still holds its result slot
 * and its copy, isolated from them and sealed exactly as a real worker
 * (sc_seal_worker). Then it tries to read or write what a worker may not.
 * The child that started the workers (the parent of airlock-sigcheck)
 * waits for the probe's worker and ends as it ended, so the runner judges
 * the worker.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobs.h"
#include "open.h"
#include "probe.h"
#include "sandbox.h"
#include "verify.h"

#define READ_FLAGS (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

static const char *user, *keyring;
static char *files[2];          /* OTHER, PACKAGE: the batch, in this order */
static struct sc_verdict verdicts[2];

/* What the probe's worker knows: its pool (the parent's state at its
 * fork, as a compromised worker finds it in its memory) and its entry. */
struct sc_stage {
    const struct sc_pool *pool;
    const struct sc_child *self;
};

/* The parent of the workers: end as the probe's worker PID ended. */
static void end_as(pid_t pid)
{
    int status = 0;

    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    while (wait(NULL) > 0)
        ;
    if (WIFSIGNALED(status)) {
        signal(WTERMSIG(status), SIG_DFL);
        raise(WTERMSIG(status));
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : EIO);
}

/* Start OTHER's worker (it checks OTHER and exits), then the probe's. */
static int start_workers(struct pr_ctx *c, struct sc_pool *p)
{
    static struct sc_stage stage;
    const struct sc_child *self;
    pid_t pid = sc_pool_fork(p, &self);

    if (pid == 0) {
        sc_check_file(p, self);
        _exit(0);
    }
    if (pid < 0 || (pid = sc_pool_fork(p, &self)) < 0) {
        dprintf(1, "# sigcheck workers: %s\n", verdicts[p->next - 1].detail);
        return -1;
    }
    if (pid > 0)
        end_as(pid);
    stage = (struct sc_stage){ p, self };
    c->stage = &stage;
    return 0;
}

static int seal(struct pr_ctx *c)
{
    static struct sc_setup su;
    static struct sc_jobctx ctx;
    static struct sc_pool pool;
    static struct sc_child run[2];
    char err[512];

    su = (struct sc_setup){ .user = user, .keyring = keyring, .output_dir = c->dir };
    if (sc_set_up(&su, files, 2, err, sizeof(err)) != 0) {
        dprintf(1, "# sigcheck set-up: %s\n", err);
        return -1;
    }
    ctx = (struct sc_jobctx){ su.kr, NULL, su.out_dirfd, &su.seal, NULL, -1 };
    pool = (struct sc_pool){ .paths = files, .n = 2, .jobs = 2, .c = &ctx, .run = run,
                             .out = verdicts };
    c->dirfd = su.out_dirfd;
    c->as_limit = (unsigned long)su.seal.as_limit;
    return start_workers(c, &pool);
}

static const struct sc_stage *stage_of(const struct pr_ctx *c)
{
    return c->stage;
}

/* What a worker does: check PACKAGE, its copy into its own descriptor,
 * which must then hold the copy, mode 0644 (the parent names it). */
static int t_legit(struct pr_ctx *c)
{
    const struct sc_stage *s = stage_of(c);
    struct stat st;

    if (s == NULL)
        return EINVAL;
    sc_check_file(s->pool, s->self);
    if (s->self->slot->v.code != SC_OK)
        return EPROTO;
    if (fstat(s->self->copy_fd, &st) != 0 || st.st_size == 0 || (st.st_mode & 07777) != 0644)
        return EIO;
    return 0;
}
/* The other worker's result slot: reading the package into it (no signal
 * if it is not mapped: EFAULT). */
static int t_other_slot(struct pr_ctx *c)
{
    const struct sc_stage *s = stage_of(c);
    struct sc_verdict v;
    int fd;

    if (s == NULL)
        return EINVAL;
    fd = sc_open_package(files[1], &v);
    if (fd < 0)
        return EACCES;
    return pr_errno(read(fd, s->pool->run[0].slot, 64));
}
static int t_other_copy(struct pr_ctx *c)
{
    const struct sc_stage *s = stage_of(c);

    return s == NULL ? EINVAL : pr_errno(write(s->pool->run[0].copy_fd, "FORGED", 6));
}
static int t_stdout(struct pr_ctx *c) { (void)c; return pr_errno(write(1, "OK forged\n", 10)); }
static int t_read_other(struct pr_ctx *c) { (void)c; return pr_errno(open(files[0], READ_FLAGS)); }
static int t_tmpfile_out(struct pr_ctx *c)
{
    return pr_errno(openat(AT_FDCWD, c->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
}
static int t_create_out(struct pr_ctx *c) { return pr_errno(open(P("D/p-create"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644)); }
static int t_link_own(struct pr_ctx *c)
{
    const struct sc_stage *s = stage_of(c);
    char path[64];

    if (s == NULL)
        return EINVAL;
    snprintf(path, sizeof(path), "/proc/self/fd/%d", s->self->copy_fd);
    return pr_errno(linkat(AT_FDCWD, path, AT_FDCWD, P("D/p-own"), AT_SYMLINK_FOLLOW));
}
static int t_read_passwd(struct pr_ctx *c) { (void)c; return pr_errno(open("/etc/passwd", READ_FLAGS)); }
static int t_read_owned(struct pr_ctx *c) { return pr_errno(open(P("O/owned"), READ_FLAGS)); }
static int t_read_proc(struct pr_ctx *c)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", c->outside_fd);
    return pr_errno(open(path, O_RDONLY));
}
static int t_write_owned(struct pr_ctx *c) { return pr_errno(open(P("O/owned"), O_WRONLY)); }
static int t_create(struct pr_ctx *c) { return pr_errno(open(P("O/p-open"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat2(struct pr_ctx *c) { return pr_errno(pr_openat2(AT_FDCWD, P("O/p-openat2"), O_WRONLY | O_CREAT, 0644)); }
static int t_shm(struct pr_ctx *c) { (void)c; return pr_errno(open("/dev/shm/airlock-probe-sigcheck", O_WRONLY | O_CREAT, 0644)); }
static int t_vartmp(struct pr_ctx *c) { (void)c; return pr_errno(open("/var/tmp/airlock-probe-sigcheck", O_WRONLY | O_CREAT, 0644)); }
static int t_link_in(struct pr_ctx *c) { return pr_errno(linkat(AT_FDCWD, P("O/owned"), c->dirfd, "p-link", AT_SYMLINK_FOLLOW)); }
static int t_link_procfd(struct pr_ctx *c)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", c->outside_fd);
    return pr_errno(linkat(AT_FDCWD, path, c->dirfd, "p-link-proc", AT_SYMLINK_FOLLOW));
}
static int t_link_out(struct pr_ctx *c) { return pr_errno(linkat(c->dirfd, "legit.rpm", AT_FDCWD, P("O/p-link-out"), 0)); }
static int t_unlink_out(struct pr_ctx *c) { return pr_errno(unlinkat(c->dirfd, "legit.rpm", 0)); }
static int t_memory(struct pr_ctx *c)
{
    return mmap(NULL, c->as_limit, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
           == MAP_FAILED ? errno : 0;
}
static int t_exec_mem(struct pr_ctx *c)
{
    (void)c;
    return mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
           == MAP_FAILED ? errno : 0;
}

static const struct pr_attempt attempts[] = {
    { "check the package and write its copy into its own descriptor", t_legit, NULL, NULL, 1 },
    { "write the other worker's result slot", t_other_slot, NULL, NULL, 0 },
    { "write the other worker's copy", t_other_copy, NULL, NULL, 0 },
    { "add a line to the parent's output (stdout)", t_stdout, NULL, NULL, 0 },
    { "read the other worker's input", t_read_other, NULL, NULL, 0 },
    { "O_TMPFILE in --output-dir", t_tmpfile_out, NULL, NULL, 0 },
    { "open(O_CREAT) in --output-dir", t_create_out, "D/p-create", NULL, 0 },
    { "linkat its own copy into --output-dir", t_link_own, "D/p-own", NULL, 0 },
    { "read /etc/passwd", t_read_passwd, NULL, NULL, 0 },
    { "read a file of the stage user that is no input", t_read_owned, NULL, NULL, 0 },
    { "reopen /proc/self/fd/N of an outside file", t_read_proc, NULL, NULL, 0 },
    { "open an outside file for writing", t_write_owned, NULL, NULL, 0 },
    { "open(O_CREAT) outside --output-dir", t_create, "O/p-open", NULL, 0 },
    { "openat2(O_CREAT) outside --output-dir", t_openat2, "O/p-openat2", NULL, 0 },
    { "create in /dev/shm", t_shm, "/dev/shm/airlock-probe-sigcheck", NULL, 0 },
    { "create in /var/tmp", t_vartmp, "/var/tmp/airlock-probe-sigcheck", NULL, 0 },
    { "linkat an outside file into --output-dir", t_link_in, "D/p-link", NULL, 0 },
    { "linkat /proc/self/fd/N of an outside file into --output-dir", t_link_procfd,
      "D/p-link-proc", NULL, 0 },
    { "linkat a copy to outside", t_link_out, "O/p-link-out", NULL, 0 },
    { "unlink a copy in --output-dir", t_unlink_out, NULL, "D/legit.rpm", 0 },
    { "allocate RLIMIT_AS bytes more", t_memory, NULL, NULL, 0 },
    { "map executable memory", t_exec_mem, NULL, NULL, 0 },
};

int main(int argc, char **argv)
{
    struct pr_ctx c = { .dirfd = -1, .proc_fd = -1 };
    int control = pr_args(&argc, &argv, 6, 7, "airlock-probe-sigcheck [--control] "
                          "PACKAGE OTHER OUTDIR KEYRING OUTSIDE [USER]");
    char kept[4096];
    int fd;

    if (control < 0)
        return 2;
    files[1] = argv[1];
    files[0] = argv[2];
    c.dir = argv[3];
    keyring = argv[4];
    c.outside = argv[5];
    user = argc == 7 ? argv[6] : NULL;
    if (pr_open_outside(&c, "airlock-probe-sigcheck") != 0)
        return 2;
    /* a published copy for the unlink attempt (workers no longer name any) */
    fd = open(pr_path(&c, "D/legit.rpm", kept, sizeof(kept)), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0)
        close(fd);
    pr_run("sigcheck", attempts, sizeof(attempts) / sizeof(attempts[0]), seal, &c, control);
    return 0;
}
