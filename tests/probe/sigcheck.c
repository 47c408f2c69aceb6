/* sigcheck.c -- probes of airlock-sigcheck's confinement (probe.h).
 *
 *   airlock-probe-sigcheck [--control] PACKAGE OUTDIR KEYRING OUTSIDE [USER]
 *
 * Each child applies sc_set_up (src/sigcheck/sandbox.c: mount namespace,
 * user, librpm, keyring, Landlock; no rollback references) over PACKAGE,
 * then sc_seal_worker (the
 * limits and seccomp filter of a worker): exactly what airlock-sigcheck
 * --output-dir OUTDIR --keyring KEYRING PACKAGE does before it reads the
 * package. Then it tries to read or write what a worker may not.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <unistd.h>

#include "open.h"
#include "probe.h"
#include "sandbox.h"
#include "verify.h"

#define READ_FLAGS (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

static const char *user, *keyring;
static char *package[1];
static struct sc_keyring *kr;

static int seal(struct pr_ctx *c)
{
    static struct sc_setup su;
    char err[512];

    su = (struct sc_setup){ .user = user, .keyring = keyring, .output_dir = c->dir };
    if (sc_set_up(&su, package, 1, err, sizeof(err)) != 0 ||
        sc_seal_worker(&su.seal, package[0], -1, err, sizeof(err)) != 0) {
        dprintf(1, "# sigcheck set-up: %s\n", err);
        return -1;
    }
    kr = su.kr;
    c->dirfd = su.out_dirfd;
    c->as_limit = (unsigned long)su.seal.as_limit;
    return 0;
}

/* What a worker does: check PACKAGE and write its copy. */
static int t_legit(struct pr_ctx *c)
{
    struct sc_verdict v;
    int fd = sc_open_package(package[0], &v);

    (void)c;
    if (fd < 0)
        return EACCES;
    return sc_verify_fd_out(fd, kr, &v, NULL, c->dirfd, "legit.rpm") == SC_OK ? 0 : EPROTO;
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
    { "check the package and write its copy", t_legit, NULL, "D/legit.rpm", 1 },
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
    int control = pr_args(&argc, &argv, 5, 6, "airlock-probe-sigcheck [--control] "
                          "PACKAGE OUTDIR KEYRING OUTSIDE [USER]");

    if (control < 0)
        return 2;
    package[0] = argv[1];
    c.dir = argv[2];
    keyring = argv[3];
    c.outside = argv[4];
    user = argc == 6 ? argv[5] : NULL;
    if (pr_open_outside(&c, "airlock-probe-sigcheck") != 0)
        return 2;
    pr_run("sigcheck", attempts, sizeof(attempts) / sizeof(attempts[0]), seal, &c, control);
    return 0;
}
