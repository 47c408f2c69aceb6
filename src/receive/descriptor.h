/* descriptor.h -- the service descriptor qrexec writes first to a
 * socket-based service (issue 12), read and parsed strictly.
 *
 * Not part of the proven core (no al_ prefix): plain C, unit-tested
 * (tests/unit/test_descriptor.c) and fuzzed (fuzz/descriptor.c).
 *
 * The form, from qubes-core-qrexec's doc/execution.rst ("Qubes RPC
 * Command Syntax"): for a call to the host, four tokens separated by
 * single spaces, then one NUL:
 *
 *     SERVICE[+ARGUMENT] SOURCE TARGET_TYPE TARGET \0
 *
 * TARGET_TYPE is `name` (TARGET a qube name) or `keyword` (TARGET a
 * keyword without its `@`, `adminvm` for dom0). VM-to-dom0 calls always
 * carry a `+`, with an empty argument when the caller gave none.
 *
 * What is accepted here, and nothing else:
 *   - at most DESC_MAX bytes, the NUL included, and no other NUL;
 *   - exactly four non-empty fields, exactly one space between them;
 *   - SERVICE[+ARGUMENT] is `qubes.ReceiveUpdates` or
 *     `qubes.ReceiveUpdates+` (an empty argument): the service takes no
 *     argument, so a non-empty one is refused rather than ignored;
 *   - SOURCE is a qube name by qubes-core-admin's rule (qubes/vm/__init__.py
 *     validate_name): 1 to 31 characters, a letter then letters, digits,
 *     `_` or `-`; not `Domain-0`, `none` or `default`; not ending in `-dm`
 *     (device-model stubdomains never call dom0 services);
 *   - TARGET_TYPE TARGET is `name dom0` or `keyword adminvm`: this service
 *     lives in dom0 and nowhere else.
 */
#ifndef AIRLOCK_DESCRIPTOR_H
#define AIRLOCK_DESCRIPTOR_H

#include <stddef.h>
#include <stdint.h>

/* Most bytes read before the NUL must have come, the NUL included. The
 * longest descriptor accepted is 69 bytes (21 + 1 + 31 + 1 + 7 + 1 + 7);
 * 256 leaves room to tell a refused argument or an odd target from mere
 * length, and bounds what a refused caller can make dom0 read. */
#define DESC_MAX 256u
/* Longest qube name (qubes-core-admin: "shorter than 32 characters"). */
#define DESC_NAME_MAX 31u
#define DESC_SERVICE "qubes.ReceiveUpdates"

/* Outcomes, stable: the front logs desc_reason() of them. */
enum desc_error {
    DESC_OK = 0,
    DESC_E_READ,        /* reading the connection failed */
    DESC_E_EOF,         /* the connection ended before the NUL */
    DESC_E_LONG,        /* no NUL within DESC_MAX bytes */
    DESC_E_NUL,         /* not ended by its only NUL (parser input) */
    DESC_E_FIELDS,      /* not four non-empty fields, one space apart */
    DESC_E_SERVICE,     /* another service */
    DESC_E_ARGUMENT,    /* qubes.ReceiveUpdates with a non-empty argument */
    DESC_E_SOURCE,      /* the source is not a qube name */
    DESC_E_TARGET,      /* the target is not dom0 */
    DESC_E_COUNT
};

/* A parsed descriptor. plus: the service field ended in `+` (empty
 * argument). Every string is NUL-terminated. */
struct desc {
    char source[DESC_NAME_MAX + 1];
    char target_type[8];
    char target[8];
    int plus;
};

/* Parse len bytes at untrusted_buf (the NUL included, as desc_read
 * leaves them). Answers DESC_OK and fills *out exactly for the
 * descriptors accepted above; otherwise a DESC_E_* code, *out untouched. */
int desc_parse(const uint8_t *untrusted_buf, size_t len, struct desc *out);

/* Write d back in the wire form, NUL included, into out[0 .. cap).
 * Answers the length, or 0 (nothing written) when cap is too small.
 * desc_format(desc_parse(b)) gives back b, byte for byte. */
size_t desc_format(const struct desc *d, uint8_t *out, size_t cap);

/* Whether the len bytes at s are a qube name by the rule above. */
int desc_qube_name(const char *s, size_t len);

/* Read from fd one byte at a time until the NUL, so that no byte after
 * it (the caller's stream) is consumed; at most cap bytes into buf.
 * Answers DESC_OK with *len the bytes read (NUL included), or
 * DESC_E_READ, DESC_E_EOF, DESC_E_LONG (*len what was read). */
int desc_read(int fd, uint8_t *buf, size_t cap, size_t *len);

/* A short English phrase for a DESC_* code (never NULL). */
const char *desc_reason(int err);

#endif
