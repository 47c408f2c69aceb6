/* airlock-sigcheck: Landlock for the process, limits and seccomp for each
 * worker (sandbox.h). */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "confine.h"
#include "harden.h"
#include "policy.h"
#include "rpm.h"

/* The open flags of open.c. */
#define SC_READ_FLAGS (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

/* Bytes mapped now (/proc/self/statm), read before Landlock hides it. */
static int mapped_now(rlim_t *bytes)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "re");
    int rc = -1;

    if (f != NULL && fscanf(f, "%lu", &pages) == 1) {
        *bytes = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE);
        rc = 0;
    }
    if (f != NULL)
        fclose(f);
    return rc;
}

int sc_confine(char *const *paths, size_t n, const char *keyring, int out_dirfd, int mounts,
               struct sc_seal *seal, char *err, size_t errlen)
{
    const char *dirs[1] = { keyring };
    struct os_landlock l = {
        .create_dirfd = out_dirfd, .read_files = paths, .n_read_files = n,
        .read_dirs = dirs, .n_read_dirs = 1,
    };
    rlim_t base = 0;
    int landlock, abi = 0;

    if (mapped_now(&base) != 0) {
        snprintf(err, errlen, "/proc/self/statm: %s", strerror(errno));
        return -1;
    }
    seal->as_limit = base + (rlim_t)SC_WORKER_AS_HEADERS * AL_RPM_HDR_MAX + SC_WORKER_AS_EXTRA;
    landlock = os_confine_landlock(&l, &abi, err, errlen);
    if (landlock == OS_CONFINE_FAILED)
        return -1;
    return os_confine_report("airlock-sigcheck", "read-only but --output-dir", mounts,
                             landlock, abi, err, errlen);
}

/* The mount namespace and user, librpm, and the rollback references. */
static int start(struct sc_setup *s, int *mounts, char *err, size_t errlen)
{
    int compare = !s->allow_downgrade && (s->published != NULL || s->rpmdb_root != NULL);

    if (sc_harden(s->user, s->output_dir, mounts, err, errlen) != 0 ||
        sc_rpm_init(err, errlen) != 0)
        return -1;
    if (compare && sc_refs_load(&s->refs, s->rpmdb_root, s->published, err, errlen) != 0)
        return -1;
    s->use = compare ? &s->refs : NULL;
    return 0;
}

int sc_set_up(struct sc_setup *s, char *const *files, size_t n, char *err, size_t errlen)
{
    int mounts;

    s->kr = NULL;
    s->use = NULL;
    s->out_dirfd = -1;
    if (start(s, &mounts, err, errlen) != 0)
        return -1;
    if (s->output_dir != NULL) {
        s->out_dirfd = open(s->output_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (s->out_dirfd < 0) {
            snprintf(err, errlen, "--output-dir %s: %s", s->output_dir, strerror(errno));
            return -1;
        }
    }
    s->kr = sc_keyring_load(s->keyring, stderr, err, errlen);
    if (s->kr == NULL)
        return -1;
    return sc_confine(files, n, s->keyring, s->out_dirfd, mounts, &s->seal, err, errlen);
}

static int limit(int resource, rlim_t value)
{
    struct rlimit r = { value, value };

    return setrlimit(resource, &r);
}

static int set_limits(const struct sc_seal *seal, char *err, size_t errlen)
{
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || limit(RLIMIT_CORE, 0) != 0 ||
        limit(RLIMIT_NPROC, 0) != 0 || limit(RLIMIT_NOFILE, SC_WORKER_FDS) != 0 ||
        limit(RLIMIT_AS, seal->as_limit) != 0) {
        snprintf(err, errlen, "worker limits: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* What reading, hashing, librpm's header import, the verdict and the
 * exit path need. */
static const int worker_calls[] = {
    SCMP_SYS(read), SCMP_SYS(pread64), SCMP_SYS(write), SCMP_SYS(close),
    SCMP_SYS(newfstatat), SCMP_SYS(fstat), SCMP_SYS(lseek), SCMP_SYS(sysinfo),
    SCMP_SYS(futex), SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap),
    SCMP_SYS(madvise), SCMP_SYS(getrandom), SCMP_SYS(clock_gettime),
    SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(rt_sigprocmask),
    SCMP_SYS(rt_sigreturn), SCMP_SYS(exit), SCMP_SYS(exit_group),
};

static int allow_plain(scmp_filter_ctx ctx)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < sizeof(worker_calls) / sizeof(worker_calls[0]) && rc == 0; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, worker_calls[i], 0);
    return rc;
}

/* mmap and mprotect without PROT_EXEC; fcntl F_GETFL/F_SETFL; the
 * read-only opens of open.c (which file, Landlock decides). */
static int allow_bounded(scmp_filter_ctx ctx)
{
    int rc = 0;

    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                           SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                           SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
                           SCMP_A1(SCMP_CMP_EQ, F_GETFL, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
                           SCMP_A1(SCMP_CMP_EQ, F_SETFL, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
                           SCMP_A2(SCMP_CMP_EQ, SC_READ_FLAGS, 0));
    return rc;
}

/* The copy (copy.c): mode and times of the descriptor the parent opened
 * (futimens is utimensat with no path). No open, link or rename of any
 * file: the parent names the copy. */
static int allow_copy(scmp_filter_ctx ctx, int copy_fd)
{
    int rc = 0;

    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fchmod), 1,
                           SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)copy_fd, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(utimensat), 2,
                           SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)copy_fd, 0),
                           SCMP_A1(SCMP_CMP_EQ, 0, 0));
    return rc;
}

/* A Landlock layer of the worker's own, on top of the process's: reading
 * PATH, its one file, and nothing else; no right to create anything.
 * Without Landlock in the kernel the seccomp filter alone keeps the
 * worker from creating files. */
static int own_landlock(char *path, char *err, size_t errlen)
{
    char *files[1] = { path };
    struct os_landlock l = { .create_dirfd = -1, .read_files = files, .n_read_files = 1 };
    int abi = 0;

    return os_confine_landlock(&l, &abi, err, errlen) == OS_CONFINE_FAILED ? -1 : 0;
}

int sc_seal_worker(const struct sc_seal *seal, char *path, int copy_fd, char *err,
                   size_t errlen)
{
    scmp_filter_ctx ctx = NULL;
    int rc = -1;

    if (set_limits(seal, err, errlen) != 0 || own_landlock(path, err, errlen) != 0)
        goto out;
    ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (ctx == NULL || allow_plain(ctx) != 0 || allow_bounded(ctx) != 0 ||
        (copy_fd >= 0 && allow_copy(ctx, copy_fd) != 0) || seccomp_load(ctx) != 0) {
        snprintf(err, errlen, "worker seccomp filter could not be installed");
        goto out;
    }
    rc = 0;
out:
    seccomp_release(ctx);
    return rc;
}
