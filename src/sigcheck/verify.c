/* airlock-sigcheck: verify one open package (shared with the fuzzer). */
#include "verify.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gcrypt.h>
#include <rpm/header.h>
#include <rpm/rpmtag.h>

#include "layout.h"
#include "pgp.h"
#include "canon.h"
#include "copy.h"
#include "rollback.h"
#include "sigverify.h"

#define SC_CHUNK ((size_t)256 << 10)   /* payload read size */
#define SC_SHA256_LEN 32
#define SC_V3_MAX 2

struct pkg {
    struct sc_layout lay;
    struct sc_sighdr sh;
    const uint8_t *hdr;          /* the main header, magic included */
    size_t hdr_len;
    Header h;                    /* imported only once its signature verified */
    char want[2 * SC_SHA256_LEN + 1];
    gcry_md_hd_t pay, md5, whole;
    struct sc_sigjob v3[SC_V3_MAX];
    unsigned nv3;
    char hex256[2 * SC_SHA256_LEN + 1];   /* airlock's SHA-256 of the header */
    const struct sc_refs *refs;  /* rollback check against these, or NULL */
    struct sc_copy copy;         /* copy.fd: the unnamed copy to write, or -1 */
    uint8_t *canon;              /* the canonical signature header, when copying */
    size_t canon_len;
    struct sc_sighdr canon_sh;
    char signer[sizeof(((struct sc_verdict *)0)->signer)];   /* of the header signature */
};

/* Every header signature present must verify; at least one must exist. */
static enum sc_code header_signatures(struct pkg *p, struct sc_keyring *kr,
                                      struct sc_verdict *v)
{
    unsigned n = 0;

    sc_verdict_set(v, SC_OK, NULL);
    for (unsigned i = 0; i < p->sh.n && v->code == SC_OK; i++) {
        struct sc_sigjob j;
        if (p->sh.item[i].role != SC_ROLE_HDRSIG)
            continue;
        if (sc_sig_prepare(&j, &p->sh.item[i], kr, v) != SC_OK) {
            sc_sig_close(&j);
            break;
        }
        gcry_md_write(j.md, p->hdr, p->hdr_len);
        if (sc_sig_finish(&j, kr, v) == SC_OK) {
            memcpy(p->signer, v->signer, sizeof(p->signer));
            n++;
        }
    }
    if (v->code == SC_OK && n == 0)
        sc_verdict_set(v, SC_NOT_SIGNED, "no header signature (tag 267 or 268)");
    return v->code;
}

/* ALGO's digest of the header, in hex, into HEX. */
static void header_hex(const struct pkg *p, int algo, char *hex)
{
    uint8_t d[64];

    gcry_md_hash_buffer(algo, d, p->hdr, p->hdr_len);
    sc_hex(d, gcry_md_get_algo_dlen(algo), hex);
}

/* A hex digest item IT holds exactly HEX. */
static int item_is(const struct sc_sigitem *it, const char *hex)
{
    return it->len == strlen(hex) && memcmp(it->data, hex, it->len) == 0;
}

static enum sc_code header_digests_and_sizes(struct pkg *p, struct sc_verdict *v)
{
    uint64_t real = p->lay.size - p->lay.rpm.main_off;
    char sha1[41] = "";

    sc_verdict_set(v, SC_OK, NULL);
    header_hex(p, GCRY_MD_SHA256, p->hex256);   /* once: checked here, kept for the copy */
    if (sc_sighdr_find(&p->sh, 269) != NULL)
        header_hex(p, GCRY_MD_SHA1, sha1);
    /* rpm refuses a package with no signature-header digest ("no
     * digest"); the canonical copy always carries airlock's own. */
    if (p->copy.fd < 0 && sc_sighdr_find(&p->sh, 273) == NULL) {
        sc_verdict_set(v, SC_HEADER_DIGEST, "no SHA-256 header digest (tag 273): rpm would "
                       "refuse the package");
        return v->code;
    }
    for (unsigned i = 0; i < p->sh.n && v->code == SC_OK; i++) {
        const struct sc_sigitem *it = &p->sh.item[i];
        if ((it->role == SC_ROLE_SHA1 && !item_is(it, sha1)) ||
            (it->role == SC_ROLE_SHA256 && !item_is(it, p->hex256)))
            sc_verdict_set(v, SC_HEADER_DIGEST, "tag %u (%s): does not match the header",
                           it->tag, it->name);
        else if (it->role == SC_ROLE_SIZE && it->value != real)
            sc_verdict_set(v, SC_SIZE_MISMATCH, "tag %u (%s): says %llu, header and payload are "
                           "%llu bytes", it->tag, it->name, (unsigned long long)it->value,
                           (unsigned long long)real);
    }
    return v->code;
}

