/* confine.c -- mount namespace and Landlock confinement (confine.h). */
#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Access rights newer than Debian 12's <linux/landlock.h>. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif

/* Private propagation, so that nothing done here reaches the host's
 * namespace and no later host mount appears in ours. */
static int enter_namespace(char *err, size_t errlen)
{
    int rc = OS_CONFINE_FAILED;

    if (unshare(CLONE_NEWNS) != 0) {
        if (errno == EPERM || errno == EINVAL || errno == ENOSYS)
            rc = OS_CONFINE_UNAVAILABLE;
        else
            snprintf(err, errlen, "unshare(CLONE_NEWNS): %s", strerror(errno));
        goto out;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        snprintf(err, errlen, "mount namespace: making / private: %s", strerror(errno));
        goto out;
    }
    rc = OS_CONFINE_ACTIVE;
out:
    return rc;
}

/* dir bind-mounted on itself, no setuid, devices or executables in it. */
static int bind_self(const char *dir, char *err, size_t errlen)
{
    struct mount_attr attr = {
        .attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
        .attr_clr = MOUNT_ATTR_RDONLY,
    };
    int rc = -1;

    if (mount(dir, dir, NULL, MS_BIND, NULL) != 0 ||
        mount_setattr(AT_FDCWD, dir, 0, &attr, sizeof(attr)) != 0)
        snprintf(err, errlen, "mount namespace: bind %s: %s", dir, strerror(errno));
    else
        rc = 0;
    return rc;
}

/* dir becomes "/" and the old root is detached: no path leads out. */
static int pivot_into(const char *dir, char *err, size_t errlen)
{
    int rc = -1;

    if (bind_self(dir, err, errlen) != 0)
        goto out;
    if (chdir(dir) != 0 || syscall(SYS_pivot_root, ".", ".") != 0 ||
        umount2(".", MNT_DETACH) != 0 || chdir("/") != 0) {
        snprintf(err, errlen, "mount namespace: pivot_root into %s: %s", dir,
                 strerror(errno));
        goto out;
    }
    rc = 0;
out:
    return rc;
}

/* Every mount read-only, then each write_dir bound writable on top. */
static int read_only_but(const struct os_mounts *m, char *err, size_t errlen)
{
    struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
    int rc = -1;

    if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) != 0) {
        snprintf(err, errlen, "mount namespace: read-only /: %s", strerror(errno));
        goto out;
    }
    rc = 0;
    for (size_t i = 0; rc == 0 && i < m->n_write_dirs; i++)
        rc = bind_self(m->write_dirs[i], err, errlen);
out:
    return rc;
}

int os_confine_mounts(const struct os_mounts *m, char *err, size_t errlen)
{
    int rc = OS_CONFINE_UNAVAILABLE;

    if (geteuid() != 0)
        goto out;
    rc = enter_namespace(err, errlen);
    if (rc != OS_CONFINE_ACTIVE)
        goto out;
    if (m->new_root != NULL ? pivot_into(m->new_root, err, errlen) != 0
                            : read_only_but(m, err, errlen) != 0)
        rc = OS_CONFINE_FAILED;
out:
    return rc;
}

/* Every filesystem right the kernel's ABI version knows. */
static uint64_t handled_rights(int abi)
{
    uint64_t r = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;   /* ABI 1 */

    if (abi >= 2)
        r |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        r |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        r |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return r;
}

static int add_rule(int ruleset, int fd, uint64_t rights)
{
    struct landlock_path_beneath_attr pb = { .allowed_access = rights, .parent_fd = fd };

    return (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
}

/* A rule for path (opened O_PATH, never through a final symlink): a
 * regular file gets file_rights, a directory dir_rights (0: none of
 * that type); any other path gets none, so a directory named as a file
 * opens nothing beneath it, and a missing path is no error. */
static int add_path_rule(int ruleset, const char *path, uint64_t file_rights,
                         uint64_t dir_rights)
{
    int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    int rc = 0;

    if (fd < 0)
        goto out;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && file_rights != 0)
        rc = add_rule(ruleset, fd, file_rights);
    else if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && dir_rights != 0)
        rc = add_rule(ruleset, fd, dir_rights);
    close(fd);
