/* airlock-sigcheck: librpm set-up with the policy fixed in code. */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>

#include <rpm/rpmlib.h>
#include <rpm/rpmmacro.h>

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
    /* Macros only matter for anything librpm might still consult. */
    rpmPushMacro(NULL, "_dbpath", NULL, SC_NO_DBPATH, RMIL_CMDLINE);
    rpmPushMacro(NULL, "_pkgverify_level", NULL, "all", RMIL_CMDLINE);
    rpmPushMacro(NULL, "_pkgverify_flags", NULL, "0", RMIL_CMDLINE);
    rpmPushMacro(NULL, "__vsflags", NULL, "0", RMIL_CMDLINE);
    rc = 0;
out:
    return rc;
}

rpmts sc_ts_new(rpmKeyring keyring)
{
    rpmts ts = rpmtsCreate();

    if (ts == NULL)
        goto out;
    if (rpmtsSetRootDir(ts, "/") != 0 || rpmtsSetKeyring(ts, keyring) != 0) {
        ts = rpmtsFree(ts);
        goto out;
    }
    /* rpmReadPackageFile() (rpmcheck.c) checks, per the VS flags, every
     * header-range item: header signatures, header SHA-1/SHA-256. The
     * payload range (payload digests, legacy MD5, v3 header+payload
     * signatures) is switched off because verify.c hashes the payload
     * itself, once. rpmReadPackageFile() applies no level (it requires
     * nothing to be present): verify.c requires the header signature and
     * the payload digest. The Vfy level/flags are set strict anyway, for
     * anything else in librpm that might consult them. */
    rpmtsSetVSFlags(ts, RPMVSF_MASK_NOPAYLOAD);
    rpmtsSetVfyFlags(ts, RPMVSF_DEFAULT);
    rpmtsSetVfyLevel(ts, RPMSIG_SIGNATURE_TYPE | RPMSIG_DIGEST_TYPE);
out:
    return ts;
}
