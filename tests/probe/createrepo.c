/* createrepo.c -- probes of the createrepo_c stage's confinement (probe.h).
 *
 *   airlock-probe-createrepo [--control] RUN OUTSIDE [USER]
 *
 * RUN is laid out as airlock-receive's STAGING_DIR/run.PID: meta/ and
 * cache/ (the stage user's: createrepo_c's output and checksum cache),
 * pkgs/ with alpha.rpm (its input) and pkglist. Each child applies
 * cr_confine (src/receive/crconf.c, the shipped object airlock-receive's
 * stage calls between fork and exec) for createrepo_c's command line as
 * publish.c builds it, then, standing in for a compromised createrepo_c,
 * tries to write outside meta/ and cache/, change its input, reach the
 * network, other processes or the kernel's namespaces, and execute a
 * second program. The one legitimate execve, real createrepo_c over
 * RUN, must still publish metadata. Run as root with USER: both layers;
 * as the stage user without USER: Landlock alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "crconf.h"
#include "probe.h"
#include "user.h"

static uid_t uid;
static gid_t gid;
static char cache[4096], pkglist[4096], pkgs[4096], self[4096];
/* publish.c's command line (createrepo_argv), without --workers. */
static char *stage_argv[] = { "/usr/bin/createrepo_c", "-q", "--no-database", "--cachedir",
                              cache, "--pkglist", pkglist, "-o", ".", pkgs, NULL };
/* For the second execve: the probe itself, which then tries /bin/true. */
static char *again_argv[] = { self, "--again", NULL };

static int seal_with(struct pr_ctx *c, char **argv)
{
    struct cr_confine cr = { c->dir, argv, environ, uid, gid };
    char err[512];

    if (cr_confine(&cr, err, sizeof(err)) != 0) {
        dprintf(1, "# cr_confine: %s\n", err);
        return -1;
    }
    c->dirfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);   /* meta/ */
    return c->dirfd < 0 ? -1 : 0;
}
static int seal(struct pr_ctx *c) { return seal_with(c, stage_argv); }
static int seal_again(struct pr_ctx *c) { return seal_with(c, again_argv); }

