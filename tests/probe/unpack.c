/* unpack.c -- probes of airlock-unpack's confinement (probe.h).
 *
 *   airlock-probe-unpack [--control] DIR OUTSIDE [USER]
 *
 * Each child applies up_seal (src/unpack/seal.c: user, mount namespace,
 * limits, Landlock, seccomp; the shipped objects) on DIR, then tries to
 * reach OUTSIDE (a directory of the stage user holding the file "owned"),
 * /etc/passwd, /dev/shm, /var/tmp, the network, other processes and more
 * memory. Run as root with USER: both layers; as the stage user without
 * USER: Landlock alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"
#include "seal.h"
#include "store.h"

static const char *user;

static int seal(struct pr_ctx *c)
{
    struct up_seal s = { .dir = c->dir, .user = user, .vchan = 0,
                         .have_max_bytes = 1, .max_bytes = 1u << 20 };
    char err[512];

    if (up_seal(&s, err, sizeof(err)) != 0) {
        dprintf(1, "# up_seal: %s\n", err);
        return -1;
    }
    c->dirfd = s.dirfd;
    c->proc_fd = s.proc_fd;
    return 0;
}

/* The same outside path through enough ".." to leave any DIR. */
static const char *dotdot(const struct pr_ctx *c, const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof(buf), "../../../../../../../../../../..%s/%s", c->outside, name);
    return buf;
}

