/* airlock-sigcheck: no new privileges, never root. */
#include "harden.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* 0 if every id of the process is UID/GID and it has no groups. */
static int check_dropped(uid_t uid, gid_t gid)
{
    uid_t r, e, s;
    gid_t gr, ge, gs;
    int rc = -1;

    if (getresuid(&r, &e, &s) != 0 || r != uid || e != uid || s != uid)
        goto out;
    if (getresgid(&gr, &ge, &gs) != 0 || gr != gid || ge != gid || gs != gid)
        goto out;
    if (getgroups(0, NULL) != 0)
        goto out;
    if (setuid(0) == 0)
        goto out;
    rc = 0;
out:
    return rc;
}

static int drop_to(const struct passwd *pw, char *err, size_t errlen)
{
    int rc = -1;

    if (pw->pw_uid == 0) {
        snprintf(err, errlen, "--user %s is root", pw->pw_name);
        goto out;
    }
    if (setgroups(0, NULL) != 0 ||
        setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
        setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0 ||
        check_dropped(pw->pw_uid, pw->pw_gid) != 0) {
        snprintf(err, errlen, "cannot drop privileges to %s: %s", pw->pw_name,
                 strerror(errno));
        goto out;
    }
    rc = 0;
out:
    return rc;
}

int sc_harden(const char *user, char *err, size_t errlen)
{
    const struct passwd *pw = NULL;
    int rc = -1;

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
            rc = drop_to(pw, err, errlen);
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
