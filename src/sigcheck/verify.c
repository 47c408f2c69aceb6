/* airlock-sigcheck: verify one open package (shared with the fuzzer). */
#include "verify.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rpm/header.h>
#include <rpm/rpmcrypto.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmtag.h>

#include "layout.h"
#include "rpmcheck.h"

#define SC_CHUNK ((size_t)256 << 10)   /* payload read size */

#define SC_HEX_MAX 128                 /* SHA-512 in hex */

/* The payload digest the signed header names: its algorithm and its hex
 * value, copied to hex[SC_HEX_MAX + 1]. SC_OK or SC_NO_PAYLOAD_DIGEST. */
static enum sc_code payload_digest(Header h, int *algo, char *hex,
                                   struct sc_verdict *v)
{
    enum sc_code code = SC_NO_PAYLOAD_DIGEST;
    struct rpmtd_s td;
    const char *s = NULL;
    uint64_t untrusted_algo;

    sc_verdict_set(v, code, "header has no payload digest");
    if (!headerGet(h, RPMTAG_PAYLOADDIGEST, &td, HEADERGET_MINMEM))
        goto out;
    s = rpmtdCount(&td) == 1 ? rpmtdNextString(&td) : NULL;
    if (s != NULL && strlen(s) <= SC_HEX_MAX)
        strcpy(hex, s);
    rpmtdFreeData(&td);
    untrusted_algo = headerGetNumber(h, RPMTAG_PAYLOADDIGESTALGO);
    if (hex[0] == '\0' || untrusted_algo == 0)
        goto out;
    if (untrusted_algo != PGPHASHALGO_SHA256 && untrusted_algo != PGPHASHALGO_SHA384 &&
        untrusted_algo != PGPHASHALGO_SHA512) {
        sc_verdict_set(v, code, "payload digest algorithm %llu not accepted",
                       (unsigned long long)untrusted_algo);
        goto out;
    }
    *algo = (int)untrusted_algo;
    code = SC_OK;
    sc_verdict_set(v, code, NULL);
out:
    return code;
}

/* Hash FD from its position to end of file with ALGO; compare with HEX.
 * Every chunk also goes to WHOLE, when not NULL. */
static enum sc_code hash_payload(int fd, int algo, const char *hex, DIGEST_CTX whole,
                                 struct sc_verdict *v)
{
    unsigned char *buf = malloc(SC_CHUNK);
    DIGEST_CTX ctx = rpmDigestInit(algo, RPMDIGEST_NONE);
    char *got = NULL;
    long n = 0;

    sc_verdict_set(v, SC_INTERNAL, "cannot hash the payload");
    if (buf == NULL || ctx == NULL)
        goto out;
    while ((n = sc_read_full(fd, buf, SC_CHUNK)) > 0) {
        rpmDigestUpdate(ctx, buf, (size_t)n);
        if (whole != NULL)
            rpmDigestUpdate(whole, buf, (size_t)n);
    }
    if (n < 0) {
        sc_verdict_set(v, SC_READ_ERROR, "%s", strerror(errno));
        goto out;
    }
    rpmDigestFinal(ctx, (void **)&got, NULL, 1);
    ctx = NULL;
    if (got != NULL && strcmp(got, hex) == 0)
        sc_verdict_set(v, SC_OK, NULL);
    else if (got != NULL)
        sc_verdict_set(v, SC_PAYLOAD_DIGEST, "expected %.64s, got %.64s", hex, got);
out:
    if (ctx != NULL)
        rpmDigestFinal(ctx, NULL, NULL, 0);
    free(got);
    free(buf);
    return v->code;
}

/* Import a header of LAY (at OFF, LEN bytes with magic). NULL on error. */
static Header import_header(const struct sc_layout *lay, size_t off, size_t len)
{
    /* headerImport wants the blob without its 8 bytes of magic. */
    return headerImport(lay->buf + off + 8, (unsigned int)(len - 8), HEADERIMPORT_COPY);
}

/* SC_OK if the signature header SIGH (NULL: it did not import) holds a
 * header-only signature. librpm has verified every such tag by now
 * (rpmcheck.h); this is the rule "a signature is required" that its level
 * would have enforced. */
static enum sc_code require_signature(Header sigh, struct sc_verdict *v)
{
    if (sigh == NULL)
        sc_verdict_set(v, SC_MALFORMED, "signature header does not import");
    else if (headerIsEntry(sigh, RPMSIGTAG_RSA) || headerIsEntry(sigh, RPMSIGTAG_DSA))
        sc_verdict_set(v, SC_OK, NULL);
    else
        sc_verdict_set(v, SC_NOT_SIGNED, "no header signature");
    return v->code;
}

/* Finish WHOLE into sum->sha256 and add createrepo_c's cache key. */
static void finish_sum(DIGEST_CTX whole, Header sigh, Header h, int fd,
                       struct sc_filesum *sum)
{
    char *hex = NULL;

    rpmDigestFinal(whole, (void **)&hex, NULL, 1);
    if (hex != NULL && strlen(hex) == SC_SHA256_HEX && sc_filesum_key(sigh, h, fd, sum) == 0)
        memcpy(sum->sha256, hex, SC_SHA256_HEX + 1);
    free(hex);
}

enum sc_code sc_verify_fd(int fd, rpmts ts, struct sc_verdict *v)
{
    return sc_verify_fd_sum(fd, ts, v, NULL);
}

enum sc_code sc_verify_fd_sum(int fd, rpmts ts, struct sc_verdict *v, struct sc_filesum *sum)
{
    struct sc_layout lay = { NULL, 0, 0, 0 };
    Header sigh = NULL, h = NULL;
    DIGEST_CTX whole = NULL;
    char hex[SC_HEX_MAX + 1] = "";
    int algo = 0;

    if (sum != NULL)
        sum->sha256[0] = '\0';
    if (sc_layout_read(fd, &lay, v) != SC_OK)
        goto out;
    if (sc_rpm_check_headers(&lay, ts, v) != SC_OK)
        goto out;
    sigh = import_header(&lay, SC_LEAD_SIZE, lay.sig_len);
    if (require_signature(sigh, v) != SC_OK)
        goto out;
    h = import_header(&lay, lay.hdr_off, lay.len - lay.hdr_off);
    if (h == NULL) {
        sc_verdict_set(v, SC_MALFORMED, "header does not import");
        goto out;
    }
    if (payload_digest(h, &algo, hex, v) != SC_OK)
        goto out;
    if (sum != NULL) {
        whole = rpmDigestInit(PGPHASHALGO_SHA256, RPMDIGEST_NONE);
        if (whole != NULL)
            rpmDigestUpdate(whole, lay.buf, lay.len);
    }
    if (hash_payload(fd, algo, hex, whole, v) == SC_OK && whole != NULL) {
        finish_sum(whole, sigh, h, fd, sum);
        whole = NULL;
    }
out:
    if (whole != NULL)
        rpmDigestFinal(whole, NULL, NULL, 0);
    headerFree(h);
    headerFree(sigh);
    free(lay.buf);
    return v->code;
}
