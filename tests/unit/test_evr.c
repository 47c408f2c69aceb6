/*
 * test_evr: airlock-sigcheck's EVR reading and order (src/sigcheck/evr.c,
 * rollback.c's check), on headers made here with librpm.
 *
 *   test-evr            the table below: which headers read, which are
 *                       refused (a version that does not read fails
 *                       closed), the related-pairs rule, the check's
 *                       verdicts; one "ok"/"not ok" line per case
 *   test-evr --compare  read lines "E:V-R E:V-R" on stdin and print the
 *                       sign (-1, 0, 1) of sc_evr_cmp for each, for
 *                       tests/vercmp.py to hold against python3-rpm's
 *                       labelCompare and its own model of rpm's order
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpm/header.h>
#include <rpm/rpmtag.h>

#include "evr.h"
#include "report.h"
#include "rollback.h"

/* A header with NAME, [E:]V-R (any part may be NULL: tag left out) and ARCH. */
static Header mk(const char *name, const char *epoch, const char *ver, const char *rel,
                 const char *arch)
{
    Header h = headerNew();
    uint32_t e = epoch != NULL ? (uint32_t)strtoul(epoch, NULL, 10) : 0;

    if (name != NULL)
        headerPutString(h, RPMTAG_NAME, name);
    if (epoch != NULL)
        headerPutUint32(h, RPMTAG_EPOCH, &e, 1);
    if (ver != NULL)
        headerPutString(h, RPMTAG_VERSION, ver);
    if (rel != NULL)
        headerPutString(h, RPMTAG_RELEASE, rel);
    if (arch != NULL)
        headerPutString(h, RPMTAG_ARCH, arch);
    return h;
}

/* Split "E:V-R" (in place) into a header named "p", noarch. */
static Header parse(char *s)
{
    char *colon = strchr(s, ':'), *dash = strrchr(s, '-');

    if (colon == NULL || dash == NULL || dash < colon)
        return NULL;
    *colon = '\0';
    *dash = '\0';
    return mk("p", s, colon + 1, dash + 1, "noarch");
}

static int compare_lines(void)
{
    char a[512], b[512];
    struct sc_evr ea, eb;
    int bad = 0;

    while (scanf("%511s %511s", a, b) == 2) {
        Header ha = parse(a), hb = parse(b);
        if (ha == NULL || hb == NULL || sc_evr_from_header(ha, &ea) != 0 ||
            sc_evr_from_header(hb, &eb) != 0) {
            printf("unreadable\n");
            bad = 1;
        } else {
            int c = sc_evr_cmp(&ea, &eb);
            printf("%d\n", c < 0 ? -1 : c > 0 ? 1 : 0);
            sc_evr_free(&ea);
            sc_evr_free(&eb);
        }
        headerFree(ha);
        headerFree(hb);
    }
    return bad;
}

/* H must read (WANT 1) or be refused (WANT 0); H is freed. */
static void reads(const char *name, Header h, int want)
{
    struct sc_evr e;
    int got = sc_evr_from_header(h, &e) == 0;

    report(got == want, name, want ? "refused" : "read");
    if (got)
        sc_evr_free(&e);
    headerFree(h);
}

/* Add TAG to H with the given TYPE and COUNT whatever the tag table says:
 * a signed header can hold any type for any tag. */
static Header put_raw(Header h, rpmTagVal tag, rpmTagType type, const void *data, rpm_count_t n)
{
    struct rpmtd_s td;

    rpmtdReset(&td);
    td.tag = tag;
    td.type = type;
    td.data = (void *)data;
    td.count = n;
    if (!headerPut(h, &td, HEADERPUT_DEFAULT))
        abort();
    return h;
}

