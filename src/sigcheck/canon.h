/*
 * airlock-sigcheck: the canonical signature header of a verified package
 * (issue 11, item 3), written by the proven encoder al_rpm_canon.
 *
 * The signature header of a package airlock publishes holds exactly:
 *   - the region tag 62 and its trailer (spec/RPM.md section 4);
 *   - every header signature airlock verified (267, 268), byte for byte;
 *   - the SHA-256 header digest (273), computed by airlock;
 *   - the header+payload size, computed from the real lengths: 1000
 *     (INT32) below 4 GiB, else 270 (INT64).
 * Nothing else: no MD5 or SHA-1 digest, no v3 header+payload signature, no
 * payload size, no reserved space, no file or verity signatures. Entries
 * in ascending tag order, data in index order, each aligned for its type
 * with zero padding, the trailer right after the last item.
 */
#ifndef AIRLOCK_SIGCHECK_CANON_H
#define AIRLOCK_SIGCHECK_CANON_H

#include <stddef.h>
#include <stdint.h>
#include "sighdr.h"

/* Encode the canonical signature header for the verified items of SH
 * (its header signatures), the header digest HEX256 (64 lowercase hex
 * digits) and SIZE (header + payload bytes) into OUT[0..CAP). Returns the
 * header's length, or 0 if CAP is too small, SH holds no signature or
 * HEX256 is not 64 lowercase hex digits. */
size_t sc_canon_sighdr(const struct sc_sighdr *sh, const char *hex256, uint64_t size,
                       uint8_t *out, size_t cap);

/* Bytes sc_canon_sighdr() needs at most for SH. */
size_t sc_canon_sighdr_max(const struct sc_sighdr *sh);

#endif
