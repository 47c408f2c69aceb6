/*
 * airlock-sigcheck: big-endian integers of RPM headers and OpenPGP
 * packets, read with arithmetic only (no casts, no alignment needs).
 */
#ifndef AIRLOCK_SIGCHECK_BYTES_H
#define AIRLOCK_SIGCHECK_BYTES_H

#include <stdint.h>

static inline uint32_t sc_be32(const uint8_t *p)
{
    return (uint32_t)p[0] * 16777216u + (uint32_t)p[1] * 65536u +
           (uint32_t)p[2] * 256u + (uint32_t)p[3];
}

#endif