static void table_reading(void)
{
    static const char *two[] = { "1", "2" };
    static const uint32_t epochs[] = { 1, 2 };

    reads("reads name, version, release, arch; no epoch", mk("a", NULL, "1", "1", "x86_64"), 1);
    reads("reads without arch (gpg-pubkey in an rpmdb)", mk("a", "2", "1", "1", NULL), 1);
    reads("refuses no name", mk(NULL, NULL, "1", "1", "noarch"), 0);
    reads("refuses no version", mk("a", NULL, NULL, "1", "noarch"), 0);
    reads("refuses no release", mk("a", NULL, "1", NULL, "noarch"), 0);
    reads("refuses an empty version", mk("a", NULL, "", "1", "noarch"), 0);
    reads("refuses a version that is a STRING_ARRAY",
          put_raw(mk("a", NULL, NULL, "1", "noarch"), RPMTAG_VERSION, RPM_STRING_ARRAY_TYPE, two, 2), 0);
    reads("refuses a name that is a STRING_ARRAY of one",
          put_raw(mk(NULL, NULL, "1", "1", "noarch"), RPMTAG_NAME, RPM_STRING_ARRAY_TYPE, two, 1), 0);
    reads("refuses a release that is BIN",
          put_raw(mk("a", NULL, "1", NULL, "noarch"), RPMTAG_RELEASE, RPM_BIN_TYPE, "12", 2), 0);
    reads("refuses an epoch that is a STRING",
          put_raw(mk("a", NULL, "1", "1", "noarch"), RPMTAG_EPOCH, RPM_STRING_TYPE, "1", 1), 0);
    reads("refuses an epoch of two INT32s",
          put_raw(mk("a", NULL, "1", "1", "noarch"), RPMTAG_EPOCH, RPM_INT32_TYPE, epochs, 2), 0);
    reads("refuses an arch that is a STRING_ARRAY",
          put_raw(mk("a", NULL, "1", "1", NULL), RPMTAG_ARCH, RPM_STRING_ARRAY_TYPE, two, 1), 0);
}

/* The check's code for NAME EPOCH:VER-REL.ARCH against R. */
static enum sc_code check(const struct sc_refs *r, const char *name, const char *epoch,
                          const char *ver, const char *rel, const char *arch)
{
    struct sc_verdict v;
    Header h = mk(name, epoch, ver, rel, arch);

    sc_refs_check(r, h, &v);
    headerFree(h);
    return v.code;
}

/* Add NAME-EPOCH:VER-REL.ARCH to S (kept sorted by the caller's order). */
static void put(struct sc_refset *s, const char *name, const char *epoch, const char *ver,
                const char *rel, const char *arch)
{
    Header h = mk(name, epoch, ver, rel, arch);

    s->e = realloc(s->e, (s->n + 1) * sizeof(*s->e));
    if (s->e == NULL || sc_evr_from_header(h, &s->e[s->n]) != 0)
        abort();
    s->n++;
    s->cap = s->n;
    headerFree(h);
}

static void table_check(void)
{
    struct sc_refs r;

    memset(&r, 0, sizeof(r));
    put(&r.installed, "a", NULL, "2", "1", "x86_64");
    put(&r.installed, "b", "1", "1", "1", "noarch");
    put(&r.installed, "k", NULL, "6.1", "1", "x86_64");   /* two kernels */
    put(&r.installed, "k", NULL, "6.6", "1", "x86_64");
    put(&r.published, "a", NULL, "3", "1", "x86_64");
    put(&r.published, "c", NULL, "1.0", "1", "i686");
    report(check(&r, "a", NULL, "1", "9", "x86_64") == SC_OLDER_INSTALLED, "older than installed", "");
    report(check(&r, "a", NULL, "2", "1", "x86_64") == SC_OLDER_PUBLISHED,
           "equal to installed, older than published", "");
    report(check(&r, "a", NULL, "3", "1", "x86_64") == SC_OK, "equal to published", "");
    report(check(&r, "a", NULL, "3", "2", "x86_64") == SC_OK, "newer", "");
    report(check(&r, "a", NULL, "1", "1", "i686") == SC_OK, "another arch is not compared", "");
    report(check(&r, "a", NULL, "1", "1", "noarch") == SC_OLDER_INSTALLED,
           "noarch is compared with an arch package", "");
    report(check(&r, "b", NULL, "9", "1", "x86_64") == SC_OLDER_INSTALLED,
           "an arch package is compared with a noarch one; epoch wins", "");
    report(check(&r, "b", "1", "1", "1", "x86_64") == SC_OK, "same epoch and version: equal", "");
    report(check(&r, "b", "2", "0", "0", "noarch") == SC_OK, "higher epoch wins", "");
    report(check(&r, "aa", NULL, "0", "0", "x86_64") == SC_OK, "another name is not compared", "");
    report(check(&r, "k", NULL, "6.5", "1", "x86_64") == SC_OLDER_INSTALLED,
           "older than the newest of two installed", "");
    report(check(&r, "c", NULL, "1.0", "0", "noarch") == SC_OLDER_PUBLISHED,
           "release decides when versions are equal", "");
    report(check(&r, "a", NULL, NULL, "1", "x86_64") == SC_MALFORMED,
           "a package whose version does not read fails", "");
    sc_refs_free(&r);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--compare") == 0)
        return compare_lines();
    table_reading();
    table_check();
    return failures != 0;
}
