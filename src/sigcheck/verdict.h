/*
 * airlock-sigcheck: the verdict on one file.
 *
 * Every file gets exactly one verdict: SC_OK, or one failure code with a
 * short fixed reason text and an optional detail (librpm's own message,
 * an errno text, a key ID). Codes are stable: their names appear in the
 * --json output and in the documentation (src/sigcheck/README.md).
 */
#ifndef AIRLOCK_SIGCHECK_VERDICT_H
#define AIRLOCK_SIGCHECK_VERDICT_H

#include <stddef.h>

enum sc_code {
    SC_OK = 0,
    SC_NOT_REGULAR,       /* symlink, directory, FIFO, device, socket */
    SC_OPEN_FAILED,       /* lstat/open/fstat failed */
    SC_NOT_RPM,           /* no RPM lead, or empty */
    SC_MALFORMED,         /* lead, signature header or header breaks the format rules */
    SC_NOT_SIGNED,        /* no header signature at all */
    SC_NO_KEY,            /* signed by a key not in the keyring */
    SC_NOT_TRUSTED,       /* key present but not usable for signing packages */
    SC_BAD_SIGNATURE,     /* signature does not verify */
    SC_HEADER_DIGEST,     /* header SHA-1/SHA-256 digest mismatch */
    SC_NO_PAYLOAD_DIGEST, /* signed header carries no usable payload digest */
    SC_PAYLOAD_DIGEST,    /* payload digest mismatch (corrupt, truncated, appended) */
    SC_READ_ERROR,        /* I/O error while reading */
    SC_INTERNAL,          /* verifier failed (out of memory, crashed worker) */
    SC_BAD_TAG,           /* signature-header tag unknown, mistyped or repeated */
    SC_UNSIGNED_ITEM,     /* unsigned item librpm would install (file/verity signatures) */
    SC_BAD_PACKET,        /* signature packet that does not parse as one v3/v4 packet */
    SC_BAD_ALGORITHM,     /* algorithm, hash or key size not accepted */
    SC_KEY_REVOKED,       /* signing key or subkey revoked */
    SC_KEY_EXPIRED,       /* signing key or subkey expired */
    SC_LEGACY_DIGEST,     /* legacy MD5 header+payload digest mismatch */
    SC_SIZE_MISMATCH,     /* size tag differs from the real size */
    SC_FILE_CHANGED,      /* file grew or shrank while read */
    SC_WRITE_ERROR,       /* the canonical copy could not be written (--output-dir) */
    SC_OLDER_INSTALLED,   /* lower EVR than a related package dom0 has installed */
    SC_OLDER_PUBLISHED,   /* lower EVR than a related package already published */
    SC_CODE_COUNT
};

#define SC_DETAIL_MAX 200

struct sc_verdict {
    enum sc_code code;
    char detail[SC_DETAIL_MAX];   /* NUL-terminated, may be empty */
    char signer[41];              /* fingerprint (hex) of the key that verified; "" if none */
};

/* Stable machine name of a code, e.g. "no-key". */
const char *sc_code_name(enum sc_code code);

/* Short human reason of a code, e.g. "signed by a key not in the keyring". */
const char *sc_code_text(enum sc_code code);

/* Set *v to CODE with a printf-style detail (fmt may be NULL). */
void sc_verdict_set(struct sc_verdict *v, enum sc_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
