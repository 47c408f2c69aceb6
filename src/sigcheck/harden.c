/* airlock-sigcheck: no new privileges, never root. */
#include "harden.h"
#include "user.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static int drop_to(const struct passwd *pw, char *err, size_t errlen)
{
    int rc = -1;

    if (pw->pw_uid == 0) {
        snprintf(err, errlen, "--user %s is root", pw->pw_name);
        goto out;
    }
    if (os_drop_to(pw->pw_uid, pw->pw_gid) != 0) {
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
