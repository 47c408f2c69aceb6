/* crconf.c -- createrepo_c's confinement, step by step (crconf.h). */
#include "crconf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "confine.h"
#include "user.h"

/* RUN's entries, as lock.c makes them and publish.c names them. */
struct cr_paths {
    char meta[PATH_MAX], cache[PATH_MAX], pkgs[PATH_MAX], pkglist[PATH_MAX];
};

static int paths_of(const char *run, struct cr_paths *p, char *err, size_t errlen)
{
    if (snprintf(p->meta, sizeof p->meta, "%s/meta", run) >= (int)sizeof p->meta ||
        snprintf(p->cache, sizeof p->cache, "%s/cache", run) >= (int)sizeof p->cache ||
        snprintf(p->pkgs, sizeof p->pkgs, "%s/pkgs", run) >= (int)sizeof p->pkgs ||
        snprintf(p->pkglist, sizeof p->pkglist, "%s/pkglist", run) >= (int)sizeof p->pkglist) {
        snprintf(err, errlen, "%s: path too long", run);
        return -1;
    }
    return 0;
}

/* As root: the mount namespace (read-only but meta/ and cache/), then
 * CHECK_USER. As another user: that user already, or an error. */
static int mounts_and_user(const struct cr_confine *c, const struct cr_paths *p, int *mounts,
                           char *err, size_t errlen)
{
    const char *dirs[2] = { p->meta, p->cache };
    struct os_mounts m = { .new_root = NULL, .write_dirs = dirs, .n_write_dirs = 2 };

    *mounts = os_confine_mounts(&m, err, errlen);
    if (*mounts == OS_CONFINE_FAILED)
        return -1;
    if (geteuid() == 0 ? os_drop_to(c->uid, c->gid) != 0 : getuid() != c->uid) {
        snprintf(err, errlen, "cannot become uid %ld: %s", (long)c->uid,
                 geteuid() == 0 ? strerror(errno) : "not root");
        return -1;
    }
    /* The working directory is still the read-only mount under the new
     * writable one: enter meta/ again, on top. */
    if (chdir(p->meta) != 0) {
        snprintf(err, errlen, "%s: %s", p->meta, strerror(errno));
        return -1;
    }
    return 0;
}

/* Where the loader, the libraries and the program live (a symlink, as
 * /bin and /lib are on merged-/usr systems, gets no rule of its own). */
static const char *const exec_roots[] = { "/usr", "/bin", "/sbin", "/lib", "/lib64" };
/* What librpm, libgcrypt and OpenSSL read of /etc (strace of the stage). */
static const char *const etc_files[] = { "/etc/ld.so.cache", "/etc/ssl/openssl.cnf" };
static const char *const etc_dirs[] = { "/etc/rpm", "/etc/gcrypt" };

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static int apply_landlock(const struct cr_confine *c, const struct cr_paths *p, int *abi,
                          char *err, size_t errlen)
{
    const char *exec[N_OF(exec_roots) + 1], *dirs[N_OF(etc_dirs) + 1];
    char *files[N_OF(etc_files) + 1];
    int trees[2] = { open(p->meta, O_PATH | O_DIRECTORY | O_CLOEXEC),
                     open(p->cache, O_PATH | O_DIRECTORY | O_CLOEXEC) };
    struct os_landlock l = {
        .create_dirfd = -1, .read_files = files, .n_read_files = N_OF(files),
        .read_dirs = dirs, .n_read_dirs = N_OF(dirs), .exec_dirs = exec,
        .n_exec_dirs = N_OF(exec), .tree_dirfds = trees, .n_tree_dirfds = 2,
    };
    int rc = OS_CONFINE_FAILED;

    memcpy(exec, exec_roots, sizeof exec_roots);
    exec[N_OF(exec_roots)] = c->argv[0];
    memcpy(dirs, etc_dirs, sizeof etc_dirs);
    dirs[N_OF(etc_dirs)] = p->pkgs;
    memcpy(files, etc_files, sizeof etc_files);
    files[N_OF(etc_files)] = (char *)p->pkglist;
    if (trees[0] < 0 || trees[1] < 0)
        snprintf(err, errlen, "%s or %s: %s", p->meta, p->cache, strerror(errno));
    else
        rc = os_confine_landlock(&l, abi, err, errlen);
    for (int i = 0; i < 2; i++)
        if (trees[i] >= 0)
            close(trees[i]);
    return rc;
}

/* createrepo_c's own calls, from `strace -f -c` and `strace -f -qq -e
 * trace=all` of the stage's command line (publish.c) over a test
 * repository: I/O on what Landlock lets it open, its output tree (mkdir,
 * rename, and unlink/rmdir for its clean-up on errors), memory, glib's
 * threads (futex, sched_*attr), the loader after the execve
 * (arch_prctl, set_tid_address, rseq...). The last line is what a POSIX
 * sh stand-in needs besides (the test suites' CREATEREPO): identities,
 * the working directory (dash checks $PWD) and the descriptor
 * duplication of a redirection. */
