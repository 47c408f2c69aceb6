/*
 * airlock-sigcheck: the items of a signature header the proven checker
 * accepted.
 *
 * Nothing in the signature header is signed. Its rules (spec/RPM.md
 * sections 3-5: region first, allow-listed tags each once with rpm's type
 * and count, file and fs-verity signatures refused, data in index order
 * with only zero alignment padding, ending at the trailer) are checked by
 * al_rpm_check / al_rpm_header (src/core/rpm.h) alone, before this module
 * sees the bytes. Here the entries it describes (al_rpm_items) only get
 * their role, their name and their value.
 */
#ifndef AIRLOCK_SIGCHECK_SIGHDR_H
#define AIRLOCK_SIGCHECK_SIGHDR_H

#include <stddef.h>
#include <stdint.h>

#include "rpm.h"
#include "verdict.h"

/* What each allowed tag is for. */
enum sc_sigrole {
    SC_ROLE_HDRSIG,     /* 267 DSA/EdDSA, 268 RSA: header-only OpenPGP signature */
    SC_ROLE_SHA1,       /* 269: SHA-1 of the header, hex */
    SC_ROLE_SHA256,     /* 273: SHA-256 of the header, hex */
    SC_ROLE_SIZE,       /* 1000 (INT32), 270 (INT64): header + payload bytes */
    SC_ROLE_ARCHIVE,    /* 1007 (INT32), 271 (INT64): uncompressed payload bytes */
    SC_ROLE_MD5,        /* 1004: MD5 of header + payload */
    SC_ROLE_V3SIG,      /* 1002 RSA, 1005 DSA/EdDSA: header + payload signature */
    SC_ROLE_RESERVED,   /* 1008: room for later signatures */
};

struct sc_sigitem {
    uint32_t tag;
    uint32_t type;
    uint32_t count;
    enum sc_sigrole role;
    const char *name;           /* e.g. "RSA header signature" */
    const uint8_t *data;        /* into the caller's bytes */
    size_t len;                 /* data bytes (a STRING's NUL excluded) */
    uint64_t value;             /* INT32/INT64 items: the number */
};

struct sc_sighdr {
    unsigned n;
    struct sc_sigitem item[AL_RPM_SIG_IL_MAX];
};

/* The items of a signature header that al_rpm_check accepted: IL entries
 * (the region entry included) described by ITEM[1 .. IL-1] (struct
 * al_rpm_layout's item), their data in the data store at DATA. SC_OK with
 * *out filled, or SC_INTERNAL if an item has no role (the checker and
 * this table disagree). */
enum sc_code sc_sighdr_items(const uint8_t *data, const struct al_rpm_item *item, uint32_t il,
                             struct sc_sighdr *out, struct sc_verdict *v);

/* A signature header on its own at BUF[0..LEN) (magic included, LEN its
 * exact size), as al_rpm_header judges it, then its items as above. SC_OK
 * with *out filled, or the checker's verdict (rules.h) in *v. For the
 * canonical copy's header and the fuzz harness. */
enum sc_code sc_sighdr_parse(const uint8_t *buf, size_t len, struct sc_sighdr *out,
                             struct sc_verdict *v);

/* The item with TAG, or NULL. */
const struct sc_sigitem *sc_sighdr_find(const struct sc_sighdr *h, uint32_t tag);

#endif
