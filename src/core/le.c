/* le.c -- little-endian integers. Proven core (see le.h). */
#include "le.h"

uint32_t al_le32(const uint8_t *p)
{
    /* Horner form, the shape of Le32: no shifts, no wrap-around. */
    return (uint32_t)p[0] +
           256u * ((uint32_t)p[1] +
                   256u * ((uint32_t)p[2] + 256u * (uint32_t)p[3]));
}

uint64_t al_le64(const uint8_t *p)
{
    uint64_t lo = al_le32(p);
    uint64_t hi = al_le32(p + 4);
    return lo + 4294967296u * hi;
}

void al_put_le32(uint8_t *p, uint32_t v)
{
    uint32_t r1 = v / 256u;
    uint32_t r2 = r1 / 256u;
    uint32_t r3 = r2 / 256u;
    p[0] = (uint8_t)(v % 256u);
    p[1] = (uint8_t)(r1 % 256u);
    p[2] = (uint8_t)(r2 % 256u);
    p[3] = (uint8_t)r3;
    /*@ assert r3 < 256; */
    /*@ assert v == p[0] + 256 * (p[1] + 256 * (p[2] + 256 * p[3])); */
}

void al_put_le64(uint8_t *p, uint64_t v)
{
    al_put_le32(p, (uint32_t)(v % 4294967296u));
    al_put_le32(p + 4, (uint32_t)(v / 4294967296u));
}