static const int plain_calls[] = {
    SCMP_SYS(read), SCMP_SYS(pread64), SCMP_SYS(write), SCMP_SYS(close), SCMP_SYS(lseek),
    SCMP_SYS(openat), SCMP_SYS(access), SCMP_SYS(newfstatat), SCMP_SYS(fstat),
    SCMP_SYS(getdents64), SCMP_SYS(mkdir), SCMP_SYS(rename), SCMP_SYS(unlink),
    SCMP_SYS(rmdir), SCMP_SYS(mmap), SCMP_SYS(mprotect), SCMP_SYS(munmap),
    SCMP_SYS(mremap), SCMP_SYS(brk), SCMP_SYS(madvise), SCMP_SYS(futex),
    SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(set_tid_address),
    SCMP_SYS(arch_prctl), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
    SCMP_SYS(rt_sigreturn), SCMP_SYS(restart_syscall), SCMP_SYS(sched_getattr),
    SCMP_SYS(sched_setattr), SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity),
    SCMP_SYS(getrandom), SCMP_SYS(uname), SCMP_SYS(sysinfo), SCMP_SYS(getpid),
    SCMP_SYS(gettid), SCMP_SYS(exit), SCMP_SYS(exit_group),
    SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid),
    SCMP_SYS(getppid), SCMP_SYS(getcwd), SCMP_SYS(dup2),
};

static const int fcntl_cmds[] = { F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD,
                                  F_DUPFD_CLOEXEC };
static const int prctl_opts[] = { PR_SET_NAME, PR_GET_NAME, PR_CAPBSET_READ };

static int allow_plain(scmp_filter_ctx ctx)
{
    int rc = 0;
    size_t i;

    for (i = 0; rc == 0 && i < N_OF(plain_calls); i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain_calls[i], 0);
    for (i = 0; rc == 0 && i < N_OF(fcntl_cmds); i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
                              SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)fcntl_cmds[i]));
    for (i = 0; rc == 0 && i < N_OF(prctl_opts); i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
                              SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)prctl_opts[i]));
    return rc;
}

/* Namespaces a clone(2) flag word may not ask for. */
#define CR_CLONE_NEW (CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
                      CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP)

/* Threads but no processes: clone only with CLONE_THREAD and no new
 * namespace (fork, vfork and posix_spawn are clones without it); clone3
 * hides its flags behind a pointer, so it answers ENOSYS and glibc falls
 * back to clone. Limits only read (prlimit64 with no new limit); signals
 * only to itself (a stand-in's kill $$, abort); no terminal ioctl. */
static int allow_bounded(scmp_filter_ctx ctx)
{
    scmp_datum_t self = (scmp_datum_t)getpid();
    int rc = 0;

    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                           SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD | CR_CLONE_NEW,
                                   CLONE_THREAD));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
                           SCMP_A2(SCMP_CMP_EQ, 0));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, SCMP_A0(SCMP_CMP_EQ, self));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                           SCMP_A0(SCMP_CMP_EQ, self));
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOTTY), SCMP_SYS(ioctl), 0);
    return rc;
}

/* The one execve: the stage's own, recognised by its three pointers.
 * seccomp cannot read the path, only compare argument values; these are
 * addresses in the stage process's randomised (ASLR) address space,
 * which that very execve discards. The new image never sees them, and a
 * compromised createrepo_c has to guess all three blind, 64-bit values
 * with tens of random bits each, where one wrong guess kills it
 * (KILL_PROCESS). That bounds a second execve well enough for a program
 * which, besides, has nothing it may write outside meta/ and cache/, no
 * socket and no new process: a re-exec could only run another program
 * under this same confinement. */
static int allow_first_exec(scmp_filter_ctx ctx, const struct cr_confine *c)
{
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execve), 3,
                            SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)(uintptr_t)c->argv[0]),
                            SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)(uintptr_t)c->argv),
                            SCMP_A2(SCMP_CMP_EQ, (scmp_datum_t)(uintptr_t)c->envp));
}

static int seccomp_filter(const struct cr_confine *c, char *err, size_t errlen)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    int rc = -ENOMEM;

    if (ctx != NULL)
        rc = allow_plain(ctx);
    if (rc == 0)
        rc = allow_bounded(ctx);
    if (rc == 0)
        rc = allow_first_exec(ctx, c);
    if (rc == 0)
        rc = seccomp_load(ctx);
    if (rc != 0)
        snprintf(err, errlen, "seccomp: %s", strerror(rc < 0 ? -rc : EINVAL));
    seccomp_release(ctx);
    return rc == 0 ? 0 : -1;
}

int cr_confine(const struct cr_confine *c, char *err, size_t errlen)
{
    struct cr_paths p;
    int mounts = OS_CONFINE_UNAVAILABLE, landlocked, abi = 0;

    if (paths_of(c->run_dir, &p, err, errlen) != 0)
        return -1;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        return -1;
    }
    if (mounts_and_user(c, &p, &mounts, err, errlen) != 0)
        return -1;
    landlocked = apply_landlock(c, &p, &abi, err, errlen);
    if (landlocked == OS_CONFINE_FAILED ||
        os_confine_report("createrepo_c", "read-only but meta/ and cache/", mounts,
                          landlocked, abi, err, errlen) != 0)
        return -1;
    return seccomp_filter(c, err, errlen);
}
