/*
 * airlock-sigcheck: airlock's own strict reading of the signature header.
 *
 * Nothing in the signature header is signed, so every byte of it is read
 * here as untrusted, before any other code sees it. The rules (rpm's
 * header format, narrowed to what rpm 4.18 itself writes):
 *  - il entries, 1 <= il <= SC_SIGHDR_ENTRIES_MAX; dl <= SC_SIGHDR_DATA_MAX;
 *  - entry 0 is the region tag 62, type BIN, count 16, its data the last
 *    16 bytes of the data store: a trailer (62, BIN, -16 * il, 16), so the
 *    region covers exactly every entry and every data byte;
 *  - every other entry: a tag of the allow-list below with its type and
 *    count (another tag fails with bad-tag, or unsigned-item for the file
 *    and verity signatures librpm would carry into the installed header),
 *    each tag at most once; data aligned for its type, in index order,
 *    without overlap, gaps only as zero alignment padding, and ending
 *    exactly where the trailer starts; a STRING ends with its first NUL.
 */
#ifndef AIRLOCK_SIGCHECK_SIGHDR_H
#define AIRLOCK_SIGCHECK_SIGHDR_H

#include <stddef.h>
#include <stdint.h>
#include "verdict.h"

#define SC_SIGHDR_ENTRIES_MAX 32
#define SC_SIGHDR_DATA_MAX ((size_t)256 << 10)

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
    struct sc_sigitem item[SC_SIGHDR_ENTRIES_MAX];
};

/* Parse the signature header at BUF[0..LEN) (magic included, LEN its
 * exact size). SC_OK with *out filled, or SC_MALFORMED / SC_BAD_TAG /
 * SC_UNSIGNED_ITEM with *v naming the entry and the rule it breaks. */
enum sc_code sc_sighdr_parse(const uint8_t *buf, size_t len, struct sc_sighdr *out,
                             struct sc_verdict *v);

/* The region rule alone, for the main header (tag 63): BUF[0..LEN) is a
 * whole header (magic checked by the caller) whose first entry is the
 * region TAG and whose trailer covers exactly every entry and ends the
 * data. rpm requires this of a package's main header (hdrblobVerifyRegion
 * with exact size); without it, the bytes airlock hashes and the bytes rpm
 * hashes could differ. SC_OK or SC_MALFORMED naming WHAT. */
enum sc_code sc_region_check(const uint8_t *buf, size_t len, uint32_t tag, const char *what,
                             struct sc_verdict *v);

/* The item with TAG, or NULL. */
const struct sc_sigitem *sc_sighdr_find(const struct sc_sighdr *h, uint32_t tag);

#endif