/* From the authenticated header: the payload digest, SHA-256 only (rpm
 * 4.18 checks PAYLOADDIGEST as SHA-256 whatever the header says). */
static enum sc_code payload_digest(struct pkg *p, struct sc_verdict *v)
{
    struct rpmtd_s td;
    const char *s = NULL;
    uint64_t algo;

    p->h = headerImport((void *)(p->hdr + 8), (unsigned)(p->hdr_len - 8), HEADERIMPORT_COPY);
    sc_verdict_set(v, SC_MALFORMED, "signed header is refused by librpm");
    if (p->h == NULL)
        goto out;
    sc_verdict_set(v, SC_NO_PAYLOAD_DIGEST, "header has no payload digest");
    if (!headerGet(p->h, RPMTAG_PAYLOADDIGEST, &td, HEADERGET_MINMEM))
        goto out;
    s = rpmtdCount(&td) == 1 ? rpmtdNextString(&td) : NULL;
    if (s != NULL && strlen(s) == 2 * SC_SHA256_LEN)
        memcpy(p->want, s, sizeof(p->want));
    rpmtdFreeData(&td);
    algo = headerGetNumber(p->h, RPMTAG_PAYLOADDIGESTALGO);
    if (algo != SC_PGP_SHA256) {
        sc_verdict_set(v, SC_BAD_ALGORITHM, "payload digest algorithm %llu (%s): rpm 4.18 "
                       "checks only SHA-256", (unsigned long long)algo, sc_pgp_hash_name((unsigned)algo));
        goto out;
    }
    if (p->want[0] != '\0')
        sc_verdict_set(v, SC_OK, NULL);
out:
    return v->code;
}

/* Copy mode: encode the canonical signature header, start the unnamed
 * copy with lead, that header, padding and the main header, as the whole-
 * file hash's start too. */
static enum sc_code start_copy(struct pkg *p, struct sc_verdict *v)
{
    static const uint8_t zeros[8];
    size_t cap = sc_canon_sighdr_max(&p->sh), pad;

    sc_verdict_set(v, SC_INTERNAL, "cannot encode the canonical signature header");
    p->canon = malloc(cap);
    if (p->canon == NULL)
        return v->code;
    p->canon_len = sc_canon_sighdr(&p->sh, p->hex256, p->lay.size - p->lay.rpm.main_off, p->canon,
                                  cap);
    if (p->canon_len == 0 || sc_sighdr_parse(p->canon, p->canon_len, &p->canon_sh, v) != SC_OK) {
        sc_verdict_set(v, SC_INTERNAL, "canonical signature header does not parse");
        return v->code;
    }
    pad = (8 - (AL_RPM_LEAD + p->canon_len) % 8) % 8;
    sc_copy_write(&p->copy, p->lay.buf, AL_RPM_LEAD);
    sc_copy_write(&p->copy, p->canon, p->canon_len);
    sc_copy_write(&p->copy, zeros, pad);
    sc_copy_write(&p->copy, p->hdr, p->hdr_len);
    if (p->whole != NULL) {
        gcry_md_write(p->whole, p->lay.buf, AL_RPM_LEAD);
        gcry_md_write(p->whole, p->canon, p->canon_len);
        gcry_md_write(p->whole, zeros, pad);
        gcry_md_write(p->whole, p->hdr, p->hdr_len);
    }
    sc_verdict_set(v, SC_OK, NULL);
    return v->code;
}

/* Plain mode: the legacy MD5 and v3 signatures over header + payload, as
 * rpm -K would check them in the file as it is. (A canonical copy drops
 * them instead.) */
static enum sc_code start_legacy(struct pkg *p, struct sc_keyring *kr, struct sc_verdict *v)
{
    sc_verdict_set(v, SC_INTERNAL, "cannot start a hash");
    if (sc_sighdr_find(&p->sh, 1004) != NULL && gcry_md_open(&p->md5, GCRY_MD_MD5, 0) != 0) {
        p->md5 = NULL;
        return v->code;
    }
    if (p->md5 != NULL)
        gcry_md_write(p->md5, p->hdr, p->hdr_len);
    if (p->whole != NULL)
        gcry_md_write(p->whole, p->lay.buf, p->lay.len);
    sc_verdict_set(v, SC_OK, NULL);
    for (unsigned i = 0; i < p->sh.n && v->code == SC_OK && p->nv3 < SC_V3_MAX; i++) {
        if (p->sh.item[i].role != SC_ROLE_V3SIG)
            continue;
        if (sc_sig_prepare(&p->v3[p->nv3], &p->sh.item[i], kr, v) == SC_OK)
            gcry_md_write(p->v3[p->nv3].md, p->hdr, p->hdr_len);
        p->nv3++;
    }
    return v->code;
}

