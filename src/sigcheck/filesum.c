/* airlock-sigcheck: createrepo_c's checksum-cache key (see filesum.h). */
#include "filesum.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rpm/rpmcrypto.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmtag.h>

/* Add the data of signature-header tag TAG (if present) to CTX. */
static void add_tag(DIGEST_CTX ctx, Header sigh, rpmTagVal tag)
{
    struct rpmtd_s td;

    if (!headerGet(sigh, tag, &td, HEADERGET_MINMEM))
        return;
    if (td.type == RPM_BIN_TYPE && td.count > 0)
        rpmDigestUpdate(ctx, td.data, td.count);
    else if (td.type == RPM_STRING_TYPE && td.data != NULL)
        rpmDigestUpdate(ctx, td.data, strlen(td.data));
    rpmtdFreeData(&td);
}

int sc_filesum_key(Header sigh, Header h, int fd, struct sc_filesum *sum)
{
    DIGEST_CTX ctx = NULL;
    char *hex = NULL;
    struct stat st;
    int rc = -1;

    sum->cache_key[0] = '\0';
    if (fstat(fd, &st) != 0)
        goto out;
    ctx = rpmDigestInit(PGPHASHALGO_SHA256, RPMDIGEST_NONE);
    if (ctx == NULL)
        goto out;
    add_tag(ctx, sigh, RPMSIGTAG_GPG);
    add_tag(ctx, sigh, RPMSIGTAG_PGP);
    add_tag(ctx, sigh, RPMSIGTAG_SHA1);
    rpmDigestFinal(ctx, (void **)&hex, NULL, 1);
    if (hex == NULL || strlen(hex) != SC_SHA256_HEX)
        goto out;
    memcpy(sum->cache_key, hex, SC_SHA256_HEX + 1);
    sum->installed_size = (unsigned long long)headerGetNumber(h, RPMTAG_LONGSIZE);
    sum->mtime = (long long)st.st_mtime;
    rc = 0;
out:
    free(hex);
    return rc;
}
