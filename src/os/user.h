/* user.h -- unprivileged users: look one up, drop to one (src/os). */
#ifndef AIRLOCK_OS_USER_H
#define AIRLOCK_OS_USER_H

#include <sys/types.h>

/* The uid and primary gid of user NAME. Returns 0, or -1 (errno ENOENT
 * if there is no such user). */
int os_user_lookup(const char *name, uid_t *uid, gid_t *gid);

/* Becomes uid:gid with no supplementary groups, for good: drops the
 * groups, then the gid, then the uid, and checks that neither the real,
 * effective nor saved ids can go back to root. Returns 0, or -1 with
 * errno set. */
int os_drop_to(uid_t uid, gid_t gid);

#endif
