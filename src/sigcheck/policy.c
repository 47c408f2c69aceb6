/* airlock-sigcheck: librpm set-up with the policy fixed in code. */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>

#include <rpm/rpmlib.h>
#include <rpm/rpmmacro.h>

#include "pkverify.h"

/* The rpmrc shipped by Debian's rpm package (arch/os tables only). */
#define SC_RPMRC "/usr/lib/rpm/rpmrc"
/* Absolute (a relative %_dbpath creates an rpmdb under /) and absent. */
#define SC_NO_DBPATH "/nonexistent/airlock-sigcheck/no-rpmdb"

int sc_rpm_init(char *err, size_t errlen)
{
    int rc = -1;

    if (unsetenv("RPM_CONFIGDIR") != 0) {
        snprintf(err, errlen, "cannot clear RPM_CONFIGDIR");
        goto out;
    }
    macrofiles = "";
    if (rpmReadConfigFiles(SC_RPMRC, NULL) != 0) {
        snprintf(err, errlen, "librpm cannot read %s", SC_RPMRC);
        goto out;
    }
    rpmPushMacro(NULL, "_dbpath", NULL, SC_NO_DBPATH, RMIL_CMDLINE);
    if (sc_pk_init() != 0) {
        snprintf(err, errlen, "libgcrypt does not start");
        goto out;
    }
    rc = 0;
out:
    return rc;
}
