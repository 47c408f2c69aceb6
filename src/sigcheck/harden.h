/*
 * airlock-sigcheck: process hardening, done before anything else.
 */
#ifndef AIRLOCK_SIGCHECK_HARDEN_H
#define AIRLOCK_SIGCHECK_HARDEN_H

#include <stddef.h>

/* Set PR_SET_NO_NEW_PRIVS. Then, if the process has uid or euid 0: refuse
 * (return -1) unless USER is given; with USER, enter a private mount
 * namespace where every mount is read-only but WRITE_DIR (the
 * --output-dir, or NULL for none; confine.h), drop every supplementary
 * group and set real/effective/saved gid and uid to USER's, then check
 * the result (ids as wanted, no groups, setuid(0) fails). USER may not be
 * root. A USER given to a non-root process must be that process's own
 * user (no mount namespace then). *MOUNTS gets os_confine_mounts's answer
 * (OS_CONFINE_UNAVAILABLE when not root). Returns 0, or -1 with a message
 * in err. */
int sc_harden(const char *user, const char *write_dir, int *mounts, char *err, size_t errlen);

#endif
