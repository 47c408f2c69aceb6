/* airlock-sigcheck: createrepo_c's checksum-cache key (see filesum.h). */
#include "filesum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rpm/rpmcrypto.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmtag.h>

/* Add the data of signature-header tag TAG (if present) to CTX: a BIN
 * item's bytes, a STRING's characters without the NUL. */
static void add_tag(DIGEST_CTX ctx, const struct sc_sighdr *sigh, uint32_t tag)
{
    const struct sc_sigitem *it = sc_sighdr_find(sigh, tag);

    if (it != NULL && it->len > 0)
        rpmDigestUpdate(ctx, it->data, it->len);
}

/* The string tag TAG of H into out (cap bytes), "" if absent. */
static void get_string(Header h, rpmTagVal tag, char *out, size_t cap)
{
    const char *v = headerGetString(h, tag);

    snprintf(out, cap, "%s", v != NULL ? v : "");
}

int sc_filesum_key(const struct sc_sighdr *sigh, Header h, int fd, struct sc_filesum *sum)
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
    get_string(h, RPMTAG_NAME, sum->name, sizeof sum->name);
    get_string(h, RPMTAG_VERSION, sum->version, sizeof sum->version);
    get_string(h, RPMTAG_RELEASE, sum->release, sizeof sum->release);
    get_string(h, RPMTAG_ARCH, sum->arch, sizeof sum->arch);
    rc = 0;
out:
    free(hex);
    return rc;
}