/* Legitimate: what createrepo_c does. */
static int t_write_meta(struct pr_ctx *c)
{
    int fd = openat(c->dirfd, "legit", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    return fd < 0 ? errno : pr_errno(write(fd, "x", 1));
}
static int t_build_tree(struct pr_ctx *c)
{
    int fd;

    if (mkdir(P("D/meta/.tree"), 0755) != 0)
        return errno;
    fd = openat(c->dirfd, ".tree/f", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno;
    close(fd);
    return pr_errno(syscall(SYS_rename, ".tree", "tree"));
}
static int t_cache(struct pr_ctx *c)
{
    char tmp[4200], fin[4200];
    int fd;

    snprintf(tmp, sizeof(tmp), "%s/c-tmp", cache);
    snprintf(fin, sizeof(fin), "%s/c", cache);
    fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno;
    close(fd);
    (void)c;
    return pr_errno(syscall(SYS_rename, tmp, fin));
}
static int t_read_input(struct pr_ctx *c)
{
    char b[16];
    int fd = open(P("D/pkgs/alpha.rpm"), O_RDONLY | O_CLOEXEC);
    return fd < 0 ? errno : pr_errno(read(fd, b, sizeof(b)));
}
static void *nothing(void *arg) { return arg; }
static int t_thread(struct pr_ctx *c)
{
    pthread_t t;
    int e = pthread_create(&t, NULL, nothing, NULL);
    (void)c;
    return e != 0 ? e : pthread_join(t, NULL);
}
/* The stage's one execve: real createrepo_c over RUN. */
static int t_createrepo(struct pr_ctx *c)
{
    (void)c;
    execve(stage_argv[0], stage_argv, environ);
    return errno;
}

/* Escapes. */
static int t_open_raw(struct pr_ctx *c) { return pr_errno(syscall(SYS_open, P("O/p-open"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat(struct pr_ctx *c) { return pr_errno(openat(AT_FDCWD, P("O/p-openat"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat_dotdot(struct pr_ctx *c) { return pr_errno(openat(c->dirfd, "../p-dotdot", O_WRONLY | O_CREAT, 0644)); }
static int t_openat2(struct pr_ctx *c) { return pr_errno(pr_openat2(c->dirfd, P("O/p-openat2"), O_WRONLY | O_CREAT, 0644)); }
static int t_write_owned(struct pr_ctx *c) { return pr_errno(open(P("O/owned"), O_WRONLY)); }
static int t_read_passwd(struct pr_ctx *c) { (void)c; return pr_errno(open("/etc/passwd", O_RDONLY)); }
static int t_read_owned(struct pr_ctx *c) { return pr_errno(open(P("O/owned"), O_RDONLY)); }
static int t_proc_fd(struct pr_ctx *c)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", c->outside_fd);
    return pr_errno(open(path, O_RDWR));
}
static int t_input_write(struct pr_ctx *c) { return pr_errno(open(P("D/pkgs/alpha.rpm"), O_WRONLY)); }
static int t_input_create(struct pr_ctx *c) { return pr_errno(open(P("D/pkgs/p-new.rpm"), O_WRONLY | O_CREAT, 0644)); }
static int t_input_unlink(struct pr_ctx *c) { return pr_errno(unlink(P("D/pkgs/alpha.rpm"))); }
static int t_pkglist(struct pr_ctx *c) { (void)c; return pr_errno(open(pkglist, O_WRONLY | O_TRUNC)); }
static int t_steal(struct pr_ctx *c)
{
    char to[4096];
    pr_path(c, "D/meta/stolen.rpm", to, sizeof(to));
    return pr_errno(syscall(SYS_rename, P("D/pkgs/alpha.rpm"), to));
}
static int t_rename_in(struct pr_ctx *c)
{
    char to[4096];
    pr_path(c, "D/meta/p-renamed", to, sizeof(to));
    return pr_errno(syscall(SYS_rename, P("O/owned"), to));
}
static int t_rename_out(struct pr_ctx *c)
{
    char to[4096];
    pr_path(c, "O/p-out", to, sizeof(to));
    return pr_errno(syscall(SYS_rename, P("D/meta/keep"), to));
}
static int t_renameat2(struct pr_ctx *c) { return pr_errno(renameat2(AT_FDCWD, P("O/owned"), c->dirfd, "p-renamed2", 0)); }
static int t_link(struct pr_ctx *c) { return pr_errno(syscall(SYS_link, P("O/owned"), P("D/meta/p-link"))); }
static int t_linkat(struct pr_ctx *c) { return pr_errno(linkat(AT_FDCWD, P("O/owned"), c->dirfd, "p-linkat", 0)); }
static int t_symlink(struct pr_ctx *c) { return pr_errno(symlinkat("/etc/passwd", c->dirfd, "p-sym")); }
static int t_mknod(struct pr_ctx *c) { return pr_errno(mknodat(c->dirfd, "p-fifo", S_IFIFO | 0644, 0)); }
static int t_shm(struct pr_ctx *c) { (void)c; return pr_errno(open("/dev/shm/airlock-probe-createrepo", O_WRONLY | O_CREAT, 0644)); }
static int t_vartmp(struct pr_ctx *c) { (void)c; return pr_errno(open("/var/tmp/airlock-probe-createrepo", O_WRONLY | O_CREAT, 0644)); }
static int t_tmp(struct pr_ctx *c) { (void)c; return pr_errno(open("/tmp/airlock-probe-createrepo", O_WRONLY | O_CREAT, 0644)); }
static int t_socketpair(struct pr_ctx *c)
{
    int sv[2];
    (void)c;
    return pr_errno(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
}
static int t_clone3(struct pr_ctx *c) { (void)c; return pr_errno(syscall(SYS_clone3, NULL, 0)); }
static int t_unshare(struct pr_ctx *c) { (void)c; return pr_errno(unshare(CLONE_NEWUSER)); }
static int t_mount(struct pr_ctx *c) { (void)c; return pr_errno(mount("none", "/tmp", "tmpfs", 0, NULL)); }
static int t_keyctl(struct pr_ctx *c) { (void)c; return pr_errno(syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL)); }
static int t_bpf(struct pr_ctx *c) { (void)c; return pr_errno(syscall(SYS_bpf, 0, NULL, 0)); }
static int t_kill(struct pr_ctx *c) { (void)c; return pr_errno(kill(getppid(), 0)); }
static int t_prctl(struct pr_ctx *c) { (void)c; return pr_errno(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)); }
static int t_rlimit(struct pr_ctx *c)
{
    struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
    (void)c;
    return pr_errno(setrlimit(RLIMIT_NOFILE, &r));
}
static int t_tiocsti(struct pr_ctx *c) { char ch = 'x'; (void)c; return pr_errno(ioctl(0, TIOCSTI, &ch)); }
static int t_execveat(struct pr_ctx *c)
{
    char *const argv[] = { "true", NULL };
    (void)c;
    return pr_errno(syscall(SYS_execveat, AT_FDCWD, "/bin/true", argv, NULL, 0));
}
/* The allowed filename pointer, another argv. */
static int t_exec_other_argv(struct pr_ctx *c)
{
    char *argv[] = { stage_argv[0], "--version", NULL };
    (void)c;
    return pr_errno(execve(stage_argv[0], argv, environ));
}
/* The allowed execve, into the probe itself, which then tries another. */
static int t_exec_again(struct pr_ctx *c)
{
    (void)c;
    execve(again_argv[0], again_argv, environ);
    return errno;
}

static const struct pr_attempt attempts[] = {
    { "write a file in meta/ (its output)", t_write_meta, NULL, "D/meta/legit", 1 },
    { "build .tree in meta/ and rename it (as .repodata to repodata)", t_build_tree, NULL,
      "D/meta/tree/f", 1 },
    { "create and rename a file in cache/", t_cache, NULL, "D/cache/c", 1 },
    { "read a package of pkgs/ (its input)", t_read_input, NULL, NULL, 1 },
    { "start a thread (glib's pool)", t_thread, NULL, NULL, 1 },
    { "run createrepo_c, the one execve", t_createrepo, NULL, "D/meta/repodata/repomd.xml", 1 },
    { "open(2) O_CREAT outside", t_open_raw, "O/p-open", NULL, 0 },
    { "openat(AT_FDCWD, O_CREAT) outside", t_openat, "O/p-openat", NULL, 0 },
    { "openat(meta, ../x, O_CREAT)", t_openat_dotdot, "D/p-dotdot", NULL, 0 },
    { "openat2(O_CREAT) outside", t_openat2, "O/p-openat2", NULL, 0 },
    { "open an outside file of the stage user for writing", t_write_owned, NULL, NULL, 0 },
    { "read /etc/passwd", t_read_passwd, NULL, NULL, 0 },
    { "read a file of the stage user that is no input", t_read_owned, NULL, NULL, 0 },
    { "reopen /proc/self/fd/N of an outside file read-write", t_proc_fd, NULL, NULL, 0 },
    { "open a package of pkgs/ for writing", t_input_write, NULL, NULL, 0 },
    { "create a file in pkgs/", t_input_create, "D/pkgs/p-new.rpm", NULL, 0 },
    { "unlink a package of pkgs/", t_input_unlink, NULL, "D/pkgs/alpha.rpm", 0 },
    { "truncate pkglist", t_pkglist, NULL, NULL, 0 },
    { "rename a package of pkgs/ into meta/", t_steal, "D/meta/stolen.rpm", "D/pkgs/alpha.rpm", 0 },
    { "rename an outside file into meta/", t_rename_in, "D/meta/p-renamed", "O/owned", 0 },
    { "rename a file of meta/ to outside", t_rename_out, "O/p-out", "D/meta/keep", 0 },
    { "renameat2 an outside file into meta/", t_renameat2, "D/meta/p-renamed2", NULL, 0 },
    { "link(2) an outside file into meta/", t_link, "D/meta/p-link", NULL, 0 },
    { "linkat an outside file into meta/", t_linkat, "D/meta/p-linkat", NULL, 0 },
    { "symlinkat in meta/", t_symlink, "D/meta/p-sym", NULL, 0 },
    { "mknodat a FIFO in meta/", t_mknod, "D/meta/p-fifo", NULL, 0 },
    { "create in /dev/shm", t_shm, "/dev/shm/airlock-probe-createrepo", NULL, 0 },
    { "create in /var/tmp", t_vartmp, "/var/tmp/airlock-probe-createrepo", NULL, 0 },
    { "create in /tmp", t_tmp, "/tmp/airlock-probe-createrepo", NULL, 0 },
    { "socketpair(AF_UNIX)", t_socketpair, NULL, NULL, 0 },
    { "clone3 (a process, flags unseen by seccomp)", t_clone3, NULL, NULL, 0 },
    { "unshare(CLONE_NEWUSER)", t_unshare, NULL, NULL, 0 },
    { "mount a tmpfs", t_mount, NULL, NULL, 0 },
    { "keyctl(JOIN_SESSION_KEYRING)", t_keyctl, NULL, NULL, 0 },
    { "bpf", t_bpf, NULL, NULL, 0 },
    { "kill(parent, 0)", t_kill, NULL, NULL, 0 },
    { "prctl(PR_SET_DUMPABLE)", t_prctl, NULL, NULL, 0 },
    { "raise RLIMIT_NOFILE", t_rlimit, NULL, NULL, 0 },
    { "ioctl(TIOCSTI) on fd 0", t_tiocsti, NULL, NULL, 0 },
    { "execveat /bin/true", t_execveat, NULL, NULL, 0 },
    { "execve createrepo_c with another argv", t_exec_other_argv, NULL, NULL, 0 },
};

/* Sealed for the probe itself as the one execve: the second must fail. */
static const struct pr_attempt again[] = {
    { "a second execve, after the allowed one", t_exec_again, NULL, NULL, 0 },
};

/* The re-executed probe (t_exec_again): try /bin/true, exit with the
 * errno (0: it ran, exit status of true). */
static int second_exec(void)
{
    char *const argv[] = { "true", NULL };

    execve("/bin/true", argv, NULL);
    return errno;
}

static int set_up(struct pr_ctx *c, int argc, char **argv)
{
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    char keep[4200];
    int fd;

    c->dir = argv[1];
    c->outside = argv[2];
    uid = getuid();
    gid = getgid();
    if (n <= 0 || (argc == 4 && os_user_lookup(argv[3], &uid, &gid) != 0)) {
        fprintf(stderr, "airlock-probe-createrepo: no such user, or no /proc/self/exe\n");
        return -1;
    }
    self[n] = '\0';
    snprintf(cache, sizeof(cache), "%s/cache", c->dir);
    snprintf(pkglist, sizeof(pkglist), "%s/pkglist", c->dir);
    snprintf(pkgs, sizeof(pkgs), "%s/pkgs", c->dir);
    /* a file of meta/ for the rename-out attempt */
    snprintf(keep, sizeof(keep), "%s/meta/keep", c->dir);
    fd = open(keep, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || fchown(fd, uid, gid) != 0)
        perror(keep);
    if (fd >= 0)
        close(fd);
    return pr_open_outside(c, "airlock-probe-createrepo");
}

int main(int argc, char **argv)
{
    struct pr_ctx c = { .dirfd = -1, .proc_fd = -1 };
    int control;

    if (argc == 2 && strcmp(argv[1], "--again") == 0)
        return second_exec();
    control = pr_args(&argc, &argv, 3, 4, "airlock-probe-createrepo [--control] RUN OUTSIDE [USER]");
    if (control < 0 || set_up(&c, argc, argv) != 0)
        return 2;
    pr_run("createrepo_c", attempts, sizeof(attempts) / sizeof(attempts[0]), seal, &c, control);
    pr_run_only("createrepo_c", again, 1, seal_again, &c, control);
    return 0;
}
