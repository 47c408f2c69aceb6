/*
 * airlock-sigcheck: rollback and freeze protection (issue 13).
 *
 * A signed package is refused when its (epoch, version, release) is lower
 * than that of a related package (evr.h: same name, same arch or one of
 * them noarch) that dom0 has installed (its rpmdb, --rpmdb-root) or that
 * the current published generation holds (--published): an UpdateVM
 * cannot roll dom0 back to an older, validly signed package, nor replace
 * the repository's packages with older ones. Equal versions pass
 * (reinstall). --allow-downgrade lifts the check: dom0 asked for it.
 *
 * Both reference sets are dom0's own data, read once before the workers
 * start, as the dropped user, and read strictly: a set that cannot be
 * read in full is a set-up error, never an empty set.
 */
#ifndef AIRLOCK_SIGCHECK_ROLLBACK_H
#define AIRLOCK_SIGCHECK_ROLLBACK_H

#include <stddef.h>

#include <rpm/header.h>

#include "evr.h"
#include "verdict.h"

struct sc_refset {
    struct sc_evr *e;      /* sorted by name once loaded */
    size_t n, cap;
};

struct sc_refs {
    struct sc_refset installed;   /* dom0's rpmdb */
    struct sc_refset published;   /* the current generation's packages */
};

/* Fill *R: the rpmdb ROOT/var/lib/rpm (sqlite, read-only, through
 * librpm; NULL: none) and every DIR/ *.rpm (NULL: none), each read by the
 * proven checker and imported by librpm. 0, or -1 with a message in ERR
 * naming the file (missing rpmdb, an rpmdb without packages, a package
 * that does not read, no memory); *R is then freed. */
int sc_refs_load(struct sc_refs *r, const char *root, const char *dir, char *err,
                 size_t errlen);

void sc_refs_free(struct sc_refs *r);

/* The verdict on a verified package whose signed header is H: SC_OK, or
 * SC_OLDER_INSTALLED / SC_OLDER_PUBLISHED naming the newest related
 * package that is higher, or SC_MALFORMED if H's name or version cannot
 * be read. Returns v->code. */
enum sc_code sc_refs_check(const struct sc_refs *r, Header h, struct sc_verdict *v);

#endif
