/* user.c -- unprivileged users (user.h). */
#include "user.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

int os_user_lookup(const char *name, uid_t *uid, gid_t *gid)
{
    struct passwd *pw;

    errno = 0;
    pw = getpwnam(name);
    if (pw == NULL) {
        if (errno == 0)
            errno = ENOENT;
        return -1;
    }
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    return 0;
}

/* Every uid and gid is the target's, there are no groups, and root cannot
 * be regained. */
static int is_dropped_to(uid_t uid, gid_t gid)
{
    uid_t ru, eu, su;
    gid_t rg, eg, sg;

    if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0)
        return 0;
    return ru == uid && eu == uid && su == uid && rg == gid && eg == gid &&
           sg == gid && getgroups(0, NULL) == 0 && (uid == 0 || setuid(0) != 0);
}

int os_drop_to(uid_t uid, gid_t gid)
{
    if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 ||
        setresuid(uid, uid, uid) != 0)
        return -1;
    if (!is_dropped_to(uid, gid)) {
        errno = EPERM;
        return -1;
    }
    return 0;
}
