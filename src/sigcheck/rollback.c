/* airlock-sigcheck: rollback and freeze protection (rollback.h). */
#include "rollback.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpm/rpmdb.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmts.h>

#include "layout.h"
#include "open.h"

/* Where rpm keeps dom0's database beneath the root (Fedora: a link to
 * /usr/lib/sysimage/rpm since Fedora 36), and the one backend read. */
#define SC_RPMDB_PATH "/var/lib/rpm"
#define SC_RPMDB_FILE SC_RPMDB_PATH "/rpmdb.sqlite"

/* Add H's name and EVR to S. 0, or -1 if they do not read. */
static int add(struct sc_refset *s, Header h)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        struct sc_evr *e = realloc(s->e, cap * sizeof(*e));
        if (e == NULL)
            return -1;
        s->e = e;
        s->cap = cap;
    }
    if (sc_evr_from_header(h, &s->e[s->n]) != 0)
        return -1;
    s->n++;
    return 0;
}

static void refset_free(struct sc_refset *s)
{
    for (size_t i = 0; i < s->n; i++)
        sc_evr_free(&s->e[i]);
    free(s->e);
    memset(s, 0, sizeof(*s));
}

/* librpm's first error while the rpmdb is read (it says, for instance,
 * which header rpmdbNextIterator skipped), kept instead of printed. */
struct rpm_errors {
    unsigned n;
    char first[160];
};

static int keep_error(rpmlogRec rec, rpmlogCallbackData data)
{
    struct rpm_errors *e = data;

    if (rpmlogRecPriority(rec) <= RPMLOG_ERR && e->n++ == 0)
        snprintf(e->first, sizeof(e->first), "%.*s", (int)strcspn(rpmlogRecMessage(rec), "\n"),
                 rpmlogRecMessage(rec));
    return 0;
}

/* The headers of the open rpmdb of TS into S; 0, or -1 (no memory, a
 * header without name or version). */
static int add_all(struct sc_refset *s, rpmts ts)
{
    rpmdbMatchIterator mi = rpmtsInitIterator(ts, RPMDBI_PACKAGES, NULL, 0);
    Header h;
    int rc = mi != NULL ? 0 : -1;

    while (rc == 0 && (h = rpmdbNextIterator(mi)) != NULL)
        rc = add(s, h);
    rpmdbFreeIterator(mi);
    return rc;
}

/* Every header of the rpmdb beneath ROOT, read-only. rpm finds no
 * database as "no packages", and skips a header it cannot read with only
 * a log line: all three are refused here. */
static int load_rpmdb(struct sc_refset *s, const char *root, char *err, size_t errlen)
{
    char path[PATH_MAX];
    struct stat st;
    struct rpm_errors e = { 0, "" };
    rpmts ts = NULL;
    int rc = -1;

    snprintf(path, sizeof(path), "%s%s", strcmp(root, "/") == 0 ? "" : root, SC_RPMDB_FILE);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "--rpmdb-root %s: no rpm database %s", root, path);
        return -1;
    }
    rpmPushMacro(NULL, "_dbpath", NULL, SC_RPMDB_PATH, RMIL_CMDLINE);
    rpmPushMacro(NULL, "_db_backend", NULL, "sqlite", RMIL_CMDLINE);
    rpmlogSetCallback(keep_error, &e);
    ts = rpmtsCreate();
    if (ts != NULL && rpmtsSetRootDir(ts, root) == 0 && rpmtsOpenDB(ts, O_RDONLY) == 0 &&
        add_all(s, ts) == 0 && e.n == 0)
        rc = 0;
    rpmtsFree(ts);
    rpmlogSetCallback(NULL, NULL);
    rpmPopMacro(NULL, "_db_backend");
    rpmPopMacro(NULL, "_dbpath");
    if (rc != 0)
        snprintf(err, errlen, "--rpmdb-root %s: cannot read the rpm database %s%s%s", root, path,
                 e.n ? ": " : "", e.first);
    else if (s->n == 0)
        snprintf(err, errlen, "--rpmdb-root %s: the rpm database %s lists no package", root, path);
    return rc == 0 && s->n > 0 ? 0 : -1;
}

/* One published package PATH: the proven checker reads its prefix, librpm
 * imports its main header. */