/* Open the hashes the payload feeds: its SHA-256, the whole file for SUM,
 * then the plain or the copy mode's. */
static enum sc_code start_hashes(struct pkg *p, struct sc_keyring *kr, int sum,
                                 struct sc_verdict *v)
{
    sc_verdict_set(v, SC_INTERNAL, "cannot start a hash");
    if (gcry_md_open(&p->pay, GCRY_MD_SHA256, 0) != 0 ||
        (sum && gcry_md_open(&p->whole, GCRY_MD_SHA256, 0) != 0))
        return v->code;
    return p->copy.fd >= 0 ? start_copy(p, v) : start_legacy(p, kr, v);
}

static void feed(struct pkg *p, const unsigned char *buf, size_t n)
{
    gcry_md_write(p->pay, buf, n);
    if (p->copy.fd >= 0)
        sc_copy_write(&p->copy, buf, n);
    if (p->md5 != NULL)
        gcry_md_write(p->md5, buf, n);
    if (p->whole != NULL)
        gcry_md_write(p->whole, buf, n);
    for (unsigned i = 0; i < p->nv3; i++)
        gcry_md_write(p->v3[i].md, buf, n);
}

/* Read the payload: exactly the bytes up to the size at the start. */
static enum sc_code stream(int fd, struct pkg *p, struct sc_verdict *v)
{
    uint64_t left = p->lay.size - p->lay.len;
    unsigned char *buf = malloc(SC_CHUNK);
    struct stat st;
    long n = 0;

    sc_verdict_set(v, SC_INTERNAL, "out of memory");
    while (buf != NULL && left > 0) {
        n = sc_read_full(fd, buf, left < SC_CHUNK ? (size_t)left : SC_CHUNK);
        if (n <= 0)
            break;
        feed(p, buf, (size_t)n);
        left -= (uint64_t)n;
    }
    if (buf != NULL && n < 0)
        sc_verdict_set(v, SC_READ_ERROR, "%s", strerror(errno));
    else if (buf != NULL && (left > 0 || fstat(fd, &st) != 0 || (uint64_t)st.st_size != p->lay.size))
        sc_verdict_set(v, SC_FILE_CHANGED, "size changed while read (was %llu bytes)",
                       (unsigned long long)p->lay.size);
    else if (buf != NULL)
        sc_verdict_set(v, SC_OK, NULL);
    free(buf);
    return v->code;
}

static enum sc_code compare(struct pkg *p, struct sc_keyring *kr, struct sc_verdict *v)
{
    char got[2 * SC_SHA256_LEN + 1];
    const struct sc_sigitem *md5 = sc_sighdr_find(&p->sh, 1004);

    sc_hex(gcry_md_read(p->pay, GCRY_MD_SHA256), SC_SHA256_LEN, got);
    if (strcmp(got, p->want) != 0)
        sc_verdict_set(v, SC_PAYLOAD_DIGEST, "expected %.64s, got %.64s", p->want, got);
    else if (md5 != NULL && p->md5 != NULL &&
             memcmp(gcry_md_read(p->md5, GCRY_MD_MD5), md5->data, 16) != 0)
        sc_verdict_set(v, SC_LEGACY_DIGEST, "tag 1004 (%s): does not match header and payload",
                       md5->name);
    else
        sc_verdict_set(v, SC_OK, NULL);
    for (unsigned i = 0; i < p->nv3 && v->code == SC_OK; i++)
        sc_sig_finish(&p->v3[i], kr, v);
    return v->code;
}

/* Finish the whole-file hash into sum->sha256 and add the cache key. */
static void finish_sum(struct pkg *p, int fd, struct sc_filesum *sum)
{
    char hex[2 * SC_SHA256_LEN + 1];

    sc_hex(gcry_md_read(p->whole, GCRY_MD_SHA256), SC_SHA256_LEN, hex);
    if (sc_filesum_key(p->canon != NULL ? &p->canon_sh : &p->sh, p->h, fd, sum) == 0)
        memcpy(sum->sha256, hex, sizeof(hex));
}

