/*
 * airlock-sigcheck: a package's name, arch and (epoch, version, release),
 * read from a header librpm imported, and rpm's order on them.
 *
 * The order is rpm's own: epoch as a number (absent = 0), then version,
 * then release, each of the last two by librpm's rpmvercmp() (the
 * comparison dnf and rpm use for upgrades: digit and letter runs, '~'
 * sorts before everything, '^' after the end). Name and arch take no part
 * in the order; sc_evr_related() says which pairs are compared at all.
 */
#ifndef AIRLOCK_SIGCHECK_EVR_H
#define AIRLOCK_SIGCHECK_EVR_H

#include <stddef.h>
#include <stdint.h>

#include <rpm/header.h>

struct sc_evr {
    const char *name;      /* these four point into buf */
    const char *arch;      /* "" when the header has none (gpg-pubkey entries) */
    const char *version;
    const char *release;
    uint32_t epoch;        /* 0 when the header has none, as rpm compares */
    char *buf;             /* owned: "name\0arch\0version\0release\0" */
};

/* Read H's name, version and release (each one non-empty STRING), epoch
 * (absent, or one INT32) and arch (absent, or one STRING) into a new *E.
 * 0, or -1 (nothing to free) if one is missing, mistyped or memory runs
 * out: a version that cannot be read is never taken as "no version". */
int sc_evr_from_header(Header h, struct sc_evr *e);

void sc_evr_free(struct sc_evr *e);

/* rpm's order on (epoch, version, release): < 0, 0 or > 0. */
int sc_evr_cmp(const struct sc_evr *a, const struct sc_evr *b);

/* Whether A and B are compared at all: the same name, and the same arch
 * or one of them noarch (a noarch package replaces an arch one of the same
 * name in dnf's upgrades, and the other way round). Different arches of one
 * name (multilib: i686 beside x86_64) are separate packages. */
int sc_evr_related(const struct sc_evr *a, const struct sc_evr *b);

/* "NAME-EPOCH:VERSION-RELEASE.ARCH" into BUF (cut to LEN). */
void sc_evr_format(const struct sc_evr *e, char *buf, size_t len);

#endif
