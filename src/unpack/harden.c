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

static int switch_to(const struct up_user *u, char *err, size_t errlen)
{
    int rc = -1;

    if (os_drop_to(u->uid, u->gid) != 0) {
        snprintf(err, errlen, "cannot switch to user %s: %s", u->name, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    return rc;
}

int up_find_user(const char *user, struct up_user *u, char *err, size_t errlen)
{
    const struct passwd *pw = NULL;
    int root = getuid() == 0 || geteuid() == 0;
    int rc = -1;

    u->do_switch = 0;
    if (user != NULL) {
        pw = getpwnam(user);
        if (pw == NULL) {
            snprintf(err, errlen, "--user %s: unknown user", user);
            goto out;
        }
    }
    if (root && pw == NULL) {
        snprintf(err, errlen, "running as root needs --user NAME");
    } else if (root && pw->pw_uid == 0) {
        snprintf(err, errlen, "--user %s: refusing a root user", pw->pw_name);
    } else if (!root && pw != NULL && pw->pw_uid != getuid()) {
        snprintf(err, errlen, "--user %s: only root can switch users", user);
    } else {
        if (root) {
            *u = (struct up_user){ .uid = pw->pw_uid, .gid = pw->pw_gid, .do_switch = 1 };
            snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
        }
        rc = 0;
    }
out:
    return rc;
}

int up_switch_user(const struct up_user *u, char *err, size_t errlen)
{
    return u->do_switch ? switch_to(u, err, errlen) : 0;
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
    struct rlimit nofile = { UP_MAX_FDS, UP_MAX_FDS };
    struct rlimit as = { UP_MAX_AS, UP_MAX_AS };
    struct rlimit fsize = { 0, 0 };
    int rc = -1;

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        goto out;
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
        setrlimit(RLIMIT_CORE, &none) != 0 ||
        setrlimit(RLIMIT_NPROC, &none) != 0 ||
        setrlimit(RLIMIT_NOFILE, &nofile) != 0 ||
        setrlimit(RLIMIT_AS, &as) != 0 ||
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