out:
    return rc;
}

#define RIGHTS_READ_FILE LANDLOCK_ACCESS_FS_READ_FILE
#define RIGHTS_READ_DIR (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define RIGHTS_CREATE (LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_WRITE_FILE)
#define RIGHTS_EXEC_FILE (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE)
#define RIGHTS_EXEC_DIR (RIGHTS_READ_DIR | LANDLOCK_ACCESS_FS_EXECUTE)
/* A tree being built; REFER and TRUNCATE only where the ABI has them
 * (a right the ruleset does not handle makes the rule invalid). */
#define RIGHTS_TREE (RIGHTS_READ_DIR | RIGHTS_CREATE | LANDLOCK_ACCESS_FS_MAKE_DIR | \
                     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | \
                     LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE)

static int add_rules(int ruleset, const struct os_landlock *l, uint64_t handled)
{
    int rc = 0;
    size_t i;

    if (l->create_dirfd >= 0)
        rc = add_rule(ruleset, l->create_dirfd, RIGHTS_CREATE);
    for (i = 0; rc == 0 && i < l->n_tree_dirfds; i++)
        rc = add_rule(ruleset, l->tree_dirfds[i], RIGHTS_TREE & handled);
    for (i = 0; rc == 0 && i < l->n_read_files; i++)
        rc = add_path_rule(ruleset, l->read_files[i], RIGHTS_READ_FILE, 0);
    for (i = 0; rc == 0 && i < l->n_read_dirs; i++)
        rc = add_path_rule(ruleset, l->read_dirs[i], 0, RIGHTS_READ_DIR);
    for (i = 0; rc == 0 && i < l->n_exec_dirs; i++)
        rc = add_path_rule(ruleset, l->exec_dirs[i], RIGHTS_EXEC_FILE, RIGHTS_EXEC_DIR);
    return rc;
}

int os_confine_landlock(const struct os_landlock *l, int *abi, char *err, size_t errlen)
{
    struct landlock_ruleset_attr attr = { 0 };
    int v = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
                         LANDLOCK_CREATE_RULESET_VERSION);
    int ruleset = -1, rc = OS_CONFINE_UNAVAILABLE;

    if (v < 1)
        goto out;
    attr.handled_access_fs = handled_rights(v);
    rc = OS_CONFINE_FAILED;
    ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
    if (ruleset < 0 || add_rules(ruleset, l, attr.handled_access_fs) != 0 ||
        syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
        snprintf(err, errlen, "Landlock: %s", strerror(errno));
        goto out;
    }
    *abi = v;
    rc = OS_CONFINE_ACTIVE;
out:
    if (ruleset >= 0)
        close(ruleset);
    return rc;
}

int os_confine_report(const char *prog, const char *mounts_text, int mounts, int landlock,
                      int abi, char *err, size_t errlen)
{
    if (mounts != OS_CONFINE_ACTIVE && landlock != OS_CONFINE_ACTIVE) {
        snprintf(err, errlen, "refusing to run: no filesystem confinement (a mount "
                 "namespace needs root, Landlock needs Linux 5.13+ with it enabled)");
        return -1;
    }
    if (mounts == OS_CONFINE_ACTIVE && landlock == OS_CONFINE_ACTIVE)
        fprintf(stderr, "%s: confinement: mount namespace (%s) + Landlock ABI %d\n",
                prog, mounts_text, abi);
    else if (mounts == OS_CONFINE_ACTIVE)
        fprintf(stderr, "%s: confinement: mount namespace (%s); no Landlock in this "
                "kernel\n", prog, mounts_text);
    else
        fprintf(stderr, "%s: confinement: Landlock ABI %d; no mount namespace (not "
                "root)\n", prog, abi);
    return 0;
}
