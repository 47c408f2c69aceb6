/* rpmcheck.c -- differential harness for the proven RPM prefix checker
 * al_rpm_check (src/core/rpm.c, rpmhdr.c, rpmdata.c, rpmstr.c) against
 * librpm 4.18's own package reader and header import, on the same bytes.
 *
 * The input is a package prefix: lead, signature header, padding, main
 * header, maybe payload bytes after it (the seeds are real packages cut
 * after the main header). al_rpm_check must return a known code. When it
 * accepts, checked here:
 *   - layout: what it reports is what the harness reads from the bytes
 *     itself (sizes, offsets, each signature item's tag, type, count and
 *     data slice), the contract of rpm.h restated;
 *   - package reader: over a memfd holding the input, rpm's own sequence
 *     (rpmpkgRead's) accepts the same prefix and stops exactly where
 *     airlock says the payload starts: rpmLeadRead, rpmReadSignature
 *     (hdrblobRead with region tag 62, then the padding), rpmReadHeader
 *     (region tag 63, exact size, rpm's type check of known tags);
 *   - header import: headerImport(HEADERIMPORT_COPY) imports both headers
 *     too (what airlock-sigcheck uses, spec/RPM.md §6.1);
 *   - contents: in each of those four headers librpm holds exactly the
 *     tags of the index, the region tag aside (62 or 63; librpm keeps the
 *     region entry and adds no other tag, see fuzz/README.md), each with
 *     the index's type and count and the data store's bytes (BIN, CHAR,
 *     INT8 bytes; INT16, INT32, INT64 numbers; STRING text;
 *     STRING_ARRAY, I18NSTRING every string).
 * A disagreement prints "rpmcheck disagreement: ..." and aborts.
 *
 * One disagreement is known and reported (fuzz/README.md, "rpmcheck
 * findings"): airlock accepts a main header that librpm refuses,
 * rpmReadHeader and headerImport alike:
 *   F1 airlock's main-header rules type-check only 5092 and 5093
 *      (spec/RPM.md §6.1, §7.3 D4), rpm every tag it knows (hdrchkTagType;
 *      also in headerImport, which takes the region tag 63 from the blob).
 * (F2, a tag of 2^31 or more, is fixed: spec/RPM.md §3.4 now bounds tags
 * as rpm's int32_t does, and tests/regress/rpmcheck keeps its inputs.)
 * It is tolerated only in exactly its shape: rpmReadHeader fails with
 * rpm's message for the first entry the harness (with librpm's tag table)
 * predicts to fail; the main-header comparison is then skipped. With
 * AIRLOCK_FUZZ_STRICT set it aborts too.
 *
 * AIRLOCK_FUZZ_VERBOSE: one line per input with al_rpm_check's code, and a
 * tally of the codes at exit (the corpus summary of fuzz/README.md).
 * librpm is not instrumented: coverage counts airlock's code only.
 */
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rpm/header.h>
#include <rpm/rpmio.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmtd.h>

#include "fuzz.h"
#include "rpm.h"

/* Exported by librpm 4.18, declared only in its private headers
 * (lib/rpmlead.h, lib/signature.h). */
rpmRC rpmLeadRead(FD_t fd, char **emsg);
rpmRC rpmReadSignature(FD_t fd, Header *sighp, char **msg);

/* One index entry as the harness reads it, with its data d[0 .. len-1]. */
struct ent {
    uint32_t tag, type, count, off, len;
    const uint8_t *d;
};

static int memfd_in = -1;
static int verbose, strict;
static unsigned long tally[AL_RPM_E_MAX + 2];   /* codes, then F1 */

