/* le.h -- little-endian integers (FORMAT.md §1). Proven core. */
#ifndef AIRLOCK_LE_H
#define AIRLOCK_LE_H

#include "qfile.h"

/* Decode the 4 bytes at p as a little-endian integer.
 * Requires: the 4 bytes are readable. */
/*@ requires valid_p: \valid_read(p + (0 .. 3));
    assigns \nothing;
    ensures value: \result == Le32((uint8_t *)p);
 */
uint32_t al_le32(const uint8_t *p);

/* Decode the 8 bytes at p as a little-endian integer.
 * Requires: the 8 bytes are readable. */
/*@ requires valid_p: \valid_read(p + (0 .. 7));
    assigns \nothing;
    ensures value: \result == Le64((uint8_t *)p);
 */
uint64_t al_le64(const uint8_t *p);

/* Store v little-endian into the 4 bytes at p.
 * Requires: the 4 bytes are writable. */
/*@ requires valid_p: \valid(p + (0 .. 3));
    assigns p[0 .. 3];
    ensures value: Le32(p) == v;
 */
void al_put_le32(uint8_t *p, uint32_t v);

/* Store v little-endian into the 8 bytes at p.
 * Requires: the 8 bytes are writable. */
/*@ requires valid_p: \valid(p + (0 .. 7));
    assigns p[0 .. 7];
    ensures value: Le64(p) == v;
 */
void al_put_le64(uint8_t *p, uint64_t v);

#endif