static void release(struct pkg *p)
{
    for (unsigned i = 0; i < p->nv3; i++)
        sc_sig_close(&p->v3[i]);
    if (p->pay != NULL)
        gcry_md_close(p->pay);
    if (p->md5 != NULL)
        gcry_md_close(p->md5);
    if (p->whole != NULL)
        gcry_md_close(p->whole);
    headerFree(p->h);
    free(p->lay.buf);
    free(p->canon);
}

/* Last, on a package whose every signature and digest checked out: not
 * older than what dom0 has installed or published (rollback.h). */
static enum sc_code not_older(const struct pkg *p, struct sc_verdict *v)
{
    return p->refs != NULL ? sc_refs_check(p->refs, p->h, v) : v->code;
}

/* Copy mode, after every check passed: the copy's mode and times (the
 * caller names it). */
static enum sc_code finish_copy(int fd, struct pkg *p, struct sc_verdict *v)
{
    struct stat st;

    if (p->copy.fd < 0)
        return v->code;
    if (fstat(fd, &st) != 0 || sc_copy_finish(&p->copy, &st) != 0)
        sc_verdict_set(v, SC_WRITE_ERROR, "the copy: %s", strerror(errno));
    return v->code;
}

/* Steps 1-2: the size at the start, the bytes up to the payload as
 * al_rpm_check accepted them (layout.h), the signature header's items as
 * it describes them. Nothing else has parsed these bytes before. */
static enum sc_code read_headers(int fd, struct pkg *p, struct sc_verdict *v)
{
    struct stat st;

    if (fstat(fd, &st) != 0) {
        sc_verdict_set(v, SC_READ_ERROR, "%s", strerror(errno));
        return v->code;
    }
    if (sc_layout_read(fd, (uint64_t)st.st_size, &p->lay, v) != SC_OK)
        return v->code;
    p->hdr = p->lay.buf + p->lay.rpm.main_off;
    p->hdr_len = p->lay.rpm.main_size;
    return sc_sighdr_items(p->lay.buf + p->lay.rpm.sig_data, p->lay.rpm.item, p->lay.rpm.sig_il,
                           &p->sh, v);
}

enum sc_code sc_verify_fd(int fd, struct sc_keyring *kr, struct sc_verdict *v)
{
    return sc_verify_fd_refs(fd, kr, NULL, v, NULL, -1);
}

enum sc_code sc_verify_fd_sum(int fd, struct sc_keyring *kr, struct sc_verdict *v,
                              struct sc_filesum *sum)
{
    return sc_verify_fd_refs(fd, kr, NULL, v, sum, -1);
}

enum sc_code sc_verify_fd_out(int fd, struct sc_keyring *kr, struct sc_verdict *v,
                              struct sc_filesum *sum, int out_dirfd, const char *out_name)
{
    int copy_fd = sc_copy_open(out_dirfd);

    if (copy_fd < 0)
        sc_verdict_set(v, SC_WRITE_ERROR, "cannot create the copy: %s", strerror(errno));
    else if (sc_verify_fd_refs(fd, kr, NULL, v, sum, copy_fd) == SC_OK &&
             sc_copy_link(copy_fd, out_dirfd, out_name) != 0)
        sc_verdict_set(v, SC_WRITE_ERROR, "%s: %s", out_name, strerror(errno));
    if (copy_fd >= 0)
        close(copy_fd);
    return v->code;
}

enum sc_code sc_verify_fd_refs(int fd, struct sc_keyring *kr, const struct sc_refs *refs,
                               struct sc_verdict *v, struct sc_filesum *sum, int copy_fd)
{
    struct pkg p;

    memset(&p, 0, sizeof(p));
    p.refs = refs;
    p.copy.fd = copy_fd;
    v->signer[0] = '\0';
    if (sum != NULL)
        sum->sha256[0] = '\0';
    if (read_headers(fd, &p, v) == SC_OK &&
        header_signatures(&p, kr, v) == SC_OK &&
        header_digests_and_sizes(&p, v) == SC_OK &&
        payload_digest(&p, v) == SC_OK &&
        start_hashes(&p, kr, sum != NULL, v) == SC_OK &&
        stream(fd, &p, v) == SC_OK &&
        compare(&p, kr, v) == SC_OK && not_older(&p, v) == SC_OK &&
        finish_copy(fd, &p, v) == SC_OK && sum != NULL)
        finish_sum(&p, fd, sum);
    if (v->code == SC_OK)
        memcpy(v->signer, p.signer, sizeof(p.signer));   /* the header signature's key */
    release(&p);
    return v->code;
}
