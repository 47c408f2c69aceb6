/* airlock-sigcheck: no new privileges, never root, its own mount namespace. */
#include "harden.h"
#include "user.h"

#include "confine.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static int drop_to(uid_t uid, gid_t gid, const char *name, char *err, size_t errlen)
{
    int rc = -1;

    if (os_drop_to(uid, gid) != 0) {
        snprintf(err, errlen, "cannot drop privileges to %s: %s", name, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    return rc;
}

/* As root: the mount namespace (all read-only but write_dir), then the
 * drop to pw. */
static int confine_and_drop(const struct passwd *pw, const char *write_dir, int *mounts,
                            char *err, size_t errlen)
{
    const char *dirs[1] = { write_dir };
    struct os_mounts m = { .new_root = NULL, .write_dirs = dirs,
                           .n_write_dirs = write_dir != NULL };
    uid_t uid = pw->pw_uid;
    gid_t gid = pw->pw_gid;
    char name[64];
    int rc = -1;

    if (uid == 0) {
        snprintf(err, errlen, "--user %s is root", pw->pw_name);
        goto out;
    }
    snprintf(name, sizeof(name), "%s", pw->pw_name);
    *mounts = os_confine_mounts(&m, err, errlen);
    if (*mounts != OS_CONFINE_FAILED)
        rc = drop_to(uid, gid, name, err, errlen);
out:
    return rc;
}

int sc_harden(const char *user, const char *write_dir, int *mounts, char *err, size_t errlen)
{
    const struct passwd *pw = NULL;
    int rc = -1;

    *mounts = OS_CONFINE_UNAVAILABLE;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        goto out;
    }
    if (user != NULL && (pw = getpwnam(user)) == NULL) {
        snprintf(err, errlen, "--user %s: no such user", user);
        goto out;
    }
    if (getuid() == 0 || geteuid() == 0) {
        if (pw == NULL)
            snprintf(err, errlen, "refusing to run as root without --user NAME");
        else
            rc = confine_and_drop(pw, write_dir, mounts, err, errlen);
        goto out;
    }
    if (pw != NULL && pw->pw_uid != getuid()) {
        snprintf(err, errlen, "--user %s: not root, cannot switch users", user);
        goto out;
    }
    rc = 0;
out:
    return rc;
}
