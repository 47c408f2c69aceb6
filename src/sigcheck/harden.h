/*
 * airlock-sigcheck: process hardening, done before anything else.
 */
#ifndef AIRLOCK_SIGCHECK_HARDEN_H
#define AIRLOCK_SIGCHECK_HARDEN_H

#include <stddef.h>

/* Set PR_SET_NO_NEW_PRIVS. Then, if the process has uid or euid 0: refuse
 * (return -1) unless USER is given; with USER, drop every supplementary
 * group and set real/effective/saved gid and uid to USER's, then check
 * the result (ids as wanted, no groups, setuid(0) fails). USER may not be
 * root. A USER given to a non-root process must be that process's own
 * user. Returns 0, or -1 with a message in err. */
int sc_harden(const char *user, char *err, size_t errlen);

#endif
