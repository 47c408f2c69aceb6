/*
 * airlock-sigcheck: start librpm and libgcrypt with nothing configurable.
 *
 * librpm is used only to import a header whose signature airlock has
 * already verified (verify.c), and for the digests of filesum.c; no
 * verdict comes from it. It still reads configuration at start, so:
 *  - no macro file is read at all (macrofiles is set to an empty list);
 *  - only the packaged rpmrc (/usr/lib/rpm/rpmrc) is read, for arch tables;
 *  - RPM_CONFIGDIR is removed from the environment;
 *  - %_dbpath points at an absolute path that does not exist.
 */
#ifndef AIRLOCK_SIGCHECK_POLICY_H
#define AIRLOCK_SIGCHECK_POLICY_H

#include <stddef.h>

/* Initialise librpm and libgcrypt once per process. Returns 0, or -1
 * (with a message in err) if either cannot start. */
int sc_rpm_init(char *err, size_t errlen);

#endif