static int t_open(struct pr_ctx *c) { return pr_errno(open(P("O/p-open"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat(struct pr_ctx *c) { return pr_errno(openat(AT_FDCWD, P("O/p-openat"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat_dir(struct pr_ctx *c) { return pr_errno(openat(c->dirfd, P("O/p-openat-dir"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat2_create(struct pr_ctx *c) { return pr_errno(pr_openat2(c->dirfd, P("O/p-openat2"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat2_dotdot(struct pr_ctx *c) { return pr_errno(pr_openat2(c->dirfd, dotdot(c, "p-dotdot"), O_WRONLY | O_CREAT, 0644)); }
static int t_openat2_passwd(struct pr_ctx *c) { return pr_errno(pr_openat2(c->dirfd, "/etc/passwd", O_RDONLY, 0)); }
static int t_openat2_owned(struct pr_ctx *c) { return pr_errno(pr_openat2(c->dirfd, P("O/owned"), O_RDWR, 0)); }
static int t_openat2_proc(struct pr_ctx *c)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", c->outside_fd);
    return pr_errno(pr_openat2(c->dirfd, path, O_RDWR, 0));
}
static int t_open_proc(struct pr_ctx *c)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", c->outside_fd);
    return pr_errno(open(path, O_RDWR));
}
static int t_shm(struct pr_ctx *c) { (void)c; return pr_errno(pr_openat2(c->dirfd, "/dev/shm/airlock-probe-unpack", O_WRONLY | O_CREAT, 0644)); }
static int t_vartmp(struct pr_ctx *c) { (void)c; return pr_errno(pr_openat2(c->dirfd, "/var/tmp/airlock-probe-unpack", O_WRONLY | O_CREAT, 0644)); }
static int t_link_plain(struct pr_ctx *c) { return pr_errno(linkat(AT_FDCWD, P("O/owned"), c->dirfd, "p-link", 0)); }
static int t_link_path(struct pr_ctx *c) { return pr_errno(linkat(AT_FDCWD, P("O/owned"), c->dirfd, "p-link-path", AT_EMPTY_PATH)); }
static int t_link_fd(struct pr_ctx *c) { return pr_errno(linkat(c->outside_fd, "", c->dirfd, "p-link-fd", AT_EMPTY_PATH)); }
static int t_link_opath(struct pr_ctx *c)
{
    long fd = pr_openat2(c->dirfd, P("O/owned"), O_PATH, 0);
    return fd < 0 ? pr_errno(fd) : pr_errno(linkat((int)fd, "", c->dirfd, "p-link-opath", AT_EMPTY_PATH));
}
static int t_link_procfd(struct pr_ctx *c)
{
    char n[16];
    snprintf(n, sizeof(n), "%d", c->outside_fd);
    return pr_errno(linkat(c->proc_fd, n, c->dirfd, "p-link-proc", AT_SYMLINK_FOLLOW));
}
static int t_link_out(struct pr_ctx *c) { return pr_errno(linkat(c->dirfd, "legit", AT_FDCWD, P("O/p-link-out"), 0)); }
static int t_rename2(struct pr_ctx *c) { return pr_errno(renameat2(AT_FDCWD, P("O/owned"), c->dirfd, "p-renamed", 0)); }
static int t_mkdir(struct pr_ctx *c) { return pr_errno(mkdirat(c->dirfd, "p-dir", 0755)); }
static int t_mknod(struct pr_ctx *c) { return pr_errno(mknodat(c->dirfd, "p-fifo", S_IFIFO | 0644, 0)); }
static int t_symlink(struct pr_ctx *c) { return pr_errno(symlinkat("/etc/passwd", c->dirfd, "p-sym")); }
static int t_memory(struct pr_ctx *c)
{
    (void)c;
    return mmap(NULL, 1ul << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
           == MAP_FAILED ? errno : 0;
}
static int t_memfd(struct pr_ctx *c) { (void)c; return pr_errno(memfd_create("probe", 0)); }
/* What the stage does: a file stored through store.c. */
static int t_legit(struct pr_ctx *c)
{
    struct al_header h = { 0 };
    struct up_store s;
    int err = up_store_open(&s, c->dirfd, "legit");

    if (err == 0)
        err = up_store_write(&s, (const uint8_t *)"abcd", 4);
    if (err == 0)
        err = up_store_commit(&s, c->dirfd, "legit", &h);
    return err;
}

/* store.c's fallback for kernels before 6.10, which refuse
 * linkat(AT_EMPTY_PATH) to the opener: the link through /proc/self/fd. */
static int t_legit_proc(struct pr_ctx *c)
{
    int fd = openat(c->dirfd, ".", AL_STORE_OPEN_FLAGS, 0600);
    char n[16];

    if (fd < 0)
        return errno;
    snprintf(n, sizeof(n), "%d", fd);
    return pr_errno(linkat(c->proc_fd, n, c->dirfd, "legit-proc", AT_SYMLINK_FOLLOW));
}

static const struct pr_attempt attempts[] = {
    { "store a regular file in DIR (store.c)", t_legit, NULL, "D/legit", 1 },
    { "link a file into DIR through /proc/self/fd (store.c's fallback)", t_legit_proc, NULL,
      "D/legit-proc", 1 },
    { "open(O_CREAT) outside DIR", t_open, "O/p-open", NULL, 0 },
    { "openat(AT_FDCWD, O_CREAT) outside DIR", t_openat, "O/p-openat", NULL, 0 },
    { "openat(DIR, absolute path, O_CREAT)", t_openat_dir, "O/p-openat-dir", NULL, 0 },
    { "openat2(DIR, absolute path, O_CREAT)", t_openat2_create, "O/p-openat2", NULL, 0 },
    { "openat2(DIR, ../.. path, O_CREAT)", t_openat2_dotdot, "O/p-dotdot", NULL, 0 },
    { "openat2 /etc/passwd", t_openat2_passwd, NULL, NULL, 0 },
    { "openat2 a file of the stage user outside DIR", t_openat2_owned, NULL, NULL, 0 },
    { "openat2 /proc/self/fd/N of an outside file", t_openat2_proc, NULL, NULL, 0 },
    { "open /proc/self/fd/N of an outside file", t_open_proc, NULL, NULL, 0 },
    { "create in /dev/shm", t_shm, "/dev/shm/airlock-probe-unpack", NULL, 0 },
    { "create in /var/tmp", t_vartmp, "/var/tmp/airlock-probe-unpack", NULL, 0 },
    { "linkat an outside file into DIR", t_link_plain, "D/p-link", NULL, 0 },
    { "linkat(AT_EMPTY_PATH) an outside path into DIR", t_link_path, "D/p-link-path", NULL, 0 },
    { "linkat an inherited outside descriptor into DIR", t_link_fd, "D/p-link-fd", NULL, 0 },
    { "linkat an O_PATH outside file into DIR", t_link_opath, "D/p-link-opath", NULL, 0 },
    { "linkat /proc/self/fd/N of an outside file into DIR", t_link_procfd, "D/p-link-proc", NULL, 0 },
    { "linkat a file of DIR to outside", t_link_out, "O/p-link-out", NULL, 0 },
    { "renameat2 an outside file into DIR", t_rename2, "D/p-renamed", "O/owned", 0 },
    { "mkdirat in DIR", t_mkdir, "D/p-dir", NULL, 0 },
    { "mknodat a FIFO in DIR", t_mknod, "D/p-fifo", NULL, 0 },
    { "symlinkat in DIR", t_symlink, "D/p-sym", NULL, 0 },
    { "allocate 1 GiB (past RLIMIT_AS)", t_memory, NULL, NULL, 0 },
    { "memfd_create", t_memfd, NULL, NULL, 0 },
};

int main(int argc, char **argv)
{
    struct pr_ctx c = { .dirfd = -1, .proc_fd = -1 };
    int control = pr_args(&argc, &argv, 3, 4,
                          "airlock-probe-unpack [--control] DIR OUTSIDE [USER]");

    if (control < 0)
        return 2;
    c.dir = argv[1];
    c.outside = argv[2];
    user = argc == 4 ? argv[3] : NULL;
    if (pr_open_outside(&c, "airlock-probe-unpack") != 0)
        return 2;
    pr_run("unpack", attempts, sizeof(attempts) / sizeof(attempts[0]), seal, &c, control);
    return 0;
}
