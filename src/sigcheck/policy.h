/*
 * airlock-sigcheck: the verification policy, fixed in code.
 *
 * librpm takes its defaults from macro files (system, /etc, ~/.rpmmacros)
 * and from the environment (RPM_CONFIGDIR). Debian's defaults accept
 * unsigned packages (%_pkgverify_level digest) and point the rpmdb at
 * ~/.rpmdb. None of that may change what airlock-sigcheck accepts, so:
 *  - no macro file is read at all (macrofiles is set to an empty list);
 *  - only the packaged rpmrc (/usr/lib/rpm/rpmrc) is read, for arch tables;
 *  - RPM_CONFIGDIR is removed from the environment;
 *  - %_dbpath points at an absolute path that does not exist, and the
 *    keyring is installed on the transaction set before anything could
 *    open a database, so the system rpmdb is never opened;
 *  - the transaction set's VS flags select every header-range item
 *    (header signatures, header digests); verify.c requires the
 *    signature and hashes the payload itself, once (see sc_ts_new).
 */
#ifndef AIRLOCK_SIGCHECK_POLICY_H
#define AIRLOCK_SIGCHECK_POLICY_H

#include <rpm/rpmts.h>
#include <rpm/rpmkeyring.h>

/* Initialise librpm once per process with the fixed configuration above.
 * Returns 0, or -1 (with a message in err) if librpm cannot start. */
int sc_rpm_init(char *err, size_t errlen);

/* A transaction set that trusts exactly KEYRING (a reference is taken) and
 * verifies with the fixed policy. NULL on failure. Free with rpmtsFree. */
rpmts sc_ts_new(rpmKeyring keyring);

#endif
