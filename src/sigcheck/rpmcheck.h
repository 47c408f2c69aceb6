/*
 * airlock-sigcheck: librpm's check of the signature header and header.
 */
#ifndef AIRLOCK_SIGCHECK_RPMCHECK_H
#define AIRLOCK_SIGCHECK_RPMCHECK_H

#include <rpm/rpmts.h>
#include "layout.h"

/* Run librpm's header verification (rpmReadPackageFile, the check rpm
 * applies to a package's headers before installing it) over the lead and
 * headers in LAY, handed to it through a memfd: it checks every header
 * signature and header digest present in the signature header; each must
 * verify, and a signature by a key outside the keyring fails. It neither
 * reads the payload nor requires that a signature be present: verify.c
 * does both. (rpmkeys' own path, rpmVerifySignatures, cannot be used on
 * the headers alone: in rpm 4.18 a signed package whose payload items are
 * switched off fails there with "Payload SHA256 digest: NOTFOUND".)
 * Returns SC_OK or the failure code librpm's result and messages point
 * to, with *v filled. */
enum sc_code sc_rpm_check_headers(const struct sc_layout *lay, rpmts ts,
                                  struct sc_verdict *v);

#endif