static int load_file(struct sc_refset *s, const char *path, char *err, size_t errlen)
{
    struct sc_verdict v;
    struct sc_layout lay;
    struct stat st;
    Header h = NULL;
    int fd = sc_open_package(path, &v), rc = -1;

    memset(&lay, 0, sizeof(lay));
    if (fd >= 0 && fstat(fd, &st) != 0)
        sc_verdict_set(&v, SC_READ_ERROR, "%s", strerror(errno));
    else if (fd >= 0 && sc_layout_read(fd, (uint64_t)st.st_size, &lay, &v) == SC_OK)
        h = headerImport(lay.buf + lay.rpm.main_off + 8, (unsigned)(lay.rpm.main_size - 8),
                         HEADERIMPORT_COPY);
    if (h != NULL && add(s, h) == 0)
        rc = 0;
    else
        snprintf(err, errlen, "--published: %s: %s%s%s", path,
                 v.code != SC_OK ? sc_code_text(v.code) : "no name, epoch, version or release",
                 v.detail[0] ? ": " : "", v.detail);
    headerFree(h);
    free(lay.buf);
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Whether NAME is a package of a generation: NAME.rpm, not hidden. */
static int is_package_name(const char *name)
{
    size_t n = strlen(name);

    return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".rpm") == 0;
}

static int load_dir(struct sc_refset *s, const char *dir, char *err, size_t errlen)
{
    char path[PATH_MAX];
    DIR *d = opendir(dir);
    struct dirent *de;
    int rc = 0;

    if (d == NULL) {
        snprintf(err, errlen, "--published %s: %s", dir, strerror(errno));
        return -1;
    }
    errno = 0;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (!is_package_name(de->d_name))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        rc = load_file(s, path, err, errlen);
        errno = 0;
    }
    if (rc == 0 && errno != 0) {
        snprintf(err, errlen, "--published %s: %s", dir, strerror(errno));
        rc = -1;
    }
    closedir(d);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct sc_evr *)a)->name, ((const struct sc_evr *)b)->name);
}

int sc_refs_load(struct sc_refs *r, const char *root, const char *dir, char *err,
                 size_t errlen)
{
    memset(r, 0, sizeof(*r));
    if ((root != NULL && load_rpmdb(&r->installed, root, err, errlen) != 0) ||
        (dir != NULL && load_dir(&r->published, dir, err, errlen) != 0)) {
        sc_refs_free(r);
        return -1;
    }
    if (r->installed.n > 0)
        qsort(r->installed.e, r->installed.n, sizeof(struct sc_evr), by_name);
    if (r->published.n > 0)
        qsort(r->published.e, r->published.n, sizeof(struct sc_evr), by_name);
    return 0;
}

void sc_refs_free(struct sc_refs *r)
{
    refset_free(&r->installed);
    refset_free(&r->published);
}

/* The highest entry of S related to P and higher than it, or NULL. */
static const struct sc_evr *higher(const struct sc_refset *s, const struct sc_evr *p)
{
    const struct sc_evr *best = NULL;
    size_t lo = 0, hi = s->n;

    while (lo < hi) {   /* the first entry whose name is not below P's */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->e[mid].name, p->name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->n && strcmp(s->e[i].name, p->name) == 0; i++)
        if (sc_evr_related(&s->e[i], p) && sc_evr_cmp(&s->e[i], p) > 0 &&
            (best == NULL || sc_evr_cmp(&s->e[i], best) > 0))
            best = &s->e[i];
    return best;
}

enum sc_code sc_refs_check(const struct sc_refs *r, Header h, struct sc_verdict *v)
{
    char have[SC_DETAIL_MAX / 2], mine[SC_DETAIL_MAX / 2];
    const struct sc_evr *ref;
    struct sc_evr p;

    if (sc_evr_from_header(h, &p) != 0) {
        sc_verdict_set(v, SC_MALFORMED, "signed header: no readable name, epoch, version or "
                       "release to compare");
        return v->code;
    }
    sc_evr_format(&p, mine, sizeof(mine));
    if ((ref = higher(&r->installed, &p)) != NULL) {
        sc_evr_format(ref, have, sizeof(have));
        sc_verdict_set(v, SC_OLDER_INSTALLED, "%s installed; this is %s", have, mine);
    } else if ((ref = higher(&r->published, &p)) != NULL) {
        sc_evr_format(ref, have, sizeof(have));
        sc_verdict_set(v, SC_OLDER_PUBLISHED, "%s published; this is %s", have, mine);
    } else {
        sc_verdict_set(v, SC_OK, NULL);
    }
    sc_evr_free(&p);
    return v->code;
}