static void disagree(const char *fmt, ...)
{
    va_list ap;

    fputs("rpmcheck disagreement: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be_n(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    while (n--)
        v = v << 8 | *p++;
    return v;
}

static void print_tally(void)
{
    fprintf(stderr, "rpmcheck codes:");
    for (unsigned c = 0; c <= AL_RPM_E_MAX; c++)
        if (tally[c])
            fprintf(stderr, " %u=%lu", c, tally[c]);
    fprintf(stderr, "; tolerated finding F1: %lu\n", tally[AL_RPM_E_MAX + 1]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    verbose = getenv("AIRLOCK_FUZZ_VERBOSE") != NULL;
    strict = getenv("AIRLOCK_FUZZ_STRICT") != NULL;
    memfd_in = memfd_create("fuzz-rpmcheck", MFD_CLOEXEC);
    FUZZ_CHECK(memfd_in >= 0);
    if (verbose)
        atexit(print_tally);
    return 0;
}

/* Entry i of the header at h (il entries, dl data bytes), its data length
 * found from the type as spec/RPM.md §3.2 says (strings up to their NUL
 * within the data before the trailer). */
static struct ent entry(const uint8_t *h, uint32_t il, uint32_t dl, uint32_t i)
{
    static const uint8_t size[10] = { 0, 1, 1, 2, 4, 8, 0, 1, 0, 0 };
    const uint8_t *e = h + 16 + 16 * (size_t)i;
    struct ent r = { be32(e), be32(e + 4), be32(e + 12), be32(e + 8), 0, NULL };
    uint32_t lim = dl - 16, p = r.off, n = r.count;

    r.d = h + 16 + 16 * (size_t)il + r.off;
    if (r.type < 10 && size[r.type] != 0) {
        r.len = r.count * size[r.type];
        if (r.off > lim || (uint64_t)r.count * size[r.type] > lim - r.off)
            disagree("accepted entry %u (tag %u) runs past the data store", i, r.tag);
        return r;
    }
    if (r.type != RPM_STRING_TYPE && r.type != RPM_STRING_ARRAY_TYPE &&
        r.type != RPM_I18NSTRING_TYPE)
        disagree("accepted entry %u (tag %u) has type %u", i, r.tag, r.type);
    while (n > 0 && p < lim)
        if (h[16 + 16 * (size_t)il + p++] == 0)
            n--;
    if (n > 0)
        disagree("accepted entry %u (tag %u): a string without its NUL", i, r.tag);
    r.len = p - r.off;
    return r;
}

/* librpm's (raw) data of an entry are the data store's bytes. */
static int same_data(const struct rpmtd_s *td, const struct ent *e)
{
    static const uint8_t size[10] = { 0, 1, 1, 2, 4, 8, 0, 1, 0, 0 };
    const uint8_t *p = e->d;

    switch (e->type) {
    case RPM_CHAR_TYPE: case RPM_INT8_TYPE: case RPM_BIN_TYPE:
        return memcmp(td->data, e->d, e->len) == 0;
    case RPM_INT16_TYPE: case RPM_INT32_TYPE: case RPM_INT64_TYPE:
        for (uint32_t k = 0; k < e->count; k++) {
            uint64_t v = e->type == RPM_INT16_TYPE ? ((const uint16_t *)td->data)[k] :
                         e->type == RPM_INT32_TYPE ? ((const uint32_t *)td->data)[k] :
                         ((const uint64_t *)td->data)[k];
            if (v != be_n(e->d + (size_t)k * size[e->type], size[e->type]))
                return 0;
        }
        return 1;
    case RPM_STRING_TYPE:
        return strlen(td->data) + 1 == e->len && memcmp(td->data, e->d, e->len) == 0;
    default:    /* STRING_ARRAY, I18NSTRING: count strings back to back */
        for (uint32_t k = 0; k < e->count; k++) {
            const char *s = ((char *const *)td->data)[k];
            size_t l = strlen(s) + 1;
            if (l > (size_t)(e->d + e->len - p) || memcmp(s, p, l) != 0)
                return 0;
            p += l;
        }
        return p == e->d + e->len;
    }
}

/* Is tag among entries 1 .. il-1 of the header at h? */
static int index_has(const uint8_t *h, uint32_t il, uint32_t tag)
{
    for (uint32_t i = 1; i < il; i++)
        if (be32(h + 16 + 16 * (size_t)i) == tag)
            return 1;
    return 0;
}

/* librpm's header hd holds exactly the entries of the header at h: the
 * region tag aside, the same tags, and each with the index's type, count
 * and data. */
static void same_header(Header hd, const uint8_t *h, uint32_t region, const char *which)
{
    uint32_t il = be32(h + 8), dl = be32(h + 12), n = 0;
    HeaderIterator hi;
    rpmTagVal tag;

    for (uint32_t i = 1; i < il; i++) {
        struct ent e = entry(h, il, dl, i);
        struct rpmtd_s td;
        if (!headerGet(hd, e.tag, &td, HEADERGET_RAW | HEADERGET_MINMEM))
            disagree("%s: librpm has no tag %u (entry %u)", which, e.tag, i);
        if (td.type != e.type || td.count != e.count || !same_data(&td, &e))
            disagree("%s: tag %u: librpm type %d count %u, index type %u count %u, or data differ",
                     which, e.tag, (int)td.type, td.count, e.type, e.count);
        rpmtdFreeData(&td);
    }
    hi = headerInitIterator(hd);
    while ((tag = headerNextTag(hi)) != RPMTAG_NOT_FOUND) {
        if ((uint32_t)tag == region)
            continue;
        if (!index_has(h, il, (uint32_t)tag))
            disagree("%s: librpm holds tag %d, not in the index", which, (int)tag);
        n++;
    }
    headerFreeIterator(hi);
    if (n != il - 1)
        disagree("%s: librpm holds %u tags, the index %u", which, n, il - 1);
}

/* The layout airlock reports is the one the bytes give (rpm.h). */
static void check_layout(const uint8_t *b, size_t n, const struct al_rpm_layout *lay)
{
    const uint8_t *s = b + AL_RPM_LEAD, *m;
    uint32_t il = be32(s + 8), dl = be32(s + 12), size = 16 + 16 * il + dl;

    FUZZ_CHECK(lay->sig_il == il && lay->sig_size == size);
    FUZZ_CHECK(lay->sig_data == AL_RPM_LEAD + 16 + 16 * il);
    FUZZ_CHECK(lay->main_off == AL_RPM_LEAD + size + (8 - size % 8) % 8);
    m = b + lay->main_off;
    FUZZ_CHECK(lay->main_size == 16 + 16 * be32(m + 8) + be32(m + 12));
    FUZZ_CHECK((uint64_t)lay->main_off + lay->main_size <= n);
    for (uint32_t i = 1; i < il; i++) {
        struct ent e = entry(s, il, dl, i);
        const struct al_rpm_item *it = &lay->item[i];
        FUZZ_CHECK(it->tag == e.tag && it->type == e.type && it->count == e.count);
        FUZZ_CHECK(it->start == e.off && it->end == e.off + e.len);
    }
}

/* rpm's hdrchkTagType: does rpmReadHeader refuse this tag's type? */
static int rpm_type_refused(uint32_t tag, uint32_t type)
{
    rpmTagType t = rpmTagGetTagType((rpmTagVal)tag);

    if (t == (rpmTagType)type || t == RPM_NULL_TYPE)
        return 0;
    return !(rpmTagGetClass((rpmTagVal)tag) == RPM_STRING_CLASS &&
             rpmTagTypeGetClass((rpmTagType)type) == RPM_STRING_CLASS);
}

/* rpmReadHeader refused the main header at h with msg: one of the known
 * findings (fuzz/README.md), in exactly its shape? That is, rpm names the
 * first entry the harness predicts it to refuse: F1 a tag rpm knows with
 * another type (rpm_type_refused). Then 1 (counted), else a
 * disagreement. */
static int known_finding(const uint8_t *h, const char *msg)
{
    uint32_t il = be32(h + 8), dl = be32(h + 12);
    char want[96];

    for (uint32_t i = 1; i < il; i++) {
        struct ent e = entry(h, il, dl, i);
        if (!rpm_type_refused(e.tag, e.type))
            continue;
        snprintf(want, sizeof want, "tag[%u]: BAD, tag %d type %u ", i - 1, (int32_t)e.tag, e.type);
        if (strict || msg == NULL || strncmp(msg, want, strlen(want)) != 0)
            break;
        tally[AL_RPM_E_MAX + 1]++;
        if (verbose)
            fprintf(stderr, "rpmcheck: tolerated finding F1: main header tag %u type %u (%s)\n",
                    e.tag, e.type, msg);
        return 1;
    }
    disagree("main header: rpmReadHeader refuses: %s", msg ? msg : "(no message)");
    return 0;
}

/* rpm's package reader over the input: lead, signature header (+ padding)
 * and main header read, the padding consumed where airlock's main header
 * starts, stopping where its payload starts. Returns 1 when a known
 * finding applies (then *mainh is NULL), else 0. */
static int read_package(const uint8_t *b, size_t n, const struct al_rpm_layout *lay,
                         Header *sigh, Header *mainh)
{
    char *msg = NULL;
    int finding = 0;
    FD_t fd;
    off_t at;

    FUZZ_CHECK(ftruncate(memfd_in, 0) == 0);
    FUZZ_CHECK(pwrite(memfd_in, b, n, 0) == (ssize_t)n);
    FUZZ_CHECK(lseek(memfd_in, 0, SEEK_SET) == 0);
    fd = fdDup(memfd_in);
    FUZZ_CHECK(fd != NULL);
    if (rpmLeadRead(fd, &msg) != RPMRC_OK)
        disagree("rpmLeadRead refuses the lead: %s", msg ? msg : "");
    free(msg), msg = NULL;
    if (rpmReadSignature(fd, sigh, &msg) != RPMRC_OK || *sigh == NULL)
        disagree("rpmReadSignature refuses the signature header: %s", msg ? msg : "");
    free(msg), msg = NULL;
    at = lseek(memfd_in, 0, SEEK_CUR);
    if (at != (off_t)lay->main_off)
        disagree("librpm's signature header and padding end at %lld, airlock's main header starts at %u",
                 (long long)at, lay->main_off);
    if (rpmReadHeader(NULL, fd, mainh, &msg) != RPMRC_OK || *mainh == NULL) {
        finding = known_finding(b + lay->main_off, msg);
        *mainh = NULL;
    } else {
        at = lseek(memfd_in, 0, SEEK_CUR);
        if (at != (off_t)lay->main_off + lay->main_size)
            disagree("librpm stops at %lld, airlock's payload starts at %u",
                     (long long)at, lay->main_off + lay->main_size);
    }
    free(msg);
    Fclose(fd);
    return finding;
}

/* headerImport(HEADERIMPORT_COPY) of the header at h, magic skipped;
 * a refusal is a disagreement unless may_refuse. */
static Header import(const uint8_t *h, uint32_t size, int may_refuse, const char *which)
{
    Header hd = headerImport((void *)(h + 8), size - 8, HEADERIMPORT_COPY);

    if (hd == NULL && !may_refuse)
        disagree("%s: headerImport refuses it", which);
    return hd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct al_rpm_layout lay;
    Header sigh = NULL, mainh = NULL, isig, imain;
    uint32_t c;
    int finding;

    if (memfd_in < 0)
        LLVMFuzzerInitialize(NULL, NULL);
    if (size > AL_RPM_PREFIX_MAX)
        return 0;
    c = al_rpm_check(data, (uint32_t)size, &lay);
    FUZZ_CHECK(c <= AL_RPM_E_MAX);
    tally[c]++;
    if (verbose && c != AL_RPM_OK)
        fprintf(stderr, "rpmcheck: rejected, code %u (%s header, entry %u)\n", c,
                lay.bad_kind == AL_RPM_MAIN ? "main" : "signature", lay.bad_entry);
    else if (verbose)
        fprintf(stderr, "rpmcheck: accepted, payload at %u\n", lay.main_off + lay.main_size);
    if (c != AL_RPM_OK)
        return 0;   /* airlock may be stricter than rpm */
    check_layout(data, size, &lay);
    finding = read_package(data, size, &lay, &sigh, &mainh);
    same_header(sigh, data + AL_RPM_LEAD, RPMTAG_HEADERSIGNATURES, "signature header (rpmReadSignature)");
    if (mainh != NULL)
        same_header(mainh, data + lay.main_off, RPMTAG_HEADERIMMUTABLE, "main header (rpmReadHeader)");
    isig = import(data + AL_RPM_LEAD, lay.sig_size, 0, "signature header");
    imain = import(data + lay.main_off, lay.main_size, finding, "main header");
    same_header(isig, data + AL_RPM_LEAD, RPMTAG_HEADERSIGNATURES, "signature header (headerImport)");
    if (imain != NULL)
        same_header(imain, data + lay.main_off, RPMTAG_HEADERIMMUTABLE, "main header (headerImport)");
    headerFree(sigh);
    headerFree(mainh);
    headerFree(isig);
    headerFree(imain);
    return 0;
}
