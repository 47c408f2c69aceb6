/* probe.c -- the probe suite's runner (probe.h). */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PR_SEAL_FAILED 250

int pr_errno(long rc)
{
    return rc >= 0 ? 0 : errno != 0 ? errno : EIO;
}

long pr_openat2(int dirfd, const char *path, unsigned long long flags,
                unsigned long long mode)
{
    struct open_how how = { .flags = flags, .mode = mode, .resolve = 0 };

    return syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

char pbuf[4096];

const char *pr_path(const struct pr_ctx *c, const char *spec, char *buf, size_t len)
{
    if (strncmp(spec, "O/", 2) == 0)
        snprintf(buf, len, "%s/%s", c->outside, spec + 2);
    else if (strncmp(spec, "D/", 2) == 0)
        snprintf(buf, len, "%s/%s", c->dir, spec + 2);
    else
        snprintf(buf, len, "%s", spec);
    return buf;
}

/* The control run's "confinement": DIR and /proc/self/fd opened, nothing else. */
static int seal_none(struct pr_ctx *c)
{
    c->dirfd = open(c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    c->proc_fd = open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
    c->as_limit = 1ul << 30;
    return c->dirfd < 0 ? -1 : 0;
}

/* The child: confine, attempt, exit with the attempt's errno (0: it worked). */
static void child(const struct pr_attempt *a, pr_seal_fn *seal, struct pr_ctx *c)
{
    int null = open("/dev/null", O_WRONLY);
    int err;

    if (null >= 0)
        dup2(null, 2);      /* the stage's confinement line, once per child */
    if (seal(c) != 0)
        _exit(PR_SEAL_FAILED);
    err = a->try_it(c);
    _exit(err > 0 && err < PR_SEAL_FAILED ? err : err == 0 ? 0 : EIO);
}

/* What the status says, or NULL when the attempt failed as it must. */
static const char *judge(const struct pr_attempt *a, int status, char *why, size_t len)
{
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS && !a->expect_ok)
        snprintf(why, len, "killed by seccomp (SIGSYS)");
    else if (WIFSIGNALED(status))
        return snprintf(why, len, "died of signal %d", WTERMSIG(status)), why;
    else if (code == PR_SEAL_FAILED)
        return snprintf(why, len, "the confinement could not be applied"), why;
    else if (a->expect_ok && code != 0)
        return snprintf(why, len, "legitimate action failed: %s", strerror(code)), why;
    else if (a->expect_ok)
        snprintf(why, len, "works");
    else if (code == 0)
        return snprintf(why, len, "the attempt WORKED"), why;
    else
        snprintf(why, len, "denied (%s)", strerrorname_np(code));
    return NULL;
}

/* A trace on disk contradicting the verdict, or NULL. */
static const char *traces(const struct pr_attempt *a, const struct pr_ctx *c, char *why,
                          size_t len)
{
    char path[4096];
    struct stat st;

    if (a->gone != NULL && lstat(pr_path(c, a->gone, path, sizeof(path)), &st) == 0)
        return snprintf(why, len, "%s exists afterwards", path), why;
    if (a->kept != NULL && lstat(pr_path(c, a->kept, path, sizeof(path)), &st) != 0)
        return snprintf(why, len, "%s is gone afterwards", path), why;
    return NULL;
}

/* What every stage must be denied, whatever its own rules. */
static int t_shm_tmpfile(struct pr_ctx *c)
{
    (void)c;
    return pr_errno(openat(AT_FDCWD, "/dev/shm", O_WRONLY | O_TMPFILE | O_CLOEXEC, 0600));
}
static int t_rename(struct pr_ctx *c)
{
    char to[4096];
    pr_path(c, "O/p-renamed", to, sizeof(to));
    return pr_errno(renameat(AT_FDCWD, pr_path(c, "O/owned", pbuf, sizeof(pbuf)), AT_FDCWD, to));
}
static int t_unlink(struct pr_ctx *c) { return pr_errno(unlinkat(AT_FDCWD, P("O/owned"), 0)); }
static int t_socket_inet(struct pr_ctx *c) { (void)c; return pr_errno(socket(AF_INET, SOCK_STREAM, 0)); }
static int t_socket_unix(struct pr_ctx *c) { (void)c; return pr_errno(socket(AF_UNIX, SOCK_STREAM, 0)); }
/* PTRACE_SEIZE does not stop the parent, should it work. */
static int t_ptrace(struct pr_ctx *c) { (void)c; return pr_errno(ptrace(PTRACE_SEIZE, getppid(), NULL, NULL)); }
static int t_execve(struct pr_ctx *c)
{
    char *const argv[] = { "true", NULL };
    (void)c;
    return pr_errno(execve("/bin/true", argv, NULL));
}
static int t_fork(struct pr_ctx *c)
{
    pid_t pid = fork();
    (void)c;
    if (pid == 0) {         /* a survivor waiting for the next batch */
        close(0);
        close(1);
        close(2);
        sleep(5);
        _exit(0);
    }
    return pr_errno(pid);
}

static const struct pr_attempt common[] = {
    { "O_TMPFILE in /dev/shm", t_shm_tmpfile, NULL, NULL, 0 },
    { "rename an outside file", t_rename, "O/p-renamed", "O/owned", 0 },
    { "unlink an outside file", t_unlink, NULL, "O/owned", 0 },
    { "socket(AF_INET)", t_socket_inet, NULL, NULL, 0 },
    { "socket(AF_UNIX)", t_socket_unix, NULL, NULL, 0 },
    { "ptrace(PTRACE_SEIZE) the parent", t_ptrace, NULL, NULL, 0 },
    { "execve /bin/true", t_execve, NULL, NULL, 0 },
    { "fork a survivor", t_fork, NULL, NULL, 0 },
};

int pr_args(int *argc, char ***argv, int min, int max, const char *usage)
{
    int control = *argc > 1 && strcmp((*argv)[1], "--control") == 0;

    *argc -= control;
    *argv += control;
    if (*argc < min || *argc > max) {
        fprintf(stderr, "usage: %s\n", usage);
        return -1;
    }
    return control;
}

int pr_open_outside(struct pr_ctx *c, const char *prog)
{
    char owned[4096];

    snprintf(owned, sizeof(owned), "%s/owned", c->outside);
    c->outside_fd = open(owned, O_RDWR);   /* inherited, as a log file on fd 2 would be */
    if (c->outside_fd < 0)
        fprintf(stderr, "%s: %s: %s\n", prog, owned, strerror(errno));
    return c->outside_fd < 0 ? -1 : 0;
}

static int run_table(const char *stage, const struct pr_attempt *a, size_t n,
                     pr_seal_fn *seal, struct pr_ctx *c, int control)
{
    char why[512], trace[4200];
    int failed = 0, status = 0;

    for (size_t i = 0; i < n; i++) {
        pid_t pid;

        fflush(stdout);
        pid = fork();
        if (pid == 0)
            child(&a[i], control ? seal_none : seal, c);
        if (pid < 0 || waitpid(pid, &status, 0) != pid) {
            printf("not ok - %s: %s: cannot run the probe\n", stage, a[i].name);
            failed++;
            continue;
        }
        const char *bad = judge(&a[i], status, why, sizeof(why));
        if (bad == NULL)
            bad = traces(&a[i], c, trace, sizeof(trace));
        printf("%s - %s: %s: %s\n", control ? "# control" : bad ? "not ok" : "ok", stage,
               a[i].name, bad ? bad : why);
        failed += bad != NULL;
    }
    return failed;
}

/* "STAGE (MODE)", MODE as probe.h says. */
static void label_of(const char *stage, char *label, size_t len)
{
    const char *mode = getenv("AL_PROBE_MODE");

    if (mode == NULL)
        mode = geteuid() == 0 ? "as root: mount namespace + Landlock"
                              : "as the stage user: Landlock alone";
    snprintf(label, len, "%s (%s)", stage, mode);
}

int pr_run(const char *stage, const struct pr_attempt *a, size_t n, pr_seal_fn *seal,
           struct pr_ctx *c, int control)
{
    char label[128];

    label_of(stage, label, sizeof(label));
    return run_table(label, a, n, seal, c, control) +
           run_table(label, common, sizeof(common) / sizeof(common[0]), seal, c, control);
}

int pr_run_only(const char *stage, const struct pr_attempt *a, size_t n, pr_seal_fn *seal,
                struct pr_ctx *c, int control)
{
    char label[128];

    label_of(stage, label, sizeof(label));
    return run_table(label, a, n, seal, c, control);
}
