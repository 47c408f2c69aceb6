/* harden.c -- process hardening of airlock-unpack (harden.h). */
#include "harden.h"
#include "user.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static int switch_to(const struct passwd *pw, char *err, size_t errlen)
{
    int rc = -1;

    if (pw->pw_uid == 0) {
        snprintf(err, errlen, "--user %s: refusing a root user", pw->pw_name);
        goto out;
    }
    if (os_drop_to(pw->pw_uid, pw->pw_gid) != 0) {
        snprintf(err, errlen, "cannot switch to user %s: %s", pw->pw_name,
                 strerror(errno));
        goto out;
    }
    rc = 0;
out:
    return rc;
}

int up_drop_user(const char *user, char *err, size_t errlen)
{
    const struct passwd *pw = NULL;
    int root = getuid() == 0 || geteuid() == 0;
    int rc = -1;

    if (user != NULL) {
        pw = getpwnam(user);
        if (pw == NULL) {
            snprintf(err, errlen, "--user %s: unknown user", user);
            goto out;
        }
    }
    if (root && pw == NULL)
        snprintf(err, errlen, "running as root needs --user NAME");
    else if (root)
        rc = switch_to(pw, err, errlen);
    else if (pw != NULL && pw->pw_uid != getuid())
        snprintf(err, errlen, "--user %s: only root can switch users", user);
    else
        rc = 0;
out:
    return rc;
}

/* Lower *r to max_bytes (never raise it: a lower limit stays). */
static int fsize_at(struct rlimit *r, uint64_t max_bytes)
{
    if (r->rlim_max == RLIM_INFINITY || r->rlim_max > (rlim_t)max_bytes)
        r->rlim_max = (rlim_t)max_bytes;
    r->rlim_cur = r->rlim_max;
    return 0;
}

int up_limit_process(uint64_t max_bytes, char *err, size_t errlen)
{
    struct rlimit none = { 0, 0 };
    struct rlimit fsize = { 0, 0 };
    int rc = -1;

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        goto out;
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
        setrlimit(RLIMIT_CORE, &none) != 0 ||
        signal(SIGXFSZ, SIG_IGN) == SIG_ERR ||
        getrlimit(RLIMIT_FSIZE, &fsize) != 0 ||
        fsize_at(&fsize, max_bytes) != 0 ||
        setrlimit(RLIMIT_FSIZE, &fsize) != 0) {
        snprintf(err, errlen, "resource limits: %s", strerror(errno));
        goto out;
    }
    rc = 0;
out:
    return rc;
}
